// The minimal keyframe probe: the physical limit of keyframe mode, for run_benchmark.py.
//
// It opens one RTMP URL, demuxes every packet, and every INTERVAL seconds of stream time decodes
// the next keyframe alone (a single-threaded decoder: send it, drain, flush) and encodes its YUV
// planes to a JPEG with tjCompressFromYUVPlanes (quality 85), written to OUT_DIR/probe-N.jpg or
// discarded. Nothing else: no scheduler state, no catalog, no storage, no threads. It stops on
// SIGINT/SIGTERM or at the end of the stream, and prints "snapshots N" on stdout.
//
// Usage: livesnap_keyframe_probe URL [--interval SECONDS] [--out OUT_DIR] [--quality Q]

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/pixdesc.h>
}
#include <turbojpeg.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

std::atomic<bool> g_stop{false};

void onSignal(int)
{
    g_stop = true;
}

int interruptRead(void *)
{
    return g_stop ? 1 : 0;
}

std::string avError(int code)
{
    char buffer[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, buffer, sizeof buffer);
    return buffer;
}

int fail(const std::string &message)
{
    std::fprintf(stderr, "keyframe_probe: %s\n", message.c_str());
    return 1;
}

struct Options {
    std::string url;
    std::string outDir; // empty: discard the JPEGs
    double interval = 5.0;
    int quality = 85;
};

bool parseOptions(int argc, char **argv, Options *options)
{
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool hasValue = i + 1 < argc;
        if (arg == "--interval" && hasValue) {
            options->interval = std::atof(argv[++i]);
        } else if (arg == "--out" && hasValue) {
            options->outDir = argv[++i];
        } else if (arg == "--quality" && hasValue) {
            options->quality = std::atoi(argv[++i]);
        } else if (options->url.empty() && arg.rfind("--", 0) != 0) {
            options->url = arg;
        } else {
            return false;
        }
    }
    return !options->url.empty() && options->interval > 0 && options->quality >= 1 &&
           options->quality <= 100;
}

// Writes the whole buffer and closes the file, checking both.
bool writeFile(const std::string &path, const unsigned char *data, unsigned long size)
{
    FILE *file = std::fopen(path.c_str(), "wb");
    if (!file)
        return false;
    const bool written = std::fwrite(data, 1, size, file) == size;
    const bool closed = std::fclose(file) == 0;
    return written && closed;
}

// The TurboJPEG subsampling of an 8-bit planar YUV format; false for any other format.
bool subsampling(AVPixelFormat format, TJSAMP *samp)
{
    switch (format) {
    case AV_PIX_FMT_YUV420P:
    case AV_PIX_FMT_YUVJ420P:
        *samp = TJSAMP_420;
        return true;
    case AV_PIX_FMT_YUV422P:
    case AV_PIX_FMT_YUVJ422P:
        *samp = TJSAMP_422;
        return true;
    case AV_PIX_FMT_YUV444P:
    case AV_PIX_FMT_YUVJ444P:
        *samp = TJSAMP_444;
        return true;
    default:
        return false;
    }
}

} // namespace

