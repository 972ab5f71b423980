#include "storage/LocalFolderStore.h"

#include "common/DurableFile.h"
#include "common/Logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace livesnap {

namespace {
Error objectNotFound(const QString &key)
{
    return Error::user(
        errc::StorageObjectNotFound,
        LocalFolderStore::tr("There is no object %1 in this storage folder.").arg(key));
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
        return Error::user(
            errc::InvalidParameter + QStringLiteral(".ObjectKey"),
            LocalFolderStore::tr("The object key \"%1\" would leave the storage folder.").arg(key));
    }
    return path;
}

// The folder that holds key's object, reached from the root one component at a time with
// O_NOFOLLOW: a folder inside the store that was replaced by a symbolic link (or by a file) is
// refused, so no write, read or removal can reach a file outside the root. The root itself may
// be a link; the operator chose it. Missing folders are created when create is set.
Result<LocalFolderStore::Folder> LocalFolderStore::openFolderOf(const QString &key,
                                                                bool create) const
{
    auto path = pathOf(key);
    if (!path) {
        return path.error();
    }
    Folder folder;
    folder.path = *path;
    if (create) {
        if (auto s = DurableFile::makePath(m_root); !s) {
            return s.error();
        }
    }
    FileDescriptor root(
        ::open(QFile::encodeName(m_root).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!root.isValid()) {
        return DurableFile::error(errno, m_root);
    }
    folder.chain.push_back(std::move(root));
    QStringList parts = path->mid(m_root.size() + 1).split(QLatin1Char('/'));
    folder.name = parts.takeLast();
    QString reached = m_root;
    for (const QString &part : std::as_const(parts)) {
        reached += QLatin1Char('/') + part;
        const QByteArray name = QFile::encodeName(part);
        const int parent = folder.chain.back().get();
        FileDescriptor next(
            ::openat(parent, name.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!next.isValid() && errno == ENOENT && create) {
            if (::mkdirat(parent, name.constData(), 0755) != 0 && errno != EEXIST) {
                return DurableFile::error(errno, reached);
            }
            next = FileDescriptor(::openat(parent, name.constData(),
                                           O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        }
        if (!next.isValid()) {
            if (errno == ENOENT && !create) {
                return objectNotFound(key);
            }
            if (errno == ELOOP || errno == ENOTDIR) {
                return Error::user(errc::StorageUnavailable,
                                   LocalFolderStore::tr(
                                       "%1 is a symbolic link or a file, not a folder: LiveSnap "
                                       "does not follow links inside a storage folder. Replace it "
                                       "with a real folder.")
                                       .arg(reached));
            }
            return DurableFile::error(errno, reached);
        }
        folder.chain.push_back(std::move(next));
        folder.names << part;
    }
    return folder;
}

Status LocalFolderStore::verifySize(const Folder &folder, qint64 expected)
{
    struct stat stored {};
    if (::fstatat(folder.fd(), QFile::encodeName(folder.name).constData(), &stored,
                  AT_SYMLINK_NOFOLLOW) != 0) {
        return DurableFile::error(errno, folder.path);
    }
    if (!S_ISREG(stored.st_mode) || stored.st_size != expected) {
        qCWarning(lcStorage) << "stored object" << folder.path << "has" << stored.st_size
                             << "bytes, expected" << expected;
        return Error::user(
            errc::StorageUnavailable,
            LocalFolderStore::tr("%1 holds %2 bytes after the write, not the %3 that were written; "
                                 "check the folder's disk.")
                .arg(folder.path)
                .arg(stored.st_size)
                .arg(expected));
    }
    return success();
}

Status LocalFolderStore::put(const QString &key, const QByteArray &bytes)
{
    auto folder = openFolderOf(key, true);
    if (!folder) {
        return folder.error();
    }
    if (auto s = DurableFile::write(folder->fd(), folder->name, bytes, folder->path); !s) {
        return s;
    }
    return verifySize(*folder, bytes.size());
}

Status LocalFolderStore::putFile(const QString &key, const QString &source)
{
    auto folder = openFolderOf(key, true);
    if (!folder) {
        return folder.error();
    }
    const FileDescriptor input(
        ::open(QFile::encodeName(source).constData(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    struct stat spooled {};
    if (!input.isValid() || ::fstat(input.get(), &spooled) != 0) {
        return Error::internal(errc::StorageUnavailable,
                               LocalFolderStore::tr("Cannot read %1: %2")
                                   .arg(source, QString::fromLocal8Bit(std::strerror(errno))));
    }
    const QByteArray temporary = QFile::encodeName(
        QStringLiteral(".%1.%2.link").arg(folder->name).arg(QCoreApplication::applicationPid()));
    ::unlinkat(folder->fd(), temporary.constData(), 0);
    // linkat() without AT_SYMLINK_FOLLOW links the spool file itself, never a link's target.
    if (::linkat(AT_FDCWD, QFile::encodeName(source).constData(), folder->fd(),
                 temporary.constData(), 0) != 0) {
        const int error = errno;
        if (error != EXDEV && error != EPERM && error != EMLINK && error != ENOTSUP &&
            error != EOPNOTSUPP) {
            return DurableFile::error(error, folder->path);
        }
        // Another file system, or no hard links: a copy, written and checked like put().
        auto bytes = DurableFile::readAll(input.get(), source);
        if (!bytes) {
            return bytes.error();
        }
        if (bytes->size() != spooled.st_size) {
            return Error::internal(
                errc::StorageUnavailable,
                LocalFolderStore::tr("Cannot read %1 whole; it changed while it was copied.")
                    .arg(source));
        }
        if (auto s = DurableFile::write(folder->fd(), folder->name, *bytes, folder->path); !s) {
            return s;
        }
        return verifySize(*folder, spooled.st_size);
    }
    // The link names the spool's inode; check it is the file that was opened, whole.
    struct stat linked {};
    if (::fstatat(folder->fd(), temporary.constData(), &linked, AT_SYMLINK_NOFOLLOW) != 0 ||
        linked.st_ino != spooled.st_ino || linked.st_size != spooled.st_size) {
        ::unlinkat(folder->fd(), temporary.constData(), 0);
        return Error::internal(
            errc::StorageUnavailable,
            LocalFolderStore::tr("The spooled snapshot %1 changed while it was stored; it is "
                                 "stored again.")
                .arg(source));
    }
    if (::renameat(folder->fd(), temporary.constData(), folder->fd(),
                   QFile::encodeName(folder->name).constData()) != 0) {
        const int error = errno;
        ::unlinkat(folder->fd(), temporary.constData(), 0);
        return DurableFile::error(error, folder->path);
    }
    if (::fsync(folder->fd()) != 0 && errno != EINVAL) {
        return DurableFile::error(errno, folder->path);
    }
    return verifySize(*folder, spooled.st_size);
}

void LocalFolderStore::put(const QString &key, const QByteArray &bytes, Done done)
{
    LIVESNAP_ASSERT_THREAD(requestThread());
    later([done = std::move(done), s = put(key, bytes)] { done(s); });
}

void LocalFolderStore::putFile(const QString &key, const QString &path, Done done)
{
    LIVESNAP_ASSERT_THREAD(requestThread());
    later([done = std::move(done), s = putFile(key, path)] { done(s); });
}

void LocalFolderStore::get(const QString &key, BytesDone done)
{
    LIVESNAP_ASSERT_THREAD(requestThread());
    later([done = std::move(done), r = get(key)] { done(r); });
}

void LocalFolderStore::remove(const QString &key, Done done)
{
    LIVESNAP_ASSERT_THREAD(requestThread());
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
                           LocalFolderStore::tr(
                               "Links to local files are served by a running engine (the LiveSnap "
                               "window or livesnapctl serve); start one and ask again."));
    }
    if (auto path = pathOf(key); !path) {
        return path.error();
    }
    if (ttlSeconds <= 0) {
        return invalidParameter(QStringLiteral("ExpireSeconds"),
                                LocalFolderStore::tr("A link must live at least one second."));
    }
    return m_signer->sign(m_locationId, key, now.toSecsSinceEpoch() + ttlSeconds);
}

Result<QByteArray> LocalFolderStore::get(const QString &key)
{
    auto folder = openFolderOf(key, false);
    if (!folder) {
        return folder.error();
    }
    const FileDescriptor file(::openat(folder->fd(), QFile::encodeName(folder->name).constData(),
                                       O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!file.isValid()) {
        if (errno == ENOENT) {
            return objectNotFound(key);
        }
        return Error::user(errc::StorageUnavailable,
                           LocalFolderStore::tr("Cannot read %1: %2.")
                               .arg(folder->path, QString::fromLocal8Bit(std::strerror(errno))));
    }
    return DurableFile::readAll(file.get(), folder->path);
}

Status LocalFolderStore::remove(const QString &key)
{
    auto folder = openFolderOf(key, false);
    if (!folder) {
        // A folder on the way that does not exist holds no object: nothing to remove.
        return folder.error().code == errc::StorageObjectNotFound ? success()
                                                                  : Status(folder.error());
    }
    // unlinkat() removes a link itself, never its target.
    if (::unlinkat(folder->fd(), QFile::encodeName(folder->name).constData(), 0) != 0 &&
        errno != ENOENT) {
        return Error::user(errc::StorageUnavailable,
                           LocalFolderStore::tr("Cannot delete %1: %2.")
                               .arg(folder->path, QString::fromLocal8Bit(std::strerror(errno))));
    }
    // Tidy empty folders left behind, up to the root (rmdir fails on a folder that is not
    // empty, and on a link).
    for (qsizetype i = folder->names.size() - 1; i >= 0; --i) {
        if (::unlinkat(folder->chain.at(size_t(i)).get(),
                       QFile::encodeName(folder->names.at(i)).constData(), AT_REMOVEDIR) != 0) {
            break;
        }
    }
    return success();
}

QString LocalFolderStore::localPathOf(const QString &key) const
{
    auto path = pathOf(key);
    return path ? *path : QString();
}

} // namespace livesnap
