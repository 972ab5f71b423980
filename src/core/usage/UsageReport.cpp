#include "usage/UsageReport.h"

#include "common/TimeFormat.h"

#include <QMap>
#include <QTimeZone>

#include <algorithm>

namespace livesnap::usage {

namespace {
QDateTime utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
}

qint64 nextMidnightMs(qint64 ms)
{
    return QDateTime(utc(ms).date().addDays(1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
}

// A cell a spreadsheet would take for a formula (OWASP "CSV injection"): one that starts with
// '=', '+', '-', '@', a tab or a carriage return.
bool startsLikeFormula(const QString &text)
{
    if (text.isEmpty()) {
        return false;
    }
    const QChar first = text.front();
    return first == QLatin1Char('=') || first == QLatin1Char('+') || first == QLatin1Char('-') ||
           first == QLatin1Char('@') || first == QLatin1Char('\t') || first == QLatin1Char('\r');
}

// A field as RFC 4180 wants it (quoted when it holds a comma, quote, CR or LF; quotes doubled),
// and a would-be formula neutralised by a leading single quote (and quoted, so every reader
// keeps that quote as part of the text).
QByteArray field(const QString &text)
{
    const bool formula = startsLikeFormula(text);
    QByteArray bytes = text.toUtf8();
    if (formula) {
        bytes.prepend('\'');
    }
    if (formula || bytes.contains(',') || bytes.contains('"') || bytes.contains('\n') ||
        bytes.contains('\r')) {
        bytes.replace("\"", "\"\"");
        return '"' + bytes + '"';
    }
    return bytes;
}
} // namespace

QList<UsagePiece> split(const QList<UsageInterval> &intervals, qint64 fromMs, qint64 toMs)
{
    QList<UsagePiece> pieces;
    for (const UsageInterval &interval : intervals) {
        qint64 start = qMax(interval.startMs, fromMs);
        const qint64 end = qMin(interval.endMs, toMs);
        while (start < end) {
            const qint64 cut = qMin(end, nextMidnightMs(start));
            pieces.append(
                UsagePiece{interval.jobId, interval.jobName, utc(start).date(), start, cut});
            start = cut;
        }
    }
    std::sort(pieces.begin(), pieces.end(), [](const UsagePiece &a, const UsagePiece &b) {
        return a.startMs != b.startMs ? a.startMs < b.startMs : a.jobId < b.jobId;
    });
    return pieces;
}

QList<UsageDay> perJobAndDay(const QList<UsagePiece> &pieces)
{
    QMap<std::pair<QString, QDate>, std::pair<QString, qint64>> sums; // -> name, ms
    for (const UsagePiece &p : pieces) {
        auto &sum = sums[{p.jobId, p.date}];
        if (!p.jobName.isEmpty()) {
            sum.first = p.jobName;
        }
        sum.second += p.endMs - p.startMs;
    }
    QList<UsageDay> days;
    for (auto it = sums.cbegin(); it != sums.cend(); ++it) {
        days.append(
            UsageDay{it.key().first, it.value().first, it.key().second, it.value().second / 1000});
    }
    std::sort(days.begin(), days.end(), [](const UsageDay &a, const UsageDay &b) {
        return a.date != b.date ? a.date < b.date : a.jobId < b.jobId;
    });
    return days;
}

QByteArray toCsv(const QList<UsagePiece> &pieces)
{
    QByteArray csv = "JobId,JobName,Date,StartTime,EndTime,DurationSeconds\r\n";
    for (const UsagePiece &p : pieces) {
        csv += field(p.jobId) + ',' + field(p.jobName) + ',' + field(p.date.toString(Qt::ISODate)) +
               ',' + field(formatApiTime(utc(p.startMs))) + ',' +
               field(formatApiTime(utc(p.endMs))) + ',' + QByteArray::number(p.durationSeconds()) +
               "\r\n";
    }
    return csv;
}

} // namespace livesnap::usage
