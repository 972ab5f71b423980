#include "storage/LinkServer.h"
#include "storage/LinkSigner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkInterface>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace livesnap;

namespace {

const qint64 StartSecs = 1700000000;
const QString LocationId = QStringLiteral("loc1");
const QByteArray Secret = "TOP SECRET outside the root";

struct Reply {
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QByteArray contentLength;
    QByteArray cacheControl;
};

int fileMode(const QString &path)
{
    struct stat info {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0) {
        return -1;
    }
    return static_cast<int>(info.st_mode & 07777);
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        return false;
    }
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// Bytes that a text-mode or truncating server would damage: NULs, CR LF, all byte values.
QByteArray binaryPayload(qsizetype size)
{
    QByteArray bytes(size, '\0');
    for (qsizetype i = 0; i < size; ++i) {
        bytes[i] = static_cast<char>((i * 7 + i / 256) % 256);
    }
    bytes.prepend("\xff\xd8\xff\xe0\r\n\0\r\n", 9);
    return bytes;
}

// Sends bytes as they are (no client-side URL normalisation) and returns the whole response.
QByteArray rawExchange(quint16 port, const QByteArray &request)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000)) {
        return QByteArray();
    }
    socket.write(request);
    QByteArray response;
    const bool closed = QTest::qWaitFor(
        [&] {
            response += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        10000);
    if (!closed) {
        qWarning("the server did not close the connection");
    }
    response += socket.readAll();
    return response;
}

QByteArray rawGet(quint16 port, const QByteArray &target)
{
    return rawExchange(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
}

int statusOf(const QByteArray &response)
{
    const QList<QByteArray> parts = response.left(response.indexOf("\r\n")).split(' ');
    return parts.size() >= 2 ? parts.at(1).toInt() : 0;
}

QByteArray queryFor(const LinkSigner &signer, const QString &locationId, const QString &key,
                    qint64 expires)
{
    return "?Expires=" + QByteArray::number(expires) +
           "&Signature=" + signer.signature(LinkSigner::pathFor(locationId, key), expires);
}

} // namespace

class TestLinkServer : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::shared_ptr<QDateTime> m_now;
    std::unique_ptr<LinkServer> m_server;
    QNetworkAccessManager *m_nam = nullptr;

    QString dataDir() const { return m_tmp->filePath(QStringLiteral("data")); }
    QString root() const { return m_tmp->filePath(QStringLiteral("root")); }
    QString outsideFile() const { return m_tmp->filePath(QStringLiteral("secret.txt")); }

    std::unique_ptr<LinkServer> makeServer()
    {
        auto key = LinkSigner::loadOrCreateKey(dataDir());
        if (!key) {
            qWarning() << key.error().message;
            return nullptr;
        }
        const QString folder = root();
        const std::shared_ptr<QDateTime> now = m_now;
        auto server = std::make_unique<LinkServer>(
            *key,
            [folder](const QString &id) -> std::optional<QString> {
                if (id == LocationId) {
                    return folder;
                }
                return std::nullopt;
            },
            Clock([now] { return *now; }));
        if (!server->listen(0).ok()) {
            return nullptr;
        }
        return server;
    }

    LinkSigner signer() const { return LinkSigner(*LinkSigner::loadOrCreateKey(dataDir())); }

    Reply fetch(const QUrl &url, bool head = false)
    {
        const QNetworkRequest request(url);
        std::unique_ptr<QNetworkReply> reply(head ? m_nam->head(request) : m_nam->get(request));
        Reply result;
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 10000)) {
            return result;
        }
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        result.contentType = reply->rawHeader("Content-Type");
        result.contentLength = reply->rawHeader("Content-Length");
        result.cacheControl = reply->rawHeader("Cache-Control");
        return result;
    }

    QUrl linkTo(const QString &key, qint64 ttl = 1800)
    {
        auto url = m_server->link(LocationId, key, ttl);
        return url ? *url : QUrl();
    }

