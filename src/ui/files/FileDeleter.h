#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

// Deletes a job's snapshots (by capture time) through DeleteLiveSnapshotFiles in batches on
// the engine thread, one batch at a time, so a large delete shows progress and can stop
// between batches. Failures are collected per file and reported at the end.
class FileDeleter : public QObject {
    Q_OBJECT

public:
    FileDeleter(EngineHost &host, const QString &jobId, const QList<qint64> &createTimestamps,
                bool deleteStoredObjects, QObject *parent = nullptr);

    // Capture times per DeleteLiveSnapshotFiles call (1..MaxDeleteFiles).
    void setBatchSize(int size);
    int total() const { return static_cast<int>(m_timestamps.size()); }
    int processed() const { return m_next; }
    bool isRunning() const { return m_running; }

public slots:
    void start();
    // Stops after the batch in flight.
    void cancel() { m_cancelled = true; }

signals:
    void batchDeleted(const QList<qint64> &createTimestamps);
    void progressed(int processed, int total);
    // deleted: every capture time whose records (and objects, if asked) are gone;
    // stoppedEarly: cancelled, or a batch was refused as a whole, before the last batch.
    void finished(const QList<qint64> &deleted, const QStringList &failures, bool stoppedEarly);

private:
    void runNextBatch();
    void finish();

    EngineHost &m_host;
    QString m_jobId;
    QList<qint64> m_timestamps;
    bool m_deleteObjects = false;
    int m_batchSize = 100;
    int m_next = 0;
    bool m_running = false;
    bool m_cancelled = false;
    QList<qint64> m_deleted;
    QStringList m_failures;
};

} // namespace livesnap::ui
