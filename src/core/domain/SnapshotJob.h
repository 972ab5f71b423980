#pragma once

#include "domain/StorageLocation.h"
#include "domain/StreamInput.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace livesnap {

namespace jobstatus {
inline const QString Init = QStringLiteral("init");       // never started
inline const QString Started = QStringLiteral("started"); // should run
inline const QString Paused = QStringLiteral("paused");   // stopped by command
bool isKnown(const QString &status);
} // namespace jobstatus

namespace streamstate {
inline const QString Idle = QStringLiteral("idle");       // not started
inline const QString Waiting = QStringLiteral("waiting"); // started, no engine holds it yet
inline const QString Connecting = QStringLiteral("connecting");
inline const QString Live = QStringLiteral("live");
inline const QString Reconnecting = QStringLiteral("reconnecting");
inline const QString Failed = QStringLiteral("failed");
} // namespace streamstate

// What the pictures of a running job say about its camera, judged from the keyframes the
// engine already decodes (no extra decoding).
namespace streamhealth {
inline const QString Unknown = QStringLiteral("unknown"); // not running, or not judged yet
inline const QString Ok = QStringLiteral("ok");
inline const QString Black = QStringLiteral("black");   // mean luma and spread below thresholds
inline const QString Frozen = QStringLiteral("frozen"); // the same picture for N snapshots
inline const QString Down = QStringLiteral("down");     // not live for longer than a grace period
} // namespace streamhealth

// A snapshot job as the catalog knows it, with its template's settings joined in.
struct SnapshotJob {
    QString jobId;
    QString jobName;
    QString status = jobstatus::Init;
    QString templateId;
    QString templateName;
    int timeInterval = 0;
    QString overwriteFormat;
    QString sequenceFormat;
    int width = 0; // the template's output size (0 = the stream's)
    int height = 0;
    int jpegQuality = 0; // the template's; 0 = the engine setting
    QString captureMode = QStringLiteral("keyframe");
    StreamInput streamInput;
    SnapshotOutput snapshotOutput;         // the first store (the only one of a one-store job)
    QList<SnapshotOutput> snapshotOutputs; // every store, in the order submitted
    QString callbackUrl;
    QDateTime createTime;
    QDateTime modifiedTime;

    // Runtime facts reported by the engine that runs it.
    QString streamState = streamstate::Idle;
    QDateTime lastSnapshotTime;
    qint64 snapshotCount = 0;
    qint64 lastSequence = 0;
    QString lastError;
    QString leaseOwner; // the engine running it, if any
    QString engineHost; // the host that engine runs on ("" when none, or not registered)
    // Started, held by no engine, and bound to another host's folder: the host whose engine it
    // waits for (a local location belongs to the machine that added it).
    QString waitingForHost;
    QString streamHealth = streamhealth::Unknown;
    QDateTime streamHealthSince; // when streamHealth last changed

    // Engine-facing: the storage location row, and a counter bumped by "restart".
    QString locationId;      // the first store's
    QStringList locationIds; // every store's, in snapshotOutputs' order
    qint64 runGeneration = 0;

    QJsonObject toJson() const;
    // Field by field (cheap: the GUI's models compare every refreshed row).
    bool operator==(const SnapshotJob &) const = default;
};

} // namespace livesnap
