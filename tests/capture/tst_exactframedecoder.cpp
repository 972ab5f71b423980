// Exact capture mode on real encoded frames: an MPEG-2 stream with B-frames (decode order is
// not presentation order) and a 12-frame GOP, encoded here with libavcodec, each frame a flat
// picture of its own brightness. The GOP buffer names the first frame presented at or after a
// due moment only once no frame still to come can present earlier; the pool decodes forward
// from that GOP's keyframe (and only that GOP) to exactly that picture; the exact schedule fills
// each due moment of its grid with the frame at it; a GOP past the buffer's cap is not kept and
// its due moment goes to the next keyframe.
#include "capture/ExactScheduler.h"
#include "capture/GopBuffer.h"
#include "capture/KeyframeDecodePool.h"
#include "media/FfmpegSupport.h"

#include <QSemaphore>
#include <QTest>

#include <cmath>
#include <cstring>
#include <functional>

extern "C" {
#include <libavcodec/avcodec.h>
}

using namespace livesnap;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kFps = 25;
constexpr int kGop = 12;
constexpr qint64 kFrameMs = 1000 / kFps;

// Frame i's luma: each frame its own brightness, so a decoded picture says which frame it is.
int lumaOf(int frameIndex)
{
    return 20 + 3 * frameIndex;
}

struct EncodedStream {
    std::vector<ffmpeg::PacketPtr> packets; // decode order
    std::shared_ptr<const KeyframeCodec> codec;
};

EncodedStream encodeStream(int frames)
{
    EncodedStream out;
    const AVCodec *encoder = avcodec_find_encoder(AV_CODEC_ID_MPEG2VIDEO);
    ffmpeg::CodecContextPtr context(avcodec_alloc_context3(encoder));
    context->width = 64;
    context->height = 48;
    context->pix_fmt = AV_PIX_FMT_YUV420P;
    context->time_base = AVRational{1, kFps};
    context->gop_size = kGop;
    context->max_b_frames = 2;
    context->bit_rate = 4000000; // near lossless: a picture's brightness names its frame
    context->flags |= AV_CODEC_FLAG_CLOSED_GOP;
    AVDictionary *options = nullptr;
    av_dict_set(&options, "sc_threshold", "1000000000", 0); // closed GOPs need it off
    const int opened = avcodec_open2(context.get(), encoder, &options);
    av_dict_free(&options);
    if (opened < 0)
        return out;
    const auto drain = [&] {
        for (;;) {
            ffmpeg::PacketPtr packet(av_packet_alloc());
            if (avcodec_receive_packet(context.get(), packet.get()) < 0)
                return;
            out.packets.push_back(std::move(packet));
        }
    };
    for (int i = 0; i < frames; ++i) {
        ffmpeg::FramePtr frame(av_frame_alloc());
        frame->format = AV_PIX_FMT_YUV420P;
        frame->width = 64;
        frame->height = 48;
        if (av_frame_get_buffer(frame.get(), 0) < 0)
            return out;
        for (int row = 0; row < 48; ++row)
            std::memset(frame->data[0] + row * frame->linesize[0], lumaOf(i), 64);
        for (int plane = 1; plane < 3; ++plane) {
            for (int row = 0; row < 24; ++row)
                std::memset(frame->data[plane] + row * frame->linesize[plane], 128, 32);
        }
        frame->pts = i;
        avcodec_send_frame(context.get(), frame.get());
        drain();
    }
    avcodec_send_frame(context.get(), nullptr);
    drain();
    std::shared_ptr<AVCodecParameters> parameters(
        avcodec_parameters_alloc(), [](AVCodecParameters *p) { avcodec_parameters_free(&p); });
    avcodec_parameters_from_context(parameters.get(), context.get());
    out.codec = KeyframeCodec::make(parameters.get(), QByteArray(), 1, kFps);
    return out;
}

qint64 ms(int64_t ticks)
{
    return ticks * kFrameMs;
}

bool isKey(const AVPacket *packet)
{
    return packet->flags & AV_PKT_FLAG_KEY;
}

