#include "capture/KeyframeScheduler.h"

#include <algorithm>

namespace livesnap {

KeyframeScheduler::KeyframeScheduler(int intervalSeconds)
    : m_intervalMs(int64_t{std::max(1, intervalSeconds)} * 1000)
{}

KeyframeScheduler::Decision KeyframeScheduler::onKeyframe(int64_t ptsMs)
{
    if (!m_anchorMs || m_reanchorPending || isDiscontinuity(ptsMs))
        return anchorAt(ptsMs);

    m_newestSeenMs = std::max(m_newestSeenMs, ptsMs);
    const int64_t effectiveMs = ptsMs + kSlotToleranceMs;
    if (effectiveMs < m_nextDueMs) {
        if (!m_extraRequested)
            return {};
        m_extraRequested = false;
        Decision extra;
        extra.take = true;
        extra.extra = true;
        return extra;
    }
    m_extraRequested = false;

    // Both are >= 1 here because m_nextDueMs is at least one interval past the anchor.
    const int64_t slot = (effectiveMs - *m_anchorMs) / m_intervalMs;
    const int64_t dueSlot = (m_nextDueMs - *m_anchorMs) / m_intervalMs;
    m_nextDueMs = *m_anchorMs + (slot + 1) * m_intervalMs;
    return Decision{true, false, slot, slot - dueSlot};
}

void KeyframeScheduler::onPacket(int64_t tsMs)
{
    // Before the first keyframe there is no grid to protect.
    if (!m_anchorMs)
        return;
    if (isDiscontinuity(tsMs)) {
        // Restart continuity tracking from here so the packets after the jump are not all jumps;
        // the grid itself moves at the next keyframe.
        m_reanchorPending = true;
        m_newestSeenMs = tsMs;
        return;
    }
    m_newestSeenMs = std::max(m_newestSeenMs, tsMs);
}

void KeyframeScheduler::reset()
{
    m_anchorMs.reset();
    m_nextDueMs = 0;
    m_newestSeenMs = 0;
    m_reanchorPending = false;
}

std::optional<int64_t> KeyframeScheduler::nextDueMs() const
{
    if (!m_anchorMs || m_reanchorPending)
        return std::nullopt;
    return m_nextDueMs;
}

bool KeyframeScheduler::isDiscontinuity(int64_t tsMs) const
{
    return tsMs < m_newestSeenMs - kReorderSlackMs || tsMs > m_newestSeenMs + 2 * m_intervalMs;
}

KeyframeScheduler::Decision KeyframeScheduler::anchorAt(int64_t ptsMs)
{
    m_anchorMs = ptsMs;
    m_nextDueMs = ptsMs + m_intervalMs;
    m_newestSeenMs = ptsMs;
    m_reanchorPending = false;
    m_extraRequested = false;
    return Decision{true, true, 0, 0};
}

} // namespace livesnap
