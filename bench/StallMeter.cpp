#include "StallMeter.h"

#include <QCoreApplication>
#include <QDir>
#include <QMetaObject>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace livesnap::bench {

namespace {

// Linear interpolation between closest ranks (as bench/run_benchmark.py does).
double percentile(const std::vector<double> &sorted, double p)
{
    if (sorted.empty()) {
        return 0;
    }
    const double k = static_cast<double>(sorted.size() - 1) * p / 100.0;
    const auto lo = static_cast<std::size_t>(std::floor(k));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (k - static_cast<double>(lo));
}

double round2(double v)
{
    return std::round(v * 100.0) / 100.0;
}

} // namespace

DelayStats DelayStats::of(std::vector<double> values)
{
    DelayStats s;
    s.samples = static_cast<qsizetype>(values.size());
    if (values.empty()) {
        return s;
    }
    std::sort(values.begin(), values.end());
    s.maxMs = values.back();
    s.p50Ms = percentile(values, 50);
    s.p99Ms = percentile(values, 99);
    s.p999Ms = percentile(values, 99.9);
    s.over16Ms = std::count_if(values.begin(), values.end(), [](double v) { return v > 16.0; });
    s.over50Ms = std::count_if(values.begin(), values.end(), [](double v) { return v > 50.0; });
    return s;
}

QJsonObject DelayStats::toJson() const
{
    return QJsonObject{{QStringLiteral("samples"), samples},
                       {QStringLiteral("max_ms"), round2(maxMs)},
                       {QStringLiteral("p50_ms"), round2(p50Ms)},
                       {QStringLiteral("p99_ms"), round2(p99Ms)},
                       {QStringLiteral("p999_ms"), round2(p999Ms)},
                       {QStringLiteral("stalls_over_16ms"), over16Ms},
                       {QStringLiteral("stalls_over_50ms"), over50Ms}};
}

StallMeter::StallMeter(BenchContext &context, int periodMs, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_periodMs(periodMs)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(periodMs);
    connect(&m_timer, &QTimer::timeout, this, &StallMeter::onTick);
}

StallMeter::~StallMeter()
{
    stop();
}

void StallMeter::start(const GdbOptions &gdb)
{
    m_gdb = gdb;
    if (m_gdb.thresholdMs > 0) {
        QDir().mkpath(m_gdb.directory);
    }
    m_lastTickNs = nowNs(); // a block right after start() makes the first tick late
    m_timer.start();
    m_stopping = false;
    m_watchdog = std::thread([this] { watchdogLoop(); });
}

void StallMeter::stop()
{
    m_timer.stop();
    m_stopping = true;
    if (m_watchdog.joinable()) {
        m_watchdog.join();
    }
}

DelayStats StallMeter::timerStats(Phase phase) const
{
    return DelayStats::of(m_timerLateness[static_cast<std::size_t>(phase)]);
}

DelayStats StallMeter::probeStats(Phase phase) const
{
    return DelayStats::of(m_probeLatency[static_cast<std::size_t>(phase)]);
}

QStringList StallMeter::gdbDumpFiles() const
{
    const std::lock_guard lock(m_dumpMutex);
    return m_dumpFiles;
}

void StallMeter::onTick()
{
    const std::int64_t now = nowNs();
    if (m_lastTickNs != 0) {
        const double late = static_cast<double>(now - m_lastTickNs) / 1e6 - m_periodMs;
        // A precise timer may fire a fraction of a millisecond early; that is no delay.
        record(QStringLiteral("timer"), m_timerLateness, std::max(0.0, late), now);
    }
    m_lastTickNs = now;
}

void StallMeter::onProbe(std::int64_t sentNs)
{
    const std::int64_t now = nowNs();
    m_probeSentNs = 0; // the watchdog may send the next one
    record(QStringLiteral("probe"), m_probeLatency, static_cast<double>(now - sentNs) / 1e6, now);
}

void StallMeter::record(const QString &method, std::array<std::vector<double>, PhaseCount> &series,
                        double ms, std::int64_t at)
{
    series[static_cast<std::size_t>(m_context.phase)].push_back(ms);
    if (ms >= StallReportMs) {
        m_stalls.append(Stall{method, m_context.phase, m_context.secondsSinceStart(at), ms,
                              m_context.activity});
    }
}

void StallMeter::watchdogLoop()
{
    using Clock = std::chrono::steady_clock;
    const auto period = std::chrono::milliseconds(m_periodMs);
    auto next = Clock::now();
    std::int64_t dumpedFor = 0;
    int dumps = 0;
    while (!m_stopping) {
        next += period;
        std::this_thread::sleep_until(next);
        const std::int64_t sent = m_probeSentNs.load();
        if (sent == 0) {
            const std::int64_t t = nowNs();
            m_probeSentNs = t;
            QMetaObject::invokeMethod(
                this, [this, t] { onProbe(t); }, Qt::QueuedConnection);
        } else if (m_gdb.thresholdMs > 0 && dumps < m_gdb.maxDumps && sent != dumpedFor) {
            const double waited = static_cast<double>(nowNs() - sent) / 1e6;
            if (waited > m_gdb.thresholdMs) {
                dumpedFor = sent;
                ++dumps;
                dumpGuiStack(waited);
            }
        }
        // After an oversleep (a loaded machine), do not send a burst to catch up.
        if (Clock::now() > next + period) {
            next = Clock::now();
        }
    }
}

void StallMeter::dumpGuiStack(double waitedMs)
{
    // The GUI thread is the main thread: gdb's thread 1. Only this thread runs std::system,
    // and the command's output goes to a file (no Qt object is touched here).
    const QString file =
        QDir(m_gdb.directory)
            .filePath(
                QStringLiteral("gui-stack-%1-after-%2ms.txt").arg(nowNs()).arg(qRound(waitedMs)));
    const QString command =
        QStringLiteral("gdb -p %1 -batch -nx -q -ex 'set pagination off' -ex 'thread 1' "
                       "-ex 'bt 60' > '%2' 2>&1")
            .arg(QCoreApplication::applicationPid())
            .arg(file);
    const int rc = std::system(command.toLocal8Bit().constData());
    (void)rc; // an empty or failed dump shows in the file itself
    const std::lock_guard lock(m_dumpMutex);
    m_dumpFiles.append(file);
}

} // namespace livesnap::bench
