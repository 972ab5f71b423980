#include "RtspServer.h"

#include "ServerProcess.h"

#include <QDir>
#include <QFile>

#include <unistd.h>

namespace livesnap::test {

RtspServer::RtspServer()
    : m_dir(QDir::tempPath() + QStringLiteral("/livesnap-rtsp-XXXXXX"))
{}

RtspServer::~RtspServer()
{
    stop();
}

QString RtspServer::url(const QString &userInfo) const
{
    const QString credentials = userInfo.isEmpty() ? QString() : userInfo + QLatin1Char('@');
    return QStringLiteral("rtsp://") + credentials + QStringLiteral("127.0.0.1:%1/cam").arg(m_port);
}

QString RtspServer::log() const
{
    return readText(m_dir.filePath(QStringLiteral("vlc.log")));
}

bool RtspServer::encodeClip()
{
    const QString clip = m_dir.filePath(QStringLiteral("clip.ts"));
    if (QFile::exists(clip))
        return true;
    const QString ffmpeg = findProgram(QStringLiteral("ffmpeg"));
    if (ffmpeg.isEmpty()) {
        m_error = QStringLiteral("ffmpeg is not installed (run scripts/deps.sh)");
        return false;
    }
    QProcess encoder;
    encoder.start(ffmpeg, {QStringLiteral("-hide_banner"),
                           QStringLiteral("-nostdin"),
                           QStringLiteral("-loglevel"),
                           QStringLiteral("error"),
                           QStringLiteral("-f"),
                           QStringLiteral("lavfi"),
                           QStringLiteral("-i"),
                           QStringLiteral("testsrc2=size=320x240:rate=15"),
                           QStringLiteral("-t"),
                           QStringLiteral("4"),
                           QStringLiteral("-c:v"),
                           QStringLiteral("libx264"),
                           QStringLiteral("-preset"),
                           QStringLiteral("ultrafast"),
                           QStringLiteral("-g"),
                           QStringLiteral("15"),
                           QStringLiteral("-pix_fmt"),
                           QStringLiteral("yuv420p"),
                           QStringLiteral("-f"),
                           QStringLiteral("mpegts"),
                           clip});
    if (!encoder.waitForFinished(30000) || encoder.exitCode() != 0) {
        m_error = QStringLiteral("cannot encode the RTSP clip: ") +
                  QString::fromUtf8(encoder.readAllStandardError());
        return false;
    }
    // VLC runs as nobody: it must reach the clip.
    const auto readable = QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther;
    const auto listable = readable | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                          QFileDevice::ExeGroup | QFileDevice::ExeOther;
    if (!QFile::setPermissions(m_dir.path(), listable) ||
        !QFile::setPermissions(clip, readable | QFileDevice::WriteOwner)) {
        m_error = QStringLiteral("cannot make the RTSP clip readable");
        return false;
    }
    return true;
}

bool RtspServer::start(int timeoutMs)
{
    if (isRunning())
        return true;
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary directory: ") + m_dir.errorString();
        return false;
    }
    const QString cvlc = findProgram(QStringLiteral("cvlc"));
    if (cvlc.isEmpty()) {
        m_error = QStringLiteral("VLC is not installed (vlc-bin, vlc-plugin-base; run "
                                 "scripts/deps.sh)");
        return false;
    }
    if (!encodeClip())
        return false;
    if (m_port == 0)
        m_port = freeLoopbackPort(); // kept across restarts: the same URL comes back
    if (m_port == 0) {
        m_error = QStringLiteral("cannot find a free port on 127.0.0.1");
        return false;
    }
    QStringList arguments{cvlc,
                          QStringLiteral("-I"),
                          QStringLiteral("dummy"),
                          QStringLiteral("--no-audio"),
                          QStringLiteral("--loop"),
                          m_dir.filePath(QStringLiteral("clip.ts")),
                          QStringLiteral("--sout"),
                          QStringLiteral("#rtp{sdp=rtsp://127.0.0.1:%1/cam}").arg(m_port)};
    QString program = arguments.takeFirst();
    if (::geteuid() == 0) {
        const QString runuser = findProgram(QStringLiteral("runuser"));
        if (runuser.isEmpty()) {
            m_error = QStringLiteral("VLC refuses root and runuser is missing (util-linux)");
            return false;
        }
        arguments = QStringList{QStringLiteral("-u"), QStringLiteral("nobody"),
                                QStringLiteral("--"), program} +
                    arguments;
        program = runuser;
    }
    if (!startLogged(m_vlc, program, arguments, m_dir.filePath(QStringLiteral("vlc.log")),
                     &m_error))
        return false;
    const bool ready = waitUntilReady(
        m_vlc, [this] { return tcpPortAccepts(m_port, 250); }, timeoutMs,
        QStringLiteral("VLC's RTSP server on 127.0.0.1:%1").arg(m_port), [this] { return log(); },
        &m_error);
    if (!ready)
        stop();
    return ready;
}

void RtspServer::stop()
{
    endProcess(m_vlc, 3000);
}

bool RtspServer::isRunning()
{
    return processAlive(m_vlc);
}

} // namespace livesnap::test
