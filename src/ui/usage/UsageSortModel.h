#pragma once

#include <QSortFilterProxyModel>

namespace livesnap::ui {

// The usage table's order: by the column the user sorts by, and rows equal in it by job name,
// then date (the service lists them by job id, which means nothing to a reader).
class UsageSortModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit UsageSortModel(QObject *parent = nullptr);

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;
};

} // namespace livesnap::ui
