#include "pages/ListPageSetup.h"

#include "models/ServiceTableModel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>

namespace livesnap::ui {

void setUpListPage(ServiceTableModel *model, QSortFilterProxyModel *proxy, QLineEdit *filter,
                   QLabel *error, QTableView *view, int sortColumn, const QString &errorPrefix)
{
    proxy->setSourceModel(model);
    proxy->setSortRole(ServiceTableModel::SortRole);
    proxy->setFilterKeyColumn(-1);
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    filter->setClearButtonEnabled(true);
    QObject::connect(filter, &QLineEdit::textChanged, proxy,
                     &QSortFilterProxyModel::setFilterFixedString);

    error->setWordWrap(true);
    error->hide();
    QObject::connect(model, &ServiceTableModel::loadFailed, error,
                     [error, errorPrefix](const QString &message) {
                         error->setText(errorPrefix.arg(message));
                         error->show();
                     });
    QObject::connect(model, &ServiceTableModel::loaded, error, &QLabel::hide);

    view->setModel(proxy);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setSortingEnabled(true);
    view->sortByColumn(sortColumn, Qt::AscendingOrder);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
}

} // namespace livesnap::ui
