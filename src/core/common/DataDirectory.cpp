#include "common/DataDirectory.h"

#include "common/Logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace livesnap {

DataDirectory::DataDirectory(const QString &root)
    : m_root(QDir(root).absolutePath())
{}

DataDirectory DataDirectory::resolve(const QString &explicitPath, const QString &explicitCatalog)
{
    const QString fromEnv = qEnvironmentVariable("LIVESNAP_DATA_DIR");
    DataDirectory directory(!explicitPath.isEmpty() ? explicitPath
                            : !fromEnv.isEmpty()    ? fromEnv
                                                    : QStandardPaths::writableLocation(
                                                          QStandardPaths::GenericDataLocation) +
                                                       QStringLiteral("/livesnap"));
    directory.setCatalog(!explicitCatalog.isEmpty() ? explicitCatalog
                                                    : qEnvironmentVariable("LIVESNAP_CATALOG"));
    return directory;
}

namespace {
bool meansReadOnly(int error)
{
    return error == EROFS || error == EACCES || error == EPERM;
}
} // namespace

Error DataDirectory::readOnlyError(const QString &path, int error)
{
    return Error::user(
        errc::DataDirectoryReadOnly,
        DataDirectory::tr("The data directory %1 is read-only (%2). LiveSnap keeps its catalog, "
                          "spool and local storage there and must write to it: remount it "
                          "read-write or give this user write permission, or choose another "
                          "directory with --data-dir or LIVESNAP_DATA_DIR.")
            .arg(path, QString::fromLocal8Bit(std::strerror(error))));
}

Status DataDirectory::prepare() const
{
    const QByteArray path = QFile::encodeName(m_root);
    struct stat info {};
    if (::stat(path.constData(), &info) != 0) {
        // Only the data directory itself is private; parents keep the usual modes.
        if (!QDir().mkpath(QFileInfo(m_root).absolutePath()) ||
            (::mkdir(path.constData(), 0700) != 0 && errno != EEXIST)) {
            const int error = errno;
            if (error == EROFS) {
                return readOnlyError(m_root, error);
            }
            return Error::internal(
                errc::InternalError,
                DataDirectory::tr("Cannot create the data directory %1 (%2); choose another "
                                  "with --data-dir or LIVESNAP_DATA_DIR.")
                    .arg(m_root, QString::fromLocal8Bit(std::strerror(error))));
        }
        if (::stat(path.constData(), &info) != 0) {
            return Error::internal(errc::InternalError,
                                   DataDirectory::tr("Cannot read the data directory %1 (%2).")
                                       .arg(m_root, QString::fromLocal8Bit(std::strerror(errno))));
        }
    }
    if (!S_ISDIR(info.st_mode)) {
        return Error::user(
            errc::InvalidParameter + QStringLiteral(".DataDirectory"),
            DataDirectory::tr("The data directory %1 is not a directory; choose another with "
                              "--data-dir or LIVESNAP_DATA_DIR.")
                .arg(m_root));
    }
    // mkdir's mode is narrowed by the umask only; set it exactly, and tighten an old one.
    if ((info.st_mode & 07777) != 0700 && ::chmod(path.constData(), 0700) != 0) {
        const int error = errno;
        if (error == EROFS) {
            return readOnlyError(m_root, error);
        }
        qCWarning(lcService) << "cannot set the mode of the data directory" << m_root
                             << "to 0700:" << std::strerror(error);
    }
    if (::access(path.constData(), W_OK | X_OK) != 0 && meansReadOnly(errno)) {
        return readOnlyError(m_root, errno);
    }
    return success();
}

QString DataDirectory::catalogPath() const
{
    return m_root + QStringLiteral("/catalog.sqlite");
}
QString DataDirectory::catalogLocation() const
{
    return m_catalog.isEmpty() ? catalogPath() : m_catalog;
}
QString DataDirectory::spoolPath() const
{
    return m_root + QStringLiteral("/spool");
}
QString DataDirectory::builtInStoragePath(const QString &bucket) const
{
    return m_root + QStringLiteral("/storage/") + bucket;
}

} // namespace livesnap
