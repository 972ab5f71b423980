#pragma once

#include "capture/ExactScheduler.h"
#include "capture/JpegEncoder.h"
#include "capture/KeyframeScheduler.h"
#include "domain/CapturedSnapshot.h"
#include "domain/StreamInput.h"

#include <QByteArray>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <QSet>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <list>
#include <memory>
#include <mutex>
#include <optional>

struct AVPacket;
struct AVStream;

namespace livesnap {

class KeyframeDecodePool;
struct KeyframeCodec;

// One job on a reader: its schedule and what its snapshots look like.
struct SubscriberOptions {
    QString jobId;
    int intervalSeconds = 5;
    int jpegQuality = 85; // 1-100 (the engine setting when the template has none)
    int width = 0;        // output size; 0 keeps the stream's (see SnapshotTemplate)
    int height = 0;
    QString captureMode = QStringLiteral("keyframe"); // keyframe | exact
};

// What one capture worker needs to read one stream (and, with a jobId, its first job).
struct CaptureOptions {
    QString jobId; // the first subscriber; empty: none until addSubscriber()
    QString url;   // may carry auth tokens: never log it unmasked
    QString streamType = QStringLiteral("rtmp"); // StreamInput.Type
    QString caFile;                              // StreamInput.CaFile
    bool tlsVerify = true;                       // StreamInput.TlsVerify
    int intervalSeconds = 5;                     // this and the next four: the first subscriber's
    int jpegQuality = 85;
    int width = 0;
    int height = 0;
    QString captureMode = QStringLiteral("keyframe");
    KeyframeDecodePool *decodePool = nullptr; // nullptr: KeyframeDecodePool::shared()
    int openTimeoutMs = 10000;                // connect + handshake + first probe
    int stallTimeoutMs = 8000;                // no packet for this long: reconnect
    int minBackoffMs = 1000;                  // reconnect backoff 1, 2, 4 … max
    int maxBackoffMs = 30000;
    int liveResetMs = 60000; // backoff resets after this long live

    StreamInput streamInput() const { return StreamInput{streamType, url, caFile, tlsVerify}; }
    SubscriberOptions subscriber() const
    {
        return SubscriberOptions{jobId, intervalSeconds, jpegQuality, width, height, captureMode};
    }
};

// Reads one RTMP stream with libavformat on the thread it runs on, for every job subscribed to
// it: one connection however many jobs. Each subscriber has its own KeyframeScheduler; a
// keyframe due for any of them is decoded once (alone, on the shared KeyframeDecodePool) and
// encoded once per JPEG quality, and each job that wanted it gets its snapshot. A job in
// CaptureMode exact has an ExactScheduler instead: while one exists the reader keeps the
// current GOP (GopBuffer) and the pool decodes forward from its keyframe to the due frame
// (CaptureWorkerExact.cpp). Reconnects with backoff; reports its stream state to every
// subscriber. run() blocks until requestStop().
class CaptureWorker : public QObject {
    Q_OBJECT

public:
    explicit CaptureWorker(CaptureOptions options, QObject *parent = nullptr);
    ~CaptureWorker() override;

    // Thread-safe; run() returns within a second, even while the server stalls.
    void requestStop();
    bool stopRequested() const { return m_stop.load(std::memory_order_relaxed); }
    // Thread-safe, never blocks: the next keyframe (exact mode: the frame at that moment)
    // becomes a snapshot too, due or not (the schedule stays); asked again before then, still
    // one. Without a job id: for every job.
    void requestSnapshot(const QString &jobId = QString());

    // Thread-safe. A job joining a live stream gets the state at once and its first snapshot
    // at the next keyframe; its schedule is its own.
    void addSubscriber(const SubscriberOptions &subscriber);
    // Thread-safe. Once it returns no snapshot of the job is emitted any more (one being handed
    // over is finished first). False when the job was not subscribed.
    bool removeSubscriber(const QString &jobId);
    int subscriberCount() const;

public slots:
    void run();

signals:
    // Emitted on the worker's thread; connect with Qt::DirectConnection to spool right there.
    // snapshot.stats measure the decoded picture (for the stream health judge).
    // May come from a KeyframeDecodePool thread.
    void snapshotTaken(const livesnap::CapturedSnapshot &snapshot);
    // state: connecting | live | reconnecting | failed; error is human-readable, tokens masked.
    void streamStateChanged(const QString &jobId, const QString &state, const QString &error);
    void finished();

private:
    // How one connection ended.
    struct SessionEnd {
        QString error;      // human-readable, masked
        bool fatal = false; // the stream cannot be captured as it is (no video, no decoder)
        qint64 liveMs = 0;  // how long the session was live
    };
    struct Subscriber {
        QString jobId;
        JpegOutput output;
        KeyframeScheduler scheduler; // reader thread only
        bool snapshotRequested = false;
        std::optional<ExactScheduler> exact; // capture mode exact: replaces `scheduler`
    };
    struct Taker {
        QString jobId;
        JpegOutput output;
        bool extra = false;
    };
    SessionEnd runSession();
    // The subscribers whose schedule takes this keyframe (reader thread).
    std::vector<Taker> takersOf(qint64 tsMs, bool key);
    // Exact capture mode (reader thread): keeps the GOP in `gop` while an exact subscriber
    // exists and hands each frame a due moment resolved to, with the GOP up to here, to the
    // pool (once for all the subscribers that take it).
    void captureExact(GopBuffer &gop, const std::shared_ptr<const KeyframeCodec> &codec,
                      const AVStream *stream, const AVPacket *packet, qint64 dtsMs, qint64 wallMs,
                      bool key);
    void resetSchedules();
    void decodeFor(std::vector<Taker> takers, const std::shared_ptr<const KeyframeCodec> &codec,
                   const AVPacket *packet, qint64 wallMs, qint64 tsMs, PacketRefs exactPackets = {},
                   int64_t exactPts = 0);
    void setState(const QString &state, const QString &error);
    // Sleeps up to ms; false when a stop was requested.
    bool waitBackoff(int ms);
    // The deadline the interrupt callback enforces on the next blocking FFmpeg call.
    void armDeadline(std::chrono::steady_clock::time_point deadline);
    static int interruptCallback(void *opaque);

    CaptureOptions m_options;
    KeyframeDecodePool *m_pool;
    QString m_maskedUrl;
    std::atomic<bool> m_stop{false};
    mutable std::mutex m_subscribersMutex; // guards m_subscribers, m_state, m_error
    std::list<Subscriber> m_subscribers;
    // Held while snapshots are handed out, so removeSubscriber() can wait for one in progress.
    std::mutex m_deliveryMutex;
    std::mutex m_waitMutex;
    std::condition_variable m_wake;

    // Worker-thread only.
    // The newest video timestamp and when it came, kept across sessions: a reconnect whose
    // stream clock lags far behind the wall clock met a restarted publisher.
    struct ClockMark {
        bool valid = false;
        qint64 streamMs = 0;
        std::chrono::steady_clock::time_point at{};
    };
    ClockMark m_lastVideo;
    std::chrono::steady_clock::time_point m_deadline{};
    bool m_deadlinePassed = false;
    QString m_state; // guarded by m_subscribersMutex
    QString m_error;
};

} // namespace livesnap

Q_DECLARE_METATYPE(livesnap::CapturedSnapshot)
