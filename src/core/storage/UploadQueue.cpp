#include "storage/UploadQueue.h"

#include "common/Logging.h"
#include "storage/ObjectStore.h"

#include <QRandomGenerator>

namespace livesnap {

UploadQueue::UploadQueue(StoreOpener opener, QObject *parent)
    : QObject(parent)
    , m_opener(std::move(opener))
{}

UploadQueue::~UploadQueue() = default;

void UploadQueue::setBackoff(int firstMs, int maxMs)
{
    m_firstBackoffMs = firstMs;
    m_maxBackoffMs = maxMs;
}

int UploadQueue::pendingCount() const
{
    int n = 0;
    for (const auto &[id, queue] : m_queues) {
        n += int(queue.tasks.size());
    }
    return n;
}

void UploadQueue::enqueue(const UploadTask &task)
{
    LocationQueue &queue = m_queues[task.location.locationId];
    if (!queue.retry) {
        queue.retry = std::make_unique<QTimer>();
        queue.retry->setSingleShot(true);
        const QString id = task.location.locationId;
        connect(queue.retry.get(), &QTimer::timeout, this, [this, id] { pump(id); });
    }
    if (task.overwriteOnly) {
        // Only the newest overwrite snapshot of a job matters: drop older ones still waiting.
        for (qsizetype i = queue.tasks.size() - 1; i >= 0; --i) {
            if (queue.tasks.at(i).overwriteOnly &&
                queue.tasks.at(i).entry.jobId == task.entry.jobId) {
                const UploadTask older = queue.tasks.takeAt(i);
                emit superseded(older);
            }
        }
    }
    queue.tasks.append(task);
    if (queue.tasks.size() == 1) {
        pump(task.location.locationId);
    }
}

Status UploadQueue::upload(LocationQueue &queue, const UploadTask &task)
{
    if (!queue.store) {
        auto opened = m_opener(task.location);
        if (!opened) {
            return opened.error();
        }
        queue.store = std::move(*opened);
    }
    for (const SnapshotFile &object : task.objects) {
        if (auto s = queue.store->putFile(object.ossObject, task.entry.path); !s) {
            return s;
        }
    }
    return success();
}

void UploadQueue::pump(const QString &locationId)
{
    auto it = m_queues.find(locationId);
    if (it == m_queues.end() || it->second.tasks.isEmpty() || it->second.retry->isActive()) {
        return;
    }
    LocationQueue &queue = it->second;
    UploadTask task = queue.tasks.takeFirst();
    ++task.attempts;
    const Status s = upload(queue, task);
    if (s) {
        queue.backoffMs = 0;
        queue.lastError.clear();
        emit uploaded(task);
        // One upload per turn of the event loop: a shutdown need not wait for a whole backlog.
        if (!queue.tasks.isEmpty()) {
            QMetaObject::invokeMethod(
                this, [this, locationId] { pump(locationId); }, Qt::QueuedConnection);
        }
        return;
    }
    // Keep its place at the head; everything behind it waits for the store to come back.
    queue.tasks.prepend(task);
    queue.backoffMs =
        queue.backoffMs == 0 ? m_firstBackoffMs : qMin(queue.backoffMs * 2, m_maxBackoffMs);
    // +-20 % jitter, so that engines sharing a store do not retry in lockstep.
    const int jitter = queue.backoffMs / 5;
    const int delay = queue.backoffMs +
                      (jitter > 0 ? QRandomGenerator::global()->bounded(-jitter, jitter + 1) : 0);
    if (queue.lastError != s.error().message) {
        // Once per kind of failure, not on every retry of a long outage.
        queue.lastError = s.error().message;
        qCWarning(lcStorage) << "upload to" << task.location.bucket
                             << "failed:" << s.error().message << "- retrying with backoff";
    }
    queue.store.reset(); // reopen: credentials or the location may have changed
    emit uploadFailed(task, s.error().message, delay);
    queue.retry->start(delay);
}

} // namespace livesnap
