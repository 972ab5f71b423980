#include "pages/ListPageSetup.h"

#include "models/ServiceTableModel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
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

void rememberColumns(QTableView *view, const QString &settingsKey)
{
    QHeaderView *header = view->horizontalHeader();
    if (header->restoreState(QSettings().value(settingsKey).toByteArray())) {
        view->sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());
    }
    const auto save = [header, settingsKey] {
        QSettings().setValue(settingsKey, header->saveState());
    };
    QObject::connect(header, &QHeaderView::sectionResized, header, save);
    QObject::connect(header, &QHeaderView::sectionMoved, header, save);
    QObject::connect(header, &QHeaderView::sortIndicatorChanged, header, save);
}

} // namespace livesnap::ui
