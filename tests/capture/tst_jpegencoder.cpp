#include "capture/JpegEncoder.h"

#include <QTest>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <random>
#include <vector>

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
}
#include <turbojpeg.h>

using livesnap::JpegEncoder;
using livesnap::JpegResult;

namespace {

struct Yuv {
    int y, u, v;
};
struct Rgb {
    int r, g, b;
};

// Four quadrant colours with distinct, non-swappable chroma so that a U/V swap or a stride
// error shows up as a wrong colour.
constexpr Yuv kQuadrants[4] = {{120, 90, 180}, {200, 60, 100}, {60, 170, 140}, {160, 128, 128}};

int clamp8(double v)
{
    return std::clamp(static_cast<int>(v + 0.5), 0, 255);
}

// What a JPEG decoder makes of YUV values: JFIF, i.e. full-range BT.601.
Rgb jfifToRgb(const Yuv &c)
{
    return {clamp8(c.y + 1.402 * (c.v - 128)),
            clamp8(c.y - 0.344136 * (c.u - 128) - 0.714136 * (c.v - 128)),
            clamp8(c.y + 1.772 * (c.u - 128))};
}

struct FrameDeleter {
    void operator()(AVFrame *f) const { av_frame_free(&f); }
};
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;

FramePtr allocFrame(AVPixelFormat format, int width, int height)
{
    FramePtr frame(av_frame_alloc());
    frame->format = format;
    frame->width = width;
    frame->height = height;
    if (av_frame_get_buffer(frame.get(), 0) < 0)
        return nullptr;
    return frame;
}

// Quadrant split on a multiple of 4 luma pixels, so that chroma (subsampled up to 4x) splits
// at the same place.
int split(int size)
{
    return (size / 2) & ~3;
}

// Index of the quadrant colour at luma position (x, y); small frames are one flat colour.
int quadrantAt(int x, int y, int width, int height)
{
    if (width < 16 || height < 16)
        return 0;
    return (x < split(width) ? 0 : 1) + (y < split(height) ? 0 : 2);
}

// Fills any of the formats the tests use with the quadrant pattern.
void fill(AVFrame *frame)
{
    const auto format = static_cast<AVPixelFormat>(frame->format);
    const auto *desc = av_pix_fmt_desc_get(format);
    const int w = frame->width;
    const int h = frame->height;
    const int cw = -((-w) >> desc->log2_chroma_w);
    const int ch = -((-h) >> desc->log2_chroma_h);
    const int sw = desc->log2_chroma_w;
    const int sh = desc->log2_chroma_h;

    if (format == AV_PIX_FMT_RGB24) {
        for (int y = 0; y < h; ++y) {
            uint8_t *row = frame->data[0] + y * frame->linesize[0];
            for (int x = 0; x < w; ++x) {
                const Rgb c = jfifToRgb(kQuadrants[quadrantAt(x, y, w, h)]);
                row[3 * x] = static_cast<uint8_t>(c.r);
                row[3 * x + 1] = static_cast<uint8_t>(c.g);
                row[3 * x + 2] = static_cast<uint8_t>(c.b);
            }
        }
        return;
    }
    const bool tenBit = format == AV_PIX_FMT_YUV420P10LE;
    auto put = [&](int plane, int x, int y, int value) {
        uint8_t *row = frame->data[plane] + y * frame->linesize[plane];
        if (tenBit)
            reinterpret_cast<uint16_t *>(row)[x] = static_cast<uint16_t>(value << 2);
        else
            row[x] = static_cast<uint8_t>(value);
    };
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x)
            put(0, x, y, kQuadrants[quadrantAt(x, y, w, h)].y);
    }
    if (desc->nb_components < 3)
        return;
    for (int y = 0; y < ch; ++y) {
        for (int x = 0; x < cw; ++x) {
            const Yuv &c = kQuadrants[quadrantAt(x << sw, y << sh, w, h)];
            if (format == AV_PIX_FMT_NV12) {
                put(1, 2 * x, y, c.u);
                put(1, 2 * x + 1, y, c.v);
            } else {
                put(1, x, y, c.u);
                put(2, x, y, c.v);
            }
        }
    }
}

Rgb expectedAt(AVPixelFormat format, int quadrant)
{
    Yuv c = kQuadrants[quadrant];
    if (format == AV_PIX_FMT_GRAY8)
        c.u = c.v = 128;
    return jfifToRgb(c);
}

struct Decoded {
    int width = 0;
    int height = 0;
    int subsamp = -1;
    std::vector<unsigned char> rgb;

