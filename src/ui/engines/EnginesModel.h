#pragma once

#include "domain/EngineInfo.h"
#include "models/ServiceTableModel.h"

namespace livesnap::ui {

// The engines on the catalog (ListEngines), one row each: who and where, how full, whether it
// captures or is a console, and whether it still answers. An engine that stopped beating is
// greyed and says since when it has not answered. Reloaded by whoever shows it (the engines
// table has no change notification: the Engines dialog polls while it is visible).
class EnginesModel : public ServiceTableModel {
    Q_OBJECT

public:
    enum Column {
        EngineIdColumn,
        HostColumn,
        PidColumn,
        VersionColumn,
        StartedColumn,
        HeartbeatColumn,
        JobsColumn,
        RoleColumn,
        AliveColumn,
        ColumnCount
    };
    enum EngineRole { AliveRole = IdRole + 1 };

    // Starts the first load.
    explicit EnginesModel(EngineHost &host, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const EngineInfo &engineAt(int row) const { return m_rows.at(row); }
    // The row of an engine id, or -1.
    int rowOfId(const QString &engineId) const;

    // "Alive", or "Not answering since <time>".
    static QString aliveText(const EngineInfo &engine);

protected:
    void startFetch() override;

private:
    QList<EngineInfo> m_rows;
};

} // namespace livesnap::ui
