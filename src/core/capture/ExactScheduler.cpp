#include "capture/ExactScheduler.h"

#include <limits>

namespace livesnap {

ExactScheduler::ExactScheduler(int intervalSeconds)
    : m_grid(intervalSeconds)
{}

std::optional<ExactScheduler> ExactScheduler::forMode(const QString &mode, int intervalSeconds)
{
    if (mode != QLatin1String("exact"))
        return std::nullopt;
    return ExactScheduler(intervalSeconds);
}

std::vector<ExactScheduler::Take> ExactScheduler::onGopEnd(const GopBuffer &gop)
{
    return takes(gop, std::numeric_limits<qint64>::max());
}

std::vector<ExactScheduler::Take> ExactScheduler::onPacket(const GopBuffer &gop, qint64 ptsMs,
                                                           qint64 dtsMs, bool key)
{
    // Continuity on decode times (they only grow); a jump leaves the grid waiting for a keyframe.
    m_grid.onPacket(dtsMs);
    if (key && !m_grid.nextDueMs()) {
        // The first keyframe, or the first after a discontinuity: it anchors the grid on its
        // presentation time and is itself the snapshot.
        m_grid.onKeyframe(ptsMs);
        m_pendingMs = ptsMs;
        m_pendingIsExtra = false;
        m_extraRequested = false;
    } else if (m_extraRequested && !m_pendingMs) {
        m_extraRequested = false;
        m_pendingMs = dtsMs;
        m_pendingIsExtra = true;
    }
    return takes(gop, dtsMs);
}

void ExactScheduler::reset()
{
    m_grid.reset();
    if (m_pendingMs && m_pendingIsExtra)
        m_extraRequested = true; // asked for: still wanted after the re-anchor
    m_pendingMs.reset();
}

std::vector<ExactScheduler::Take> ExactScheduler::takes(const GopBuffer &gop, qint64 newestDtsMs)
{
    std::vector<Take> out;
    if (m_pendingMs) {
        if (const auto frame = gop.firstAtOrAfter(*m_pendingMs, newestDtsMs)) {
            Take take{*frame, *m_pendingMs, m_pendingIsExtra, !m_pendingIsExtra, 0};
            m_pendingMs.reset();
            out.push_back(take);
        }
    }
    const std::optional<int64_t> due = m_grid.nextDueMs();
    if (!due)
        return out;
    // A frame up to kSlotToleranceMs early fills the slot (millisecond rounding), as in
    // keyframe mode.
    const auto frame =
        gop.firstAtOrAfter(qint64(*due) - KeyframeScheduler::kSlotToleranceMs, newestDtsMs);
    if (!frame)
        return out;
    const KeyframeScheduler::Decision decision = m_grid.onKeyframe(frame->ptsMs);
    if (!decision.take)
        return out;
    if (!out.empty() && out.back().frame.ptsMs == frame->ptsMs) {
        out.back().extra = false; // the extra one and the due one are the same frame
        return out;
    }
    out.push_back(Take{*frame, qint64(*due), false, decision.reanchored, decision.skippedSlots});
    return out;
}

} // namespace livesnap
