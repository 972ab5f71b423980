#include "capture/CaptureWorker.h"

#include "media/FfmpegLog.h"
#include "media/FfmpegSupport.h"
#include "media/TlsCertificateCheck.h"

#include "capture/KeyframeDecodePool.h"
#include "common/Logging.h"
#include "domain/StreamInput.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QScopeGuard>

#include <algorithm>
#include <cstring>
#include <memory>
#include <utility>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
#include <libavutil/mathematics.h>
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
// Naming why a TLS handshake failed takes one more handshake with the server.
constexpr milliseconds kTlsCheckTimeout{5000};

using ffmpeg::FormatContextPtr;
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

} // namespace

CaptureWorker::CaptureWorker(CaptureOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_pool(m_options.decodePool ? m_options.decodePool : &KeyframeDecodePool::shared())
    , m_maskedUrl(maskStreamUrl(m_options.url))
{
    qRegisterMetaType<livesnap::CapturedSnapshot>();
    if (!m_options.jobId.isEmpty())
        addSubscriber(m_options.subscriber());
}

CaptureWorker::~CaptureWorker()
{
    // run() did this when it ran; a worker that never ran has nothing in the pool.
    m_pool->cancel(this);
}

void CaptureWorker::requestStop()
{
    {
        // Under the mutex, so a waitBackoff() between its check and its sleep cannot miss it.
        const std::lock_guard lock(m_waitMutex);
        m_stop.store(true, std::memory_order_relaxed);
    }
    m_wake.notify_all();
}

void CaptureWorker::requestSnapshot(const QString &jobId)
{
    const std::lock_guard lock(m_subscribersMutex);
    for (Subscriber &subscriber : m_subscribers) {
        if (jobId.isEmpty() || subscriber.jobId == jobId)
            subscriber.snapshotRequested = true;
    }
}

void CaptureWorker::addSubscriber(const SubscriberOptions &options)
{
    const QString &jobId = options.jobId;
    const int intervalSeconds = options.intervalSeconds;
    const JpegOutput output{options.jpegQuality, options.width, options.height};
    const std::lock_guard lock(m_subscribersMutex);
    for (const Subscriber &subscriber : m_subscribers) {
        if (subscriber.jobId == jobId)
            return;
    }
    m_subscribers.push_back(
        Subscriber{jobId, output, KeyframeScheduler(intervalSeconds), false,
                   ExactScheduler::forMode(options.captureMode, intervalSeconds)});
    qCInfo(lcCapture).noquote() << "job" << jobId << "capturing" << m_maskedUrl << "every"
                                << intervalSeconds << "s";
    // Under the lock, in order with setState() (see there).
    if (!m_state.isEmpty())
        emit streamStateChanged(jobId, m_state, m_error);
}

bool CaptureWorker::removeSubscriber(const QString &jobId)
{
    bool removed = false;
    {
        const std::lock_guard lock(m_subscribersMutex);
        removed = std::erase_if(m_subscribers,
                                [&jobId](const Subscriber &s) { return s.jobId == jobId; }) > 0;
    }
    // A snapshot of it being handed out right now is finished before this returns.
    const std::lock_guard barrier(m_deliveryMutex);
    return removed;
}

int CaptureWorker::subscriberCount() const
{
    const std::lock_guard lock(m_subscribersMutex);
    return int(m_subscribers.size());
}

void CaptureWorker::run()
{
    std::call_once(g_networkInit, [] { avformat_network_init(); });
    installFfmpegLogHandler();

    const QString &maskedUrl = m_maskedUrl;
    qCInfo(lcCapture).noquote() << "reading" << maskedUrl;

    // The subscribers' schedulers live as long as they do: after a reconnect their jump
    // detection re-anchors on a restarted publisher's clock, and keeps the grid of one that
    // merely dropped us.
    const int minBackoffMs = std::max(1, m_options.minBackoffMs);
    const int maxBackoffMs = std::max(minBackoffMs, m_options.maxBackoffMs);
    int backoffMs = minBackoffMs;

    setState(QStringLiteral("connecting"), QString());
    while (!stopRequested()) {
        const SessionEnd end = runSession();
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
        qCWarning(lcCapture).noquote() << "stream" << maskedUrl << maskSecretsInText(end.error)
                                       << QStringLiteral("- retrying in %1 s").arg(seconds(waitMs));
        if (!waitBackoff(waitMs))
            break;
    }
    // No keyframe of ours is decoded after this, so the worker may be deleted once finished.
    m_pool->cancel(this);
    qCInfo(lcCapture).noquote() << "stream" << maskedUrl << "reader stopped";
    emit finished();
}

CaptureWorker::SessionEnd CaptureWorker::runSession()
{
    const auto openDeadline = Clock::now() + milliseconds(m_options.openTimeoutMs);
    QElapsedTimer sessionTimer;
    sessionTimer.start();

    armDeadline(openDeadline);
    FormatContextPtr input;
    int rc = ffmpeg::openLiveInput(
        m_options.streamInput(), AVIOInterruptCB{&CaptureWorker::interruptCallback, this}, &input);
    if (rc < 0) {
        if (stopRequested())
            return {};
        if (m_deadlinePassed)
            return {tr("the stream sent no data within %1 s — is the publisher live and sending "
                       "video?")
                        .arg(seconds(m_options.openTimeoutMs)),
                    false, 0};
        // A certificate that does not verify will not fix itself: failed (retried slowly).
        if (QString tls = TlsCertificateCheck::explainOpenFailure(
                m_options.streamInput(), rc, kTlsCheckTimeout, [this] { return stopRequested(); });
            !tls.isEmpty())
            return {std::move(tls), true, 0};
        return {tr("cannot open the stream: %1").arg(ffmpegError(rc)), false, 0};
    }
    // Runs before input's deleter: a short grace for the goodbye, none once stopping.
    const auto closeGrace = qScopeGuard([this] { armDeadline(Clock::now() + kCloseGrace); });

    const qint64 openedMs = sessionTimer.elapsed();
    rc = avformat_find_stream_info(input.get(), nullptr);
    qCDebug(lcCapture).noquote() << "stream" << m_maskedUrl
                                 << QStringLiteral("connected in %1 ms, probed in %2 ms")
                                        .arg(openedMs)
                                        .arg(sessionTimer.elapsed() - openedMs);
    if (stopRequested())
        return {};
    if (rc < 0 && !m_deadlinePassed)
        return {tr("cannot read the stream: %1").arg(ffmpegError(rc)), false, 0};

    int videoIndex = -1;
    // The codec as the decode pool needs it, remade when a new publisher sends new SPS/PPS.
    std::shared_ptr<const KeyframeCodec> codec;
    QString fatalError;
    // Finds the video stream and checks that it can be decoded (the decoder itself is borrowed
    // from the pool per due keyframe). FLV has no header: a video stream may appear only with
    // its first packet, so this is retried on every packet until the open deadline.
    const auto setUpVideo = [&]() -> bool {
        const int index = av_find_best_stream(input.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
        if (index < 0)
            return false;
        const AVStream *stream = input->streams[index];
        const AVCodecParameters *parameters = stream->codecpar;
        codec = KeyframeCodec::make(parameters, QByteArray(), stream->time_base.num,
                                    stream->time_base.den);
        if (!codec) {
            fatalError = tr("out of memory");
            return false;
        }
        // Opened once to find out now, not at the first due keyframe, when it cannot be.
        const ffmpeg::CodecContextPtr decoder = codec->openDecoder(&fatalError);
        if (!decoder)
            return false;
        videoIndex = index;
        qCInfo(lcCapture).noquote()
            << "stream" << m_maskedUrl << "video" << QString::fromUtf8(decoder->codec->name)
            << QStringLiteral("%1x%2").arg(parameters->width).arg(parameters->height);
        return true;
    };
    if (!setUpVideo() && !fatalError.isEmpty())
        return {fatalError, true, 0};

    PacketPtr packet(av_packet_alloc());
    if (!packet)
        return {tr("out of memory"), false, 0};
    GopBuffer gop; // the current GOP while a job captures in exact mode (this session's)

    bool live = false;
    bool continuityChecked = false;
    QElapsedTimer liveTimer;
    const auto liveMs = [&] { return live ? liveTimer.elapsed() : qint64{0}; };

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
            // AVERROR_EXIT without a passed deadline: a stall interrupted a read that buffered
            // the error (AVIO keeps it; SRT's MPEG-TS gives it at the next read).
            if (m_deadlinePassed || rc == AVERROR_EXIT)
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
        if (extradata && extradataSize > 0) {
            // A new publisher's SPS/PPS: the keyframes from here on decode with them.
            const AVStream *stream = input->streams[videoIndex];
            auto renewed = KeyframeCodec::make(
                stream->codecpar,
                QByteArray(reinterpret_cast<const char *>(extradata), qsizetype(extradataSize)),
                stream->time_base.num, stream->time_base.den);
            if (renewed)
                codec = std::move(renewed);
        }

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
                        << "stream" << m_maskedUrl
                        << QStringLiteral("stream clock restarted (%1 ms where a continuous one "
                                          "would be at %2 ms): re-anchoring")
                               .arg(tsMs)
                               .arg(expectedMs);
                    resetSchedules();
                }
            }
        }
        m_lastVideo = {true, tsMs, arrived};
        const bool key = packet->flags & AV_PKT_FLAG_KEY;
        std::vector<Taker> takers = takersOf(tsMs, key);
        if (!takers.empty())
            decodeFor(std::move(takers), codec, packet.get(), wallMs, tsMs);
        captureExact(gop, codec, input->streams[videoIndex], packet.get(), tsMs, wallMs, key);
    }
}

