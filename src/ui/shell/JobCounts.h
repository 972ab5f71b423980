#pragma once

#include "domain/SnapshotJob.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace livesnap::ui {

// How many jobs are live, have a problem (down, black, frozen, reconnecting), are starting or
// are stopped (JobText::condition): what the status bar and the tray show.
struct JobCounts {
    int live = 0;
    int problem = 0;
    int starting = 0;
    int stopped = 0;

    static JobCounts of(const QList<SnapshotJob> &jobs);
    int total() const { return live + problem + starting + stopped; }
    // "3 live · 1 with a problem · 2 stopped" (starting only when some are).
    QString text() const;

    bool operator==(const JobCounts &) const = default;

    Q_DECLARE_TR_FUNCTIONS(livesnap::ui::JobCounts)
};

} // namespace livesnap::ui