// The frame whose brightness the decoded picture has (limited range, as PictureStats reads it).
int frameOfLuma(double meanLuma, int frames)
{
    int best = -1;
    double bestError = 1e9;
    for (int i = 0; i < frames; ++i) {
        const double expected = (lumaOf(i) - 16.0) * 255.0 / 219.0;
        if (std::abs(expected - meanLuma) < bestError) {
            bestError = std::abs(expected - meanLuma);
            best = i;
        }
    }
    return best;
}

// The presentation time of the keyframe that starts the GOP holding frame `pts` (closed GOPs:
// the encoder decides their length, here 10 with B-frames for gop_size 12).
int64_t gopStartOf(const EncodedStream &stream, int64_t pts)
{
    int64_t start = -1;
    for (const ffmpeg::PacketPtr &packet : stream.packets) {
        if (isKey(packet.get()) && packet->pts <= pts)
            start = std::max(start, packet->pts);
    }
    return start;
}

// How many packets a decode from frame `pts`'s GOP keyframe to it takes: its place in decode
// order after the keyframe, itself included.
int packetsUpTo(const EncodedStream &stream, int64_t pts)
{
    const int64_t start = gopStartOf(stream, pts);
    int begin = -1;
    for (size_t i = 0; i < stream.packets.size(); ++i) {
        if (stream.packets[i]->pts == start)
            begin = int(i);
        if (stream.packets[i]->pts == pts)
            return int(i) - begin + 1;
    }
    return -1;
}

// Packet i arrived 1000-1002 ms after its decode time (network jitter).
qint64 arrivalOf(const AVPacket *packet, size_t i)
{
    return 1000 + ms(packet->dts) + qint64(i % 3);
}

// Feeds the stream to `gop` and `schedule` the way the reader does: a keyframe first closes
// the GOP before it, then each packet is offered to the buffer and to the schedule. `offered`
// runs between the two (packet index, what the buffer did); `taken` gets each decision's takes
// with the buffer as it was then.
using Takes = std::vector<ExactScheduler::Take>;
void feed(const EncodedStream &stream, GopBuffer &gop, ExactScheduler &schedule,
          const std::function<void(size_t, GopBuffer::Added)> &offered,
          const std::function<void(const Takes &)> &taken)
{
    for (size_t i = 0; i < stream.packets.size(); ++i) {
        const AVPacket *packet = stream.packets[i].get();
        const bool key = isKey(packet);
        if (key)
            taken(schedule.onGopEnd(gop));
        offered(i, gop.add(packet, ms(packet->pts), ms(packet->dts), arrivalOf(packet, i), key));
        taken(schedule.onPacket(gop, ms(packet->pts), ms(packet->dts), key));
    }
    taken(schedule.onGopEnd(gop));
}

// Decodes `packets` forward to the picture at targetPts on a real pool.
DecodedKeyframe decodeOnPool(KeyframeDecodePool &pool, const EncodedStream &stream,
                             PacketRefs packets, int64_t targetPts)
{
    QSemaphore done;
    DecodedKeyframe result;
    KeyframeDecodePool::Request request;
    request.owner = &pool;
    request.arrived = Clock::now();
    request.codec = stream.codec;
    request.exactPackets = std::move(packets);
    request.exactPts = targetPts;
    request.outputs = {JpegOutput{85, 0, 0}};
    request.done = [&](DecodedKeyframe &&decoded) {
        result = std::move(decoded);
        done.release();
    };
    pool.submit(std::move(request));
    if (!done.tryAcquire(1, 10000))
        result.error = QStringLiteral("no result within 10 s");
    return result;
}

} // namespace

