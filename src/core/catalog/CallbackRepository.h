#pragma once

#include "catalog/Catalog.h"

#include <QList>
#include <QString>

namespace livesnap {

// One callback waiting in the outbox.
struct PendingCallback {
    QString eventId;
    qint64 seq = 0;
    QString jobId;
    QString eventType;
    QString url;
    QByteArray body;
    int attempts = 0;
};

// SQL for callback_outbox: callbacks are queued in the same transaction as the change they
// report, claimed by one engine at a time (compare-and-set, with an expiry so a crashed
// engine's claims come free), and delivered in order per job.
class CallbackRepository {
public:
    explicit CallbackRepository(Catalog &catalog)
        : m_catalog(catalog)
    {}

    Status enqueue(const PendingCallback &callback, qint64 nowMs);
    // Per job, its oldest callback, when that one is due and not claimed; at most `limit`.
    Result<QList<PendingCallback>> dueHeads(qint64 nowMs, int limit) const;
    // Claims one callback for `owner` until claimUntilMs; false when another engine has it.
    Result<bool> claim(const QString &eventId, const QString &owner, qint64 nowMs,
                       qint64 claimUntilMs);
    // Delivered, or given up: removes it (only while `owner` holds the claim).
    Status remove(const QString &eventId, const QString &owner);
    // A failed try: counts it, records why, and frees the claim until nextAttemptMs.
    Status retryLater(const QString &eventId, const QString &owner, qint64 nextAttemptMs,
                      const QString &error);
    // Frees the claim without counting a try (a callback held back, never sent).
    Status release(const QString &eventId, const QString &owner);
    // Frees every claim `owner` holds (an engine shutting down).
    Status releaseAll(const QString &owner);
    Result<int> pendingCount(const QString &jobId = QString()) const;
    // Drops the oldest unclaimed callbacks of a job beyond `keep`; returns how many.
    Result<int> trim(const QString &jobId, int keep, qint64 nowMs);

private:
    Catalog &m_catalog;
};

} // namespace livesnap
