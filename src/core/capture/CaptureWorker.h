#pragma once

#include "domain/CapturedSnapshot.h"

#include <QByteArray>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace livesnap {

class JpegEncoder;
class KeyframeScheduler;

// What one capture worker needs to run one job.
struct CaptureOptions {
    QString jobId;
    QString url; // rtmp:// or rtmps://, may carry auth tokens: never log it unmasked
    int intervalSeconds = 5;
    int jpegQuality = 85;
    int openTimeoutMs = 10000; // connect + handshake + first probe
    int stallTimeoutMs = 8000; // no packet for this long: reconnect
    int minBackoffMs = 1000;   // reconnect backoff 1, 2, 4 … max
    int maxBackoffMs = 30000;
    int liveResetMs = 60000; // backoff resets after this long live
};

// Reads one RTMP stream with libavformat on the thread it runs on, and turns the due
// keyframes into JPEGs: demux every packet, decode only the keyframe the KeyframeScheduler
// says is due (send it alone, drain, flush), encode its YUV planes with JpegEncoder.
// Reconnects with backoff; reports its stream state. run() blocks until requestStop().
class CaptureWorker : public QObject {
    Q_OBJECT

public:
    explicit CaptureWorker(CaptureOptions options, QObject *parent = nullptr);
    ~CaptureWorker() override;

    // Thread-safe; run() returns within a second, even while the server stalls.
    void requestStop();
    bool stopRequested() const { return m_stop.load(std::memory_order_relaxed); }
    // Thread-safe, never blocks: the next keyframe becomes a snapshot too, due or not (the
    // schedule stays); asked again before then, still one.
    void requestSnapshot() { m_snapshotRequested.store(true, std::memory_order_relaxed); }

public slots:
    void run();

signals:
    // Emitted on the worker's thread; connect with Qt::DirectConnection to spool right there.
    // snapshot.stats measure the decoded picture (for the stream health judge).
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
    SessionEnd runSession(KeyframeScheduler &scheduler, JpegEncoder &encoder);
    void setState(const QString &state, const QString &error);
    // Sleeps up to ms; false when a stop was requested.
    bool waitBackoff(int ms);
    // The deadline the interrupt callback enforces on the next blocking FFmpeg call.
    void armDeadline(std::chrono::steady_clock::time_point deadline);
    static int interruptCallback(void *opaque);

    CaptureOptions m_options;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_snapshotRequested{false};
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
    QString m_state;
    QString m_error;
};

} // namespace livesnap

Q_DECLARE_METATYPE(livesnap::CapturedSnapshot)
