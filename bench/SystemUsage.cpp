#include "SystemUsage.h"

#include <QDir>
#include <QFile>
#include <QStringList>

#include <ctime>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>

namespace livesnap::bench {

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

double seconds(const timeval &tv)
{
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
}

} // namespace

CpuSample sampleCpu()
{
    CpuSample s;
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) == 0) {
        s.processSeconds = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    }
    timespec ts{};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0) {
        s.guiThreadSeconds = static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
    }
    // cpu  user nice system idle iowait irq softirq steal ...
    const QList<QByteArray> fields =
        readFile(QStringLiteral("/proc/stat")).split('\n').value(0).simplified().split(' ');
    const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
    double total = 0;
    double idle = 0;
    for (qsizetype i = 1; i < fields.size() && i <= 8; ++i) {
        const double v = fields.at(i).toDouble() / tick;
        total += v;
        if (i == 4 || i == 5) { // idle, iowait
            idle += v;
        }
    }
    s.machineTotalSeconds = total;
    s.machineBusySeconds = total - idle;
    return s;
}

double processCpuSeconds(qint64 pid)
{
    const QByteArray stat = readFile(QStringLiteral("/proc/%1/stat").arg(pid));
    const qsizetype paren = stat.lastIndexOf(')');
    if (paren < 0) {
        return 0;
    }
    // After "pid (comm)": state is field 3; utime and stime are fields 14 and 15.
    const QList<QByteArray> fields = stat.mid(paren + 2).split(' ');
    if (fields.size() < 13) {
        return 0;
    }
    const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
    return (fields.at(11).toDouble() + fields.at(12).toDouble()) / tick;
}

QList<qint64> findProcesses(const QStringList &words)
{
    QList<qint64> pids;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid) {
            continue;
        }
        QByteArray cmdline = readFile(QStringLiteral("/proc/%1/cmdline").arg(pid));
        cmdline.replace('\0', ' ');
        const QString text = QString::fromLocal8Bit(cmdline);
        bool all = !text.isEmpty();
        for (const QString &word : words) {
            all = all && text.contains(word);
        }
        if (all) {
            pids.append(pid);
        }
    }
    return pids;
}

QString loadAverage()
{
    const QList<QByteArray> fields = readFile(QStringLiteral("/proc/loadavg")).split(' ');
    return QString::fromLatin1(fields.mid(0, 3).join(' '));
}

double peakRssMb()
{
    const QList<QByteArray> lines = readFile(QStringLiteral("/proc/self/status")).split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmHWM:")) {
            return line.mid(6).simplified().split(' ').value(0).toDouble() / 1024.0;
        }
    }
    return 0;
}

int cpuCount()
{
    return static_cast<int>(std::thread::hardware_concurrency());
}

} // namespace livesnap::bench
