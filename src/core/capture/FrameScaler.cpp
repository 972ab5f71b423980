#include "capture/FrameScaler.h"

#include <algorithm>
#include <cmath>

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

namespace livesnap {
namespace {

// `side` scaled by num/den, rounded to an even number, at least 2 and at most `limit`.
int follow(int side, int num, int den, int limit)
{
    const double exact = double(side) * num / den;
    const int even = int(std::lround(exact / 2.0)) * 2;
    return std::clamp(even, std::min(2, limit), limit);
}

// The formats JpegEncoder compresses without a conversion of its own (see directSubsampling
// there); anything else is scaled into yuv420p.
AVPixelFormat scaledFormat(int source)
{
    switch (source) {
    case AV_PIX_FMT_YUV420P:
    case AV_PIX_FMT_YUVJ420P:
    case AV_PIX_FMT_YUV422P:
    case AV_PIX_FMT_YUVJ422P:
    case AV_PIX_FMT_YUV444P:
    case AV_PIX_FMT_YUVJ444P:
    case AV_PIX_FMT_GRAY8:
        return AVPixelFormat(source);
    default:
        return AV_PIX_FMT_YUV420P;
    }
}

} // namespace

FrameScaler::~FrameScaler() = default;

void FrameScaler::SwsFreer::operator()(SwsContext *context) const
{
    sws_freeContext(context);
}

OutputSize FrameScaler::fit(int sourceWidth, int sourceHeight, int width, int height)
{
    const OutputSize source{sourceWidth, sourceHeight};
    if (sourceWidth <= 0 || sourceHeight <= 0 || (width <= 0 && height <= 0))
        return source;
    // The side that limits: the only one given, or the one that shrinks more (w/sw < h/sh).
    const bool byWidth =
        height <= 0 || (width > 0 && qint64(width) * sourceHeight <= qint64(height) * sourceWidth);
    if (byWidth) {
        if (width >= sourceWidth)
            return source;
        return {width, follow(sourceHeight, width, sourceWidth, sourceHeight)};
    }
    if (height >= sourceHeight)
        return source;
    return {follow(sourceWidth, height, sourceHeight, sourceWidth), height};
}

bool FrameScaler::prepare(Target &target, const AVFrame &frame, QString *error)
{
    const auto format = AVPixelFormat(frame.format);
    const AVPixelFormat outFormat = scaledFormat(frame.format);
    const bool fullRange = frame.color_range == AVCOL_RANGE_JPEG;
    if (target.sws && target.scaled && target.sourceWidth == frame.width &&
        target.sourceHeight == frame.height && target.sourceFormat == frame.format &&
        target.fullRange == fullRange) {
        return true;
    }
    target.sws.reset();
    target.scaled.reset();
    const OutputSize size = target.size;
    const bool shrinks = size.width <= frame.width && size.height <= frame.height;
    target.sws.reset(sws_getContext(frame.width, frame.height, format, size.width, size.height,
                                    outFormat, shrinks ? SWS_AREA : SWS_BICUBIC, nullptr, nullptr,
                                    nullptr));
    if (!target.sws) {
        const char *name = av_get_pix_fmt_name(format);
        *error = tr("Pictures in pixel format %1 cannot be scaled to %2×%3.")
                     .arg(name ? QLatin1String(name) : QLatin1String("unknown"))
                     .arg(size.width)
                     .arg(size.height);
        return false;
    }
    // YUV to YUV keeps its range, as the unscaled path does (see JpegEncoder::encode).
    const int *bt601 = sws_getCoefficients(SWS_CS_ITU601);
    sws_setColorspaceDetails(target.sws.get(), bt601, fullRange ? 1 : 0, bt601, fullRange ? 1 : 0,
                             0, 1 << 16, 1 << 16);
    ffmpeg::FramePtr scaled(av_frame_alloc());
    if (scaled) {
        scaled->width = size.width;
        scaled->height = size.height;
        scaled->format = outFormat;
    }
    if (!scaled || av_frame_get_buffer(scaled.get(), 0) < 0) {
        *error = tr("Out of memory while scaling a picture.");
        return false;
    }
    target.scaled = std::move(scaled);
    target.sourceWidth = frame.width;
    target.sourceHeight = frame.height;
    target.sourceFormat = frame.format;
    target.fullRange = fullRange;
    return true;
}

const AVFrame *FrameScaler::scale(const AVFrame &frame, OutputSize size, QString *error)
{
    auto it = std::find_if(m_targets.begin(), m_targets.end(),
                           [size](const Target &t) { return t.size == size; });
    if (it == m_targets.end()) {
        if (m_targets.size() >= MaxSizes)
            m_targets.pop_back();
        m_targets.insert(m_targets.begin(), Target{});
        m_targets.front().size = size;
    } else {
        std::rotate(m_targets.begin(), it, it + 1); // most recently used first
    }
    Target &target = m_targets.front();
    if (!prepare(target, frame, error))
        return nullptr;
    if (sws_scale(target.sws.get(), frame.data, frame.linesize, 0, frame.height,
                  target.scaled->data, target.scaled->linesize) <= 0) {
        *error = tr("Scaling a %1×%2 picture to %3×%4 failed.")
                     .arg(frame.width)
                     .arg(frame.height)
                     .arg(size.width)
                     .arg(size.height);
        return nullptr;
    }
    target.scaled->color_range = frame.color_range;
    return target.scaled.get();
}

} // namespace livesnap
