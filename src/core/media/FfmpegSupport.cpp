#include "media/FfmpegSupport.h"

extern "C" {
#include <libavutil/error.h>
}

namespace livesnap::ffmpeg {

namespace {
// Fast start. FFmpeg's defaults (5 MB, 5 s, 90 s for FLV streams) make a new reader wait about
// 5.7 s for its first frame: FLV has no stream header, so probing only ends on these limits.
// 32 KB ends it right after the first keyframe of an HD stream; 100 ms of stream time bounds it
// for small, low-bitrate ones (nothing we use needs more: the decoder takes SPS/PPS from the
// sequence header, and a video stream that shows up late is picked up by the read loop). Never
// AVFMT_FLAG_NOBUFFER: it drops the probed packets, the first keyframe among them.
constexpr int64_t ProbeSizeBytes = 32 * 1024;
constexpr int64_t AnalyzeDurationUs = 100'000;
} // namespace

QString errorText(int code)
{
    char buffer[AV_ERROR_MAX_STRING_SIZE] = {};
    if (av_strerror(code, buffer, sizeof buffer) < 0) {
        return QStringLiteral("error %1").arg(code);
    }
    return QString::fromUtf8(buffer);
}

int openLiveInput(const QString &url, AVIOInterruptCB interrupt, FormatContextPtr *input)
{
    StreamInput plain;
    plain.url = url;
    return openLiveInput(plain, interrupt, input);
}

int openLiveInput(const StreamInput &streamInput, AVIOInterruptCB interrupt,
                  FormatContextPtr *input)
{
    const QString &url = streamInput.url;
    AVFormatContext *raw = avformat_alloc_context();
    if (!raw) {
        return AVERROR(ENOMEM);
    }
    raw->interrupt_callback = interrupt;
    raw->probesize = ProbeSizeBytes;
    raw->max_analyze_duration = AnalyzeDurationUs;
    const QByteArray utf8 = url.toUtf8();
    const AVInputFormat *flv = av_find_input_format("flv");
    const int rc = avformat_open_input(&raw, utf8.constData(), flv, nullptr);
    if (rc < 0) {
        return rc; // avformat_open_input freed the context
    }
    input->reset(raw);
    return 0;
}

} // namespace livesnap::ffmpeg
