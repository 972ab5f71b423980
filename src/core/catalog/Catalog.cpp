#include "catalog/Catalog.h"

#include "catalog/Schema.h"
#include "common/Logging.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QUuid>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace livesnap {

namespace {
QAtomicInteger<quint64> s_connectionCounter;

Status preparePrivateFiles(const QString &filePath)
{
    // The catalog holds stream URLs with their tokens: only its owner may read it. SQLite
    // creates the -wal and -shm files with the mode of the database file, so setting that one
    // (whatever the umask) before SQLite opens it covers all three; old ones are tightened.
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        const QString path = filePath + suffix;
        const bool main = suffix.isEmpty();
        const int flags = O_RDWR | O_CLOEXEC | O_NOFOLLOW | (main ? O_CREAT : 0);
        const int fd = ::open(QFile::encodeName(path).constData(), flags, 0600);
        if (fd < 0) {
            const int error = errno;
            if (!main && error == ENOENT) {
                continue;
            }
            if (error == EROFS || error == EACCES || error == EPERM) {
                return Error::user(
                    errc::DataDirectoryReadOnly,
                    Catalog::tr(
                        "The catalog %1 is read-only (%2): LiveSnap must write to it. Remount its "
                        "folder read-write or make the file writable by this user (chmod u+w, "
                        "chattr -i), or choose another data directory with --data-dir or "
                        "LIVESNAP_DATA_DIR.")
                        .arg(path, QString::fromLocal8Bit(std::strerror(error))));
            }
            return Error::internal(errc::CatalogError,
                                   Catalog::tr("Cannot open the catalog %1: %2")
                                       .arg(path, QString::fromLocal8Bit(std::strerror(error))));
        }
        struct stat info {};
        if (::fstat(fd, &info) == 0 && (info.st_mode & 07777) != 0600 && ::fchmod(fd, 0600) != 0) {
            qCWarning(lcCatalog) << "cannot set the mode of" << path
                                 << "to 0600:" << std::strerror(errno);
        }
        ::close(fd);
    }
    return success();
}
} // namespace

Catalog::Catalog()
    : m_connectionName(QStringLiteral("livesnap-catalog-%1").arg(++s_connectionCounter))
{}

Catalog::~Catalog()
{
    close();
}

Status Catalog::open(const QString &location, const QString &password)
{
    // The connection belongs to the thread that opens it (QtSql's rule).
    m_affinity.bindToCurrentThread();
    close();
    auto url = CatalogUrl::parse(location);
    if (!url) {
        return url.error();
    }
    m_filePath = url->display();
    Status opened = url->isPostgres() ? openPostgres(*url, password) : openSqlite(location);
    if (!opened) {
        close();
        return opened;
    }
    if (auto s = migrate(); !s) {
        close();
        return s;
    }
    qCDebug(lcCatalog) << "opened" << m_filePath << "schema" << schemaVersion();
    return success();
}

Status Catalog::openSqlite(const QString &filePath)
{
    m_dialect = SqlDialect::Sqlite;
    const QFileInfo info(filePath);
    if (!QDir().mkpath(info.absolutePath())) {
        return Error::internal(errc::CatalogError,
                               QStringLiteral("Cannot create the folder %1 for the catalog; check "
                                              "that the data directory is writable.")
                                   .arg(info.absolutePath()));
    }
    if (auto s = preparePrivateFiles(filePath); !s) {
        return s;
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        db.setDatabaseName(filePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        if (!db.open()) {
            const QString detail = db.lastError().text();
            return sqlError(QStringLiteral("open"), detail);
        }
    }
    // Connection pragmas are the only SQLite-specific statements.
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON",
                               "PRAGMA synchronous=NORMAL", "PRAGMA busy_timeout=10000"}) {
        if (auto r = exec(QString::fromLatin1(pragma)); !r) {
            return r.error();
        }
    }
    return success();
}

