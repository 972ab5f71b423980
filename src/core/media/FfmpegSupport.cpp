#include "media/FfmpegSupport.h"

#include <QScopeGuard>

extern "C" {
#include <libavutil/dict.h>
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

// FFmpeg's TLS layer checks nothing unless told to. tls_verify=1 checks the chain (against
// ca_file, or GnuTLS's system trust without one), the dates and the URL's host name (FFmpeg 5.1
// tls_gnutls.c: gnutls_certificate_verify_peers2 and gnutls_x509_crt_check_hostname against the
// host, which `verifyhost` would override; we never do). The rtmp protocol passes these options
// on to the tls one it opens for rtmps://.
void setTlsOptions(const StreamInput &input, AVDictionary **options)
{
    if (!input.usesTls()) {
        return;
    }
    av_dict_set(options, "tls_verify", input.tlsVerify ? "1" : "0", 0);
    if (input.tlsVerify && !input.caFile.isEmpty()) {
        av_dict_set(options, "ca_file", input.caFile.toUtf8().constData(), 0);
    }
}
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
    AVDictionary *options = nullptr;
    const auto freeOptions = qScopeGuard([&options] { av_dict_free(&options); });
    setTlsOptions(streamInput, &options);
    const int rc = avformat_open_input(&raw, utf8.constData(), flv, &options);
    if (rc < 0) {
        return rc; // avformat_open_input freed the context
    }
    input->reset(raw);
    return 0;
}

} // namespace livesnap::ffmpeg
