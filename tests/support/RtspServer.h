#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace livesnap::test {

// VLC's RTSP server (cvlc --sout '#rtp{sdp=rtsp://...}') on a free 127.0.0.1 port, streaming a
// live 320x240 H.264 test pattern (15 fps, a keyframe every second) that ffmpeg encodes into
// VLC's standard input as MPEG-TS. (A looped file would not do: VLC ends the RTSP session with
// an RTCP BYE at every loop.) VLC refuses to run as root, so under root it runs as "nobody"
// (runuser). VLC serves RTP over UDP only: it answers a TCP SETUP with "461 Unsupported
// transport". Errors are values.
class RtspServer {
public:
    RtspServer();
    ~RtspServer();
    RtspServer(const RtspServer &) = delete;
    RtspServer &operator=(const RtspServer &) = delete;

    // Starts the encoder and VLC (on the port of the last start, if any) and waits until VLC's
    // RTSP port accepts connections.
    bool start(int timeoutMs = 15000);
    void stop();
    bool isRunning();

    quint16 port() const { return m_port; }
    // rtsp://[userInfo@]127.0.0.1:PORT/cam (VLC asks for no credentials, so any are accepted).
    QString url(const QString &userInfo = QString()) const;
    QString errorString() const { return m_error; }
    // What VLC and the encoder printed, for failure messages.
    QString log() const;

private:
    QTemporaryDir m_dir;
    QProcess m_encoder;
    QProcess m_vlc;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace livesnap::test
