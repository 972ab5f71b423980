#include "storage/HttpObjectStore.h"

#include "common/Logging.h"
#include "domain/StorageLocation.h"
#include "storage/SigningUtil.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QThread>
#include <QTimer>
#include <QXmlStreamReader>

namespace livesnap {

namespace {

QByteArray contentTypeFor(const QString &key)
{
    const QString lower = key.toLower();
    if (lower.endsWith(QLatin1String(".jpg")) || lower.endsWith(QLatin1String(".jpeg"))) {
        return QByteArrayLiteral("image/jpeg");
    }
    if (lower.endsWith(QLatin1String(".png"))) {
        return QByteArrayLiteral("image/png");
    }
    if (lower.endsWith(QLatin1String(".txt"))) {
        return QByteArrayLiteral("text/plain");
    }
    if (lower.endsWith(QLatin1String(".json"))) {
        return QByteArrayLiteral("application/json");
    }
    return QByteArrayLiteral("application/octet-stream");
}

// <Error><Code>NoSuchBucket</Code><Message>...</Message>...</Error> (S3 and OSS alike).
struct ServerError {
    QString code;
    QString message;
};

ServerError parseServerError(const QByteArray &body)
{
    ServerError error;
    QXmlStreamReader xml(body);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement) {
            continue;
        }
        if (xml.name() == QLatin1String("Code") && error.code.isEmpty()) {
            error.code = xml.readElementText().trimmed();
        } else if (xml.name() == QLatin1String("Message") && error.message.isEmpty()) {
            error.message = xml.readElementText().trimmed();
        }
    }
    return error;
}

bool isAuthCode(const QString &code)
{
    static const QStringList codes{
        QStringLiteral("SignatureDoesNotMatch"), QStringLiteral("InvalidAccessKeyId"),
        QStringLiteral("InvalidSecurity"),       QStringLiteral("AccessDenied"),
        QStringLiteral("InvalidToken"),          QStringLiteral("ExpiredToken"),
        QStringLiteral("InvalidClientTokenId"),  QStringLiteral("AccountProblem"),
        QStringLiteral("AllAccessDisabled"),
    };
    return codes.contains(code);
}

QString httpDescription(int status, const ServerError &server)
{
    QString text = QStringLiteral("HTTP %1").arg(status);
    if (!server.code.isEmpty()) {
        text += QLatin1Char(' ') + server.code;
    }
    if (!server.message.isEmpty()) {
        text += QStringLiteral(": ") + server.message;
    }
    return text;
}

} // namespace

struct HttpObjectStore::Response {
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    QString location; // of a redirect
    bool timedOut = false;
    qint64 waitedMs = 0;
    QString url; // without query, for messages
};

HttpObjectStore::HttpObjectStore(QString kind, QUrl endpoint, QString bucket, QString accessKeyId)
    : m_kind(std::move(kind))
    , m_endpoint(std::move(endpoint))
    , m_bucket(std::move(bucket))
    , m_accessKeyId(std::move(accessKeyId))
{}

HttpObjectStore::~HttpObjectStore()
{
    // Requests still in flight are dropped: their callbacks must not run on a store that is gone.
    for (QNetworkReply *reply : std::as_const(m_replies)) {
        QObject::disconnect(reply, nullptr, nullptr, nullptr);
        reply->abort();
    }
    if (m_network) {
        // Deleted by its own thread's event loop (or when that thread finishes), never here: this
        // may run inside a callback, i.e. inside a signal of one of its replies.
        m_network.release()->deleteLater();
    }
}

int HttpObjectStore::inFlight() const
{
    return int(m_replies.size()) + ObjectStore::inFlight();
}

QString HttpObjectStore::describe() const
{
    return m_kind + QLatin1Char(' ') + m_endpoint.toString(QUrl::RemoveUserInfo) +
           QLatin1Char(' ') + m_bucket;
}

Status HttpObjectStore::checkKey(const QString &key)
{
    if (key.isEmpty() || key.toUtf8().size() > 1023) {
        return Error::user(
            errc::InvalidParameter + QStringLiteral(".ObjectKey"),
            HttpObjectStore::tr("The object key \"%1\" is empty or longer than 1023 bytes; use a "
                                "shorter key.")
                .arg(key.left(64)));
    }
    return success();
}

