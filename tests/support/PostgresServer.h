#pragma once

// A real PostgreSQL 15 for the tests (Debian's postgresql-15): initdb and postgres in a
// temporary directory, listening on a free port on 127.0.0.1 only, run as `nobody` when the tests
// run as root (PostgreSQL refuses root). Password authentication (scram-sha-256) is on; start()
// puts the password in PGPASSWORD, where libpq (the engine's and psql's) reads it.
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace livesnap::test {

class PostgresServer {
public:
    PostgresServer();
    ~PostgresServer();
    PostgresServer(const PostgresServer &) = delete;
    PostgresServer &operator=(const PostgresServer &) = delete;

    bool start();
    void stop();
    bool isRunning() const;
    QString error() const { return m_error; }
    quint16 port() const { return m_port; }
    QString user() const { return QStringLiteral("livesnap"); }
    QString password() const { return m_password; }
    // postgresql://livesnap@127.0.0.1:PORT/<database> (no password: it is in PGPASSWORD).
    QString url(const QString &database) const;

    // A new, empty database (dropped first if it exists).
    bool createDatabase(const QString &name);
    // Empties a database: every table, function and sequence of its public schema goes.
    bool emptyDatabase(const QString &name);
    // One statement on a database, as the superuser; false (and error()) when it fails.
    bool run(const QString &database, const QString &sql);
    QString log() const;

    // The server of this test process, started on first use (nullptr, with a warning, when it
    // cannot start).
    static PostgresServer *shared();

private:
    QString m_connection;
    QTemporaryDir m_dir;
    QProcess m_postgres;
    quint16 m_port = 0;
    QString m_password;
    QString m_error;
};

// Whether this test run puts its catalogs on PostgreSQL (LIVESNAP_TEST_CATALOG=postgresql,
// which CTest sets on the "_pg" twin of each repository and service test).
bool testsUsePostgres();
// Where a test opens a fresh, empty catalog: `sqlitePath` (removed first), or, on PostgreSQL,
// this process's database on the shared server, emptied. Empty when PostgreSQL cannot start.
QString freshCatalogLocation(const QString &sqlitePath);

} // namespace livesnap::test
