// CaptureWorker's exact capture mode (CaptureMode exact): the reader-thread side that keeps
// the current GOP and hands the frames due moments resolve to to the decode pool. Apart from
// CaptureWorker.cpp because it is a responsibility of its own (and that file's size).
#include "capture/CaptureWorker.h"

#include "capture/GopBuffer.h"
#include "common/Logging.h"

#include <algorithm>
#include <utility>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/mathematics.h>
}

namespace livesnap {

void CaptureWorker::captureExact(GopBuffer &gop, const std::shared_ptr<const KeyframeCodec> &codec,
                                 const AVStream *stream, const AVPacket *packet, qint64 dtsMs,
                                 qint64 wallMs, bool key)
{
    const qint64 ptsMs = packet->pts == AV_NOPTS_VALUE
                             ? dtsMs
                             : av_rescale_q(packet->pts, stream->time_base, AVRational{1, 1000});
    // One decode per frame taken, for every exact subscriber that takes it.
    struct Job {
        GopBuffer::Frame frame;
        PacketRefs packets;
        std::vector<Taker> takers;
    };
    std::vector<Job> jobs;
    const auto collect = [&jobs](const Subscriber &subscriber,
                                 const std::vector<ExactScheduler::Take> &takes,
                                 const GopBuffer &from) {
        for (const ExactScheduler::Take &take : takes) {
            qCDebug(lcCapture).noquote()
                << "job" << subscriber.jobId << "takes the frame at" << take.frame.ptsMs << "ms for"
                << take.dueMs << "ms" << (take.reanchored ? "(anchor)" : "")
                << (take.extra ? "(asked for)" : "") << "skipped" << take.skippedSlots;
            auto job = std::find_if(jobs.begin(), jobs.end(), [&take](const Job &j) {
                return j.frame.pts == take.frame.pts;
            });
            if (job == jobs.end())
                job = jobs.insert(jobs.end(), Job{take.frame, from.packets(), {}});
            job->takers.push_back({subscriber.jobId, subscriber.output, take.extra});
        }
    };
    {
        const std::lock_guard lock(m_subscribersMutex);
        if (std::none_of(m_subscribers.cbegin(), m_subscribers.cend(),
                         [](const Subscriber &s) { return s.exact.has_value(); })) {
            gop.clear(); // kept only while an exact subscriber needs it
            return;
        }
        if (key) {
            // The GOP before this keyframe is complete: due moments its frames reach are taken.
            for (Subscriber &subscriber : m_subscribers) {
                if (subscriber.exact)
                    collect(subscriber, subscriber.exact->onGopEnd(gop), gop);
            }
        }
        if (gop.add(packet, ptsMs, dtsMs, wallMs, key) == GopBuffer::Added::Overflowed) {
            qCWarning(lcCapture).noquote()
                << "stream" << m_maskedUrl
                << QStringLiteral("GOP longer than %1 packets or %2 MiB: not kept; exact "
                                  "snapshots due in it are taken at the next keyframe")
                       .arg(gop.limits().maxPackets)
                       .arg(gop.limits().maxBytes / (1024 * 1024));
        }
        for (Subscriber &subscriber : m_subscribers) {
            if (!subscriber.exact)
                continue;
            if (std::exchange(subscriber.snapshotRequested, false))
                subscriber.exact->requestExtra();
            collect(subscriber, subscriber.exact->onPacket(gop, ptsMs, dtsMs, key), gop);
        }
    }
    for (Job &job : jobs) {
        decodeFor(std::move(job.takers), codec, packet, job.frame.wallMs, job.frame.ptsMs,
                  std::move(job.packets), job.frame.pts);
    }
}

} // namespace livesnap