private slots:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(m_tmp->isValid());
        m_now = std::make_shared<QDateTime>(QDateTime::fromSecsSinceEpoch(StartSecs, Qt::UTC));
        QVERIFY(QDir().mkpath(root()));
        QVERIFY(writeFile(outsideFile(), Secret));
        m_server = makeServer();
        QVERIFY(m_server);
        m_nam = new QNetworkAccessManager(this);
        m_nam->setProxy(QNetworkProxy::NoProxy);
    }

    void cleanup()
    {
        delete m_nam;
        m_nam = nullptr;
        m_server.reset();
        m_tmp.reset();
    }

    void validLinkServesExactBytes()
    {
        const QByteArray jpeg = binaryPayload(300 * 1024); // several chunks
        QVERIFY(writeFile(root() + QStringLiteral("/snapshot/job/1/100.jpg"), jpeg));

        const QUrl url = linkTo(QStringLiteral("snapshot/job/1/100.jpg"));
        QCOMPARE(url.scheme(), QStringLiteral("http"));
        QCOMPARE(url.host(), QStringLiteral("127.0.0.1"));
        QCOMPARE(url.port(), static_cast<int>(m_server->port()));
        QCOMPARE(url.path(), QStringLiteral("/o/loc1/snapshot/job/1/100.jpg"));
        const QUrlQuery query(url);
        QCOMPARE(query.queryItemValue(QStringLiteral("Expires")),
                 QString::number(StartSecs + 1800));
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{64}$"))
                    .match(query.queryItemValue(QStringLiteral("Signature")))
                    .hasMatch());
        QCOMPARE(LinkSigner::expiryOf(url), m_now->addSecs(1800));

        const Reply reply = fetch(url);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.body.size(), jpeg.size());
        QVERIFY(reply.body == jpeg);
        QCOMPARE(reply.contentType, QByteArray("image/jpeg"));
        QCOMPARE(reply.contentLength, QByteArray::number(jpeg.size()));
        QCOMPARE(reply.cacheControl, QByteArray("private"));

        // HEAD: the same headers, no body.
        const Reply head = fetch(url, true);
        QCOMPARE(head.status, 200);
        QVERIFY(head.body.isEmpty());
        QCOMPARE(head.contentLength, QByteArray::number(jpeg.size()));
        QCOMPARE(head.contentType, QByteArray("image/jpeg"));
    }

    void contentTypesAndUnusualKeys()
    {
        // A key with a space, '+', '%', unicode and Chinese characters survives the round trip.
        const QString csvKey = QStringLiteral("usage/export 1+2%3 \u00fc\u7528\u91cf.csv");
        const QByteArray csv = "JobId,JobName\r\nj1,\"a, \"\"b\"\"\"\r\n";
        QVERIFY(writeFile(root() + QLatin1Char('/') + csvKey, csv));
        const Reply csvReply = fetch(linkTo(csvKey));
        QCOMPARE(csvReply.status, 200);
        QCOMPARE(csvReply.body, csv);
        QCOMPARE(csvReply.contentType, QByteArray("text/csv; charset=utf-8"));

        QVERIFY(writeFile(root() + QStringLiteral("/blob.bin"), "\x01\x02"));
        const Reply binReply = fetch(linkTo(QStringLiteral("blob.bin")));
        QCOMPARE(binReply.status, 200);
        QCOMPARE(binReply.body, QByteArray("\x01\x02"));
        QCOMPARE(binReply.contentType, QByteArray("application/octet-stream"));

        // An empty file is a valid object.
        QVERIFY(writeFile(root() + QStringLiteral("/empty.jpg"), QByteArray()));
        const Reply empty = fetch(linkTo(QStringLiteral("empty.jpg")));
        QCOMPARE(empty.status, 200);
        QCOMPARE(empty.contentLength, QByteArray("0"));
    }

    void tamperedSignatureIsForbidden()
    {
        QVERIFY(writeFile(root() + QStringLiteral("/a.jpg"), "jpeg-a"));
        const QUrl url = linkTo(QStringLiteral("a.jpg"));
        QCOMPARE(fetch(url).status, 200); // the untampered link works

        QUrlQuery query(url);
        QString signature = query.queryItemValue(QStringLiteral("Signature"));
        signature[63] = signature.at(63) == QLatin1Char('0') ? QLatin1Char('1') : QLatin1Char('0');
        query.removeQueryItem(QStringLiteral("Signature"));
        query.addQueryItem(QStringLiteral("Signature"), signature);
        QUrl tampered = url;
        tampered.setQuery(query);
        const Reply reply = fetch(tampered);
        QCOMPARE(reply.status, 403);
        QVERIFY(!reply.body.contains("jpeg-a"));

        // Uppercase hex is another string, not the signature.
        QUrlQuery upper(url);
        const QString original = upper.queryItemValue(QStringLiteral("Signature"));
        upper.removeQueryItem(QStringLiteral("Signature"));
        upper.addQueryItem(QStringLiteral("Signature"), original.toUpper());
        QUrl upperUrl = url;
        upperUrl.setQuery(upper);
        QCOMPARE(fetch(upperUrl).status, 403);

        // No signature at all, or no Expires.
        QUrl bare = url;
        bare.setQuery(QString());
        QCOMPARE(fetch(bare).status, 403);
        QUrlQuery noExpires(url);
        noExpires.removeQueryItem(QStringLiteral("Expires"));
        QUrl noExpiresUrl = url;
        noExpiresUrl.setQuery(noExpires);
        QCOMPARE(fetch(noExpiresUrl).status, 403);
    }

    void tamperedPathOrExpiryIsForbidden()
    {
        QVERIFY(writeFile(root() + QStringLiteral("/a.jpg"), "jpeg-a"));
        QVERIFY(writeFile(root() + QStringLiteral("/b.jpg"), "jpeg-b"));
        const QUrl url = linkTo(QStringLiteral("a.jpg"));
        QCOMPARE(fetch(url).status, 200);

        QUrl otherKey = url;
        otherKey.setPath(QStringLiteral("/o/loc1/b.jpg"));
        const Reply reply = fetch(otherKey);
        QCOMPARE(reply.status, 403);
        QVERIFY(!reply.body.contains("jpeg-b"));

        // A later Expires with the same signature.
        QUrlQuery later(url);
        later.removeQueryItem(QStringLiteral("Expires"));
        later.addQueryItem(QStringLiteral("Expires"), QString::number(StartSecs + 999999));
        QUrl laterUrl = url;
        laterUrl.setQuery(later);
        QCOMPARE(fetch(laterUrl).status, 403);
    }

    void expiredLinkIsForbidden()
    {
        QVERIFY(writeFile(root() + QStringLiteral("/a.jpg"), "jpeg-a"));
        const QUrl url = linkTo(QStringLiteral("a.jpg"));
        // Lives exactly 30 minutes: valid one millisecond before, dead at Expires.
        *m_now = QDateTime::fromMSecsSinceEpoch((StartSecs + 1800) * 1000 - 1, Qt::UTC);
        QCOMPARE(fetch(url).status, 200);
        *m_now = QDateTime::fromSecsSinceEpoch(StartSecs + 1800, Qt::UTC);
        const Reply reply = fetch(url);
        QCOMPARE(reply.status, 403);
        QVERIFY(!reply.body.contains("jpeg-a"));
        *m_now = QDateTime::fromSecsSinceEpoch(StartSecs + 86400, Qt::UTC);
        QCOMPARE(fetch(url).status, 403);

        const LinkSigner s = signer();
        const QString path = LinkSigner::pathFor(LocationId, QStringLiteral("a.jpg"));
        const QByteArray sig = s.signature(path, StartSecs + 10);
        QCOMPARE(s.verify(path, StartSecs + 10, sig, QDateTime::fromSecsSinceEpoch(StartSecs + 9)),
                 LinkSigner::Verdict::Valid);
        QCOMPARE(s.verify(path, StartSecs + 10, sig, QDateTime::fromSecsSinceEpoch(StartSecs + 10)),
                 LinkSigner::Verdict::Expired);
        // A bad signature is reported as such, expired or not.
        QCOMPARE(s.verify(path, StartSecs + 10, QByteArray(64, 'a'),
                          QDateTime::fromSecsSinceEpoch(StartSecs + 99)),
                 LinkSigner::Verdict::BadSignature);
    }

    void missingFileOrLocationIsNotFound()
    {
        const Reply missing = fetch(linkTo(QStringLiteral("snapshot/none.jpg")));
        QCOMPARE(missing.status, 404);

        // A correctly signed link to a location the engine does not know.
        const LinkSigner s = signer();
        const qint64 expires = StartSecs + 60;
        const QByteArray target =
            LinkSigner::pathFor(QStringLiteral("nope"), QStringLiteral("a.jpg")).toLatin1() +
            queryFor(s, QStringLiteral("nope"), QStringLiteral("a.jpg"), expires);
        QVERIFY(writeFile(root() + QStringLiteral("/a.jpg"), "jpeg-a"));
        QCOMPARE(statusOf(rawGet(m_server->port(), target)), 404);
        // A directory is not an object.
        QVERIFY(QDir().mkpath(root() + QStringLiteral("/folder")));
        QCOMPARE(fetch(linkTo(QStringLiteral("folder"))).status, 404);
        // link() itself refuses an unknown location.
        const auto refused = m_server->link(QStringLiteral("nope"), QStringLiteral("a.jpg"), 60);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, QStringLiteral("StorageLocationNotFound"));
    }

    void traversalIsRefused_data()
    {
        QTest::addColumn<QByteArray>("rawPath");
        QTest::addColumn<QString>("decodedKey");
        QTest::addColumn<QString>("locationId");
        QTest::newRow("dotdot") << QByteArray("/o/loc1/../secret.txt")
                                << QStringLiteral("../secret.txt") << LocationId;
        QTest::newRow("nested dotdot") << QByteArray("/o/loc1/a/../../secret.txt")
                                       << QStringLiteral("a/../../secret.txt") << LocationId;
        QTest::newRow("encoded dots") << QByteArray("/o/loc1/%2e%2e/secret.txt")
                                      << QStringLiteral("../secret.txt") << LocationId;
        QTest::newRow("encoded dots and slash") << QByteArray("/o/loc1/%2E%2E%2Fsecret.txt")
                                                << QStringLiteral("../secret.txt") << LocationId;
        QTest::newRow("encoded backslash") << QByteArray("/o/loc1/..%5csecret.txt")
                                           << QStringLiteral("..\\secret.txt") << LocationId;
        QTest::newRow("raw backslash") << QByteArray("/o/loc1/..\\secret.txt")
                                       << QStringLiteral("..\\secret.txt") << LocationId;
        QTest::newRow("absolute") << QByteArray("/o/loc1//etc/passwd")
                                  << QStringLiteral("/etc/passwd") << LocationId;
        QTest::newRow("encoded absolute")
            << QByteArray("/o/loc1/%2fetc%2fpasswd") << QStringLiteral("/etc/passwd") << LocationId;
        QTest::newRow("location dotdot") << QByteArray("/o/%2e%2e/secret.txt")
                                         << QStringLiteral("secret.txt") << QStringLiteral("..");
    }

    void traversalIsRefused()
    {
        QFETCH(QByteArray, rawPath);
        QFETCH(QString, decodedKey);
        QFETCH(QString, locationId);
        // Even a correctly signed link (which only the key holder could make) is refused, and
        // the resolver maps ".." nowhere either.
        const LinkSigner s = signer();
        const QByteArray response =
            rawGet(m_server->port(), rawPath + queryFor(s, locationId, decodedKey, StartSecs + 60));
        const int status = statusOf(response);
        QVERIFY2(status == 400 || status == 403, response.constData());
        QVERIFY(!response.contains(Secret));
        // The file really is there to be leaked, and link() will not make such a link.
        QCOMPARE(QFile(outsideFile()).size(), Secret.size());
        QVERIFY(!m_server->link(locationId, decodedKey, 60).ok());
    }

    void symlinkOutOfTheRootIsRefused()
    {
        QVERIFY(QFile::link(outsideFile(), root() + QStringLiteral("/escape.jpg")));
        const Reply reply = fetch(linkTo(QStringLiteral("escape.jpg")));
        QCOMPARE(reply.status, 403);
        QVERIFY(!reply.body.contains(Secret));
    }

    void malformedRequests()
    {
        QVERIFY(writeFile(root() + QStringLiteral("/a.jpg"), "jpeg-a"));
        const quint16 port = m_server->port();
        const QUrl url = linkTo(QStringLiteral("a.jpg"));
        const QByteArray target = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority);
        QCOMPARE(statusOf(rawGet(port, target)), 200); // the well-formed request works
        QCOMPARE(statusOf(rawExchange(port, "GARBAGE\r\n\r\n")), 400);
        QCOMPARE(statusOf(rawExchange(port, "GET " + target + "\r\n\r\n")), 400);
        QCOMPARE(statusOf(rawExchange(port, "GET " + target + " SPDY/9\r\n\r\n")), 400);
        QCOMPARE(statusOf(rawExchange(port, "POST " + target + " HTTP/1.1\r\n\r\n")), 405);
        QCOMPARE(statusOf(rawExchange(port, "GET http://127.0.0.1/o/loc1/a.jpg HTTP/1.1\r\n\r\n")),
                 400);
        QCOMPARE(statusOf(rawGet(port, "/o/loc1/a%zz.jpg?Expires=1&Signature=00")), 400);
        QCOMPARE(statusOf(rawGet(port, "/o/loc1/a.jpg?Expires=soon&Signature=00")), 400);
        QCOMPARE(statusOf(rawGet(port, "/elsewhere")), 404);
        // A head that never ends is cut off.
        QCOMPARE(statusOf(rawExchange(port, "GET /" + QByteArray(20000, 'a'))), 431);
    }

    void slowClientIsDisconnected()
    {
        m_server->setHeadTimeout(300);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_server->port());
        QTRY_COMPARE(socket.state(), QAbstractSocket::ConnectedState);
        socket.write("GET /o/loc1/a.jpg");
        QVERIFY(socket.state() == QAbstractSocket::ConnectedState);
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
        // The server still answers others.
        QVERIFY(writeFile(root() + QStringLiteral("/a.jpg"), "jpeg-a"));
        QCOMPARE(fetch(linkTo(QStringLiteral("a.jpg"))).status, 200);
    }

    // Slowloris: bytes trickling in do not extend the head deadline.
    void tricklingClientIsClosedAtItsDeadline()
    {
        m_server->setHeadTimeout(600);
        QTcpSocket socket;
        QElapsedTimer clock;
        clock.start();
        socket.connectToHost(QHostAddress::LocalHost, m_server->port());
        QTRY_COMPARE(socket.state(), QAbstractSocket::ConnectedState);
        const QByteArray head =
            "GET /o/loc1/a.jpg?Expires=1&Signature=00 HTTP/1.1\r\nX-Pad: " + QByteArray(200, 'p');
        qsizetype sent = 0;
        QTimer trickle;
        connect(&trickle, &QTimer::timeout, &socket, [&] {
            if (sent < head.size()) {
                socket.write(head.mid(sent++, 1));
            }
        });
        trickle.start(50);
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
        const qint64 closedAfter = clock.elapsed();
        QVERIFY2(sent > 8, qPrintable(QString::number(sent))); // it kept sending
        QVERIFY2(closedAfter >= 550 && closedAfter < 2000,
                 qPrintable(QString::number(closedAfter)));
        QVERIFY(socket.readAll().isEmpty()); // closed, not answered
        QCOMPARE(m_server->connectionCount(), 0);
    }

    // Idle sockets beyond the limit push out the oldest idle ones; a valid request is never
    // locked out (before, 64 idle sockets refused everyone else for the read timeout).
    void idleSocketsDoNotLockOutValidRequests()
    {
        m_server->setHeadTimeout(60000); // the idle sockets stay idle for the whole test
        QVERIFY(writeFile(root() + QStringLiteral("/a.jpg"), "jpeg-a"));
        const QUrl url = linkTo(QStringLiteral("a.jpg"));
        const int limit = LinkServer::DefaultMaxConnections;
        std::vector<std::unique_ptr<QTcpSocket>> idle;
        const auto closed = [&] {
            return int(std::count_if(idle.cbegin(), idle.cend(), [](const auto &socket) {
                return socket->state() == QAbstractSocket::UnconnectedState;
            }));
        };
        // In batches, so that each one is really accepted (a flood that overflows the kernel's
        // listen queue leaves clients that believe they are connected but never reached it).
        for (int batch = 0; batch < 20; ++batch) {
            for (int i = 0; i < 10; ++i) {
                idle.push_back(std::make_unique<QTcpSocket>());
                idle.back()->connectToHost(QHostAddress::LocalHost, m_server->port());
            }
            const auto connected = [&] {
                return std::all_of(idle.cend() - 10, idle.cend(), [](const auto &socket) {
                    return socket->state() == QAbstractSocket::ConnectedState;
                });
            };
            QTRY_VERIFY_WITH_TIMEOUT(connected(), 5000);
            const int expectClosed = std::max(0, int(idle.size()) - limit);
            QTRY_COMPARE_WITH_TIMEOUT(closed(), expectClosed, 5000);
            QTRY_COMPARE(m_server->connectionCount(), std::min(int(idle.size()), limit));
        }
        // The oldest idle ones were let go, the newest are held.
        for (int i = 0; i < 130; ++i) {
            QCOMPARE(idle.at(i)->state(), QAbstractSocket::UnconnectedState);
        }
        for (int i = 140; i < 200; ++i) {
            QCOMPARE(idle.at(i)->state(), QAbstractSocket::ConnectedState);
        }

        for (int round = 0; round < 3; ++round) {
            QElapsedTimer clock;
            clock.start();
            const Reply reply = fetch(url);
            QCOMPARE(reply.status, 200);
            QCOMPARE(reply.body, QByteArray("jpeg-a"));
            QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
        }
        QVERIFY(m_server->connectionCount() <= LinkServer::DefaultMaxConnections);
    }

    // When every slot is busy answering (clients that do not read a large file), a new client
    // waits for a slot instead of being refused, and is answered once a stalled one times out.
    void busySlotsQueueNewClients()
    {
        m_server->setMaxConnections(2);
        m_server->setReadTimeout(500);
        QVERIFY(writeFile(root() + QStringLiteral("/big.bin"), QByteArray(48 * 1024 * 1024, 'b')));
        QVERIFY(writeFile(root() + QStringLiteral("/a.jpg"), "jpeg-a"));
        const QByteArray big =
            linkTo(QStringLiteral("big.bin")).toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority);
        std::vector<std::unique_ptr<QTcpSocket>> stalled;
        for (int i = 0; i < 2; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->setReadBufferSize(1024); // stops reading: the server's writes stall
            socket->connectToHost(QHostAddress::LocalHost, m_server->port());
            QTRY_COMPARE(socket->state(), QAbstractSocket::ConnectedState);
            socket->write("GET " + big + " HTTP/1.1\r\n\r\n");
            QTRY_VERIFY(socket->bytesAvailable() > 0); // being answered
            stalled.push_back(std::move(socket));
        }
        QCOMPARE(m_server->connectionCount(), 2);
        QElapsedTimer clock;
        clock.start();
        const Reply reply = fetch(linkTo(QStringLiteral("a.jpg")));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.body, QByteArray("jpeg-a"));
        // It waited for a stalled response to time out, and no longer than a few timeouts.
        QVERIFY2(clock.elapsed() >= 300 && clock.elapsed() < 5000,
                 qPrintable(QString::number(clock.elapsed())));
        QTRY_COMPARE(m_server->connectionCount(), 0); // the stalled ones were closed
    }

    void bindsLoopbackOnly()
    {
        QVERIFY(m_server->isListening());
        QVERIFY(m_server->port() != 0);
        QCOMPARE(m_server->serverAddress(), QHostAddress(QHostAddress::LocalHost));
        // Not reachable through any other address of this machine.
        for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
            if (address.isLoopback() || address.protocol() != QAbstractSocket::IPv4Protocol) {
                continue;
            }
            QTcpSocket socket;
            socket.connectToHost(address, m_server->port());
            QVERIFY(!QTest::qWaitFor(
                [&] { return socket.state() == QAbstractSocket::ConnectedState; }, 1000));
        }
        // The port is a setting: a given port is used, a taken one is a clear error.
        const quint16 taken = m_server->port();
        auto second = makeServer();
        QVERIFY(second);
        second->close();
        QVERIFY(!second->isListening());
        QCOMPARE(second->port(), static_cast<quint16>(0));
        QVERIFY(!second->link(LocationId, QStringLiteral("a.jpg"), 60).ok());
        const Status clash = second->listen(taken);
        QVERIFY(!clash.ok());
        QCOMPARE(clash.error().code, QStringLiteral("StorageUnavailable"));
        m_server->close();
        QVERIFY(second->listen(taken).ok());
        QCOMPARE(second->port(), taken);
    }

    void constantTimeEquals()
    {
        QVERIFY(LinkSigner::constantTimeEquals("", ""));
        QVERIFY(LinkSigner::constantTimeEquals("abc123", "abc123"));
        QVERIFY(!LinkSigner::constantTimeEquals("abc123", "xbc123")); // first byte
        QVERIFY(!LinkSigner::constantTimeEquals("abc123", "abc124")); // last byte
        QVERIFY(!LinkSigner::constantTimeEquals("abc", "abc123"));    // a prefix
        QVERIFY(!LinkSigner::constantTimeEquals("abc123", "abc"));
        QVERIFY(!LinkSigner::constantTimeEquals("", "a"));
        QVERIFY(!LinkSigner::constantTimeEquals(QByteArray("a\0", 2), QByteArray("a")));
        const QByteArray full(64, 'f');
        QVERIFY(LinkSigner::constantTimeEquals(full, QByteArray(64, 'f')));
        QVERIFY(!LinkSigner::constantTimeEquals(full, QByteArray(64, 'e')));
    }

    void keyFileIsPrivateAndReused()
    {
        const QString keyFile = LinkSigner::keyFilePath(dataDir());
        QCOMPARE(keyFile, dataDir() + QStringLiteral("/link-key"));
        QCOMPARE(fileMode(keyFile), 0600);
        QCOMPARE(QFileInfo(keyFile).size(), static_cast<qint64>(LinkSigner::KeySize));
        QFile file(keyFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray stored = file.readAll();
        file.close();
        QVERIFY(stored != QByteArray(LinkSigner::KeySize, '\0'));

        // Reused: the same key, so the same signature for the same input.
        const auto again = LinkSigner::loadOrCreateKey(dataDir());
        QVERIFY(again.ok());
        QCOMPARE(*again, stored);
        const QString path = LinkSigner::pathFor(LocationId, QStringLiteral("a.jpg"));
        const LinkSigner one(*again);
        const LinkSigner two(*LinkSigner::loadOrCreateKey(dataDir()));
        QCOMPARE(one.signature(path, 42), two.signature(path, 42));
        QCOMPARE(two.verify(path, 42, one.signature(path, 42), QDateTime::fromSecsSinceEpoch(1)),
                 LinkSigner::Verdict::Valid);
        QVERIFY(one.signature(path, 42) != one.signature(path, 43));

        // Another data dir has another key: its links do not verify here.
        QTemporaryDir otherDir;
        const auto other = LinkSigner::loadOrCreateKey(otherDir.path());
        QVERIFY(other.ok());
        QVERIFY(*other != stored);
        QCOMPARE(one.verify(path, 42, LinkSigner(*other).signature(path, 42),
                            QDateTime::fromSecsSinceEpoch(1)),
                 LinkSigner::Verdict::BadSignature);

        // A loosened mode is tightened back to 0600, the key kept.
        QCOMPARE(::chmod(QFile::encodeName(keyFile).constData(), 0644), 0);
        QCOMPARE(*LinkSigner::loadOrCreateKey(dataDir()), stored);
        QCOMPARE(fileMode(keyFile), 0600);
    }

    void brokenKeyFileIsRefused()
    {
        QTemporaryDir dir;
        const QString keyFile = LinkSigner::keyFilePath(dir.path());
        QVERIFY(writeFile(keyFile, "short"));
        const auto shortKey = LinkSigner::loadOrCreateKey(dir.path());
        QVERIFY(!shortKey.ok());
        QVERIFY(shortKey.error().message.contains(keyFile));
        QCOMPARE(QFileInfo(keyFile).size(), static_cast<qint64>(5)); // not silently replaced

        QVERIFY(QFile::remove(keyFile));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("elsewhere")),
                          QByteArray(LinkSigner::KeySize, 'k')));
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("elsewhere")), keyFile));
        QVERIFY(!LinkSigner::loadOrCreateKey(dir.path()).ok());
    }

    void linkFromOneInstanceWorksInAnother()
    {
        QVERIFY(writeFile(root() + QStringLiteral("/a.jpg"), "jpeg-a"));
        const QUrl url = linkTo(QStringLiteral("a.jpg"));
        // A second engine instance on the same data directory (e.g. after a restart).
        auto second = makeServer();
        QVERIFY(second);
        QVERIFY(second->port() != m_server->port());
        QUrl moved = url;
        moved.setPort(second->port());
        m_server.reset();
        const Reply reply = fetch(moved);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.body, QByteArray("jpeg-a"));
        // And a new link from the second verifies with the first's signer.
        const QUrl fresh = *second->link(LocationId, QStringLiteral("a.jpg"), 60);
        const QUrlQuery query(fresh);
        QCOMPARE(signer().verify(fresh.path(QUrl::FullyEncoded),
                                 query.queryItemValue(QStringLiteral("Expires")).toLongLong(),
                                 query.queryItemValue(QStringLiteral("Signature")).toLatin1(),
                                 *m_now),
                 LinkSigner::Verdict::Valid);
    }

    void signatureIsNeverLogged()
    {
        static QStringList *messages = nullptr;
        QStringList captured;
        messages = &captured;
        QLoggingCategory::setFilterRules(QStringLiteral("livesnap.storage*=true"));
        const QtMessageHandler previous =
            qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &text) {
                if (messages) {
                    messages->append(text);
                }
            });

        QVERIFY(writeFile(root() + QStringLiteral("/a.jpg"), "jpeg-a"));
        const QUrl url = linkTo(QStringLiteral("a.jpg"));
        const int ok = fetch(url).status;
        *m_now = m_now->addSecs(3600);
        const int expired = fetch(url).status;

        qInstallMessageHandler(previous);
        messages = nullptr;
        QLoggingCategory::setFilterRules(QString());

        QCOMPARE(ok, 200);
        QCOMPARE(expired, 403);
        const QString signature = QUrlQuery(url).queryItemValue(QStringLiteral("Signature"));
        // Requests are logged (by path), so this checks real log lines.
        QVERIFY2(captured.join(QLatin1Char('\n')).contains(QStringLiteral("/o/loc1/a.jpg")),
                 qPrintable(captured.join(QLatin1Char('\n'))));
        for (const QString &line : std::as_const(captured)) {
            QVERIFY2(!line.contains(signature), qPrintable(line));
            QVERIFY2(!line.contains(QStringLiteral("Signature")), qPrintable(line));
        }
    }
};

QTEST_GUILESS_MAIN(TestLinkServer)
#include "tst_linkserver.moc"
