// The one image pipeline: decoding, its byte-costed cache, cancellation, and its sources: files,
// links on a real local HTTP server, and stored snapshots a real engine links.
#include "../../support/HttpFetch.h"
#include "../files/FileTestSupport.h"
#include "imaging/ImagePipeline.h"
#include "imaging/ScaledJpegDecoder.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace livesnap;
using namespace livesnap::ui;
using namespace livesnap::uitest;

namespace {

QStringList keysOf(const QSignalSpy &spy)
{
    QStringList keys;
    for (const QList<QVariant> &args : spy) {
        keys << args.at(0).toString();
    }
    return keys;
}

// A real HTTP server on 127.0.0.1 serving one JPEG at every path but /missing* (404). It
// records each GET's path, and while held it keeps every answer back until release().
class JpegServer {
public:
    explicit JpegServer(QByteArray jpeg)
        : m_jpeg(std::move(jpeg))
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, [this] { accept(); });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    QUrl url(const QString &path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path));
    }
    QList<QByteArray> paths;
    void hold() { m_held = true; }
    void release()
    {
        m_held = false;
        const auto waiting = m_waiting;
        m_waiting.clear();
        for (const auto &[socket, path] : waiting) {
            if (socket) {
                answer(socket, path);
            }
        }
    }

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                QByteArray &head = m_heads[socket];
                head += socket->readAll();
                if (!head.contains("\r\n\r\n")) {
                    return;
                }
                const QByteArray path = head.split(' ').value(1);
                m_heads.remove(socket);
                paths << path;
                if (m_held) {
                    m_waiting.append({QPointer<QTcpSocket>(socket), path});
                } else {
                    answer(socket, path);
                }
            });
        }
    }
    void answer(QTcpSocket *socket, const QByteArray &path)
    {
        const bool missing = path.startsWith("/missing");
        const QByteArray body = missing ? QByteArray() : m_jpeg;
        socket->write((missing ? QByteArrayLiteral("HTTP/1.1 404 Not Found")
                               : QByteArrayLiteral("HTTP/1.1 200 OK")) +
                      "\r\nContent-Type: image/jpeg\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QByteArray m_jpeg;
    QHash<QTcpSocket *, QByteArray> m_heads;
    QList<QPair<QPointer<QTcpSocket>, QByteArray>> m_waiting;
    bool m_held = false;
};

} // namespace

class TestImagePipeline : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void decodesAtDctScaledSize_data();
    void decodesAtDctScaledSize();
    void cachedKeyIsNotLoadedAgain();
    void cacheStaysWithinItsBound();
    void imageBiggerThanCacheIsShownNotKept();
    void cancelledRequestsNeverDecodeNorReport();
    void cancelAllExceptKeepsTheNamedOnes();
    void unreadableFilesFail();
    void sourceWithoutBytesFails();
    void ownersShareOneLoad();
    void storedLocalSnapshotIsReadFromItsFile();
    void storedSnapshotTheEngineCannotLinkFails();
    void linkIsDownloaded();
    void queuedDownloadIsCancelled();

private:
    QString m_hdPath;    // 1920x1080
    QString m_smallPath; // 320x180
    QTemporaryDir m_dir;
    QTemporaryDir m_dataDir;
    std::unique_ptr<EngineHost> m_host;
};

void TestImagePipeline::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_hdPath = m_dir.filePath(QStringLiteral("hd.jpg"));
    m_smallPath = m_dir.filePath(QStringLiteral("small.jpg"));
    QVERIFY(writeFile(m_hdPath, makeJpeg(QSize(1920, 1080))));
    QVERIFY(writeFile(m_smallPath, makeJpeg(QSize(320, 180))));
    QVERIFY(m_dataDir.isValid());
    LIVESNAP_START_HOST(m_host, m_dataDir.path());
}

