#include "storage/S3Signer.h"

#include "storage/SigningUtil.h"

#include <algorithm>
#include <map>

namespace livesnap {

using namespace signing;

namespace {

const QByteArray Algorithm = QByteArrayLiteral("AWS4-HMAC-SHA256");

// Lower-cased names, sorted; values of repeated headers joined with ','.
std::map<QByteArray, QByteArray> canonicalHeaderMap(const HttpHeaders &headers)
{
    std::map<QByteArray, QByteArray> map;
    for (const auto &[name, value] : headers) {
        const QByteArray lower = name.trimmed().toLower();
        auto it = map.find(lower);
        if (it == map.end()) {
            map.emplace(lower, trimAll(value));
        } else {
            it->second += ',' + trimAll(value);
        }
    }
    return map;
}

QByteArray signedHeaderList(const std::map<QByteArray, QByteArray> &map)
{
    QByteArray list;
    for (const auto &entry : map) {
        if (!list.isEmpty()) {
            list += ';';
        }
        list += entry.first;
    }
    return list;
}

QByteArray canonicalQuery(const QList<std::pair<QByteArray, QByteArray>> &items)
{
    QList<std::pair<QByteArray, QByteArray>> encoded;
    encoded.reserve(items.size());
    for (const auto &[name, value] : items) {
        encoded.append({uriEncode(name, true), uriEncode(value, true)});
    }
    std::sort(encoded.begin(), encoded.end());
    QByteArray query;
    for (const auto &[name, value] : encoded) {
        if (!query.isEmpty()) {
            query += '&';
        }
        query += name + '=' + value;
    }
    return query;
}

} // namespace

S3Signer::S3Signer(StorageCredentials credentials, QString region, QString service)
    : m_credentials(std::move(credentials))
    , m_region(region.isEmpty() ? QStringLiteral("us-east-1") : std::move(region))
    , m_service(std::move(service))
{}

QUrl S3Signer::objectUrl(const QUrl &endpoint, const QString &bucket, const QString &key,
                         bool pathStyle)
{
    QUrl base = endpoint;
    base.setQuery(QString());
    base.setFragment(QString());
    QByteArray prefix = base.path(QUrl::FullyEncoded).toLatin1();
    while (prefix.endsWith('/')) {
        prefix.chop(1);
    }
    QByteArray path = prefix + '/';
    if (pathStyle) {
        path += uriEncode(bucket.toUtf8(), true) + '/';
    } else {
        base.setHost(bucket + QLatin1Char('.') + base.host());
    }
    path += uriEncode(key.toUtf8(), false);
    base.setPath(QString::fromLatin1(path), QUrl::StrictMode);
    return base;
}

QByteArray S3Signer::canonicalRequest(const QByteArray &method, const QUrl &url,
                                      const HttpHeaders &headers, const QByteArray &payloadHash)
{
    QByteArray path = url.path(QUrl::FullyDecoded).toUtf8();
    if (path.isEmpty()) {
        path = "/";
    }
    const auto map = canonicalHeaderMap(headers);
    QByteArray canonicalHeaders;
    for (const auto &[name, value] : map) {
        canonicalHeaders += name + ':' + value + '\n';
    }
    return method.toUpper() + '\n' + uriEncode(path, false) + '\n' +
           canonicalQuery(queryItems(url)) + '\n' + canonicalHeaders + '\n' +
           signedHeaderList(map) + '\n' + payloadHash;
}

QByteArray S3Signer::credentialScope(const QDateTime &now) const
{
    return isoBasicDateTime(now).left(8) + '/' + m_region.toUtf8() + '/' + m_service.toUtf8() +
           "/aws4_request";
}

QByteArray S3Signer::stringToSign(const QByteArray &canonical, const QDateTime &now) const
{
    return Algorithm + '\n' + isoBasicDateTime(now) + '\n' + credentialScope(now) + '\n' +
           sha256Hex(canonical);
}

QByteArray S3Signer::signature(const QByteArray &toSign, const QDateTime &now) const
{
    const QByteArray kDate = hmacSha256(QByteArray("AWS4" + m_credentials.accessKeySecret.toUtf8()),
                                        isoBasicDateTime(now).left(8));
    const QByteArray kRegion = hmacSha256(kDate, m_region.toUtf8());
    const QByteArray kService = hmacSha256(kRegion, m_service.toUtf8());
    const QByteArray kSigning = hmacSha256(kService, "aws4_request");
    return hmacSha256(kSigning, toSign).toHex();
}

SignedRequest S3Signer::sign(const QByteArray &method, const QUrl &url, const HttpHeaders &headers,
                             const QByteArray &payloadSha256Hex, const QDateTime &now) const
{
    HttpHeaders toSend;
    for (const auto &[name, value] : headers) {
        const QByteArray lower = name.toLower();
        if (lower != "x-amz-date" && lower != "x-amz-content-sha256" && lower != "authorization" &&
            lower != "host") {
            toSend.append({name, value});
        }
    }
    toSend.append({QByteArrayLiteral("x-amz-date"), isoBasicDateTime(now)});
    toSend.append({QByteArrayLiteral("x-amz-content-sha256"), payloadSha256Hex});

    HttpHeaders toSign = toSend;
    toSign.append({QByteArrayLiteral("host"), hostHeader(url)});
    const QByteArray canonical = canonicalRequest(method, url, toSign, payloadSha256Hex);
    const QByteArray sig = signature(stringToSign(canonical, now), now);
    toSend.append({QByteArrayLiteral("Authorization"),
                   Algorithm + " Credential=" + m_credentials.accessKeyId.toUtf8() + '/' +
                       credentialScope(now) + ",SignedHeaders=" +
                       signedHeaderList(canonicalHeaderMap(toSign)) + ",Signature=" + sig});
    return SignedRequest{method.toUpper(), url, toSend};
}

QUrl S3Signer::presign(const QByteArray &method, const QUrl &url, int expiresSeconds,
                       const QDateTime &now) const
{
    auto items = queryItems(url);
    items.append({QByteArrayLiteral("X-Amz-Algorithm"), Algorithm});
    items.append({QByteArrayLiteral("X-Amz-Credential"),
                  m_credentials.accessKeyId.toUtf8() + '/' + credentialScope(now)});
    items.append({QByteArrayLiteral("X-Amz-Date"), isoBasicDateTime(now)});
    items.append({QByteArrayLiteral("X-Amz-Expires"),
                  QByteArray::number(std::clamp(expiresSeconds, 1, MaxPresignSeconds))});
    items.append({QByteArrayLiteral("X-Amz-SignedHeaders"), QByteArrayLiteral("host")});
    const QByteArray query = canonicalQuery(items);

    QUrl signedUrl = url;
    signedUrl.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    const HttpHeaders hostOnly{{QByteArrayLiteral("host"), hostHeader(url)}};
    const QByteArray canonical = canonicalRequest(method, signedUrl, hostOnly, UnsignedPayload);
    const QByteArray sig = signature(stringToSign(canonical, now), now);
    signedUrl.setQuery(QString::fromLatin1(QByteArray(query + "&X-Amz-Signature=" + sig)),
                       QUrl::StrictMode);
    return signedUrl;
}

} // namespace livesnap
