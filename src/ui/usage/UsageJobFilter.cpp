#include "usage/UsageJobFilter.h"

#include "engine/EngineHost.h"
#include "models/PagedFetch.h"

#include <QSignalBlocker>

#include <algorithm>

namespace livesnap::ui {

UsageJobFilter::UsageJobFilter(EngineHost &host, QWidget *parent)
    : QComboBox(parent)
    , m_host(host)
{
    setObjectName(QStringLiteral("usageJobFilter"));
    setToolTip(tr("Show the usage of one job or of all jobs"));
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    setMinimumContentsLength(16);
    addItem(tr("All jobs"), QString());
    connect(host.events(), &EngineEvents::jobRemoved, this, &UsageJobFilter::reload);
    connect(host.events(), &EngineEvents::jobChanged, this, [this](const QString &jobId) {
        if (findData(jobId) < 0) {
            reload(); // a new job
        }
    });
    connect(this, &QComboBox::activated, this, [this] { emit jobSelected(selectedJobId()); });
    reload();
}

QString UsageJobFilter::selectedJobId() const
{
    return currentData().toString();
}

bool UsageJobFilter::selectJob(const QString &jobId)
{
    const int index = findData(jobId);
    setCurrentIndex(index < 0 ? 0 : index);
    emit jobSelected(selectedJobId());
    return index >= 0;
}

void UsageJobFilter::reload()
{
    if (m_inFlight) {
        m_dirty = true;
        return;
    }
    if (!m_host.isRunning()) {
        return;
    }
    m_inFlight = true;
    m_dirty = false;
    m_host.call(
        this,
        [](SnapshotService &service) {
            return fetchAllPages<SnapshotJob>(JobQuery(), [&service](const JobQuery &q) {
                return service.listLiveSnapshotJobs(q);
            });
        },
        [this](Result<QList<SnapshotJob>> result) {
            m_inFlight = false;
            if (result) {
                QList<SnapshotJob> jobs = std::move(*result);
                std::sort(jobs.begin(), jobs.end(), [](const SnapshotJob &a, const SnapshotJob &b) {
                    const int byName = QString::localeAwareCompare(a.jobName, b.jobName);
                    return byName != 0 ? byName < 0 : a.jobId < b.jobId;
                });
                const QString selected = selectedJobId();
                {
                    // Rebuilding the list is not the user picking a job.
                    const QSignalBlocker blocker(this);
                    while (count() > 1) {
                        removeItem(count() - 1);
                    }
                    for (const SnapshotJob &job : std::as_const(jobs)) {
                        addItem(job.jobName.isEmpty() ? job.jobId : job.jobName, job.jobId);
                        setItemData(count() - 1, tr("Job ID: %1").arg(job.jobId), Qt::ToolTipRole);
                    }
                    const int index = findData(selected);
                    setCurrentIndex(index < 0 ? 0 : index);
                }
                if (selectedJobId() != selected) {
                    emit jobSelected(selectedJobId()); // the selected job was deleted
                }
                emit loaded();
            }
            if (m_dirty) {
                reload();
            }
        });
}

} // namespace livesnap::ui
