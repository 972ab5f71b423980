#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace livesnap {

struct SnapshotFile;

namespace callbackevent {
inline const QString JobStarted = QStringLiteral("LiveSnapshotJobStarted");
inline const QString SnapshotCreated = QStringLiteral("LiveSnapshotCreated");
inline const QString StreamStateChanged = QStringLiteral("LiveSnapshotStreamStateChanged");
inline const QString JobStopped = QStringLiteral("LiveSnapshotJobStopped");
inline const QString StreamHealthChanged = QStringLiteral("LiveSnapshotStreamHealthChanged");
} // namespace callbackevent

// The HTTP contract with a callback receiver: a POST of
// {"EventType", "EventTime", "JobId", "MessageBody": {...}} as application/json, with headers
//   X-LiveSnap-Event-Id   unique per event (the same on every retry; receivers dedupe on it)
//   X-LiveSnap-Timestamp  Unix seconds when this try was sent
//   X-LiveSnap-Signature  hex HMAC-SHA256(AuthKey, Timestamp + "." + body), only with an AuthKey
namespace callbackhttp {
inline constexpr char EventIdHeader[] = "X-LiveSnap-Event-Id";
inline constexpr char TimestampHeader[] = "X-LiveSnap-Timestamp";
inline constexpr char SignatureHeader[] = "X-LiveSnap-Signature";
// The name the AuthKey goes by in the keychain.
inline const QString AuthKeySecret = QStringLiteral("callback/AuthKey");
// Tries per callback before it is given up (the first try included).
inline constexpr int MaxAttempts = 5;

QByteArray signature(QByteArrayView authKey, QByteArrayView timestamp, QByteArrayView body);
} // namespace callbackhttp

// Builds the JSON body of each event.
namespace callbackbody {
QByteArray envelope(const QString &eventType, const QDateTime &eventTime, const QString &jobId,
                    const QJsonObject &messageBody);
QJsonObject jobStarted(const QString &jobId, const QString &jobName, const QString &command);
QJsonObject jobStopped(const QString &jobId, const QString &jobName, const QString &reason);
QJsonObject streamStateChanged(const QString &jobId, const QString &state,
                               const QString &previousState, const QString &error);
QJsonObject snapshotCreated(const SnapshotFile &file);
QJsonObject streamHealthChanged(const QString &jobId, const QString &jobName, const QString &health,
                                const QString &previousHealth, const QDateTime &since,
                                const QString &message);
} // namespace callbackbody

} // namespace livesnap
