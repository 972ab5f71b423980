#include "monitor/MonitorWallFilter.h"

#include "monitor/MonitorWallModel.h"

namespace livesnap::ui {

MonitorWallFilter::MonitorWallFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    setSortLocaleAware(true);
    sort(0);
}

void MonitorWallFilter::setText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text) {
        return;
    }
    m_text = trimmed;
    invalidateFilter();
}

bool MonitorWallFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_text.isEmpty()) {
        return true;
    }
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    for (const int role : {int(MonitorWallModel::NameRole), int(MonitorWallModel::JobIdRole),
                           int(MonitorWallModel::MaskedUrlRole)}) {
        if (index.data(role).toString().contains(m_text, Qt::CaseInsensitive)) {
            return true;
        }
    }
    return false;
}

bool MonitorWallFilter::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const int leftCondition = left.data(MonitorWallModel::ConditionRole).toInt();
    const int rightCondition = right.data(MonitorWallModel::ConditionRole).toInt();
    if (leftCondition != rightCondition) {
        return leftCondition < rightCondition;
    }
    const int byName =
        QString::localeAwareCompare(left.data(MonitorWallModel::NameRole).toString(),
                                    right.data(MonitorWallModel::NameRole).toString());
    if (byName != 0) {
        return byName < 0;
    }
    return left.data(MonitorWallModel::JobIdRole).toString() <
           right.data(MonitorWallModel::JobIdRole).toString();
}

} // namespace livesnap::ui
