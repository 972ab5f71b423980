#pragma once

#include <QDate>
#include <QDateTime>
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

namespace usage {

// Clips intervals to [fromMs, toMs) and splits them at UTC midnight, ordered by start.
QList<UsagePiece> split(const QList<UsageInterval> &intervals, qint64 fromMs, qint64 toMs);
// Sums pieces per job and day (milliseconds summed first, then whole seconds).
QList<UsageDay> perJobAndDay(const QList<UsagePiece> &pieces);
// RFC 4180 CSV, UTF-8, CRLF line ends: JobId,JobName,Date,StartTime,EndTime,DurationSeconds.
QByteArray toCsv(const QList<UsagePiece> &pieces);

} // namespace usage
} // namespace livesnap
