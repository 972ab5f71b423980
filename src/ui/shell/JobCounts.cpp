#include "shell/JobCounts.h"

#include "jobs/JobText.h"

#include <QCoreApplication>
#include <QStringList>

namespace livesnap::ui {

JobCounts JobCounts::of(const QList<SnapshotJob> &jobs)
{
    JobCounts counts;
    for (const SnapshotJob &job : jobs) {
        const JobText::Condition condition = JobText::condition(job);
        if (JobText::isProblem(condition)) {
            ++counts.problem;
        } else if (condition == JobText::Condition::Live) {
            ++counts.live;
        } else if (condition == JobText::Condition::Starting) {
            ++counts.starting;
        } else {
            ++counts.stopped;
        }
    }
    return counts;
}

QString JobCounts::text() const
{
    QStringList parts;
    parts << tr("%n live", nullptr, live) << tr("%n with a problem", nullptr, problem);
    if (starting > 0) {
        parts << tr("%n starting", nullptr, starting);
    }
    parts << tr("%n stopped", nullptr, stopped);
    return parts.join(QStringLiteral(" · "));
}

} // namespace livesnap::ui
