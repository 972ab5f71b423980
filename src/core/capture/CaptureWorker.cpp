#include "capture/CaptureWorker.h"

#include "media/FfmpegLog.h"
#include "media/FfmpegSupport.h"

#include "capture/JpegEncoder.h"
#include "capture/KeyframeScheduler.h"
#include "common/Logging.h"
#include "domain/StreamInput.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSemaphore>
#include <QThread>

#include <algorithm>
#include <cstring>
#include <memory>
#include <utility>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
#include <libavutil/mathematics.h>
#include <libavutil/pixdesc.h>
}

namespace livesnap {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// avformat_close_input says goodbye to the server; do not let a dead one hold us up.
constexpr milliseconds kCloseGrace{500};
// A new session whose stream clock is this far behind where the old one would be by now met a
// restarted publisher. nginx hands a new player the live edge, so a publisher that merely kept
// going shows no lag; a restarted one whose clock happens to overlap the old one (both began
// at 0 a few seconds apart) is not a jump to the scheduler and would wait for the old grid.
constexpr qint64 kRestartLagMs = 2000;

using ffmpeg::CodecContextPtr;
using ffmpeg::FormatContextPtr;
using ffmpeg::FramePtr;
using ffmpeg::PacketPtr;

std::once_flag g_networkInit;

QString ffmpegError(int code)
{
    return ffmpeg::errorText(code);
}

QString seconds(int ms)
{
    return QString::number(ms / 1000.0, 'g', 3);
}

qint64 nowUtcMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QSemaphore &decodeSlots()
{
    static QSemaphore available(qMax(1, QThread::idealThreadCount()));
    return available;
}

// Sends one keyframe to a flushed decoder and gets its picture; leaves the decoder flushed so
// the next keyframe decodes alone. Returns an error text, empty on success.
QString decodeAlone(AVCodecContext *decoder, const AVPacket *packet, AVFrame *frame)
{
    int rc = avcodec_send_packet(decoder, packet);
    if (rc >= 0) {
        rc = avcodec_receive_frame(decoder, frame);
        if (rc == AVERROR(EAGAIN)) {
            // The decoder holds the picture back (reorder delay): drain it.
            avcodec_send_packet(decoder, nullptr);
            rc = avcodec_receive_frame(decoder, frame);
        }
    }
    avcodec_flush_buffers(decoder);
    if (rc == AVERROR_EOF)
        return QStringLiteral("the decoder returned no picture");
    return rc < 0 ? ffmpegError(rc) : QString();
}

// The luma statistics of a decoded picture, read from its Y plane as the decoder left it (no
// conversion, no copy). Pictures without a plain luma plane (RGB, big-endian, hardware) get
// none, and are not judged black or frozen.
PictureStats lumaStats(const AVFrame *frame)
{
    const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(AVPixelFormat(frame->format));
    if (!desc || desc->nb_components < 1 ||
        (desc->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_HWACCEL | AV_PIX_FMT_FLAG_PAL |
                        AV_PIX_FMT_FLAG_BE))) {
        return {};
    }
    const AVComponentDescriptor &luma = desc->comp[0];
    const int bytes = luma.depth > 8 ? 2 : 1;
    if (luma.plane != 0 || luma.shift != 0 || luma.offset != 0 || luma.step != bytes) {
        return {};
    }
    // The yuvj formats are full range whatever the frame says.
    const bool fullRange =
        frame->color_range == AVCOL_RANGE_JPEG || std::strncmp(desc->name, "yuvj", 4) == 0;
    return PictureStats::measure(frame->data[0], frame->linesize[0], frame->width, frame->height,
                                 luma.depth, !fullRange);
}

} // namespace

CaptureWorker::CaptureWorker(CaptureOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    qRegisterMetaType<livesnap::CapturedSnapshot>();
}

CaptureWorker::~CaptureWorker() = default;

void CaptureWorker::requestStop()
{
    {
        // Under the mutex, so a waitBackoff() between its check and its sleep cannot miss it.
        const std::lock_guard lock(m_waitMutex);
        m_stop.store(true, std::memory_order_relaxed);
    }
    m_wake.notify_all();
}

