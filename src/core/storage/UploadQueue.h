#pragma once

#include "capture/Spool.h"
#include "common/Result.h"
#include "domain/SnapshotFile.h"
#include "domain/StorageLocation.h"

#include <QHash>
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
};

// Uploads spooled snapshots to OSS / S3-compatible stores on the network thread, one queue per
// location so a store that is down does not hold up the others. A failed upload is retried
// with exponential backoff and jitter, in order, for as long as it takes; nothing is dropped
// except an overwrite-only snapshot superseded by a newer one of the same job.
class UploadQueue : public QObject {
    Q_OBJECT

public:
    using StoreOpener =
        std::function<Result<std::unique_ptr<ObjectStore>>(const StorageLocation &)>;

    explicit UploadQueue(StoreOpener opener, QObject *parent = nullptr);
    ~UploadQueue() override;

    void setBackoff(int firstMs, int maxMs);
    int pendingCount() const;

public slots:
    void enqueue(const livesnap::UploadTask &task);

signals:
    void uploaded(const livesnap::UploadTask &task);
    void uploadFailed(const livesnap::UploadTask &task, const QString &error, int retryInMs);
    void superseded(const livesnap::UploadTask &task);

private:
    struct LocationQueue {
        QList<UploadTask> tasks;
        int backoffMs = 0;
        QString lastError;
        std::unique_ptr<ObjectStore> store;
        std::unique_ptr<QTimer> retry;
    };
    void pump(const QString &locationId);
    Status upload(LocationQueue &queue, const UploadTask &task);

    StoreOpener m_opener;
    std::map<QString, LocationQueue> m_queues;
    int m_firstBackoffMs = 1000;
    int m_maxBackoffMs = 60000;
};

} // namespace livesnap

Q_DECLARE_METATYPE(livesnap::UploadTask)
