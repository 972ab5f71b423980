#include "storage/LocalFolderStore.h"

#include "common/Logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace livesnap {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("livesnap::LocalFolderStore", text);
}
} // namespace

LocalFolderStore::LocalFolderStore(const QString &root)
    : m_root(QDir::cleanPath(QDir(root).absolutePath()))
{}

Result<QString> LocalFolderStore::pathOf(const QString &key) const
{
    const QString path = QDir::cleanPath(m_root + QLatin1Char('/') + key);
    if (key.isEmpty() || key.startsWith(QLatin1Char('/')) || key.contains(QLatin1String("..")) ||
        !path.startsWith(m_root + QLatin1Char('/'))) {
        return Error::user(errc::InvalidParameter + QStringLiteral(".ObjectKey"),
                           tr("The object key \"%1\" would leave the storage folder.").arg(key));
    }
    return path;
}

Status LocalFolderStore::put(const QString &key, const QByteArray &bytes)
{
    auto path = pathOf(key);
    if (!path) {
        return path.error();
    }
    const QString folder = QFileInfo(*path).absolutePath();
    if (!QDir().mkpath(folder)) {
        return Error::user(errc::StorageUnavailable,
                           tr("Cannot create the folder %1; check that the storage folder exists "
                              "and is writable.")
                               .arg(folder));
    }
    // QSaveFile writes a temporary file, fsyncs it and renames it over the target on commit.
    QSaveFile file(*path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        const QString why = file.errorString();
        file.cancelWriting();
        qCWarning(lcStorage) << "write failed" << *path << why;
        return Error::user(errc::StorageUnavailable,
                           tr("Cannot write %1: %2. Free some disk space or check the folder's "
                              "permissions.")
                               .arg(*path, why));
    }
    return success();
}

Status LocalFolderStore::copyFile(const QString &key, const QString &source)
{
    QFile file(source);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error::internal(errc::StorageUnavailable,
                               tr("Cannot read %1: %2").arg(source, file.errorString()));
    }
    return put(key, file.readAll());
}

Status LocalFolderStore::putFile(const QString &key, const QString &source)
{
    auto path = pathOf(key);
    if (!path) {
        return path.error();
    }
    const QString folder = QFileInfo(*path).absolutePath();
    if (!QDir().mkpath(folder)) {
        return copyFile(key, source); // reports the folder problem clearly
    }
    const QByteArray temporary = QFile::encodeName(
        *path + QStringLiteral(".%1.link").arg(QCoreApplication::applicationPid()));
    ::unlink(temporary.constData());
    if (::link(QFile::encodeName(source).constData(), temporary.constData()) != 0) {
        return copyFile(key, source); // another file system, or no hard links
    }
    if (::rename(temporary.constData(), QFile::encodeName(*path).constData()) != 0) {
        const int error = errno;
        ::unlink(temporary.constData());
        return Error::user(errc::StorageUnavailable,
                           tr("Cannot write %1: %2. Free some disk space or check the folder's "
                              "permissions.")
                               .arg(*path, QString::fromLocal8Bit(std::strerror(error))));
    }
    return success();
}

void LocalFolderStore::put(const QString &key, const QByteArray &bytes, Done done)
{
    later([done = std::move(done), s = put(key, bytes)] { done(s); });
}

void LocalFolderStore::putFile(const QString &key, const QString &path, Done done)
{
    later([done = std::move(done), s = putFile(key, path)] { done(s); });
}

void LocalFolderStore::get(const QString &key, BytesDone done)
{
    later([done = std::move(done), r = get(key)] { done(r); });
}

void LocalFolderStore::remove(const QString &key, Done done)
{
    later([done = std::move(done), s = remove(key)] { done(s); });
}

void LocalFolderStore::setLinkSigner(const LinkSigner &signer, const QString &locationId)
{
    m_signer = signer;
    m_locationId = locationId;
}

Result<QUrl> LocalFolderStore::presignGet(const QString &key, int ttlSeconds,
                                          const QDateTime &now) const
{
    if (!m_signer || m_signer->port() == 0) {
        return Error::user(errc::StorageUnavailable,
                           tr("Links to local files are served by a running engine (the LiveSnap "
                              "window or livesnapctl serve); start one and ask again."));
    }
    if (auto path = pathOf(key); !path) {
        return path.error();
    }
    if (ttlSeconds <= 0) {
        return invalidParameter(QStringLiteral("ExpireSeconds"),
                                tr("A link must live at least one second."));
    }
    return m_signer->sign(m_locationId, key, now.toSecsSinceEpoch() + ttlSeconds);
}

Result<QByteArray> LocalFolderStore::get(const QString &key)
{
    auto path = pathOf(key);
    if (!path) {
        return path.error();
    }
    QFile file(*path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error::user(errc::StorageUnavailable,
                           tr("Cannot read %1: %2.").arg(*path, file.errorString()));
    }
    return file.readAll();
}

Status LocalFolderStore::remove(const QString &key)
{
    auto path = pathOf(key);
    if (!path) {
        return path.error();
    }
    QFile file(*path);
    if (file.exists() && !file.remove()) {
        return Error::user(errc::StorageUnavailable,
                           tr("Cannot delete %1: %2.").arg(*path, file.errorString()));
    }
    // Tidy empty folders left behind, up to the root.
    QDir dir = QFileInfo(*path).absoluteDir();
    while (dir.absolutePath() != m_root && dir.isEmpty() &&
           dir.absolutePath().startsWith(m_root + QLatin1Char('/'))) {
        const QString name = dir.dirName();
        if (!dir.cdUp() || !dir.rmdir(name)) {
            break;
        }
    }
    return success();
}

} // namespace livesnap
