#pragma once

#include "catalog/LeaseFence.h"
#include "spool/Spool.h"
#include "storage/UploadQueue.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>

namespace livesnap {

class LocalFolderStore;
class SnapshotService;

// Takes spooled snapshots to their job's stores (a copy in each) and records them in the
// catalog. A local copy is written here; a remote one goes to the UploadQueue, which keeps a
// queue per store, so a store that is down delays only its own copies. Each copy is recorded
// when its store holds it whole; the spool entry goes once every copy is.
// Lives on the engine (catalog) thread; workers reach it by queued calls. The sequence number
// is claimed in the catalog before the objects are written and the claim is settled in the
// same transaction that records them, so a crash at any point resumes with the same number:
// no gap, no duplicate. A snapshot whose store fails stays in the spool and is retried; while
// a job has snapshots waiting for a retry, its newer ones wait behind them, so that a job's
// snapshots are claimed and stored in capture order. A failure to spool or to store is an
// alert on the job (its LastError, "Code: message", and an event) until a snapshot of the job
// is stored again.
class SnapshotSink : public QObject {
    Q_OBJECT

public:
    SnapshotSink(SnapshotService &service, const Spool &spool, QObject *parent = nullptr);
    ~SnapshotSink() override;

    // Stores whatever an earlier run left in the spool.
    void recover();

    // Where the lease a job's writes are fenced with comes from (the supervisor's fenceOf).
    // A snapshot whose sequence claim or record is refused under it was taken under a lease
    // another engine has taken over: it is dropped, with an event (the new holder captures
    // afresh), and leaseLost says so.
    using FenceLookup = std::function<LeaseFence(const QString &jobId)>;
    void setFenceLookup(FenceLookup lookup) { m_fenceOf = std::move(lookup); }

    // On the capture worker's thread: spools the snapshot there (the fsync stays off the
    // engine thread), then hands it, or the reason it could not be spooled, to the sink by a
    // queued call.
    static void spoolAndStore(SnapshotSink *sink, const Spool &spool,
                              const CapturedSnapshot &snapshot);

public slots:
    void store(const livesnap::SpoolEntry &entry);
    void reportStreamState(const QString &jobId, const QString &state, const QString &error);
    // A snapshot that could not be spooled, so is lost. code: the Error's, when known.
    void reportSpoolFailure(const QString &jobId, const QString &message,
                            const QString &code = QString());
    // Results from the UploadQueue (network thread), for snapshots bound for OSS / S3.
    void onUploaded(const livesnap::UploadTask &task);
    void onUploadFailed(const livesnap::UploadTask &task, const QString &error, int retryInMs);
    void onSuperseded(const livesnap::UploadTask &task);

signals:
    void snapshotStored(const QString &jobId, qint64 sequence, qint64 wallMs);
    // A snapshot for a remote store: connect to UploadQueue::enqueue (queued).
    void uploadRequested(const livesnap::UploadTask &task);
    // A write for the job was refused: this engine's lease of it is no longer current.
    void leaseLost(const QString &jobId);

private:
    enum class Outcome { Stored, Queued, Dropped, Retry };
    Outcome storeOne(const SpoolEntry &entry);
    // Writes one local copy; false (with the job's alert) when the store refused.
    bool storeLocally(const SpoolEntry &entry, const StorageLocation &location,
                      const QList<SnapshotFile> &objects);
    // Records one store's copy, and empties the spool entry once every copy is recorded (then
    // true); an error when the catalog refused.
    Result<bool> recordCopy(const SpoolEntry &entry, const QList<SnapshotFile> &objects,
                            const QString &locationId);
    LeaseFence fenceOf(const QString &jobId) const
    {
        return m_fenceOf ? m_fenceOf(jobId) : LeaseFence{};
    }
    // A snapshot refused under a lost lease: gone from the spool, with an event on its job.
    void dropFencedOut(const SpoolEntry &entry, const Error &error);
    // Names one copy of a spooled snapshot (its job, time and store).
    static QString copyKey(const SpoolEntry &entry, const QString &locationId);
    // Puts a snapshot in its job's retry line, in capture order, and arms the retry.
    void queueForRetry(const SpoolEntry &entry);
    void scheduleRetry();
    void retryFailed();
    // locationId: the store that failed (empty: not one store's fault).
    void noteJobError(const QString &jobId, const Error &error,
                      const QString &locationId = QString());
    // Shows an alert on the job (LastError) with an event when it is new; the LastError is
    // written again if something else (a restart, a stream state) replaced it.
    void raiseAlert(const QString &jobId, const QString &alert, const QString &eventMessage);
    // A copy was stored in locationId: the job's alert goes unless another store raised it.
    void clearAlert(const QString &jobId, const QString &locationId);

    SnapshotService &m_service;
    const Spool &m_spool;
    FenceLookup m_fenceOf;
    std::map<QString, std::unique_ptr<LocalFolderStore>> m_stores; // by location id
    // Per job, snapshots waiting for a retry, oldest first.
    std::map<QString, QList<SpoolEntry>> m_waiting;
    QTimer m_retryTimer;
    int m_retryDelayMs = 0;
    QHash<QString, QString> m_lastState;
    QHash<QString, QString> m_alerts;      // by job: the LastError this sink set
    QHash<QString, QString> m_alertStores; // by job: the store whose failure raised it
    QSet<QString> m_uploading;             // copies handed to the UploadQueue (copyKey)
};

} // namespace livesnap

Q_DECLARE_METATYPE(livesnap::SpoolEntry)
