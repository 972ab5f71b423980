#include "shell/HealthNotifier.h"

#include "shell/ShellLogging.h"

#include <QMap>
#include <QStringList>

#include <algorithm>

namespace livesnap::ui {

namespace {

using Condition = JobText::Condition;

// How many job names a summary lists before "and N more".
constexpr int NamesInSummary = 5;

QString singleTitle(Condition condition, const QString &name)
{
    switch (condition) {
    case Condition::Down:
        return HealthNotifier::tr("%1: stream down").arg(name);
    case Condition::Black:
        return HealthNotifier::tr("%1: black picture").arg(name);
    case Condition::Frozen:
        return HealthNotifier::tr("%1: frozen picture").arg(name);
    case Condition::Reconnecting:
        return HealthNotifier::tr("%1: reconnecting").arg(name);
    default:
        return HealthNotifier::tr("%1: live again").arg(name);
    }
}

// A summary's line head: what the named jobs have become.
QString summaryLine(Condition condition)
{
    switch (condition) {
    case Condition::Down:
        return HealthNotifier::tr("Down");
    case Condition::Black:
        return HealthNotifier::tr("Black picture");
    case Condition::Frozen:
        return HealthNotifier::tr("Frozen picture");
    case Condition::Reconnecting:
        return HealthNotifier::tr("Reconnecting");
    default:
        return HealthNotifier::tr("Live again");
    }
}

// Only for two or more streams (one is told by name), so the English plural is right.
QString summaryTitle(Condition condition, int n)
{
    switch (condition) {
    case Condition::Down:
        return HealthNotifier::tr("%n streams are down", nullptr, n);
    case Condition::Black:
        return HealthNotifier::tr("%n streams show a black picture", nullptr, n);
    case Condition::Frozen:
        return HealthNotifier::tr("%n streams show a frozen picture", nullptr, n);
    case Condition::Reconnecting:
        return HealthNotifier::tr("%n streams are reconnecting", nullptr, n);
    default:
        return HealthNotifier::tr("%n streams are live again", nullptr, n);
    }
}

QString jobName(const SnapshotJob &job)
{
    return job.jobName.isEmpty() ? job.jobId : job.jobName;
}

} // namespace

HealthNotifier::HealthNotifier(QObject *parent)
    : QObject(parent)
{
    m_clock.start();
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, &HealthNotifier::flush);
}

void HealthNotifier::setEnabled(bool enabled)
{
    m_enabled = enabled;
    if (!enabled) {
        for (const QString &id : std::as_const(m_pending)) {
            Tracked &tracked = m_jobs[id];
            tracked.told = tracked.now;
        }
        m_pending.clear();
        m_flushTimer.stop();
    }
}

void HealthNotifier::setTiming(int batchDelayMs, int cooldownMs)
{
    m_batchDelayMs = batchDelayMs;
    m_cooldownMs = cooldownMs;
}

void HealthNotifier::setJobs(const QList<SnapshotJob> &jobs)
{
    QSet<QString> seen;
    for (const SnapshotJob &job : jobs) {
        seen.insert(job.jobId);
        observe(job);
    }
    for (auto it = m_jobs.begin(); it != m_jobs.end();) {
        if (seen.contains(it.key())) {
            ++it;
        } else {
            m_pending.remove(it.key());
            it = m_jobs.erase(it);
        }
    }
}

bool HealthNotifier::worthTelling(const Tracked &tracked)
{
    if (tracked.now == tracked.told) {
        return false;
    }
    // A new problem, or a different one; or live again after one.
    return JobText::isProblem(tracked.now) ||
           (tracked.now == Condition::Live && JobText::isProblem(tracked.told));
}

void HealthNotifier::observe(const SnapshotJob &job)
{
    const Condition condition = JobText::condition(job);
    auto it = m_jobs.find(job.jobId);
    if (it == m_jobs.end()) {
        // First sight (the first load, a job submitted elsewhere): nothing changed yet.
        m_jobs.insert(job.jobId, Tracked{job, condition, condition, -1});
        return;
    }
    Tracked &tracked = *it;
    tracked.job = job;
    tracked.now = condition;
    if (!m_enabled || !worthTelling(tracked)) {
        // Stopped, starting, live without a problem before, or back to what was told: the
        // operator's picture is right again without a word.
        tracked.told = condition;
        m_pending.remove(job.jobId);
        return;
    }
    m_pending.insert(job.jobId);
    if (!m_flushTimer.isActive()) {
        m_flushTimer.start(m_batchDelayMs);
    }
}

void HealthNotifier::flush()
{
    const qint64 nowMs = m_clock.elapsed();
    QList<const Tracked *> due;
    qint64 nextDueMs = -1;
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        Tracked &tracked = m_jobs[*it];
        if (!worthTelling(tracked)) {
            it = m_pending.erase(it);
            continue;
        }
        const qint64 readyAt = tracked.toldAtMs < 0 ? nowMs : tracked.toldAtMs + m_cooldownMs;
        if (readyAt > nowMs) {
            nextDueMs = nextDueMs < 0 ? readyAt : std::min(nextDueMs, readyAt);
            ++it;
            continue;
        }
        tracked.told = tracked.now;
        tracked.toldAtMs = nowMs;
        due.append(&tracked);
        it = m_pending.erase(it);
    }
    if (!due.isEmpty()) {
        tell(due);
    }
    if (nextDueMs >= 0) {
        m_flushTimer.start(int(std::max<qint64>(nextDueMs - nowMs, m_batchDelayMs)));
    }
}

void HealthNotifier::tell(const QList<const Tracked *> &changes)
{
    if (changes.size() == 1) {
        const SnapshotJob &job = changes.first()->job;
        const Condition condition = changes.first()->now;
        const QString body = condition == Condition::Live ? tr("Snapshots are being taken again.")
                                                          : JobText::problem(job);
        qCInfo(lcShell) << "notifying" << job.jobId << int(condition);
        emit notify(singleTitle(condition, jobName(job)), body);
        return;
    }
    // Several at once: one summary, worst first, naming a few jobs of each kind.
    QMap<Condition, QStringList> byCondition;
    for (const Tracked *tracked : changes) {
        byCondition[tracked->now].append(jobName(tracked->job));
    }
    QStringList lines;
    for (auto it = byCondition.begin(); it != byCondition.end(); ++it) {
        QStringList names = *it;
        names.sort(Qt::CaseInsensitive);
        const int more = int(names.size()) - NamesInSummary;
        if (more > 0) {
            names = names.mid(0, NamesInSummary);
            names << tr("and %n more", nullptr, more);
        }
        lines << tr("%1: %2").arg(summaryLine(it.key()), names.join(QStringLiteral(", ")));
    }
    const QString title = byCondition.size() == 1
                              ? summaryTitle(byCondition.firstKey(), int(changes.size()))
                              : tr("%n streams changed", nullptr, int(changes.size()));
    qCInfo(lcShell) << "notifying a summary of" << changes.size() << "changes";
    emit notify(title, lines.join(QLatin1Char('\n')));
}

} // namespace livesnap::ui
