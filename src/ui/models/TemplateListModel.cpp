#include "models/TemplateListModel.h"

#include "engine/EngineHost.h"
#include "models/PagedFetch.h"

#include <QLocale>

namespace livesnap::ui {

TemplateListModel::TemplateListModel(EngineHost &host, QObject *parent)
    : ServiceTableModel(host, parent)
{
    connect(host.events(), &EngineEvents::templatesChanged, this, &TemplateListModel::reload);
    reload();
}

int TemplateListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int TemplateListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int TemplateListModel::rowOf(const QString &templateId) const
{
    for (qsizetype row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).templateId == templateId) {
            return static_cast<int>(row);
        }
    }
    return -1;
}

QVariant TemplateListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const SnapshotTemplate &t = m_rows.at(index.row());
    if (role == IdRole) {
        return t.templateId;
    }
    if (role == Qt::ToolTipRole && index.column() == NameColumn) {
        return tr("Template ID: %1").arg(t.templateId);
    }
    if (role == Qt::ToolTipRole && index.column() == TypeColumn) {
        return t.isSystem() ? tr("A system template: shipped with LiveSnap and read-only")
                            : tr("A custom template: yours to edit and delete");
    }
    if (role == Qt::TextAlignmentRole && index.column() == IntervalColumn) {
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole && role != SortRole) {
        return {};
    }
    switch (static_cast<Column>(index.column())) {
    case TypeColumn:
        if (role == SortRole) {
            return t.type;
        }
        return t.isSystem() ? tr("system") : tr("custom");
    case NameColumn:
        return t.templateName;
    case IntervalColumn:
        return t.timeInterval;
    case OverwriteFormatColumn:
        return t.overwriteFormat;
    case SequenceFormatColumn:
        return t.sequenceFormat;
    case CreatedColumn:
        if (role == SortRole) {
            return t.createTime;
        }
        return QLocale().toString(t.createTime.toLocalTime(), QLocale::ShortFormat);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant TemplateListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (static_cast<Column>(section)) {
    case TypeColumn:
        return tr("Type");
    case NameColumn:
        return tr("Name");
    case IntervalColumn:
        return tr("Interval (s)");
    case OverwriteFormatColumn:
        return tr("Overwrite format");
    case SequenceFormatColumn:
        return tr("Sequence format");
    case CreatedColumn:
        return tr("Created");
    case ColumnCount:
        break;
    }
    return {};
}

void TemplateListModel::startFetch()
{
    host().call(
        this,
        [](SnapshotService &service) {
            return fetchAllPages<SnapshotTemplate>(TemplateQuery(),
                                                   [&service](const TemplateQuery &q) {
                                                       return service.listLiveSnapshotTemplates(q);
                                                   });
        },
        [this](Result<QList<SnapshotTemplate>> result) {
            if (!result) {
                finishFetch(result.error().message);
                return;
            }
            mergeRows(
                m_rows, *result, [](const SnapshotTemplate &t) { return t.templateId; },
                [](const SnapshotTemplate &a, const SnapshotTemplate &b) {
                    return a.toJson() == b.toJson();
                });
            finishFetch();
        });
}

} // namespace livesnap::ui
