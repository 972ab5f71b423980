#pragma once

#include "common/Result.h"
#include "common/UrlMasking.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace livesnap {

// StreamInput of a job: {"Type":"rtmp","Url":"rtmp://...","CaFile":"/path/ca.pem",
// "TlsVerify":true}. Type rtmp (rtmp://, rtmps://; the default), rtsp (rtsp://, rtsps://), srt
// (srt://host:port, caller mode) or hls (an https:// or http:// playlist). CaFile and TlsVerify
// apply to TLS inputs; TlsVerify false is an explicit, flagged opt-out of certificate checks.
struct StreamInput {
    QString type = QStringLiteral("rtmp");
    QString url;
    QString caFile;        // PEM bundle of a private CA; empty: the system CA store
    bool tlsVerify = true; // check the server certificate (chain, validity, host name)

    // Two jobs with equal keys can share one connection (same URL and input options).
    QString readerKey() const;
    // The URL is TLS (rtmps://, rtsps://, https://): the only inputs CaFile and TlsVerify apply to.
    // Inline: the media library (below domain's library in the link) uses it.
    bool usesTls() const
    {
        const QString scheme = QUrl(url).scheme().toLower();
        return scheme == QLatin1String("rtmps") || scheme == QLatin1String("rtsps") ||
               scheme == QLatin1String("https");
    }

    QJsonObject toJson() const;
    // Parses and validates (a known Type and a URL of one of its schemes, with a host; rtmp and
    // hls URLs with a path, srt URLs with a port; CaFile an absolute path of a readable file;
    // CaFile and TlsVerify false only on a TLS URL, CaFile only with TlsVerify true).
    static Result<StreamInput> fromJson(const QJsonObject &json);
    Status validate() const;
    Status validateTls() const;

    // The Types, the default (rtmp) first: rtmp, rtsp, srt, hls.
    static QStringList types();
    // An example URL of a Type, for hints and messages; empty for an unknown Type.
    static QString exampleUrl(const QString &type);
    // The Type that reads a URL's scheme (rtsps:// → rtsp, https:// → hls); rtmp when none does.
    static QString typeForUrl(const QString &url);

    bool operator==(const StreamInput &) const = default;
    Q_DECLARE_TR_FUNCTIONS(livesnap::StreamInput)
};

// A stream URL with its secrets masked, for every output (see maskUrl).
inline QString maskStreamUrl(const QString &url)
{
    return maskUrl(url);
}

} // namespace livesnap
