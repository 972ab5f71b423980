#include "domain/StreamInput.h"

#include "domain/TemplateRules.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include <array>

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

namespace {

// The URL schemes each StreamInput.Type reads, and an example URL for its error messages.
struct StreamTypeSchemes {
    QLatin1String type;
    QStringList schemes;
    QLatin1String example;
};

const std::array<StreamTypeSchemes, 4> &streamTypes()
{
    static const std::array<StreamTypeSchemes, 4> types{{
        {QLatin1String("rtmp"),
         {QStringLiteral("rtmp"), QStringLiteral("rtmps")},
         QLatin1String("rtmp://127.0.0.1/live/cam1")},
        {QLatin1String("rtsp"),
         {QStringLiteral("rtsp"), QStringLiteral("rtsps")},
         QLatin1String("rtsp://user:password@192.0.2.10:554/stream1")},
        {QLatin1String("srt"),
         {QStringLiteral("srt")},
         QLatin1String("srt://192.0.2.20:9000?streamid=cam1")},
        {QLatin1String("hls"),
         {QStringLiteral("https"), QStringLiteral("http")},
         QLatin1String("https://cdn.example.com/live/cam1/index.m3u8")},
    }};
    return types;
}

const StreamTypeSchemes *findStreamType(const QString &type)
{
    for (const StreamTypeSchemes &entry : streamTypes()) {
        if (type.compare(entry.type, Qt::CaseInsensitive) == 0) {
            return &entry;
        }
    }
    return nullptr;
}

// "rtmp:// or rtmps://"
QString schemeList(const StreamTypeSchemes &entry)
{
    QStringList prefixes;
    for (const QString &scheme : entry.schemes) {
        prefixes << scheme + QStringLiteral("://");
    }
    return prefixes.join(StreamInput::tr(" or "));
}

} // namespace

QStringList StreamInput::types()
{
    QStringList names;
    for (const StreamTypeSchemes &entry : streamTypes()) {
        names << entry.type;
    }
    return names;
}

QString StreamInput::exampleUrl(const QString &type)
{
    const StreamTypeSchemes *entry = findStreamType(type);
    return entry ? QString(entry->example) : QString();
}

QString StreamInput::typeForUrl(const QString &url)
{
    const QString scheme = QUrl(url).scheme().toLower();
    for (const StreamTypeSchemes &entry : streamTypes()) {
        if (entry.schemes.contains(scheme)) {
            return entry.type;
        }
    }
    return QStringLiteral("rtmp");
}

Status StreamInput::validate() const
{
    const StreamTypeSchemes *entry = findStreamType(type);
    if (!entry) {
        return invalidParameter(
            QStringLiteral("StreamInput.Type"),
            StreamInput::tr("StreamInput.Type is \"%1\"; use rtmp (rtmp://, rtmps://), rtsp "
                            "(rtsp://, rtsps://), srt (srt://) or hls (https://, http://).")
                .arg(type));
    }
    const QString example = entry->example;
    if (url.isEmpty()) {
        return invalidParameter(QStringLiteral("StreamInput.Url"),
                                StreamInput::tr("The stream URL is empty; give a %1 URL for "
                                                "StreamInput.Type %2, e.g. %3.")
                                    .arg(schemeList(*entry), entry->type, example));
    }
    const QUrl parsed(url, QUrl::StrictMode);
    const QString scheme = parsed.scheme().toLower();
    if (!entry->schemes.contains(scheme)) {
        const QString matching = typeForUrl(url);
        const bool known = findStreamType(matching)->schemes.contains(scheme);
        return invalidParameter(
            QStringLiteral("StreamInput.Url"),
            known ? StreamInput::tr("StreamInput.Type %1 reads %2 URLs, but the URL is %3; "
                                    "set StreamInput.Type to %4 or give a URL like %5.")
                        .arg(entry->type, schemeList(*entry), maskStreamUrl(url), matching, example)
                  : StreamInput::tr("The stream URL must start with %1 for StreamInput.Type %2 "
                                    "(got %3), e.g. %4.")
                        .arg(schemeList(*entry), entry->type, maskStreamUrl(url), example));
    }
    if (!parsed.isValid() || parsed.host().isEmpty() || url.size() > rules::MaxUrlLength) {
        return invalidParameter(QStringLiteral("StreamInput.Url"),
                                StreamInput::tr("The stream URL %1 is not a valid URL with a host, "
                                                "e.g. %2.")
                                    .arg(maskStreamUrl(url), example));
    }
    const QLatin1String kind = entry->type;
    if (kind == QLatin1String("rtmp") && parsed.path().size() <= 1) {
        return invalidParameter(
            QStringLiteral("StreamInput.Url"),
            StreamInput::tr("The stream URL %1 names no application and stream; "
                            "write it as rtmp://host/app/stream.")
                .arg(maskStreamUrl(url)));
    }
    if (kind == QLatin1String("srt") && parsed.port() <= 0) {
        return invalidParameter(
            QStringLiteral("StreamInput.Url"),
            StreamInput::tr("The SRT URL %1 has no port; write it as srt://host:port, e.g. %2.")
                .arg(maskStreamUrl(url), example));
    }
    if (kind == QLatin1String("srt") &&
        QUrlQuery(parsed)
                .queryItemValue(QStringLiteral("mode"))
                .compare(QLatin1String("listener"), Qt::CaseInsensitive) == 0) {
        return invalidParameter(
            QStringLiteral("StreamInput.Url"),
            StreamInput::tr("The SRT URL %1 asks for listener mode; LiveSnap connects as a caller "
                            "to the encoder or server: remove mode=listener.")
                .arg(maskStreamUrl(url)));
    }
    if (kind == QLatin1String("hls") && parsed.path().size() <= 1) {
        return invalidParameter(
            QStringLiteral("StreamInput.Url"),
            StreamInput::tr("The HLS URL %1 names no playlist; give the playlist's URL, e.g. %2.")
                .arg(maskStreamUrl(url), example));
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
                StreamInput::tr("StreamInput.CaFile applies only to TLS streams; use an rtmps://, "
                                "rtsps:// or https:// URL, or leave CaFile out."));
        }
        if (!tlsVerify) {
            return invalidParameter(
                QStringLiteral("StreamInput.TlsVerify"),
                StreamInput::tr("StreamInput.TlsVerify applies only to TLS streams; use an "
                                "rtmps://, rtsps:// or https:// URL, or leave TlsVerify out."));
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