    Rgb at(int x, int y) const
    {
        const unsigned char *p = &rgb[3 * (static_cast<size_t>(y) * width + x)];
        return {p[0], p[1], p[2]};
    }
};

Decoded decode(const QByteArray &jpeg)
{
    Decoded out;
    tjhandle tj = tjInitDecompress();
    const auto *buf = reinterpret_cast<const unsigned char *>(jpeg.constData());
    const auto size = static_cast<unsigned long>(jpeg.size());
    int colorspace = 0;
    if (tjDecompressHeader3(tj, buf, size, &out.width, &out.height, &out.subsamp, &colorspace) ==
        0) {
        out.rgb.resize(static_cast<size_t>(out.width) * out.height * 3);
        if (tjDecompress2(tj, buf, size, out.rgb.data(), out.width, 0, out.height, TJPF_RGB, 0) !=
            0)
            out.width = out.height = 0;
    }
    tjDestroy(tj);
    return out;
}

bool near(const Rgb &a, const Rgb &b, int tolerance)
{
    return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance &&
           std::abs(a.b - b.b) <= tolerance;
}

QByteArray describe(const Rgb &c)
{
    return QByteArray::number(c.r) + ',' + QByteArray::number(c.g) + ',' + QByteArray::number(c.b);
}

// Checks the decoded picture's quadrant centres (or, for a tiny frame, every pixel).
void verifyColours(const Decoded &d, AVPixelFormat format, int tolerance)
{
    QVERIFY(d.width > 0);
    std::vector<std::pair<int, int>> points;
    if (d.width < 16 || d.height < 16) {
        for (int y = 0; y < d.height; ++y) {
            for (int x = 0; x < d.width; ++x)
                points.emplace_back(x, y);
        }
    } else {
        const int sx = split(d.width);
        const int sy = split(d.height);
        points = {{sx / 2, sy / 2},
                  {(sx + d.width) / 2, sy / 2},
                  {sx / 2, (sy + d.height) / 2},
                  {(sx + d.width) / 2, (sy + d.height) / 2}};
    }
    for (const auto &[x, y] : points) {
        const Rgb want = expectedAt(format, quadrantAt(x, y, d.width, d.height));
        const Rgb got = d.at(x, y);
        const QByteArray what = "at " + QByteArray::number(x) + ',' + QByteArray::number(y) +
                                " got " + describe(got) + " want " + describe(want);
        QVERIFY2(near(got, want, tolerance), what.constData());
    }
}

using Storage = std::vector<std::vector<uint8_t>>;

// A frame whose planes are separate buffers of exactly stride * (rows + extraRows) bytes, every
// byte outside the picture set to fillByte: reading past a plane shows up under ASan, and
// reading padding shows up in the picture.
FramePtr ownFrame(AVPixelFormat format, int width, int height, int padding, uint8_t fillByte,
                  int extraRows, Storage *storage)
{
    const auto *desc = av_pix_fmt_desc_get(format);
    const int cw = -((-width) >> desc->log2_chroma_w);
    const int ch = -((-height) >> desc->log2_chroma_h);
    const bool nv12 = format == AV_PIX_FMT_NV12;
    const int planes = av_pix_fmt_count_planes(format);
    FramePtr frame(av_frame_alloc());
    frame->format = format;
    frame->width = width;
    frame->height = height;
    storage->assign(static_cast<size_t>(planes), {});
    for (int i = 0; i < planes; ++i) {
        const int rowBytes = i == 0 ? width : (nv12 ? 2 * cw : cw);
        const int rows = (i == 0 ? height : ch) + extraRows;
        frame->linesize[i] = rowBytes + padding;
        auto &plane = (*storage)[static_cast<size_t>(i)];
        plane.assign(static_cast<size_t>(frame->linesize[i]) * rows, fillByte);
        frame->data[i] = plane.data();
    }
    return frame;
}

bool isJpeg(const QByteArray &bytes)
{
    return bytes.startsWith("\xFF\xD8") && bytes.endsWith("\xFF\xD9");
}

} // namespace

class TestJpegEncoder : public QObject {
    Q_OBJECT

private slots:
    void encodesFormatsAndSizes_data();
    void encodesFormatsAndSizes();
    void honoursPaddedAndTightStrides_data();
    void honoursPaddedAndTightStrides();
    void ignoresBytesBeyondThePicture_data();
    void ignoresBytesBeyondThePicture();
    void bottomUpFrameIsConverted();
    void qualityAffectsSize();
    void reusesEncoderAcrossSizesAndFormats();
    void limitedRangePassesThrough();
    void nullFrameIsAnError();
    void missingPixelDataIsAnError();
    void emptySizeIsAnError();
    void hardwareFrameIsAnError();
};

