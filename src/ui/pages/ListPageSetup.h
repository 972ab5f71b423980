#pragma once

#include <QString>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace livesnap::ui {

class ServiceTableModel;

// What every list page shares: a filter box over a case-insensitive proxy of all columns, an
// error line that shows the model's load failure (prefixed) until the next load, and a
// read-only, single-selection, sortable table.
void setUpListPage(ServiceTableModel *model, QSortFilterProxyModel *proxy, QLineEdit *filter,
                   QLabel *error, QTableView *view, int sortColumn, const QString &errorPrefix);

// Column widths, order and sorting of `view` kept in QSettings under `settingsKey`: restored
// now (the view's model must be set) and saved whenever the operator changes them.
void rememberColumns(QTableView *view, const QString &settingsKey);

} // namespace livesnap::ui
