#pragma once

#include <QList>
#include <QString>

namespace livesnap::bench {

// CPU accounting from /proc and getrusage, to tell the benchmark's own load from the rest of
// the machine's (other builds may run at the same time).
struct CpuSample {
    double processSeconds = 0;     // this process, all threads (user + system)
    double guiThreadSeconds = 0;   // the calling thread (call it on the GUI thread)
    double machineBusySeconds = 0; // every CPU, all processes (from /proc/stat)
    double machineTotalSeconds = 0;
};

CpuSample sampleCpu();
// user + system CPU seconds of another live process; 0 when it is gone.
double processCpuSeconds(qint64 pid);
// Processes whose command line contains every one of the words (e.g. nginx and its config).
QList<qint64> findProcesses(const QStringList &words);
QString loadAverage(); // the first three fields of /proc/loadavg
double peakRssMb();    // VmHWM of this process
int cpuCount();

} // namespace livesnap::bench
