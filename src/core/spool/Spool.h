#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <atomic>

namespace livesnap {

struct CapturedSnapshot;

// A snapshot on disk, waiting to be stored.
struct SpoolEntry {
    QString path;
    QString jobId;
    qint64 wallMs = 0;
    int width = 0;
    int height = 0;
    qint64 size = 0;
};

// The spool: every JPEG is written here first (temporary file, fsync, rename) and removed
// only after its store confirmed it, so a crash or an unreachable store loses nothing that
// reached the spool. Layout: <root>/<jobId>/<wallMs>_<W>x<H>.jpg. Methods are safe to call
// from several threads (each call touches only its own files).
class Spool {
    Q_DECLARE_TR_FUNCTIONS(livesnap::Spool)

public:
    static constexpr qint64 DefaultLimitBytes = 2LL * 1024 * 1024 * 1024;

    // Counts what an earlier run left, so the bound holds across restarts.
    explicit Spool(QString root, qint64 limitBytes = DefaultLimitBytes);

    // When full, write() refuses (code SpoolFull) and nothing already spooled is dropped.
    void setLimitBytes(qint64 limit) { m_limit.store(limit); }
    qint64 limitBytes() const { return m_limit.load(); }
    qint64 usedBytes() const { return m_used.load(); }

    Result<SpoolEntry> write(const CapturedSnapshot &snapshot) const;
    Result<QByteArray> read(const SpoolEntry &entry) const;
    void remove(const SpoolEntry &entry) const;
    // Everything spooled, oldest first per job.
    QList<SpoolEntry> scan() const;
    QString root() const { return m_root; }

private:
    static bool parse(const QString &path, SpoolEntry *entry);
    QString m_root;
    std::atomic<qint64> m_limit;
    mutable std::atomic<qint64> m_used{0};
};

} // namespace livesnap
