#pragma once

#include "storage/SignedRequest.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QUrl>

namespace livesnap {

// Alibaba Cloud OSS request signing, virtual-hosted style (https://bucket.endpoint/key):
//  - V4 (default): "OSS4-HMAC-SHA256 Credential=AK/yyyymmdd/region/oss/aliyun_v4_request,
//    Signature=..." over a canonical request (URI "/bucket/key", RFC 3986-encoded with '/'
//    kept; content-type, content-md5 and x-oss-* headers; UNSIGNED-PAYLOAD), and presigned
//    URLs with x-oss-credential, x-oss-date, x-oss-expires, x-oss-signature-version,
//    x-oss-signature;
//  - V1 (older endpoints): "OSS AccessKeyId:base64(HMAC-SHA1)" over VERB, Content-MD5,
//    Content-Type, date, x-oss-* headers and "/bucket/key" (not encoded), and presigned URLs
//    with OSSAccessKeyId, Expires (epoch seconds) and Signature.
// Pure computation: no I/O, the clock is a parameter, usable from any thread.
class OssSigner {
public:
    enum class Version { V1, V4 };

    // `endpoint` is https://oss-<region>.aliyuncs.com (or any OSS-compatible host);
    // `region` is "cn-hangzhou" or "oss-cn-hangzhou" (only V4 uses it; empty: derived
    // from an "oss-<region>[-internal].aliyuncs.com" endpoint host).
    OssSigner(StorageCredentials credentials, QUrl endpoint, QString bucket, QString region,
              Version version = Version::V4);

    // https://bucket.oss-cn-hangzhou.aliyuncs.com/a%20b/%C3%BC%2B.jpg
    QUrl objectUrl(const QString &key) const;

    // Signs a request for an object. Adds x-oss-date (and, V4, x-oss-content-sha256:
    // UNSIGNED-PAYLOAD) and Authorization to `headers`; content-type, content-md5 and x-oss-*
    // headers among them are signed. The returned headers are all to be sent (not Host).
    SignedRequest sign(const QByteArray &method, const QString &key, const HttpHeaders &headers,
                       const QDateTime &now) const;

    // A presigned URL valid for expiresSeconds from `now` (V4 caps it at 7 days).
    QUrl presign(const QByteArray &method, const QString &key, int expiresSeconds,
                 const QDateTime &now) const;

    // The steps, exposed for tests and diagnostics (none contain the secret).
    QByteArray canonicalRequestV4(const QByteArray &method, const QString &key,
                                  const QList<std::pair<QByteArray, QByteArray>> &query,
                                  const HttpHeaders &headers) const;
    QByteArray stringToSignV4(const QByteArray &canonicalRequest, const QDateTime &now) const;
    QByteArray signatureV4(const QByteArray &stringToSign, const QDateTime &now) const;
    // `date` is the Date/x-oss-date value, or the Expires seconds of a presigned URL.
    QByteArray stringToSignV1(const QByteArray &method, const QString &key,
                              const HttpHeaders &headers, const QByteArray &date) const;

    // "oss-cn-hangzhou" -> "cn-hangzhou"; an endpoint host gives its region.
    static QString standardRegion(const QString &region);
    static QString regionFromEndpoint(const QUrl &endpoint);

    Version version() const { return m_version; }
    const QString &region() const { return m_region; }

    static constexpr int MaxPresignSecondsV4 = 7 * 24 * 3600;

private:
    QByteArray credentialScope(const QDateTime &now) const;

    StorageCredentials m_credentials;
    QUrl m_endpoint;
    QString m_bucket;
    QString m_region;
    Version m_version;
};

} // namespace livesnap
