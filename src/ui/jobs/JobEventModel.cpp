#include "jobs/JobEventModel.h"

#include "domain/StreamInput.h"
#include "jobs/JobText.h"

namespace livesnap::ui {

JobEventModel::JobEventModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void JobEventModel::setEvents(const QList<JobEvent> &events)
{
    beginResetModel();
    m_events = events;
    endResetModel();
}

QString JobEventModel::kindText(const QString &kind)
{
    if (kind == QLatin1String("submitted")) {
        return tr("Submitted");
    }
    if (kind == QLatin1String("command")) {
        return tr("Command");
    }
    if (kind == QLatin1String("stream")) {
        return tr("Stream");
    }
    if (kind == QLatin1String("engine")) {
        return tr("Engine");
    }
    if (kind == QLatin1String("storage")) {
        return tr("Storage");
    }
    return kind;
}

int JobEventModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_events.size());
}

int JobEventModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant JobEventModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const JobEvent &event = m_events.at(index.row());
    const auto column = static_cast<Column>(index.column());
    if (role == Qt::ToolTipRole && column == MessageColumn) {
        return maskSecretsInText(event.message);
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (column) {
    case TimeColumn:
        return JobText::time(event.time);
    case KindColumn:
        return kindText(event.kind);
    case MessageColumn:
        return maskSecretsInText(event.message);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant JobEventModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (static_cast<Column>(section)) {
    case TimeColumn:
        return tr("Time");
    case KindColumn:
        return tr("Kind");
    case MessageColumn:
        return tr("Message");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace livesnap::ui
