#pragma once

#include "capture/ExactFrameDecoder.h"
#include "capture/FrameScaler.h"
#include "capture/JpegEncoder.h"
#include "domain/PictureStats.h"
#include "media/FfmpegSupport.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace livesnap {

// What a decoder needs to know of a stream to decode its keyframes alone: the codec and its
// parameter sets (for H.264, the SPS/PPS a new publisher sends in its sequence header).
// Made by the reader from its stream's AVCodecParameters (with the newest extradata).
struct KeyframeCodec {
    std::shared_ptr<const AVCodecParameters> parameters;
    int timeBaseNum = 1;
    int timeBaseDen = 1000;

    // nullptr when out of memory. extradata replaces the parameters' own when not empty.
    static std::shared_ptr<const KeyframeCodec> make(const AVCodecParameters *parameters,
                                                     const QByteArray &extradata, int timeBaseNum,
                                                     int timeBaseDen);
    // Same codec, size, format and parameter sets: a decoder opened for one decodes the other.
    bool sameDecoderAs(const KeyframeCodec &other) const;
    // A single-threaded decoder for these parameters; nullptr, and *error says why (the codec is
    // not supported, it cannot be opened), when there is none.
    ffmpeg::CodecContextPtr openDecoder(QString *error) const;
};

// One decoded keyframe, encoded once per distinct output (quality and size) asked for.
struct DecodedKeyframe {
    QString error;      // empty on success: the keyframe could not be decoded
    PictureStats stats; // of the decoded picture at the stream's size
    std::vector<std::pair<JpegOutput, JpegResult>> jpegs; // in the order first asked
    int packetsDecoded = 0; // 1 for a keyframe; exact mode: the GOP's packets up to the picture
};

// Decodes due keyframes on a few threads (about one per core) that every stream reader shares,
// instead of a resident decoder per job: a reader hands over a reference to the keyframe
// packet, a thread decodes it alone on its own decoder (reopened only when the stream's codec
// parameters differ from the last keyframe it decoded), measures the picture, encodes it to
// JPEG and calls `done` on that thread. A picture asked for at a smaller size is scaled once per
// size, whatever the number of qualities at that size. Waiting keyframes are decoded oldest first,
// so when the keyframes of many streams coincide none waits behind more than the queue ahead of it.
class KeyframeDecodePool {
    Q_DECLARE_TR_FUNCTIONS(livesnap::KeyframeDecodePool)

public:
    using Done = std::function<void(DecodedKeyframe &&)>;
    struct Request {
        const void *owner = nullptr; // for cancel()
        std::chrono::steady_clock::time_point arrived;
        std::shared_ptr<const KeyframeCodec> codec;
        AVPacket *packet = nullptr; // taken over by submit()
        // Exact capture mode: instead of `packet`, a GOP's packets from its keyframe on, decoded
        // in order up to the first picture presented at or after exactPts (ExactFrameDecoder).
        PacketRefs exactPackets;
        int64_t exactPts = 0;
        std::vector<JpegOutput> outputs;
        Done done;
    };

    explicit KeyframeDecodePool(int threads);
    ~KeyframeDecodePool();
    KeyframeDecodePool(const KeyframeDecodePool &) = delete;
    KeyframeDecodePool &operator=(const KeyframeDecodePool &) = delete;

    // The process's pool, one thread per core; made on first use.
    static KeyframeDecodePool &shared();

    // Never blocks on a decode. The packet is released whether or not it is decoded.
    void submit(Request request);
    // Drops the owner's waiting keyframes (their `done` is not called) and returns once none of
    // its keyframes is being decoded, so the owner may go away.
    void cancel(const void *owner);

    int threadCount() const { return int(m_threads.size()); }
    // Keyframes decoded since the pool started (tests and benchmarks count them).
    quint64 decodedCount() const { return m_decoded.load(std::memory_order_relaxed); }
    // Scaled pictures made since the pool started (one per keyframe and smaller size).
    quint64 scaledCount() const { return m_scaled.load(std::memory_order_relaxed); }
    // Keyframes waiting right now.
    int waitingCount() const;

private:
    struct Slot;
    void runThread(Slot *slot);

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;    // work arrived or stopping
    std::condition_variable m_settled; // a decode finished (for cancel)
    // Oldest first; the counter keeps keyframes that arrived together in submission order.
    std::multimap<std::pair<std::chrono::steady_clock::time_point, quint64>, Request> m_waiting;
    quint64 m_submitted = 0;
    std::vector<const void *> m_busyOwners; // one entry per keyframe being decoded
    bool m_stopping = false;
    std::atomic<quint64> m_decoded{0};
    std::atomic<quint64> m_scaled{0};
    std::vector<std::unique_ptr<Slot>> m_slots;
    std::vector<std::thread> m_threads;
};

} // namespace livesnap
