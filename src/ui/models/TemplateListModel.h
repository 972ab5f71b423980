#pragma once

#include "domain/SnapshotTemplate.h"
#include "models/ServiceTableModel.h"

namespace livesnap::ui {

// Every snapshot template (system and custom), kept current through templatesChanged.
class TemplateListModel : public ServiceTableModel {
    Q_OBJECT

public:
    enum Column {
        TypeColumn,
        NameColumn,
        IntervalColumn,
        OverwriteFormatColumn,
        SequenceFormatColumn,
        CreatedColumn,
        ColumnCount
    };

    // Connects to the host's service and starts the first load.
    explicit TemplateListModel(EngineHost &host, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const SnapshotTemplate &templateAt(int row) const { return m_rows.at(row); }
    // The row of the template with this id, or -1.
    int rowOf(const QString &templateId) const;

protected:
    void startFetch() override;

private:
    QList<SnapshotTemplate> m_rows;
};

} // namespace livesnap::ui
