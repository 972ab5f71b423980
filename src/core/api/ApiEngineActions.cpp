#include "api/ApiSupport.h"

namespace livesnap::api {

namespace {

// Every engine on the catalog, newest first: the live ones and, until their rows are pruned a
// day later, those that stopped beating (Alive false).
Result<QJsonObject> listEngines(SnapshotService &s, const Args &)
{
    LS_TRY(engines, s.listEngines());
    QJsonArray list;
    for (const EngineInfo &engine : engines) {
        list.append(engine.toJson());
    }
    return QJsonObject{{QStringLiteral("Engines"), list},
                       {QStringLiteral("TotalCount"), list.size()}};
}

} // namespace

QList<ApiDispatcher::Action> engineActions()
{
    return {
        {QStringLiteral("ListEngines"),
         ApiDispatcher::tr("List the engines on this catalog: host, pid, version, heartbeat, jobs "
                           "held and capacity; Alive is false for one that stopped beating."),
         {},
         listEngines},
    };
}

} // namespace livesnap::api
