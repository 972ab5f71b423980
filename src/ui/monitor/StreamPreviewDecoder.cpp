#include "monitor/StreamPreviewDecoder.h"

#include "domain/StreamInput.h"
#include "media/FfmpegLog.h"
#include "media/FfmpegSupport.h"
#include "monitor/MonitorLogging.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QScopeGuard>
#include <QThread>
#include <QUrl>
#include <QVideoFrameFormat>
#include <QVideoSink>

#include <algorithm>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

namespace livesnap::ui {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// avformat_close_input says goodbye to the server; a dead one must not hold the close up.
constexpr milliseconds kCloseGrace{300};
// How long quitting the application waits for a preview thread that is still stopping.
constexpr int kQuitWaitMs = 2000;

using ffmpeg::CodecContextPtr;
using ffmpeg::FormatContextPtr;
using ffmpeg::FramePtr;
using ffmpeg::PacketPtr;
using ffmpeg::ScalerFreer;

QString ffmpegError(int code)
{
    return ffmpeg::errorText(code);
}

// The preview size of a source picture: at most maxWidth wide, aspect kept, even sides.
QSize previewSize(int width, int height, int maxWidth)
{
    if (width <= maxWidth) {
        return {width & ~1, height & ~1};
    }
    const int scaledHeight =
        static_cast<int>((static_cast<qint64>(height) * maxWidth + width / 2) / width);
    return {maxWidth & ~1, std::max(2, scaledHeight & ~1)};
}

} // namespace

