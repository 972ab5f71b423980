#include "imaging/ScaledJpegDecoder.h"

#include <turbojpeg.h>

#include <memory>

namespace livesnap::ui {

namespace {

struct TjDeleter {
    void operator()(void *handle) const { tjDestroy(handle); }
};
using TjHandle = std::unique_ptr<void, TjDeleter>;

int scaled(int dimension, const tjscalingfactor &factor)
{
    return TJSCALED(dimension, factor);
}

} // namespace

QSize ScaledJpegDecoder::scaledSize(QSize source, QSize bounds)
{
    if (source.isEmpty() || bounds.isEmpty()) {
        return source;
    }
    int count = 0;
    const tjscalingfactor *factors = tjGetScalingFactors(&count);
    QSize best = source;
    for (int i = 0; i < count; ++i) {
        const tjscalingfactor &factor = factors[i];
        if (factor.num > factor.denom) {
            continue; // never upscale
        }
        const QSize candidate(scaled(source.width(), factor), scaled(source.height(), factor));
        const bool covers =
            candidate.width() >= bounds.width() && candidate.height() >= bounds.height();
        if (covers && candidate.width() < best.width()) {
            best = candidate;
        }
    }
    return best;
}

ScaledJpegDecoder::Result ScaledJpegDecoder::decode(const QByteArray &jpeg, QSize bounds)
{
    Result result;
    if (jpeg.isEmpty()) {
        result.error = tr("The file is empty.");
        return result;
    }
    const TjHandle handle(tjInitDecompress());
    if (!handle) {
        result.error =
            tr("libjpeg-turbo could not start: %1").arg(QString::fromUtf8(tjGetErrorStr()));
        return result;
    }
    const auto *data = reinterpret_cast<const unsigned char *>(jpeg.constData());
    const auto size = static_cast<unsigned long>(jpeg.size());
    int width = 0;
    int height = 0;
    int subsamp = 0;
    int colorspace = 0;
    if (tjDecompressHeader3(handle.get(), data, size, &width, &height, &subsamp, &colorspace) !=
        0) {
        result.error =
            tr("Not a readable JPEG: %1").arg(QString::fromUtf8(tjGetErrorStr2(handle.get())));
        return result;
    }
    result.sourceSize = QSize(width, height);
    const QSize target = scaledSize(result.sourceSize, bounds);
    QImage image(target, QImage::Format_RGB32);
    if (image.isNull()) {
        result.error =
            tr("Not enough memory for a %1x%2 image.").arg(target.width()).arg(target.height());
        return result;
    }
    // TJPF_BGRX in memory is Format_RGB32 on little-endian machines; TJPF_XRGB on big-endian.
    const int pixelFormat = QSysInfo::ByteOrder == QSysInfo::LittleEndian ? TJPF_BGRX : TJPF_XRGB;
    if (tjDecompress2(handle.get(), data, size, image.bits(), target.width(),
                      static_cast<int>(image.bytesPerLine()), target.height(), pixelFormat,
                      TJFLAG_FASTDCT) != 0 &&
        tjGetErrorCode(handle.get()) == TJERR_FATAL) {
        result.error =
            tr("Not a readable JPEG: %1").arg(QString::fromUtf8(tjGetErrorStr2(handle.get())));
        return result;
    }
    result.image = std::move(image);
    return result;
}

} // namespace livesnap::ui
