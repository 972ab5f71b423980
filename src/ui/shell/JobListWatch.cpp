#include "shell/JobListWatch.h"

#include "models/JobListModel.h"

namespace livesnap::ui {

JobListWatch::JobListWatch(JobListModel *model, QObject *parent)
    : QObject(parent)
    , m_model(model)
{
    // Many rows change at once (a reload, 100 jobs after a network blip): read them once.
    m_updateTimer.setSingleShot(true);
    m_updateTimer.setInterval(0);
    connect(&m_updateTimer, &QTimer::timeout, this, &JobListWatch::update);
    connect(model, &QAbstractItemModel::dataChanged, this, &JobListWatch::scheduleUpdate);
    connect(model, &QAbstractItemModel::rowsInserted, this, &JobListWatch::scheduleUpdate);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &JobListWatch::scheduleUpdate);
    connect(model, &QAbstractItemModel::modelReset, this, &JobListWatch::scheduleUpdate);
    connect(model, &QAbstractItemModel::layoutChanged, this, &JobListWatch::scheduleUpdate);
    scheduleUpdate();
}

void JobListWatch::scheduleUpdate()
{
    m_updateTimer.start();
}

void JobListWatch::update()
{
    QList<SnapshotJob> jobs;
    jobs.reserve(m_model->rowCount());
    for (int row = 0; row < m_model->rowCount(); ++row) {
        jobs.append(m_model->jobAt(row));
    }
    if (jobs == m_jobs) {
        return;
    }
    m_jobs = jobs;
    emit jobsChanged(m_jobs);
    const JobCounts counts = JobCounts::of(m_jobs);
    if (counts != m_counts) {
        m_counts = counts;
        emit countsChanged(m_counts);
    }
}

} // namespace livesnap::ui
