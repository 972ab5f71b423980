#include "capture/JpegEncoder.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <optional>

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}
#include <turbojpeg.h>

namespace livesnap {

namespace {

// FFmpeg formats whose planes libjpeg-turbo takes as they are. The J variants differ only in
// range, and limited range passes through too (see encode()).
std::optional<int> directSubsampling(int format)
{
    switch (format) {
    case AV_PIX_FMT_YUV420P:
    case AV_PIX_FMT_YUVJ420P:
        return TJSAMP_420;
    case AV_PIX_FMT_YUV422P:
    case AV_PIX_FMT_YUVJ422P:
        return TJSAMP_422;
    case AV_PIX_FMT_YUV444P:
    case AV_PIX_FMT_YUVJ444P:
        return TJSAMP_444;
    case AV_PIX_FMT_YUV440P:
    case AV_PIX_FMT_YUVJ440P:
        return TJSAMP_440;
    case AV_PIX_FMT_YUV411P:
    case AV_PIX_FMT_YUVJ411P:
        return TJSAMP_411;
    case AV_PIX_FMT_GRAY8:
        return TJSAMP_GRAY;
    default:
        return std::nullopt;
    }
}

// Fills planes from a planar 8-bit frame, or returns false if a stride is negative (a
// bottom-up frame) or shorter than a row, which TurboJPEG cannot walk; swscale then copies.
bool mapPlanes(const AVFrame &frame, const AVPixFmtDescriptor &desc, int subsamp,
               const unsigned char *planes[3], int strides[3])
{
    const int count = subsamp == TJSAMP_GRAY ? 1 : 3;
    for (int i = 0; i < count; ++i) {
        const int planeWidth = i == 0 ? frame.width : -((-frame.width) >> desc.log2_chroma_w);
        if (frame.linesize[i] < planeWidth)
            return false;
        planes[i] = frame.data[i];
        strides[i] = frame.linesize[i];
    }
    return true;
}

} // namespace

void JpegEncoder::FrameDeleter::operator()(AVFrame *frame) const
{
    av_frame_free(&frame);
}

JpegEncoder::JpegEncoder()
    : m_tj(tjInitCompress())
{}

JpegEncoder::~JpegEncoder()
{
    sws_freeContext(m_sws);
    tjFree(m_jpegBuf);
    if (m_tj)
        tjDestroy(m_tj);
}

JpegResult JpegEncoder::encode(const AVFrame *frame, int quality)
{
    JpegResult result;
    if (!m_tj) {
        result.error = tr("The JPEG encoder could not be initialised.");
        return result;
    }
    if (!frame || frame->width <= 0 || frame->height <= 0) {
        result.error = tr("The decoder returned an empty picture.");
        return result;
    }
    const auto *desc = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(frame->format));
    if (!desc || (desc->flags & AV_PIX_FMT_FLAG_HWACCEL)) {
        const char *name = av_get_pix_fmt_name(static_cast<AVPixelFormat>(frame->format));
        result.error = tr("Pictures in pixel format %1 cannot be encoded to JPEG.")
                           .arg(name ? QLatin1String(name) : QLatin1String("unknown"));
        return result;
    }
    const int planeCount = av_pix_fmt_count_planes(static_cast<AVPixelFormat>(frame->format));
    for (int i = 0; i < planeCount; ++i) {
        if (!frame->data[i] || frame->linesize[i] == 0) {
            result.error = tr("The decoder returned a picture without pixel data.");
            return result;
        }
    }

    // Limited-range (TV) YUV is handed to libjpeg-turbo unchanged although JFIF means full
    // range: blacks come out at 16 and whites at 235, slightly flat, but expanding the range
    // costs about as much as the whole encode (4.4 ms per 1080p frame). BT.709 sources are
    // likewise not re-matrixed to JFIF's BT.601 (ffmpeg does not by default either).
    const unsigned char *planes[3] = {};
    int strides[3] = {};
    std::optional<int> subsamp = directSubsampling(frame->format);
    if (!subsamp || !mapPlanes(*frame, *desc, *subsamp, planes, strides)) {
        if (!convert(*frame, &result.error))
            return result;
        for (int i = 0; i < 3; ++i) {
            planes[i] = m_converted->data[i];
            strides[i] = m_converted->linesize[i];
        }
        subsamp = TJSAMP_420;
    }
    // TurboJPEG reads luma up to a whole chroma sample: with 4:2:0, an odd width or height
    // costs one column or row more than FFmpeg's plane has. Reading it would be out of bounds
    // for a tightly packed frame and would smear whatever lies there into the edge blocks.
    const int paddedWidth = tjPlaneWidth(0, frame->width, *subsamp);
    const int paddedHeight = tjPlaneHeight(0, frame->height, *subsamp);
    if (paddedWidth != frame->width || paddedHeight != frame->height) {
        planes[0] =
            padLuma(planes[0], strides[0], frame->width, frame->height, paddedWidth, paddedHeight);
        strides[0] = paddedWidth;
    }
    return compress(planes, strides, *subsamp, frame->width, frame->height,
                    std::clamp(quality, 1, 100));
}

