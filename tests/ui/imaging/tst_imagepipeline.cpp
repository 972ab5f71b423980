#include "FileTestSupport.h"
#include "files/ThumbnailLoader.h"
#include "imaging/ScaledJpegDecoder.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

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

} // namespace

class TestThumbnailLoader : public QObject {
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

private:
    QString m_hdPath;    // 1920x1080
    QString m_smallPath; // 320x180
    QTemporaryDir m_dir;
};

void TestThumbnailLoader::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_hdPath = m_dir.filePath(QStringLiteral("hd.jpg"));
    m_smallPath = m_dir.filePath(QStringLiteral("small.jpg"));
    QVERIFY(writeFile(m_hdPath, makeJpeg(QSize(1920, 1080))));
    QVERIFY(writeFile(m_smallPath, makeJpeg(QSize(320, 180))));
}

void TestThumbnailLoader::decodesAtDctScaledSize_data()
{
    QTest::addColumn<QSize>("bounds");
    QTest::addColumn<QSize>("expected");
    // The smallest libjpeg-turbo scale factor whose result still covers the bounds.
    QTest::newRow("160x90: 1/8") << QSize(160, 90) << QSize(240, 135);
    QTest::newRow("320x180: 1/4") << QSize(320, 180) << QSize(480, 270);
    QTest::newRow("500x200: 3/8") << QSize(500, 200) << QSize(720, 405);
    QTest::newRow("empty: full size") << QSize() << QSize(1920, 1080);
}

void TestThumbnailLoader::decodesAtDctScaledSize()
{
    QFETCH(QSize, bounds);
    QFETCH(QSize, expected);
    QCOMPARE(ScaledJpegDecoder::scaledSize(QSize(1920, 1080), bounds), expected);

    ThumbnailLoader loader(nullptr);
    QSignalSpy ready(&loader, &ThumbnailLoader::thumbnailReady);
    const QString key = QStringLiteral("hd");
    QCOMPARE(loader.state(key), ThumbnailLoader::State::None);
    loader.request(key, ThumbnailSource{m_hdPath, {}, {}, {}}, bounds);
    QCOMPARE(loader.state(key), ThumbnailLoader::State::Loading);
    QTRY_COMPARE(ready.size(), 1);
    QCOMPARE(ready.at(0).at(0).toString(), key);
    const auto image = ready.at(0).at(1).value<QImage>();
    QCOMPARE(image.size(), expected);
    QCOMPARE(loader.state(key), ThumbnailLoader::State::Ready);
    QCOMPARE(loader.image(key).size(), expected);
    // The decoder produced only the scaled pixels, never the full frame first.
    const ThumbnailLoader::Statistics stats = loader.statistics();
    QCOMPARE(stats.decodes, 1);
    QCOMPARE(stats.decodedPixels, qint64(expected.width()) * expected.height());
}

void TestThumbnailLoader::cachedKeyIsNotLoadedAgain()
{
    ThumbnailLoader loader(nullptr);
    QSignalSpy ready(&loader, &ThumbnailLoader::thumbnailReady);
    const ThumbnailSource source{m_smallPath, {}, {}, {}};
    loader.request(QStringLiteral("a"), source, QSize(160, 90));
    loader.request(QStringLiteral("a"), source, QSize(160, 90)); // still loading
    QTRY_COMPARE(ready.size(), 1);
    loader.request(QStringLiteral("a"), source, QSize(160, 90)); // cached
    QTest::qWait(50);
    QCOMPARE(ready.size(), 1);
    QCOMPARE(loader.statistics().decodes, 1);
    QCOMPARE(loader.statistics().requests, 1);
}

