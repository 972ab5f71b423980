#include "engine/Supervisor.h"

#include "common/Logging.h"
#include "domain/TemplateRules.h"
#include "service/SnapshotService.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QTimeZone>
#include <QUuid>

#include <cerrno>
#include <csignal>

namespace livesnap {

namespace {
// Lease bookkeeping failures are retried on the next tick; say so and go on.
void warnIfFailed(const Status &status, const char *what)
{
    if (!status) {
        qCWarning(lcSupervisor) << what << "failed:" << status.error().message;
    }
}
// Rows of engines that stopped beating stay visible (not alive) for a day, then go.
constexpr qint64 EngineRowsKeptMs = 24 * 3600 * 1000;
constexpr qint64 EnginePruneEveryMs = 3600 * 1000;
// Owner ids read "role@host:pid:nonce". An owner on this host whose process is gone cannot
// renew its leases: waiting for them to expire would only delay the jobs.
bool isDeadLocalOwner(const QString &owner)
{
    static const QRegularExpression pattern(QStringLiteral("@(.+):([0-9]+):[0-9a-f]+$"));
    const auto m = pattern.match(owner);
    if (!m.hasMatch() || m.captured(1) != QHostInfo::localHostName()) {
        return false;
    }
    const auto pid = static_cast<pid_t>(m.captured(2).toLongLong());
    return pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH;
}
} // namespace

Supervisor::Supervisor(SnapshotService &service, QString ownerId, Options options, QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_engines(service.catalog())
    , m_host(QHostInfo::localHostName())
    , m_leases(service.catalog())
    , m_usage(service.catalog())
    , m_ownerId(std::move(ownerId))
    , m_options(options)
{
    m_timer.setInterval(m_options.tickMs);
    connect(&m_timer, &QTimer::timeout, this, &Supervisor::tick);
}

Supervisor::~Supervisor()
{
    shutdown();
}

QString Supervisor::makeOwnerId(const QString &role)
{
    return QStringLiteral("%1@%2:%3:%4")
        .arg(role, QHostInfo::localHostName())
        .arg(QCoreApplication::applicationPid())
        .arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
}

void Supervisor::start()
{
    qCInfo(lcSupervisor) << "engine" << m_ownerId << "supervising";
    m_startTimeMs = m_service.clock().nowMs();
    registerEngine(m_startTimeMs);
    tick();
    m_timer.start();
}

void Supervisor::registerEngine(qint64 nowMs)
{
    EngineInfo self;
    self.engineId = m_ownerId;
    self.host = m_host;
    self.pid = QCoreApplication::applicationPid();
    self.version = QCoreApplication::applicationVersion();
    self.startTime = QDateTime::fromMSecsSinceEpoch(m_startTimeMs, QTimeZone::utc());
    self.jobCount = int(m_held.size());
    self.capacity = m_options.capacity;
    self.capture = m_options.capture;
    const Status s = m_engines.registerEngine(self, nowMs);
    m_registered = bool(s);
    warnIfFailed(s, "registering the engine");
}

void Supervisor::beatEngine(qint64 nowMs)
{
    if (!m_registered) {
        registerEngine(nowMs);
    } else if (auto beat = m_engines.heartbeat(m_ownerId, nowMs, int(m_held.size())); !beat) {
        warnIfFailed(beat.error(), "recording the engine's heartbeat");
    } else if (!*beat) {
        // Pruned while this engine was paused (or removed by hand): it is alive, say so again.
        qCInfo(lcSupervisor) << "engine" << m_ownerId << "registers again";
        registerEngine(nowMs);
    }
    if (nowMs - m_lastPruneMs >= EnginePruneEveryMs) {
        m_lastPruneMs = nowMs;
        warnIfFailed(m_engines.prune(nowMs, EngineRowsKeptMs), "pruning dead engines");
    }
}

void Supervisor::shutdown()
{
    m_timer.stop();
    if (m_registered) {
        m_registered = false;
        warnIfFailed(m_engines.unregisterEngine(m_ownerId), "unregistering the engine");
    }
    if (m_held.empty()) {
        return;
    }
    const QStringList ids = runningJobIds();
    for (auto &[id, held] : m_held) {
        if (held.runner) {
            held.runner->requestStop();
        }
    }
    for (const QString &id : ids) {
        drop(id, false);
    }
    if (auto s = m_leases.releaseAll(m_ownerId); !s) {
        qCWarning(lcSupervisor) << "could not release leases:" << s.error().message;
    }
    qCInfo(lcSupervisor) << "engine" << m_ownerId << "released" << ids.size() << "job(s)";
}

qint64 Supervisor::epochOf(const QString &jobId) const
{
    const auto it = m_held.find(jobId);
    return it == m_held.end() ? 0 : it->second.epoch;
}

QStringList Supervisor::runningJobIds() const
{
    QStringList ids;
    for (const auto &[id, held] : m_held) {
        ids << id;
    }
    return ids;
}

void Supervisor::tick()
{
    const qint64 now = m_service.clock().nowMs();
    // Last, whatever this round managed: the engine's heartbeat with the jobs it now holds.
    const auto beat = qScopeGuard([this, now] { beatEngine(now); });
    // 1. Renew; a lease we lost (we stalled past its expiry and someone took it) stops its job.
    auto renewed = m_leases.renewAll(m_ownerId, now, m_options.leaseTtlMs);
    if (!renewed) {
        qCWarning(lcSupervisor) << "lease renewal failed:" << renewed.error().message;
        return;
    }
    if (now - m_lastUsageBeatMs >= m_options.usageHeartbeatMs) {
        beatUsage(now);
    }
    const QSet<QString> stillHeld(renewed->cbegin(), renewed->cend());
    for (const QString &id : runningJobIds()) {
        if (!stillHeld.contains(id)) {
            qCWarning(lcSupervisor) << "lost the lease of job" << id;
            drop(id, false);
        }
    }
    // 2. Reconcile with the catalog: stopped or deleted jobs end, restarted ones start afresh.
    auto held = m_leases.heldStartedJobs(m_ownerId);
    if (!held) {
        qCWarning(lcSupervisor) << "cannot read held jobs:" << held.error().message;
        return;
    }
    QHash<QString, StartedJob> started;
    for (const StartedJob &job : *held) {
        started.insert(job.jobId, job);
    }
    for (const QString &id : runningJobIds()) {
        const auto it = started.constFind(id);
        if (it == started.cend()) {
            drop(id, true);
        } else if (it->runGeneration != m_held.at(id).runGeneration) {
            qCInfo(lcSupervisor) << "restarting job" << id;
            drop(id, false);
            launch(*it);
        } else if (Held &running = m_held.at(id); it->snapshotRequests > running.snapshotRequests) {
            // However many arrived since the last tick: one snapshot, at the next keyframe.
            running.snapshotRequests = it->snapshotRequests;
            if (running.runner) {
                qCInfo(lcSupervisor) << "snapshot requested for job" << id;
                running.runner->requestSnapshot();
            }
        }
    }
    // Leases of ours whose job is no longer started (e.g. stopped while we were not running it).
    for (const QString &id : *renewed) {
        if (!started.contains(id) && !m_held.count(id)) {
            warnIfFailed(m_leases.release(id, m_ownerId), "releasing a lease");
        }
    }
    // 3. Acquire free or expired leases up to capacity, and those of dead engines on this host.
    int room = m_options.capacity - int(m_held.size());
    if (room <= 0) {
        return;
    }
    if (auto others = m_leases.othersLeases(m_ownerId, now)) {
        for (const auto &[jobId, owner] : *others) {
            if (room <= 0 || !isDeadLocalOwner(owner)) {
                continue;
            }
            auto taken = m_leases.takeOver(jobId, owner, m_ownerId, now, m_options.leaseTtlMs);
            auto generation = m_leases.heldStartedJobs(m_ownerId);
            if (taken && *taken && generation) {
                for (const StartedJob &job : *generation) {
                    if (job.jobId == jobId) {
                        qCInfo(lcSupervisor)
                            << "took job" << jobId << "over from dead engine" << owner;
                        launch(job);
                        --room;
                    }
                }
            }
        }
    }
    // Free jobs: no more than a fair share, so that jobs spread over the engines; engines silent
    // for a lease TTL do not count (their jobs are free again by then).
    if (auto share = m_engines.fairShare(now, m_options.leaseTtlMs); share) {
        room = std::min(room, *share - int(m_held.size()));
    } else {
        qCWarning(lcSupervisor) << "cannot count the engines:" << share.error().message;
    }
    if (room > 0 && !claim(now, room, 0)) {
        return;
    }
    // Jobs free for a few ticks that no engine took within its share (the others are full,
    // or on another host): whoever has room runs them.
    if (const int left = m_options.capacity - int(m_held.size()); left > 0) {
        claim(now, left, now - std::max<qint64>(3 * qint64(m_options.tickMs), 2000));
    }
}

bool Supervisor::claim(qint64 nowMs, int limit, qint64 freeBeforeMs)
{
    auto claimed =
        m_leases.claimUnleased(m_ownerId, nowMs, m_options.leaseTtlMs, limit, m_host, freeBeforeMs);
    if (!claimed) {
        qCWarning(lcSupervisor) << "cannot claim started jobs:" << claimed.error().message;
        return false;
    }
    for (const StartedJob &job : *claimed) {
        launch(job);
    }
    return true;
}

void Supervisor::launch(const StartedJob &started)
{
    const QString &jobId = started.jobId;
    m_lost.remove(jobId); // ours again, under a newer epoch
    Held held;
    held.runGeneration = started.runGeneration;
    held.epoch = started.epoch;
    // Snapshots asked for before it ran: its first keyframe is taken anyway.
    held.snapshotRequests = started.snapshotRequests;
    auto job = m_service.getLiveSnapshotJob(jobId);
    if (!job) {
        qCWarning(lcSupervisor) << "cannot load job" << jobId << job.error().message;
        warnIfFailed(m_leases.release(jobId, m_ownerId), "releasing a lease");
        return;
    }
    if (auto s = rules::validateTemplateForJobs(job->templateId, job->templateName,
                                                job->overwriteFormat, job->sequenceFormat);
        !s) {
        // Started before {JobId} became required: running it could write over, or delete,
        // another job's files. Held (so no other engine tries) but not run, with an alert; an
        // edited template and a restart run it.
        held.refused = true;
        m_held.emplace(jobId, std::move(held));
        warnIfFailed(m_service.reportJobAlert(jobId, s.error().code + QStringLiteral(": ") +
                                                         s.error().message),
                     "recording an alert");
        warnIfFailed(m_service.addJobEvent(jobId, QStringLiteral("engine"),
                                           tr("Not capturing: %1").arg(s.error().message)),
                     "recording an event");
        qCWarning(lcSupervisor) << "not running job" << jobId << ":" << s.error().code;
        return;
    }
    if (m_factory) {
        held.runner = m_factory(*job);
    }
    // Usage runs from now while this engine holds the job; heartbeats extend it.
    held.usageStartMs = m_service.clock().nowMs();
    warnIfFailed(m_usage.open(jobId, job->jobName, m_ownerId, held.usageStartMs),
                 "opening a usage interval");
    m_held.emplace(jobId, std::move(held));
    warnIfFailed(m_service.addJobEvent(jobId, QStringLiteral("engine"),
                                       tr("Engine %1 took the job.").arg(m_ownerId)),
                 "recording an event");
    if (job->streamInput.usesTls() && !job->streamInput.tlsVerify) {
        warnIfFailed(m_service.addJobEvent(jobId, QStringLiteral("engine"),
                                           tr("TLS verification is off for this stream: its "
                                              "server's certificate is not checked (insecure).")),
                     "recording an event");
    }
    qCInfo(lcSupervisor) << "running job" << jobId;
    emit jobAcquired(jobId);
}

void Supervisor::beatUsage(qint64 nowMs)
{
    m_lastUsageBeatMs = nowMs;
    CatalogTransaction tx(m_service.catalog());
    for (const auto &[id, held] : m_held) {
        if (!held.refused) {
            // Fenced: after a pause past the lease, the new holder's interval counts, not ours.
            warnIfFailed(m_usage.extend(id, held.usageStartMs, nowMs, {m_ownerId, held.epoch}),
                         "extending usage");
        }
    }
    warnIfFailed(tx.commit(), "recording usage");
}

void Supervisor::drop(const QString &jobId, bool releaseLease)
{
    auto it = m_held.find(jobId);
    if (it == m_held.end()) {
        return;
    }
    if (!releaseLease) {
        (void)noteIfLost(jobId, it->second);
    }
    if (!it->second.refused) {
        warnIfFailed(m_usage.extend(jobId, it->second.usageStartMs, m_service.clock().nowMs(),
                                    {m_ownerId, it->second.epoch}),
                     "closing a usage interval");
    }
    m_held.erase(it); // destroys the runner, which stops the job
    if (releaseLease) {
        warnIfFailed(m_leases.release(jobId, m_ownerId), "releasing a lease");
    }
    qCInfo(lcSupervisor) << "released job" << jobId;
    emit jobReleased(jobId);
}

LeaseFence Supervisor::fenceOf(const QString &jobId) const
{
    if (const auto it = m_held.find(jobId); it != m_held.end()) {
        return {m_ownerId, it->second.epoch};
    }
    if (const auto lost = m_lost.constFind(jobId); lost != m_lost.cend()) {
        return {m_ownerId, *lost};
    }
    return {};
}

void Supervisor::onLeaseLost(const QString &jobId)
{
    const auto it = m_held.find(jobId);
    if (it == m_held.end() || !noteIfLost(jobId, it->second)) {
        return; // already stopped, or the refusal was not about our lease
    }
    drop(jobId, false);
}

bool Supervisor::noteIfLost(const QString &jobId, const Held &held)
{
    if (m_lost.contains(jobId)) {
        return true;
    }
    auto ours = m_leases.holds(jobId, m_ownerId, held.epoch);
    if (!ours || *ours) {
        return false; // still ours (expired at most: this engine may claim it again)
    }
    m_lost.insert(jobId, held.epoch);
    auto holder = m_leases.owner(jobId, m_service.clock().nowMs());
    const QString now = holder && !holder->isEmpty() ? tr("engine %1 holds the job.").arg(*holder)
                                                     : tr("no engine holds the job at the moment.");
    qCWarning(lcSupervisor) << "engine" << m_ownerId << "lost the lease of job" << jobId << "epoch"
                            << held.epoch << "to" << (holder ? *holder : QString());
    warnIfFailed(m_service.addJobEvent(jobId, QStringLiteral("engine"),
                                       tr("Engine %1 lost its lease (epoch %2) while paused; "
                                          "stopped capturing; %3")
                                           .arg(m_ownerId)
                                           .arg(held.epoch)
                                           .arg(now)),
                 "recording an event");
    return true;
}

} // namespace livesnap
