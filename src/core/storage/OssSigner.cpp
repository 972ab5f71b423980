#include "storage/OssSigner.h"

#include "storage/SigningUtil.h"

#include <algorithm>
#include <map>

namespace livesnap {

using namespace signing;

namespace {

const QByteArray AlgorithmV4 = QByteArrayLiteral("OSS4-HMAC-SHA256");
const QByteArray UnsignedPayload = QByteArrayLiteral("UNSIGNED-PAYLOAD");

std::map<QByteArray, QByteArray> lowerCased(const HttpHeaders &headers)
{
    std::map<QByteArray, QByteArray> map;
    for (const auto &[name, value] : headers) {
        map[name.trimmed().toLower()] = value.trimmed();
    }
    return map;
}

bool isSignedV4(const QByteArray &lowerName)
{
    return lowerName == "content-type" || lowerName == "content-md5" ||
           lowerName.startsWith("x-oss-");
}

} // namespace

OssSigner::OssSigner(StorageCredentials credentials, QUrl endpoint, QString bucket, QString region,
                     Version version)
    : m_credentials(std::move(credentials))
    , m_endpoint(std::move(endpoint))
    , m_bucket(std::move(bucket))
    , m_region(region.isEmpty() ? regionFromEndpoint(m_endpoint) : standardRegion(region))
    , m_version(version)
{}

QString OssSigner::standardRegion(const QString &region)
{
    return region.startsWith(QLatin1String("oss-")) ? region.mid(4) : region;
}

QString OssSigner::regionFromEndpoint(const QUrl &endpoint)
{
    QString label = endpoint.host().section(QLatin1Char('.'), 0, 0);
    if (label.endsWith(QLatin1String("-internal"))) {
        label.chop(static_cast<int>(QLatin1String("-internal").size()));
    }
    return label.startsWith(QLatin1String("oss-")) ? label.mid(4) : QString();
}

QUrl OssSigner::objectUrl(const QString &key) const
{
    QUrl url = m_endpoint;
    url.setQuery(QString());
    url.setFragment(QString());
    url.setHost(m_bucket + QLatin1Char('.') + m_endpoint.host());
    url.setPath(QString::fromLatin1(QByteArray('/' + uriEncode(key.toUtf8(), false))),
                QUrl::StrictMode);
    return url;
}

QByteArray OssSigner::canonicalRequestV4(const QByteArray &method, const QString &key,
                                         const QList<std::pair<QByteArray, QByteArray>> &query,
                                         const HttpHeaders &headers) const
{
    const QByteArray uri =
        uriEncode(QByteArray('/' + m_bucket.toUtf8() + '/' + key.toUtf8()), false);

    QList<std::pair<QByteArray, QByteArray>> encoded;
    for (const auto &[name, value] : query) {
        encoded.append(
            {uriEncode(name, true), value.isNull() ? QByteArray() : uriEncode(value, true)});
    }
    std::sort(encoded.begin(), encoded.end());
    QByteArray canonicalQuery;
    for (const auto &[name, value] : encoded) {
        if (!canonicalQuery.isEmpty()) {
            canonicalQuery += '&';
        }
        canonicalQuery += value.isNull() ? name : QByteArray(name + '=' + value);
    }

    const auto map = lowerCased(headers);
    QByteArray canonicalHeaders;
    for (const auto &[name, value] : map) {
        if (isSignedV4(name)) {
            canonicalHeaders += name + ':' + value + '\n';
        }
    }
    const auto payload = map.find(QByteArrayLiteral("x-oss-content-sha256"));
    return method.toUpper() + '\n' + uri + '\n' + canonicalQuery + '\n' + canonicalHeaders + '\n' +
           /* additional headers: none */ '\n' +
           (payload == map.end() ? UnsignedPayload : payload->second);
}

QByteArray OssSigner::credentialScope(const QDateTime &now) const
{
    return isoBasicDateTime(now).left(8) + '/' + m_region.toUtf8() + "/oss/aliyun_v4_request";
}

QByteArray OssSigner::stringToSignV4(const QByteArray &canonical, const QDateTime &now) const
{
    return AlgorithmV4 + '\n' + isoBasicDateTime(now) + '\n' + credentialScope(now) + '\n' +
           sha256Hex(canonical);
}

QByteArray OssSigner::signatureV4(const QByteArray &toSign, const QDateTime &now) const
{
    const QByteArray kDate =
        hmacSha256(QByteArray("aliyun_v4" + m_credentials.accessKeySecret.toUtf8()),
                   isoBasicDateTime(now).left(8));
    const QByteArray kRegion = hmacSha256(kDate, m_region.toUtf8());
    const QByteArray kProduct = hmacSha256(kRegion, "oss");
    const QByteArray kSigning = hmacSha256(kProduct, "aliyun_v4_request");
    return hmacSha256(kSigning, toSign).toHex();
}

QByteArray OssSigner::stringToSignV1(const QByteArray &method, const QString &key,
                                     const HttpHeaders &headers, const QByteArray &date) const
{
    const auto map = lowerCased(headers);
    const auto value = [&map](const char *name) {
        const auto it = map.find(QByteArray(name));
        return it == map.end() ? QByteArray() : it->second;
    };
    QByteArray toSign = method.toUpper() + '\n' + value("content-md5") + '\n' +
                        value("content-type") + '\n' + date + '\n';
    for (const auto &[name, v] : map) {
        if (name.startsWith("x-oss-")) {
            toSign += name + ':' + v + '\n';
        }
    }
    toSign += '/' + m_bucket.toUtf8() + '/' + key.toUtf8();
    return toSign;
}

SignedRequest OssSigner::sign(const QByteArray &method, const QString &key,
                              const HttpHeaders &headers, const QDateTime &now) const
{
    HttpHeaders toSend;
    for (const auto &[name, value] : headers) {
        const QByteArray lower = name.toLower();
        if (lower != "x-oss-date" && lower != "x-oss-content-sha256" && lower != "authorization" &&
            lower != "date" && lower != "host") {
            toSend.append({name, value});
        }
    }
    QByteArray authorization;
    if (m_version == Version::V4) {
        toSend.append({QByteArrayLiteral("x-oss-date"), isoBasicDateTime(now)});
        toSend.append({QByteArrayLiteral("x-oss-content-sha256"), UnsignedPayload});
        const QByteArray canonical = canonicalRequestV4(method, key, {}, toSend);
        authorization = AlgorithmV4 + " Credential=" + m_credentials.accessKeyId.toUtf8() + '/' +
                        credentialScope(now) +
                        ",Signature=" + signatureV4(stringToSignV4(canonical, now), now);
    } else {
        const QByteArray date = httpDate(now);
        toSend.append({QByteArrayLiteral("x-oss-date"), date});
        authorization = "OSS " + m_credentials.accessKeyId.toUtf8() + ':' +
                        hmacSha1Base64(m_credentials.accessKeySecret.toUtf8(),
                                       stringToSignV1(method, key, toSend, date));
    }
    toSend.append({QByteArrayLiteral("Authorization"), authorization});
    return SignedRequest{method.toUpper(), objectUrl(key), toSend};
}

QUrl OssSigner::presign(const QByteArray &method, const QString &key, int expiresSeconds,
                        const QDateTime &now) const
{
    QUrl url = objectUrl(key);
    QByteArray query;
    if (m_version == Version::V4) {
        const QByteArray credential =
            m_credentials.accessKeyId.toUtf8() + '/' + credentialScope(now);
        const QByteArray expires =
            QByteArray::number(std::clamp(expiresSeconds, 1, MaxPresignSecondsV4));
        const QList<std::pair<QByteArray, QByteArray>> items{
            {QByteArrayLiteral("x-oss-credential"), credential},
            {QByteArrayLiteral("x-oss-date"), isoBasicDateTime(now)},
            {QByteArrayLiteral("x-oss-expires"), expires},
            {QByteArrayLiteral("x-oss-signature-version"), AlgorithmV4},
        };
        const QByteArray canonical = canonicalRequestV4(method, key, items, {});
        const QByteArray sig = signatureV4(stringToSignV4(canonical, now), now);
        for (const auto &[name, value] : items) {
            query += name + '=' + uriEncode(value, true) + '&';
        }
        query += "x-oss-signature=" + sig;
    } else {
        const QByteArray expires =
            QByteArray::number(now.toSecsSinceEpoch() + std::max(expiresSeconds, 1));
        const QByteArray sig = hmacSha1Base64(m_credentials.accessKeySecret.toUtf8(),
                                              stringToSignV1(method, key, {}, expires));
        query = "OSSAccessKeyId=" + uriEncode(m_credentials.accessKeyId.toUtf8(), true) +
                "&Expires=" + expires + "&Signature=" + uriEncode(sig, true);
    }
    url.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    return url;
}

} // namespace livesnap
