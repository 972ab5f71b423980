#include "notify/CallbackEvent.h"

#include "common/TimeFormat.h"
#include "common/UrlMasking.h"
#include "domain/SnapshotFile.h"
#include <QMessageAuthenticationCode>

#include <QJsonDocument>

namespace livesnap {

namespace callbackhttp {

QByteArray signature(QByteArrayView authKey, QByteArrayView timestamp, QByteArrayView body)
{
    QByteArray message;
    message.reserve(timestamp.size() + 1 + body.size());
    message.append(timestamp).append('.').append(body);
    return QMessageAuthenticationCode::hash(message, authKey.toByteArray(),
                                            QCryptographicHash::Sha256)
        .toHex();
}

} // namespace callbackhttp

namespace callbackbody {

QByteArray envelope(const QString &eventType, const QDateTime &eventTime, const QString &jobId,
                    const QJsonObject &messageBody)
{
    const QJsonObject object{{QStringLiteral("EventType"), eventType},
                             {QStringLiteral("EventTime"), formatApiTime(eventTime)},
                             {QStringLiteral("JobId"), jobId},
                             {QStringLiteral("MessageBody"), messageBody}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject jobStarted(const QString &jobId, const QString &jobName, const QString &command)
{
    return {{QStringLiteral("JobId"), jobId},
            {QStringLiteral("JobName"), jobName},
            {QStringLiteral("Command"), command}};
}

QJsonObject jobStopped(const QString &jobId, const QString &jobName, const QString &reason)
{
    return {{QStringLiteral("JobId"), jobId},
            {QStringLiteral("JobName"), jobName},
            {QStringLiteral("Reason"), maskSecretsInText(reason)}};
}

QJsonObject streamStateChanged(const QString &jobId, const QString &state,
                               const QString &previousState, const QString &error)
{
    return {{QStringLiteral("JobId"), jobId},
            {QStringLiteral("StreamState"), state},
            {QStringLiteral("PreviousStreamState"), previousState},
            // Errors can quote the stream URL: never send its tokens.
            {QStringLiteral("ErrorMessage"), maskSecretsInText(error)}};
}

QJsonObject streamHealthChanged(const QString &jobId, const QString &jobName, const QString &health,
                                const QString &previousHealth, const QDateTime &since,
                                const QString &message)
{
    return {{QStringLiteral("JobId"), jobId},
            {QStringLiteral("JobName"), jobName},
            {QStringLiteral("StreamHealth"), health},
            {QStringLiteral("PreviousStreamHealth"), previousHealth},
            {QStringLiteral("StreamHealthSince"), formatApiTime(since)},
            {QStringLiteral("Message"), maskSecretsInText(message)}};
}

QJsonObject snapshotCreated(const SnapshotFile &file)
{
    return {{QStringLiteral("JobId"), file.jobId},
            {QStringLiteral("Sequence"), file.sequence},
            {QStringLiteral("OssEndpoint"), file.ossEndpoint},
            {QStringLiteral("OssBucket"), file.ossBucket},
            {QStringLiteral("OssObject"), file.ossObject},
            {QStringLiteral("CreateTimestamp"), file.createTimestamp},
            {QStringLiteral("Width"), file.width},
            {QStringLiteral("Height"), file.height},
            {QStringLiteral("Size"), file.size},
            {QStringLiteral("IsOverwrite"), file.isOverlay}};
}

} // namespace callbackbody

} // namespace livesnap
