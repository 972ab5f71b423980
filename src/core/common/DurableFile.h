#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace livesnap {

// An owned POSIX file descriptor, closed when it goes out of scope (close errors of files
// that were written are checked by DurableFile, not here).
class FileDescriptor {
public:
    FileDescriptor() = default;
    explicit FileDescriptor(int fd)
        : m_fd(fd)
    {}
    FileDescriptor(FileDescriptor &&other) noexcept
        : m_fd(std::exchange(other.m_fd, -1))
    {}
    FileDescriptor &operator=(FileDescriptor &&other) noexcept;
    FileDescriptor(const FileDescriptor &) = delete;
    FileDescriptor &operator=(const FileDescriptor &) = delete;
    ~FileDescriptor();

    int get() const { return m_fd; }
    bool isValid() const { return m_fd >= 0; }
    // Gives up ownership without closing.
    int release() { return std::exchange(m_fd, -1); }

private:
    int m_fd = -1;
};

// Files that are on disk whole or not at all. A write goes to a new temporary file in the
// target's folder (O_EXCL, O_NOFOLLOW), loops over short writes and EINTR, is fsynced,
// closed (checked), its size compared with what was written, renamed over the target, and
// the folder fsynced. Unlike QSaveFile (Qt 6.4 commits a 0-byte file when the buffered data
// fails to flush at close), every failure is reported, and leaves neither the temporary
// file nor a new target behind. Failures carry stable codes: StorageFull (no space, quota),
// StorageReadOnly (read-only file system, no permission), StorageUnavailable (the folder or
// its mount is gone, I/O error, anything else).
class DurableFile {
    Q_DECLARE_TR_FUNCTIONS(livesnap::DurableFile)

public:
    static constexpr int PrivateMode = 0600;

    // Writes name inside the open folder dirFd; shownPath names it in messages.
    static Status write(int dirFd, const QString &name, const QByteArray &bytes,
                        const QString &shownPath, int mode = PrivateMode);
    // Writes path (its folder must exist; follows links in the folder's path, not the file).
    static Status write(const QString &path, const QByteArray &bytes, int mode = PrivateMode);
    // Reads an open file to its end, looping over short reads and EINTR.
    static Result<QByteArray> readAll(int fd, const QString &shownPath);
    // Creates a folder and its missing parents (mode 0700 for the ones it creates).
    static Status makePath(const QString &path);

    // The error for a failed operation on path: errno mapped to a stable code, a message that
    // says what to do.
    static Error error(int errnum, const QString &path);
};

} // namespace livesnap