void CaptureWorker::run()
{
    std::call_once(g_networkInit, [] { avformat_network_init(); });
    installFfmpegLogHandler();

    const QString maskedUrl = maskStreamUrl(m_options.url);
    qCInfo(lcCapture).noquote() << "job" << m_options.jobId << "capturing" << maskedUrl << "every"
                                << m_options.intervalSeconds << "s";

    // One scheduler for the whole run: after a reconnect its jump detection re-anchors on a
    // restarted publisher's clock, and keeps the grid of one that merely dropped us.
    KeyframeScheduler scheduler(m_options.intervalSeconds);
    JpegEncoder encoder;
    const int minBackoffMs = std::max(1, m_options.minBackoffMs);
    const int maxBackoffMs = std::max(minBackoffMs, m_options.maxBackoffMs);
    int backoffMs = minBackoffMs;

    setState(QStringLiteral("connecting"), QString());
    while (!stopRequested()) {
        const SessionEnd end = runSession(scheduler, encoder);
        if (stopRequested())
            break;
        if (end.liveMs >= m_options.liveResetMs)
            backoffMs = minBackoffMs;
        int waitMs = 0;
        if (end.fatal) {
            waitMs = maxBackoffMs;
            setState(QStringLiteral("failed"), end.error);
        } else {
            waitMs = backoffMs;
            backoffMs = std::min(backoffMs, maxBackoffMs / 2) * 2;
            backoffMs = std::clamp(backoffMs, minBackoffMs, maxBackoffMs);
            setState(QStringLiteral("reconnecting"), end.error);
        }
        qCWarning(lcCapture).noquote()
            << "job" << m_options.jobId << maskedUrl << maskSecretsInText(end.error)
            << QStringLiteral("- retrying in %1 s").arg(seconds(waitMs));
        if (!waitBackoff(waitMs))
            break;
    }
    qCInfo(lcCapture).noquote() << "job" << m_options.jobId << "capture stopped";
    emit finished();
}