void TestImagePipeline::decodesAtDctScaledSize_data()
{
    QTest::addColumn<QSize>("bounds");
    QTest::addColumn<QSize>("expected");
    // The smallest libjpeg-turbo scale factor whose result still covers the bounds.
    QTest::newRow("160x90: 1/8") << QSize(160, 90) << QSize(240, 135);
    QTest::newRow("320x180: 1/4") << QSize(320, 180) << QSize(480, 270);
    QTest::newRow("500x200: 3/8") << QSize(500, 200) << QSize(720, 405);
    QTest::newRow("empty: full size") << QSize() << QSize(1920, 1080);
}

void TestImagePipeline::decodesAtDctScaledSize()
{
    QFETCH(QSize, bounds);
    QFETCH(QSize, expected);
    QCOMPARE(ScaledJpegDecoder::scaledSize(QSize(1920, 1080), bounds), expected);

    ImagePipeline loader(nullptr);
    QSignalSpy ready(&loader, &ImagePipeline::imageReady);
    const QString key = QStringLiteral("hd");
    QCOMPARE(loader.state(key), ImagePipeline::State::None);
    loader.request(key, ImageSource::file(m_hdPath), bounds);
    QCOMPARE(loader.state(key), ImagePipeline::State::Loading);
    QTRY_COMPARE(ready.size(), 1);
    QCOMPARE(ready.at(0).at(0).toString(), key);
    const auto image = ready.at(0).at(1).value<QImage>();
    QCOMPARE(image.size(), expected);
    QCOMPARE(loader.state(key), ImagePipeline::State::Ready);
    QCOMPARE(loader.image(key).size(), expected);
    // The decoder produced only the scaled pixels, never the full frame first.
    const ImagePipeline::Statistics stats = loader.statistics();
    QCOMPARE(stats.decodes, 1);
    QCOMPARE(stats.decodedPixels, qint64(expected.width()) * expected.height());
}

void TestImagePipeline::cachedKeyIsNotLoadedAgain()
{
    ImagePipeline loader(nullptr);
    QSignalSpy ready(&loader, &ImagePipeline::imageReady);
    const ImageSource source = ImageSource::file(m_smallPath);
    loader.request(QStringLiteral("a"), source, QSize(160, 90));
    loader.request(QStringLiteral("a"), source, QSize(160, 90)); // still loading
    QTRY_COMPARE(ready.size(), 1);
    loader.request(QStringLiteral("a"), source, QSize(160, 90)); // cached
    QTest::qWait(50);
    QCOMPARE(ready.size(), 1);
    QCOMPARE(loader.statistics().decodes, 1);
    QCOMPARE(loader.statistics().requests, 1);
}

void TestImagePipeline::cacheStaysWithinItsBound()
{
    ImagePipeline loader(nullptr);
    const qint64 maxBytes = 1024 * 1024;
    loader.setCacheMaxBytes(maxBytes);
    QCOMPARE(loader.cacheMaxBytes(), maxBytes);
    QSignalSpy ready(&loader, &ImagePipeline::imageReady);
    const int count = 20; // 20 x 240x135 RGB32 = 2.6 MB, more than twice the bound
    for (int i = 0; i < count; ++i) {
        loader.request(QStringLiteral("k%1").arg(i), ImageSource::file(m_hdPath), QSize(160, 90));
        // One at a time, so the order of insertion (and of eviction) is known.
        QTRY_COMPARE(ready.size(), i + 1);
    }
    const qint64 each = qint64(240) * 135 * 4;
    QVERIFY2(loader.cacheBytes() <= maxBytes, qPrintable(QString::number(loader.cacheBytes())));
    QCOMPARE(loader.cachedCount(), int(maxBytes / each));
    QCOMPARE(loader.cacheBytes(), loader.cachedCount() * each);
    // The least recently used went first; an evicted key is simply loadable again.
    QCOMPARE(loader.state(QStringLiteral("k0")), ImagePipeline::State::None);
    QCOMPARE(loader.state(QStringLiteral("k%1").arg(count - 1)), ImagePipeline::State::Ready);
    loader.request(QStringLiteral("k0"), ImageSource::file(m_hdPath), QSize(160, 90));
    QTRY_COMPARE(loader.state(QStringLiteral("k0")), ImagePipeline::State::Ready);
    QVERIFY(loader.cacheBytes() <= maxBytes);
}

