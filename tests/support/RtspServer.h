#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace livesnap::test {

// VLC's RTSP server (cvlc --sout '#rtp{sdp=rtsp://...}') on a free 127.0.0.1 port, looping a
// short H.264 clip (320x240, 15 fps, a keyframe every second) that ffmpeg encodes at start().
// VLC refuses to run as root, so under root it runs as "nobody" (runuser). VLC serves RTP over
// UDP only: it answers a TCP SETUP with "461 Unsupported transport". Errors are values.
class RtspServer {
public:
    RtspServer();
    ~RtspServer();
    RtspServer(const RtspServer &) = delete;
    RtspServer &operator=(const RtspServer &) = delete;

    // Encodes the clip (once), starts VLC and waits until its RTSP port accepts connections.
    bool start(int timeoutMs = 15000);
    void stop();
    bool isRunning();

    quint16 port() const { return m_port; }
    // rtsp://[userInfo@]127.0.0.1:PORT/cam (VLC asks for no credentials, so any are accepted).
    QString url(const QString &userInfo = QString()) const;
    QString errorString() const { return m_error; }
    // What VLC printed, for failure messages.
    QString log() const;

private:
    bool encodeClip();

    QTemporaryDir m_dir;
    QProcess m_vlc;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace livesnap::test
