#pragma once

#include "domain/SnapshotJob.h"
#include "models/ServiceTableModel.h"

namespace livesnap::ui {

// Every snapshot job with its runtime facts, kept current through jobChanged / jobRemoved
// (and templatesChanged, since a row shows its template's name). Stream URLs are shown masked.
class JobListModel : public ServiceTableModel {
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        StatusColumn,
        StreamStateColumn,
        TemplateColumn,
        LastSnapshotColumn,
        SnapshotsColumn,
        StreamUrlColumn,
        ColumnCount
    };

    // Connects to the host's service and starts the first load.
    explicit JobListModel(EngineHost &host, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const SnapshotJob &jobAt(int row) const { return m_rows.at(row); }

    // Display texts of the service's status and stream-state values.
    static QString statusText(const QString &status);
    static QString streamStateText(const QString &state);

protected:
    void startFetch() override;

private:
    QList<SnapshotJob> m_rows;
};

} // namespace livesnap::ui
