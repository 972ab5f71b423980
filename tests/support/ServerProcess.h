#pragma once

// What the test servers (RtmpServer, RtspServer, SrtServer) share: finding a program, a free
// loopback port, waiting for a port, and starting and ending a child process whose output goes
// to a file.
#include <QProcess>
#include <QString>
#include <QStringList>

#include <functional>

namespace livesnap::test {

// The program on PATH, else in /usr/sbin or /usr/bin (not on every user's PATH); empty if none.
QString findProgram(const QString &name);
// A TCP port on 127.0.0.1 that was free a moment ago (0 if none); someone may take it before
// the caller binds it.
quint16 freeLoopbackPort();
// A UDP port on 127.0.0.1 that was free a moment ago (0 if none).
quint16 freeLoopbackUdpPort();
// Whether something listens on UDP 127.0.0.1:port (from /proc/net/udp).
bool udpPortBound(quint16 port);
// Whether a TCP connection to 127.0.0.1:port is accepted within timeoutMs.
bool tcpPortAccepts(quint16 port, int timeoutMs);
// The whole text of a file; empty when it cannot be read.
QString readText(const QString &path);
// Lets QProcess notice a child that died while no event loop ran.
bool processAlive(QProcess &process);
// SIGTERM, then SIGKILL after timeoutMs.
void endProcess(QProcess &process, int timeoutMs);
// Starts `program arguments` with stdin from /dev/null and stdout and stderr appended to
// logPath (a file: nobody has to drain it, so the child never blocks on its own output).
bool startLogged(QProcess &process, const QString &program, const QStringList &arguments,
                 const QString &logPath, QString *error);

// ffmpeg's arguments up to the output format: a testsrc2 pattern in real time (-re), H.264
// (x264 ultrafast, zero latency) with a keyframe every gopFrames, yuv420p.
QStringList testPatternArguments(int width, int height, int fps, int gopFrames);

// Polls ready() every 50 ms until it holds (true), the process exits or timeoutMs pass (false,
// *error naming `what` and quoting log()).
bool waitUntilReady(QProcess &process, const std::function<bool()> &ready, int timeoutMs,
                    const QString &what, const std::function<QString()> &log, QString *error);

} // namespace livesnap::test
