#include "usage/UsageSortModel.h"

#include "usage/UsageTableModel.h"

namespace livesnap::ui {

UsageSortModel::UsageSortModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(UsageTableModel::SortRole);
    setSortLocaleAware(true);
}

bool UsageSortModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    auto at = [](const QModelIndex &index, int column) { return index.siblingAtColumn(column); };
    const int column = left.column();
    for (const int key : {column, int(UsageTableModel::JobNameColumn),
                          int(UsageTableModel::DateColumn), int(UsageTableModel::JobIdColumn)}) {
        if (QSortFilterProxyModel::lessThan(at(left, key), at(right, key))) {
            return true;
        }
        if (QSortFilterProxyModel::lessThan(at(right, key), at(left, key))) {
            return false;
        }
    }
    return false;
}

} // namespace livesnap::ui
