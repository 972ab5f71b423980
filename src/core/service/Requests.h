#pragma once

#include "catalog/Queries.h"
#include "domain/Settings.h"
#include "domain/SnapshotJob.h"
#include "domain/StorageLocation.h"
#include "domain/StreamInput.h"
#include "domain/Usage.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

// What SnapshotService's operations take and give beyond the catalog's own types, named after
// the reference API's fields.
namespace livesnap {

inline constexpr int MaxDeleteFiles = 200;

struct TemplateSpec {
    QString templateName;
    int timeInterval = 0;
    QString overwriteFormat;
    QString sequenceFormat;
    // Output of each snapshot (see SnapshotTemplate): 0 keeps the stream's size / the engine's
    // JPEG quality.
    int width = 0;
    int height = 0;
    int jpegQuality = 0;
    QString captureMode = QStringLiteral("keyframe");
};

// UpdateLiveSnapshotTemplate: only the fields given are changed.
struct TemplateUpdate {
    QString templateId;
    std::optional<QString> templateName;
    std::optional<int> timeInterval;
    std::optional<QString> overwriteFormat;
    std::optional<QString> sequenceFormat;
    std::optional<int> width;
    std::optional<int> height;
    std::optional<int> jpegQuality;
    std::optional<QString> captureMode;
};

struct JobSpec {
    QString jobName;
    QString templateId;
    StreamInput streamInput;
    SnapshotOutput snapshotOutput;
    // Several stores (one capture, a copy in each); when empty, snapshotOutput is the one store.
    QList<SnapshotOutput> snapshotOutputs;
    QString callbackUrl;
};

struct FileDeleteResult {
    qint64 createTimestamp = 0;
    bool deleted = false;
    QString message;
};

// A link that lets anyone GET one stored object until it expires.
struct SignedLink {
    QUrl url;
    QDateTime expireTime;
    // For an object in a local folder: its file, which readers on this machine may open
    // directly instead of fetching the link; empty for OSS / S3.
    QString localPath;
};

namespace jobcommand {
inline const QString Start = QStringLiteral("start");
inline const QString Stop = QStringLiteral("stop");
inline const QString Restart = QStringLiteral("restart");
inline const QString Snapshot = QStringLiteral("snapshot"); // one more, at the next keyframe
} // namespace jobcommand

} // namespace livesnap