void TestImagePipeline::imageBiggerThanCacheIsShownNotKept()
{
    ImagePipeline loader(nullptr);
    loader.setCacheMaxBytes(100 * 1024);
    QSignalSpy ready(&loader, &ImagePipeline::imageReady);
    loader.request(QStringLiteral("full"), ImageSource::file(m_hdPath), QSize());
    QTRY_COMPARE(ready.size(), 1);
    QCOMPARE(ready.at(0).at(1).value<QImage>().size(), QSize(1920, 1080));
    QCOMPARE(loader.cacheBytes(), 0);
    QCOMPARE(loader.state(QStringLiteral("full")), ImagePipeline::State::None);
}

void TestImagePipeline::cancelledRequestsNeverDecodeNorReport()
{
    ImagePipeline loader(nullptr);
    loader.setMaxThreads(1);
    QSignalSpy ready(&loader, &ImagePipeline::imageReady);
    QSignalSpy failed(&loader, &ImagePipeline::imageFailed);
    PoolBlocker blocker(loader.threadPool());

    const int total = 40;
    const int kept = 10;
    QStringList keys;
    for (int i = 0; i < total; ++i) {
        keys << QStringLiteral("q%1").arg(i);
        loader.request(keys.last(), ImageSource::file(m_hdPath), QSize(160, 90));
    }
    QCOMPARE(loader.pendingKeys().size(), total);
    // Cancel the first 30, as a scroll would: some one by one, the rest by what stays visible.
    for (int i = 0; i < 5; ++i) {
        loader.cancel(keys.at(i));
    }
    const QStringList keep = keys.mid(total - kept);
    loader.cancelAllExcept(QSet<QString>(keep.cbegin(), keep.cend()));
    QCOMPARE(loader.pendingKeys().size(), kept);
    for (int i = 0; i < total - kept; ++i) {
        QCOMPARE(loader.state(keys.at(i)), ImagePipeline::State::None);
    }
    blocker.release();

    QTRY_COMPARE(ready.size(), kept);
    QTest::qWait(100); // room for a stray result to show up
    QCOMPARE(ready.size(), kept);
    QCOMPARE(failed.size(), 0);
    QStringList readyKeys = keysOf(ready);
    readyKeys.sort();
    QStringList expected = keep;
    expected.sort();
    QCOMPARE(readyKeys, expected);
    const ImagePipeline::Statistics stats = loader.statistics();
    QCOMPARE(stats.requests, total);
    QCOMPARE(stats.decodes, kept); // the cancelled 30 were never decoded
    QCOMPARE(stats.takenBack + stats.skipped, total - kept);
    QCOMPARE(stats.takenBack, total - kept); // all were still queued: taken back from the pool
}

void TestImagePipeline::cancelAllExceptKeepsTheNamedOnes()
{
    ImagePipeline loader(nullptr);
    loader.setMaxThreads(1);
    QSignalSpy ready(&loader, &ImagePipeline::imageReady);
    PoolBlocker blocker(loader.threadPool());
    loader.request(QStringLiteral("a"), ImageSource::file(m_smallPath), QSize(80, 45));
    loader.request(QStringLiteral("b"), ImageSource::file(m_smallPath), QSize(80, 45));
    loader.cancelAllExcept({QStringLiteral("b")});
    QCOMPARE(loader.pendingKeys(), QStringList{QStringLiteral("b")});
    // A cancelled key can be asked for again, and then it loads.
    loader.request(QStringLiteral("a"), ImageSource::file(m_smallPath), QSize(80, 45));
    blocker.release();
    QTRY_COMPARE(ready.size(), 2);
    QCOMPARE(loader.state(QStringLiteral("a")), ImagePipeline::State::Ready);
    QCOMPARE(loader.state(QStringLiteral("b")), ImagePipeline::State::Ready);
    QCOMPARE(loader.statistics().decodes, 2);
}