class TestExactFrameDecoder : public QObject {
    Q_OBJECT

private slots:
    void theFirstFrameAtOrAfterTheDueMomentFromItsGopOnly()
    {
        const EncodedStream stream = encodeStream(3 * kGop);
        QVERIFY(stream.codec);
        QCOMPARE(stream.packets.size(), size_t(3 * kGop));
        // Decode order differs from presentation order: there are B-frames to reorder.
        bool reordered = false;
        for (const ffmpeg::PacketPtr &packet : stream.packets)
            reordered = reordered || packet->pts != packet->dts;
        QVERIFY(reordered);

        // Due 700 ms: between frame 17 (680 ms) and frame 18 (720 ms), in the second GOP.
        const int64_t gopStart = gopStartOf(stream, 18);
        QVERIFY(gopStart > 0);
        const qint64 dueMs = 700;
        GopBuffer gop;
        std::optional<GopBuffer::Frame> chosen;
        PacketRefs packets;
        size_t arrivedAt = 0;
        for (size_t i = 0; i < stream.packets.size() && !chosen; ++i) {
            const AVPacket *packet = stream.packets[i].get();
            QCOMPARE(gop.add(packet, ms(packet->pts), ms(packet->dts), arrivalOf(packet, i),
                             isKey(packet)),
                     GopBuffer::Added::Kept);
            chosen = gop.firstAtOrAfter(dueMs, ms(packet->dts));
            if (chosen) {
                packets = gop.packets();
                arrivedAt = i;
            }
        }
        QVERIFY(chosen);
        // Frame 18, although frame 19 or 21 may have arrived first (decode order).
        QCOMPARE(chosen->pts, int64_t(18));
        QCOMPARE(chosen->ptsMs, qint64(720));
        // Its wall time is its stream time mapped by the smallest lag seen (the packets came
        // 1000-1002 ms after their decode time): the arrival jitter does not move it.
        QCOMPARE(chosen->wallMs, qint64(720 + 1000));
        // Taken as soon as it was certain (nothing still to come could present before it):
        // here when its own packet arrived, after frame 19's.
        size_t own = 0;
        while (stream.packets[own]->pts != 18)
            ++own;
        QCOMPARE(arrivedAt, own);
        // From the second GOP's keyframe on, nothing of the first GOP.
        QVERIFY(!packets.empty() && packets.size() <= size_t(kGop));
        QVERIFY(isKey(packets.front().get()));
        QCOMPARE(packets.front()->pts, gopStart);

        KeyframeDecodePool pool(1);
        const DecodedKeyframe decoded = decodeOnPool(pool, stream, packets, chosen->pts);
        QVERIFY2(decoded.error.isEmpty(), qPrintable(decoded.error));
        QCOMPARE(pool.decodedCount(), quint64(1));
        // The picture is frame 18's, decoded forward from its GOP's keyframe: the packets from
        // there to 18's own in decode order, no more.
        QCOMPARE(frameOfLuma(decoded.stats.meanLuma, 3 * kGop), 18);
        QCOMPARE(decoded.packetsDecoded, packetsUpTo(stream, 18));
        QVERIFY(decoded.packetsDecoded > int(18 - gopStart)); // forward, not the keyframe alone
        QCOMPARE(decoded.jpegs.size(), size_t(1));
        QVERIFY(decoded.jpegs[0].second.ok());
        QCOMPARE(decoded.jpegs[0].second.width, 64);

        // The GOP's first picture (the keyframe alone, when due right at it) takes one packet.
        const DecodedKeyframe first = decodeOnPool(pool, stream, packets, gopStart);
        QVERIFY2(first.error.isEmpty(), qPrintable(first.error));
        QCOMPARE(frameOfLuma(first.stats.meanLuma, 3 * kGop), int(gopStart));
        QCOMPARE(first.packetsDecoded, 1);
        // A picture the GOP does not hold is an error, not a wrong picture.
        const DecodedKeyframe missing = decodeOnPool(pool, stream, packets, 1000);
        QVERIFY(!missing.error.isEmpty());
        QVERIFY(missing.jpegs.empty());
    }

