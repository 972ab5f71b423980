#pragma once

#include "service/Requests.h"

#include <QAbstractTableModel>
#include <QList>

namespace livesnap::ui {

// A job's recent events (ListLiveSnapshotJobEvents), newest first, as the service returns
// them. Messages are shown with stream secrets masked.
class JobEventModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { TimeColumn, KindColumn, MessageColumn, ColumnCount };

    explicit JobEventModel(QObject *parent = nullptr);

    void setEvents(const QList<JobEvent> &events);
    void clear() { setEvents({}); }
    const JobEvent &eventAt(int row) const { return m_events.at(row); }
    // Display text of an event kind the service records (submitted, command, stream, ...).
    static QString kindText(const QString &kind);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<JobEvent> m_events;
};

} // namespace livesnap::ui
