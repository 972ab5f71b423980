#pragma once

#include "domain/StorageLocation.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace livesnap {

// One copy of a snapshot object in one of its job's stores. A copy is confirmed once that store
// holds the object whole; until then it is pending (its store is behind or unreachable).
struct FileCopy {
    QString locationId;
    SnapshotOutput store;
    bool confirmed = false;

    QJsonObject toJson() const;
    bool operator==(const FileCopy &) const = default;
};

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
    QList<FileCopy> stores = {}; // its copies, in the job's store order (when asked for)

    QDateTime createTime() const;
    QJsonObject toJson() const;
};

} // namespace livesnap
