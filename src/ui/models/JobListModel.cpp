#include "models/JobListModel.h"

#include "domain/StreamInput.h"
#include "models/PagedFetch.h"
#include "service/EngineHost.h"

#include <QLocale>

namespace livesnap::ui {

JobListModel::JobListModel(EngineHost &host, QObject *parent)
    : ServiceTableModel(host, parent)
{
    if (SnapshotService *service = host.service()) {
        connect(service, &SnapshotService::jobChanged, this, &JobListModel::reload);
        connect(service, &SnapshotService::jobRemoved, this, &JobListModel::reload);
        connect(service, &SnapshotService::templatesChanged, this, &JobListModel::reload);
    }
    reload();
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
    if (status == jobstatus::Init) {
        return tr("init");
    }
    if (status == jobstatus::Started) {
        return tr("started");
    }
    if (status == jobstatus::Paused) {
        return tr("paused");
    }
    return status;
}

QString JobListModel::streamStateText(const QString &state)
{
    if (state == streamstate::Idle) {
        return tr("idle");
    }
    if (state == streamstate::Waiting) {
        return tr("waiting");
    }
    if (state == streamstate::Connecting) {
        return tr("connecting");
    }
    if (state == streamstate::Live) {
        return tr("live");
    }
    if (state == streamstate::Reconnecting) {
        return tr("reconnecting");
    }
    if (state == streamstate::Failed) {
        return tr("failed");
    }
    return state;
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
            return tr("Job ID: %1").arg(job.jobId);
        }
        if (column == StreamStateColumn && !job.lastError.isEmpty()) {
            return maskSecretsInText(job.lastError);
        }
        return {};
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
                [](const SnapshotJob &a, const SnapshotJob &b) {
                    return a.toJson() == b.toJson();
                });
            finishFetch();
        });
}

} // namespace livesnap::ui
