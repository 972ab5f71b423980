#pragma once

#include "common/Clock.h"
#include "storage/ObjectStore.h"
#include "storage/OssSigner.h"
#include "storage/S3Signer.h"
#include "storage/SignedRequest.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSet>
#include <QUrl>

#include <chrono>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace livesnap {

struct StorageLocation;

// An ObjectStore over HTTP(S) with QNetworkAccessManager: the transport and the error mapping
// shared by S3Store and OssStore, which sign the requests.
//
// Threading: every call is asynchronous (see ObjectStore); a request gets its answer, or an
// error, within timeout() plus one second per 64 KiB of body (default 8 s: snapshots are
// small, and a hung store must not keep the ones behind it waiting long after it came back).
// Use a store from one thread with an event loop (the network thread). The QNetworkAccessManager is
// created in that thread on first use. A store is not safe to use from two threads at once.
//
// HTTPS certificates are verified (Qt's defaults; SSL errors are never ignored). Redirects are
// not followed (a signed request cannot be replayed elsewhere): a 301/307 is reported as a
// wrong endpoint or region. The secret never appears in logs or error messages.
class HttpObjectStore : public ObjectStore {
    Q_DECLARE_TR_FUNCTIONS(livesnap::HttpObjectStore)

public:
    ~HttpObjectStore() override;
    HttpObjectStore(const HttpObjectStore &) = delete;
    HttpObjectStore &operator=(const HttpObjectStore &) = delete;

    void put(const QString &key, const QByteArray &bytes, Done done) override;
    void get(const QString &key, BytesDone done) override;
    // Succeeds for a missing key.
    void remove(const QString &key, Done done) override;
    int inFlight() const override;

    // A URL anyone can GET the object with until now + ttlSeconds. No I/O.
    Result<QUrl> presignGet(const QString &key, int ttlSeconds,
                            const QDateTime &now) const override = 0;

    // Whole-request limit (connecting included; a second more per 64 KiB of body), also the
    // inactivity limit of a transfer.
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    std::chrono::milliseconds timeout() const { return m_timeout; }
    // The clock requests are signed with (tests move it to provoke RequestTimeTooSkewed).
    void setClock(Clock clock) { m_clock = std::move(clock); }

    // "s3 http://127.0.0.1:9000 bucket", for messages and logs.
    QString describe() const;
    const QUrl &endpoint() const { return m_endpoint; }
    const QString &bucket() const { return m_bucket; }

protected:
    HttpObjectStore(QString kind, QUrl endpoint, QString bucket, QString accessKeyId);

    // Signs a request for `key` with `headers` (Content-Type and Content-MD5 for a PUT) and
    // the body's bytes (for payload hashing), at `now`.
    virtual SignedRequest signRequest(const QByteArray &method, const QString &key,
                                      const HttpHeaders &headers, const QByteArray &body,
                                      const QDateTime &now) const = 0;

    // InvalidParameter.ObjectKey for an empty key or one longer than 1023 UTF-8 bytes.
    static Status checkKey(const QString &key);

private:
    struct Response;
    void execute(const QByteArray &method, const QString &key, const HttpHeaders &headers,
                 const QByteArray &body, BytesDone done);
    void send(const SignedRequest &request, const QByteArray &body,
              std::function<void(const Response &)> handler);
    Error httpError(const Response &response, const QString &key) const;
    Error transportError(const Response &response) const;
    QNetworkAccessManager *network();

    QString m_kind;
    QUrl m_endpoint;
    QString m_bucket;
    QString m_accessKeyId; // for messages only
    Clock m_clock;
    std::chrono::milliseconds m_timeout{8000};
    std::unique_ptr<QNetworkAccessManager> m_network;
    QSet<QNetworkReply *> m_replies; // in flight
};

// An S3-compatible store (AWS S3, MinIO, Ceph RGW, moto...) signed with AWS SigV4.
class S3Store final : public HttpObjectStore {
public:
    // `endpoint`: scheme://host[:port], e.g. https://s3.eu-west-1.amazonaws.com or
    // http://127.0.0.1:9000; `region`: empty means us-east-1; `pathStyle`: bucket in the path
    // (MinIO and similar, IP endpoints) instead of the host name.
    S3Store(const QUrl &endpoint, const QString &bucket, const QString &region, bool pathStyle,
            const StorageCredentials &credentials);
    // From a configured location of type "s3" (endpoint, bucket, region, pathStyle).
    static std::unique_ptr<S3Store> fromLocation(const StorageLocation &location,
                                                 const StorageCredentials &credentials);

    Result<QUrl> presignGet(const QString &key, int ttlSeconds,
                            const QDateTime &now) const override;
    QUrl objectUrl(const QString &key) const;

protected:
    SignedRequest signRequest(const QByteArray &method, const QString &key,
                              const HttpHeaders &headers, const QByteArray &body,
                              const QDateTime &now) const override;

private:
    S3Signer m_signer;
    bool m_pathStyle;
};

// An Alibaba Cloud OSS store, virtual-hosted style, signed with OSS V4 (OSS4-HMAC-SHA256) or,
// for older endpoints, V1.
class OssStore final : public HttpObjectStore {
public:
    // `endpoint`: https://oss-cn-hangzhou.aliyuncs.com; `region`: cn-hangzhou or
    // oss-cn-hangzhou, empty to derive it from the endpoint.
    OssStore(const QUrl &endpoint, const QString &bucket, const QString &region,
             const StorageCredentials &credentials,
             OssSigner::Version version = OssSigner::Version::V4);
    // From a configured location of type "oss" (endpoint, bucket, region, signatureVersion
    // "v1" or "v4").
    static std::unique_ptr<OssStore> fromLocation(const StorageLocation &location,
                                                  const StorageCredentials &credentials);

    Result<QUrl> presignGet(const QString &key, int ttlSeconds,
                            const QDateTime &now) const override;
    QUrl objectUrl(const QString &key) const { return m_signer.objectUrl(key); }

protected:
    SignedRequest signRequest(const QByteArray &method, const QString &key,
                              const HttpHeaders &headers, const QByteArray &body,
                              const QDateTime &now) const override;

private:
    OssSigner m_signer;
};

} // namespace livesnap
