#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace livesnap {

// One engine on the catalog (ListEngines): who it is, where it runs, how full it is, and
// whether it still beats. Engines that stopped cleanly are gone from the list; one that died
// stays, not alive, until its row is pruned.
struct EngineInfo {
    QString engineId; // "role@host:pid:nonce", also the owner of its leases (a job's EngineId)
    QString host;
    qint64 pid = 0;
    QString version;
    QDateTime startTime;
    QDateTime lastHeartbeat;
    int jobCount = 0;
    int capacity = 0;
    bool capture = true; // false: a console that runs no jobs
    bool alive = false;  // its heartbeat is younger than the lease TTL it uses

    QJsonObject toJson() const;
};

} // namespace livesnap
