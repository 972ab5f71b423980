#include "domain/SnapshotFile.h"

#include "common/TimeFormat.h"

#include <QJsonArray>
#include <QTimeZone>

namespace livesnap {

QDateTime SnapshotFile::createTime() const
{
    return QDateTime::fromMSecsSinceEpoch(createTimestamp, QTimeZone::utc());
}

QJsonObject FileCopy::toJson() const
{
    QJsonObject o = store.toJson();
    o.insert(QStringLiteral("Endpoint"), store.endpoint);
    o.insert(QStringLiteral("Confirmed"), confirmed);
    return o;
}

QJsonObject SnapshotFile::toJson() const
{
    QJsonObject o{
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
    if (!stores.isEmpty()) {
        QJsonArray copies;
        for (const FileCopy &copy : stores) {
            copies.append(copy.toJson());
        }
        o.insert(QStringLiteral("Stores"), copies);
    }
    return o;
}

} // namespace livesnap
