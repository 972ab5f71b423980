#include "capture/KeyframeDecodePool.h"

#include "media/FfmpegSupport.h"

#include <QThread>

#include <algorithm>
#include <cstring>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/pixdesc.h>
}

namespace livesnap {
namespace {

using ffmpeg::CodecContextPtr;
using ffmpeg::FramePtr;
using ffmpeg::PacketPtr;

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
        return KeyframeDecodePool::tr("the decoder returned no picture");
    return rc < 0 ? ffmpeg::errorText(rc) : QString();
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

std::shared_ptr<const KeyframeCodec> KeyframeCodec::make(const AVCodecParameters *parameters,
                                                         const QByteArray &extradata,
                                                         int timeBaseNum, int timeBaseDen)
{
    std::shared_ptr<AVCodecParameters> copy(
        avcodec_parameters_alloc(), [](AVCodecParameters *p) { avcodec_parameters_free(&p); });
    if (!copy || avcodec_parameters_copy(copy.get(), parameters) < 0)
        return nullptr;
    if (!extradata.isEmpty()) {
        const auto size = static_cast<size_t>(extradata.size());
        auto *bytes = static_cast<uint8_t *>(av_mallocz(size + AV_INPUT_BUFFER_PADDING_SIZE));
        if (!bytes)
            return nullptr;
        std::memcpy(bytes, extradata.constData(), size);
        av_freep(&copy->extradata);
        copy->extradata = bytes;
        copy->extradata_size = int(size);
    }
    auto codec = std::make_shared<KeyframeCodec>();
    codec->parameters = std::move(copy);
    codec->timeBaseNum = timeBaseNum;
    codec->timeBaseDen = timeBaseDen;
    return codec;
}

bool KeyframeCodec::sameDecoderAs(const KeyframeCodec &other) const
{
    const AVCodecParameters &a = *parameters;
    const AVCodecParameters &b = *other.parameters;
    return a.codec_id == b.codec_id && a.width == b.width && a.height == b.height &&
           a.format == b.format && a.profile == b.profile && timeBaseNum == other.timeBaseNum &&
           timeBaseDen == other.timeBaseDen && a.extradata_size == b.extradata_size &&
           (a.extradata_size == 0 ||
            std::memcmp(a.extradata, b.extradata, size_t(a.extradata_size)) == 0);
}

ffmpeg::CodecContextPtr KeyframeCodec::openDecoder(QString *error) const
{
    const AVCodecID id = parameters->codec_id;
    const AVCodec *found = avcodec_find_decoder(id);
    if (!found) {
        *error = KeyframeDecodePool::tr("the stream's video codec (%1) is not supported")
                     .arg(QString::fromUtf8(avcodec_get_name(id)));
        return nullptr;
    }
    CodecContextPtr context(avcodec_alloc_context3(found));
    if (!context) {
        *error = KeyframeDecodePool::tr("out of memory");
        return nullptr;
    }
    int rc = avcodec_parameters_to_context(context.get(), parameters.get());
    // One thread, no frame threading: it would hold pictures back and cost a thread each.
    context->thread_count = 1;
    context->thread_type = FF_THREAD_SLICE;
    context->pkt_timebase = AVRational{timeBaseNum, timeBaseDen};
    if (rc >= 0)
        rc = avcodec_open2(context.get(), found, nullptr);
    if (rc < 0) {
        *error = KeyframeDecodePool::tr("cannot open the %1 video decoder: %2")
                     .arg(QString::fromUtf8(found->name), ffmpeg::errorText(rc));
        return nullptr;
    }
    return context;
}

// What one pool thread keeps between keyframes: its decoder (with the codec it was opened
// for), a picture, a scaler and a JPEG encoder.
struct KeyframeDecodePool::Slot {
    CodecContextPtr decoder;
    std::shared_ptr<const KeyframeCodec> openedFor;
    FramePtr frame{av_frame_alloc()};
    FrameScaler scaler;
    JpegEncoder encoder;
    int scaledPictures = 0; // by the last encodeOutputs()

    // Opens the decoder for `codec` unless it is open for it already; returns an error text.
    QString prepare(const std::shared_ptr<const KeyframeCodec> &codec)
    {
        if (decoder && openedFor && (openedFor == codec || openedFor->sameDecoderAs(*codec))) {
            return {};
        }
        decoder.reset();
        if (!frame)
            return tr("out of memory");
        QString error;
        CodecContextPtr context = codec->openDecoder(&error);
        if (!context)
            return error;
        decoder = std::move(context);
        openedFor = codec;
        return {};
    }

