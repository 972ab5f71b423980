#include "models/JobListModel.h"

#include "domain/StreamInput.h"
#include "engine/EngineHost.h"
#include "jobs/JobText.h"
#include "models/PagedFetch.h"

#include <QColor>
#include <QLocale>

namespace livesnap::ui {

JobListModel::JobListModel(EngineHost &host, QObject *parent)
    : ServiceTableModel(host, parent)
{
    m_rowBatchTimer.setSingleShot(true);
    m_rowBatchTimer.setInterval(RowBatchDelayMs);
    connect(&m_rowBatchTimer, &QTimer::timeout, this, &JobListModel::fetchChangedRows);
    connect(host.events(), &EngineEvents::jobChanged, this, &JobListModel::noteJobChanged);
    connect(host.events(), &EngineEvents::jobRemoved, this, &JobListModel::removeJob);
    // A renamed template changes the rows of its jobs; templates change rarely.
    connect(host.events(), &EngineEvents::templatesChanged, this, &JobListModel::reload);
    reload();
}

int JobListModel::rowOfJob(const QString &jobId) const
{
    for (qsizetype row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).jobId == jobId) {
            return static_cast<int>(row);
        }
    }
    return -1;
}

void JobListModel::noteJobChanged(const QString &jobId)
{
    m_changedIds.insert(jobId);
    // Not restarted by later changes: a row is at most RowBatchDelayMs (plus one fetch) late.
    if (!m_rowFetchInFlight && !m_rowBatchTimer.isActive()) {
        m_rowBatchTimer.start();
    }
}

