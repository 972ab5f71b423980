#include "capture/GopBuffer.h"

#include <algorithm>

extern "C" {
#include <libavcodec/packet.h>
#include <libavutil/avutil.h>
}

namespace livesnap {

GopBuffer::GopBuffer(Limits limits)
    : m_limits(limits)
{}

GopBuffer::Added GopBuffer::add(const AVPacket *packet, qint64 ptsMs, qint64 dtsMs,
                                qint64 arrivedMs, bool key)
{
    if (key)
        clear();
    else if (m_entries.empty())
        return Added::Skipped;
    if (qsizetype(m_entries.size()) >= m_limits.maxPackets ||
        m_bytes + packet->size > m_limits.maxBytes) {
        clear();
        return Added::Overflowed;
    }
    // A new reference to the same data: no copy.
    std::shared_ptr<const AVPacket> ref(av_packet_clone(packet),
                                        [](AVPacket *p) { av_packet_free(&p); });
    if (!ref) {
        clear(); // out of memory: as if past the cap
        return Added::Overflowed;
    }
    const int64_t pts = packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts;
    const qint64 lagMs = arrivedMs - dtsMs;
    m_lagMs = m_entries.empty() ? lagMs : std::min(m_lagMs, lagMs);
    m_entries.push_back({std::move(ref), Frame{pts, ptsMs, 0}});
    m_bytes += packet->size;
    return Added::Kept;
}

void GopBuffer::clear()
{
    m_entries.clear();
    m_bytes = 0;
}

std::optional<GopBuffer::Frame> GopBuffer::firstAtOrAfter(qint64 dueMs, qint64 newestDtsMs) const
{
    const Entry *first = nullptr;
    for (const Entry &entry : m_entries) {
        if (entry.frame.ptsMs >= dueMs && (!first || entry.frame.ptsMs < first->frame.ptsMs))
            first = &entry;
    }
    if (!first || first->frame.ptsMs > newestDtsMs)
        return std::nullopt;
    Frame frame = first->frame;
    frame.wallMs = frame.ptsMs + m_lagMs;
    return frame;
}

PacketRefs GopBuffer::packets() const
{
    PacketRefs refs;
    refs.reserve(m_entries.size());
    for (const Entry &entry : m_entries)
        refs.push_back(entry.packet);
    return refs;
}

} // namespace livesnap
