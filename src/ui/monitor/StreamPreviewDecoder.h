#pragma once

#include <QObject>
#include <QSize>
#include <QString>
#include <QVideoFrame>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

class QThread;
class QVideoSink;
struct AVIOInterruptCB;

namespace livesnap::ui {

// Plays one RTMP stream for a live preview: libavformat reads it (forced FLV, a small probe,
// deadlines and Stop through the interrupt callback, as the capture worker does), libavcodec
// decodes every frame and swscale turns it into BGRX (QVideoFrameFormat::Format_BGRX8888, the
// memory layout of QImage::Format_RGB32) at most maxWidth wide. run() blocks on the thread it
// runs on until requestStop(); it reconnects after an error until then.
//
// Frames go through a one-frame mailbox: the decoder replaces a frame nobody took yet, so a
// slow GUI sees the newest picture and the backlog never grows.
class StreamPreviewDecoder : public QObject {
    Q_OBJECT

    struct Control;

public:
    // Asks a decoder to stop without touching it, so it stays safe to use after the decoder
    // (running on its own thread) has deleted itself.
    class StopHandle {
    public:
        StopHandle() = default;
        void requestStop() const;
        // Ends the wait between a failed session and the next: connects again at once.
        void requestRetry() const;
        bool isNull() const { return !m_control; }

    private:
        friend class StreamPreviewDecoder;
        std::shared_ptr<Control> m_control;
    };

    struct Options {
        QString url;    // may carry auth tokens: only ever shown or logged masked
        QString caFile; // the job's StreamInput.CaFile and TlsVerify (TLS URLs)
        bool tlsVerify = true;
        int maxWidth = 960;
        int openTimeoutMs = 10000; // connect, handshake and the first video packet
        int stallTimeoutMs = 8000; // no packet for this long: reconnect
        int retryDelayMs = 3000;   // between a failed session and the next
    };

    explicit StreamPreviewDecoder(Options options, QObject *parent = nullptr);
    ~StreamPreviewDecoder() override;

    // Thread-safe. run() returns within a few hundred ms, even while the server hangs.
    void requestStop();
    bool stopRequested() const;
    StopHandle stopHandle() const;

    // Thread-safe: the newest decoded frame nobody took yet (invalid when there is none).
    QVideoFrame takeFrame();

    // Shows every frame in `sink`, on the sink's thread. Safe after the decoder is gone.
    void connectSink(QVideoSink *sink);

    // Moves this decoder to a new thread named "preview" and runs it there. When run() ends
    // the thread quits and the thread and the decoder delete themselves; stopping is
    // requestStop(), which never blocks. If the application quits first it waits for them.
    // Returns the thread (valid until it finishes), e.g. to watch its finished().
    QThread *startOnOwnThread();

public slots:
    void run();

signals:
    // All emitted on the decoder's thread.
    void connecting();
    // Connected to the server; now waiting for the first picture (a server with nothing
    // published on the stream's name stays here until openTimeoutMs ends the session).
    void connected();
    // The first frame of a session arrived; frames are `frameSize` (after scaling).
    void playing(QSize frameSize);
    // A frame is waiting in the mailbox (sent once until it is taken).
    void frameReady();
    // A session failed (masked, human-readable); it is retried after retryDelayMs.
    void errorOccurred(const QString &message);
    void finished();

private:
    struct Mailbox {
        std::mutex mutex;
        QVideoFrame frame;
    };
    // Shared, so a stop can be requested without touching a decoder that may be gone.
    struct Control {
        std::atomic<bool> stop{false};
        bool retry = false; // under mutex
        std::mutex mutex;
        std::condition_variable wake;
        void requestStop();
        void requestRetry();
    };

    // One connection; returns why it ended (empty when stopped).
    QString runSession();
    // Connects to an RTMP URL's server over TCP: 1 when it answered, 0 when not an RTMP URL,
    // an AVERROR when it could not connect.
    int probeServer(const AVIOInterruptCB &interrupt);
    bool waitRetry(int ms);
    void armDeadline(std::chrono::steady_clock::time_point deadline);
    static int interruptCallback(void *opaque);
    void post(const QVideoFrame &frame);

    Options m_options;
    std::shared_ptr<Mailbox> m_mailbox;
    std::shared_ptr<Control> m_control;
    // Decoder-thread only.
    std::chrono::steady_clock::time_point m_deadline{};
    bool m_deadlinePassed = false;
};

} // namespace livesnap::ui
