#include "domain/StreamInput.h"

#include "domain/TemplateRules.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QStringList>
#include <QUrl>

namespace livesnap {

QJsonObject StreamInput::toJson() const
{
    QJsonObject json{{QStringLiteral("Type"), type}, {QStringLiteral("Url"), url}};
    if (!caFile.isEmpty()) {
        json.insert(QStringLiteral("CaFile"), caFile);
    }
    json.insert(QStringLiteral("TlsVerify"), tlsVerify);
    return json;
}

QString StreamInput::readerKey() const
{
    return QStringList{type.toLower(), url, caFile,
                       tlsVerify ? QStringLiteral("1") : QStringLiteral("0")}
        .join(QChar(0x1f));
}

Result<StreamInput> StreamInput::fromJson(const QJsonObject &json)
{
    StreamInput input;
    input.type = json.value(QStringLiteral("Type")).toString(QStringLiteral("rtmp"));
    input.url = json.value(QStringLiteral("Url")).toString();
    input.caFile = json.value(QStringLiteral("CaFile")).toString();
    const QJsonValue verify = json.value(QStringLiteral("TlsVerify"));
    if (verify.isBool()) {
        input.tlsVerify = verify.toBool();
    } else if (verify.isString() &&
               (verify.toString().compare(QLatin1String("false"), Qt::CaseInsensitive) == 0 ||
                verify.toString() == QLatin1String("0"))) {
        input.tlsVerify = false;
    } else if (!verify.isUndefined() && !verify.isNull() &&
               !(verify.isString() &&
                 (verify.toString().compare(QLatin1String("true"), Qt::CaseInsensitive) == 0 ||
                  verify.toString() == QLatin1String("1")))) {
        return invalidParameter(QStringLiteral("StreamInput.TlsVerify"),
                                StreamInput::tr("StreamInput.TlsVerify must be true or false."));
    }
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
            StreamInput::tr("StreamInput.Type is \"%1\"; only \"rtmp\" is supported.").arg(type));
    }
    if (url.isEmpty()) {
        return invalidParameter(
            QStringLiteral("StreamInput.Url"),
            StreamInput::tr("The stream URL is empty; give an rtmp:// or rtmps:// URL, "
                            "e.g. rtmp://127.0.0.1/live/cam1."));
    }
    const QUrl parsed(url, QUrl::StrictMode);
    const QString scheme = parsed.scheme().toLower();
    if (scheme != QLatin1String("rtmp") && scheme != QLatin1String("rtmps")) {
        return invalidParameter(
            QStringLiteral("StreamInput.Url"),
            StreamInput::tr("The stream URL must start with rtmp:// or rtmps:// (got %1); "
                            "LiveSnap reads RTMP streams only.")
                .arg(maskStreamUrl(url)));
    }
    if (!parsed.isValid() || parsed.host().isEmpty() || url.size() > rules::MaxUrlLength) {
        return invalidParameter(QStringLiteral("StreamInput.Url"),
                                StreamInput::tr("The stream URL %1 is not a valid URL with a host, "
                                                "e.g. rtmp://127.0.0.1/live/cam1.")
                                    .arg(maskStreamUrl(url)));
    }
    if (parsed.path().size() <= 1) {
        return invalidParameter(
            QStringLiteral("StreamInput.Url"),
            StreamInput::tr("The stream URL %1 names no application and stream; "
                            "write it as rtmp://host/app/stream.")
                .arg(maskStreamUrl(url)));
    }
    return validateTls();
}

// CaFile and TlsVerify false are refused where they would be ignored: a CA file on a plain URL
// (or with verification off) would look like a protection that is not there.
Status StreamInput::validateTls() const
{
    if (!usesTls()) {
        if (!caFile.isEmpty()) {
            return invalidParameter(
                QStringLiteral("StreamInput.CaFile"),
                StreamInput::tr("StreamInput.CaFile applies only to TLS streams; use an rtmps:// "
                                "URL or leave CaFile out."));
        }
        if (!tlsVerify) {
            return invalidParameter(
                QStringLiteral("StreamInput.TlsVerify"),
                StreamInput::tr("StreamInput.TlsVerify applies only to TLS streams; use an "
                                "rtmps:// URL or leave TlsVerify out."));
        }
        return success();
    }
    if (caFile.isEmpty()) {
        return success();
    }
    if (!tlsVerify) {
        return invalidParameter(
            QStringLiteral("StreamInput.CaFile"),
            StreamInput::tr("StreamInput.CaFile has no effect with TlsVerify false; leave one of "
                            "them out."));
    }
    const QFileInfo info(caFile);
    if (!info.isAbsolute()) {
        return invalidParameter(
            QStringLiteral("StreamInput.CaFile"),
            StreamInput::tr("StreamInput.CaFile \"%1\" is not an absolute path; give the full "
                            "path of the CA's PEM file, e.g. /etc/livesnap/ca.pem.")
                .arg(caFile));
    }
    QFile file(caFile);
    if (!info.isFile() || !file.open(QIODevice::ReadOnly)) {
        return invalidParameter(
            QStringLiteral("StreamInput.CaFile"),
            StreamInput::tr("StreamInput.CaFile %1 is not a readable file; check the path and "
                            "that LiveSnap may read it.")
                .arg(caFile));
    }
    return success();
}

} // namespace livesnap
