#include "domain/PictureStats.h"

#include <QTest>

#include <cmath>
#include <vector>

using livesnap::PictureStats;

namespace {

// A width x height 8-bit plane with `stride` bytes per row, filled by value(x, y).
template <typename Fn> std::vector<quint8> plane8(int width, int height, int stride, Fn value)
{
    std::vector<quint8> out(size_t(stride) * size_t(height), 0xEE); // padding must not count
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            out[size_t(y) * size_t(stride) + size_t(x)] = quint8(value(x, y));
        }
    }
    return out;
}

} // namespace

class TestPictureStats : public QObject {
    Q_OBJECT

private slots:
    void flatFullRangePicture()
    {
        const auto plane = plane8(64, 36, 80, [](int, int) { return 40; });
        const auto stats = PictureStats::measure(plane.data(), 80, 64, 36, 8, false);
        QVERIFY(stats.valid);
        QCOMPARE(stats.meanLuma, 40.0);
        QCOMPARE(stats.lumaSpread, 0.0);
        for (const float cell : stats.signature) {
            QCOMPARE(cell, 40.0f);
        }
    }

    void limitedRangeBlackIsZeroAndWhiteIsFull()
    {
        const auto black = plane8(32, 18, 32, [](int, int) { return 16; });
        QCOMPARE(PictureStats::measure(black.data(), 32, 32, 18, 8, true).meanLuma, 0.0);
        const auto white = plane8(32, 18, 32, [](int, int) { return 235; });
        QCOMPARE(PictureStats::measure(white.data(), 32, 32, 18, 8, true).meanLuma, 255.0);
        // Below 16 (a "superblack") clamps to 0 rather than going negative.
        const auto below = plane8(32, 18, 32, [](int, int) { return 4; });
        QCOMPARE(PictureStats::measure(below.data(), 32, 32, 18, 8, true).meanLuma, 0.0);
    }

    void spreadIsTheStandardDeviation()
    {
        // Half 0, half 200: mean 100, standard deviation 100.
        const auto plane = plane8(64, 36, 64, [](int x, int) { return x % 2 ? 200 : 0; });
        const auto stats = PictureStats::measure(plane.data(), 64, 64, 36, 8, false);
        QCOMPARE(stats.meanLuma, 100.0);
        QVERIFY(std::abs(stats.lumaSpread - 100.0) < 1e-9);
    }

    void signatureFollowsTheGrid()
    {
        // Left half dark, right half bright: the grid's columns say so.
        const auto plane = plane8(160, 90, 160, [](int x, int) { return x < 80 ? 10 : 210; });
        const auto stats = PictureStats::measure(plane.data(), 160, 160, 90, 8, false);
        for (int row = 0; row < PictureStats::GridRows; ++row) {
            for (int column = 0; column < PictureStats::GridColumns; ++column) {
                const float cell =
                    stats.signature[size_t(row * PictureStats::GridColumns + column)];
                QCOMPARE(cell, column < PictureStats::GridColumns / 2 ? 10.0f : 210.0f);
            }
        }
    }

    void differenceIsTheLargestCellChange()
    {
        const auto a = plane8(160, 90, 160, [](int, int) { return 100; });
        // One cell (the top left 10x10) brighter by 30; the rest the same.
        const auto b =
            plane8(160, 90, 160, [](int x, int y) { return x < 10 && y < 10 ? 130 : 100; });
        const auto sa = PictureStats::measure(a.data(), 160, 160, 90, 8, false);
        const auto sb = PictureStats::measure(b.data(), 160, 160, 90, 8, false);
        QCOMPARE(sa.difference(sa), 0.0);
        QVERIFY2(sa.difference(sb) > 20.0, qPrintable(QString::number(sa.difference(sb))));
        QCOMPARE(sa.difference(PictureStats{}), 255.0);
    }

    void tallPictureSamplesAtMostMaxRows()
    {
        // A gradient from top (0) to bottom (255): the sampled rows are spread over the whole
        // picture, so the mean stays near the middle and the top and bottom grid rows differ,
        // though only MaxSampledRows of the 1080 rows are read.
        const auto plane = plane8(1920, 1080, 1920, [](int, int y) { return y * 256 / 1080; });
        const auto stats = PictureStats::measure(plane.data(), 1920, 1920, 1080, 8, false);
        QVERIFY2(std::abs(stats.meanLuma - 127.5) <= 1.0,
                 qPrintable(QString::number(stats.meanLuma)));
        QVERIFY(stats.signature.front() < 20.0f);
        QVERIFY(stats.signature.back() > 235.0f);
    }

    void tenBitSamplesAreScaled()
    {
        std::vector<quint16> plane(size_t(32) * 18, quint16(400)); // 400 of 1023 = 100 of 255
        const auto stats = PictureStats::measure(plane.data(), 64, 32, 18, 10, false);
        QVERIFY(stats.valid);
        QCOMPARE(stats.meanLuma, 100.0);
    }

    void pictureSmallerThanTheGrid()
    {
        const auto plane = plane8(4, 2, 4, [](int, int) { return 77; });
        const auto stats = PictureStats::measure(plane.data(), 4, 4, 2, 8, false);
        QVERIFY(stats.valid);
        for (const float cell : stats.signature) {
            QCOMPARE(cell, 77.0f);
        }
    }

    void badInputIsInvalid()
    {
        const auto plane = plane8(8, 8, 8, [](int, int) { return 1; });
        QVERIFY(!PictureStats::measure(nullptr, 8, 8, 8, 8, false).valid);
        QVERIFY(!PictureStats::measure(plane.data(), 4, 8, 8, 8, false).valid); // stride < width
        QVERIFY(!PictureStats::measure(plane.data(), 8, 0, 8, 8, false).valid);
        QVERIFY(!PictureStats::measure(plane.data(), 8, 8, 8, 7, false).valid);
    }
};

QTEST_APPLESS_MAIN(TestPictureStats)
#include "tst_picturestats.moc"