QNetworkAccessManager *HttpObjectStore::network()
{
    if (m_network && m_network->thread() != QThread::currentThread() && m_replies.isEmpty()) {
        m_network.release()->deleteLater();
    }
    if (!m_network) {
        m_network = std::make_unique<QNetworkAccessManager>();
        // A signed request is only valid for its own URL: never follow redirects.
        m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    }
    return m_network.get();
}

void HttpObjectStore::put(const QString &key, const QByteArray &bytes, Done done)
{
    LIVESNAP_ASSERT_THREAD(requestThread());
    if (auto s = checkKey(key); !s) {
        later([done = std::move(done), s] { done(s); });
        return;
    }
    // Content-MD5: the server refuses a body that arrived damaged or short, so a 2xx means the
    // object is stored whole.
    const HttpHeaders headers{
        {QByteArrayLiteral("Content-Type"), contentTypeFor(key)},
        {QByteArrayLiteral("Content-MD5"),
         QCryptographicHash::hash(bytes, QCryptographicHash::Md5).toBase64()},
    };
    execute(QByteArrayLiteral("PUT"), key, headers, bytes,
            [done = std::move(done)](const Result<QByteArray> &r) {
                done(r ? success() : Status(r.error()));
            });
}

void HttpObjectStore::get(const QString &key, BytesDone done)
{
    LIVESNAP_ASSERT_THREAD(requestThread());
    if (auto s = checkKey(key); !s) {
        later([done = std::move(done), s] { done(s.error()); });
        return;
    }
    execute(QByteArrayLiteral("GET"), key, {}, {}, std::move(done));
}

void HttpObjectStore::remove(const QString &key, Done done)
{
    LIVESNAP_ASSERT_THREAD(requestThread());
    if (auto s = checkKey(key); !s) {
        later([done = std::move(done), s] { done(s); });
        return;
    }
    execute(QByteArrayLiteral("DELETE"), key, {}, {},
            [done = std::move(done)](const Result<QByteArray> &r) {
                if (!r && r.error().code != errc::StorageObjectNotFound) {
                    done(r.error());
                } else {
                    done(success());
                }
            });
}

void HttpObjectStore::execute(const QByteArray &method, const QString &key,
                              const HttpHeaders &headers, const QByteArray &body, BytesDone done)
{
    const SignedRequest request = signRequest(method, key, headers, body, m_clock.now());
    send(request, body, [this, method, key, done = std::move(done)](const Response &response) {
        if (response.error != QNetworkReply::NoError && response.status == 0) {
            const Error error = transportError(response);
            qCWarning(lcStorage).noquote()
                << method << response.url << "failed:" << error.code << error.message;
            done(error);
            return;
        }
        if (response.status >= 200 && response.status < 300) {
            qCDebug(lcStorage).noquote() << method << response.url << response.status;
            done(response.body);
            return;
        }
        const Error error = httpError(response, key);
        if (error.code == errc::StorageObjectNotFound) {
            qCDebug(lcStorage).noquote() << method << response.url << response.status;
        } else {
            qCWarning(lcStorage).noquote()
                << method << response.url << "HTTP" << response.status << error.code;
        }
        done(error);
    });
}

void HttpObjectStore::send(const SignedRequest &signedRequest, const QByteArray &body,
                           std::function<void(const Response &)> handler)
{
    const QString url = signedRequest.url.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo);

    QNetworkRequest request(signedRequest.url);
    for (const auto &[name, value] : signedRequest.headers) {
        request.setRawHeader(name, value);
    }
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setTransferTimeout(static_cast<int>(m_timeout.count()));

    QNetworkAccessManager *nam = network();
    QNetworkReply *reply = nullptr;
    if (signedRequest.method == "PUT") {
        reply = nam->put(request, body);
    } else if (signedRequest.method == "GET") {
        reply = nam->get(request);
    } else if (signedRequest.method == "DELETE") {
        reply = nam->deleteResource(request);
    } else {
        reply = nam->sendCustomRequest(request, signedRequest.method, body);
    }
    m_replies.insert(reply);

    // The whole request (connecting included) has a deadline; transferTimeout alone only
    // limits inactivity.
    auto timedOut = std::make_shared<bool>(false);
    QElapsedTimer waited;
    waited.start();
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    QObject::connect(deadline, &QTimer::timeout, reply, [reply, timedOut] {
        *timedOut = true;
        reply->abort();
    });
    // Large bodies (a usage CSV) get time to travel on a slow link: 64 KiB/s at least.
    deadline->start(m_timeout + std::chrono::milliseconds(body.size() / 64));

    QObject::connect(reply, &QNetworkReply::finished, reply,
                     [this, reply, url, timedOut, waited, handler = std::move(handler)] {
                         m_replies.remove(reply);
                         Response response;
                         response.url = url;
                         response.waitedMs = waited.elapsed();
                         response.status =
                             reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                         response.error = reply->error();
                         response.errorString = reply->errorString();
                         if (reply->isOpen()) {
                             response.body = reply->readAll();
                         }
                         response.location =
                             QString::fromUtf8(reply->rawHeader(QByteArrayLiteral("Location")));
                         // transferTimeout aborts with OperationCanceledError too.
                         response.timedOut =
                             *timedOut || response.error == QNetworkReply::OperationCanceledError;
                         reply->deleteLater();
                         handler(response);
                     });
}