void TestImagePipeline::unreadableFilesFail()
{
    const QString garbage = m_dir.filePath(QStringLiteral("garbage.jpg"));
    QVERIFY(writeFile(garbage, QByteArrayLiteral("this is not a JPEG at all")));
    const QString missing = m_dir.filePath(QStringLiteral("missing.jpg"));

    ImagePipeline loader(nullptr);
    QSignalSpy ready(&loader, &ImagePipeline::imageReady);
    QSignalSpy failed(&loader, &ImagePipeline::imageFailed);
    loader.request(QStringLiteral("garbage"), ImageSource::file(garbage), QSize(160, 90));
    loader.request(QStringLiteral("missing"), ImageSource::file(missing), QSize(160, 90));
    QTRY_COMPARE(failed.size(), 2);
    QCOMPARE(ready.size(), 0);
    for (const QString &key : {QStringLiteral("garbage"), QStringLiteral("missing")}) {
        QCOMPARE(loader.state(key), ImagePipeline::State::Failed);
        QVERIFY(loader.image(key).isNull());
    }
    QVERIFY2(loader.errorString(QStringLiteral("garbage")).contains(QStringLiteral("JPEG")),
             qPrintable(loader.errorString(QStringLiteral("garbage"))));
    QVERIFY2(loader.errorString(QStringLiteral("missing")).contains(missing),
             qPrintable(loader.errorString(QStringLiteral("missing"))));

    // A failure is remembered (no retry storm from repaints) until failures are cleared.
    loader.request(QStringLiteral("missing"), ImageSource::file(missing), QSize(160, 90));
    QCOMPARE(loader.state(QStringLiteral("missing")), ImagePipeline::State::Failed);
    QCOMPARE(loader.statistics().requests, 2);
    QVERIFY(writeFile(missing, makeJpeg(QSize(320, 180))));
    loader.clearFailures();
    loader.request(QStringLiteral("missing"), ImageSource::file(missing), QSize(160, 90));
    QTRY_COMPARE(ready.size(), 1);
    QCOMPARE(loader.state(QStringLiteral("missing")), ImagePipeline::State::Ready);
}

void TestImagePipeline::sourceWithoutBytesFails()
{
    ImagePipeline loader(nullptr); // no engine: an OSS / S3 object cannot be signed
    QSignalSpy failed(&loader, &ImagePipeline::imageFailed);
    loader.request(QStringLiteral("cloud"),
                   ImageSource::object(QStringLiteral("job"), QStringLiteral("a.jpg")),
                   QSize(160, 90));
    QCOMPARE(loader.state(QStringLiteral("cloud")), ImagePipeline::State::Failed);
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY(!failed.at(0).at(1).toString().isEmpty());
}

