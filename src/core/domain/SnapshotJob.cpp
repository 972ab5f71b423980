#include "domain/SnapshotJob.h"

#include "common/TimeFormat.h"

namespace livesnap {

bool jobstatus::isKnown(const QString &status)
{
    return status == Init || status == Started || status == Paused;
}

QJsonObject SnapshotJob::toJson() const
{
    QJsonObject o{
        {QStringLiteral("JobId"), jobId},
        {QStringLiteral("JobName"), jobName},
        {QStringLiteral("Status"), status},
        {QStringLiteral("TemplateId"), templateId},
        {QStringLiteral("TemplateName"), templateName},
        {QStringLiteral("TimeInterval"), timeInterval},
        {QStringLiteral("StreamInput"), streamInput.toJson()},
        {QStringLiteral("SnapshotOutput"),
         SnapshotOutput::listToJson(
             snapshotOutputs.isEmpty() ? QList<SnapshotOutput>{snapshotOutput} : snapshotOutputs)},
        {QStringLiteral("CallbackUrl"), callbackUrl},
        {QStringLiteral("CreateTime"), formatApiTime(createTime)},
        {QStringLiteral("ModifiedTime"), formatApiTime(modifiedTime)},
        {QStringLiteral("StreamState"), streamState},
        {QStringLiteral("LastSnapshotTime"), formatApiTime(lastSnapshotTime)},
        {QStringLiteral("SnapshotCount"), snapshotCount},
        {QStringLiteral("LastSequence"), lastSequence},
        {QStringLiteral("LastError"), maskSecretsInText(lastError)},
        {QStringLiteral("EngineId"), leaseOwner},
        {QStringLiteral("EngineHost"), engineHost},
        {QStringLiteral("WaitingForHost"), waitingForHost},
        {QStringLiteral("StreamHealth"), streamHealth},
        {QStringLiteral("StreamHealthSince"), formatApiTime(streamHealthSince)},
    };
    if (!overwriteFormat.isEmpty()) {
        o.insert(QStringLiteral("OverwriteFormat"), overwriteFormat);
    }
    if (!sequenceFormat.isEmpty()) {
        o.insert(QStringLiteral("SequenceFormat"), sequenceFormat);
    }
    return o;
}

} // namespace livesnap
