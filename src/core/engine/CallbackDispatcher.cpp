#include "engine/CallbackDispatcher.h"

#include "common/Logging.h"
#include "common/UrlMasking.h"
#include "notify/CallbackEvent.h"
#include "notify/CallbackSender.h"
#include "service/SnapshotService.h"

namespace livesnap {

namespace {
// Callbacks sent at once, across jobs.
constexpr int MaxInFlight = 16;
// A claim outlives the sender's 10 s timeout by far; a crashed engine's claims expire after it.
constexpr qint64 ClaimMs = 60000;
constexpr qint64 ClaimMarginMs = 5000;
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
    connect(sender, &CallbackSender::held, this, &CallbackDispatcher::onHeld, Qt::QueuedConnection);
    connect(sender, &CallbackSender::expired, this, &CallbackDispatcher::onExpired,
            Qt::QueuedConnection);
    connect(sender, &CallbackSender::authKeyChecked, this, &CallbackDispatcher::onAuthKeyChecked,
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
    // Held by an earlier run: stay held until the key is read again.
    m_heldReason = m_service.callbackDeliveryHeld();
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

void CallbackDispatcher::onHeld(const QString &eventId, const QString &reason)
{
    const auto it = m_inFlight.constFind(eventId);
    if (it == m_inFlight.cend()) {
        return; // stopped meanwhile
    }
    const PendingCallback callback = *it;
    m_inFlight.erase(it);
    // Never sent: not a try.
    if (auto s = m_repository.release(eventId, m_owner); !s) {
        qCWarning(lcNotify) << "could not release callback" << eventId << s.error().message;
    }
    hold(reason);
    tellJobsHeld({callback});
}

void CallbackDispatcher::onExpired(const QString &eventId)
{
    if (!m_inFlight.remove(eventId)) {
        return; // stopped meanwhile
    }
    // Not sent, not a try; frees it only if no other engine claimed it since.
    if (auto s = m_repository.release(eventId, m_owner); !s) {
        qCWarning(lcNotify) << "could not release callback" << eventId << s.error().message;
    }
}

void CallbackDispatcher::onAuthKeyChecked(bool readable, const QString &reason)
{
    m_checkingAuthKey = false;
    m_lastAuthKeyCheckMs = m_service.clock().nowMs();
    if (!m_running || m_heldReason.isEmpty()) {
        return;
    }
    if (readable) {
        resume();
        poll();
    } else {
        hold(reason);
    }
}

void CallbackDispatcher::hold(const QString &reason)
{
    const bool changed = reason != m_heldReason;
    m_heldReason = reason;
    m_service.setCallbackDeliveryHeld(reason);
    if (changed) {
        qCWarning(lcNotify).noquote() << "callbacks held:" << reason;
        emit heldChanged(reason);
    }
}

void CallbackDispatcher::resume()
{
    qCInfo(lcNotify) << "the callback AuthKey can be used again: callbacks resume";
    for (const QString &jobId : std::as_const(m_jobsToldHeld)) {
        (void)m_service.addJobEvent(jobId, QStringLiteral("callback"),
                                    tr("Callbacks resume: the AuthKey can be used again, or it "
                                       "was removed."));
    }
    m_jobsToldHeld.clear();
    m_heldReason.clear();
    m_service.setCallbackDeliveryHeld(QString());
    emit heldChanged(QString());
}

void CallbackDispatcher::tellJobsHeld(const QList<PendingCallback> &waiting)
{
    for (const PendingCallback &callback : waiting) {
        if (m_jobsToldHeld.contains(callback.jobId)) {
            continue;
        }
        m_jobsToldHeld.insert(callback.jobId);
        // The job may be deleted by now; its event trail then goes with it.
        (void)m_service.addJobEvent(
            callback.jobId, QStringLiteral("callback"),
            tr("Callbacks to %1 are held: %2").arg(maskUrl(callback.url), m_heldReason));
    }
}

void CallbackDispatcher::checkAuthKeyLater(qint64 nowMs)
{
    if (m_checkingAuthKey || !m_sender || nowMs - m_lastAuthKeyCheckMs < m_firstBackoffMs) {
        return;
    }
    m_checkingAuthKey = true;
    QMetaObject::invokeMethod(m_sender.data(), &CallbackSender::checkAuthKey, Qt::QueuedConnection);
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
    if (!m_heldReason.isEmpty()) {
        if (sign) {
            tellJobsHeld(*due);
            checkAuthKeyLater(now);
            return;
        }
        resume(); // the key was cleared: callbacks go unsigned, as the operator chose
    }
    // Claimed in one transaction (engines pass over each other's picks); what another engine
    // claimed first is not among them.
    auto claimed =
        m_repository.claimDue(m_owner, now, now + ClaimMs, MaxInFlight - int(m_inFlight.size()));
    if (!claimed) {
        qCWarning(lcNotify) << "cannot claim callbacks:" << claimed.error().message;
        return;
    }
    for (const PendingCallback &callback : std::as_const(*claimed)) {
        m_inFlight.insert(callback.eventId, callback);
        // A margin below the claim's expiry: a paused engine does not send what another one
        // may have claimed since.
        const QDeadlineTimer claim(ClaimMs - ClaimMarginMs);
        CallbackSender *sender = m_sender.data();
        QMetaObject::invokeMethod(
            sender,
            [sender, callback, sign, claim] {
                sender->send(callback.eventId, callback.eventType, callback.url, callback.body,
                             sign, claim);
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
                .arg(callback.eventType, maskUrl(callback.url))
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