Error HttpObjectStore::transportError(const Response &response) const
{
    const QString host = m_endpoint.toString(QUrl::RemoveUserInfo | QUrl::RemovePath);
    switch (response.error) {
    case QNetworkReply::SslHandshakeFailedError:
        return Error::user(
            errc::StorageTlsFailed,
            HttpObjectStore::tr("The secure connection to %1 failed: %2. Check that the endpoint "
                                "is right and its certificate is valid for that host name and "
                                "trusted by this system.")
                .arg(host, response.errorString));
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return Error::user(
            errc::StorageUnreachable,
            HttpObjectStore::tr("%1 did not answer within %2 seconds. Check the endpoint URL, the "
                                "network connection and any firewall in between.")
                .arg(host)
                .arg(static_cast<double>(response.waitedMs) / 1000.0, 0, 'f', 1));
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::UnknownNetworkError:
        return Error::user(
            errc::StorageUnreachable,
            HttpObjectStore::tr("Cannot reach %1: %2. Check the endpoint URL and the network "
                                "connection.")
                .arg(host, response.errorString));
    default:
        return Error::user(
            errc::StorageUnavailable,
            HttpObjectStore::tr("The request to %1 failed: %2. Try again later; if it keeps "
                                "failing, check the storage location's settings.")
                .arg(host, response.errorString));
    }
}

Error HttpObjectStore::httpError(const Response &response, const QString &key) const
{
    const ServerError server = parseServerError(response.body);
    const QString what = httpDescription(response.status, server);
    const QString where = describe();

    if (server.code == QLatin1String("RequestTimeTooSkewed")) {
        return Error::user(
            errc::StorageAuthFailed,
            HttpObjectStore::tr("%1 refused the request because this computer's clock is off "
                                "(%2). Set the system clock (enable NTP) and try again.")
                .arg(where, what));
    }
    if (isAuthCode(server.code) ||
        (server.code.isEmpty() && (response.status == 401 || response.status == 403))) {
        return Error::user(
            errc::StorageAuthFailed,
            HttpObjectStore::tr("%1 refused the access key \"%2\" (%3). Check the AccessKeyId and "
                                "AccessKeySecret of this storage location, and that the key may "
                                "read and write the bucket.")
                .arg(where, m_accessKeyId, what));
    }
    if (server.code == QLatin1String("NoSuchBucket")) {
        return Error::user(
            errc::StorageBucketNotFound,
            HttpObjectStore::tr("The bucket \"%1\" does not exist at %2 (%3). Create it, or "
                                "correct the bucket name or the endpoint of this storage "
                                "location.")
                .arg(m_bucket, m_endpoint.toString(QUrl::RemoveUserInfo), what));
    }
    if (server.code == QLatin1String("NoSuchKey") ||
        (server.code.isEmpty() && response.status == 404)) {
        return Error::user(
            errc::StorageObjectNotFound,
            HttpObjectStore::tr("The object \"%1\" does not exist in %2.").arg(key, where));
    }
    if (response.status >= 300 && response.status < 400) {
        return Error::user(
            errc::StorageUnavailable,
            HttpObjectStore::tr("%1 redirects to another endpoint%2 (%3): the bucket is in "
                                "another region. Set the endpoint (and region) of this storage "
                                "location to the bucket's.")
                .arg(where,
                     response.location.isEmpty() ? QString()
                                                 : QStringLiteral(" (%1)").arg(response.location),
                     what));
    }
    if (server.code == QLatin1String("AuthorizationHeaderMalformed") ||
        server.code == QLatin1String("InvalidRegion")) {
        return Error::user(
            errc::StorageUnavailable,
            HttpObjectStore::tr("%1 rejected the request's region (%2). Set the region of this "
                                "storage location to the bucket's.")
                .arg(where, what));
    }
    return Error::user(
        errc::StorageUnavailable,
        HttpObjectStore::tr("%1 answered %2. Try again later; if it keeps failing, check the "
                            "storage location's settings.")
            .arg(where, what));
}