std::vector<CaptureWorker::Taker> CaptureWorker::takersOf(qint64 tsMs, bool key)
{
    std::vector<Taker> takers;
    const std::lock_guard lock(m_subscribersMutex);
    for (Subscriber &subscriber : m_subscribers) {
        if (subscriber.exact)
            continue; // captureExact() takes its frames
        KeyframeScheduler &scheduler = subscriber.scheduler;
        if (!key) {
            scheduler.onPacket(tsMs);
            continue;
        }
        if (std::exchange(subscriber.snapshotRequested, false))
            scheduler.requestExtra();
        const KeyframeScheduler::Decision decision = scheduler.onKeyframe(tsMs);
        if (!decision.take)
            continue;
        qCDebug(lcCapture).noquote()
            << "job" << subscriber.jobId << "takes the keyframe at" << tsMs << "ms slot"
            << decision.slot << (decision.reanchored ? "(re-anchored)" : "")
            << (decision.extra ? "(asked for)" : "") << "skipped" << decision.skippedSlots;
        takers.push_back({subscriber.jobId, subscriber.output, decision.extra});
    }
    return takers;
}

void CaptureWorker::resetSchedules()
{
    const std::lock_guard lock(m_subscribersMutex);
    for (Subscriber &subscriber : m_subscribers) {
        subscriber.scheduler.reset();
        if (subscriber.exact)
            subscriber.exact->reset();
    }
}

void CaptureWorker::setState(const QString &state, const QString &error)
{
    const QString masked = maskSecretsInText(error);
    // Emitted under the lock, so a job joining now gets this state or a later one, never an
    // older one after a newer (connect queued or without calling back into the worker).
    const std::lock_guard lock(m_subscribersMutex);
    if (state == m_state && masked == m_error)
        return;
    m_state = state;
    m_error = masked;
    qCInfo(lcCapture).noquote() << "stream" << m_maskedUrl << state
                                << (masked.isEmpty() ? QString() : QStringLiteral("- ") + masked)
                                << "for" << m_subscribers.size() << "job(s)";
    for (const Subscriber &subscriber : m_subscribers)
        emit streamStateChanged(subscriber.jobId, state, masked);
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
