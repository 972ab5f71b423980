#include "storage/UploadQueue.h"

#include "common/Logging.h"
#include "common/ThreadAffinity.h"
#include "storage/ObjectStore.h"

#include <QRandomGenerator>

namespace livesnap {

UploadQueue::UploadQueue(StoreOpener opener, QObject *parent)
    : QObject(parent)
    , m_opener(std::move(opener))
    , m_channel(std::make_shared<ReplyChannel>(this))
{}

UploadQueue::~UploadQueue()
{
    // A store still opening calls back into nothing.
    m_channel->close();
}

void UploadQueue::setBackoff(int firstMs, int maxMs)
{
    LIVESNAP_ASSERT_THREAD(this);
    m_firstBackoffMs = firstMs;
    m_maxBackoffMs = maxMs;
}

int UploadQueue::pendingCount() const
{
    LIVESNAP_ASSERT_THREAD(this);
    int n = 0;
    for (const auto &[id, queue] : m_queues) {
        n += int(queue.tasks.size());
    }
    return n;
}

int UploadQueue::busyCount() const
{
    LIVESNAP_ASSERT_THREAD(this);
    int n = 0;
    for (const auto &[id, queue] : m_queues) {
        n += queue.busy ? 1 : 0;
    }
    return n;
}

void UploadQueue::enqueue(const UploadTask &task)
{
    LIVESNAP_ASSERT_THREAD(this);
    const QString id = task.location.locationId;
    LocationQueue &queue = m_queues[id];
    if (!queue.retry) {
        queue.retry = std::make_unique<QTimer>();
        queue.retry->setSingleShot(true);
        connect(queue.retry.get(), &QTimer::timeout, this, [this, id] { pump(id); });
    }
    if (task.overwriteOnly) {
        // Only the newest overwrite snapshot of a job matters: drop older ones still waiting
        // (never the head while it is being uploaded).
        const qsizetype first = queue.busy ? 1 : 0;
        for (qsizetype i = queue.tasks.size() - 1; i >= first; --i) {
            if (queue.tasks.at(i).overwriteOnly &&
                queue.tasks.at(i).entry.jobId == task.entry.jobId) {
                const UploadTask older = queue.tasks.takeAt(i);
                emit superseded(older);
            }
        }
    }
    queue.tasks.append(task);
    pump(id);
}

void UploadQueue::pump(const QString &locationId)
{
    auto it = m_queues.find(locationId);
    if (it == m_queues.end()) {
        return;
    }
    LocationQueue &queue = it->second;
    if (queue.tasks.isEmpty() || queue.busy || queue.retry->isActive()) {
        return;
    }
    queue.busy = true;
    queue.attempt.start();
    ++queue.tasks.first().attempts;
    if (queue.store) {
        upload(locationId);
        return;
    }
    // The opener may read the keychain on another thread; its answer comes back through the
    // channel, so it always arrives from this thread's event loop.
    m_opener(queue.tasks.constFirst().location,
             [channel = m_channel, this, locationId](Result<std::unique_ptr<ObjectStore>> r) {
                 auto opened = std::make_shared<Result<std::unique_ptr<ObjectStore>>>(std::move(r));
                 channel->post([this, locationId, opened] {
                     auto found = m_queues.find(locationId);
                     if (found == m_queues.end() || !found->second.busy) {
                         return;
                     }
                     if (!*opened) {
                         settle(locationId, opened->error());
                         return;
                     }
                     found->second.store = std::move(**opened);
                     upload(locationId);
                 });
             });
}

void UploadQueue::upload(const QString &locationId)
{
    putNext(locationId, 0);
}

void UploadQueue::putNext(const QString &locationId, int object)
{
    LocationQueue &queue = m_queues.at(locationId);
    const UploadTask &task = queue.tasks.constFirst();
    if (object >= task.objects.size()) {
        settle(locationId, success());
        return;
    }
    // The store belongs to this queue: its callbacks never outlive it.
    queue.store->putFile(task.objects.at(object).ossObject, task.entry.path,
                         [this, locationId, object](const Status &s) {
                             if (!s) {
                                 settle(locationId, s);
                             } else {
                                 putNext(locationId, object + 1);
                             }
                         });
}

void UploadQueue::schedulePump(const QString &locationId)
{
    // One upload per turn of the event loop: a shutdown need not wait for a whole backlog.
    QMetaObject::invokeMethod(
        this, [this, locationId] { pump(locationId); }, Qt::QueuedConnection);
}

void UploadQueue::settle(const QString &locationId, const Status &s)
{
    LocationQueue &queue = m_queues.at(locationId);
    queue.busy = false;
    if (s) {
        const UploadTask task = queue.tasks.takeFirst();
        queue.backoffMs = 0;
        queue.lastError.clear();
        emit uploaded(task);
        if (!queue.tasks.isEmpty()) {
            schedulePump(locationId);
        }
        return;
    }
    // The head keeps its place; everything behind it waits for the store to come back.
    queue.tasks.first().lastErrorCode = s.error().code;
    const UploadTask &task = queue.tasks.constFirst();
    queue.backoffMs =
        queue.backoffMs == 0 ? m_firstBackoffMs : qMin(queue.backoffMs * 2, m_maxBackoffMs);
    // +-20 % jitter, so that engines sharing a store do not retry in lockstep.
    const int jitter = queue.backoffMs / 5;
    int delay = queue.backoffMs +
                (jitter > 0 ? QRandomGenerator::global()->bounded(-jitter, jitter + 1) : 0);
    if (queue.attempt.elapsed() >= delay) {
        // The try itself took longer than the wait (a store that never answered, until the
        // timeout): the wait is over, try again now.
        delay = 0;
    }
    if (queue.lastError != s.error().message) {
        // Once per kind of failure, not on every retry of a long outage.
        queue.lastError = s.error().message;
        qCWarning(lcStorage) << "upload to" << task.location.bucket
                             << "failed:" << s.error().message << "- retrying with backoff";
    }
    // Reopen on the next try (credentials or the location may have changed). This may run
    // inside one of the store's own callbacks: let it go from the event loop, not here.
    if (queue.store) {
        std::shared_ptr<ObjectStore> old(queue.store.release());
        QMetaObject::invokeMethod(
            this, [old] {}, Qt::QueuedConnection);
    }
    queue.retry->start(delay);
    emit uploadFailed(task, s.error().message, delay);
}

} // namespace livesnap
