#include "imaging/ScaledJpegDecoder.h"

#include <QBuffer>
#include <QImage>
#include <QPainter>
#include <QTest>

using namespace livesnap::ui;

namespace {

// A real JPEG of the given size: left half red, right half blue.
QByteArray makeJpeg(QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::red);
    QPainter painter(&image);
    painter.fillRect(
        QRect(QPoint(size.width() / 2, 0), QSize(size.width() - size.width() / 2, size.height())),
        Qt::blue);
    painter.end();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "JPG", 90)) {
        return {};
    }
    return bytes;
}

} // namespace

class TestScaledJpegDecoder : public QObject {
    Q_OBJECT

private slots:
    void scaledSizeCoversBounds_data();
    void scaledSizeCoversBounds();
    void decodesAtReducedSize();
    void decodesFullSizeWithoutBounds();
    void colorsSurviveDecoding();
    void refusesGarbage();
};

void TestScaledJpegDecoder::scaledSizeCoversBounds_data()
{
    QTest::addColumn<QSize>("source");
    QTest::addColumn<QSize>("bounds");
    QTest::addColumn<QSize>("expected");
    QTest::newRow("1080p into 160x90: 1/8")
        << QSize(1920, 1080) << QSize(160, 90) << QSize(240, 135);
    QTest::newRow("1080p into 320x180: 3/16 is not offered, 1/4")
        << QSize(1920, 1080) << QSize(320, 180) << QSize(480, 270);
    QTest::newRow("1080p into 1920x1080: full")
        << QSize(1920, 1080) << QSize(1920, 1080) << QSize(1920, 1080);
    QTest::newRow("bigger bounds: never upscale")
        << QSize(640, 360) << QSize(4000, 4000) << QSize(640, 360);
    QTest::newRow("empty bounds: full") << QSize(1920, 1080) << QSize() << QSize(1920, 1080);
}

void TestScaledJpegDecoder::scaledSizeCoversBounds()
{
    QFETCH(QSize, source);
    QFETCH(QSize, bounds);
    QFETCH(QSize, expected);
    const QSize size = ScaledJpegDecoder::scaledSize(source, bounds);
    QCOMPARE(size, expected);
    if (!bounds.isEmpty() && bounds.width() <= source.width()) {
        QVERIFY(size.width() >= bounds.width() && size.height() >= bounds.height());
    }
}

void TestScaledJpegDecoder::decodesAtReducedSize()
{
    const QByteArray jpeg = makeJpeg(QSize(1920, 1080));
    QVERIFY(!jpeg.isEmpty());
    const auto result = ScaledJpegDecoder::decode(jpeg, QSize(200, 100));
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.sourceSize, QSize(1920, 1080));
    QCOMPARE(result.image.size(), QSize(240, 135)); // 1/8: libjpeg-turbo's DCT scaling
}

void TestScaledJpegDecoder::decodesFullSizeWithoutBounds()
{
    const QByteArray jpeg = makeJpeg(QSize(333, 77));
    const auto result = ScaledJpegDecoder::decode(jpeg);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.image.size(), QSize(333, 77));
}

void TestScaledJpegDecoder::colorsSurviveDecoding()
{
    const auto result = ScaledJpegDecoder::decode(makeJpeg(QSize(640, 360)), QSize(80, 45));
    QVERIFY2(result.ok(), qPrintable(result.error));
    const QColor left = result.image.pixelColor(5, result.image.height() / 2);
    const QColor right =
        result.image.pixelColor(result.image.width() - 5, result.image.height() / 2);
    QVERIFY2(left.red() > 200 && left.blue() < 60, qPrintable(left.name()));
    QVERIFY2(right.blue() > 200 && right.red() < 60, qPrintable(right.name()));
}

void TestScaledJpegDecoder::refusesGarbage()
{
    const auto empty = ScaledJpegDecoder::decode(QByteArray());
    QVERIFY(!empty.ok());
    QVERIFY(!empty.error.isEmpty());
    const auto garbage = ScaledJpegDecoder::decode(QByteArray("not a jpeg at all", 17));
    QVERIFY(!garbage.ok());
    QVERIFY2(garbage.error.contains(QStringLiteral("JPEG")), qPrintable(garbage.error));
}

QTEST_GUILESS_MAIN(TestScaledJpegDecoder)
#include "tst_scaledjpegdecoder.moc"
