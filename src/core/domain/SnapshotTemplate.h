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
    // Output of each snapshot: 0 keeps the stream's size (one of the two given: the other follows
    // the aspect ratio; never upscaled); jpegQuality 0 = the engine setting.
    int width = 0;
    int height = 0;
    int jpegQuality = 0;
    QString captureMode = QStringLiteral("keyframe"); // keyframe | exact
    QDateTime createTime;
    QDateTime modifiedTime;

    bool isSystem() const { return type == QLatin1String("system"); }
    QJsonObject toJson() const;
};

} // namespace livesnap
