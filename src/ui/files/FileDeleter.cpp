#include "files/FileDeleter.h"

#include "engine/EngineHost.h"

#include <QTimeZone>

namespace livesnap::ui {

FileDeleter::FileDeleter(EngineHost &host, const QString &jobId,
                         const QList<qint64> &createTimestamps, bool deleteStoredObjects,
                         QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_jobId(jobId)
    , m_timestamps(createTimestamps)
    , m_deleteObjects(deleteStoredObjects)
{}

void FileDeleter::setBatchSize(int size)
{
    m_batchSize = qBound(1, size, MaxDeleteFiles);
}

void FileDeleter::start()
{
    if (m_running) {
        return;
    }
    m_running = true;
    runNextBatch();
}

void FileDeleter::runNextBatch()
{
    if (m_cancelled || m_next >= m_timestamps.size()) {
        finish();
        return;
    }
    const QList<qint64> batch = m_timestamps.mid(m_next, m_batchSize);
    const QString jobId = m_jobId;
    const bool deleteObjects = m_deleteObjects;
    m_host.callAsync<Result<QList<FileDeleteResult>>>(
        this,
        [jobId, batch, deleteObjects](SnapshotService &service,
                                      std::function<void(Result<QList<FileDeleteResult>>)> reply) {
            service.deleteLiveSnapshotFiles(jobId, batch, deleteObjects, std::move(reply));
        },
        [this, batch](Result<QList<FileDeleteResult>> results) {
            m_next += static_cast<int>(batch.size());
            if (!results) {
                // The whole call was refused (the job is gone, the engine stopped): later
                // batches would be refused the same way.
                m_failures << tr("%n snapshot(s) not deleted: %1", nullptr,
                                 static_cast<int>(m_timestamps.size() - m_next + batch.size()))
                                  .arg(results.error().message);
                emit progressed(m_next, total());
                m_cancelled = true;
                finish();
                return;
            }
            QList<qint64> deleted;
            for (const FileDeleteResult &result : std::as_const(*results)) {
                if (result.deleted) {
                    deleted << result.createTimestamp;
                } else {
                    const QString time =
                        QDateTime::fromMSecsSinceEpoch(result.createTimestamp, QTimeZone::utc())
                            .toLocalTime()
                            .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
                    m_failures << tr("%1: %2").arg(time, result.message);
                }
            }
            m_deleted << deleted;
            if (!deleted.isEmpty()) {
                emit batchDeleted(deleted);
            }
            emit progressed(m_next, total());
            runNextBatch();
        });
}

void FileDeleter::finish()
{
    m_running = false;
    emit finished(m_deleted, m_failures, m_next < m_timestamps.size());
}

} // namespace livesnap::ui
