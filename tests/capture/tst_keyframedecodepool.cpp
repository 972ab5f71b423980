// The decode pool: a real keyframe (encoded here with libavcodec) is decoded once and encoded
// once per JPEG quality and size asked for (scaled once per size, aspect ratio kept, never
// upscaled); waiting keyframes are decoded oldest first whatever order
// they were handed over in; cancel() drops an owner's waiting keyframes and returns only once
// its keyframe being decoded is done.
#include "../support/JpegHeader.h"
#include "capture/KeyframeDecodePool.h"
#include "media/FfmpegSupport.h"

#include <QSemaphore>
#include <QTest>

#include <mutex>
#include <thread>

extern "C" {
#include <libavcodec/avcodec.h>
}

using namespace livesnap;
using livesnap::test::jpegHeaderSize;
using Clock = std::chrono::steady_clock;

namespace {

// One intra-coded MPEG-2 picture (64x48 unless said) with luma `y`, and the parameters to
// decode it.
struct EncodedPicture {
    ffmpeg::PacketPtr packet{av_packet_alloc()};
    std::shared_ptr<const KeyframeCodec> codec;
};

EncodedPicture encodePicture(int y, int width = 64, int height = 48)
{
    EncodedPicture out;
    const AVCodec *encoder = avcodec_find_encoder(AV_CODEC_ID_MPEG2VIDEO);
    ffmpeg::CodecContextPtr context(avcodec_alloc_context3(encoder));
    context->width = width;
    context->height = height;
    context->pix_fmt = AV_PIX_FMT_YUV420P;
    context->time_base = AVRational{1, 25};
    context->gop_size = 1;
    if (avcodec_open2(context.get(), encoder, nullptr) < 0)
        return out;
    ffmpeg::FramePtr frame(av_frame_alloc());
    frame->format = AV_PIX_FMT_YUV420P;
    frame->width = width;
    frame->height = height;
    if (av_frame_get_buffer(frame.get(), 0) < 0)
        return out;
    for (int row = 0; row < height; ++row)
        std::memset(frame->data[0] + row * frame->linesize[0], y, size_t(width));
    for (int plane = 1; plane < 3; ++plane) {
        for (int row = 0; row < height / 2; ++row)
            std::memset(frame->data[plane] + row * frame->linesize[plane], 128, size_t(width / 2));
    }
    frame->pts = 0;
    avcodec_send_frame(context.get(), frame.get());
    avcodec_send_frame(context.get(), nullptr);
    if (avcodec_receive_packet(context.get(), out.packet.get()) < 0)
        return out;
    std::shared_ptr<AVCodecParameters> parameters(
        avcodec_parameters_alloc(), [](AVCodecParameters *p) { avcodec_parameters_free(&p); });
    avcodec_parameters_from_context(parameters.get(), context.get());
    out.codec = KeyframeCodec::make(parameters.get(), QByteArray(), 1, 25);
    return out;
}

KeyframeDecodePool::Request request(const void *owner, Clock::time_point arrived,
                                    const EncodedPicture &picture, KeyframeDecodePool::Done done)
{
    KeyframeDecodePool::Request r;
    r.owner = owner;
    r.arrived = arrived;
    r.codec = picture.codec;
    r.packet = av_packet_clone(picture.packet.get());
    r.outputs = {JpegOutput{85, 0, 0}};
    r.done = std::move(done);
    return r;
}

// Submits one keyframe asking for `outputs` and waits for it.
DecodedKeyframe decodeOnce(KeyframeDecodePool &pool, const void *owner,
                           const EncodedPicture &picture, std::vector<JpegOutput> outputs)
{
    QSemaphore done;
    DecodedKeyframe result;
    KeyframeDecodePool::Request r;
    r.owner = owner;
    r.arrived = Clock::now();
    r.codec = picture.codec;
    r.packet = av_packet_clone(picture.packet.get());
    r.outputs = std::move(outputs);
    r.done = [&](DecodedKeyframe &&decoded) {
        result = std::move(decoded);
        done.release();
    };
    pool.submit(std::move(r));
    if (!done.tryAcquire(1, 10000))
        result.error = QStringLiteral("timed out");
    return result;
}

} // namespace

