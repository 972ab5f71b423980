#include "storage/LinkServer.h"

#include "common/Logging.h"
#include "common/ThreadAffinity.h"
#include "storage/LocalFolderStore.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace livesnap {

namespace {

constexpr qsizetype MaxRequestHead = 8192;
constexpr qint64 ChunkSize = 64 * 1024;
constexpr qint64 MaxBuffered = 256 * 1024;
constexpr int ListenBacklog = 256;

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Percent-decodes one component of a request target; nullopt for a broken escape or bytes that
// are not UTF-8.
std::optional<QString> decodeComponent(const QByteArray &raw)
{
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw.at(i) == '%' &&
            (i + 2 >= raw.size() || !isHexDigit(raw.at(i + 1)) || !isHexDigit(raw.at(i + 2)))) {
            return std::nullopt;
        }
    }
    const QByteArray bytes = QByteArray::fromPercentEncoding(raw);
    const QString text = QString::fromUtf8(bytes);
    if (text.toUtf8() != bytes) {
        return std::nullopt;
    }
    return text;
}

// A request target may hold only visible ASCII; anything else must be percent-encoded.
bool isVisibleAscii(const QByteArray &text)
{
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f) {
            return false;
        }
    }
    return true;
}

QByteArray contentTypeOf(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("jpg") || suffix == QLatin1String("jpeg")) {
        return "image/jpeg";
    }
    if (suffix == QLatin1String("csv")) {
        return "text/csv; charset=utf-8";
    }
    return "application/octet-stream";
}

} // namespace

// One client: reads a request head, answers it, closes.
class LinkServer::Connection : public QObject {
public:
    Connection(LinkServer *server, QTcpSocket *socket)
        : QObject(server)
        , m_server(server)
        , m_socket(socket)
    {
        m_socket->setParent(this);
        m_server->m_open.append(this); // before anything can finish() it
        m_timer.setSingleShot(true);
        // Until the head is in: a deadline from now, not extended by bytes trickling in.
        m_timer.setInterval(server->m_headTimeoutMs);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            qCDebug(lcStorage) << "link server: client timed out"
                               << (m_answered ? "reading the response" : "sending its request");
            m_socket->abort();
            finish();
        });
        connect(m_socket, &QTcpSocket::readyRead, this, &Connection::readRequest);
        connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
            m_timer.start(); // progress: the client is reading
            sendMore();
        });
        connect(m_socket, &QTcpSocket::disconnected, this, &Connection::finish);
        connect(m_socket, &QTcpSocket::errorOccurred, this, [this] {
            m_socket->abort();
            finish();
        });
        m_timer.start();
        readRequest();
    }

    // A whole request head arrived (and is being or was answered).
    bool hasRequest() const { return m_answered; }

    // Makes room for a newer client.
    void evict()
    {
        qCDebug(lcStorage) << "link server: connection limit reached, an idle client closed";
        m_socket->abort();
        finish();
    }

