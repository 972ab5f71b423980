#pragma once

#include "common/Result.h"

#include <QCoreApplication>
#include <QString>

namespace livesnap {

// Where a catalog lives: an SQLite file (a path), or a PostgreSQL database given as a libpq URI
// (postgresql://user@host:port/database?sslmode=...). The password never comes from the URI:
// libpq reads PGPASSWORD or ~/.pgpass, or the caller passes one from the keychain, so the
// catalog's name can be shown and logged as it is.
class CatalogUrl {
    Q_DECLARE_TR_FUNCTIONS(livesnap::CatalogUrl)

public:
    enum class Kind { SqliteFile, Postgres };

    // A path (SQLite) or a postgresql:// / postgres:// URI; refuses a URI with a password, an
    // unknown scheme and a URI without a database name.
    static Result<CatalogUrl> parse(const QString &text);
    static CatalogUrl sqliteFile(const QString &path);
    // True when `text` names a database server rather than a file.
    static bool looksLikeUrl(const QString &text);

    Kind kind() const { return m_kind; }
    bool isPostgres() const { return m_kind == Kind::Postgres; }
    QString filePath() const { return m_filePath; }
    QString host() const { return m_host; }
    int port() const { return m_port; }
    QString user() const { return m_user; }
    QString database() const { return m_database; }
    // libpq connection options (sslmode=require;connect_timeout=5), QPSQL's format.
    QString connectOptions() const { return m_options; }
    // The path, or the URI as given (it holds no secret); what errors and the status bar show.
    QString display() const { return m_display; }
    // The keychain entry of a PostgreSQL catalog's password ("catalog/<URL>/password").
    QString secretKey() const
    {
        return QStringLiteral("catalog/") + m_display + QStringLiteral("/password");
    }
    // Whether libpq will find a password by itself: PGPASSWORD, or a password file (PGPASSFILE
    // or ~/.pgpass). When not, the engine looks in the keychain.
    static bool libpqHasPassword();

private:
    Kind m_kind = Kind::SqliteFile;
    QString m_filePath;
    QString m_host;
    int m_port = 5432;
    QString m_user;
    QString m_database;
    QString m_options;
    QString m_display;
};

} // namespace livesnap
