#pragma once

#include <cstdint>
#include <optional>

namespace livesnap {

// Decides which keyframes become snapshots, on the stream's own clock (milliseconds).
//
// The first keyframe is taken and anchors a grid of slots (anchor + k * interval). A later
// keyframe is taken iff it is at or after the next due slot (kSlotToleranceMs early still
// counts, for timestamp rounding); the slots it overtook are skipped, not queued, so the next
// due slot is the first one after it. A keyframe at or before the last taken one is never
// taken again. A discontinuity (publisher restart, reconnect, 32-bit RTMP timestamp wrap)
// re-anchors the grid on the next keyframe, which is taken.
//
// A timestamp is a discontinuity when it is more than kReorderSlackMs behind the newest
// timestamp seen since the anchor, or more than two intervals ahead of it. Feeding non-key
// packets through onPacket() is optional; it keeps a GOP longer than two intervals from looking
// like a jump and lets a jump be noticed before the next keyframe. Timestamps must be real
// ones: packets without a timestamp (AV_NOPTS_VALUE) are not fed.
//
// requestExtra() (an operator's "snapshot now") has the next keyframe taken whatever the grid
// says; the grid stays as it was.
class KeyframeScheduler {
public:
    struct Decision {
        bool take = false;
        // This keyframe started a grid: the first one seen, or the first after a discontinuity.
        bool reanchored = false;
        // Index of the grid slot this snapshot fills (0 = the anchor); -1 when not taken.
        int64_t slot = -1;
        // Due slots that passed without a keyframe and are dropped (for logging).
        int64_t skippedSlots = 0;
        // Taken only because requestExtra() asked for it (off the grid: slot is -1).
        bool extra = false;
    };

    // A keyframe up to this much before its slot is taken for that slot: millisecond timestamps
    // rounded from 90 kHz or frame-count clocks land a millisecond either side.
    static constexpr int64_t kSlotToleranceMs = 1;
    // B-frame reordering makes non-key presentation timestamps step back by a few frames; only
    // a step back larger than this is a jump.
    static constexpr int64_t kReorderSlackMs = 1000;

    // Callers validate the interval; anything below 1 s is treated as 1 s.
    explicit KeyframeScheduler(int intervalSeconds);

    Decision onKeyframe(int64_t ptsMs);
    void onPacket(int64_t tsMs);
    // Forget the grid, e.g. after reopening the input; the next keyframe anchors anew. A
    // pending extra request stays.
    void reset();
    // Take the next keyframe (once), due or not.
    void requestExtra() { m_extraRequested = true; }
    bool extraRequested() const { return m_extraRequested; }

    int64_t intervalMs() const { return m_intervalMs; }
    std::optional<int64_t> anchorMs() const { return m_anchorMs; }
    // The next due slot, empty before the first keyframe and while a re-anchor is pending.
    std::optional<int64_t> nextDueMs() const;

private:
    bool isDiscontinuity(int64_t tsMs) const;
    Decision anchorAt(int64_t ptsMs);

    int64_t m_intervalMs;
    std::optional<int64_t> m_anchorMs;
    int64_t m_nextDueMs = 0;
    int64_t m_newestSeenMs = 0;
    bool m_reanchorPending = false;
    bool m_extraRequested = false;
};

} // namespace livesnap
