#include "service/UsageOperations.h"

#include "catalog/UsageRepository.h"
#include "service/StorageLocationOperations.h"
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
                           UsageOperations::tr("StartTime is required (ISO 8601 UTC)."));
    }
    if (!end.isValid()) {
        return Error::user(errc::MissingParameter + QStringLiteral(".EndTime"),
                           UsageOperations::tr("EndTime is required (ISO 8601 UTC)."));
    }
    if (end <= start) {
        return invalidParameter(QStringLiteral("EndTime"),
                                UsageOperations::tr("EndTime must be after StartTime."));
    }
    if (start.daysTo(end) > MaxUsageRangeDays) {
        return invalidParameter(
            QStringLiteral("EndTime"),
            UsageOperations::tr("Ask for at most %1 days at a time.").arg(MaxUsageRangeDays));
    }
    return success();
}
} // namespace

UsageOperations::UsageOperations(ServiceContext &context, StorageLocationOperations &locations)
    : m_context(context)
    , m_locations(locations)
{}

Result<UsageSummary> UsageOperations::describeLiveSnapshotUsage(const QDateTime &start,
                                                                const QDateTime &end,
                                                                const QString &jobId)
{
    if (auto s = validateRange(start, end); !s) {
        return s.error();
    }
    UsageRepository usage(m_context.catalog());
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

void UsageOperations::exportLiveSnapshotUsage(const QDateTime &start, const QDateTime &end,
                                              const SnapshotOutput &output, Reply<SignedLink> done)
{
    using Link = Result<SignedLink>;
    if (auto s = validateRange(start, end); !s) {
        m_context.answer(done, Link(s.error()));
        return;
    }
    auto location = m_locations.storageLocation(output);
    if (!location) {
        m_context.answer(done, Link(location.error()));
        return;
    }
    UsageRepository usage(m_context.catalog());
    auto intervals =
        usage.overlapping(start.toMSecsSinceEpoch(), end.toMSecsSinceEpoch(), QString());
    if (!intervals) {
        m_context.answer(done, Link(intervals.error()));
        return;
    }
    const QByteArray csv =
        usage::toCsv(usage::split(*intervals, start.toMSecsSinceEpoch(), end.toMSecsSinceEpoch()));
    const QDateTime now = m_context.clock().now();
    const QString stamp = QStringLiteral("yyyyMMdd'T'HHmmss'Z'");
    const QString key = QStringLiteral("usage/usage_%1_%2_%3.csv")
                            .arg(start.toUTC().toString(stamp), end.toUTC().toString(stamp))
                            .arg(now.toMSecsSinceEpoch());
    // The upload and the signing run off this thread.
    m_context.storeTasks().run<Link>(
        m_locations.openerFor(*location),
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
                // No local path: the export is fetched by its link, wherever it is stored.
                finish(SignedLink{*url,
                                  QDateTime::fromSecsSinceEpoch(
                                      now.toSecsSinceEpoch() + ExportLinkSeconds, QTimeZone::utc()),
                                  QString()});
            });
        },
        m_context.channel(), std::move(done));
}

} // namespace livesnap
