#pragma once

#include "BenchClock.h"

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

// One GUI-thread delay of at least StallMeter::StallReportMs.
struct Stall {
    QString method; // "timer" or "probe"
    Phase phase = Phase::Startup;
    double atSeconds = 0; // since the benchmark began, when the delay ended
    double ms = 0;
    QString activity; // the operator's action then
};

// Measures how long the GUI thread is kept from its event loop, two independent ways:
//  - timer: a Qt::PreciseTimer of periodMs on the GUI thread; each tick's lateness is the time
//    since the previous tick minus periodMs (a blocked loop delivers one late tick, not many);
//  - probe: a watchdog std::thread posts a queued call to the GUI thread every periodMs, but
//    only when the previous one has been answered; each answer's latency (post to run) is one
//    sample, so a 300 ms block is one 300 ms sample.
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

    StallMeter(BenchContext &context, int periodMs, QObject *parent = nullptr);
    ~StallMeter() override;

    void start(const GdbOptions &gdb);
    void stop();

    DelayStats timerStats(Phase phase) const;
    DelayStats probeStats(Phase phase) const;
    const QList<Stall> &stalls() const { return m_stalls; }
    // The files gdb wrote, one per dump.
    QStringList gdbDumpFiles() const;

private:
    void onTick();
    void onProbe(std::int64_t sentNs);
    void record(const QString &method, std::array<std::vector<double>, PhaseCount> &series,
                double ms, std::int64_t at);
    void watchdogLoop();
    void dumpGuiStack(double waitedMs);

    BenchContext &m_context;
    const int m_periodMs;
    QTimer m_timer;
    std::int64_t m_lastTickNs = 0;
    std::array<std::vector<double>, PhaseCount> m_timerLateness;
    std::array<std::vector<double>, PhaseCount> m_probeLatency;
    QList<Stall> m_stalls;

    GdbOptions m_gdb;
    std::thread m_watchdog;
    std::atomic<bool> m_stopping{false};
    std::atomic<std::int64_t> m_probeSentNs{0}; // 0: no probe in flight
    mutable std::mutex m_dumpMutex;
    QStringList m_dumpFiles;
};

} // namespace livesnap::bench
