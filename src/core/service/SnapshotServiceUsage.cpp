// SnapshotService: usage reports and their CSV export.
#include "service/SnapshotService.h"

#include "catalog/UsageRepository.h"
#include "storage/ObjectStore.h"
#include "usage/UsageReport.h"

#include <QTimeZone>

namespace livesnap {

namespace {
constexpr int ExportLinkSeconds = 30 * 60;
constexpr qint64 MaxUsageRangeDays = 366;

Status validateRange(const QDateTime &start, const QDateTime &end)
{
    if (!start.isValid()) {
        return Error::user(errc::MissingParameter + QStringLiteral(".StartTime"),
                           SnapshotService::tr("StartTime is required (ISO 8601 UTC)."));
    }
    if (!end.isValid()) {
        return Error::user(errc::MissingParameter + QStringLiteral(".EndTime"),
                           SnapshotService::tr("EndTime is required (ISO 8601 UTC)."));
    }
    if (end <= start) {
        return invalidParameter(QStringLiteral("EndTime"),
                                SnapshotService::tr("EndTime must be after StartTime."));
    }
    if (start.daysTo(end) > MaxUsageRangeDays) {
        return invalidParameter(
            QStringLiteral("EndTime"),
            SnapshotService::tr("Ask for at most %1 days at a time.").arg(MaxUsageRangeDays));
    }
    return success();
}
} // namespace

Result<UsageSummary> SnapshotService::describeLiveSnapshotUsage(const QDateTime &start,
                                                                const QDateTime &end,
                                                                const QString &jobId)
{
    if (auto s = validateRange(start, end); !s) {
        return s.error();
    }
    UsageRepository usage(m_catalog);
    auto intervals = usage.overlapping(start.toMSecsSinceEpoch(), end.toMSecsSinceEpoch(), jobId);
    if (!intervals) {
        return intervals.error();
    }
    UsageSummary summary;
    summary.days = usage::perJobAndDay(
        usage::split(*intervals, start.toMSecsSinceEpoch(), end.toMSecsSinceEpoch()));
    for (const UsageDay &day : summary.days) {
        summary.totalSeconds += day.durationSeconds;
    }
    return summary;
}

void SnapshotService::exportLiveSnapshotUsage(const QDateTime &start, const QDateTime &end,
                                              const SnapshotOutput &output, Reply<SignedLink> done)
{
    using Link = Result<SignedLink>;
    if (auto s = validateRange(start, end); !s) {
        answer(done, Link(s.error()));
        return;
    }
    auto location = storageLocation(output);
    if (!location) {
        answer(done, Link(location.error()));
        return;
    }
    UsageRepository usage(m_catalog);
    auto intervals =
        usage.overlapping(start.toMSecsSinceEpoch(), end.toMSecsSinceEpoch(), QString());
    if (!intervals) {
        answer(done, Link(intervals.error()));
        return;
    }
    const QByteArray csv =
        usage::toCsv(usage::split(*intervals, start.toMSecsSinceEpoch(), end.toMSecsSinceEpoch()));
    const QDateTime now = m_clock.now();
    const QString stamp = QStringLiteral("yyyyMMdd'T'HHmmss'Z'");
    const QString key = QStringLiteral("usage/usage_%1_%2_%3.csv")
                            .arg(start.toUTC().toString(stamp), end.toUTC().toString(stamp))
                            .arg(now.toMSecsSinceEpoch());
    // The upload and the signing run off this thread.
    storeTasks().run<Link>(
        openerFor(*location),
        [key, csv, now](ObjectStore &store, std::function<void(Link)> finish) {
            store.put(key, csv, [&store, key, now, finish](const Status &put) {
                if (!put) {
                    finish(put.error());
                    return;
                }
                auto url = store.presignGet(key, ExportLinkSeconds, now);
                if (!url) {
                    finish(url.error());
                    return;
                }
                finish(SignedLink{
                    *url, QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch() + ExportLinkSeconds,
                                                        QTimeZone::utc())});
            });
        },
        m_channel, std::move(done));
}

} // namespace livesnap
