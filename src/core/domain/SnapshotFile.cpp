#include "domain/SnapshotFile.h"

#include "common/TimeFormat.h"

#include <QTimeZone>

namespace livesnap {

QDateTime SnapshotFile::createTime() const
{
    return QDateTime::fromMSecsSinceEpoch(createTimestamp, QTimeZone::utc());
}

QJsonObject SnapshotFile::toJson() const
{
    return QJsonObject{
        {QStringLiteral("JobId"), jobId},
        {QStringLiteral("OssEndpoint"), ossEndpoint},
        {QStringLiteral("OssBucket"), ossBucket},
        {QStringLiteral("OssObject"), ossObject},
        {QStringLiteral("CreateTime"), formatApiTime(createTime())},
        {QStringLiteral("CreateTimestamp"), createTimestamp},
        {QStringLiteral("IsOverlay"), isOverlay},
        {QStringLiteral("Sequence"), sequence},
        {QStringLiteral("Size"), size},
        {QStringLiteral("Width"), width},
        {QStringLiteral("Height"), height},
    };
}

} // namespace livesnap