void TestThumbnailLoader::cacheStaysWithinItsBound()
{
    ThumbnailLoader loader(nullptr);
    const qint64 maxBytes = 1024 * 1024;
    loader.setCacheMaxBytes(maxBytes);
    QCOMPARE(loader.cacheMaxBytes(), maxBytes);
    QSignalSpy ready(&loader, &ThumbnailLoader::thumbnailReady);
    const int count = 20; // 20 x 240x135 RGB32 = 2.6 MB, more than twice the bound
    for (int i = 0; i < count; ++i) {
        loader.request(QStringLiteral("k%1").arg(i), ThumbnailSource{m_hdPath, {}, {}, {}},
                       QSize(160, 90));
        // One at a time, so the order of insertion (and of eviction) is known.
        QTRY_COMPARE(ready.size(), i + 1);
    }
    const qint64 each = qint64(240) * 135 * 4;
    QVERIFY2(loader.cacheBytes() <= maxBytes, qPrintable(QString::number(loader.cacheBytes())));
    QCOMPARE(loader.cachedCount(), int(maxBytes / each));
    QCOMPARE(loader.cacheBytes(), loader.cachedCount() * each);
    // The least recently used went first; an evicted key is simply loadable again.
    QCOMPARE(loader.state(QStringLiteral("k0")), ThumbnailLoader::State::None);
    QCOMPARE(loader.state(QStringLiteral("k%1").arg(count - 1)), ThumbnailLoader::State::Ready);
    loader.request(QStringLiteral("k0"), ThumbnailSource{m_hdPath, {}, {}, {}}, QSize(160, 90));
    QTRY_COMPARE(loader.state(QStringLiteral("k0")), ThumbnailLoader::State::Ready);
    QVERIFY(loader.cacheBytes() <= maxBytes);
}

void TestThumbnailLoader::imageBiggerThanCacheIsShownNotKept()
{
    ThumbnailLoader loader(nullptr);
    loader.setCacheMaxBytes(100 * 1024);
    QSignalSpy ready(&loader, &ThumbnailLoader::thumbnailReady);
    loader.request(QStringLiteral("full"), ThumbnailSource{m_hdPath, {}, {}, {}}, QSize());
    QTRY_COMPARE(ready.size(), 1);
    QCOMPARE(ready.at(0).at(1).value<QImage>().size(), QSize(1920, 1080));
    QCOMPARE(loader.cacheBytes(), 0);
    QCOMPARE(loader.state(QStringLiteral("full")), ThumbnailLoader::State::None);
}

