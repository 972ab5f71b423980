#pragma once

#include <QString>

#include <chrono>
#include <cstdint>

namespace livesnap::bench {

// One monotonic clock for every thread of the benchmark, in nanoseconds.
inline std::int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Which part of the benchmark a sample belongs to. Only Run counts for the headline figures.
// Startup: the main window being built and shown; WarmUp: until every job has a snapshot.
enum class Phase { Startup, WarmUp, Run, Done };
inline constexpr int PhaseCount = 4;

inline QString phaseName(Phase phase)
{
    switch (phase) {
    case Phase::Startup:
        return QStringLiteral("startup");
    case Phase::WarmUp:
        return QStringLiteral("warmup");
    case Phase::Run:
        return QStringLiteral("run");
    case Phase::Done:
        return QStringLiteral("done");
    }
    return {};
}

// What the benchmark is doing now, shared (on the GUI thread) by the probes, the event tracer
// and the operator, so a stall can be reported with the phase and operator action it fell in.
struct BenchContext {
    Phase phase = Phase::Startup;
    std::int64_t startNs = nowNs(); // when the benchmark began
    QString activity;               // the operator's current action

    double secondsSinceStart(std::int64_t ns) const
    {
        return static_cast<double>(ns - startNs) / 1e9;
    }
};

} // namespace livesnap::bench
