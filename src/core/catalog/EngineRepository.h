#pragma once

#include "catalog/Catalog.h"
#include "domain/EngineInfo.h"

#include <QList>

namespace livesnap {

// The engines on a catalog (the engines table): each registers when it starts, beats while it
// runs (last_heartbeat, job_count) and unregisters when it stops. A row whose heartbeat is
// older than aliveWithinMs is an engine that died or paused; rows older than a day are pruned.
class EngineRepository {
public:
    explicit EngineRepository(Catalog &catalog)
        : m_catalog(catalog)
    {}

    Status registerEngine(const EngineInfo &engine, qint64 nowMs);
    // Records a heartbeat; false when the row is gone (pruned while this engine was paused):
    // the caller registers again.
    Result<bool> heartbeat(const QString &engineId, qint64 nowMs, int jobCount);
    Status unregisterEngine(const QString &engineId);
    // Every engine, newest first; `alive` is true for a heartbeat within aliveWithinMs of now.
    Result<QList<EngineInfo>> list(qint64 nowMs, qint64 aliveWithinMs) const;
    // The host an engine runs on ("" when it is not registered).
    Result<QString> hostOf(const QString &engineId) const;
    // An engine's fair share of the started jobs: their number divided by the capturing engines
    // that beat within aliveWithinMs (at least one), rounded up. Engines claim no more than
    // that, so jobs started at once spread over the engines instead of going to whichever
    // claims first; when an engine dies its share grows for the others.
    Result<int> fairShare(qint64 nowMs, qint64 aliveWithinMs) const;
    // Removes rows whose heartbeat is older than olderThanMs before now.
    Status prune(qint64 nowMs, qint64 olderThanMs);

private:
    Catalog &m_catalog;
};

} // namespace livesnap
