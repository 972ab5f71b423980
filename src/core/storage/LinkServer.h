#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "storage/LinkSigner.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QUrl>

#include <algorithm>
#include <atomic>
#include <functional>
#include <optional>

class QTcpServer;

namespace livesnap {

// The engine's link server: serves local-folder objects through signed, expiring links
// (LinkSigner), the local counterpart of a cloud store's presigned URLs.
//
// A minimal HTTP/1.1 server bound to 127.0.0.1 only. It answers GET and HEAD for
// /o/<locationId>/<key>?Expires=<unix>&Signature=<hex>, one request per connection
// (Connection: close):
//   200 the file (image/jpeg for .jpg/.jpeg, text/csv; charset=utf-8 for .csv,
//       application/octet-stream otherwise), Content-Length, Cache-Control: private
//   400 a malformed request, or a key that would leave the root (.., %2e%2e, \, absolute)
//   403 a missing, bad, tampered or expired signature (checked before the file is looked up,
//       so an unsigned caller learns nothing about which files exist), or a file whose real
//       path (symbolic links resolved) lies outside the location's root
//   404 an unknown location, a missing file, or a path outside /o/
//   405 another method
// A client must send its whole request head within the head timeout (counted from the
// connection, not from its last byte, so trickling bytes does not extend it); a client that stops
// reading the response for the read timeout is disconnected. At most maxConnections are open at
// once; when a new client arrives at the limit, the oldest connection that has not yet sent a
// whole request is closed to make room, so idle sockets never lock valid requests out. Only when
// every slot is busy sending a response do new clients wait (in the listen queue) for a free one.
// The query (and so the signature) is never logged.
// Lives on, and answers from, the thread of its QObject; listen(), close() and the state queries
// belong there (asserted), link() and port() may be called from any thread.
class LinkServer : public QObject {
    Q_OBJECT

public:
    // The root folder of a local storage location, or nullopt for an id that is not one.
    using LocationResolver = std::function<std::optional<QString>(const QString &locationId)>;

    static constexpr int DefaultHeadTimeoutMs = 5000;
    static constexpr int DefaultReadTimeoutMs = 10000;
    static constexpr int DefaultMaxConnections = 64;

    // signingKey: LinkSigner::loadOrCreateKey(dataDir).
    LinkServer(QByteArray signingKey, LocationResolver resolver, Clock clock = Clock(),
               QObject *parent = nullptr);
    ~LinkServer() override;

    // Listens on 127.0.0.1:port; 0 picks a free port (see port()). Listening again first
    // closes the current socket.
    Status listen(quint16 port = 0);
    void close();
    bool isListening() const;
    // The bound port, 0 when not listening.
    quint16 port() const;
    QHostAddress serverAddress() const;

    // For connections accepted from now on.
    void setHeadTimeout(int milliseconds) { m_headTimeoutMs = milliseconds; }
    int headTimeout() const { return m_headTimeoutMs; }
    void setReadTimeout(int milliseconds) { m_readTimeoutMs = milliseconds; }
    int readTimeout() const { return m_readTimeoutMs; }
    void setMaxConnections(int count) { m_maxConnections = std::max(1, count); }
    int maxConnections() const { return m_maxConnections; }
    // Connections open now (accepted, not yet closed).
    int connectionCount() const { return int(m_open.size()); }

    // A link to an object of a local location that expires ttlSeconds from the clock's now
    // (whole seconds: Expires = floor(now) + ttlSeconds; LinkSigner::expiryOf() reads it back).
    // Fails when the server is not listening, the location is unknown, the key would leave the
    // root, or ttlSeconds is not positive. Does not check that the object exists.
    Result<QUrl> link(const QString &locationId, const QString &key, qint64 ttlSeconds) const;

private:
    class Connection;

    void acceptConnections();
    // Closes the oldest connection that has not sent a whole request; false if there is none.
    bool evictIdleConnection();
    void connectionFinished(Connection *connection);

    // Port 0: link() signs with a copy that carries m_port, so that link() may be called from
    // any thread (if the resolver and the clock may) while the server runs on its own.
    const LinkSigner m_signer;
    const LocationResolver m_resolver;
    const Clock m_clock;
    QTcpServer *m_server = nullptr;
    std::atomic<quint16> m_port = 0;
    int m_headTimeoutMs = DefaultHeadTimeoutMs;
    int m_readTimeoutMs = DefaultReadTimeoutMs;
    int m_maxConnections = DefaultMaxConnections;
    QList<Connection *> m_open; // oldest first
    bool m_waitingForSlot = false;
};

} // namespace livesnap
