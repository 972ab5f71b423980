#include "StallMeter.h"

#include <QCoreApplication>
#include <QDir>
#include <QMetaObject>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fcntl.h>
#include <unistd.h>

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
    if (m_schedFd >= 0) {
        ::close(m_schedFd);
    }
}

SchedTimes StallMeter::guiSched() const
{
    SchedTimes t;
    if (m_schedFd < 0) {
        return t;
    }
    char buffer[128];
    const ssize_t n = ::pread(m_schedFd, buffer, sizeof buffer - 1, 0);
    if (n <= 0) {
        return t;
    }
    buffer[n] = '\0';
    // "<ns on a CPU> <ns waiting on a run queue> <timeslices>"
    char *end = nullptr;
    t.runNs = std::strtoll(buffer, &end, 10);
    t.waitNs = std::strtoll(end, nullptr, 10);
    return t;
}

void StallMeter::start(const GdbOptions &gdb, const SamplerOptions &sampler)
{
    m_gdb = gdb;
    m_sampler = sampler;
    if (m_sampler.thresholdMs > 0) {
        StackSampler::install();
    }
    if (m_gdb.thresholdMs > 0) {
        QDir().mkpath(m_gdb.directory);
    }
    if (m_schedFd < 0) {
        // Called on the GUI thread: this is its task id.
        const QByteArray path = QStringLiteral("/proc/self/task/%1/schedstat")
                                    .arg(static_cast<qint64>(::gettid()))
                                    .toLatin1();
        m_schedFd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
    }
    m_lastTickNs = nowNs(); // a block right after start() makes the first tick late
    m_lastTickSched = guiSched();
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

DelayStats StallMeter::probeStatsAfterPost(Phase phase) const
{
    return DelayStats::of(m_probeAfterPost[static_cast<std::size_t>(phase)]);
}

DelayStats StallMeter::timerStatsWithoutCpuWait(Phase phase) const
{
    return DelayStats::of(m_timerWithoutWait[static_cast<std::size_t>(phase)]);
}

DelayStats StallMeter::probeStatsWithoutCpuWait(Phase phase) const
{
    return DelayStats::of(m_probeWithoutWait[static_cast<std::size_t>(phase)]);
}

QList<StallMeter::StackRecord> StallMeter::stackSamples() const
{
    QList<StackRecord> stacks;
    {
        const std::lock_guard lock(m_dumpMutex);
        stacks = m_stacks;
    }
    for (StackRecord &r : stacks) {
        const auto answer = m_slowAnswers.constFind(r.probeSentNs);
        if (answer != m_slowAnswers.cend()) {
            r.phase = answer->phase;
            r.atSeconds = answer->atSeconds;
            r.activity = answer->activity;
        } else {
            r.activity = QStringLiteral("(probe not answered before the meter stopped)");
        }
    }
    return stacks;
}

QStringList StallMeter::gdbDumpFiles() const
{
    const std::lock_guard lock(m_dumpMutex);
    return m_dumpFiles;
}

void StallMeter::onTick()
{
    const std::int64_t now = nowNs();
    const SchedTimes sched = guiSched();
    const double late = static_cast<double>(now - m_lastTickNs) / 1e6 - m_periodMs;
    // A precise timer may fire a fraction of a millisecond early; that is no delay.
    record(QStringLiteral("timer"), m_timerLateness, m_timerWithoutWait, std::max(0.0, late), now,
           m_lastTickSched, sched);
    m_lastTickNs = now;
    m_lastTickSched = sched;
}

void StallMeter::onProbe(std::int64_t sentNs, SchedTimes sentSched)
{
    const std::int64_t now = nowNs();
    const SchedTimes sched = guiSched();
    // Stored by the watchdog once invokeMethod returned (older than sentNs if not yet): the
    // GUI thread is answerable only from then on.
    const std::int64_t posted = m_probePostedNs.load(std::memory_order_acquire);
    const bool postKnown = posted >= sentNs;
    const double postMs = postKnown ? static_cast<double>(posted - sentNs) / 1e6 : -1.0;
    const std::int64_t from = postKnown ? posted : sentNs;
    const SchedTimes fromSched =
        postKnown ? SchedTimes{m_postedRunNs.load(), m_postedWaitNs.load()} : sentSched;
    m_probeSentNs = 0; // the watchdog may send the next one
    const double ms = static_cast<double>(now - sentNs) / 1e6;
    if (m_sampler.thresholdMs > 0 && ms > m_sampler.thresholdMs) {
        // Stacks sampled while this probe waited get the phase and action it was answered in
        // (joined in stackSamples(): the watchdog may file a sample after this answer).
        m_slowAnswers.insert(
            sentNs,
            StackRecord{
                {}, sentNs, m_context.phase, m_context.secondsSinceStart(now), m_context.activity});
    }
    record(QStringLiteral("probe"), m_probeLatency, m_probeWithoutWait, ms, now, sentSched, sched,
           postMs, static_cast<double>(now - from) / 1e6, fromSched);
}

void StallMeter::record(const QString &method, Series &raw, Series &withoutWait, double ms,
                        std::int64_t at, SchedTimes from, SchedTimes to, double postMs,
                        double guiMs, SchedTimes guiFrom)
{
    const auto phase = static_cast<std::size_t>(m_context.phase);
    const double waitMs = static_cast<double>(to.waitNs - from.waitNs) / 1e6;
    raw[phase].push_back(ms);
    if (guiMs < 0) { // the timer: all of it is the GUI thread's
        guiMs = ms;
        guiFrom = from;
    }
    const double guiWaitMs = static_cast<double>(to.waitNs - guiFrom.waitNs) / 1e6;
    if (&raw == &m_probeLatency) {
        m_probeAfterPost[phase].push_back(guiMs);
    }
    withoutWait[phase].push_back(std::max(0.0, guiMs - guiWaitMs));
    if (ms >= StallReportMs) {
        m_stalls.append(Stall{method, m_context.phase, m_context.secondsSinceStart(at), ms,
                              static_cast<double>(to.runNs - from.runNs) / 1e6, waitMs,
                              m_context.activity, postMs});
    }
}

void StallMeter::watchdogLoop()
{
    using Clock = std::chrono::steady_clock;
    const auto period = std::chrono::milliseconds(m_periodMs);
    auto next = Clock::now();
    std::int64_t dumpedFor = 0;
    int dumps = 0;
    std::int64_t sampledFor = 0; // the probe the last stack sample was taken for
    int samplesForProbe = 0;
    double lastSampleMs = 0;
    int samples = 0;
    while (!m_stopping) {
        next += period;
        std::this_thread::sleep_until(next);
        const std::int64_t sent = m_probeSentNs.load();
        if (sent == 0) {
            const SchedTimes sched = guiSched();
            const std::int64_t t = nowNs();
            m_probeSentNs = t;
            QMetaObject::invokeMethod(
                this, [this, t, sched] { onProbe(t, sched); }, Qt::QueuedConnection);
            const SchedTimes posted = guiSched();
            m_postedRunNs = posted.runNs;
            m_postedWaitNs = posted.waitNs;
            m_probePostedNs.store(nowNs(), std::memory_order_release);
        } else {
            const double waited = static_cast<double>(nowNs() - sent) / 1e6;
            if (sent != sampledFor) {
                sampledFor = sent;
                samplesForProbe = 0;
                lastSampleMs = 0;
            }
            if (m_sampler.thresholdMs > 0 && waited > m_sampler.thresholdMs &&
                samples < m_sampler.maxSamples && samplesForProbe < m_sampler.perStall &&
                (samplesForProbe == 0 || waited - lastSampleMs >= m_sampler.everyMs)) {
                ++samples;
                ++samplesForProbe;
                lastSampleMs = waited;
                StackRecord record;
                record.sample = StackSampler::sample(waited, 200);
                record.probeSentNs = sent;
                const std::lock_guard lock(m_dumpMutex);
                m_stacks.append(record);
            }
            if (m_gdb.thresholdMs > 0 && dumps < m_gdb.maxDumps && sent != dumpedFor &&
                waited > m_gdb.thresholdMs) {
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
