#pragma once

#include "catalog/CallbackRepository.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace livesnap {

class CallbackSender;
class SnapshotService;

// Delivers the callback outbox. Lives on the catalog thread: it picks each job's oldest due
// callback, claims it in the catalog (so two engines never send one twice at once), hands it
// to the CallbackSender on the network thread, and settles the answer: delivered → removed;
// failed → retried with backoff, and after MaxAttempts tries given up with a job event. A
// job's callbacks go out one at a time, in order; different jobs' in parallel.
//
// Signing fails closed: when an AuthKey is set but cannot be read, delivery is held. Held
// callbacks stay queued and no try is counted; each waiting job gets one event, the reason is
// recorded for GetCallbackSettings, and the key is read again every first-backoff interval.
// Delivery resumes, signed, once the key can be read (or unsigned once it is cleared).
class CallbackDispatcher : public QObject {
    Q_OBJECT

public:
    CallbackDispatcher(SnapshotService &service, CallbackSender *sender, const QString &owner,
                       QObject *parent = nullptr);
    ~CallbackDispatcher() override;

    // Wait before try n+1 is firstMs * 2^(n-1), at most maxMs (default 2 s doubling to 60 s).
    void setBackoff(int firstMs, int maxMs);
    void start();
    // Stops sending and frees this engine's claims; answers still on their way are dropped
    // (their callbacks are sent again later, possibly twice: receivers dedupe by event id).
    void stop();

    int inFlight() const { return int(m_inFlight.size()); }
    // Why delivery is held (empty: it is not).
    QString heldReason() const { return m_heldReason; }

public slots:
    void poll();

signals:
    // Each settled try, for tests and logs.
    void settled(const QString &eventId, bool delivered, bool givenUp);
    // Delivery is held (reason) or resumes (empty reason).
    void heldChanged(const QString &reason);

private:
    void onFinished(const QString &eventId, bool delivered, const QString &error);
    void onHeld(const QString &eventId, const QString &reason);
    // The sender found the claim run out (the engine was paused): not sent.
    void onExpired(const QString &eventId);
    void onAuthKeyChecked(bool readable, const QString &reason);
    void hold(const QString &reason);
    void resume();
    // One event per job whose callbacks wait, per hold.
    void tellJobsHeld(const QList<PendingCallback> &waiting);
    void checkAuthKeyLater(qint64 nowMs);
    qint64 backoffMs(int attempts) const;

    SnapshotService &m_service;
    CallbackRepository &m_repository;
    QPointer<CallbackSender> m_sender;
    QString m_owner;
    QTimer m_timer;
    QHash<QString, PendingCallback> m_inFlight;
    bool m_running = false;
    QString m_heldReason;
    QSet<QString> m_jobsToldHeld;
    bool m_checkingAuthKey = false;
    qint64 m_lastAuthKeyCheckMs = 0;
    int m_firstBackoffMs = 2000;
    int m_maxBackoffMs = 60000;
};

} // namespace livesnap
