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
// engine's claims come free), and delivered in order per job: only a job's oldest callback can
// be claimed. Engines share the outbox on PostgreSQL: claims lock the rows they pick (FOR
// UPDATE SKIP LOCKED, so engines claiming at once pass over each other's picks), and a job's
// callbacks are queued one transaction at a time (an advisory lock per job), so their order
// (seq) is the order they were queued in.
class CallbackRepository {
public:
    explicit CallbackRepository(Catalog &catalog)
        : m_catalog(catalog)
    {}

    Status enqueue(const PendingCallback &callback, qint64 nowMs);
    // Per job, its oldest callback, when that one is due and not claimed; at most `limit`.
    Result<QList<PendingCallback>> dueHeads(qint64 nowMs, int limit) const;
    // Claims up to `limit` due heads (each job's oldest callback, when due and not claimed) for
    // `owner` until claimUntilMs, in one transaction; returns those it claimed.
    Result<QList<PendingCallback>> claimDue(const QString &owner, qint64 nowMs, qint64 claimUntilMs,
                                            int limit);
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
