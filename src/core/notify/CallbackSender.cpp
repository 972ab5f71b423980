#include "notify/CallbackSender.h"

#include "common/Logging.h"
#include "domain/StreamInput.h"
#include "notify/CallbackAuthKey.h"
#include "notify/CallbackEvent.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

namespace livesnap {

namespace {
// Another process may change the key: read it again after this long.
constexpr qint64 AuthKeyCacheMs = 30000;
} // namespace

CallbackSender::CallbackSender(AuthKeyReader readAuthKey, QObject *parent)
    : QObject(parent)
    , m_readAuthKey(std::move(readAuthKey))
{}

void CallbackSender::forgetAuthKey()
{
    m_authKey.reset();
}

Result<QString> CallbackSender::authKey()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (m_authKey && m_authKeyReadAt.msecsTo(now) <= AuthKeyCacheMs) {
        return *m_authKey;
    }
    m_authKey.reset();
    Result<QString> key = m_readAuthKey
                              ? m_readAuthKey()
                              : Result<QString>(Error::user(errc::SecretNotFound, QString()));
    if (key) {
        m_authKey = *key; // only a key that could be read is kept
        m_authKeyReadAt = now;
    }
    return key;
}

void CallbackSender::checkAuthKey()
{
    forgetAuthKey();
    const Result<QString> key = authKey();
    emit authKeyChecked(key.ok(), key ? QString() : notify::callbackAuthKeyProblem(key.error()));
}

void CallbackSender::send(const QString &eventId, const QString &eventType, const QString &url,
                          const QByteArray &body, bool sign, QDeadlineTimer claim)
{
    if (claim.hasExpired()) {
        qCWarning(lcNotify) << eventType << eventId << "not sent: its claim ran out";
        emit expired(eventId);
        return;
    }
    if (!m_network) {
        m_network = new QNetworkAccessManager(this);
        m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    }
    QNetworkRequest request{QUrl(url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("LiveSnap"));
    request.setTransferTimeout(m_timeoutMs);
    const QByteArray timestamp = QByteArray::number(QDateTime::currentSecsSinceEpoch());
    request.setRawHeader(callbackhttp::EventIdHeader, eventId.toUtf8());
    request.setRawHeader(callbackhttp::TimestampHeader, timestamp);
    if (sign) {
        const Result<QString> key = authKey();
        if (!key) {
            // Fail closed: never send unsigned what the receiver expects signed.
            qCWarning(lcNotify) << eventType << eventId
                                << "held: the AuthKey cannot be read:" << key.error().message;
            emit held(eventId, notify::callbackAuthKeyProblem(key.error()));
            return;
        }
        request.setRawHeader(callbackhttp::SignatureHeader,
                             callbackhttp::signature(key->toUtf8(), timestamp, body));
    }
    QNetworkReply *reply = m_network->post(request, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, eventId, eventType, url] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status >= 200 && status < 300) {
            qCDebug(lcNotify) << eventType << eventId << "delivered, HTTP" << status;
            emit finished(eventId, true, QString());
            return;
        }
        const QString error =
            status != 0
                // Status code and reason phrase only: nothing in it to translate.
                ? QStringLiteral("HTTP %1 %2")
                      .arg(status)
                      .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString())
                      .trimmed()
                : reply->errorString();
        qCInfo(lcNotify) << eventType << "to" << maskStreamUrl(url) << "failed:" << error;
        emit finished(eventId, false, maskSecretsInText(error));
    });
}

} // namespace livesnap
