#include "common/DurableFile.h"

#include "common/Logging.h"

#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace livesnap {

FileDescriptor &FileDescriptor::operator=(FileDescriptor &&other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

FileDescriptor::~FileDescriptor()
{
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

Error DurableFile::error(int errnum, const QString &path)
{
    const QString why = QString::fromLocal8Bit(std::strerror(errnum));
    switch (errnum) {
    case ENOSPC:
    case EDQUOT:
        return Error::user(errc::StorageFull,
                           tr("Cannot write %1: the disk is full (%2). Free some space on it, or "
                              "move the folder to a larger disk.")
                               .arg(path, why));
    case EROFS:
    case EACCES:
    case EPERM:
        return Error::user(errc::StorageReadOnly,
                           tr("Cannot write %1: the folder is read-only (%2). Make it writable "
                              "for the user running LiveSnap, or mount its disk read-write.")
                               .arg(path, why));
    case ENOENT:
    case ENODEV:
    case ENXIO:
    case EIO:
    case ESTALE:
    case ENOTCONN:
        return Error::user(errc::StorageUnavailable,
                           tr("Cannot write %1: the folder or its disk is not there (%2). "
                              "Reconnect or mount the disk, or choose another folder.")
                               .arg(path, why));
    default:
        return Error::user(
            errc::StorageUnavailable,
            tr("Cannot write %1: %2. Check the folder and its disk.").arg(path, why));
    }
}

namespace {

// Writes all of bytes, looping over short writes and EINTR; errno is set on failure.
bool writeAll(int fd, const QByteArray &bytes)
{
    const char *data = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, data, size_t(left));
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        if (n == 0) {
            errno = EIO; // a regular file that takes nothing and reports no error
            return false;
        }
        data += n;
        left -= n;
    }
    return true;
}

// Flushes data (or, for a folder, its entries) to the disk.
bool syncToDisk(int fd, bool folder)
{
    while (::fsync(fd) != 0) {
        if (errno == EINTR) {
            continue;
        }
        // Some file systems cannot sync a folder; the rename is then as durable as it gets.
        return folder && (errno == EINVAL || errno == ENOTSUP);
    }
    return true;
}

QByteArray temporaryName(const QString &name)
{
    return QFile::encodeName(
        QStringLiteral(".%1.%2-%3.part")
            .arg(name)
            .arg(QCoreApplication::applicationPid())
            .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0')));
}

} // namespace

Status DurableFile::write(int dirFd, const QString &name, const QByteArray &bytes,
                          const QString &shownPath, int mode)
{
    QByteArray temporary;
    FileDescriptor file;
    for (int attempt = 0; attempt < 8 && !file.isValid(); ++attempt) {
        temporary = temporaryName(name);
        file = FileDescriptor(::openat(dirFd, temporary.constData(),
                                       O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                                       mode_t(mode)));
        if (!file.isValid() && errno != EEXIST) {
            break;
        }
    }
    if (!file.isValid()) {
        return error(errno, shownPath);
    }
    const auto fail = [&](int errnum) -> Status {
        ::unlinkat(dirFd, temporary.constData(), 0);
        qCWarning(lcStorage) << "write failed" << shownPath << std::strerror(errnum);
        return error(errnum, shownPath);
    };
    if (!writeAll(file.get(), bytes) || !syncToDisk(file.get(), false)) {
        return fail(errno);
    }
    struct stat written {};
    if (::fstat(file.get(), &written) != 0) {
        return fail(errno);
    }
    if (written.st_size != bytes.size()) {
        return fail(EIO);
    }
    // Linux closes the descriptor even when close() reports EINTR; anything else is an error
    // of data that did not reach the disk.
    if (::close(file.release()) != 0 && errno != EINTR) {
        return fail(errno);
    }
    if (::renameat(dirFd, temporary.constData(), dirFd, QFile::encodeName(name).constData()) != 0) {
        return fail(errno);
    }
    if (!syncToDisk(dirFd, true)) {
        // The file is in place but its name may not survive a crash: report it, so that the
        // caller keeps its own copy and writes again.
        return error(errno, shownPath);
    }
    return success();
}

Status DurableFile::write(const QString &path, const QByteArray &bytes, int mode)
{
    const QFileInfo info(path);
    FileDescriptor folder(::open(QFile::encodeName(info.absolutePath()).constData(),
                                 O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!folder.isValid()) {
        return error(errno, path);
    }
    return write(folder.get(), info.fileName(), bytes, path, mode);
}

Result<QByteArray> DurableFile::readAll(int fd, const QString &shownPath)
{
    QByteArray bytes;
    struct stat info {};
    if (::fstat(fd, &info) == 0 && info.st_size > 0) {
        bytes.reserve(qsizetype(info.st_size));
    }
    char buffer[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            const QString why = QString::fromLocal8Bit(std::strerror(errno));
            return Error::user(
                errc::StorageUnavailable,
                tr("Cannot read %1: %2. Check the folder and its disk.").arg(shownPath, why));
        }
        if (n == 0) {
            return bytes;
        }
        bytes.append(buffer, n);
    }
}

Status DurableFile::makePath(const QString &path)
{
    const QString clean = QFileInfo(path).absoluteFilePath();
    struct stat info {};
    if (::stat(QFile::encodeName(clean).constData(), &info) == 0) {
        return S_ISDIR(info.st_mode) ? success() : error(ENOTDIR, clean);
    }
    if (errno != ENOENT) {
        return error(errno, clean);
    }
    const QString parent = QFileInfo(clean).absolutePath();
    if (parent != clean) {
        if (auto s = makePath(parent); !s) {
            return s;
        }
    }
    if (::mkdir(QFile::encodeName(clean).constData(), 0700) != 0 && errno != EEXIST) {
        return error(errno, clean);
    }
    return success();
}

} // namespace livesnap
