#include "PostgresServer.h"

#include "ServerProcess.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

#include <csignal>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

namespace livesnap::test {

namespace {
const QString BinDir = QStringLiteral("/usr/lib/postgresql/15/bin/");

// The unprivileged user PostgreSQL runs as when we are root; -1 when we are not root.
struct RunAs {
    uid_t uid = uid_t(-1);
    gid_t gid = gid_t(-1);
};
RunAs unprivilegedUser()
{
    RunAs runAs;
    if (::geteuid() != 0) {
        return runAs;
    }
    if (const passwd *pw = ::getpwnam("nobody")) {
        runAs.uid = pw->pw_uid;
        runAs.gid = pw->pw_gid;
    }
    return runAs;
}

bool giveTo(const RunAs &runAs, const QString &path)
{
    return runAs.uid == uid_t(-1) ||
           ::chown(QFile::encodeName(path).constData(), runAs.uid, runAs.gid) == 0;
}

// `program arguments`, as the unprivileged user when we are root.
std::pair<QString, QStringList> command(const QString &program, const QStringList &arguments)
{
    if (::geteuid() != 0) {
        return {program, arguments};
    }
    return {
        findProgram(QStringLiteral("runuser")),
        QStringList{QStringLiteral("-u"), QStringLiteral("nobody"), QStringLiteral("--"), program} +
            arguments};
}
} // namespace

PostgresServer::PostgresServer()
    : m_connection(
          QStringLiteral("test-postgres-%1").arg(QUuid::createUuid().toString(QUuid::Id128)))
    , m_dir(QDir::tempPath() + QStringLiteral("/livesnap-pg-XXXXXX"))
{}

PostgresServer::~PostgresServer()
{
    stop();
}

bool PostgresServer::start()
{
    if (!QFile::exists(BinDir + QStringLiteral("initdb"))) {
        m_error = QStringLiteral("PostgreSQL 15 is not installed (postgresql-15; run "
                                 "scripts/deps.sh)");
        return false;
    }
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
        m_error = QStringLiteral("Qt's PostgreSQL driver is missing (libqt6sql6-psql)");
        return false;
    }
    const RunAs runAs = unprivilegedUser();
    if (!m_dir.isValid() || !giveTo(runAs, m_dir.path())) {
        m_error = QStringLiteral("cannot prepare %1 for PostgreSQL").arg(m_dir.path());
        return false;
    }
    ::chmod(QFile::encodeName(m_dir.path()).constData(), 0700);
    m_password = QUuid::createUuid().toString(QUuid::Id128);
    const QString passwordFile = m_dir.filePath(QStringLiteral("password"));
    {
        QFile file(passwordFile);
        if (!file.open(QIODevice::WriteOnly) || file.write(m_password.toUtf8() + '\n') <= 0) {
            m_error = QStringLiteral("cannot write %1").arg(passwordFile);
            return false;
        }
    }
    giveTo(runAs, passwordFile);
    const QString data = m_dir.filePath(QStringLiteral("data"));
    auto [initdb, initdbArguments] =
        command(BinDir + QStringLiteral("initdb"),
                {QStringLiteral("-D"), data, QStringLiteral("-U"), user(),
                 QStringLiteral("--pwfile=") + passwordFile, QStringLiteral("-A"),
                 QStringLiteral("scram-sha-256"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                 QStringLiteral("--locale=C"), QStringLiteral("--no-sync")});
    QProcess init;
    init.setProcessChannelMode(QProcess::MergedChannels);
    init.setWorkingDirectory(m_dir.path());
    init.start(initdb, initdbArguments);
    if (!init.waitForFinished(60000) || init.exitCode() != 0) {
        m_error = QStringLiteral("initdb failed: %1").arg(QString::fromLocal8Bit(init.readAll()));
        return false;
    }
    QFile::remove(passwordFile);
    m_port = freeLoopbackPort();
    auto [postgres, arguments] =
        command(BinDir + QStringLiteral("postgres"),
                {QStringLiteral("-D"), data, QStringLiteral("-k"), m_dir.path(),
                 QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                 QString::number(m_port), QStringLiteral("-c"), QStringLiteral("fsync=off"),
                 QStringLiteral("-c"), QStringLiteral("synchronous_commit=off"),
                 QStringLiteral("-c"), QStringLiteral("full_page_writes=off"), QStringLiteral("-c"),
                 QStringLiteral("max_connections=300"), QStringLiteral("-c"),
                 QStringLiteral("shared_preload_libraries=pg_stat_statements")});
    m_postgres.setWorkingDirectory(m_dir.path());
    if (!startLogged(m_postgres, postgres, arguments,
                     m_dir.filePath(QStringLiteral("postgres.log")), &m_error)) {
        return false;
    }
    if (!waitUntilReady(
            m_postgres,
            [this] { return tcpPortAccepts(m_port, 200) && run({}, QStringLiteral("SELECT 1")); },
            30000, QStringLiteral("postgres"), [this] { return log(); }, &m_error)) {
        return false;
    }
    qputenv("PGPASSWORD", m_password.toUtf8());
    return createDatabase(QStringLiteral("livesnap"));
}

void PostgresServer::stop()
{
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
    if (m_postgres.state() == QProcess::NotRunning) {
        return;
    }
    // The postmaster's pid is in its pid file (runuser is in between when we are root).
    const QString pidFile = m_dir.filePath(QStringLiteral("data/postmaster.pid"));
    const qint64 pid = readText(pidFile).section(QLatin1Char('\n'), 0, 0).toLongLong();
    if (pid > 0) {
        ::kill(pid_t(pid), SIGQUIT); // immediate shutdown: nothing here needs to survive
    }
    endProcess(m_postgres, 10000);
}

bool PostgresServer::isRunning() const
{
    return m_postgres.state() == QProcess::Running;
}

QString PostgresServer::url(const QString &database) const
{
    return QStringLiteral("postgresql://%1@127.0.0.1:%2/%3").arg(user()).arg(m_port).arg(database);
}

QString PostgresServer::log() const
{
    return readText(m_dir.filePath(QStringLiteral("postgres.log")));
}

bool PostgresServer::run(const QString &database, const QString &sql)
{
    const QString name = m_connection + database;
    QSqlDatabase db = QSqlDatabase::contains(name)
                          ? QSqlDatabase::database(name, false)
                          : QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    if (!db.isOpen()) {
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(m_port);
        db.setUserName(user());
        db.setPassword(m_password);
        db.setDatabaseName(database.isEmpty() ? QStringLiteral("postgres") : database);
        if (!db.open()) {
            m_error = db.lastError().text();
            return false;
        }
    }
    QSqlQuery query(db);
    if (!query.exec(sql)) {
        m_error = QStringLiteral("%1: %2").arg(sql, query.lastError().text());
        return false;
    }
    return true;
}

bool PostgresServer::createDatabase(const QString &name)
{
    return run({}, QStringLiteral("DROP DATABASE IF EXISTS \"%1\" WITH (FORCE)").arg(name)) &&
           run({}, QStringLiteral("CREATE DATABASE \"%1\"").arg(name));
}

bool PostgresServer::emptyDatabase(const QString &name)
{
    return run(name, QStringLiteral("DROP SCHEMA public CASCADE")) &&
           run(name, QStringLiteral("CREATE SCHEMA public"));
}

PostgresServer *PostgresServer::shared()
{
    static std::unique_ptr<PostgresServer> server;
    static bool tried = false;
    if (!tried) {
        tried = true;
        server = std::make_unique<PostgresServer>();
        if (!server->start()) {
            qWarning("PostgreSQL for the tests did not start: %s", qPrintable(server->error()));
            server.reset();
        } else {
            // Stopped before QCoreApplication goes (QProcess needs it).
            QObject::connect(qApp, &QCoreApplication::aboutToQuit, [] { server.reset(); });
            std::atexit([] { server.reset(); });
        }
    }
    return server.get();
}

bool testsUsePostgres()
{
    return qEnvironmentVariable("LIVESNAP_TEST_CATALOG") == QLatin1String("postgresql");
}

QString freshCatalogLocation(const QString &sqlitePath)
{
    if (!testsUsePostgres()) {
        QFile::remove(sqlitePath);
        QFile::remove(sqlitePath + QStringLiteral("-wal"));
        QFile::remove(sqlitePath + QStringLiteral("-shm"));
        return sqlitePath;
    }
    PostgresServer *server = PostgresServer::shared();
    if (!server || !server->emptyDatabase(QStringLiteral("livesnap"))) {
        qWarning("cannot empty the test database: %s",
                 server ? qPrintable(server->error()) : "no server");
        return QString();
    }
    return server->url(QStringLiteral("livesnap"));
}

} // namespace livesnap::test
