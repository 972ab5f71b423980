#include "domain/StreamInput.h"

#include "domain/TemplateRules.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace livesnap {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("livesnap::StreamInput", text);
}

bool isSecretKey(const QString &key)
{
    static const QStringList secrets{
        QStringLiteral("auth_key"),  QStringLiteral("authkey"),  QStringLiteral("token"),
        QStringLiteral("key"),       QStringLiteral("secret"),   QStringLiteral("sign"),
        QStringLiteral("signature"), QStringLiteral("password"), QStringLiteral("passwd"),
        QStringLiteral("pwd"),       QStringLiteral("txsecret"), QStringLiteral("access_token"),
        QStringLiteral("auth"),      QStringLiteral("wssecret")};
    return secrets.contains(key.toLower());
}
} // namespace

QJsonObject StreamInput::toJson() const
{
    return QJsonObject{{QStringLiteral("Type"), type}, {QStringLiteral("Url"), url}};
}

Result<StreamInput> StreamInput::fromJson(const QJsonObject &json)
{
    StreamInput input;
    input.type = json.value(QStringLiteral("Type")).toString(QStringLiteral("rtmp"));
    input.url = json.value(QStringLiteral("Url")).toString();
    if (auto s = input.validate(); !s) {
        return s.error();
    }
    return input;
}

Status StreamInput::validate() const
{
    if (type.toLower() != QLatin1String("rtmp")) {
        return invalidParameter(
            QStringLiteral("StreamInput.Type"),
            tr("StreamInput.Type is \"%1\"; only \"rtmp\" is supported.").arg(type));
    }
    if (url.isEmpty()) {
        return invalidParameter(QStringLiteral("StreamInput.Url"),
                                tr("StreamInput.Url is empty; give an rtmp:// or rtmps:// URL, "
                                   "e.g. rtmp://127.0.0.1/live/cam1."));
    }
    const QUrl parsed(url, QUrl::StrictMode);
    const QString scheme = parsed.scheme().toLower();
    if (scheme != QLatin1String("rtmp") && scheme != QLatin1String("rtmps")) {
        return invalidParameter(QStringLiteral("StreamInput.Url"),
                                tr("The stream URL must start with rtmp:// or rtmps:// (got %1); "
                                   "LiveSnap reads RTMP streams only.")
                                    .arg(maskStreamUrl(url)));
    }
    if (!parsed.isValid() || parsed.host().isEmpty() || url.size() > rules::MaxUrlLength) {
        return invalidParameter(QStringLiteral("StreamInput.Url"),
                                tr("The stream URL %1 is not a valid URL with a host, "
                                   "e.g. rtmp://127.0.0.1/live/cam1.")
                                    .arg(maskStreamUrl(url)));
    }
    if (parsed.path().size() <= 1) {
        return invalidParameter(QStringLiteral("StreamInput.Url"),
                                tr("The stream URL %1 names no application and stream; "
                                   "write it as rtmp://host/app/stream.")
                                    .arg(maskStreamUrl(url)));
    }
    return success();
}

QString maskSecretsInText(const QString &text)
{
    static const QRegularExpression secretValue(
        QStringLiteral("([?&;\\s](?:auth_key|authkey|token|key|secret|sign|signature|password|"
                       "passwd|pwd|txsecret|access_token|auth|wssecret)=)[^&\\s\"']+"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression userInfo(QStringLiteral("(rtmps?://[^:/@\\s]+:)[^@/\\s]+@"),
                                             QRegularExpression::CaseInsensitiveOption);
    QString masked = text;
    masked.replace(secretValue, QStringLiteral("\\1***"));
    masked.replace(userInfo, QStringLiteral("\\1***@"));
    return masked;
}

QString maskStreamUrl(const QString &url)
{
    QUrl parsed(url);
    if (!parsed.isValid()) {
        // Mask what looks like a query string anyway rather than leak it.
        const qsizetype q = url.indexOf(QLatin1Char('?'));
        return q < 0 ? url : url.left(q) + QStringLiteral("?***");
    }
    if (!parsed.password().isEmpty()) {
        parsed.setPassword(QStringLiteral("***"));
    }
    if (parsed.hasQuery()) {
        QUrlQuery query(parsed);
        auto items = query.queryItems(QUrl::FullyEncoded);
        for (auto &item : items) {
            if (isSecretKey(item.first)) {
                item.second = QStringLiteral("***");
            }
        }
        query.setQueryItems(items);
        parsed.setQuery(query);
    }
    return parsed.toString(QUrl::FullyEncoded);
}

} // namespace livesnap