private:
    void readRequest()
    {
        if (m_finished) {
            return;
        }
        const QByteArray incoming = m_socket->readAll();
        if (m_answered) {
            return; // one request per connection: anything after the head is ignored
        }
        m_buffer += incoming;
        qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0) {
            end = m_buffer.indexOf("\n\n");
        }
        if (end < 0 || end > MaxRequestHead) {
            if (m_buffer.size() > MaxRequestHead) {
                respondStatus(431, "Request Header Fields Too Large");
            }
            return;
        }
        const QByteArray head = m_buffer.left(end);
        m_buffer.clear();
        answer(head);
    }

    void answer(const QByteArray &head)
    {
        const qsizetype lineEnd = head.indexOf('\n');
        QByteArray line = lineEnd < 0 ? head : head.left(lineEnd);
        if (line.endsWith('\r')) {
            line.chop(1);
        }
        const QList<QByteArray> parts = line.split(' ');
        if (parts.size() != 3 || parts.at(0).isEmpty() || parts.at(1).isEmpty() ||
            (parts.at(2) != "HTTP/1.1" && parts.at(2) != "HTTP/1.0")) {
            respondStatus(400, "Bad Request");
            return;
        }
        const QByteArray &method = parts.at(0);
        const QByteArray &target = parts.at(1);
        m_head = method == "HEAD";
        if (method != "GET" && !m_head) {
            respondStatus(405, "Method Not Allowed", "Allow: GET, HEAD\r\n");
            return;
        }
        if (!target.startsWith('/') || !isVisibleAscii(target) || target.contains('#') ||
            target.contains('\\')) {
            respondStatus(400, "Bad Request");
            return;
        }
        const qsizetype question = target.indexOf('?');
        const QByteArray rawPath = question < 0 ? target : target.left(question);
        const QByteArray rawQuery = question < 0 ? QByteArray() : target.mid(question + 1);
        // Only the path is ever logged: the query carries the signature.
        m_logPath = QString::fromLatin1(rawPath);

        if (!rawPath.startsWith("/o/")) {
            respondStatus(404, "Not Found");
            return;
        }
        const QByteArray rest = rawPath.mid(3);
        const qsizetype slash = rest.indexOf('/');
        if (slash < 0) {
            respondStatus(404, "Not Found");
            return;
        }
        const std::optional<QString> locationId = decodeComponent(rest.left(slash));
        const std::optional<QString> key = decodeComponent(rest.mid(slash + 1));
        if (!locationId || !key || !LinkSigner::isSafeLocationId(*locationId) ||
            !LinkSigner::isSafeKey(*key)) {
            respondStatus(400, "Bad Request");
            return;
        }

        QByteArray expires;
        QByteArray signature;
        int expiresSeen = 0;
        int signatureSeen = 0;
        for (const QByteArray &pair : rawQuery.split('&')) {
            const qsizetype equals = pair.indexOf('=');
            const QByteArray name = equals < 0 ? pair : pair.left(equals);
            const QByteArray value = equals < 0 ? QByteArray() : pair.mid(equals + 1);
            if (name == "Expires") {
                expires = value;
                ++expiresSeen;
            } else if (name == "Signature") {
                signature = QByteArray::fromPercentEncoding(value);
                ++signatureSeen;
            }
        }
        if (expiresSeen > 1 || signatureSeen > 1) {
            respondStatus(400, "Bad Request");
            return;
        }
        if (expiresSeen == 0 || signatureSeen == 0) {
            respondStatus(403, "Forbidden");
            return;
        }
        bool expiresOk = expires.size() <= 12 && !expires.isEmpty();
        for (const char c : expires) {
            expiresOk = expiresOk && c >= '0' && c <= '9';
        }
        if (!expiresOk) {
            respondStatus(400, "Bad Request");
            return;
        }

        const LinkSigner::Verdict verdict =
            m_server->m_signer.verify(LinkSigner::pathFor(*locationId, *key), expires.toLongLong(),
                                      signature, m_server->m_clock.now());
        if (verdict != LinkSigner::Verdict::Valid) {
            qCDebug(lcStorage) << "link server: refused"
                               << (verdict == LinkSigner::Verdict::Expired ? "expired"
                                                                           : "badly signed")
                               << "link to" << m_logPath;
            respondStatus(403, "Forbidden");
            return;
        }
        serveFile(*locationId, *key);
    }

    void serveFile(const QString &locationId, const QString &key)
    {
        const std::optional<QString> root = m_server->m_resolver(locationId);
        if (!root) {
            respondStatus(404, "Not Found");
            return;
        }
        const LocalFolderStore store(*root);
        const Result<QString> path = store.pathOf(key);
        if (!path) {
            respondStatus(400, "Bad Request");
            return;
        }
        // Symbolic links are resolved: a file whose real path leaves the root is not served.
        const QString realRoot = QFileInfo(store.root()).canonicalFilePath();
        const QString realPath = QFileInfo(*path).canonicalFilePath();
        if (realRoot.isEmpty() || realPath.isEmpty()) {
            respondStatus(404, "Not Found");
            return;
        }
        if (!realPath.startsWith(realRoot + QLatin1Char('/'))) {
            qCWarning(lcStorage) << "link server: refused" << m_logPath
                                 << "- its real path leaves the storage folder";
            respondStatus(403, "Forbidden");
            return;
        }
        if (!QFileInfo(realPath).isFile()) {
            respondStatus(404, "Not Found");
            return;
        }
        m_file = std::make_unique<QFile>(realPath);
        if (!m_file->open(QIODevice::ReadOnly)) {
            qCWarning(lcStorage) << "link server: cannot read" << realPath << m_file->errorString();
            m_file.reset();
            respondStatus(500, "Internal Server Error");
            return;
        }
        m_remaining = m_file->size();
        respond(200, "OK", contentTypeOf(realPath), m_remaining, QByteArray(), QByteArray());
        if (m_head) {
            m_file.reset();
        }
        sendMore();
    }

    void respondStatus(int code, const char *reason, const QByteArray &extraHeaders = QByteArray())
    {
        const QByteArray body = QByteArray::number(code) + ' ' + reason + '\n';
        respond(code, reason, "text/plain; charset=utf-8", body.size(), extraHeaders, body);
        sendMore();
    }

    void respond(int code, const char *reason, const QByteArray &contentType, qint64 length,
                 const QByteArray &extraHeaders, const QByteArray &body)
    {
        m_answered = true;
        m_timer.setInterval(m_server->m_readTimeoutMs); // from now on: the client must keep reading
        m_timer.start();
        qCDebug(lcStorage).noquote() << "link server:" << code << m_logPath;
        QByteArray head = "HTTP/1.1 " + QByteArray::number(code) + ' ' + reason + "\r\n";
        head += "Content-Type: " + contentType + "\r\n";
        head += "Content-Length: " + QByteArray::number(length) + "\r\n";
        head += "Cache-Control: private\r\n";
        head += "X-Content-Type-Options: nosniff\r\n";
        head += extraHeaders;
        head += "Connection: close\r\n\r\n";
        m_socket->write(head);
        if (!m_head) {
            m_socket->write(body);
        }
    }

    // Writes the file in chunks as the client reads, then closes once everything is sent.
    void sendMore()
    {
        if (m_finished || !m_answered) {
            return;
        }
        while (m_file && m_remaining > 0 && m_socket->bytesToWrite() < MaxBuffered) {
            const QByteArray chunk = m_file->read(std::min(ChunkSize, m_remaining));
            if (chunk.isEmpty()) {
                // The file shrank or failed under us: the response cannot be completed.
                qCWarning(lcStorage) << "link server: reading" << m_file->fileName()
                                     << "failed:" << m_file->errorString();
                m_socket->abort();
                finish();
                return;
            }
            m_remaining -= chunk.size();
            m_socket->write(chunk);
        }
        if ((m_remaining <= 0 || !m_file) && !m_closing) {
            m_file.reset();
            m_closing = true;
            // Sends what is buffered, then closes; disconnected() ends the connection.
            m_socket->disconnectFromHost();
        }
    }

    void finish()
    {
        if (m_finished) {
            return;
        }
        m_finished = true;
        m_timer.stop();
        m_file.reset();
        m_server->connectionFinished(this);
        deleteLater();
    }

    LinkServer *m_server;
    QTcpSocket *m_socket;
    QTimer m_timer;
    QByteArray m_buffer;
    QString m_logPath;
    std::unique_ptr<QFile> m_file;
    qint64 m_remaining = 0;
    bool m_head = false;
    bool m_answered = false;
    bool m_closing = false;
    bool m_finished = false;
};

