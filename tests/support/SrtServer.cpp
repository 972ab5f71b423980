#include "SrtServer.h"

#include "ServerProcess.h"

#include <QDir>

namespace livesnap::test {

SrtServer::SrtServer(const QString &passphrase)
    : m_dir(QDir::tempPath() + QStringLiteral("/livesnap-srt-XXXXXX"))
    , m_passphrase(passphrase)
{}

SrtServer::~SrtServer()
{
    stop();
}

QString SrtServer::url() const
{
    const QString base = QStringLiteral("srt://127.0.0.1:%1").arg(m_port);
    return m_passphrase.isEmpty() ? base : base + QStringLiteral("?passphrase=") + m_passphrase;
}

QString SrtServer::log() const
{
    return readText(m_dir.filePath(QStringLiteral("ffmpeg.log")));
}

bool SrtServer::start(int timeoutMs)
{
    if (isRunning())
        return true;
    const QString ffmpeg = findProgram(QStringLiteral("ffmpeg"));
    if (ffmpeg.isEmpty()) {
        m_error = QStringLiteral("ffmpeg is not installed (run scripts/deps.sh)");
        return false;
    }
    if (m_port == 0)
        m_port = freeLoopbackUdpPort();
    if (m_port == 0 || !m_dir.isValid()) {
        m_error = QStringLiteral("cannot find a free UDP port or a temporary directory");
        return false;
    }
    QString output = QStringLiteral("srt://127.0.0.1:%1?mode=listener").arg(m_port);
    if (!m_passphrase.isEmpty())
        output += QStringLiteral("&passphrase=") + m_passphrase;
    const QStringList arguments = testPatternArguments(320, 240, 15, 15)
                                  << QStringLiteral("-f") << QStringLiteral("mpegts") << output;
    if (!startLogged(m_ffmpeg, ffmpeg, arguments, m_dir.filePath(QStringLiteral("ffmpeg.log")),
                     &m_error))
        return false;
    const bool ready = waitUntilReady(
        m_ffmpeg, [this] { return udpPortBound(m_port); }, timeoutMs,
        QStringLiteral("the SRT listener on UDP 127.0.0.1:%1").arg(m_port),
        [this] { return log(); }, &m_error);
    if (!ready)
        stop();
    return ready;
}

void SrtServer::kill()
{
    if (m_ffmpeg.state() == QProcess::NotRunning)
        return;
    m_ffmpeg.kill();
    m_ffmpeg.waitForFinished(3000);
}

void SrtServer::stop()
{
    endProcess(m_ffmpeg, 3000);
}

bool SrtServer::isRunning()
{
    return processAlive(m_ffmpeg);
}

} // namespace livesnap::test