// --- S3 -------------------------------------------------------------------------------------

S3Store::S3Store(const QUrl &endpoint, const QString &bucket, const QString &region, bool pathStyle,
                 const StorageCredentials &credentials)
    : HttpObjectStore(QStringLiteral("s3"), endpoint, bucket, credentials.accessKeyId)
    , m_signer(credentials, region)
    , m_pathStyle(pathStyle)
{}

std::unique_ptr<S3Store> S3Store::fromLocation(const StorageLocation &location,
                                               const StorageCredentials &credentials)
{
    return std::make_unique<S3Store>(QUrl(location.endpoint), location.bucket, location.region,
                                     location.pathStyle, credentials);
}

QUrl S3Store::objectUrl(const QString &key) const
{
    return S3Signer::objectUrl(endpoint(), bucket(), key, m_pathStyle);
}

SignedRequest S3Store::signRequest(const QByteArray &method, const QString &key,
                                   const HttpHeaders &headers, const QByteArray &body,
                                   const QDateTime &now) const
{
    return m_signer.sign(method, objectUrl(key), headers, signing::sha256Hex(body), now);
}

Result<QUrl> S3Store::presignGet(const QString &key, int ttlSeconds, const QDateTime &now) const
{
    if (auto s = checkKey(key); !s) {
        return s.error();
    }
    if (ttlSeconds < 1 || ttlSeconds > S3Signer::MaxPresignSeconds) {
        return invalidParameter(
            QStringLiteral("ExpireTime"),
            HttpObjectStore::tr("A signed S3 link lasts from 1 second to 7 days (604800 "
                                "seconds); %1 is out of range.")
                .arg(ttlSeconds));
    }
    return m_signer.presign(QByteArrayLiteral("GET"), objectUrl(key), ttlSeconds, now);
}

// --- OSS ------------------------------------------------------------------------------------

OssStore::OssStore(const QUrl &endpoint, const QString &bucket, const QString &region,
                   const StorageCredentials &credentials, OssSigner::Version version)
    : HttpObjectStore(QStringLiteral("oss"), endpoint, bucket, credentials.accessKeyId)
    , m_signer(credentials, endpoint, bucket, region, version)
{}

std::unique_ptr<OssStore> OssStore::fromLocation(const StorageLocation &location,
                                                 const StorageCredentials &credentials)
{
    const auto version =
        location.signatureVersion.compare(QLatin1String("v1"), Qt::CaseInsensitive) == 0
            ? OssSigner::Version::V1
            : OssSigner::Version::V4;
    return std::make_unique<OssStore>(QUrl(location.endpoint), location.bucket, location.region,
                                      credentials, version);
}

// OSS signs UNSIGNED-PAYLOAD (the only payload value it accepts); Content-MD5 protects the body.
SignedRequest OssStore::signRequest(const QByteArray &method, const QString &key,
                                    const HttpHeaders &headers, const QByteArray & /*body*/,
                                    const QDateTime &now) const
{
    return m_signer.sign(method, key, headers, now);
}

Result<QUrl> OssStore::presignGet(const QString &key, int ttlSeconds, const QDateTime &now) const
{
    if (auto s = checkKey(key); !s) {
        return s.error();
    }
    const int max = m_signer.version() == OssSigner::Version::V4 ? OssSigner::MaxPresignSecondsV4
                                                                 : 10 * 365 * 24 * 3600;
    if (ttlSeconds < 1 || ttlSeconds > max) {
        return invalidParameter(
            QStringLiteral("ExpireTime"),
            HttpObjectStore::tr("A signed OSS link lasts from 1 second to %1 seconds; %2 is "
                                "out of range.")
                .arg(max)
                .arg(ttlSeconds));
    }
    return m_signer.presign(QByteArrayLiteral("GET"), key, ttlSeconds, now);
}

} // namespace livesnap