LinkServer::LinkServer(QByteArray signingKey, LocationResolver resolver, Clock clock,
                       QObject *parent)
    : QObject(parent)
    , m_signer(std::move(signingKey))
    , m_resolver(std::move(resolver))
    , m_clock(std::move(clock))
    , m_server(new QTcpServer(this))
{
    // Room for a burst of clients while the oldest idle ones are being let go.
    m_server->setListenBacklogSize(ListenBacklog);
    connect(m_server, &QTcpServer::newConnection, this, &LinkServer::acceptConnections);
}

LinkServer::~LinkServer() = default;

Status LinkServer::listen(quint16 port)
{
    LIVESNAP_ASSERT_THREAD(this);
    close();
    if (!m_server->listen(QHostAddress::LocalHost, port)) {
        return Error::user(errc::StorageUnavailable,
                           tr("The link server cannot listen on 127.0.0.1:%1: %2. Choose another "
                              "link server port, or 0 for any free port.")
                               .arg(port)
                               .arg(m_server->errorString()));
    }
    m_port = m_server->serverPort();
    qCInfo(lcStorage) << "link server listening on 127.0.0.1 port" << m_port.load();
    return success();
}

void LinkServer::close()
{
    LIVESNAP_ASSERT_THREAD(this);
    if (m_server->isListening()) {
        m_server->close();
    }
    m_port = 0;
}

