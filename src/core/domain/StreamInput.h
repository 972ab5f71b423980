#pragma once

#include "common/Result.h"
#include "common/UrlMasking.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QUrl>

namespace livesnap {

// StreamInput of a job: {"Type":"rtmp","Url":"rtmp://...","CaFile":"/path/ca.pem",
// "TlsVerify":true}. CaFile and TlsVerify apply to TLS inputs (rtmps://); TlsVerify false is an
// explicit, flagged opt-out of certificate checks.
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
    // Parses and validates (Type rtmp, URL rtmp:// or rtmps:// with a host and a path; CaFile an
    // absolute path of a readable file; CaFile and TlsVerify false only on a TLS URL, CaFile only
    // with TlsVerify true).
    static Result<StreamInput> fromJson(const QJsonObject &json);
    Status validate() const;
    Status validateTls() const;

    bool operator==(const StreamInput &) const = default;
    Q_DECLARE_TR_FUNCTIONS(livesnap::StreamInput)
};

// A stream URL with its secrets masked, for every output (see maskUrl).
inline QString maskStreamUrl(const QString &url)
{
    return maskUrl(url);
}

} // namespace livesnap
