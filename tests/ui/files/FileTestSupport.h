#pragma once

// What the File Management tests share: real JPEGs, a job, and snapshot files recorded in the
// catalog the way the capture sink records them (claimSequence, then recordSnapshot), with
// their bytes in the built-in local folder.

#include "../UiTestSupport.h"
#include "catalog/Schema.h"
#include "engine/EngineHost.h"

#include <QBuffer>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QSemaphore>
#include <QTest>
#include <QThreadPool>

namespace livesnap::uitest {

// A real JPEG: a colour field with a white bar whose position encodes `mark`.
inline QByteArray makeJpeg(QSize size, QColor color = Qt::darkCyan, int mark = 0)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(color);
    QPainter painter(&image);
    painter.fillRect(QRect(0, (mark * 7) % qMax(1, size.height() - 4), size.width(), 4), Qt::white);
    painter.end();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPG", 85);
    return bytes;
}

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        return false;
    }
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// Submits a job storing to the built-in local folder; empty on failure (the caller QVERIFYs).
inline QString submitLocalJob(EngineHost &host, const QString &name)
{
    JobSpec spec;
    spec.jobName = name;
    spec.templateId = schema::SystemRealtime10s;
    spec.streamInput =
        StreamInput{QStringLiteral("rtmp"), QStringLiteral("rtmp://127.0.0.1:1/live/x")};
    spec.snapshotOutput =
        SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
    const auto submitted =
        callEngine(host, [spec](SnapshotService &s) { return s.submitLiveSnapshotJob(spec); });
    return submitted && submitted->ok() ? submitted->value() : QString();
}

inline QString defaultRoot(EngineHost &host)
{
    return host.dataDirectory().builtInStoragePath(QStringLiteral("default"));
}

inline QString realtimeObject(const QString &jobId, qint64 sequence)
{
    return QStringLiteral("snapshot/%1/%2.jpg").arg(jobId).arg(sequence);
}

inline QString overwriteObject(const QString &jobId)
{
    return QStringLiteral("snapshot/%1.jpg").arg(jobId);
}

// Records `count` snapshots of a job, 5 s apart from `firstMs`: each a real-time object and,
// when withOverwrite, the overwrite object (re-recorded with every snapshot, so it ends with
// the newest one's time). Every object's bytes are `jpeg`, written into the local folder.
// Returns an error message, empty on success.
// firstNumber numbers the first real-time object (a later batch takes new names).
inline QString recordSnapshots(EngineHost &host, const QString &jobId, int count, qint64 firstMs,
                               const QByteArray &jpeg, bool withOverwrite, QSize size,
                               int firstNumber = 1)
{
    const QString root = defaultRoot(host);
    for (int i = 0; i < count; ++i) {
        if (!writeFile(root + QLatin1Char('/') + realtimeObject(jobId, firstNumber + i), jpeg)) {
            return QStringLiteral("cannot write snapshot %1").arg(i + 1);
        }
    }
    if (withOverwrite && !writeFile(root + QLatin1Char('/') + overwriteObject(jobId), jpeg)) {
        return QStringLiteral("cannot write the overwrite object");
    }
    const auto recorded = callEngine(
        host,
        [=](SnapshotService &s) -> QString {
            for (int i = 0; i < count; ++i) {
                const qint64 ts = firstMs + qint64(i) * 5000;
                auto sequence = s.claimSequence(jobId, ts);
                if (!sequence || !sequence->has_value()) {
                    return QStringLiteral("claimSequence failed at %1").arg(i);
                }
                SnapshotFile file;
                file.jobId = jobId;
                file.ossBucket = QStringLiteral("default");
                file.ossObject = realtimeObject(jobId, firstNumber + i);
                file.createTimestamp = ts;
                file.sequence = **sequence;
                file.size = jpeg.size();
                file.width = size.width();
                file.height = size.height();
                QList<SnapshotFile> objects{file};
                if (withOverwrite) {
                    SnapshotFile overwrite = file;
                    overwrite.ossObject = overwriteObject(jobId);
                    overwrite.isOverlay = true;
                    objects << overwrite;
                }
                if (auto status = s.recordSnapshot(objects, schema::DefaultLocationId); !status) {
                    return status.error().message;
                }
            }
            return QString();
        },
        60000);
    return recorded ? *recorded : QStringLiteral("the engine did not answer");
}

// Every object of a job the service lists in [start, end], oldest first.
inline QList<SnapshotFile> listAll(EngineHost &host, const QString &jobId,
                                   const QDateTime &start = QDateTime(),
                                   const QDateTime &end = QDateTime())
{
    const auto all = callEngine(host, [=](SnapshotService &s) {
        QList<SnapshotFile> files;
        FileQuery q;
        q.jobId = jobId;
        q.limit = 100;
        q.startTime = start;
        q.endTime = end;
        for (;;) {
            auto page = s.listLiveSnapshotFiles(q);
            if (!page) {
                break;
            }
            files << page->files;
            if (!page->nextStartTime.isValid()) {
                break;
            }
            q.startTime = page->nextStartTime;
        }
        return files;
    });
    return all ? *all : QList<SnapshotFile>();
}

// Holds one thread of a pool until released, so work queues up behind it.
class PoolBlocker {
public:
    explicit PoolBlocker(QThreadPool *pool)
    {
        pool->start([this] {
            m_started.release();
            m_gate.acquire();
        });
        m_started.acquire();
    }
    ~PoolBlocker() { release(); }
    PoolBlocker(const PoolBlocker &) = delete;
    PoolBlocker &operator=(const PoolBlocker &) = delete;
    void release()
    {
        if (!m_released) {
            m_released = true;
            m_gate.release();
        }
    }

private:
    QSemaphore m_started;
    QSemaphore m_gate;
    bool m_released = false;
};

} // namespace livesnap::uitest