bool LinkServer::isListening() const
{
    LIVESNAP_ASSERT_THREAD(this);
    return m_server->isListening();
}

quint16 LinkServer::port() const
{
    return m_port;
}

QHostAddress LinkServer::serverAddress() const
{
    LIVESNAP_ASSERT_THREAD(this);
    return m_server->serverAddress();
}

void LinkServer::acceptConnections()
{
    while (m_server->hasPendingConnections()) {
        if (m_open.size() >= m_maxConnections && !evictIdleConnection()) {
            // Every slot is sending a response; the rest wait until one is done (at most the
            // read timeout), in QTcpServer's queue and then the listen backlog.
            if (!m_waitingForSlot) {
                qCWarning(lcStorage) << "link server:" << m_open.size()
                                     << "responses in progress; new clients wait for one to end";
                m_waitingForSlot = true;
            }
            return;
        }
        m_waitingForSlot = false;
        new Connection(this, m_server->nextPendingConnection()); // joins m_open
    }
}

bool LinkServer::evictIdleConnection()
{
    const auto idle = std::find_if(m_open.cbegin(), m_open.cend(),
                                   [](const Connection *c) { return !c->hasRequest(); });
    if (idle == m_open.cend()) {
        return false;
    }
    (*idle)->evict(); // finishes: leaves m_open
    return true;
}

void LinkServer::connectionFinished(Connection *connection)
{
    m_open.removeOne(connection);
    if (m_server->hasPendingConnections()) {
        // Not from inside a connection's own signal handler: take the waiting ones next turn.
        QMetaObject::invokeMethod(this, &LinkServer::acceptConnections, Qt::QueuedConnection);
    }
}

Result<QUrl> LinkServer::link(const QString &locationId, const QString &key,
                              qint64 ttlSeconds) const
{
    const quint16 port = m_port;
    if (port == 0) {
        return Error::user(errc::StorageUnavailable,
                           tr("The link server is not running, so local storage links cannot be "
                              "made. Check the link server port setting."));
    }
    if (ttlSeconds <= 0) {
        return invalidParameter(QStringLiteral("ExpireTime"),
                                tr("A link must live for at least one second."));
    }
    const std::optional<QString> root =
        LinkSigner::isSafeLocationId(locationId) ? m_resolver(locationId) : std::nullopt;
    if (!root) {
        return Error::user(errc::StorageLocationNotFound,
                           tr("There is no local storage location \"%1\".").arg(locationId));
    }
    if (!LinkSigner::isSafeKey(key)) {
        return invalidParameter(
            QStringLiteral("ObjectKey"),
            tr("The object key \"%1\" would leave the storage folder.").arg(key));
    }
    const Result<QString> path = LocalFolderStore(*root).pathOf(key);
    if (!path) {
        return path.error();
    }
    LinkSigner signer = m_signer;
    signer.setPort(port);
    return signer.sign(locationId, key, m_clock.now().toSecsSinceEpoch() + ttlSeconds);
}

} // namespace livesnap
