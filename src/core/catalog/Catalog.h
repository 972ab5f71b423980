#pragma once

#include "catalog/CatalogUrl.h"
#include "catalog/SqlDialect.h"
#include "common/Result.h"
#include "common/ThreadAffinity.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <initializer_list>

namespace livesnap {

// The catalog: one SQLite file (WAL, foreign keys on), or one PostgreSQL database shared by
// engines on several machines, holding templates, jobs, leases,
// storage locations, snapshot files, usage intervals and job events. A Catalog object owns one
// named connection and must be used from the thread that opened it (checked: every entry point
// asserts it, and the repositories reach the database only through exec(), scalar() and
// transactions, so the check covers them too); in the GUI that is the engine's catalog thread,
// reached by queued calls. SQL stays portable (QtSql, no SQLite-only
// features beyond connection pragmas) so the catalog can move to PostgreSQL.
class Catalog {
    Q_DECLARE_TR_FUNCTIONS(livesnap::Catalog)

public:
    Catalog();
    ~Catalog();
    Catalog(const Catalog &) = delete;
    Catalog &operator=(const Catalog &) = delete;

    // Opens (creating if needed) the file, or connects to the database a postgresql:// URL
    // names, and brings its schema to the current version. `password` (from the keychain) is
    // for PostgreSQL only; without it libpq reads PGPASSWORD or ~/.pgpass.
    Status open(const QString &location, const QString &password = QString());
    void close();
    bool isOpen() const;
    // The file path or the URL (never a password): what messages name.
    QString filePath() const { return m_filePath; }
    SqlDialect dialect() const { return m_dialect; }
    bool isPostgres() const { return m_dialect == SqlDialect::Postgres; }
    // " FOR UPDATE SKIP LOCKED" on PostgreSQL (rows another engine is claiming are passed
    // over), nothing on SQLite (whose writers are serialised anyway).
    QString skipLocked() const;
    // " FOR UPDATE" on PostgreSQL, nothing on SQLite.
    QString forUpdate() const;

    static int currentSchemaVersion();
    int schemaVersion() const;

    // Runs one statement with positional bindings; errors become InternalError.Catalog.
    Result<QSqlQuery> exec(const QString &sql, std::initializer_list<QVariant> binds = {}) const;
    Result<QSqlQuery> exec(const QString &sql, const QVariantList &binds) const;
    // First column of the first row, or an invalid QVariant when there is no row.
    Result<QVariant> scalar(const QString &sql, std::initializer_list<QVariant> binds = {}) const;

    bool beginTransaction();
    bool commit();
    void rollback();

    QString setting(const QString &name, const QString &fallback = QString()) const;
    Status setSetting(const QString &name, const QString &value);

    // A job's event trail (state changes, errors, commands).
    Status addJobEvent(const QString &jobId, qint64 timeMs, const QString &kind,
                       const QString &message);

    QSqlDatabase database() const;

private:
    Status openSqlite(const QString &filePath);
    Status openPostgres(const CatalogUrl &url, const QString &password);
    Status migrate();
    Error sqlError(const QString &what, const QString &detail) const;

    QString m_connectionName;
    QString m_filePath;
    SqlDialect m_dialect = SqlDialect::Sqlite;
    int m_depth = 0;
    bool m_rollbackOnly = false;
    ThreadAffinity m_affinity; // the thread that opened it
};

// RAII transaction: rolls back unless commit() was called.
class CatalogTransaction {
public:
    explicit CatalogTransaction(Catalog &catalog);
    ~CatalogTransaction();
    CatalogTransaction(const CatalogTransaction &) = delete;
    CatalogTransaction &operator=(const CatalogTransaction &) = delete;

    bool isActive() const { return m_active; }
    Status commit();

private:
    Catalog &m_catalog;
    bool m_active = false;
};

} // namespace livesnap
