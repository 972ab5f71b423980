#pragma once

#include <QListWidget>
#include <QString>
#include <QStringList>

#include <utility>

namespace livesnap::ui {

// "Also keep a copy in": the storage locations besides a job's first store, each with a check
// box, for a job that keeps a copy of each snapshot in several stores (one capture, one
// sequence). The first store is left out of the list; checks survive a reload of the list.
class ExtraStoresList : public QListWidget {
    Q_OBJECT

public:
    explicit ExtraStoresList(QWidget *parent = nullptr);

    // The locations to offer, as (label, location id), in order.
    void setLocations(const QList<std::pair<QString, QString>> &locations);
    // The job's first store: not offered here.
    void setPrimary(const QString &locationId);
    // The checked locations, in list order (never the first store).
    QStringList checkedIds() const;

private:
    QString m_primary;
};

} // namespace livesnap::ui
