// CaptureWorker's hand-over of due frames to the shared decode pool and of the JPEGs it made to
// the jobs that took them (on the pool's thread). Apart from CaptureWorker.cpp, which reads the
// stream, for that file's size.
#include "capture/CaptureWorker.h"

#include "capture/KeyframeDecodePool.h"
#include "common/Logging.h"
#include "common/UrlMasking.h"

#include <QDateTime>

#include <algorithm>
#include <utility>

extern "C" {
#include <libavcodec/avcodec.h>
}

namespace livesnap {

namespace {
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
} // namespace

void CaptureWorker::decodeFor(std::vector<Taker> takers,
                              const std::shared_ptr<const KeyframeCodec> &codec,
                              const AVPacket *packet, qint64 wallMs, qint64 tsMs,
                              PacketRefs exactPackets, int64_t exactPts)
{
    KeyframeDecodePool::Request request;
    request.owner = this;
    request.arrived = Clock::now();
    request.codec = codec;
    request.exactPackets = std::move(exactPackets);
    request.exactPts = exactPts;
    request.packet = request.exactPackets.empty() ? av_packet_clone(packet) : nullptr;
    if (!request.packet && request.exactPackets.empty()) {
        qCWarning(lcCapture).noquote()
            << "stream" << m_maskedUrl << "out of memory for the keyframe at" << tsMs << "ms";
        return;
    }
    for (const Taker &taker : takers)
        request.outputs.push_back(taker.output);
    const auto arrived = request.arrived;
    // Runs on a pool thread; cancel() in run() keeps it from outliving this worker.
    request.done = [this, takers = std::move(takers), wallMs, tsMs,
                    arrived](DecodedKeyframe &&decoded) {
        const std::lock_guard delivering(m_deliveryMutex);
        if (!decoded.error.isEmpty()) {
            qCWarning(lcCapture).noquote()
                << "stream" << m_maskedUrl << "cannot decode the keyframe at" << tsMs
                << "ms:" << maskSecretsInText(decoded.error);
            // An operator asked: the next keyframe then.
            for (const Taker &taker : takers) {
                if (taker.extra)
                    requestSnapshot(taker.jobId);
            }
            return;
        }
        const qint64 encodedMs = QDateTime::currentMSecsSinceEpoch();
        qCDebug(lcCapture).noquote()
            << "stream" << m_maskedUrl << "keyframe at" << tsMs << "ms decoded once for"
            << takers.size() << "job(s) in"
            << std::chrono::duration_cast<milliseconds>(Clock::now() - arrived).count()
            << "ms, luma" << qRound(decoded.stats.meanLuma) << "spread"
            << qRound(decoded.stats.lumaSpread);
        for (const Taker &taker : takers) {
            {
                const std::lock_guard lock(m_subscribersMutex);
                if (std::none_of(m_subscribers.cbegin(), m_subscribers.cend(),
                                 [&taker](const Subscriber &s) { return s.jobId == taker.jobId; }))
                    continue; // it left while its keyframe was decoded
            }
            const auto jpeg =
                std::find_if(decoded.jpegs.cbegin(), decoded.jpegs.cend(),
                             [&taker](const auto &j) { return j.first == taker.output; });
            if (jpeg == decoded.jpegs.cend() || !jpeg->second.ok()) {
                qCWarning(lcCapture).noquote()
                    << "job" << taker.jobId << "cannot encode the keyframe at" << tsMs << "ms:"
                    << (jpeg == decoded.jpegs.cend() ? QString()
                                                     : maskSecretsInText(jpeg->second.error));
                continue;
            }
            CapturedSnapshot snapshot;
            snapshot.jobId = taker.jobId;
            snapshot.wallMs = wallMs;
            snapshot.streamMs = tsMs;
            snapshot.jpeg = jpeg->second.jpeg;
            snapshot.width = jpeg->second.width;
            snapshot.height = jpeg->second.height;
            snapshot.encodedMs = encodedMs;
            snapshot.stats = decoded.stats;
            emit snapshotTaken(snapshot);
        }
    };
    m_pool->submit(std::move(request));
}

} // namespace livesnap
