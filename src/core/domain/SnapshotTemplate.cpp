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
    o.insert(QStringLiteral("Width"), width);
    o.insert(QStringLiteral("Height"), height);
    o.insert(QStringLiteral("JpegQuality"), jpegQuality);
    o.insert(QStringLiteral("CaptureMode"), captureMode);
    if (!overwriteFormat.isEmpty()) {
        o.insert(QStringLiteral("OverwriteFormat"), overwriteFormat);
    }
    if (!sequenceFormat.isEmpty()) {
        o.insert(QStringLiteral("SequenceFormat"), sequenceFormat);
    }
    return o;
}

} // namespace livesnap
