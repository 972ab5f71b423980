#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace livesnap {

// One stored snapshot object, as ListLiveSnapshotFiles reports it.
struct SnapshotFile {
    QString jobId;
    QString ossEndpoint;
    QString ossBucket;
    QString ossObject;
    qint64 createTimestamp = 0; // ms since the epoch, UTC
    qint64 sequence = 0;
    bool isOverlay = false; // the overwrite object
    qint64 size = 0;
    int width = 0;
    int height = 0;

    QDateTime createTime() const;
    QJsonObject toJson() const;
};

} // namespace livesnap
