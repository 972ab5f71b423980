#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace livesnap {

// A snapshot template: how often and under which names a job's snapshots are kept.
struct SnapshotTemplate {
    QString templateId;
    QString templateName;
    QString type; // "system" (shipped, read-only) or "custom"
    int timeInterval = 0;
    QString overwriteFormat;
    QString sequenceFormat;
    QDateTime createTime;
    QDateTime modifiedTime;

    bool isSystem() const { return type == QLatin1String("system"); }
    QJsonObject toJson() const;
};

} // namespace livesnap
