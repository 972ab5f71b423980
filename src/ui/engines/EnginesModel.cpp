#include "engines/EnginesModel.h"

#include "engine/EngineHost.h"
#include "jobs/JobText.h"

#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

namespace livesnap::ui {

EnginesModel::EnginesModel(EngineHost &host, QObject *parent)
    : ServiceTableModel(host, parent)
{
    reload();
}

int EnginesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int EnginesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int EnginesModel::rowOfId(const QString &engineId) const
{
    for (qsizetype row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).engineId == engineId) {
            return static_cast<int>(row);
        }
    }
    return -1;
}

QString EnginesModel::aliveText(const EngineInfo &engine)
{
    if (engine.alive) {
        return tr("Alive");
    }
    return tr("Not answering since %1").arg(JobText::time(engine.lastHeartbeat));
}

QVariant EnginesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const EngineInfo &e = m_rows.at(index.row());
    switch (role) {
    case IdRole:
        return e.engineId;
    case AliveRole:
        return e.alive;
    case Qt::ForegroundRole:
        // A dead engine's row is greyed, like a disabled item.
        return e.alive
                   ? QVariant()
                   : QVariant(QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text));
    case Qt::ToolTipRole:
        if (!e.alive) {
            return tr("This engine has not answered since %1; its jobs go to other engines when "
                      "their leases expire.")
                .arg(JobText::time(e.lastHeartbeat));
        }
        if (index.column() == RoleColumn && !e.capture) {
            return tr("A console: it shows and changes the jobs but runs none.");
        }
        return index.column() == EngineIdColumn ? e.engineId : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == PidColumn || index.column() == JobsColumn
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant();
    case Qt::DisplayRole:
    case SortRole:
        break;
    default:
        return {};
    }
    const bool sorting = role == SortRole;
    switch (static_cast<Column>(index.column())) {
    case EngineIdColumn:
        return e.engineId;
    case HostColumn:
        return e.host;
    case PidColumn:
        return sorting ? QVariant(e.pid) : QVariant(QString::number(e.pid));
    case VersionColumn:
        return e.version;
    case StartedColumn:
        return sorting ? QVariant(e.startTime) : QVariant(JobText::time(e.startTime));
    case HeartbeatColumn:
        return sorting ? QVariant(e.lastHeartbeat) : QVariant(JobText::time(e.lastHeartbeat));
    case JobsColumn:
        if (sorting) {
            return e.jobCount;
        }
        return e.capture ? tr("%1 / %2").arg(QLocale().toString(e.jobCount),
                                             QLocale().toString(e.capacity))
                         : tr("none");
    case RoleColumn:
        return e.capture ? tr("Capture") : tr("Console");
    case AliveColumn:
        return sorting ? QVariant(e.alive) : QVariant(aliveText(e));
    case ColumnCount:
        break;
    }
    return {};
}

QVariant EnginesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (static_cast<Column>(section)) {
    case EngineIdColumn:
        return tr("Engine ID");
    case HostColumn:
        return tr("Host");
    case PidColumn:
        return tr("PID");
    case VersionColumn:
        return tr("Version");
    case StartedColumn:
        return tr("Started");
    case HeartbeatColumn:
        return tr("Last heartbeat");
    case JobsColumn:
        return tr("Jobs / Capacity");
    case RoleColumn:
        return tr("Role");
    case AliveColumn:
        return tr("Alive");
    case ColumnCount:
        break;
    }
    return {};
}

void EnginesModel::startFetch()
{
    host().call(
        this, [](SnapshotService &service) { return service.listEngines(); },
        [this](Result<QList<EngineInfo>> result) {
            if (!result) {
                finishFetch(result.error().message);
                return;
            }
            mergeRows(
                m_rows, *result, [](const EngineInfo &e) { return e.engineId; },
                [](const EngineInfo &a, const EngineInfo &b) { return a.toJson() == b.toJson(); });
            finishFetch();
        });
}

} // namespace livesnap::ui
