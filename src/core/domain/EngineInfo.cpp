#include "domain/EngineInfo.h"

#include "common/TimeFormat.h"

namespace livesnap {

QJsonObject EngineInfo::toJson() const
{
    return QJsonObject{
        {QStringLiteral("EngineId"), engineId},
        {QStringLiteral("Host"), host},
        {QStringLiteral("Pid"), pid},
        {QStringLiteral("Version"), version},
        {QStringLiteral("StartTime"), formatApiTime(startTime)},
        {QStringLiteral("LastHeartbeat"), formatApiTime(lastHeartbeat)},
        {QStringLiteral("JobCount"), jobCount},
        {QStringLiteral("Capacity"), capacity},
        {QStringLiteral("Capture"), capture},
        {QStringLiteral("Alive"), alive},
    };
}

} // namespace livesnap
