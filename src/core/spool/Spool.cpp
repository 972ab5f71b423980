#include "spool/Spool.h"

#include "common/DurableFile.h"
#include "common/Logging.h"
#include "domain/CapturedSnapshot.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QScopeGuard>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>

namespace livesnap {

Spool::Spool(QString root, qint64 limitBytes)
    : m_root(std::move(root))
    , m_limit(limitBytes)
{
    // A crash mid-write leaves temporary files: they hold nothing that was promised to anyone
    // (the snapshot was never announced), so remove them once they are old enough not to be
    // another engine's write in progress. A 0-byte snapshot is no JPEG: only a write whose
    // failure went unnoticed (before writes were checked) can have left one.
    const QDateTime stale = QDateTime::currentDateTimeUtc().addSecs(-600);
    QDirIterator leftovers(m_root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (leftovers.hasNext()) {
        SpoolEntry ignored;
        const QString path = leftovers.next();
        if (!parse(path, &ignored) && leftovers.fileInfo().lastModified().toUTC() < stale) {
            QFile::remove(path);
        } else if (leftovers.fileInfo().size() == 0 && parse(path, &ignored)) {
            qCWarning(lcCapture) << "removing an empty spooled snapshot" << path;
            QFile::remove(path);
        }
    }
    qint64 used = 0;
    for (const SpoolEntry &entry : scan()) {
        used += entry.size;
    }
    m_used.store(used);
}

Result<SpoolEntry> Spool::write(const CapturedSnapshot &snapshot) const
{
    SpoolEntry entry;
    entry.jobId = snapshot.jobId;
    entry.wallMs = snapshot.wallMs;
    entry.width = snapshot.width;
    entry.height = snapshot.height;
    entry.size = snapshot.jpeg.size();
    const QString folder = m_root + QLatin1Char('/') + snapshot.jobId;
    entry.path = folder + QStringLiteral("/%1_%2x%3.jpg")
                              .arg(snapshot.wallMs)
                              .arg(snapshot.width)
                              .arg(snapshot.height);
    // Reserve first, so that threads writing at once cannot overshoot the bound together.
    if (m_used.fetch_add(entry.size) + entry.size > m_limit.load()) {
        m_used.fetch_sub(entry.size);
        return Error::user(
            errc::SpoolFull,
            Spool::tr("The spool is full (%1 MB of %2 MB waiting to be stored): new "
                      "snapshots are not taken until the storage location accepts the "
                      "waiting ones. Check the location, or raise the spool limit.")
                .arg(m_used.load() / (1024 * 1024))
                .arg(m_limit.load() / (1024 * 1024)));
    }
    auto release = qScopeGuard([&] { m_used.fetch_sub(entry.size); });
    // Written whole or not at all, whatever its size: a full data directory must not leave a
    // 0-byte snapshot behind to be stored as good.
    Status written = DurableFile::makePath(folder);
    if (written) {
        written = DurableFile::write(entry.path, snapshot.jpeg);
    }
    if (!written) {
        return Error::user(
            written.error().code,
            Spool::tr("The snapshot cannot be kept in the spool of the data directory, "
                      "so it is lost: %1")
                .arg(written.error().message));
    }
    release.dismiss();
    return entry;
}

Result<QByteArray> Spool::read(const SpoolEntry &entry) const
{
    const FileDescriptor file(
        ::open(QFile::encodeName(entry.path).constData(), O_RDONLY | O_CLOEXEC));
    if (!file.isValid()) {
        return Error::internal(errc::StorageUnavailable,
                               Spool::tr("Cannot read the spooled snapshot %1: %2")
                                   .arg(entry.path, QString::fromLocal8Bit(std::strerror(errno))));
    }
    return DurableFile::readAll(file.get(), entry.path);
}

void Spool::remove(const SpoolEntry &entry) const
{
    if (QFile::remove(entry.path)) {
        m_used.fetch_sub(entry.size);
    } else if (QFile::exists(entry.path)) {
        qCWarning(lcCapture) << "cannot remove spooled snapshot" << entry.path;
    }
}

bool Spool::parse(const QString &path, SpoolEntry *entry)
{
    static const QRegularExpression name(QStringLiteral("^([0-9]+)_([0-9]+)x([0-9]+)\\.jpg$"));
    const QFileInfo info(path);
    const auto m = name.match(info.fileName());
    if (!m.hasMatch()) {
        return false;
    }
    entry->path = info.absoluteFilePath();
    entry->jobId = info.dir().dirName();
    entry->wallMs = m.captured(1).toLongLong();
    entry->width = m.captured(2).toInt();
    entry->height = m.captured(3).toInt();
    entry->size = info.size();
    return true;
}

QList<SpoolEntry> Spool::scan() const
{
    QList<SpoolEntry> entries;
    QDirIterator it(m_root, {QStringLiteral("*.jpg")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        SpoolEntry entry;
        if (parse(it.next(), &entry)) {
            entries << entry;
        }
    }
    std::sort(entries.begin(), entries.end(), [](const SpoolEntry &a, const SpoolEntry &b) {
        return a.jobId != b.jobId ? a.jobId < b.jobId : a.wallMs < b.wallMs;
    });
    return entries;
}

} // namespace livesnap