void TestImagePipeline::ownersShareOneLoad()
{
    ImagePipeline pipeline(nullptr);
    pipeline.setMaxThreads(1);
    QSignalSpy ready(&pipeline, &ImagePipeline::imageReady);
    PoolBlocker blocker(pipeline.threadPool());
    int grid = 0;
    int wall = 0;
    const QString key = QStringLiteral("shared");
    pipeline.request(key, ImageSource::file(m_smallPath), QSize(80, 45), &grid);
    pipeline.request(key, ImageSource::file(m_smallPath), QSize(80, 45), &wall);
    pipeline.request(QStringLiteral("grid only"), ImageSource::file(m_smallPath), QSize(80, 45),
                     &grid);
    QCOMPARE(pipeline.statistics().requests, 2);
    QCOMPARE(pipeline.statistics().joined, 1);
    // One owner letting go (as a scroll does) leaves the other's request running.
    pipeline.cancelAllExcept({}, &grid);
    QCOMPARE(pipeline.pendingKeys(), QStringList{key});
    QCOMPARE(pipeline.state(key), ImagePipeline::State::Loading);
    blocker.release();
    QTRY_COMPARE(ready.size(), 1);
    QCOMPARE(ready.at(0).at(0).toString(), key);
    QCOMPARE(pipeline.statistics().decodes, 1);
    QCOMPARE(pipeline.statistics().takenBack, 1); // "grid only"
    // When the last owner lets go, the work stops.
    PoolBlocker again(pipeline.threadPool());
    pipeline.request(QStringLiteral("late"), ImageSource::file(m_smallPath), QSize(80, 45), &grid);
    pipeline.request(QStringLiteral("late"), ImageSource::file(m_smallPath), QSize(80, 45), &wall);
    pipeline.cancel(QStringLiteral("late"), &grid);
    pipeline.cancel(QStringLiteral("late"), &wall);
    QVERIFY(pipeline.pendingKeys().isEmpty());
    QCOMPARE(pipeline.statistics().takenBack, 2);
}

void TestImagePipeline::storedLocalSnapshotIsReadFromItsFile()
{
    const QString jobId = submitLocalJob(*m_host, QStringLiteral("local"));
    QVERIFY(!jobId.isEmpty());
    const QByteArray small = makeJpeg(QSize(320, 180));
    QVERIFY(recordSnapshots(*m_host, jobId, 1, QDateTime::currentMSecsSinceEpoch() - 60000, small,
                            false, QSize(320, 180))
                .isEmpty());
    const QString object = realtimeObject(jobId, 1);
    // The object's file becomes a link to a 1080p JPEG outside the storage folder: the engine's
    // link server refuses to serve it, so an image that loads was read from the file itself.
    const QString file = QDir::cleanPath(defaultRoot(*m_host) + QLatin1Char('/') + object);
    QVERIFY(QFile::remove(file));
    QVERIFY(QFile::link(m_hdPath, file));

    ImagePipeline pipeline(m_host.get());
    std::optional<Result<SignedLink>> linked;
    QObject context;
    pipeline.resolveLink(jobId, object, &context,
                         [&linked](const Result<SignedLink> &link) { linked = link; });
    QTRY_VERIFY(linked.has_value());
    QVERIFY2(linked->ok(), qPrintable(linked->ok() ? QString() : linked->error().message));
    QCOMPARE((*linked)->localPath, file);
    QCOMPARE((*linked)->url.host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(test::fetch((*linked)->url).first, 403);

    QSignalSpy ready(&pipeline, &ImagePipeline::imageReady);
    QSignalSpy failed(&pipeline, &ImagePipeline::imageFailed);
    pipeline.request(QStringLiteral("thumb"), ImageSource::object(jobId, object), QSize(160, 90));
    pipeline.request(QStringLiteral("tile"), ImageSource::object(jobId, object), QSize(320, 180),
                     nullptr, ImagePipeline::Fit::Within);
    QTRY_VERIFY2(ready.size() + failed.size() == 2, "no answer");
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(1).toString()));
    QCOMPARE(pipeline.image(QStringLiteral("thumb")).size(), QSize(240, 135)); // 1/8 of 1080p
    QCOMPARE(pipeline.image(QStringLiteral("tile")).size(), QSize(320, 180));  // 3/8, scaled
    const ImagePipeline::Statistics stats = pipeline.statistics();
    QCOMPARE(stats.fileReads, 2);
    QCOMPARE(stats.downloads, 0);
    QCOMPARE(stats.linkCalls, 1); // one engine call, then the remembered link
}

