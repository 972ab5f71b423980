#pragma once

#include <QCoreApplication>
#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

struct AVCodecContext;
struct AVFrame;
struct AVPacket;

namespace livesnap {

// A GOP's packets in decode order, keyframe first (shared references to the reader's).
using PacketRefs = std::vector<std::shared_ptr<const AVPacket>>;

// Exact capture mode's decode: forward from a GOP's keyframe to the picture wanted.
class ExactFrameDecoder {
    Q_DECLARE_TR_FUNCTIONS(livesnap::ExactFrameDecoder)

public:
    struct Result {
        QString error;          // empty on success
        int packetsDecoded = 0; // packets sent to the decoder (the decode work done)
        int64_t pts = 0;        // the picture's presentation time (stream time base)
    };

    // Sends `packets` in order to a flushed decoder, up to the packet of the first picture
    // presented at or after `targetPts` (packets decoded after it are not sent), drains the
    // decoder (with B-frames it holds pictures back) and leaves that picture in `frame`. Leaves
    // the decoder flushed, so the next decode starts afresh.
    static Result decode(AVCodecContext *decoder, const PacketRefs &packets, int64_t targetPts,
                         AVFrame *frame);
};

} // namespace livesnap
