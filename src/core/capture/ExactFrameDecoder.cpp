#include "capture/ExactFrameDecoder.h"

#include "media/FfmpegSupport.h"

extern "C" {
#include <libavcodec/avcodec.h>
}

namespace livesnap {
namespace {

int64_t presentationTime(const AVFrame *frame)
{
    return frame->pts != AV_NOPTS_VALUE ? frame->pts : frame->best_effort_timestamp;
}

} // namespace

ExactFrameDecoder::Result ExactFrameDecoder::decode(AVCodecContext *decoder,
                                                    const PacketRefs &packets, int64_t targetPts,
                                                    AVFrame *frame)
{
    Result result;
    int lastError = 0;
    // Takes the pictures the decoder has ready; true once the wanted one is in `frame`.
    const auto receive = [&]() -> bool {
        for (;;) {
            const int rc = avcodec_receive_frame(decoder, frame);
            if (rc < 0) {
                if (rc != AVERROR(EAGAIN) && rc != AVERROR_EOF)
                    lastError = rc;
                return false;
            }
            const int64_t pts = presentationTime(frame);
            if (pts != AV_NOPTS_VALUE && pts >= targetPts) {
                result.pts = pts;
                return true;
            }
            av_frame_unref(frame); // before the wanted one: decoded only to get there
        }
    };
    // The packets up to the wanted picture's own, in decode order: what it may refer to comes
    // before it. Pictures presented earlier but decoded after it are not needed.
    size_t last = packets.size();
    for (size_t i = 0; i < packets.size(); ++i) {
        const int64_t pts = packets[i]->pts;
        if (pts != AV_NOPTS_VALUE && pts >= targetPts &&
            (last == packets.size() || pts < packets[last]->pts))
            last = i;
    }
    bool found = false;
    for (size_t i = 0; i < packets.size() && i <= last; ++i) {
        const int rc = avcodec_send_packet(decoder, packets[i].get());
        ++result.packetsDecoded;
        // A damaged packet costs its picture (and those referring to it), not the GOP.
        if (rc < 0 && rc != AVERROR(EAGAIN))
            lastError = rc;
        if ((found = receive()))
            break;
    }
    if (!found) {
        // The decoder holds pictures back to reorder them: draining gives them out.
        avcodec_send_packet(decoder, nullptr);
        found = receive();
    }
    avcodec_flush_buffers(decoder);
    if (!found) {
        av_frame_unref(frame);
        result.error = lastError < 0 ? ffmpeg::errorText(lastError)
                                     : tr("the decoder returned no picture at or after the "
                                          "due time");
    }
    return result;
}

} // namespace livesnap
