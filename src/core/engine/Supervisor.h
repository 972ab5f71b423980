#pragma once

#include "catalog/EngineRepository.h"
#include "catalog/LeaseFence.h"
#include "catalog/LeaseRepository.h"
#include "catalog/UsageRepository.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>

namespace livesnap {

class SnapshotService;
struct SnapshotJob;

// Something that runs one leased job (the capture worker); destroying it stops the job.
class RunningJob {
public:
    virtual ~RunningJob() = default;
    // Asks the job to stop without waiting, so that many can wind down at once.
    virtual void requestStop() {}
    // One more snapshot at the next keyframe (a "snapshot" command); must not block.
    virtual void requestSnapshot() {}
};

// Leases the started jobs this engine can take and runs them. Each tick renews the leases it
// holds, drops jobs that were stopped, deleted or restarted (from any process), passes on
// "snapshot" commands (from any process), and takes free or expired leases up to its capacity. Two
// supervisors on one catalog never hold the same job; a job whose engine died is taken over once
// its lease expires. The engine registers itself on the catalog (the engines table, ListEngines)
// when it starts, beats each tick with the number of jobs it holds, and unregisters when it
// stops.
class Supervisor : public QObject {
    Q_OBJECT

public:
    struct Options {
        int tickMs = 1000;           // how soon a command from another process takes effect
        int leaseTtlMs = 10000;      // how long a dead engine's jobs stay blocked
        int capacity = 1000;         // most jobs this engine runs at once
        int usageHeartbeatMs = 5000; // a crash loses at most this much of a job's usage
        // false: a console (capacity 0) that registers and beats, so ListEngines shows it,
        // but runs no job and does not count in the fair share
        bool capture = true;
    };
    using RunnerFactory = std::function<std::unique_ptr<RunningJob>(const SnapshotJob &)>;

    Supervisor(SnapshotService &service, QString ownerId, Options options,
               QObject *parent = nullptr);
    ~Supervisor() override;

    // Without a factory the supervisor only holds leases (used by tests of leasing).
    void setRunnerFactory(RunnerFactory factory) { m_factory = std::move(factory); }

    void start();
    // Stops every job it runs and releases its leases, so another engine can take them now.
    void shutdown();
    // One round of renew / reconcile / acquire; the timer calls it, tests may too.
    void tick();

    QString ownerId() const { return m_ownerId; }
    QStringList runningJobIds() const;
    // The epoch of this engine's lease of a job it runs (0 when it does not run it): what its
    // writes for the job are fenced with.
    qint64 epochOf(const QString &jobId) const;

    static QString makeOwnerId(const QString &role);

    // The lease this engine's writes for a job are fenced with: its current one while it runs
    // the job; the one it lost, for a job another engine took from it (so whatever it captured
    // under that lease is refused); empty for a job it never held (unfenced, e.g. snapshots
    // recovered from the spool at start).
    LeaseFence fenceOf(const QString &jobId) const;
    // A write for the job was refused under its fence: if another engine holds the job now,
    // stop it here and say so in its events (the lease is not released: it is not ours).
    void onLeaseLost(const QString &jobId);

signals:
    void jobAcquired(const QString &jobId);
    void jobReleased(const QString &jobId);

private:
    struct Held {
        qint64 runGeneration = 0;
        qint64 epoch = 0;            // of the lease it runs under
        qint64 snapshotRequests = 0; // the job's "snapshot" commands carried out (or before us)
        qint64 usageStartMs = 0;     // the open usage interval
        std::unique_ptr<RunningJob> runner;
        bool refused = false; // held but not run: its template breaks a naming rule
    };
    void launch(const StartedJob &job);
    void drop(const QString &jobId, bool releaseLease);
    void beatUsage(qint64 nowMs);
    // The engines table: this engine's row and its heartbeat; rows of long-dead engines pruned.
    void registerEngine(qint64 nowMs);
    // Claims and runs up to `limit` free jobs (free since before freeBeforeMs, when > 0).
    bool claim(qint64 nowMs, int limit, qint64 freeBeforeMs);
    void beatEngine(qint64 nowMs);
    // Whether this engine lost a held job's lease to another engine (or a newer epoch); if so,
    // records it (event, the fence kept for its late writes) and returns true.
    bool noteIfLost(const QString &jobId, const Held &held);

    SnapshotService &m_service;
    EngineRepository m_engines;
    QString m_host;           // this machine: jobs on its local folders may run here
    qint64 m_startTimeMs = 0; // when start() registered the engine
    qint64 m_lastPruneMs = 0; // engine rows of dead engines are pruned now and then
    bool m_registered = false;
    LeaseRepository m_leases;
    UsageRepository m_usage;
    qint64 m_lastUsageBeatMs = 0;
    QString m_ownerId;
    Options m_options;
    RunnerFactory m_factory;
    QTimer m_timer;
    std::map<QString, Held> m_held;
    QHash<QString, qint64> m_lost; // job -> the epoch of the lease another engine took from us
};

} // namespace livesnap
