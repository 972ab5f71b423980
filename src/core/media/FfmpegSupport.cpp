#include "media/FfmpegSupport.h"

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

struct DictionaryFreer {
    void operator()(AVDictionary *dictionary) const { av_dict_free(&dictionary); }
};

// The demuxer and protocol options of a StreamInput.Type. Every protocol here does its blocking
// work (connect, handshake, reads, HLS playlist reloads) through the context's interrupt callback,
// which carries the reader's stop and stall deadlines, so none needs a timeout of its own.
//   rtmp: RTMP always carries FLV; naming it skips probing, which waits for 2 KB of stream.
//   rtsp: TCP (interleaved) transport: through firewalls and NAT, and no lost UDP packets; UDP
//         only from a server that refuses TCP. (In FFmpeg 5.1 the socket timeout is "timeout",
//         in microseconds; "stimeout" is gone.)
//   srt:  caller mode (we connect to the encoder's or server's listener); SRT carries MPEG-TS.
//   hls:  the playlist is read by the hls demuxer, starting at the newest segment.
enum class RtspTransport { Tcp, Udp };

const AVInputFormat *streamTypeOptions(const StreamInput &input, RtspTransport transport,
                                       AVDictionary **options)
{
    const QString type = input.type.toLower();
    if (type == QLatin1String("rtsp")) {
        av_dict_set(options, "rtsp_transport", transport == RtspTransport::Tcp ? "tcp" : "udp", 0);
        return av_find_input_format("rtsp");
    }
    if (type == QLatin1String("srt")) {
        av_dict_set(options, "mode", "caller", 0);
        return av_find_input_format("mpegts");
    }
    if (type == QLatin1String("hls")) {
        av_dict_set(options, "live_start_index", "-1", 0);
        return av_find_input_format("hls");
    }
    return av_find_input_format("flv");
}

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

int openLiveInputAs(const StreamInput &streamInput, RtspTransport transport,
                    AVIOInterruptCB interrupt, FormatContextPtr *input)
{
    AVFormatContext *raw = avformat_alloc_context();
    if (!raw) {
        return AVERROR(ENOMEM);
    }
    raw->interrupt_callback = interrupt;
    raw->probesize = ProbeSizeBytes;
    raw->max_analyze_duration = AnalyzeDurationUs;
    const QByteArray utf8 = streamInput.url.toUtf8();
    AVDictionary *rawOptions = nullptr;
    const AVInputFormat *format = streamTypeOptions(streamInput, transport, &rawOptions);
    setTlsOptions(streamInput, &rawOptions);
    const int rc = avformat_open_input(&raw, utf8.constData(), format, &rawOptions);
    const std::unique_ptr<AVDictionary, DictionaryFreer> unused(rawOptions);
    if (rc < 0) {
        return rc; // avformat_open_input freed the context
    }
    input->reset(raw);
    return 0;
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
    int rc = openLiveInputAs(streamInput, RtspTransport::Tcp, interrupt, input);
    if (rc == AVERROR(EPROTONOSUPPORT) &&
        streamInput.type.compare(QLatin1String("rtsp"), Qt::CaseInsensitive) == 0) {
        // "461 Unsupported transport": the server streams over UDP only (VLC's RTSP server).
        rc = openLiveInputAs(streamInput, RtspTransport::Udp, interrupt, input);
    }
    return rc;
}

} // namespace livesnap::ffmpeg
