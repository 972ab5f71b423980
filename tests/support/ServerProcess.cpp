#include "ServerProcess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QHostAddress>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QUdpSocket>

namespace livesnap::test {

QString findProgram(const QString &name)
{
    QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(
            name, {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
    return path;
}

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

quint16 freeLoopbackUdpPort()
{
    QUdpSocket probe;
    if (!probe.bind(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = probe.localPort();
    probe.close();
    return port;
}

bool udpPortBound(quint16 port)
{
    // "  sl  local_address rem_address ...": "0100007F:1F90" is 127.0.0.1:8080, "00000000:1F90"
    // any address.
    const QString suffix = QStringLiteral(":%1").arg(port, 4, 16, QLatin1Char('0')).toUpper();
    const QStringList lines = readText(QStringLiteral("/proc/net/udp")).split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const QStringList fields = line.simplified().split(QLatin1Char(' '));
        if (fields.size() > 1 && fields.at(1).endsWith(suffix))
            return true;
    }
    return false;
}

bool tcpPortAccepts(quint16 port, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return false;
    socket.disconnectFromHost();
    return true;
}

QString readText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

bool processAlive(QProcess &process)
{
    if (process.state() == QProcess::NotRunning)
        return false;
    process.waitForFinished(0);
    return process.state() != QProcess::NotRunning;
}

void endProcess(QProcess &process, int timeoutMs)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(3000);
    }
}

bool startLogged(QProcess &process, const QString &program, const QStringList &arguments,
                 const QString &logPath, QString *error)
{
    process.setProgram(program);
    process.setArguments(arguments);
    process.setStandardInputFile(QProcess::nullDevice());
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setStandardOutputFile(logPath, QIODevice::Append);
    process.start();
    if (!process.waitForStarted(5000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(program, process.errorString());
        return false;
    }
    return true;
}

QStringList testPatternArguments(int width, int height, int fps, int gopFrames)
{
    return {QStringLiteral("-hide_banner"),
            QStringLiteral("-nostdin"),
            QStringLiteral("-loglevel"),
            QStringLiteral("error"),
            QStringLiteral("-re"),
            QStringLiteral("-f"),
            QStringLiteral("lavfi"),
            QStringLiteral("-i"),
            QStringLiteral("testsrc2=size=%1x%2:rate=%3").arg(width).arg(height).arg(fps),
            QStringLiteral("-c:v"),
            QStringLiteral("libx264"),
            QStringLiteral("-preset"),
            QStringLiteral("ultrafast"),
            QStringLiteral("-tune"),
            QStringLiteral("zerolatency"),
            QStringLiteral("-g"),
            QString::number(gopFrames),
            QStringLiteral("-pix_fmt"),
            QStringLiteral("yuv420p")};
}

bool waitUntilReady(QProcess &process, const std::function<bool()> &ready, int timeoutMs,
                    const QString &what, const std::function<QString()> &log, QString *error)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (!processAlive(process)) {
            *error = QStringLiteral("%1 exited at start-up: %2").arg(what, log().trimmed());
            return false;
        }
        if (ready())
            return true;
        QThread::msleep(50);
    }
    *error = QStringLiteral("%1 was not ready within %2 ms: %3")
                 .arg(what)
                 .arg(timeoutMs)
                 .arg(log().trimmed().right(2000));
    return false;
}

} // namespace livesnap::test
