#pragma once

#include "capture/GopBuffer.h"
#include "capture/KeyframeScheduler.h"

#include <QString>
#include <QtGlobal>

#include <optional>
#include <vector>

namespace livesnap {

// When a job in exact capture mode takes its snapshots (reader thread only): on the same grid
// as keyframe mode (anchored on the first keyframe, which is taken, and re-anchored after a
// discontinuity), but each due moment is filled by the first frame presented at or after it,
// found in the reader's GopBuffer, instead of by the next keyframe. requestExtra() ("snapshot
// now") takes the frame presented at or after the newest packet's time.
class ExactScheduler {
public:
    struct Take {
        GopBuffer::Frame frame;
        qint64 dueMs = 0;
        bool extra = false;       // asked for, off the grid
        bool reanchored = false;  // the grid's anchor
        int64_t skippedSlots = 0; // due moments that passed untaken (for logging)
    };

    explicit ExactScheduler(int intervalSeconds);
    // A scheduler for a job in CaptureMode `mode`: none unless it is "exact".
    static std::optional<ExactScheduler> forMode(const QString &mode, int intervalSeconds);

    // The GOP in `gop` is complete (a keyframe is about to start the next one): the due moments
    // its frames reach are taken from it.
    std::vector<Take> onGopEnd(const GopBuffer &gop);
    // A video packet was offered to `gop` (kept or not): its presentation and decode times in
    // milliseconds on the stream clock.
    std::vector<Take> onPacket(const GopBuffer &gop, qint64 ptsMs, qint64 dtsMs, bool key);
    // The next packet's time becomes a due moment of its own (once); the grid stays.
    void requestExtra() { m_extraRequested = true; }
    // Forget the grid (a restarted stream clock); the next keyframe anchors anew.
    void reset();

    // The due moments waited for (the anchor or an extra one first, then the grid's).
    std::optional<qint64> pendingMs() const { return m_pendingMs; }
    std::optional<qint64> nextDueMs() const { return m_grid.nextDueMs(); }

private:
    std::vector<Take> takes(const GopBuffer &gop, qint64 newestDtsMs);

    KeyframeScheduler m_grid;
    std::optional<qint64> m_pendingMs; // the anchor frame's time or an extra due moment
    bool m_pendingIsExtra = false;
    bool m_extraRequested = false;
};

} // namespace livesnap
