#pragma once

#include "capture/ExactFrameDecoder.h"

#include <QtGlobal>

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

struct AVPacket;

namespace livesnap {

// The packets of the stream's current GOP, from its keyframe on, kept by a reader while a job
// in exact capture mode needs them (reader thread only). The packets are shared references,
// not copies: a decode handed the GOP so far holds on to them while the reader moves on.
//
// Bounded: a GOP longer than maxPackets or larger than maxBytes is dropped when it reaches
// the cap and nothing is kept until the next keyframe starts a new one; a due moment that
// falls in such a GOP is then taken at that next keyframe (as keyframe mode would take it).
class GopBuffer {
public:
    struct Limits {
        qsizetype maxPackets = 1800;        // a 30 s GOP at 60 fps
        qint64 maxBytes = 64 * 1024 * 1024; // an 8 s GOP at 60 Mbit/s
    };
    // One kept frame (a video packet) and its times.
    struct Frame {
        int64_t pts = 0;  // in the stream's time base
        qint64 ptsMs = 0; // presentation time, stream clock
        // Its presentation time on the wall clock (UTC): the stream clock mapped by the
        // smallest lag (arrival minus decode time) of the GOP's packets, so the network's jitter
        // does not move it and frames keep their spacing.
        qint64 wallMs = 0;
    };
    enum class Added {
        Kept,      // part of the current GOP now
        Skipped,   // no keyframe seen yet (or since the last overflow): not kept
        Overflowed // this packet would pass the cap: the GOP so far is dropped
    };

    explicit GopBuffer(Limits limits);
    GopBuffer()
        : GopBuffer(Limits{})
    {}

    // A video packet in decode order; a keyframe starts a new GOP. Its presentation and decode
    // times in milliseconds on the stream clock, and when it arrived (UTC milliseconds).
    Added add(const AVPacket *packet, qint64 ptsMs, qint64 dtsMs, qint64 arrivedMs, bool key);
    void clear();

    // The kept frame presented first at or after dueMs, once it is known to be that frame:
    // every frame still to come presents at or after its decode time, which is at least the
    // newest decode time seen, so a kept frame at or before that is final. With the GOP
    // complete (its successor's keyframe arrived) pass the maximum. Empty while undecided or
    // when no kept frame is at or after dueMs.
    std::optional<Frame>
    firstAtOrAfter(qint64 dueMs, qint64 newestDtsMs = std::numeric_limits<qint64>::max()) const;
    // The kept packets in decode order, keyframe first, for a decode (shared references).
    PacketRefs packets() const;

    bool holding() const { return !m_entries.empty(); }
    qsizetype packetCount() const { return qsizetype(m_entries.size()); }
    qint64 byteCount() const { return m_bytes; }
    const Limits &limits() const { return m_limits; }

private:
    struct Entry {
        std::shared_ptr<const AVPacket> packet;
        Frame frame;
    };
    Limits m_limits;
    std::vector<Entry> m_entries;
    qint64 m_bytes = 0;
    qint64 m_lagMs = 0; // the smallest arrival minus decode time in the GOP
};

} // namespace livesnap