int main(int argc, char **argv)
{
    Options options;
    if (!parseOptions(argc, argv, &options)) {
        std::fprintf(stderr,
                     "usage: %s URL [--interval SECONDS] [--out OUT_DIR] [--quality "
                     "1-100]\n",
                     argv[0]);
        return 2;
    }
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    av_log_set_level(AV_LOG_ERROR);
    avformat_network_init();

    // Opened as LiveSnap opens a stream (media/FfmpegSupport.cpp): FLV, probing cut short.
    AVFormatContext *input = avformat_alloc_context();
    if (!input)
        return fail("out of memory");
    input->interrupt_callback = {interruptRead, nullptr};
    input->probesize = 32 * 1024;
    input->max_analyze_duration = 100'000;
    int rc = avformat_open_input(&input, options.url.c_str(), av_find_input_format("flv"), nullptr);
    if (rc < 0)
        return fail("cannot open " + options.url + ": " + avError(rc));
    rc = avformat_find_stream_info(input, nullptr);
    const int video =
        rc < 0 ? rc : av_find_best_stream(input, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (video < 0)
        return fail("no video stream: " + avError(video));
    const AVStream *stream = input->streams[video];
    const AVCodec *codec = avcodec_find_decoder(stream->codecpar->codec_id);
    AVCodecContext *decoder = codec ? avcodec_alloc_context3(codec) : nullptr;
    if (!decoder)
        return fail("no decoder for the video stream");
    rc = avcodec_parameters_to_context(decoder, stream->codecpar);
    decoder->thread_count = 1;
    decoder->thread_type = FF_THREAD_SLICE;
    decoder->pkt_timebase = stream->time_base;
    if (rc >= 0)
        rc = avcodec_open2(decoder, codec, nullptr);
    if (rc < 0)
        return fail("cannot open the decoder: " + avError(rc));

    tjhandle tj = tjInitCompress();
    AVPacket *packet = av_packet_alloc();
    AVFrame *frame = av_frame_alloc();
    if (!tj || !packet || !frame)
        return fail("out of memory");

    unsigned char *jpeg = nullptr;
    unsigned long jpegCapacity = 0;
    double due = -1; // stream time (s) of the next snapshot; set by the first keyframe
    long snapshots = 0;
    int status = 0;
    while (!g_stop) {
        rc = av_read_frame(input, packet);
        if (rc < 0) {
            if (rc != AVERROR_EOF && rc != AVERROR_EXIT)
                status = fail("read: " + avError(rc));
            break;
        }
        const bool key = packet->stream_index == video && (packet->flags & AV_PKT_FLAG_KEY);
        const int64_t pts = packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts;
        const double at = pts == AV_NOPTS_VALUE ? 0 : pts * av_q2d(stream->time_base);
        if (!key || (due >= 0 && at < due)) {
            av_packet_unref(packet);
            continue;
        }
        // A due keyframe: decode it alone, then leave the decoder flushed.
        rc = avcodec_send_packet(decoder, packet);
        av_packet_unref(packet);
        if (rc >= 0) {
            rc = avcodec_receive_frame(decoder, frame);
            if (rc == AVERROR(EAGAIN)) {
                avcodec_send_packet(decoder, nullptr);
                rc = avcodec_receive_frame(decoder, frame);
            }
        }
        avcodec_flush_buffers(decoder);
        if (rc < 0) {
            std::fprintf(stderr, "keyframe_probe: decode: %s\n", avError(rc).c_str());
            continue;
        }
        due = (due < 0 ? at : due) + options.interval;
        while (due <= at)
            due += options.interval;

        TJSAMP samp = TJSAMP_420;
        if (!subsampling(AVPixelFormat(frame->format), &samp)) {
            status = fail(std::string("unsupported pixel format ") +
                          av_get_pix_fmt_name(AVPixelFormat(frame->format)));
            break;
        }
        const unsigned long needed = tjBufSize(frame->width, frame->height, samp);
        if (jpegCapacity < needed) {
            tjFree(jpeg);
            jpeg = tjAlloc(static_cast<int>(needed));
            jpegCapacity = jpeg ? needed : 0;
            if (!jpeg) {
                status = fail("out of memory");
                break;
            }
        }
        const unsigned char *planes[3] = {frame->data[0], frame->data[1], frame->data[2]};
        const int strides[3] = {frame->linesize[0], frame->linesize[1], frame->linesize[2]};
        unsigned long size = jpegCapacity;
        if (tjCompressFromYUVPlanes(tj, planes, frame->width, strides, frame->height, samp, &jpeg,
                                    &size, options.quality, TJFLAG_NOREALLOC) != 0) {
            status = fail(std::string("JPEG: ") + tjGetErrorStr2(tj));
            break;
        }
        av_frame_unref(frame);
        ++snapshots;
        if (!options.outDir.empty()) {
            const std::string path =
                options.outDir + "/probe-" + std::to_string(snapshots) + ".jpg";
            if (!writeFile(path, jpeg, size)) {
                status = fail("cannot write " + path + ": " + std::strerror(errno));
                break;
            }
        }
    }
    std::printf("snapshots %ld\n", snapshots);
    tjFree(jpeg);
    tjDestroy(tj);
    av_frame_free(&frame);
    av_packet_free(&packet);
    avcodec_free_context(&decoder);
    avformat_close_input(&input);
    avformat_network_deinit();
    if (std::fflush(stdout) != 0)
        return 1;
    return status;
}
