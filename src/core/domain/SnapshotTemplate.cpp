#include "domain/SnapshotTemplate.h"

#include "common/TimeFormat.h"

namespace livesnap {

QJsonObject SnapshotTemplate::toJson() const
{
    QJsonObject o{
        {QStringLiteral("TemplateId"), templateId},
        {QStringLiteral("TemplateName"), templateName},
        {QStringLiteral("Type"), type},
        {QStringLiteral("TimeInterval"), timeInterval},
        {QStringLiteral("CreateTime"), formatApiTime(createTime)},
        {QStringLiteral("ModifiedTime"), formatApiTime(modifiedTime)},
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
