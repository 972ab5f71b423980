#pragma once

#include "domain/Usage.h"

#include <QByteArray>
#include <QList>

namespace livesnap {

namespace usage {

// Clips intervals to [fromMs, toMs) and splits them at UTC midnight, ordered by start.
QList<UsagePiece> split(const QList<UsageInterval> &intervals, qint64 fromMs, qint64 toMs);
// Sums pieces per job and day (milliseconds summed first, then whole seconds).
QList<UsageDay> perJobAndDay(const QList<UsagePiece> &pieces);
// RFC 4180 CSV, UTF-8, CRLF line ends: JobId,JobName,Date,StartTime,EndTime,DurationSeconds.
QByteArray toCsv(const QList<UsagePiece> &pieces);

} // namespace usage
} // namespace livesnap
