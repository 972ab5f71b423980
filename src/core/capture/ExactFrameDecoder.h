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

    // Sends `packets` in order to a flushed decoder until a picture presented at or after
    // `targetPts` comes out (draining the decoder when the packets run out: with B-frames the
    // picture may be held back), and leaves that picture in `frame`. Packets after it are not
    // decoded. Leaves the decoder flushed, so the next decode starts afresh.
    static Result decode(AVCodecContext *decoder, const PacketRefs &packets, int64_t targetPts,
                         AVFrame *frame);
};

} // namespace livesnap
