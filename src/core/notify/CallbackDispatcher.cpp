#include "notify/CallbackDispatcher.h"

#include "common/Logging.h"
#include "domain/StreamInput.h"
#include "notify/CallbackEvent.h"
#include "notify/CallbackSender.h"
#include "service/SnapshotService.h"

namespace livesnap {

namespace {
// Callbacks sent at once, across jobs.
constexpr int MaxInFlight = 16;
// A claim outlives the sender's 10 s timeout by far; a crashed engine's claims expire after it.
constexpr qint64 ClaimMs = 60000;
constexpr int PollMs = 1000;
} // namespace

CallbackDispatcher::CallbackDispatcher(SnapshotService &service, CallbackSender *sender,
                                       const QString &owner, QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_repository(service.callbacks())
    , m_sender(sender)
    , m_owner(owner)
{
    m_timer.setInterval(PollMs);
    connect(&m_timer, &QTimer::timeout, this, &CallbackDispatcher::poll);
    connect(&service, &SnapshotService::callbackQueued, this, &CallbackDispatcher::poll,
            Qt::QueuedConnection);
    connect(sender, &CallbackSender::finished, this, &CallbackDispatcher::onFinished,
            Qt::QueuedConnection);
}

CallbackDispatcher::~CallbackDispatcher()
{
    stop();
}

void CallbackDispatcher::setBackoff(int firstMs, int maxMs)
{
    m_firstBackoffMs = qMax(1, firstMs);
    m_maxBackoffMs = qMax(m_firstBackoffMs, maxMs);
}

void CallbackDispatcher::start()
{
    m_running = true;
    m_timer.start();
    poll();
}

void CallbackDispatcher::stop()
{
    if (!m_running) {
        return;
    }
    m_running = false;
    m_timer.stop();
    m_inFlight.clear();
    if (auto s = m_repository.releaseAll(m_owner); !s) {
        qCWarning(lcNotify) << "could not release callback claims:" << s.error().message;
    }
}

qint64 CallbackDispatcher::backoffMs(int attempts) const
{
    qint64 wait = m_firstBackoffMs;
    for (int i = 1; i < attempts && wait < m_maxBackoffMs; ++i) {
        wait *= 2;
    }
    return qMin<qint64>(wait, m_maxBackoffMs);
}

void CallbackDispatcher::poll()
{
    if (!m_running || !m_sender || m_inFlight.size() >= MaxInFlight) {
        return;
    }
    const qint64 now = m_service.clock().nowMs();
    auto due = m_repository.dueHeads(now, MaxInFlight);
    if (!due) {
        qCWarning(lcNotify) << "cannot read the callback outbox:" << due.error().message;
        return;
    }
    if (due->isEmpty()) {
        return;
    }
    const auto settings = m_service.getCallbackSettings();
    const bool sign = settings && settings->hasAuthKey;
    for (const PendingCallback &callback : std::as_const(*due)) {
        if (m_inFlight.size() >= MaxInFlight) {
            break;
        }
        if (m_inFlight.contains(callback.eventId)) {
            continue;
        }
        auto claimed = m_repository.claim(callback.eventId, m_owner, now, now + ClaimMs);
        if (!claimed || !*claimed) {
            continue; // another engine has it
        }
        m_inFlight.insert(callback.eventId, callback);
        CallbackSender *sender = m_sender.data();
        QMetaObject::invokeMethod(
            sender,
            [sender, callback, sign] {
                sender->send(callback.eventId, callback.eventType, callback.url, callback.body,
                             sign);
            },
            Qt::QueuedConnection);
    }
}

void CallbackDispatcher::onFinished(const QString &eventId, bool delivered, const QString &error)
{
    const auto it = m_inFlight.constFind(eventId);
    if (it == m_inFlight.cend()) {
        return; // stopped meanwhile
    }
    const PendingCallback callback = *it;
    m_inFlight.erase(it);
    const int attempts = callback.attempts + 1;
    bool givenUp = false;
    if (delivered) {
        if (auto s = m_repository.remove(eventId, m_owner); !s) {
            qCWarning(lcNotify) << "could not settle callback" << eventId << s.error().message;
        }
    } else if (attempts >= callbackhttp::MaxAttempts) {
        givenUp = true;
        if (auto s = m_repository.remove(eventId, m_owner); !s) {
            qCWarning(lcNotify) << "could not settle callback" << eventId << s.error().message;
        }
        const QString message =
            tr("Callback %1 to %2 given up after %3 tries; the last one failed: %4")
                .arg(callback.eventType, maskStreamUrl(callback.url))
                .arg(attempts)
                .arg(error);
        qCWarning(lcNotify).noquote() << "job" << callback.jobId << message;
        // The job may be deleted by now; its event trail then goes with it.
        (void)m_service.addJobEvent(callback.jobId, QStringLiteral("callback"), message);
    } else {
        const qint64 next = m_service.clock().nowMs() + backoffMs(attempts);
        if (auto s = m_repository.retryLater(eventId, m_owner, next, error); !s) {
            qCWarning(lcNotify) << "could not settle callback" << eventId << s.error().message;
        }
    }
    emit settled(eventId, delivered, givenUp);
    poll();
}

} // namespace livesnap