void JobListModel::removeJob(const QString &jobId)
{
    m_changedIds.remove(jobId);
    const int row = rowOfJob(jobId);
    if (row < 0) {
        return;
    }
    beginRemoveRows(QModelIndex(), row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

void JobListModel::fetchChangedRows()
{
    if (m_changedIds.isEmpty() || m_rowFetchInFlight) {
        return;
    }
    QStringList ids(m_changedIds.cbegin(), m_changedIds.cend());
    ids.sort();
    m_changedIds.clear();
    m_rowFetchInFlight = true;
    emit rowFetchStarted(ids);
    host().call(
        this,
        [ids](SnapshotService &service) -> Result<RowBatch> {
            RowBatch batch;
            for (const QString &id : ids) {
                Result<SnapshotJob> job = service.getLiveSnapshotJob(id);
                if (job) {
                    batch.jobs.append(std::move(*job));
                } else if (job.error().code == errc::JobNotFound) {
                    batch.missing.append(id);
                } else if (batch.error.isEmpty()) {
                    batch.error = job.error().message;
                }
            }
            return batch;
        },
        [this](Result<RowBatch> batch) {
            m_rowFetchInFlight = false;
            applyRowBatch(batch);
            if (!m_changedIds.isEmpty()) {
                m_rowBatchTimer.start();
            }
        });
}

void JobListModel::applyRowBatch(const Result<RowBatch> &batch)
{
    if (!batch) {
        emit loadFailed(batch.error().message);
        return;
    }
    QList<int> changed;
    for (const SnapshotJob &job : batch->jobs) {
        const int row = putJob(job);
        if (row >= 0) {
            changed.append(row);
        }
    }
    // As in mergeRows: when most rows changed, one full-range signal instead of one per row.
    const int lastColumn = ColumnCount - 1;
    if (changed.size() > 1 && changed.size() > m_rows.size() / 2) {
        emit dataChanged(index(0, 0), index(static_cast<int>(m_rows.size()) - 1, lastColumn));
    } else {
        for (int row : std::as_const(changed)) {
            emit dataChanged(index(row, 0), index(row, lastColumn));
        }
    }
    for (const QString &id : batch->missing) {
        removeJob(id);
    }
    if (!batch->error.isEmpty()) {
        emit loadFailed(batch->error);
    }
}

int JobListModel::putJob(const SnapshotJob &job)
{
    const int row = rowOfJob(job.jobId);
    if (row < 0) {
        const int last = static_cast<int>(m_rows.size());
        beginInsertRows(QModelIndex(), last, last);
        m_rows.append(job);
        endInsertRows();
        return -1;
    }
    if (m_rows.at(row) == job) {
        return -1;
    }
    m_rows[row] = job;
    return row;
}

QString JobListModel::healthToolTip(const SnapshotJob &job)
{
    if (job.status != jobstatus::Started) {
        return tr("Judged while the job runs");
    }
    QString text = JobText::problem(job);
    if (text.isEmpty()) {
        text = JobText::streamHealth(job.streamHealth);
    }
    if (job.streamHealthSince.isValid()) {
        text = tr("%1 (since %2)").arg(text, JobText::time(job.streamHealthSince));
    }
    return maskSecretsInText(text);
}

int JobListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int JobListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString JobListModel::statusText(const QString &status)
{
    return JobText::status(status);
}

QString JobListModel::streamStateText(const QString &state)
{
    return JobText::streamState(state);
}

QVariant JobListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const SnapshotJob &job = m_rows.at(index.row());
    const auto column = static_cast<Column>(index.column());
    if (role == IdRole) {
        return job.jobId;
    }
    if (role == Qt::ToolTipRole) {
        if (column == NameColumn) {
            return tr("%1\nJob ID: %2").arg(job.jobName, job.jobId);
        }
        if (column == StreamStateColumn && !job.lastError.isEmpty()) {
            return maskSecretsInText(job.lastError);
        }
        if (column == HealthColumn) {
            return healthToolTip(job);
        }
        if (column == TemplateColumn || column == LastSnapshotColumn || column == StreamUrlColumn) {
            return data(index, Qt::DisplayRole); // may be elided in a narrow column
        }
        return {};
    }
    if (role == Qt::DecorationRole && column == HealthColumn) {
        const QColor color = JobText::healthColor(job);
        return color.isValid() ? QVariant(color) : QVariant();
    }
    if (role == Qt::ForegroundRole && column == StreamStateColumn &&
        job.streamState == streamstate::Failed) {
        return QColor(Qt::red);
    }
    if (role == Qt::ForegroundRole && column == HealthColumn &&
        JobText::isProblem(JobText::condition(job))) {
        return JobText::healthColor(job);
    }
    if (role == Qt::TextAlignmentRole && column == SnapshotsColumn) {
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole && role != SortRole) {
        return {};
    }
    const bool sorting = role == SortRole;
    switch (column) {
    case NameColumn:
        return job.jobName;
    case StatusColumn:
        return sorting ? job.status : statusText(job.status);
    case StreamStateColumn:
        return sorting ? job.streamState : streamStateText(job.streamState);
    case HealthColumn:
        if (sorting) {
            return static_cast<int>(JobText::condition(job));
        }
        return job.status == jobstatus::Started ? JobText::streamHealth(job.streamHealth)
                                                : QString();
    case TemplateColumn:
        return job.templateName;
    case LastSnapshotColumn:
        if (sorting) {
            return job.lastSnapshotTime;
        }
        if (!job.lastSnapshotTime.isValid()) {
            return QString();
        }
        return QLocale().toString(job.lastSnapshotTime.toLocalTime(), QLocale::ShortFormat);
    case SnapshotsColumn:
        return job.snapshotCount;
    case StreamUrlColumn:
        return maskStreamUrl(job.streamInput.url);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant JobListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (static_cast<Column>(section)) {
    case NameColumn:
        return tr("Name");
    case StatusColumn:
        return tr("Status");
    case StreamStateColumn:
        return tr("Stream state");
    case HealthColumn:
        return tr("Health");
    case TemplateColumn:
        return tr("Template");
    case LastSnapshotColumn:
        return tr("Last snapshot");
    case SnapshotsColumn:
        return tr("Snapshots");
    case StreamUrlColumn:
        return tr("Stream URL");
    case ColumnCount:
        break;
    }
    return {};
}

void JobListModel::startFetch()
{
    host().call(
        this,
        [](SnapshotService &service) {
            return fetchAllPages<SnapshotJob>(JobQuery(), [&service](const JobQuery &q) {
                return service.listLiveSnapshotJobs(q);
            });
        },
        [this](Result<QList<SnapshotJob>> result) {
            if (!result) {
                finishFetch(result.error().message);
                return;
            }
            mergeRows(
                m_rows, *result, [](const SnapshotJob &job) { return job.jobId; },
                [](const SnapshotJob &a, const SnapshotJob &b) { return a == b; });
            finishFetch();
        });
}

} // namespace livesnap::ui