void TestJpegEncoder::encodesFormatsAndSizes_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("subsamp");

    const std::pair<AVPixelFormat, int> formats[] = {
        {AV_PIX_FMT_YUV420P, TJSAMP_420},     {AV_PIX_FMT_YUVJ420P, TJSAMP_420},
        {AV_PIX_FMT_YUV422P, TJSAMP_422},     {AV_PIX_FMT_YUVJ422P, TJSAMP_422},
        {AV_PIX_FMT_YUV444P, TJSAMP_444},     {AV_PIX_FMT_YUVJ444P, TJSAMP_444},
        {AV_PIX_FMT_YUV440P, TJSAMP_440},     {AV_PIX_FMT_YUV411P, TJSAMP_411},
        {AV_PIX_FMT_GRAY8, TJSAMP_GRAY},      {AV_PIX_FMT_NV12, TJSAMP_420},
        {AV_PIX_FMT_YUV420P10LE, TJSAMP_420}, {AV_PIX_FMT_RGB24, TJSAMP_420},
    };
    const std::pair<int, int> sizes[] = {{1, 1}, {2, 2}, {854, 480}, {853, 481}, {1920, 1080}};
    for (const auto &[format, subsamp] : formats) {
        for (const auto &[w, h] : sizes) {
            QTest::addRow("%s %dx%d", av_get_pix_fmt_name(format), w, h)
                << static_cast<int>(format) << w << h << subsamp;
        }
    }
}

void TestJpegEncoder::encodesFormatsAndSizes()
{
    QFETCH(int, format);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, subsamp);

    const auto pixFmt = static_cast<AVPixelFormat>(format);
    FramePtr frame = allocFrame(pixFmt, width, height);
    QVERIFY(frame);
    fill(frame.get());

    JpegEncoder encoder;
    const JpegResult result = encoder.encode(frame.get());
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.width, width);
    QCOMPARE(result.height, height);
    QVERIFY(isJpeg(result.jpeg));

    const Decoded d = decode(result.jpeg);
    QCOMPARE(d.width, width);
    QCOMPARE(d.height, height);
    // The subsampling shows whether the planes went in directly or through swscale.
    QCOMPARE(d.subsamp, subsamp);
    // RGB makes a round trip through YUV, 10-bit is rounded to 8: a little more slack.
    const bool converted = pixFmt == AV_PIX_FMT_RGB24 || pixFmt == AV_PIX_FMT_YUV420P10LE;
    verifyColours(d, pixFmt, converted ? 6 : 4);
}

void TestJpegEncoder::honoursPaddedAndTightStrides_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<int>("padding");
    for (const AVPixelFormat format : {AV_PIX_FMT_YUV420P, AV_PIX_FMT_YUV422P, AV_PIX_FMT_NV12}) {
        for (const int padding : {0, 37}) {
            QTest::addRow("%s pad %d", av_get_pix_fmt_name(format), padding)
                << static_cast<int>(format) << padding;
        }
    }
}

void TestJpegEncoder::honoursPaddedAndTightStrides()
{
    QFETCH(int, format);
    QFETCH(int, padding);
    const auto pixFmt = static_cast<AVPixelFormat>(format);
    Storage storage;
    FramePtr frame = ownFrame(pixFmt, 853, 481, padding, 0xFF, 0, &storage);
    fill(frame.get());

    JpegEncoder encoder;
    const JpegResult result = encoder.encode(frame.get());
    QVERIFY2(result.ok(), qPrintable(result.error));
    const Decoded d = decode(result.jpeg);
    QCOMPARE(d.width, 853);
    QCOMPARE(d.height, 481);
    verifyColours(d, pixFmt, 4);
}

void TestJpegEncoder::ignoresBytesBeyondThePicture_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    for (const AVPixelFormat format : {AV_PIX_FMT_YUV420P, AV_PIX_FMT_YUV422P, AV_PIX_FMT_YUV440P,
                                       AV_PIX_FMT_YUV411P, AV_PIX_FMT_NV12}) {
        for (const auto &[w, h] : {std::pair{1, 1}, std::pair{3, 3}, std::pair{853, 481}}) {
            QTest::addRow("%s %dx%d", av_get_pix_fmt_name(format), w, h)
                << static_cast<int>(format) << w << h;
        }
    }
}