Status Catalog::openPostgres(const CatalogUrl &url, const QString &password)
{
    m_dialect = SqlDialect::Postgres;
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
        return Error::internal(errc::CatalogError,
                               tr("Qt's PostgreSQL driver is not installed, so the catalog %1 "
                                  "cannot be reached: install libqt6sql6-psql.")
                                   .arg(url.display()));
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connectionName);
    db.setHostName(url.host());
    db.setPort(url.port());
    db.setUserName(url.user());
    db.setDatabaseName(url.database());
    QString options = url.connectOptions();
    if (!options.contains(QLatin1String("connect_timeout"))) {
        // A catalog server that does not answer fails the open instead of hanging it.
        options += (options.isEmpty() ? QString() : QStringLiteral(";")) +
                   QStringLiteral("connect_timeout=10");
    }
    db.setConnectOptions(options);
    if (!password.isEmpty()) {
        db.setPassword(password);
    }
    if (!db.open()) {
        QString detail = db.lastError().text();
        if (detail.contains(QLatin1String("password"))) {
            detail += QLatin1Char(' ') +
                      tr("The password comes from PGPASSWORD, ~/.pgpass (or PGPASSFILE), or the "
                         "keychain (livesnapctl --catalog URL set-catalog-password).");
        }
        return sqlError(QStringLiteral("connect"), detail);
    }
    // Times are compared as BIGINT ms; the session's own settings must not change results.
    for (const char *statement : {"SET client_min_messages = warning", "SET TIME ZONE 'UTC'"}) {
        if (auto r = exec(QString::fromLatin1(statement)); !r) {
            return r.error();
        }
    }
    return success();
}

QString Catalog::skipLocked() const
{
    return isPostgres() ? QStringLiteral(" FOR UPDATE SKIP LOCKED") : QString();
}

QString Catalog::forUpdate() const
{
    return isPostgres() ? QStringLiteral(" FOR UPDATE") : QString();
}

