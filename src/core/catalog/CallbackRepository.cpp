#include "catalog/CallbackRepository.h"

namespace livesnap {

namespace {
// The due heads: per job, its oldest callback, when it is due and not claimed.
const QString DueHeads = QStringLiteral(
    "SELECT o.event_id, o.seq, o.job_id, o.event_type, o.url, o.body, o.attempts FROM "
    "callback_outbox o WHERE o.seq = (SELECT MIN(h.seq) FROM callback_outbox h WHERE h.job_id = "
    "o.job_id) AND o.next_attempt_ms <= ? AND o.claimed_until_ms < ? ORDER BY o.seq LIMIT ?");

PendingCallback fromRow(const QSqlQuery &r)
{
    return PendingCallback{r.value(0).toString(), r.value(1).toLongLong(),
                           r.value(2).toString(), r.value(3).toString(),
                           r.value(4).toString(), r.value(5).toString().toUtf8(),
                           r.value(6).toInt()};
}
} // namespace

Status CallbackRepository::enqueue(const PendingCallback &callback, qint64 nowMs)
{
    CatalogTransaction tx(m_catalog);
    if (m_catalog.isPostgres()) {
        // Engines queue at once on PostgreSQL: one transaction per job at a time, so the next
        // statement sees the job's callbacks queued before it, and its seq orders them.
        if (auto l =
                m_catalog.exec(QStringLiteral("SELECT pg_advisory_xact_lock(7411, hashtext(?))"),
                               {callback.jobId});
            !l) {
            return l.error();
        }
    }
    // seq: one more than any queued; SQLite runs one writer at a time, so it is unique (on
    // PostgreSQL, unique per job, which is what the order is kept by).
    auto r = m_catalog.exec(
        QStringLiteral("INSERT INTO callback_outbox (event_id, seq, job_id, event_type, url, "
                       "body, created_ms, next_attempt_ms) SELECT ?, COALESCE(MAX(seq), 0) + 1, "
                       "?, ?, ?, ?, ?, ? FROM callback_outbox"),
        {callback.eventId, callback.jobId, callback.eventType, callback.url,
         QString::fromUtf8(callback.body), nowMs, nowMs});
    if (!r) {
        return r.error();
    }
    return tx.commit();
}

Result<QList<PendingCallback>> CallbackRepository::dueHeads(qint64 nowMs, int limit) const
{
    auto r = m_catalog.exec(DueHeads, {nowMs, nowMs, limit});
    if (!r) {
        return r.error();
    }
    QList<PendingCallback> due;
    while (r->next()) {
        due.append(fromRow(*r));
    }
    return due;
}

Result<QList<PendingCallback>> CallbackRepository::claimDue(const QString &owner, qint64 nowMs,
                                                            qint64 claimUntilMs, int limit)
{
    CatalogTransaction tx(m_catalog);
    auto r = m_catalog.exec(DueHeads + m_catalog.skipLocked(), {nowMs, nowMs, limit});
    if (!r) {
        return r.error();
    }
    QList<PendingCallback> picked;
    while (r->next()) {
        picked.append(fromRow(*r));
    }
    QList<PendingCallback> claimed;
    for (const PendingCallback &callback : std::as_const(picked)) {
        auto ok = claim(callback.eventId, owner, nowMs, claimUntilMs);
        if (!ok) {
            return ok.error();
        }
        if (*ok) {
            claimed.append(callback);
        }
    }
    if (auto s = tx.commit(); !s) {
        return s.error();
    }
    return claimed;
}

Result<bool> CallbackRepository::claim(const QString &eventId, const QString &owner, qint64 nowMs,
                                       qint64 claimUntilMs)
{
    auto r = m_catalog.exec(QStringLiteral("UPDATE callback_outbox SET claimed_by = ?, "
                                           "claimed_until_ms = ? WHERE event_id = ? AND "
                                           "claimed_until_ms < ?"),
                            {owner, claimUntilMs, eventId, nowMs});
    if (!r) {
        return r.error();
    }
    return r->numRowsAffected() > 0;
}

Status CallbackRepository::remove(const QString &eventId, const QString &owner)
{
    auto r = m_catalog.exec(
        QStringLiteral("DELETE FROM callback_outbox WHERE event_id = ? AND claimed_by = ?"),
        {eventId, owner});
    return r ? success() : Status(r.error());
}

Status CallbackRepository::retryLater(const QString &eventId, const QString &owner,
                                      qint64 nextAttemptMs, const QString &error)
{
    auto r = m_catalog.exec(QStringLiteral("UPDATE callback_outbox SET attempts = attempts + 1, "
                                           "next_attempt_ms = ?, last_error = ?, claimed_by = '', "
                                           "claimed_until_ms = 0 WHERE event_id = ? AND "
                                           "claimed_by = ?"),
                            {nextAttemptMs, error, eventId, owner});
    return r ? success() : Status(r.error());
}

Status CallbackRepository::release(const QString &eventId, const QString &owner)
{
    auto r = m_catalog.exec(QStringLiteral("UPDATE callback_outbox SET claimed_by = '', "
                                           "claimed_until_ms = 0 WHERE event_id = ? AND "
                                           "claimed_by = ?"),
                            {eventId, owner});
    return r ? success() : Status(r.error());
}

Status CallbackRepository::releaseAll(const QString &owner)
{
    auto r = m_catalog.exec(QStringLiteral("UPDATE callback_outbox SET claimed_by = '', "
                                           "claimed_until_ms = 0 WHERE claimed_by = ?"),
                            {owner});
    return r ? success() : Status(r.error());
}

Result<int> CallbackRepository::pendingCount(const QString &jobId) const
{
    auto r =
        jobId.isEmpty()
            ? m_catalog.scalar(QStringLiteral("SELECT COUNT(*) FROM callback_outbox"))
            : m_catalog.scalar(
                  QStringLiteral("SELECT COUNT(*) FROM callback_outbox WHERE job_id = ?"), {jobId});
    if (!r) {
        return r.error();
    }
    return r->toInt();
}

Result<int> CallbackRepository::trim(const QString &jobId, int keep, qint64 nowMs)
{
    auto count = pendingCount(jobId);
    if (!count) {
        return count.error();
    }
    const int excess = *count - keep;
    if (excess <= 0) {
        return 0;
    }
    auto r = m_catalog.exec(
        QStringLiteral("DELETE FROM callback_outbox WHERE event_id IN (SELECT event_id FROM "
                       "callback_outbox WHERE job_id = ? AND claimed_until_ms < ? ORDER BY seq "
                       "LIMIT ?)"),
        {jobId, nowMs, excess});
    if (!r) {
        return r.error();
    }
    return r->numRowsAffected();
}

} // namespace livesnap
