#pragma once

#include <QDate>
#include <QList>
#include <QString>

namespace livesnap {

// One stretch of time an engine ran a job (from the usage_intervals table).
struct UsageInterval {
    QString jobId;
    QString jobName;
    qint64 startMs = 0;
    qint64 endMs = 0;
};

// A piece of an interval within one UTC day, clipped to the queried range.
struct UsagePiece {
    QString jobId;
    QString jobName;
    QDate date; // UTC
    qint64 startMs = 0;
    qint64 endMs = 0;
    qint64 durationSeconds() const { return (endMs - startMs) / 1000; }
};

// Per job and UTC day.
struct UsageDay {
    QString jobId;
    QString jobName;
    QDate date;
    qint64 durationSeconds = 0;
};

struct UsageSummary {
    QList<UsageDay> days; // per job and UTC day
    qint64 totalSeconds = 0;
};

} // namespace livesnap
