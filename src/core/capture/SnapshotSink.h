#pragma once

#include "capture/Spool.h"
#include "storage/UploadQueue.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <map>
#include <memory>

namespace livesnap {

class LocalFolderStore;
class SnapshotService;

// Takes spooled snapshots to their job's storage location and records them in the catalog.
// Lives on the engine (catalog) thread; workers reach it by queued calls. The sequence number
// is claimed in the catalog before the objects are written and the claim is settled in the
// same transaction that records them, so a crash at any point resumes with the same number:
// no gap, no duplicate. A snapshot whose store fails stays in the spool and is retried.
class SnapshotSink : public QObject {
    Q_OBJECT

public:
    SnapshotSink(SnapshotService &service, const Spool &spool, QObject *parent = nullptr);
    ~SnapshotSink() override;

    // Stores whatever an earlier run left in the spool.
    void recover();

public slots:
    void store(const livesnap::SpoolEntry &entry);
    void reportStreamState(const QString &jobId, const QString &state, const QString &error);
    void reportSpoolFailure(const QString &jobId, const QString &message);
    // Results from the UploadQueue (network thread), for snapshots bound for OSS / S3.
    void onUploaded(const livesnap::UploadTask &task);
    void onUploadFailed(const livesnap::UploadTask &task, const QString &error, int retryInMs);
    void onSuperseded(const livesnap::UploadTask &task);

signals:
    void snapshotStored(const QString &jobId, qint64 sequence, qint64 wallMs);
    // A snapshot for a remote store: connect to UploadQueue::enqueue (queued).
    void uploadRequested(const livesnap::UploadTask &task);

private:
    enum class Outcome { Stored, Queued, Dropped, Retry };
    Outcome storeOne(const SpoolEntry &entry);
    // Records stored objects and empties their spool entry; false when the catalog refused.
    bool finish(const SpoolEntry &entry, const QList<SnapshotFile> &objects,
                const QString &locationId);
    void retryFailed();
    void noteJobError(const QString &jobId, const QString &message);

    SnapshotService &m_service;
    const Spool &m_spool;
    std::map<QString, std::unique_ptr<LocalFolderStore>> m_stores; // by location id
    QList<SpoolEntry> m_failed;
    QTimer m_retryTimer;
    int m_retryDelayMs = 0;
    QHash<QString, QString> m_lastState;
    QHash<QString, QString> m_lastError;
};

} // namespace livesnap

Q_DECLARE_METATYPE(livesnap::SpoolEntry)
