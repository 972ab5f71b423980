#include "usage/UsageTableModel.h"

#include "engine/EngineHost.h"

namespace livesnap::ui {

UsageTableModel::UsageTableModel(EngineHost &host, QObject *parent)
    : ServiceTableModel(host, parent)
{}

void UsageTableModel::setQuery(const QDateTime &start, const QDateTime &end, const QString &jobId)
{
    m_start = start;
    m_end = end;
    m_jobId = jobId;
}

int UsageTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int UsageTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString UsageTableModel::formatDuration(qint64 seconds)
{
    const qint64 hours = seconds / 3600;
    const int minutes = int((seconds % 3600) / 60);
    const int secs = int(seconds % 60);
    return QStringLiteral("%1:%2:%3")
        .arg(hours)
        .arg(minutes, 2, 10, QLatin1Char('0'))
        .arg(secs, 2, 10, QLatin1Char('0'));
}

QVariant UsageTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const UsageDay &day = m_rows.at(index.row());
    const auto column = static_cast<Column>(index.column());
    if (role == IdRole) {
        return day.jobId;
    }
    if (role == Qt::TextAlignmentRole && column == DurationColumn) {
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role == Qt::ToolTipRole) {
        if (column == DurationColumn) {
            return tr("%n second(s)", nullptr, int(day.durationSeconds));
        }
        if (column == JobIdColumn || column == JobNameColumn) {
            return tr("Job ID: %1").arg(day.jobId);
        }
        return {};
    }
    if (role != Qt::DisplayRole && role != SortRole) {
        return {};
    }
    const bool sorting = role == SortRole;
    switch (column) {
    case JobNameColumn:
        return day.jobName;
    case JobIdColumn:
        return day.jobId;
    case DateColumn:
        // UTC days, written the ISO way so that no local date format can shift them.
        return sorting ? QVariant(day.date) : QVariant(day.date.toString(Qt::ISODate));
    case DurationColumn:
        return sorting ? QVariant(day.durationSeconds)
                       : QVariant(formatDuration(day.durationSeconds));
    case ColumnCount:
        break;
    }
    return {};
}

QVariant UsageTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (static_cast<Column>(section)) {
    case JobNameColumn:
        return tr("Job");
    case JobIdColumn:
        return tr("Job ID");
    case DateColumn:
        return tr("Date (UTC)");
    case DurationColumn:
        return tr("Duration");
    case ColumnCount:
        break;
    }
    return {};
}

void UsageTableModel::startFetch()
{
    const QDateTime start = m_start;
    const QDateTime end = m_end;
    const QString jobId = m_jobId;
    host().call(
        this,
        [start, end, jobId](SnapshotService &service) {
            return service.describeLiveSnapshotUsage(start, end, jobId);
        },
        [this, start, end, jobId](Result<UsageSummary> result) {
            if (!result) {
                // The rows of the last good answer stay.
                finishFetch(result.error().message);
                return;
            }
            // A report asked for by the user, not a live list: one reset is far cheaper than
            // merging tens of thousands of rows (100 jobs over a year) one by one.
            beginResetModel();
            m_rows = std::move(result->days);
            endResetModel();
            m_totalSeconds = result->totalSeconds;
            m_shownStart = start;
            m_shownEnd = end;
            m_shownJobId = jobId;
            finishFetch();
        });
}

} // namespace livesnap::ui