    void theScheduleFillsEveryDueMomentWithItsFrame()
    {
        // 2.4 s at 25 fps; every second: the anchor (frame 0), frames 25 and 50.
        const int frames = 5 * kGop;
        const EncodedStream stream = encodeStream(frames);
        QVERIFY(stream.codec);
        GopBuffer gop;
        ExactScheduler schedule(1);
        KeyframeDecodePool pool(1);
        QList<int> taken;
        QList<qint64> dues;
        QList<int> decodedFrames;
        const auto decodeTakes = [&](const std::vector<ExactScheduler::Take> &takes) {
            for (const ExactScheduler::Take &take : takes) {
                const DecodedKeyframe decoded =
                    decodeOnPool(pool, stream, gop.packets(), take.frame.pts);
                QVERIFY2(decoded.error.isEmpty(), qPrintable(decoded.error));
                // The picture decoded is the frame the schedule named.
                QCOMPARE(frameOfLuma(decoded.stats.meanLuma, frames), int(take.frame.pts));
                QCOMPARE(decoded.packetsDecoded, packetsUpTo(stream, take.frame.pts));
                taken << int(take.frame.pts);
                dues << take.dueMs;
                decodedFrames << decoded.packetsDecoded;
            }
        };
        // "Snapshot now" as packet 39 arrives: the frame at that moment, off the grid.
        feed(
            stream, gop, schedule,
            [&](size_t i, GopBuffer::Added) {
                if (i == 39)
                    schedule.requestExtra();
            },
            decodeTakes);
        qInfo() << "taken" << taken << "for" << dues << "decoding" << decodedFrames << "packets";
        QCOMPARE(taken.size(), 4);
        QCOMPARE(taken[0], 0);
        QCOMPARE(taken[1], 25);
        QCOMPARE(dues[1], qint64(1000));
        QVERIFY(taken[2] >= 36 && taken[2] < 50); // the extra one: the next frame in time
        QCOMPARE(taken[3], 50);
        QCOMPARE(dues[3], qint64(2000));
        // Keyframe mode would have taken the keyframes after 1 and 2 s instead.
        QVERIFY(gopStartOf(stream, 25) < 25);
    }

    void aGopPastTheCapIsDroppedAndItsDueMomentWaitsForTheNextKeyframe()
    {
        const EncodedStream stream = encodeStream(3 * kGop);
        QVERIFY(stream.codec);
        GopBuffer::Limits limits;
        limits.maxPackets = 5;
        GopBuffer gop(limits);
        ExactScheduler schedule(1); // anchor at frame 0; due at 1000 ms (frame 25)
        QList<GopBuffer::Added> added;
        Takes takes;
        const auto collect = [](Takes &into) {
            return
                [&into](const Takes &more) { into.insert(into.end(), more.begin(), more.end()); };
        };
        feed(
            stream, gop, schedule,
            [&](size_t, GopBuffer::Added result) {
                added << result;
                QVERIFY(gop.packetCount() <= limits.maxPackets);
            },
            collect(takes));
        // Per GOP: the keyframe and four more kept, the sixth overflows, the rest skipped.
        for (size_t i = 0; i + 7 <= stream.packets.size(); ++i) {
            if (!isKey(stream.packets[i].get()))
                continue;
            QCOMPARE(added.mid(qsizetype(i), 7),
                     (QList<GopBuffer::Added>{GopBuffer::Added::Kept, GopBuffer::Added::Kept,
                                              GopBuffer::Added::Kept, GopBuffer::Added::Kept,
                                              GopBuffer::Added::Kept, GopBuffer::Added::Overflowed,
                                              GopBuffer::Added::Skipped}));
        }
        QVERIFY(!gop.holding());
        QCOMPARE(gop.byteCount(), qint64(0));
        // The anchor (frame 0) was taken from the first five; frame 25 was dropped with the rest
        // of its GOP, so 1000 ms went to the next keyframe.
        QCOMPARE(takes.size(), size_t(2));
        QCOMPARE(takes[0].frame.pts, int64_t(0));
        QCOMPARE(takes[1].dueMs, qint64(1000));
        QCOMPARE(takes[1].frame.pts, gopStartOf(stream, 25 + kGop));
        QVERIFY(takes[1].frame.pts > 25);

        // A due moment inside a dropped part of a GOP (asked for at frame 7, 280 ms) is taken at
        // the next keyframe.
        GopBuffer small(limits);
        ExactScheduler extra(10);
        Takes extraTakes;
        feed(
            stream, small, extra,
            [&](size_t i, GopBuffer::Added) {
                if (stream.packets[i]->pts == 7)
                    extra.requestExtra();
            },
            collect(extraTakes));
        QCOMPARE(extraTakes.size(), size_t(2));
        QVERIFY(extraTakes[1].extra);
        QCOMPARE(extraTakes[1].frame.pts, gopStartOf(stream, 7 + kGop));
        QVERIFY(extraTakes[1].frame.pts > 7);
    }
};

QTEST_GUILESS_MAIN(TestExactFrameDecoder)
#include "tst_exactframedecoder.moc"
