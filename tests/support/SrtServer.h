#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace livesnap::test {

// An encoder pushing SRT the way many do: ffmpeg in SRT listener mode on a free 127.0.0.1 UDP
// port, sending a synthetic 320x240 H.264 test pattern (15 fps, a keyframe every second) as
// MPEG-TS to the one caller that connects (ffmpeg exits when that caller leaves). With a
// passphrase, the caller must give the same one. Errors are values.
class SrtServer {
public:
    explicit SrtServer(const QString &passphrase = QString());
    ~SrtServer();
    SrtServer(const SrtServer &) = delete;
    SrtServer &operator=(const SrtServer &) = delete;

    // Starts the listener (on the port of the last start, if any) and waits until it is bound.
    bool start(int timeoutMs = 10000);
    // SIGKILL: the encoder vanishes without a goodbye.
    void kill();
    void stop();
    bool isRunning();

    quint16 port() const { return m_port; }
    // srt://127.0.0.1:PORT, with ?passphrase=... when the server has one.
    QString url() const;
    QString errorString() const { return m_error; }
    QString log() const;

private:
    QTemporaryDir m_dir;
    QProcess m_ffmpeg;
    QString m_passphrase;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace livesnap::test