StreamPreviewDecoder::StreamPreviewDecoder(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_mailbox(std::make_shared<Mailbox>())
    , m_control(std::make_shared<Control>())
{}

StreamPreviewDecoder::~StreamPreviewDecoder() = default;

void StreamPreviewDecoder::Control::requestStop()
{
    {
        // Under the mutex, so waitRetry() cannot miss it between its check and its sleep.
        const std::lock_guard lock(mutex);
        stop.store(true, std::memory_order_relaxed);
    }
    wake.notify_all();
}

void StreamPreviewDecoder::Control::requestRetry()
{
    {
        const std::lock_guard lock(mutex);
        retry = true;
    }
    wake.notify_all();
}

void StreamPreviewDecoder::requestStop()
{
    m_control->requestStop();
}

void StreamPreviewDecoder::StopHandle::requestStop() const
{
    if (m_control) {
        m_control->requestStop();
    }
}

void StreamPreviewDecoder::StopHandle::requestRetry() const
{
    if (m_control) {
        m_control->requestRetry();
    }
}

StreamPreviewDecoder::StopHandle StreamPreviewDecoder::stopHandle() const
{
    StopHandle handle;
    handle.m_control = m_control;
    return handle;
}

bool StreamPreviewDecoder::stopRequested() const
{
    return m_control->stop.load(std::memory_order_relaxed);
}

QVideoFrame StreamPreviewDecoder::takeFrame()
{
    const std::lock_guard lock(m_mailbox->mutex);
    return std::exchange(m_mailbox->frame, QVideoFrame());
}

void StreamPreviewDecoder::connectSink(QVideoSink *sink)
{
    // The mailbox, not the decoder: a frame announced just before the decoder went is still
    // safe to take.
    std::shared_ptr<Mailbox> mailbox = m_mailbox;
    connect(
        this, &StreamPreviewDecoder::frameReady, sink,
        [mailbox, sink] {
            QVideoFrame frame;
            {
                const std::lock_guard lock(mailbox->mutex);
                frame = std::exchange(mailbox->frame, QVideoFrame());
            }
            if (frame.isValid()) {
                sink->setVideoFrame(frame);
            }
        },
        Qt::QueuedConnection);
}

QThread *StreamPreviewDecoder::startOnOwnThread()
{
    auto *thread = new QThread;
    thread->setObjectName(QStringLiteral("preview"));
    setParent(nullptr);
    moveToThread(thread);
    connect(thread, &QThread::started, this, &StreamPreviewDecoder::run);
    // Direct: QThread::quit() is thread-safe, and a queued quit would wait for the GUI thread,
    // which may itself be waiting for this thread (the application quitting).
    connect(this, &StreamPreviewDecoder::finished, thread, &QThread::quit, Qt::DirectConnection);
    // The documented QThread pattern: deferred deletes run as the thread finishes.
    connect(thread, &QThread::finished, this, &QObject::deleteLater);
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    if (QCoreApplication *app = QCoreApplication::instance()) {
        // A preview still closing when the application quits is waited for briefly (run()
        // returns within a few hundred ms of a stop), so no FFmpeg call outlives main(); a
        // thread stuck beyond the bound is left behind rather than holding the exit up.
        // The control block, not the decoder: the decoder may be gone before the thread is.
        connect(app, &QCoreApplication::aboutToQuit, thread, [control = m_control, thread] {
            control->requestStop();
            if (!thread->wait(QDeadlineTimer(kQuitWaitMs))) {
                qCWarning(lcMonitor) << "a preview did not stop within" << kQuitWaitMs
                                     << "ms of quitting; not waiting for it";
            }
        });
    }
    thread->start();
    return thread;
}

void StreamPreviewDecoder::run()
{
    static std::once_flag networkInit;
    std::call_once(networkInit, [] { avformat_network_init(); });
    installFfmpegLogHandler();

    const QString maskedUrl = maskStreamUrl(m_options.url);
    qCInfo(lcMonitor).noquote() << "preview of" << maskedUrl << "started";
    while (!stopRequested()) {
        {
            const std::lock_guard lock(m_control->mutex);
            m_control->retry = false; // a retry asked for during a session is served by it
        }
        emit connecting();
        const QString error = runSession();
        if (stopRequested()) {
            break;
        }
        const QString masked = maskSecretsInText(error);
        qCInfo(lcMonitor).noquote() << "preview of" << maskedUrl << masked;
        emit errorOccurred(masked);
        if (!waitRetry(m_options.retryDelayMs)) {
            break;
        }
    }
    qCInfo(lcMonitor).noquote() << "preview of" << maskedUrl << "stopped";
    emit finished();
}

QString StreamPreviewDecoder::runSession()
{
    const auto openDeadline = Clock::now() + milliseconds(m_options.openTimeoutMs);
    armDeadline(openDeadline);
    const AVIOInterruptCB interrupt{&StreamPreviewDecoder::interruptCallback, this};
    const QString masked = maskStreamUrl(m_options.url);
    const QString timeout = QString::number(m_options.openTimeoutMs / 1000.0, 'g', 3);
    // The RTMP open waits silently until something is published, so a server that answers
    // and a stream that has no publisher look alike; a plain TCP connect first tells them
    // apart (and reports a refused or unreachable server at once).
    const int probe = probeServer(interrupt);
    if (stopRequested()) {
        return {};
    }
    if (probe < 0) {
        return m_deadlinePassed
                   ? tr("The server of %1 did not answer within %2 s.").arg(masked, timeout)
                   : tr("Cannot connect to %1: %2").arg(masked, ffmpegError(probe));
    }
    const bool serverAnswered = probe > 0;
    if (serverAnswered) {
        emit connected();
    }
    FormatContextPtr input;
    // The job's type follows from the URL's scheme (rtsp://, srt://, https:// playlists...).
    StreamInput streamInput;
    streamInput.type = StreamInput::typeForUrl(m_options.url);
    streamInput.url = m_options.url;
    streamInput.caFile = m_options.caFile;
    streamInput.tlsVerify = m_options.tlsVerify;
    int rc = ffmpeg::openLiveInput(streamInput, interrupt, &input);
    if (rc < 0) {
        if (m_deadlinePassed && !stopRequested()) {
            return serverAnswered ? tr("No stream is published at %1: the server answered, but "
                                       "no picture came within %2 s.")
                                        .arg(masked, timeout)
                                  : tr("The stream did not answer within %1 s.").arg(timeout);
        }
        return tr("Cannot connect to %1: %2").arg(masked, ffmpegError(rc));
    }
    if (!serverAnswered) {
        emit connected();
    }
    // Runs before input's deleter: a short grace for the goodbye, none once stopping.
    const auto closeGrace = qScopeGuard([this] { armDeadline(Clock::now() + kCloseGrace); });

    rc = avformat_find_stream_info(input.get(), nullptr);
    if (stopRequested()) {
        return {};
    }
    if (rc < 0 && !m_deadlinePassed) {
        return tr("Cannot read the stream: %1").arg(ffmpegError(rc));
    }

    int videoIndex = -1;
    CodecContextPtr decoder;
    QString fatalError;
    // FLV has no header: the video stream may show up only with its first packet.
    const auto setUpVideo = [&]() -> bool {
        const int index = av_find_best_stream(input.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
        if (index < 0) {
            return false;
        }
        const AVStream *stream = input->streams[index];
        const AVCodec *codec = avcodec_find_decoder(stream->codecpar->codec_id);
        if (!codec) {
            fatalError = tr("The stream's video codec (%1) is not supported.")
                             .arg(QString::fromUtf8(avcodec_get_name(stream->codecpar->codec_id)));
            return false;
        }
        CodecContextPtr context(avcodec_alloc_context3(codec));
        if (!context) {
            fatalError = tr("Out of memory.");
            return false;
        }
        int result = avcodec_parameters_to_context(context.get(), stream->codecpar);
        // No frame threading: it delays every picture by a frame per thread.
        context->thread_count = 1;
        context->pkt_timebase = stream->time_base;
        if (result >= 0) {
            result = avcodec_open2(context.get(), codec, nullptr);
        }
        if (result < 0) {
            fatalError = tr("Cannot open the %1 video decoder: %2")
                             .arg(QString::fromUtf8(codec->name), ffmpegError(result));
            return false;
        }
        videoIndex = index;
        decoder = std::move(context);
        return true;
    };
    if (!setUpVideo() && !fatalError.isEmpty()) {
        return fatalError;
    }

    PacketPtr packet(av_packet_alloc());
    FramePtr frame(av_frame_alloc());
    if (!packet || !frame) {
        return tr("Out of memory.");
    }
    std::unique_ptr<SwsContext, ScalerFreer> scaler;
    bool sessionPlaying = false;
    bool sawKeyframe = false;

    // Scales one decoded picture into a new BGRX frame and posts it.
    const auto present = [&]() -> QString {
        const QSize size = previewSize(frame->width, frame->height, m_options.maxWidth);
        if (size.isEmpty()) {
            return {};
        }
        SwsContext *cached = sws_getCachedContext(
            scaler.release(), frame->width, frame->height, AVPixelFormat(frame->format),
            size.width(), size.height(), AV_PIX_FMT_BGR0, SWS_BILINEAR, nullptr, nullptr, nullptr);
        scaler.reset(cached);
        if (!scaler) {
            return tr("Cannot convert the stream's pictures (%1).")
                .arg(QString::fromUtf8(av_get_pix_fmt_name(AVPixelFormat(frame->format))));
        }
        QVideoFrame out(QVideoFrameFormat(size, QVideoFrameFormat::Format_BGRX8888));
        if (!out.map(QVideoFrame::WriteOnly)) {
            return tr("Out of memory.");
        }
        uint8_t *planes[4] = {out.bits(0), nullptr, nullptr, nullptr};
        int strides[4] = {out.bytesPerLine(0), 0, 0, 0};
        sws_scale(scaler.get(), frame->data, frame->linesize, 0, frame->height, planes, strides);
        out.unmap();
        if (!sessionPlaying) {
            sessionPlaying = true;
            qCInfo(lcMonitor).noquote() << "preview of" << maskStreamUrl(m_options.url)
                                        << "playing at" << size.width() << "x" << size.height();
            emit playing(size);
        }
        post(out);
        return {};
    };

    for (;;) {
        const auto stallDeadline = Clock::now() + milliseconds(m_options.stallTimeoutMs);
        armDeadline(videoIndex < 0 ? std::min(stallDeadline, openDeadline) : stallDeadline);
        rc = av_read_frame(input.get(), packet.get());
        if (stopRequested()) {
            return {};
        }
        if (rc < 0) {
            if (videoIndex < 0 && m_deadlinePassed && Clock::now() >= openDeadline) {
                return input->nb_streams > 0
                           ? tr("The stream has no video track.")
                           : tr("No stream is published at %1: the server answered, but no "
                                "picture came within %2 s.")
                                 .arg(maskStreamUrl(m_options.url))
                                 .arg(m_options.openTimeoutMs / 1000.0, 0, 'g', 3);
            }
            if (m_deadlinePassed) {
                return tr("The stream sent no data for %1 s.")
                    .arg(m_options.stallTimeoutMs / 1000.0, 0, 'g', 3);
            }
            if (rc == AVERROR_EOF) {
                return tr("The stream ended.");
            }
            return tr("Reading the stream failed: %1").arg(ffmpegError(rc));
        }
        const auto unref = qScopeGuard([&packet] { av_packet_unref(packet.get()); });
        if (videoIndex < 0 && !setUpVideo()) {
            if (!fatalError.isEmpty()) {
                return fatalError;
            }
            continue;
        }
        if (packet->stream_index != videoIndex) {
            continue;
        }
        // A player joins mid-GOP: pictures before the first keyframe would only be garbage.
        if (!sawKeyframe && !(packet->flags & AV_PKT_FLAG_KEY)) {
            continue;
        }
        sawKeyframe = true;
        rc = avcodec_send_packet(decoder.get(), packet.get());
        if (rc < 0 && rc != AVERROR(EAGAIN) && rc != AVERROR_INVALIDDATA) {
            return tr("Decoding the stream failed: %1").arg(ffmpegError(rc));
        }
        while (avcodec_receive_frame(decoder.get(), frame.get()) >= 0) {
            const QString error = present();
            av_frame_unref(frame.get());
            if (!error.isEmpty()) {
                return error;
            }
            if (stopRequested()) {
                return {};
            }
        }
    }
}

int StreamPreviewDecoder::probeServer(const AVIOInterruptCB &interrupt)
{
    const QUrl url(m_options.url);
    const QString scheme = url.scheme().toLower();
    if ((scheme != QLatin1String("rtmp") && scheme != QLatin1String("rtmps")) ||
        url.host().isEmpty()) {
        return 0;
    }
    const QString host =
        url.host().contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(url.host()) : url.host();
    const QByteArray address = QStringLiteral("tcp://%1:%2")
                                   .arg(host)
                                   .arg(url.port(scheme == QLatin1String("rtmps") ? 443 : 1935))
                                   .toUtf8();
    AVIOContext *io = nullptr;
    const int rc = avio_open2(&io, address.constData(), AVIO_FLAG_READ, &interrupt, nullptr);
    if (rc < 0) {
        return rc;
    }
    avio_closep(&io);
    return 1;
}

void StreamPreviewDecoder::post(const QVideoFrame &frame)
{
    bool wasEmpty = false;
    {
        const std::lock_guard lock(m_mailbox->mutex);
        wasEmpty = !m_mailbox->frame.isValid();
        m_mailbox->frame = frame;
    }
    if (wasEmpty) {
        emit frameReady();
    }
}

bool StreamPreviewDecoder::waitRetry(int ms)
{
    Control &control = *m_control;
    std::unique_lock lock(control.mutex);
    control.wake.wait_for(lock, milliseconds(ms), [&control] {
        return control.stop.load(std::memory_order_relaxed) || control.retry;
    });
    control.retry = false;
    return !control.stop.load(std::memory_order_relaxed);
}

void StreamPreviewDecoder::armDeadline(Clock::time_point deadline)
{
    m_deadline = deadline;
    m_deadlinePassed = false;
}

int StreamPreviewDecoder::interruptCallback(void *opaque)
{
    auto *self = static_cast<StreamPreviewDecoder *>(opaque);
    if (self->stopRequested()) {
        return 1;
    }
    if (Clock::now() >= self->m_deadline) {
        self->m_deadlinePassed = true;
        return 1;
    }
    return 0;
}

} // namespace livesnap::ui