void TestJpegEncoder::ignoresBytesBeyondThePicture()
{
    // Whatever lies past the last column and row (row padding, the next plane, another
    // buffer) must not reach the JPEG.
    QFETCH(int, format);
    QFETCH(int, width);
    QFETCH(int, height);
    const auto pixFmt = static_cast<AVPixelFormat>(format);
    QByteArray jpegs[2];
    for (int i = 0; i < 2; ++i) {
        Storage storage;
        FramePtr frame = ownFrame(pixFmt, width, height, 5, i == 0 ? 0x00 : 0xFF, 2, &storage);
        fill(frame.get());
        const JpegResult result = JpegEncoder().encode(frame.get());
        QVERIFY2(result.ok(), qPrintable(result.error));
        jpegs[i] = result.jpeg;
    }
    QCOMPARE(jpegs[0], jpegs[1]);
    const Decoded d = decode(jpegs[0]);
    QCOMPARE(d.width, width);
    verifyColours(d, pixFmt, 4);
}

void TestJpegEncoder::bottomUpFrameIsConverted()
{
    // A negative stride walks the picture bottom-up; TurboJPEG cannot, swscale can.
    FramePtr frame = allocFrame(AV_PIX_FMT_YUV444P, 64, 48);
    QVERIFY(frame);
    fill(frame.get());
    const Decoded upright = decode(JpegEncoder().encode(frame.get()).jpeg);
    for (int i = 0; i < 3; ++i) {
        frame->data[i] += static_cast<ptrdiff_t>(frame->linesize[i]) * (frame->height - 1);
        frame->linesize[i] = -frame->linesize[i];
    }
    JpegEncoder encoder;
    const JpegResult result = encoder.encode(frame.get());
    QVERIFY2(result.ok(), qPrintable(result.error));
    const Decoded d = decode(result.jpeg);
    QCOMPARE(d.subsamp, static_cast<int>(TJSAMP_420));
    QCOMPARE(d.height, 48);
    // Flipped: the top-left quadrant now holds what was bottom-left.
    QVERIFY(near(d.at(10, 10), upright.at(10, 40), 6));
    QVERIFY(!near(d.at(10, 10), upright.at(10, 10), 6));
}

void TestJpegEncoder::qualityAffectsSize()
{
    FramePtr frame = allocFrame(AV_PIX_FMT_YUV420P, 320, 240);
    QVERIFY(frame);
    std::mt19937 rng(42);
    for (int i = 0; i < 3; ++i) {
        const int rows = i == 0 ? 240 : 120;
        const int cols = i == 0 ? 320 : 160;
        for (int y = 0; y < rows; ++y) {
            for (int x = 0; x < cols; ++x)
                frame->data[i][y * frame->linesize[i] + x] = static_cast<uint8_t>(rng());
        }
    }
    JpegEncoder encoder;
    const JpegResult low = encoder.encode(frame.get(), 30);
    const JpegResult high = encoder.encode(frame.get(), 95);
    const JpegResult byDefault = encoder.encode(frame.get());
    QVERIFY(low.ok() && high.ok() && byDefault.ok());
    QVERIFY2(low.jpeg.size() * 3 / 2 < high.jpeg.size(),
             qPrintable(QStringLiteral("q30 %1 bytes, q95 %2 bytes")
                            .arg(low.jpeg.size())
                            .arg(high.jpeg.size())));
    QVERIFY(low.jpeg.size() < byDefault.jpeg.size());
    QVERIFY(byDefault.jpeg.size() < high.jpeg.size());
    // Out-of-range qualities are clamped, not rejected.
    QCOMPARE(encoder.encode(frame.get(), 1000).jpeg, encoder.encode(frame.get(), 100).jpeg);
    QVERIFY(encoder.encode(frame.get(), 0).ok());
    QCOMPARE(decode(low.jpeg).width, 320);
    QCOMPARE(decode(high.jpeg).width, 320);
}