void Catalog::close()
{
    if (QSqlDatabase::contains(m_connectionName)) {
        LIVESNAP_ASSERT_THREAD(m_affinity);
        {
            QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

bool Catalog::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) && database().isOpen();
}

QSqlDatabase Catalog::database() const
{
    LIVESNAP_ASSERT_THREAD(m_affinity);
    return QSqlDatabase::database(m_connectionName, false);
}

int Catalog::currentSchemaVersion()
{
    return schema::currentVersion();
}

int Catalog::schemaVersion() const
{
    auto r = scalar(QStringLiteral("SELECT MAX(version) FROM schema_version"));
    return r && r->isValid() ? r->toInt() : 0;
}

Error Catalog::sqlError(const QString &what, const QString &detail) const
{
    qCWarning(lcCatalog) << what << "failed:" << detail;
    return Error::internal(
        errc::CatalogError,
        QStringLiteral("The catalog %1 could not %2: %3").arg(m_filePath, what, detail));
}

Result<QSqlQuery> Catalog::exec(const QString &sql, std::initializer_list<QVariant> binds) const
{
    return exec(sql, QVariantList(binds));
}

Result<QSqlQuery> Catalog::exec(const QString &sql, const QVariantList &binds) const
{
    LIVESNAP_ASSERT_THREAD(m_affinity);
    QSqlQuery query(database());
    if (binds.isEmpty() && isPostgres()) {
        // Without bindings PostgreSQL runs it as a simple query: DDL, functions and SET too.
        if (!query.exec(sql)) {
            return sqlError(QStringLiteral("run \"%1\"").arg(sql.simplified().left(80)),
                            query.lastError().text());
        }
        return query;
    }
    if (!query.prepare(sql)) {
        return sqlError(QStringLiteral("prepare \"%1\"").arg(sql.simplified().left(80)),
                        query.lastError().text());
    }
    for (const QVariant &v : binds) {
        // A null QString binds as SQL NULL; our text columns mean "empty" by it.
        if (v.typeId() == QMetaType::QString && v.toString().isNull()) {
            query.addBindValue(QString(QLatin1String("")));
        } else {
            query.addBindValue(v);
        }
    }
    if (!query.exec()) {
        return sqlError(QStringLiteral("run \"%1\"").arg(sql.simplified().left(80)),
                        query.lastError().text());
    }
    return query;
}

Result<QVariant> Catalog::scalar(const QString &sql, std::initializer_list<QVariant> binds) const
{
    auto r = exec(sql, binds);
    if (!r) {
        return r.error();
    }
    if (!r->next()) {
        return QVariant();
    }
    return r->value(0);
}

// Transactions nest: only the outermost one reaches the database, and an inner rollback makes
// the outer commit fail, so a composed operation is all or nothing.
bool Catalog::beginTransaction()
{
    LIVESNAP_ASSERT_THREAD(m_affinity);
    if (m_depth > 0) {
        ++m_depth;
        return true;
    }
    if (!database().transaction()) {
        return false;
    }
    m_depth = 1;
    m_rollbackOnly = false;
    return true;
}

bool Catalog::commit()
{
    LIVESNAP_ASSERT_THREAD(m_affinity);
    if (m_depth == 0) {
        return false;
    }
    if (--m_depth > 0) {
        return true;
    }
    if (m_rollbackOnly || !database().commit()) {
        database().rollback();
        return false;
    }
    return true;
}

void Catalog::rollback()
{
    LIVESNAP_ASSERT_THREAD(m_affinity);
    if (m_depth == 0) {
        return;
    }
    if (--m_depth > 0) {
        m_rollbackOnly = true;
        return;
    }
    database().rollback();
}

QString Catalog::setting(const QString &name, const QString &fallback) const
{
    auto r = scalar(QStringLiteral("SELECT value FROM settings WHERE name = ?"), {name});
    return r && r->isValid() ? r->toString() : fallback;
}

Status Catalog::setSetting(const QString &name, const QString &value)
{
    CatalogTransaction tx(*this);
    if (auto r = exec(QStringLiteral("DELETE FROM settings WHERE name = ?"), {name}); !r) {
        return r.error();
    }
    if (auto r =
            exec(QStringLiteral("INSERT INTO settings (name, value) VALUES (?, ?)"), {name, value});
        !r) {
        return r.error();
    }
    return tx.commit();
}

Status Catalog::addJobEvent(const QString &jobId, qint64 timeMs, const QString &kind,
                            const QString &message)
{
    auto r =
        exec(QStringLiteral("INSERT INTO job_events (event_id, job_id, event_time, kind, "
                            "message) VALUES (?, ?, ?, ?, ?)"),
             {QUuid::createUuid().toString(QUuid::WithoutBraces), jobId, timeMs, kind, message});
    return r ? success() : Status(r.error());
}

Status Catalog::migrate()
{
    const bool hasVersionTable =
        database().tables().contains(QStringLiteral("schema_version"), Qt::CaseInsensitive);
    int version = hasVersionTable ? schemaVersion() : 0;
    if (version > currentSchemaVersion()) {
        return Error::internal(errc::CatalogError,
                               QStringLiteral("The catalog %1 has schema version %2, newer than "
                                              "this LiveSnap understands (%3); update LiveSnap.")
                                   .arg(m_filePath)
                                   .arg(version)
                                   .arg(currentSchemaVersion()));
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const schema::Migration &m : schema::migrations(m_dialect)) {
        if (m.version <= version) {
            continue;
        }
        CatalogTransaction tx(*this);
        if (!tx.isActive()) {
            return sqlError(QStringLiteral("start a migration"), database().lastError().text());
        }
        // Engines starting together on one PostgreSQL take turns (SQLite's writers do anyway).
        if (isPostgres()) {
            if (auto r = exec(QStringLiteral("SELECT pg_advisory_xact_lock(7274829)")); !r) {
                return r.error();
            }
        }
        // Another process may have migrated between our check and our transaction.
        if (database().tables().contains(QStringLiteral("schema_version"), Qt::CaseInsensitive) &&
            schemaVersion() >= m.version) {
            version = m.version;
            continue;
        }
        for (const QString &statement : m.statements) {
            QString sql = statement;
            sql.replace(QLatin1String(":now"), QString::number(now));
            if (auto r = exec(sql); !r) {
                return r.error();
            }
        }
        if (auto r = exec(QStringLiteral("INSERT INTO schema_version (version, applied_at) "
                                         "VALUES (?, ?)"),
                          {m.version, now});
            !r) {
            return r.error();
        }
        if (auto s = tx.commit(); !s) {
            return s;
        }
        qCInfo(lcCatalog) << "migrated" << m_filePath << "to schema" << m.version;
        version = m.version;
    }
    return success();
}

CatalogTransaction::CatalogTransaction(Catalog &catalog)
    : m_catalog(catalog)
    , m_active(catalog.beginTransaction())
{}

CatalogTransaction::~CatalogTransaction()
{
    if (m_active) {
        m_catalog.rollback();
    }
}

Status CatalogTransaction::commit()
{
    if (!m_active) {
        return Error::internal(errc::CatalogError,
                               QStringLiteral("No catalog transaction is active."));
    }
    m_active = false;
    if (!m_catalog.commit()) {
        const QString detail = m_catalog.database().lastError().text();
        return Error::internal(errc::CatalogError,
                               QStringLiteral("The catalog could not commit: %1").arg(detail));
    }
    return success();
}

} // namespace livesnap