    DecodedKeyframe decode(const Request &request)
    {
        DecodedKeyframe result;
        result.error = prepare(request.codec);
        if (result.error.isEmpty() && !request.exactPackets.empty()) {
            const ExactFrameDecoder::Result exact = ExactFrameDecoder::decode(
                decoder.get(), request.exactPackets, request.exactPts, frame.get());
            result.error = exact.error;
            result.packetsDecoded = exact.packetsDecoded;
        } else if (result.error.isEmpty()) {
            result.error = decodeAlone(decoder.get(), request.packet, frame.get());
            result.packetsDecoded = 1;
        }
        if (!result.error.isEmpty()) {
            // A decoder that failed may hold a bad state; the next keyframe opens a fresh one.
            decoder.reset();
            return result;
        }
        result.stats = lumaStats(frame.get());
        encodeOutputs(request.outputs, &result);
        av_frame_unref(frame.get());
        return result;
    }

    // One JPEG per distinct output, from one scaled picture per distinct size (the decoded
    // picture itself at the stream's size).
    void encodeOutputs(const std::vector<JpegOutput> &outputs, DecodedKeyframe *result)
    {
        std::vector<OutputSize> sizes;
        for (const JpegOutput &output : outputs) {
            const bool done = std::any_of(result->jpegs.cbegin(), result->jpegs.cend(),
                                          [&output](const auto &j) { return j.first == output; });
            if (done)
                continue;
            result->jpegs.emplace_back(output, JpegResult{});
            sizes.push_back(
                FrameScaler::fit(frame->width, frame->height, output.width, output.height));
        }
        scaledPictures = 0;
        const OutputSize source{frame->width, frame->height};
        for (size_t i = 0; i < sizes.size(); ++i) {
            if (std::find(sizes.cbegin(), sizes.cend(), sizes[i]) != sizes.cbegin() + ptrdiff_t(i))
                continue; // encoded with the first output of this size
            QString error;
            const AVFrame *picture = frame.get();
            if (sizes[i] != source) {
                picture = scaler.scale(*frame, sizes[i], &error);
                scaledPictures += picture ? 1 : 0;
            }
            for (size_t j = i; j < sizes.size(); ++j) {
                if (sizes[j] != sizes[i])
                    continue;
                JpegResult &jpeg = result->jpegs[j].second;
                if (picture)
                    jpeg = encoder.encode(picture, result->jpegs[j].first.quality);
                else
                    jpeg.error = error;
            }
        }
    }
};

KeyframeDecodePool::KeyframeDecodePool(int threads)
{
    const int count = std::max(1, threads);
    for (int i = 0; i < count; ++i)
        m_slots.push_back(std::make_unique<Slot>());
    for (int i = 0; i < count; ++i)
        m_threads.emplace_back([this, slot = m_slots[size_t(i)].get()] { runThread(slot); });
}

KeyframeDecodePool::~KeyframeDecodePool()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
        for (auto &[key, request] : m_waiting)
            av_packet_free(&request.packet);
        m_waiting.clear();
    }
    m_wake.notify_all();
    for (std::thread &thread : m_threads)
        thread.join();
}

KeyframeDecodePool &KeyframeDecodePool::shared()
{
    static KeyframeDecodePool pool(QThread::idealThreadCount());
    return pool;
}

void KeyframeDecodePool::submit(Request request)
{
    {
        const std::lock_guard lock(m_mutex);
        if (!m_stopping) {
            const auto key = std::make_pair(request.arrived, m_submitted++);
            m_waiting.emplace(key, std::move(request));
            request.packet = nullptr;
        }
    }
    av_packet_free(&request.packet); // only when stopping
    m_wake.notify_one();
}

void KeyframeDecodePool::cancel(const void *owner)
{
    std::unique_lock lock(m_mutex);
    for (auto it = m_waiting.begin(); it != m_waiting.end();) {
        if (it->second.owner == owner) {
            av_packet_free(&it->second.packet);
            it = m_waiting.erase(it);
        } else {
            ++it;
        }
    }
    m_settled.wait(lock, [this, owner] {
        return std::find(m_busyOwners.cbegin(), m_busyOwners.cend(), owner) == m_busyOwners.cend();
    });
}

int KeyframeDecodePool::waitingCount() const
{
    const std::lock_guard lock(m_mutex);
    return int(m_waiting.size());
}

void KeyframeDecodePool::runThread(Slot *slot)
{
    for (;;) {
        Request request;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_waiting.empty(); });
            if (m_stopping)
                return;
            auto oldest = m_waiting.begin();
            request = std::move(oldest->second);
            m_waiting.erase(oldest);
            m_busyOwners.push_back(request.owner);
        }
        DecodedKeyframe result = slot->decode(request);
        av_packet_free(&request.packet);
        if (result.error.isEmpty()) {
            m_decoded.fetch_add(1, std::memory_order_relaxed);
            m_scaled.fetch_add(quint64(slot->scaledPictures), std::memory_order_relaxed);
        }
        if (request.done)
            request.done(std::move(result));
        request.done = nullptr; // whatever it captured goes before the owner may
        {
            const std::lock_guard lock(m_mutex);
            m_busyOwners.erase(std::find(m_busyOwners.begin(), m_busyOwners.end(), request.owner));
        }
        m_settled.notify_all();
    }
}

} // namespace livesnap
