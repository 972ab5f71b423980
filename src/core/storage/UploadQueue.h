#pragma once

#include "common/ReplyChannel.h"
#include "common/Result.h"
#include "domain/SnapshotFile.h"
#include "domain/StorageLocation.h"
#include "spool/Spool.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>

namespace livesnap {

class ObjectStore;

// One spooled snapshot on its way to a remote store: the objects to write (keys already carry
// the claimed sequence number) and where.
struct UploadTask {
    SpoolEntry entry;
    StorageLocation location;
    QList<SnapshotFile> objects;
    bool overwriteOnly = false; // only an overwrite object: a newer snapshot supersedes it
    int attempts = 0;
    QString lastErrorCode; // of the last failed try (StorageUnreachable, StorageAuthFailed...)
};

// Uploads spooled snapshots to OSS / S3-compatible stores on the network thread (its public
// methods must be called there: asserted; others reach it by queued calls), one queue per
// location so a store that is down does not hold up the others. A failed upload is retried
// with exponential backoff and jitter, in order, for as long as it takes; nothing is dropped
// except an overwrite-only snapshot superseded by a newer one of the same job.
//
// Nothing here blocks: a location has at most one upload in flight (its head task, which stays
// at the head until the store answered), the store is opened asynchronously (credentials come
// from the keychain, off this thread) and is never destroyed while a request of it is in
// flight.
class UploadQueue : public QObject {
    Q_OBJECT

public:
    using StoreOpened = std::function<void(Result<std::unique_ptr<ObjectStore>>)>;
    // Opens a store for a location and calls back with it, on any thread, once.
    using StoreOpener = std::function<void(const StorageLocation &, StoreOpened)>;

    explicit UploadQueue(StoreOpener opener, QObject *parent = nullptr);
    ~UploadQueue() override;

    void setBackoff(int firstMs, int maxMs);
    int pendingCount() const;
    // Locations with an open or an upload under way.
    int busyCount() const;

public slots:
    void enqueue(const livesnap::UploadTask &task);

signals:
    void uploaded(const livesnap::UploadTask &task);
    void uploadFailed(const livesnap::UploadTask &task, const QString &error, int retryInMs);
    void superseded(const livesnap::UploadTask &task);

private:
    struct LocationQueue {
        QList<UploadTask> tasks; // the head is the one in flight while busy
        bool busy = false;
        int backoffMs = 0;
        QString lastError;
        std::unique_ptr<ObjectStore> store;
        std::unique_ptr<QTimer> retry;
        QElapsedTimer attempt; // since the head's current try started
    };
    void pump(const QString &locationId);
    void upload(const QString &locationId);
    void putNext(const QString &locationId, int object);
    void settle(const QString &locationId, const Status &status);
    void schedulePump(const QString &locationId);

    StoreOpener m_opener;
    std::map<QString, LocationQueue> m_queues;
    ReplyChannelPtr m_channel;
    int m_firstBackoffMs = 1000;
    // A retry every 8 s at most during an outage costs one request per location; a longer
    // wait would keep snapshots back well after the store returned (the soak's target: back
    // within two intervals of 5 s).
    int m_maxBackoffMs = 8000;
};

} // namespace livesnap

Q_DECLARE_METATYPE(livesnap::UploadTask)
