#pragma once

#include <QMutex>
#include <QObject>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <utility>

namespace livesnap {

// A way back to one object's thread for work running elsewhere that may outlive the object
// (a keychain read on a pool thread, a request on the network thread). post() runs fn on the
// object's thread from its event loop, or drops it once close() was called (from the object's
// destructor). Thread-safe; share it by std::shared_ptr.
class ReplyChannel {
public:
    explicit ReplyChannel(QObject *target)
        : m_target(target)
    {}

    // False when the object is gone and fn was dropped.
    bool post(std::function<void()> fn)
    {
        QMutexLocker lock(&m_mutex);
        if (!m_target) {
            return false;
        }
        // Posted under the lock: if the target is deleted right after, ~QObject discards it.
        QMetaObject::invokeMethod(m_target, std::move(fn), Qt::QueuedConnection);
        return true;
    }

    void close()
    {
        QMutexLocker lock(&m_mutex);
        m_target = nullptr;
    }

private:
    QMutex m_mutex;
    QObject *m_target;
};

using ReplyChannelPtr = std::shared_ptr<ReplyChannel>;

// Runs work() on the global thread pool (for calls that block: the keychain), then
// then(result) on the channel's thread; dropped if the channel's object is gone by then.
template <typename Work, typename Then>
void runOffThread(ReplyChannelPtr channel, Work work, Then then)
{
    QThreadPool::globalInstance()->start(
        [channel = std::move(channel), work = std::move(work), then = std::move(then)]() mutable {
            auto result = std::make_shared<decltype(work())>(work());
            channel->post([then = std::move(then), result]() mutable { then(std::move(*result)); });
        });
}

} // namespace livesnap