JpegResult JpegEncoder::compress(const unsigned char *const planes[3], const int strides[3],
                                 int subsamp, int width, int height, int quality)
{
    JpegResult result;
    const unsigned long needed = tjBufSize(width, height, subsamp);
    if (needed == static_cast<unsigned long>(-1) || needed > static_cast<unsigned long>(INT_MAX)) {
        result.error = tr("The picture is too large to encode (%1×%2).").arg(width).arg(height);
        return result;
    }
    // A buffer of the worst-case size, kept across snapshots, so TurboJPEG never reallocates.
    if (m_jpegBufCapacity < needed) {
        tjFree(m_jpegBuf);
        m_jpegBuf = tjAlloc(static_cast<int>(needed));
        m_jpegBufCapacity = m_jpegBuf ? needed : 0;
        if (!m_jpegBuf) {
            result.error = tr("Out of memory while encoding a JPEG.");
            return result;
        }
    }

    // TurboJPEG 2.1 takes a non-const array of const planes.
    const unsigned char *data[3] = {planes[0], planes[1], planes[2]};
    unsigned long size = m_jpegBufCapacity;
    if (tjCompressFromYUVPlanes(m_tj, data, width, strides, height, subsamp, &m_jpegBuf, &size,
                                quality, TJFLAG_NOREALLOC) != 0) {
        result.error = tr("JPEG encoding failed: %1").arg(QString::fromUtf8(tjGetErrorStr2(m_tj)));
        return result;
    }
    result.jpeg =
        QByteArray(reinterpret_cast<const char *>(m_jpegBuf), static_cast<qsizetype>(size));
    result.width = width;
    result.height = height;
    return result;
}

const unsigned char *JpegEncoder::padLuma(const unsigned char *plane, int stride, int width,
                                          int height, int paddedWidth, int paddedHeight)
{
    // Edge replication, as libjpeg does for the RGB path.
    m_paddedLuma.resize(static_cast<size_t>(paddedWidth) * paddedHeight);
    unsigned char *out = m_paddedLuma.data();
    for (int y = 0; y < paddedHeight; ++y) {
        const unsigned char *src = plane + static_cast<ptrdiff_t>(std::min(y, height - 1)) * stride;
        unsigned char *dst = out + static_cast<ptrdiff_t>(y) * paddedWidth;
        std::memcpy(dst, src, static_cast<size_t>(width));
        std::memset(dst + width, src[width - 1], static_cast<size_t>(paddedWidth - width));
    }
    return out;
}

bool JpegEncoder::convert(const AVFrame &frame, QString *error)
{
    const auto format = static_cast<AVPixelFormat>(frame.format);
    const auto *desc = av_pix_fmt_desc_get(format);
    const bool isRgb = desc->flags & AV_PIX_FMT_FLAG_RGB;
    // RGB sources become full-range YUV, as JFIF wants; YUV keeps its range so that this path
    // looks like the direct one and does no range arithmetic.
    const bool fullRange = isRgb || frame.color_range == AVCOL_RANGE_JPEG;

    if (!m_sws || m_swsWidth != frame.width || m_swsHeight != frame.height ||
        m_swsFormat != frame.format || m_swsFullRange != fullRange) {
        sws_freeContext(m_sws);
        m_swsFormat = -1;
        // Full-resolution chroma from RGB: without it swscale reads past a one-pixel-wide row
        // and the chroma is wrong there. Only RGB input is affected, and it is rare.
        m_sws = sws_getContext(frame.width, frame.height, format, frame.width, frame.height,
                               AV_PIX_FMT_YUV420P, SWS_BILINEAR | SWS_FULL_CHR_H_INP, nullptr,
                               nullptr, nullptr);
        if (!m_sws) {
            *error = tr("Pictures in pixel format %1 cannot be converted for JPEG.")
                         .arg(QLatin1String(av_get_pix_fmt_name(format)));
            return false;
        }
        const int *bt601 = sws_getCoefficients(SWS_CS_ITU601);
        // Returns -1 for YUV to YUV, where there are no RGB tables to build; the ranges are
        // still applied.
        sws_setColorspaceDetails(m_sws, bt601, fullRange ? 1 : 0, bt601, fullRange ? 1 : 0, 0,
                                 1 << 16, 1 << 16);
        m_swsWidth = frame.width;
        m_swsHeight = frame.height;
        m_swsFormat = frame.format;
        m_swsFullRange = fullRange;
    }

    if (!m_converted || m_converted->width != frame.width || m_converted->height != frame.height) {
        m_converted.reset(av_frame_alloc());
        if (!m_converted) {
            *error = tr("Out of memory while encoding a JPEG.");
            return false;
        }
        m_converted->width = frame.width;
        m_converted->height = frame.height;
        m_converted->format = AV_PIX_FMT_YUV420P;
        if (av_frame_get_buffer(m_converted.get(), 0) < 0) {
            m_converted.reset();
            *error = tr("Out of memory while encoding a JPEG.");
            return false;
        }
    }

    if (sws_scale(m_sws, frame.data, frame.linesize, 0, frame.height, m_converted->data,
                  m_converted->linesize) <= 0) {
        *error = tr("Converting a %1 picture for JPEG failed.")
                     .arg(QLatin1String(av_get_pix_fmt_name(format)));
        return false;
    }
    return true;
}

} // namespace livesnap
