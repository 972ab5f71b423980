#include "RtspServer.h"

#include "ServerProcess.h"

#include <QDir>

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
    return readText(m_dir.filePath(QStringLiteral("vlc.log"))) +
           readText(m_dir.filePath(QStringLiteral("encoder.log")));
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
    const QString ffmpeg = findProgram(QStringLiteral("ffmpeg"));
    if (cvlc.isEmpty() || ffmpeg.isEmpty()) {
        m_error = QStringLiteral("VLC or ffmpeg is not installed (vlc-bin, vlc-plugin-base, "
                                 "ffmpeg; run scripts/deps.sh)");
        return false;
    }
    if (m_port == 0)
        m_port = freeLoopbackPort(); // kept across restarts: the same URL comes back
    if (m_port == 0) {
        m_error = QStringLiteral("cannot find a free port on 127.0.0.1");
        return false;
    }
    QString program = cvlc;
    QStringList arguments{QStringLiteral("-I"),
                          QStringLiteral("dummy"),
                          QStringLiteral("--no-audio"),
                          QStringLiteral("-"), // stdin
                          QStringLiteral("--sout"),
                          QStringLiteral("#rtp{sdp=rtsp://127.0.0.1:%1/cam}").arg(m_port)};
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
    m_encoder.setStandardOutputProcess(&m_vlc);
    m_encoder.setStandardErrorFile(m_dir.filePath(QStringLiteral("encoder.log")),
                                   QIODevice::Append);
    m_encoder.setStandardInputFile(QProcess::nullDevice());
    m_encoder.start(ffmpeg, testPatternArguments(320, 240, 15, 15)
                                << QStringLiteral("-f") << QStringLiteral("mpegts")
                                << QStringLiteral("-"));
    m_vlc.setProgram(program);
    m_vlc.setArguments(arguments);
    m_vlc.setProcessChannelMode(QProcess::MergedChannels);
    m_vlc.setStandardOutputFile(m_dir.filePath(QStringLiteral("vlc.log")), QIODevice::Append);
    m_vlc.start();
    if (!m_encoder.waitForStarted(5000) || !m_vlc.waitForStarted(5000)) {
        m_error = QStringLiteral("cannot start the RTSP encoder or VLC: ") +
                  m_encoder.errorString() + QStringLiteral("; ") + m_vlc.errorString();
        stop();
        return false;
    }
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
    endProcess(m_encoder, 3000);
    endProcess(m_vlc, 3000);
}

bool RtspServer::isRunning()
{
    return processAlive(m_vlc) && processAlive(m_encoder);
}

} // namespace livesnap::test
