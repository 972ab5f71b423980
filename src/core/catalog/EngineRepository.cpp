#include "catalog/EngineRepository.h"

#include "catalog/SqlHelpers.h"

#include <algorithm>

namespace livesnap {

Status EngineRepository::registerEngine(const EngineInfo &engine, qint64 nowMs)
{
    CatalogTransaction tx(m_catalog);
    if (auto r = m_catalog.exec(QStringLiteral("DELETE FROM engines WHERE engine_id = ?"),
                                {engine.engineId});
        !r) {
        return r.error();
    }
    auto r = m_catalog.exec(
        QStringLiteral("INSERT INTO engines (engine_id, host, pid, version, start_time, "
                       "last_heartbeat, capacity, job_count, capture) VALUES (?, ?, ?, ?, ?, ?, "
                       "?, ?, ?)"),
        {engine.engineId, engine.host, engine.pid, engine.version, sql::ms(engine.startTime), nowMs,
         engine.capacity, engine.jobCount, engine.capture ? 1 : 0});
    if (!r) {
        return r.error();
    }
    return tx.commit();
}

Result<bool> EngineRepository::heartbeat(const QString &engineId, qint64 nowMs, int jobCount)
{
    auto r = m_catalog.exec(QStringLiteral("UPDATE engines SET last_heartbeat = ?, job_count = ? "
                                           "WHERE engine_id = ?"),
                            {nowMs, jobCount, engineId});
    if (!r) {
        return r.error();
    }
    return r->numRowsAffected() > 0;
}

Status EngineRepository::unregisterEngine(const QString &engineId)
{
    auto r = m_catalog.exec(QStringLiteral("DELETE FROM engines WHERE engine_id = ?"), {engineId});
    return r ? success() : Status(r.error());
}

Result<QList<EngineInfo>> EngineRepository::list(qint64 nowMs, qint64 aliveWithinMs) const
{
    auto r = m_catalog.exec(QStringLiteral(
        "SELECT engine_id, host, pid, version, start_time, last_heartbeat, job_count, capacity, "
        "capture FROM engines ORDER BY start_time DESC, engine_id ASC"));
    if (!r) {
        return r.error();
    }
    QList<EngineInfo> engines;
    while (r->next()) {
        EngineInfo e;
        e.engineId = r->value(0).toString();
        e.host = r->value(1).toString();
        e.pid = r->value(2).toLongLong();
        e.version = r->value(3).toString();
        e.startTime = sql::time(r->value(4));
        const qint64 beat = r->value(5).toLongLong();
        e.lastHeartbeat = sql::time(beat);
        e.jobCount = r->value(6).toInt();
        e.capacity = r->value(7).toInt();
        e.capture = r->value(8).toInt() != 0;
        e.alive = nowMs - beat <= aliveWithinMs;
        engines << e;
    }
    return engines;
}

Result<QString> EngineRepository::hostOf(const QString &engineId) const
{
    auto r = m_catalog.scalar(QStringLiteral("SELECT host FROM engines WHERE engine_id = ?"),
                              {engineId});
    if (!r) {
        return r.error();
    }
    return r->isValid() ? r->toString() : QString();
}

Result<int> EngineRepository::fairShare(qint64 nowMs, qint64 aliveWithinMs) const
{
    auto engines = m_catalog.scalar(QStringLiteral("SELECT COUNT(*) FROM engines WHERE capture = 1 "
                                                   "AND last_heartbeat >= ?"),
                                    {nowMs - aliveWithinMs});
    if (!engines) {
        return engines.error();
    }
    auto jobs =
        m_catalog.scalar(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE status = 'started'"));
    if (!jobs) {
        return jobs.error();
    }
    const qint64 alive = std::max<qint64>(1, engines->toLongLong());
    return int((jobs->toLongLong() + alive - 1) / alive);
}

Status EngineRepository::prune(qint64 nowMs, qint64 olderThanMs)
{
    auto r = m_catalog.exec(QStringLiteral("DELETE FROM engines WHERE last_heartbeat < ?"),
                            {nowMs - olderThanMs});
    return r ? success() : Status(r.error());
}

} // namespace livesnap
