#pragma once

#include "BenchClock.h"
#include "StackSampler.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace livesnap::bench {

// Max, percentiles and threshold counts of one series of delays in milliseconds.
struct DelayStats {
    qsizetype samples = 0;
    double maxMs = 0;
    double p50Ms = 0;
    double p99Ms = 0;
    double p999Ms = 0;
    qsizetype over16Ms = 0;
    qsizetype over50Ms = 0;

    static DelayStats of(std::vector<double> values);
    QJsonObject toJson() const;
};

// The GUI thread's scheduler account (/proc/self/task/TID/schedstat): time it ran on a CPU and
// time it was runnable but waited for one. Wall time minus both is time it slept (in poll, on a
// lock, on I/O).
struct SchedTimes {
    std::int64_t runNs = 0;
    std::int64_t waitNs = 0;
};

// One GUI-thread delay of at least StallMeter::StallReportMs, with what the GUI thread did over
// the measured interval (for the timer: since the previous tick; for a probe: since it was
// sent).
struct Stall {
    QString method; // "timer" or "probe"
    Phase phase = Phase::Startup;
    double atSeconds = 0; // since the benchmark began, when the delay ended
    double ms = 0;
    double ranMs = 0;     // on a CPU
    double cpuWaitMs = 0; // runnable, waiting for a CPU (other processes, our own threads)
    QString activity;     // the operator's action then
    // Probes only: how long the watchdog itself took to post it (invokeMethod allocates; a
    // watchdog blocked there delays the probe without the GUI thread being busy); -1: the
    // probe was answered before invokeMethod returned.
    double postMs = 0;
};

// Measures how long the GUI thread is kept from its event loop, two independent ways:
//  - timer: a Qt::PreciseTimer of periodMs on the GUI thread; each tick's lateness is the time
//    since the previous tick minus periodMs (a blocked loop delivers one late tick, not many);
//  - probe: a watchdog std::thread posts a queued call to the GUI thread every periodMs, but
//    only when the previous one has been answered; each answer's latency (post to run) is one
//    sample, so a 300 ms block is one 300 ms sample.
// Each delay is also reported without the time the GUI thread spent runnable but waiting for a
// CPU (from the kernel's schedstat): on a machine shared with other builds, the raw figure is
// what a user would feel, the other what our own code did to the GUI thread.
// Optionally, when a probe has waited longer than gdbThresholdMs, the watchdog attaches gdb and
// saves the GUI thread's stack (this stops the whole process: figures of such a run are
// diagnostic only).
class StallMeter : public QObject {
    Q_OBJECT

public:
    static constexpr double StallReportMs = 16.0;

    struct GdbOptions {
        int thresholdMs = 0; // 0: never attach gdb
        int maxDumps = 5;
        QString directory;
    };
    // Stacks of the GUI thread while it has not answered a probe for thresholdMs, then every
    // everyMs, at most perStall times per stall and maxSamples in all.
    struct SamplerOptions {
        int thresholdMs = 30; // 0: never sample
        int everyMs = 20;
        int perStall = 3;
        int maxSamples = 200;
    };
    struct StackRecord {
        StackSampler::Sample sample;
        std::int64_t probeSentNs = 0;
        Phase phase = Phase::Done; // when the probe was answered
        double atSeconds = 0;
        QString activity;
    };

    StallMeter(BenchContext &context, int periodMs, QObject *parent = nullptr);
    ~StallMeter() override;

    // Call on the GUI thread.
    void start(const GdbOptions &gdb, const SamplerOptions &sampler);
    void stop();

    // Raw delays (wall clock); a probe's from just before the watchdog posted it.
    DelayStats timerStats(Phase phase) const;
    DelayStats probeStats(Phase phase) const;
    // Probes from when invokeMethod had returned: the watchdog blocked in posting (it
    // allocates) is not the GUI thread's delay.
    DelayStats probeStatsAfterPost(Phase phase) const;
    // The GUI thread's delays (timer; probes after posting) less the time it waited for a CPU.
    DelayStats timerStatsWithoutCpuWait(Phase phase) const;
    DelayStats probeStatsWithoutCpuWait(Phase phase) const;
    bool hasSchedStats() const { return m_schedFd >= 0; }
    const QList<Stall> &stalls() const { return m_stalls; }
    // The GUI thread's stacks during stalls (call after stop()).
    QList<StackRecord> stackSamples() const;
    // The files gdb wrote, one per dump.
    QStringList gdbDumpFiles() const;

private:
    using Series = std::array<std::vector<double>, PhaseCount>;

    void onTick();
    void onProbe(std::int64_t sentNs, SchedTimes sentSched);
    // ms from `from` to `to`; for a probe, guiMs is the part after the watchdog had posted it
    // (guiFrom: the GUI thread's account then); -1 for the timer, where all of ms counts.
    void record(const QString &method, Series &raw, Series &withoutWait, double ms, std::int64_t at,
                SchedTimes from, SchedTimes to, double postMs = 0, double guiMs = -1,
                SchedTimes guiFrom = {});
    SchedTimes guiSched() const; // callable from any thread
    void watchdogLoop();
    void dumpGuiStack(double waitedMs);

    BenchContext &m_context;
    const int m_periodMs;
    QTimer m_timer;
    std::int64_t m_lastTickNs = 0;
    SchedTimes m_lastTickSched;
    Series m_timerLateness;
    Series m_timerWithoutWait;
    Series m_probeLatency;
    Series m_probeAfterPost;
    Series m_probeWithoutWait;
    int m_schedFd = -1; // the GUI thread's schedstat
    QList<Stall> m_stalls;

    GdbOptions m_gdb;
    SamplerOptions m_sampler;
    QList<StackRecord> m_stacks;                    // guarded by m_dumpMutex
    QHash<std::int64_t, StackRecord> m_slowAnswers; // GUI thread: probes answered late
    std::thread m_watchdog;
    std::atomic<bool> m_stopping{false};
    std::atomic<std::int64_t> m_probeSentNs{0};   // 0: no probe in flight
    std::atomic<std::int64_t> m_probePostedNs{0}; // when invokeMethod returned for it
    std::atomic<std::int64_t> m_postedRunNs{0};   // the GUI thread's schedstat then
    std::atomic<std::int64_t> m_postedWaitNs{0};
    mutable std::mutex m_dumpMutex;
    QStringList m_dumpFiles;
};

} // namespace livesnap::bench
