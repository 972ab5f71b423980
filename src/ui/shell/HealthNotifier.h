#pragma once

#include "domain/SnapshotJob.h"
#include "jobs/JobText.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

namespace livesnap::ui {

// Turns jobs' health changes into desktop notifications: a running job becoming down, black,
// frozen or reconnecting, and recovering (live again). Fed the whole job list whenever it
// changes (setJobs); the first sight of a job and stops/starts by the operator are silent.
// Changes arriving within batchDelay are told together: one job by name, several as a
// summary ("5 streams are down"). A job is told about at most once per cooldown; a change
// within it is told when the cooldown ends, if it still holds then.
class HealthNotifier : public QObject {
    Q_OBJECT

public:
    static constexpr int DefaultBatchDelayMs = 1500;
    static constexpr int DefaultCooldownMs = 60 * 1000;

    explicit HealthNotifier(QObject *parent = nullptr);

    // Off: changes are still followed (so turning it on later does not tell old news) but
    // nothing is told.
    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }
    void setTiming(int batchDelayMs, int cooldownMs);

    // The current list of every job; ids missing from it are forgotten.
    void setJobs(const QList<SnapshotJob> &jobs);

signals:
    void notify(const QString &title, const QString &body);

private:
    struct Tracked {
        SnapshotJob job;
        JobText::Condition told = JobText::Condition::Stopped; // what the operator knows
        JobText::Condition now = JobText::Condition::Stopped;
        qint64 toldAtMs = -1;
    };

    void observe(const SnapshotJob &job);
    static bool worthTelling(const Tracked &tracked);
    void flush();
    void tell(const QList<const Tracked *> &changes);

    bool m_enabled = true;
    int m_batchDelayMs = DefaultBatchDelayMs;
    int m_cooldownMs = DefaultCooldownMs;
    QHash<QString, Tracked> m_jobs;
    QSet<QString> m_pending;
    QTimer m_flushTimer;
    QElapsedTimer m_clock;
};

} // namespace livesnap::ui
