#pragma once

// Small helpers the real servers of tests/support share: finding a program, a free port,
// reading a log, and ending a child process.

#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QTcpServer>

namespace livesnap::test {

inline QString findProgram(const QString &name)
{
    // /usr/sbin is not on every user's PATH, and nginx lives there.
    QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(
            name, {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
    return path;
}

inline quint16 freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

inline QString readText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

inline bool processAlive(QProcess &process)
{
    if (process.state() == QProcess::NotRunning)
        return false;
    // Lets QProcess notice a child that died while no event loop ran.
    process.waitForFinished(0);
    return process.state() != QProcess::NotRunning;
}

inline void endProcess(QProcess &process, int timeoutMs)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(3000);
    }
}

} // namespace livesnap::test
