#pragma once

// What every FFmpeg reader of a live stream shares: owning pointers for the FFmpeg objects,
// error text, and opening an RTMP input the fast way (forced FLV, a tiny probe) under an
// interrupt callback. Used by the capture worker and the GUI's live preview.

#include "domain/StreamInput.h"

#include <QString>

#include <memory>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswscale/swscale.h>
}

namespace livesnap::ffmpeg {

struct FormatContextCloser {
    void operator()(AVFormatContext *context) const { avformat_close_input(&context); }
};
struct CodecContextFreer {
    void operator()(AVCodecContext *context) const { avcodec_free_context(&context); }
};
struct PacketFreer {
    void operator()(AVPacket *packet) const { av_packet_free(&packet); }
};
struct FrameFreer {
    void operator()(AVFrame *frame) const { av_frame_free(&frame); }
};
struct ScalerFreer {
    void operator()(SwsContext *context) const { sws_freeContext(context); }
};
using FormatContextPtr = std::unique_ptr<AVFormatContext, FormatContextCloser>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextFreer>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFreer>;
using FramePtr = std::unique_ptr<AVFrame, FrameFreer>;
using ScalerPtr = std::unique_ptr<SwsContext, ScalerFreer>;

// av_err2str is a C99 compound literal; this is the C++ spelling.
QString errorText(int code);

// Opens `url` as FLV (RTMP always carries it: naming it skips format probing, which waits for
// 2 KB of stream) with a 32 KB / 100 ms probe, FFmpeg's blocking calls interruptible through
// `interrupt`. Returns 0 and the context in *input, or FFmpeg's negative error code. An
// rtmps:// URL is verified against the system's CAs (a job's input: the overload below).
int openLiveInput(const QString &url, AVIOInterruptCB interrupt, FormatContextPtr *input);
// The same for a job's stream input: its type decides the demuxer and protocol options (rtmp:
// FLV; rtsp: TCP transport; srt: caller mode, MPEG-TS; hls: the hls demuxer), and a
// TLS input is verified unless input.tlsVerify is false (CaFile: the CA bundle to trust).
int openLiveInput(const StreamInput &input, AVIOInterruptCB interrupt, FormatContextPtr *context);

} // namespace livesnap::ffmpeg