void TestJpegEncoder::reusesEncoderAcrossSizesAndFormats()
{
    // One encoder, as in a worker: the cached SwsContext and buffers must follow each change.
    JpegEncoder encoder;
    const std::tuple<AVPixelFormat, int, int> sequence[] = {
        {AV_PIX_FMT_NV12, 854, 480},        {AV_PIX_FMT_NV12, 320, 240},
        {AV_PIX_FMT_RGB24, 320, 240},       {AV_PIX_FMT_YUV420P, 1920, 1080},
        {AV_PIX_FMT_YUV420P10LE, 320, 240}, {AV_PIX_FMT_NV12, 854, 480},
        {AV_PIX_FMT_YUV444P, 33, 17},       {AV_PIX_FMT_NV12, 1920, 1080},
    };
    for (const auto &[format, w, h] : sequence) {
        FramePtr frame = allocFrame(format, w, h);
        QVERIFY(frame);
        fill(frame.get());
        const JpegResult result = encoder.encode(frame.get());
        QVERIFY2(result.ok(), qPrintable(result.error));
        const Decoded d = decode(result.jpeg);
        QCOMPARE(d.width, w);
        QCOMPARE(d.height, h);
        verifyColours(d, format, 6);
    }
}

void TestJpegEncoder::limitedRangePassesThrough()
{
    // Tagged limited or full, the same planes give the same JPEG: no range arithmetic.
    FramePtr limited = allocFrame(AV_PIX_FMT_YUV420P, 64, 64);
    FramePtr full = allocFrame(AV_PIX_FMT_YUV420P, 64, 64);
    QVERIFY(limited && full);
    fill(limited.get());
    fill(full.get());
    limited->color_range = AVCOL_RANGE_MPEG;
    full->color_range = AVCOL_RANGE_JPEG;
    JpegEncoder encoder;
    const QByteArray a = encoder.encode(limited.get()).jpeg;
    QVERIFY(!a.isEmpty());
    QCOMPARE(encoder.encode(full.get()).jpeg, a);

    // nv12 keeps its range through swscale too: Y=16 stays 16 rather than becoming 0.
    FramePtr nv12 = allocFrame(AV_PIX_FMT_NV12, 64, 64);
    QVERIFY(nv12);
    nv12->color_range = AVCOL_RANGE_MPEG;
    for (int y = 0; y < 64; ++y) {
        memset(nv12->data[0] + y * nv12->linesize[0], 16, 64);
        if (y < 32)
            memset(nv12->data[1] + y * nv12->linesize[1], 128, 64);
    }
    const Decoded d = decode(encoder.encode(nv12.get()).jpeg);
    QVERIFY(near(d.at(32, 32), Rgb{16, 16, 16}, 2));
}

void TestJpegEncoder::nullFrameIsAnError()
{
    JpegEncoder encoder;
    const JpegResult result = encoder.encode(nullptr);
    QVERIFY(!result.ok());
    QVERIFY(result.jpeg.isEmpty());
}

void TestJpegEncoder::missingPixelDataIsAnError()
{
    JpegEncoder encoder;
    FramePtr frame(av_frame_alloc());
    frame->format = AV_PIX_FMT_YUV420P;
    frame->width = 64;
    frame->height = 64;
    JpegResult result = encoder.encode(frame.get());
    QVERIFY(!result.ok());
    QVERIFY(result.jpeg.isEmpty());

    // One chroma plane missing, on both the direct and the swscale path.
    for (const AVPixelFormat format : {AV_PIX_FMT_YUV420P, AV_PIX_FMT_NV12}) {
        FramePtr partial = allocFrame(format, 64, 64);
        QVERIFY(partial);
        fill(partial.get());
        partial->data[1] = nullptr;
        result = encoder.encode(partial.get());
        QVERIFY(!result.ok());
        QVERIFY(result.jpeg.isEmpty());
    }
    // The encoder still works afterwards.
    FramePtr good = allocFrame(AV_PIX_FMT_YUV420P, 64, 64);
    fill(good.get());
    QVERIFY(encoder.encode(good.get()).ok());
}

void TestJpegEncoder::emptySizeIsAnError()
{
    FramePtr frame = allocFrame(AV_PIX_FMT_YUV420P, 16, 16);
    QVERIFY(frame);
    frame->width = 0;
    JpegEncoder encoder;
    QVERIFY(!encoder.encode(frame.get()).ok());
}

void TestJpegEncoder::hardwareFrameIsAnError()
{
    // A frame still in GPU memory has no planes libjpeg-turbo could read.
    FramePtr frame = allocFrame(AV_PIX_FMT_YUV420P, 16, 16);
    QVERIFY(frame);
    frame->format = AV_PIX_FMT_VAAPI;
    JpegEncoder encoder;
    const JpegResult result = encoder.encode(frame.get());
    QVERIFY(!result.ok());
    QVERIFY(result.error.contains(QLatin1String("vaapi")));
    frame->format = AV_PIX_FMT_YUV420P;
}

QTEST_APPLESS_MAIN(TestJpegEncoder)
#include "tst_jpegencoder.moc"
