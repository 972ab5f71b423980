// SnapshotService: usage reports and their CSV export.
#include "service/SnapshotService.h"

#include "catalog/UsageRepository.h"
#include "storage/ObjectStore.h"

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

Result<SignedLink> SnapshotService::exportLiveSnapshotUsage(const QDateTime &start,
                                                            const QDateTime &end,
                                                            const SnapshotOutput &output)
{
    auto prepared = prepareUsageExport(start, end, output);
    if (!prepared) {
        return prepared.error();
    }
    return (*prepared)->finish();
}

Result<std::shared_ptr<SnapshotService::UsageExport>>
SnapshotService::prepareUsageExport(const QDateTime &start, const QDateTime &end,
                                    const SnapshotOutput &output)
{
    if (auto s = validateRange(start, end); !s) {
        return s.error();
    }
    auto location = storageLocation(output);
    if (!location) {
        return location.error();
    }
    UsageRepository usage(m_catalog);
    auto intervals =
        usage.overlapping(start.toMSecsSinceEpoch(), end.toMSecsSinceEpoch(), QString());
    if (!intervals) {
        return intervals.error();
    }
    auto store = openStore(*location);
    if (!store) {
        return store.error();
    }
    auto prepared = std::make_shared<UsageExport>();
    prepared->csv =
        usage::toCsv(usage::split(*intervals, start.toMSecsSinceEpoch(), end.toMSecsSinceEpoch()));
    prepared->store = std::move(*store);
    prepared->now = m_clock.now();
    const QString stamp = QStringLiteral("yyyyMMdd'T'HHmmss'Z'");
    prepared->key = QStringLiteral("usage/usage_%1_%2_%3.csv")
                        .arg(start.toUTC().toString(stamp), end.toUTC().toString(stamp))
                        .arg(prepared->now.toMSecsSinceEpoch());
    return prepared;
}

SnapshotService::UsageExport::UsageExport() = default;
SnapshotService::UsageExport::~UsageExport() = default;

Result<SignedLink> SnapshotService::UsageExport::finish()
{
    if (!store) {
        return Error::internal(errc::InternalError, tr("This usage export has already run."));
    }
    // The store is used, and closed, on this one thread.
    const std::unique_ptr<ObjectStore> used = std::move(store);
    if (auto s = used->put(key, csv); !s) {
        return s.error();
    }
    auto url = used->presignGet(key, ExportLinkSeconds, now);
    if (!url) {
        return url.error();
    }
    return SignedLink{*url, QDateTime::fromSecsSinceEpoch(
                                now.toSecsSinceEpoch() + ExportLinkSeconds, QTimeZone::utc())};
}

} // namespace livesnap
