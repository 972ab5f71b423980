#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QUrl>

// Building blocks shared by the S3 (AWS SigV4) and OSS (V1, V4) signers.
namespace livesnap::signing {

// RFC 3986 percent-encoding as SigV4 and OSS V4 want it: the unreserved characters
// A-Z a-z 0-9 - _ . ~ stay as they are, every other byte becomes %XX (upper-case hex).
// '/' is kept when encodeSlash is false (object keys in paths).
QByteArray uriEncode(QByteArrayView bytes, bool encodeSlash);

QByteArray sha256Hex(QByteArrayView bytes);
QByteArray hmacSha256(QByteArrayView key, QByteArrayView message);
QByteArray hmacSha1Base64(QByteArrayView key, QByteArrayView message);

// 20130524T000000Z, in UTC whatever the time spec of `now`.
QByteArray isoBasicDateTime(const QDateTime &now);
// Fri, 24 May 2013 00:00:00 GMT (RFC 7231 IMF-fixdate), in UTC.
QByteArray httpDate(const QDateTime &now);

// What the HTTP client sends as Host for a URL: the host, plus ":port" for a non-default port.
QByteArray hostHeader(const QUrl &url);

// The URL's query as (name, value) pairs, percent-decoded; "a&b=" gives ("a",""), ("b","").
QList<std::pair<QByteArray, QByteArray>> queryItems(const QUrl &url);

// Trims a header value and collapses inner runs of spaces to one (SigV4's Trimall).
QByteArray trimAll(const QByteArray &value);

} // namespace livesnap::signing
