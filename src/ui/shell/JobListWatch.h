#pragma once

#include "domain/SnapshotJob.h"
#include "shell/JobCounts.h"

#include <QList>
#include <QObject>
#include <QTimer>

namespace livesnap::ui {

class JobListModel;

// Follows the job list model (which follows the engine's job events) and tells, coalesced,
// the whole list and its counts whenever a row is added, changed or removed: what the status
// bar, the tray and the health notifier are fed.
class JobListWatch : public QObject {
    Q_OBJECT

public:
    explicit JobListWatch(JobListModel *model, QObject *parent = nullptr);

    const QList<SnapshotJob> &jobs() const { return m_jobs; }
    JobCounts counts() const { return m_counts; }

signals:
    void jobsChanged(const QList<SnapshotJob> &jobs);
    void countsChanged(const livesnap::ui::JobCounts &counts);

private:
    void scheduleUpdate();
    void update();

    JobListModel *m_model = nullptr;
    QList<SnapshotJob> m_jobs;
    JobCounts m_counts;
    QTimer m_updateTimer;
};

} // namespace livesnap::ui