void TestThumbnailLoader::cancelledRequestsNeverDecodeNorReport()
{
    ThumbnailLoader loader(nullptr);
    loader.setMaxThreads(1);
    QSignalSpy ready(&loader, &ThumbnailLoader::thumbnailReady);
    QSignalSpy failed(&loader, &ThumbnailLoader::thumbnailFailed);
    PoolBlocker blocker(loader.threadPool());

    const int total = 40;
    const int kept = 10;
    QStringList keys;
    for (int i = 0; i < total; ++i) {
        keys << QStringLiteral("q%1").arg(i);
        loader.request(keys.last(), ThumbnailSource{m_hdPath, {}, {}, {}}, QSize(160, 90));
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
        QCOMPARE(loader.state(keys.at(i)), ThumbnailLoader::State::None);
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
    const ThumbnailLoader::Statistics stats = loader.statistics();
    QCOMPARE(stats.requests, total);
    QCOMPARE(stats.decodes, kept); // the cancelled 30 were never decoded
    QCOMPARE(stats.takenBack + stats.skipped, total - kept);
    QCOMPARE(stats.takenBack, total - kept); // all were still queued: taken back from the pool
}

void TestThumbnailLoader::cancelAllExceptKeepsTheNamedOnes()
{
    ThumbnailLoader loader(nullptr);
    loader.setMaxThreads(1);
    QSignalSpy ready(&loader, &ThumbnailLoader::thumbnailReady);
    PoolBlocker blocker(loader.threadPool());
    loader.request(QStringLiteral("a"), ThumbnailSource{m_smallPath, {}, {}, {}}, QSize(80, 45));
    loader.request(QStringLiteral("b"), ThumbnailSource{m_smallPath, {}, {}, {}}, QSize(80, 45));
    loader.cancelAllExcept({QStringLiteral("b")});
    QCOMPARE(loader.pendingKeys(), QStringList{QStringLiteral("b")});
    // A cancelled key can be asked for again, and then it loads.
    loader.request(QStringLiteral("a"), ThumbnailSource{m_smallPath, {}, {}, {}}, QSize(80, 45));
    blocker.release();
    QTRY_COMPARE(ready.size(), 2);
    QCOMPARE(loader.state(QStringLiteral("a")), ThumbnailLoader::State::Ready);
    QCOMPARE(loader.state(QStringLiteral("b")), ThumbnailLoader::State::Ready);
    QCOMPARE(loader.statistics().decodes, 2);
}

void TestThumbnailLoader::unreadableFilesFail()
{
    const QString garbage = m_dir.filePath(QStringLiteral("garbage.jpg"));
    QVERIFY(writeFile(garbage, QByteArrayLiteral("this is not a JPEG at all")));
    const QString missing = m_dir.filePath(QStringLiteral("missing.jpg"));

    ThumbnailLoader loader(nullptr);
    QSignalSpy ready(&loader, &ThumbnailLoader::thumbnailReady);
    QSignalSpy failed(&loader, &ThumbnailLoader::thumbnailFailed);
    loader.request(QStringLiteral("garbage"), ThumbnailSource{garbage, {}, {}, {}}, QSize(160, 90));
    loader.request(QStringLiteral("missing"), ThumbnailSource{missing, {}, {}, {}}, QSize(160, 90));
    QTRY_COMPARE(failed.size(), 2);
    QCOMPARE(ready.size(), 0);
    for (const QString &key : {QStringLiteral("garbage"), QStringLiteral("missing")}) {
        QCOMPARE(loader.state(key), ThumbnailLoader::State::Failed);
        QVERIFY(loader.image(key).isNull());
    }
    QVERIFY2(loader.errorString(QStringLiteral("garbage")).contains(QStringLiteral("JPEG")),
             qPrintable(loader.errorString(QStringLiteral("garbage"))));
    QVERIFY2(loader.errorString(QStringLiteral("missing")).contains(missing),
             qPrintable(loader.errorString(QStringLiteral("missing"))));

    // A failure is remembered (no retry storm from repaints) until failures are cleared.
    loader.request(QStringLiteral("missing"), ThumbnailSource{missing, {}, {}, {}}, QSize(160, 90));
    QCOMPARE(loader.state(QStringLiteral("missing")), ThumbnailLoader::State::Failed);
    QCOMPARE(loader.statistics().requests, 2);
    QVERIFY(writeFile(missing, makeJpeg(QSize(320, 180))));
    loader.clearFailures();
    loader.request(QStringLiteral("missing"), ThumbnailSource{missing, {}, {}, {}}, QSize(160, 90));
    QTRY_COMPARE(ready.size(), 1);
    QCOMPARE(loader.state(QStringLiteral("missing")), ThumbnailLoader::State::Ready);
}

void TestThumbnailLoader::sourceWithoutBytesFails()
{
    ThumbnailLoader loader(nullptr); // no engine: an OSS / S3 object cannot be signed
    QSignalSpy failed(&loader, &ThumbnailLoader::thumbnailFailed);
    loader.request(QStringLiteral("cloud"),
                   ThumbnailSource{{}, {}, QStringLiteral("job"), QStringLiteral("a.jpg")},
                   QSize(160, 90));
    QCOMPARE(loader.state(QStringLiteral("cloud")), ThumbnailLoader::State::Failed);
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY(!failed.at(0).at(1).toString().isEmpty());
}

QTEST_MAIN(TestThumbnailLoader)
#include "tst_thumbnailloader.moc"
