#include "StackSampler.h"

#include <QFile>
#include <QJsonArray>
#include <QProcess>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <cxxabi.h>
#include <dlfcn.h>
#include <execinfo.h>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>

namespace livesnap::bench {

namespace {

constexpr int MaxFrames = 64;
constexpr int MaxReportedFrames = 30;
pid_t g_tid = 0;
void *g_frames[MaxFrames];
std::atomic<int> g_frameCount{-1};

void onSignal(int)
{
    const int savedErrno = errno;
    g_frameCount.store(backtrace(g_frames, MaxFrames), std::memory_order_release);
    errno = savedErrno;
}

QString readProc(const QString &name)
{
    QFile file(QStringLiteral("/proc/self/task/%1/%2").arg(g_tid).arg(name));
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return QString::fromLatin1(file.readAll()).trimmed();
}

QString demangle(const char *name)
{
    int status = 0;
    char *out = abi::__cxa_demangle(name, nullptr, nullptr, &status);
    const QString text = QString::fromLatin1(status == 0 && out ? out : name);
    std::free(out);
    return text;
}

} // namespace

void StackSampler::install()
{
    g_tid = ::gettid();
    // backtrace() loads libgcc's unwinder on first use, which allocates: not in a handler.
    void *warmUp[4];
    backtrace(warmUp, 4);
    struct sigaction action {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGUSR2, &action, nullptr);
}

StackSampler::Sample StackSampler::sample(double waitedMs, int timeoutMs)
{
    Sample s;
    s.waitedMs = waitedMs;
    // Field 3 of stat, after "pid (comm)".
    const QString stat = readProc(QStringLiteral("stat"));
    s.state = stat.mid(stat.lastIndexOf(QLatin1Char(')')) + 2, 1);
    s.wchan = readProc(QStringLiteral("wchan"));
    s.syscall = readProc(QStringLiteral("syscall"));
    g_frameCount.store(-1);
    if (syscall(SYS_tgkill, getpid(), g_tid, SIGUSR2) != 0) {
        return s;
    }
    for (int waited = 0; waited < timeoutMs; ++waited) {
        const int n = g_frameCount.load(std::memory_order_acquire);
        if (n >= 0) {
            s.frames.assign(g_frames, g_frames + n);
            s.gotStack = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return s;
}

QStringList StackSampler::symbolize(const std::vector<void *> &frames)
{
    QStringList names;
    QStringList ownOffsets; // frames in this executable, for addr2line
    QList<qsizetype> ownRows;
    Dl_info self{};
    dladdr(reinterpret_cast<void *>(&StackSampler::install), &self);
    for (std::size_t i = 0; i < frames.size(); ++i) {
        Dl_info info{};
        if (!dladdr(frames[i], &info)) {
            names << QStringLiteral("?? %1").arg(reinterpret_cast<quintptr>(frames[i]), 0, 16);
            continue;
        }
        const quintptr address = reinterpret_cast<quintptr>(frames[i]);
        const QString module = QString::fromLocal8Bit(info.dli_fname).section(QLatin1Char('/'), -1);
        QString name = info.dli_sname ? demangle(info.dli_sname) : QStringLiteral("??");
        if (info.dli_sname) {
            name += QStringLiteral("+0x%1").arg(
                address - reinterpret_cast<quintptr>(info.dli_saddr), 0, 16);
        }
        names << name + QStringLiteral(" [") + module + QLatin1Char(']');
        if (info.dli_fbase == self.dli_fbase) {
            // A return address points after the call: look up the call itself.
            ownOffsets << QStringLiteral("0x%1").arg(
                address - reinterpret_cast<quintptr>(info.dli_fbase) - 1, 0, 16);
            ownRows << names.size() - 1;
        }
    }
    if (!ownOffsets.isEmpty()) {
        QProcess addr2line;
        addr2line.start(QStringLiteral("addr2line"),
                        QStringList{QStringLiteral("-C"), QStringLiteral("-f"),
                                    QStringLiteral("-e"), QString::fromLocal8Bit(self.dli_fname)} +
                            ownOffsets);
        if (addr2line.waitForFinished(10000)) {
            const QStringList lines =
                QString::fromLocal8Bit(addr2line.readAllStandardOutput()).split(QLatin1Char('\n'));
            for (qsizetype i = 0; i < ownRows.size() && 2 * i + 1 < lines.size(); ++i) {
                const QString where = lines.at(2 * i + 1).section(QLatin1Char('/'), -3);
                names[ownRows.at(i)] =
                    lines.at(2 * i) + QStringLiteral(" (") + where + QStringLiteral(") [own]");
            }
        }
    }
    return names;
}

QJsonObject StackSampler::toJson(const Sample &sample, const QString &phase, double atSeconds,
                                 const QString &activity)
{
    QJsonArray frames;
    // Frames 0-1 are the signal handler and the kernel's signal trampoline.
    const QStringList names = symbolize(sample.frames);
    for (qsizetype i = 2; i < names.size() && i < 2 + MaxReportedFrames; ++i) {
        frames.append(names.at(i));
    }
    return QJsonObject{
        {QStringLiteral("phase"), phase},
        {QStringLiteral("at_s"), std::round(atSeconds * 100) / 100},
        {QStringLiteral("gui_thread_unanswered_ms"), std::round(sample.waitedMs * 10) / 10},
        {QStringLiteral("state"), sample.state},
        {QStringLiteral("wchan"), sample.wchan},
        {QStringLiteral("syscall"), sample.syscall},
        {QStringLiteral("stack_recorded"), sample.gotStack},
        {QStringLiteral("operator_action"), activity},
        {QStringLiteral("frames"), frames}};
}

} // namespace livesnap::bench