CaptureWorker::SessionEnd CaptureWorker::runSession(KeyframeScheduler &scheduler,
                                                    JpegEncoder &encoder)
{
    const auto openDeadline = Clock::now() + milliseconds(m_options.openTimeoutMs);
    QElapsedTimer sessionTimer;
    sessionTimer.start();

    armDeadline(openDeadline);
    FormatContextPtr input;
    int rc = ffmpeg::openLiveInput(
        m_options.url, AVIOInterruptCB{&CaptureWorker::interruptCallback, this}, &input);
    if (rc < 0) {
        if (stopRequested())
            return {};
        if (m_deadlinePassed)
            return {tr("the stream sent no data within %1 s — is the publisher live and sending "
                       "video?")
                        .arg(seconds(m_options.openTimeoutMs)),
                    false, 0};
        return {tr("cannot open the stream: %1").arg(ffmpegError(rc)), false, 0};
    }
    // Runs before input's deleter: a short grace for the goodbye, none once stopping.
    const auto closeGrace = qScopeGuard([this] { armDeadline(Clock::now() + kCloseGrace); });

    const qint64 openedMs = sessionTimer.elapsed();
    rc = avformat_find_stream_info(input.get(), nullptr);
    qCDebug(lcCapture).noquote() << "job" << m_options.jobId
                                 << QStringLiteral("connected in %1 ms, probed in %2 ms")
                                        .arg(openedMs)
                                        .arg(sessionTimer.elapsed() - openedMs);
    if (stopRequested())
        return {};
    if (rc < 0 && !m_deadlinePassed)
        return {tr("cannot read the stream: %1").arg(ffmpegError(rc)), false, 0};

    int videoIndex = -1;
    CodecContextPtr decoder;
    QString fatalError;
    // Finds the video stream and opens its decoder. FLV has no header: a video stream may appear
    // only with its first packet, so this is retried on every packet until the open deadline.
    const auto setUpVideo = [&]() -> bool {
        const int index = av_find_best_stream(input.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
        if (index < 0)
            return false;
        const AVStream *stream = input->streams[index];
        const AVCodecParameters *parameters = stream->codecpar;
        const AVCodec *codec = avcodec_find_decoder(parameters->codec_id);
        if (!codec) {
            fatalError = tr("the stream's video codec (%1) is not supported")
                             .arg(QString::fromUtf8(avcodec_get_name(parameters->codec_id)));
            return false;
        }
        CodecContextPtr context(avcodec_alloc_context3(codec));
        if (!context) {
            fatalError = tr("out of memory");
            return false;
        }
        int result = avcodec_parameters_to_context(context.get(), parameters);
        // One thread, no frame threading: it would hold pictures back and cost a thread each.
        context->thread_count = 1;
        context->thread_type = FF_THREAD_SLICE;
        context->pkt_timebase = stream->time_base;
        if (result >= 0)
            result = avcodec_open2(context.get(), codec, nullptr);
        if (result < 0) {
            fatalError = tr("cannot open the %1 video decoder: %2")
                             .arg(QString::fromUtf8(codec->name), ffmpegError(result));
            return false;
        }
        videoIndex = index;
        decoder = std::move(context);
        qCInfo(lcCapture).noquote()
            << "job" << m_options.jobId << "video" << QString::fromUtf8(codec->name)
            << QStringLiteral("%1x%2").arg(parameters->width).arg(parameters->height);
        return true;
    };
    if (!setUpVideo() && !fatalError.isEmpty())
        return {fatalError, true, 0};

    PacketPtr packet(av_packet_alloc());
    FramePtr frame(av_frame_alloc());
    if (!packet || !frame)
        return {tr("out of memory"), false, 0};

    bool live = false;
    bool continuityChecked = false;
    QElapsedTimer liveTimer;
    const auto liveMs = [&] { return live ? liveTimer.elapsed() : qint64{0}; };
    // A new publisher's SPS/PPS arrive on the packet after its sequence header; that packet is
    // rarely the one we decode, so keep them for the next decoded keyframe.
    QByteArray pendingExtradata;

    for (;;) {
        const auto stallDeadline = Clock::now() + milliseconds(m_options.stallTimeoutMs);
        armDeadline(videoIndex < 0 ? std::min(stallDeadline, openDeadline) : stallDeadline);
        rc = av_read_frame(input.get(), packet.get());
        if (stopRequested())
            return {QString(), false, liveMs()};
        if (rc < 0) {
            if (videoIndex < 0 && m_deadlinePassed && Clock::now() >= openDeadline) {
                if (input->nb_streams > 0)
                    return {tr("the stream has no video track (it carries only audio or data) "
                               "— snapshots need video"),
                            true, 0};
                return {tr("the stream sent no data within %1 s — is the publisher live and "
                           "sending video?")
                            .arg(seconds(m_options.openTimeoutMs)),
                        false, 0};
            }
            if (m_deadlinePassed)
                return {tr("no data for %1 s — is the publisher live?")
                            .arg(seconds(m_options.stallTimeoutMs)),
                        false, liveMs()};
            if (rc == AVERROR_EOF)
                return {tr("the stream ended — the publisher stopped or the server closed it"),
                        false, liveMs()};
            return {tr("reading the stream failed: %1").arg(ffmpegError(rc)), false, liveMs()};
        }
        // When the packet arrived: the snapshot's CreateTimestamp.
        const qint64 wallMs = nowUtcMs();
        const auto unref = qScopeGuard([&packet] { av_packet_unref(packet.get()); });

        if (videoIndex < 0 && !setUpVideo()) {
            if (!fatalError.isEmpty())
                return {fatalError, true, 0};
            continue;
        }
        if (packet->stream_index != videoIndex)
            continue;

        if (!live) {
            live = true;
            liveTimer.start();
            setState(QStringLiteral("live"), QString());
        }

        size_t extradataSize = 0;
        const uint8_t *extradata =
            av_packet_get_side_data(packet.get(), AV_PKT_DATA_NEW_EXTRADATA, &extradataSize);
        if (extradata && extradataSize > 0)
            pendingExtradata = QByteArray(reinterpret_cast<const char *>(extradata),
                                          static_cast<qsizetype>(extradataSize));

        const int64_t ts = packet->dts != AV_NOPTS_VALUE ? packet->dts : packet->pts;
        if (ts == AV_NOPTS_VALUE)
            continue;
        const int64_t tsMs =
            av_rescale_q(ts, input->streams[videoIndex]->time_base, AVRational{1, 1000});
        const auto arrived = Clock::now();
        if (!continuityChecked) {
            continuityChecked = true;
            if (m_lastVideo.valid) {
                const qint64 expectedMs =
                    m_lastVideo.streamMs +
                    std::chrono::duration_cast<milliseconds>(arrived - m_lastVideo.at).count();
                if (tsMs < expectedMs - kRestartLagMs) {
                    qCInfo(lcCapture).noquote()
                        << "job" << m_options.jobId
                        << QStringLiteral("stream clock restarted (%1 ms where a continuous one "
                                          "would be at %2 ms): re-anchoring")
                               .arg(tsMs)
                               .arg(expectedMs);
                    scheduler.reset();
                }
            }
        }
        m_lastVideo = {true, tsMs, arrived};
        if (!(packet->flags & AV_PKT_FLAG_KEY)) {
            scheduler.onPacket(tsMs);
            continue;
        }
        if (m_snapshotRequested.exchange(false, std::memory_order_relaxed))
            scheduler.requestExtra();
        const KeyframeScheduler::Decision decision = scheduler.onKeyframe(tsMs);
        if (!decision.take)
            continue;

        if (!pendingExtradata.isEmpty()) {
            if (!extradata) {
                uint8_t *copy =
                    av_packet_new_side_data(packet.get(), AV_PKT_DATA_NEW_EXTRADATA,
                                            static_cast<size_t>(pendingExtradata.size()));
                if (copy)
                    std::memcpy(copy, pendingExtradata.constData(),
                                static_cast<size_t>(pendingExtradata.size()));
            }
            pendingExtradata.clear();
        }

        // All jobs on one stream get their keyframes at the same instant: decoding them a core
        // at a time finishes most sooner than all of them sharing the cores at once.
        decodeSlots().acquire();
        const QSemaphoreReleaser releaseSlot(decodeSlots());
        const QString decodeError = decodeAlone(decoder.get(), packet.get(), frame.get());
        if (!decodeError.isEmpty()) {
            qCWarning(lcCapture).noquote()
                << "job" << m_options.jobId << "cannot decode the keyframe at" << tsMs
                << "ms:" << maskSecretsInText(decodeError);
            if (decision.extra)
                scheduler.requestExtra(); // an operator asked: the next keyframe then
            continue;
        }
        const PictureStats stats = lumaStats(frame.get());
        const JpegResult jpeg = encoder.encode(frame.get(), m_options.jpegQuality);
        av_frame_unref(frame.get());
        if (!jpeg.ok()) {
            qCWarning(lcCapture).noquote()
                << "job" << m_options.jobId << "cannot encode the keyframe at" << tsMs
                << "ms:" << maskSecretsInText(jpeg.error);
            continue;
        }

        CapturedSnapshot snapshot;
        snapshot.jobId = m_options.jobId;
        snapshot.wallMs = wallMs;
        snapshot.streamMs = tsMs;
        snapshot.jpeg = jpeg.jpeg;
        snapshot.width = jpeg.width;
        snapshot.height = jpeg.height;
        snapshot.encodedMs = nowUtcMs();
        snapshot.stats = stats;
        qCDebug(lcCapture).noquote()
            << "job" << m_options.jobId << "snapshot at" << tsMs << "ms slot" << decision.slot
            << (decision.reanchored ? "(re-anchored)" : "") << (decision.extra ? "(asked for)" : "")
            << "skipped" << decision.skippedSlots << "luma" << qRound(stats.meanLuma) << "spread"
            << qRound(stats.lumaSpread) << QStringLiteral("%1x%2").arg(jpeg.width).arg(jpeg.height)
            << jpeg.jpeg.size() << "bytes in" << (snapshot.encodedMs - wallMs) << "ms";
        emit snapshotTaken(snapshot);
    }
}

void CaptureWorker::setState(const QString &state, const QString &error)
{
    const QString masked = maskSecretsInText(error);
    if (state == m_state && masked == m_error)
        return;
    m_state = state;
    m_error = masked;
    qCInfo(lcCapture).noquote() << "job" << m_options.jobId << "stream" << state
                                << (masked.isEmpty() ? QString() : QStringLiteral("- ") + masked);
    emit streamStateChanged(m_options.jobId, state, masked);
}

bool CaptureWorker::waitBackoff(int ms)
{
    std::unique_lock lock(m_waitMutex);
    return !m_wake.wait_for(lock, milliseconds(ms),
                            [this] { return m_stop.load(std::memory_order_relaxed); });
}

void CaptureWorker::armDeadline(std::chrono::steady_clock::time_point deadline)
{
    m_deadline = deadline;
    m_deadlinePassed = false;
}

int CaptureWorker::interruptCallback(void *opaque)
{
    auto *self = static_cast<CaptureWorker *>(opaque);
    if (self->m_stop.load(std::memory_order_relaxed))
        return 1;
    if (Clock::now() >= self->m_deadline) {
        self->m_deadlinePassed = true;
        return 1;
    }
    return 0;
}

} // namespace livesnap