class TestKeyframeDecodePool : public QObject {
    Q_OBJECT

private slots:
    void decodesOnceForEveryQualityAskedFor()
    {
        const EncodedPicture picture = encodePicture(200);
        QVERIFY(picture.codec && picture.packet->size > 0);
        KeyframeDecodePool pool(2);
        QSemaphore done;
        DecodedKeyframe result;
        KeyframeDecodePool::Request r =
            request(this, Clock::now(), picture, [&](DecodedKeyframe &&decoded) {
                result = std::move(decoded);
                done.release();
            });
        r.outputs = {JpegOutput{85, 0, 0}, JpegOutput{40, 0, 0}, JpegOutput{85, 0, 0}};
        pool.submit(std::move(r));
        QVERIFY(done.tryAcquire(1, 10000));
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(pool.decodedCount(), quint64(1));
        // One JPEG per distinct quality, in the order asked.
        QCOMPARE(result.jpegs.size(), size_t(2));
        QCOMPARE(result.jpegs[0].first.quality, 85);
        QCOMPARE(result.jpegs[1].first.quality, 40);
        QCOMPARE(pool.scaledCount(), quint64(0)); // the stream's size: nothing scaled
        for (const auto &[output, jpeg] : result.jpegs) {
            QVERIFY2(jpeg.ok(), qPrintable(jpeg.error));
            QCOMPARE(jpeg.width, 64);
            QCOMPARE(jpeg.height, 48);
            QVERIFY(jpeg.jpeg.startsWith("\xFF\xD8"));
        }
        // The picture was measured: a flat light grey (limited range 200 → about 205).
        QVERIFY2(result.stats.meanLuma > 190 && result.stats.meanLuma < 215,
                 qPrintable(QString::number(result.stats.meanLuma)));

        // A broken keyframe says why and is not counted.
        QSemaphore second;
        KeyframeDecodePool::Request broken =
            request(this, Clock::now(), picture, [&](DecodedKeyframe &&decoded) {
                result = std::move(decoded);
                second.release();
            });
        broken.packet->size = 4; // a cut-off picture
        pool.submit(std::move(broken));
        QVERIFY(second.tryAcquire(1, 10000));
        QVERIFY(!result.error.isEmpty());
        QVERIFY(result.jpegs.empty());
        QCOMPARE(pool.decodedCount(), quint64(1));
        // The next good keyframe decodes (on a decoder opened afresh).
        pool.submit(request(this, Clock::now(), picture, [&](DecodedKeyframe &&decoded) {
            result = std::move(decoded);
            second.release();
        }));
        QVERIFY(second.tryAcquire(1, 10000));
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(pool.decodedCount(), quint64(2));
    }

