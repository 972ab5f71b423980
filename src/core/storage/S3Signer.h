#pragma once

#include "storage/SignedRequest.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QUrl>

namespace livesnap {

// AWS Signature Version 4 for S3 and S3-compatible stores (MinIO, Ceph, moto...): signed
// headers for PUT/GET/DELETE and presigned URLs (X-Amz-Expires). Pure computation: no I/O,
// the clock is a parameter, usable from any thread.
//
// Object keys are encoded once, per RFC 3986, with '/' kept: "a b/ü+.jpg" -> "a%20b/%C3%BC%2B.jpg"
// in both the URL and the canonical URI (S3 does not normalize or double-encode paths).
class S3Signer {
public:
    S3Signer(StorageCredentials credentials, QString region,
             QString service = QStringLiteral("s3"));

    // The URL of an object: virtual-hosted (https://bucket.s3.example.com/key) or path-style
    // (https://s3.example.com/bucket/key, for MinIO and IP endpoints). `endpoint` is
    // scheme://host[:port] (a path prefix is kept for path-style).
    static QUrl objectUrl(const QUrl &endpoint, const QString &bucket, const QString &key,
                          bool pathStyle);

    // Signs a request. Adds x-amz-date and x-amz-content-sha256 (= payloadSha256Hex, the hex
    // SHA-256 of the body, or "UNSIGNED-PAYLOAD") and Authorization to `headers`; every header
    // given is signed, with host. The returned headers are all to be sent (not Host).
    SignedRequest sign(const QByteArray &method, const QUrl &url, const HttpHeaders &headers,
                       const QByteArray &payloadSha256Hex, const QDateTime &now) const;

    // A presigned URL (query-string authentication) valid for expiresSeconds (1..604800)
    // from `now`; only host is signed, the payload is UNSIGNED-PAYLOAD.
    QUrl presign(const QByteArray &method, const QUrl &url, int expiresSeconds,
                 const QDateTime &now) const;

    // The steps, exposed for tests and diagnostics (none of them contain the secret).
    // `headers` must include every header to sign, host included.
    static QByteArray canonicalRequest(const QByteArray &method, const QUrl &url,
                                       const HttpHeaders &headers, const QByteArray &payloadHash);
    QByteArray stringToSign(const QByteArray &canonicalRequest, const QDateTime &now) const;
    QByteArray signature(const QByteArray &stringToSign, const QDateTime &now) const;
    // yyyymmdd/region/service/aws4_request
    QByteArray credentialScope(const QDateTime &now) const;

    const QString &region() const { return m_region; }
    const QString &accessKeyId() const { return m_credentials.accessKeyId; }

    static constexpr int MaxPresignSeconds = 7 * 24 * 3600;
    static inline const QByteArray UnsignedPayload = QByteArrayLiteral("UNSIGNED-PAYLOAD");

private:
    StorageCredentials m_credentials;
    QString m_region;
    QString m_service;
};

} // namespace livesnap
