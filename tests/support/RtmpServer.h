#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>
#include <vector>

namespace livesnap::test {

// One ffmpeg process publishing a synthetic test pattern to an RtmpServer.
// Owned by the RtmpServer that started it; valid until stopPublisher() or the
// server's stop()/destructor.
class RtmpPublisher {
public:
    RtmpPublisher(const QString &stream, const QString &url, const QString &logPath);
    ~RtmpPublisher();
    RtmpPublisher(const RtmpPublisher &) = delete;
    RtmpPublisher &operator=(const RtmpPublisher &) = delete;

    bool start(const QStringList &arguments);
    bool isRunning();
    qint64 processId() const;
    QString stream() const { return m_stream; }
    QString url() const { return m_url; }
    QString errorString() const { return m_error; }
    // What ffmpeg printed (stdout and stderr), for test failure messages.
    QString log() const;

    // SIGTERM: ffmpeg closes the RTMP session in order (an "unpublish").
    void terminate(int timeoutMs = 3000);
    // SIGKILL: the publisher vanishes without a goodbye, like a crashed encoder.
    void kill();
    // SIGSTOP/SIGCONT: the connection stays open but no data flows.
    bool pause();
    bool resume();

private:
    friend class RtmpServer;
    QString m_stream;
    QString m_url;
    QString m_logPath;
    QString m_error;
    QProcess m_process;
    bool m_paused = false;
    qsizetype m_publishesBefore = 0; // nginx's publish count for the stream at start
};

// nginx with the RTMP module on a free 127.0.0.1 port, started from a config in a
// temporary directory (never the system service). Errors are values: start() and
// friends return false and errorString() says why.
class RtmpServer {
public:
    struct PublisherOptions {
        int width = 1280;
        int height = 720;
        int fps = 30;
        int gopSeconds = 2;
        // Added before the output URL, e.g. {"-b:v", "4M"} or {"-t", "10"}.
        QStringList extraArguments;
    };

    RtmpServer();
    ~RtmpServer();
    // Also writes each stream as HLS (1 s segments) and serves it over HTTP (hlsUrl) from the
    // same nginx. Call before start().
    void enableHls() { m_hls = true; }
    RtmpServer(const RtmpServer &) = delete;
    RtmpServer &operator=(const RtmpServer &) = delete;

    // Starts nginx and waits until the port accepts connections.
    bool start(int timeoutMs = 10000);
    // Stops every publisher, then nginx. Safe to call twice.
    void stop();
    bool isRunning();

    quint16 port() const { return m_port; }
    // rtmp://127.0.0.1:PORT/live/STREAM
    QString url(const QString &stream) const;
    // http://127.0.0.1:HTTPPORT/hls/STREAM.m3u8 (enableHls()).
    QString hlsUrl(const QString &stream) const;
    QString errorString() const { return m_error; }
    QString directory() const;
    // nginx's error log (info level: connects, publishes, plays), for failure messages.
    QString errorLog() const;
    // How many players have subscribed to `stream` since the server started (nginx logs each
    // as "play: name='STREAM'"): the connections readers opened to it.
    qsizetype playCount(const QString &stream) const;

    // Publishes testsrc2 (H.264, a keyframe every gopSeconds) to url(stream) with ffmpeg.
    // Returns nullptr (and sets errorString()) when ffmpeg cannot be started.
    RtmpPublisher *startPublisher(const QString &stream, const PublisherOptions &options);
    RtmpPublisher *startPublisher(const QString &stream)
    {
        return startPublisher(stream, PublisherOptions{});
    }
    // Terminates and destroys the publisher.
    void stopPublisher(RtmpPublisher *publisher);
    // Waits until nginx has logged that this publisher's stream is being published
    // (a publish of the same name started before this publisher does not count).
    bool waitForPublishing(RtmpPublisher *publisher, int timeoutMs = 10000);
    // Waits until `stream` has been published at least once since the server started.
    bool waitForPublishing(const QString &stream, int timeoutMs = 10000);

    // SIGSTOP/SIGCONT on nginx: connections stay open, nothing is answered.
    bool stall();
    bool resume();
    bool isStalled() const { return m_stalled; }

private:
    bool startOnce(int timeoutMs);
    bool writeConfig();
    void stopServer();
    bool waitForPublishCount(const QString &stream, qsizetype count, RtmpPublisher *publisher,
                             int timeoutMs);

    QTemporaryDir m_dir;
    QProcess m_nginx;
    quint16 m_port = 0;
    quint16 m_httpPort = 0; // 0: no HLS
    bool m_hls = false;
    bool m_stalled = false;
    int m_publisherCount = 0;
    QString m_error;
    std::vector<std::unique_ptr<RtmpPublisher>> m_publishers;
};

} // namespace livesnap::test