    void scaledOutputsKeepTheAspectRatioAndNeverUpscale()
    {
        const EncodedPicture picture = encodePicture(120, 320, 180);
        QVERIFY(picture.codec && picture.packet->size > 0);
        KeyframeDecodePool pool(1);
        const DecodedKeyframe result =
            decodeOnce(pool, this, picture,
                       {JpegOutput{85, 160, 0},   // width given: height follows, 160x90
                        JpegOutput{85, 0, 45},    // height given: width follows, 80x45
                        JpegOutput{85, 100, 100}, // a box: fits by width, 100x56 (even)
                        JpegOutput{85, 640, 0},   // larger than the stream: kept at 320x180
                        JpegOutput{85, 0, 0}});   // nothing given: the stream's size
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        const QList<QSize> expected{QSize(160, 90), QSize(80, 45), QSize(100, 56), QSize(320, 180),
                                    QSize(320, 180)};
        QCOMPARE(result.jpegs.size(), size_t(expected.size()));
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const JpegResult &jpeg = result.jpegs[size_t(i)].second;
            QVERIFY2(jpeg.ok(), qPrintable(jpeg.error));
            QCOMPARE(QSize(jpeg.width, jpeg.height), expected[i]);
            QCOMPARE(jpegHeaderSize(jpeg.jpeg), expected[i]);
        }
        // Three smaller sizes scaled; the two at the stream's size encode the decoded picture.
        QCOMPARE(pool.scaledCount(), quint64(3));
        // The picture is measured once, as decoded (limited range 120 → about 121).
        QVERIFY2(result.stats.meanLuma > 110 && result.stats.meanLuma < 135,
                 qPrintable(QString::number(result.stats.meanLuma)));
    }

    void twoSizesOfOneKeyframeAreDecodedOnceAndScaledOncePerSize()
    {
        const EncodedPicture picture = encodePicture(80, 320, 180);
        QVERIFY(picture.codec);
        KeyframeDecodePool pool(2);
        const DecodedKeyframe result =
            decodeOnce(pool, this, picture,
                       {JpegOutput{85, 160, 0}, JpegOutput{40, 160, 0}, JpegOutput{85, 0, 90},
                        JpegOutput{85, 64, 0}, JpegOutput{85, 160, 0}});
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(pool.decodedCount(), quint64(1));
        // 160 wide and 90 high are one size (160x90): scaled once, for three outputs (two
        // qualities, and Height 90); 64 wide is the second size.
        QCOMPARE(pool.scaledCount(), quint64(2));
        QCOMPARE(result.jpegs.size(), size_t(4)); // the repeated (85, 160x0) once
        QCOMPARE(jpegHeaderSize(result.jpegs[0].second.jpeg), QSize(160, 90));
        QCOMPARE(jpegHeaderSize(result.jpegs[1].second.jpeg), QSize(160, 90));
        QCOMPARE(jpegHeaderSize(result.jpegs[2].second.jpeg), QSize(160, 90));
        QCOMPARE(jpegHeaderSize(result.jpegs[3].second.jpeg), QSize(64, 36));
        // Lower quality, smaller file, from the same scaled picture.
        QCOMPARE(result.jpegs[1].first.quality, 40);
        QVERIFY(result.jpegs[1].second.jpeg.size() <= result.jpegs[0].second.jpeg.size());

        // The next keyframes reuse the scaler's contexts per size, more sizes than it keeps
        // included: still the right size for every output.
        KeyframeDecodePool one(1);
        std::vector<JpegOutput> sizes;
        for (const int width : {288, 256, 224, 192, 160, 128})
            sizes.push_back(JpegOutput{85, width, 0});
        for (int round = 0; round < 3; ++round) {
            const DecodedKeyframe again = decodeOnce(one, this, picture, sizes);
            QVERIFY2(again.error.isEmpty(), qPrintable(again.error));
            QCOMPARE(again.jpegs.size(), sizes.size());
            for (size_t i = 0; i < sizes.size(); ++i) {
                QCOMPARE(jpegHeaderSize(again.jpegs[i].second.jpeg),
                         QSize(sizes[i].width, sizes[i].width * 9 / 16));
            }
        }
        QCOMPARE(one.scaledCount(), quint64(3 * sizes.size()));
    }

    void fitRoundsTheFollowingSideToEven()
    {
        QCOMPARE(FrameScaler::fit(1920, 1080, 320, 0), (OutputSize{320, 180}));
        QCOMPARE(FrameScaler::fit(1920, 1080, 0, 100), (OutputSize{178, 100}));
        QCOMPARE(FrameScaler::fit(1280, 720, 1280, 0), (OutputSize{1280, 720}));
        QCOMPARE(FrameScaler::fit(1280, 720, 0, 0), (OutputSize{1280, 720}));
        QCOMPARE(FrameScaler::fit(1280, 720, 7680, 4320), (OutputSize{1280, 720}));
        // A box: the side that shrinks more limits; portrait stays portrait.
        QCOMPARE(FrameScaler::fit(720, 1280, 320, 320), (OutputSize{180, 320}));
        QCOMPARE(FrameScaler::fit(1920, 1080, 640, 100), (OutputSize{178, 100}));
        // Never below 2, never above the source.
        QCOMPARE(FrameScaler::fit(1000, 2, 16, 0), (OutputSize{16, 2}));
        QCOMPARE(FrameScaler::fit(1000, 1, 16, 0), (OutputSize{16, 1}));
    }

    void waitingKeyframesAreDecodedOldestFirst()
    {
        const EncodedPicture picture = encodePicture(100);
        QVERIFY(picture.codec);
        KeyframeDecodePool pool(1);
        QSemaphore blockFirst;
        QSemaphore finished;
        std::mutex mutex;
        QList<int> order;
        const Clock::time_point t0 = Clock::now();
        // The one thread is held by the first keyframe while the others arrive out of order.
        pool.submit(request(this, t0, picture, [&](DecodedKeyframe &&) {
            blockFirst.acquire();
            finished.release();
        }));
        QTRY_COMPARE(pool.waitingCount(), 0);
        for (const int at : {30, 10, 20, 5}) {
            pool.submit(request(this, t0 + std::chrono::milliseconds(at), picture,
                                [&, at](DecodedKeyframe &&) {
                                    const std::lock_guard lock(mutex);
                                    order << at;
                                    finished.release();
                                }));
        }
        QCOMPARE(pool.waitingCount(), 4);
        blockFirst.release();
        QVERIFY(finished.tryAcquire(5, 10000));
        QCOMPARE(order, (QList<int>{5, 10, 20, 30}));
    }

    void cancelDropsWaitingAndWaitsForTheRunningOne()
    {
        const EncodedPicture picture = encodePicture(50);
        QVERIFY(picture.codec);
        KeyframeDecodePool pool(1);
        int ownerA = 0;
        int ownerB = 0;
        QSemaphore running;
        QSemaphore release;
        std::atomic<bool> firstDone{false};
        std::atomic<int> laterOfA{0};
        std::atomic<int> ofB{0};
        pool.submit(request(&ownerA, Clock::now(), picture, [&](DecodedKeyframe &&) {
            running.release();
            release.acquire();
            firstDone = true;
        }));
        QVERIFY(running.tryAcquire(1, 10000));
        pool.submit(
            request(&ownerA, Clock::now(), picture, [&](DecodedKeyframe &&) { ++laterOfA; }));
        pool.submit(request(&ownerB, Clock::now(), picture, [&](DecodedKeyframe &&) { ++ofB; }));

        std::atomic<bool> cancelled{false};
        std::thread canceller([&] {
            pool.cancel(&ownerA);
            cancelled = true;
        });
        // cancel() waits while A's keyframe is being decoded...
        QTest::qWait(200);
        QVERIFY(!cancelled);
        QCOMPARE(pool.waitingCount(), 1); // ...but has already dropped A's waiting one
        release.release();
        canceller.join();
        QVERIFY(cancelled && firstDone);
        QTRY_COMPARE(ofB.load(), 1);
        QCOMPARE(laterOfA.load(), 0);
    }
};

QTEST_GUILESS_MAIN(TestKeyframeDecodePool)
#include "tst_keyframedecodepool.moc"