void TestImagePipeline::storedSnapshotTheEngineCannotLinkFails()
{
    const QString jobId = submitLocalJob(*m_host, QStringLiteral("unknown object"));
    QVERIFY(!jobId.isEmpty());
    ImagePipeline pipeline(m_host.get());
    QSignalSpy failed(&pipeline, &ImagePipeline::imageFailed);
    pipeline.request(QStringLiteral("unknown"),
                     ImageSource::object(jobId, QStringLiteral("snapshot/nope.jpg")),
                     QSize(80, 45));
    QTRY_COMPARE(failed.size(), 1);
    // The engine's message, which names the object.
    QVERIFY2(failed.at(0).at(1).toString().contains(QStringLiteral("snapshot/nope.jpg")),
             qPrintable(failed.at(0).at(1).toString()));
    QCOMPARE(pipeline.state(QStringLiteral("unknown")), ImagePipeline::State::Failed);
    QCOMPARE(pipeline.statistics().downloads, 0);
}

void TestImagePipeline::linkIsDownloaded()
{
    JpegServer server(makeJpeg(QSize(1920, 1080)));
    QVERIFY(server.listen());
    ImagePipeline pipeline(nullptr);
    QSignalSpy ready(&pipeline, &ImagePipeline::imageReady);
    QSignalSpy failed(&pipeline, &ImagePipeline::imageFailed);
    pipeline.request(QStringLiteral("remote"),
                     ImageSource::link(server.url(QStringLiteral("/a.jpg?Signature=SECRET"))),
                     QSize(160, 90));
    QTRY_COMPARE(ready.size(), 1);
    QCOMPARE(ready.at(0).at(1).value<QImage>().size(), QSize(240, 135));
    QCOMPARE(server.paths, QList<QByteArray>{"/a.jpg?Signature=SECRET"});
    QCOMPARE(pipeline.statistics().downloads, 1);
    QCOMPARE(pipeline.statistics().fileReads, 0);

    // A failed download says why without quoting the link (its query is the signature).
    pipeline.request(QStringLiteral("gone"),
                     ImageSource::link(server.url(QStringLiteral("/missing.jpg?Signature=SECRET"))),
                     QSize(160, 90));
    QTRY_COMPARE(failed.size(), 1);
    const QString message = failed.at(0).at(1).toString();
    QVERIFY2(message.contains(QStringLiteral("404")), qPrintable(message));
    QVERIFY2(!message.contains(QStringLiteral("SECRET")), qPrintable(message));
}

void TestImagePipeline::queuedDownloadIsCancelled()
{
    JpegServer server(makeJpeg(QSize(320, 180)));
    QVERIFY(server.listen());
    server.hold();
    ImagePipeline pipeline(nullptr);
    pipeline.setMaxDownloads(1);
    QSignalSpy ready(&pipeline, &ImagePipeline::imageReady);
    QSignalSpy failed(&pipeline, &ImagePipeline::imageFailed);
    pipeline.request(QStringLiteral("first"),
                     ImageSource::link(server.url(QStringLiteral("/1.jpg"))), QSize(80, 45));
    pipeline.request(QStringLiteral("second"),
                     ImageSource::link(server.url(QStringLiteral("/2.jpg"))), QSize(80, 45));
    QTRY_COMPARE(server.paths.size(), 1); // the bound: one download at a time
    QCOMPARE(server.paths.at(0), QByteArray("/1.jpg"));
    pipeline.cancel(QStringLiteral("second"));
    QCOMPARE(pipeline.pendingKeys(), QStringList{QStringLiteral("first")});
    QCOMPARE(pipeline.state(QStringLiteral("second")), ImagePipeline::State::None);
    QCOMPARE(pipeline.statistics().takenBack, 1);
    server.release();
    QTRY_COMPARE(ready.size(), 1);
    QTest::qWait(200); // room for a stray download
    QCOMPARE(keysOf(ready), QStringList{QStringLiteral("first")});
    QCOMPARE(server.paths, QList<QByteArray>{"/1.jpg"});
    QCOMPARE(failed.size(), 0);
    QCOMPARE(pipeline.statistics().downloads, 1);
}

QTEST_MAIN(TestImagePipeline)
#include "tst_imagepipeline.moc"
