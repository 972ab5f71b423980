#include "jobs/ExtraStoresList.h"

#include <QSet>

namespace livesnap::ui {

ExtraStoresList::ExtraStoresList(QWidget *parent)
    : QListWidget(parent)
{
    setObjectName(QStringLiteral("extraStoresList"));
    setToolTip(tr("Each snapshot is also stored in the checked locations (one capture, one "
                  "sequence, a copy in each)."));
    setSelectionMode(QAbstractItemView::NoSelection);
    // A few rows at most: the form stays compact.
    setMaximumHeight(fontMetrics().height() * 5);
}

void ExtraStoresList::setLocations(const QList<std::pair<QString, QString>> &locations)
{
    const QStringList checked = checkedIds();
    clear();
    for (const auto &[label, id] : locations) {
        auto *item = new QListWidgetItem(label, this);
        item->setData(Qt::UserRole, id);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(checked.contains(id) ? Qt::Checked : Qt::Unchecked);
        item->setHidden(id == m_primary);
    }
}

void ExtraStoresList::setPrimary(const QString &locationId)
{
    m_primary = locationId;
    for (int i = 0; i < count(); ++i) {
        QListWidgetItem *row = item(i);
        const bool primary = row->data(Qt::UserRole).toString() == locationId;
        row->setHidden(primary);
        if (primary) {
            row->setCheckState(Qt::Unchecked); // it is the first copy already
        }
    }
}

QStringList ExtraStoresList::checkedIds() const
{
    QStringList ids;
    for (int i = 0; i < count(); ++i) {
        const QListWidgetItem *row = item(i);
        const QString id = row->data(Qt::UserRole).toString();
        if (row->checkState() == Qt::Checked && id != m_primary) {
            ids << id;
        }
    }
    return ids;
}

} // namespace livesnap::ui
