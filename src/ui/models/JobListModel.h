#pragma once

#include "domain/SnapshotJob.h"
#include "models/ServiceTableModel.h"

#include <QSet>
#include <QStringList>
#include <QTimer>

namespace livesnap::ui {

// Every snapshot job with its runtime facts. The full list is fetched once at start, on
// reload() (the Refresh action) and when templates change (rows show their template's name);
// a jobChanged(jobId) refetches only that job and updates its row, so 100 running jobs taking
// snapshots do not relist the catalog on every snapshot. Changed ids are collected for
// RowBatchDelayMs and fetched in one engine call. Stream URLs are shown masked. Statuses, stream
// states and health are shown in the console's words (JobText), sorted by the raw value (health:
// worst first).
class JobListModel : public ServiceTableModel {
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        StatusColumn,
        StreamStateColumn,
        HealthColumn,
        TemplateColumn,
        LastSnapshotColumn,
        SnapshotsColumn,
        StreamUrlColumn,
        ColumnCount
    };

    // How long changed job ids are collected before they are fetched together.
    static constexpr int RowBatchDelayMs = 100;

    // Connects to the host's service and starts the first load.
    explicit JobListModel(EngineHost &host, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const SnapshotJob &jobAt(int row) const { return m_rows.at(row); }
    // The row of jobId, or -1.
    int rowOfJob(const QString &jobId) const;
    // Changed jobs are waiting to be fetched, or being fetched.
    bool hasPendingRows() const { return m_rowFetchInFlight || !m_changedIds.isEmpty(); }

    // Display texts of the service's status and stream-state values (JobText's words; kept
    // for the views that still call them here).
    static QString statusText(const QString &status);
    static QString streamStateText(const QString &state);

signals:
    // One engine call fetching these jobs (and nothing else) has been sent.
    void rowFetchStarted(const QStringList &jobIds);

protected:
    void startFetch() override;

private:
    struct RowBatch {
        QList<SnapshotJob> jobs;
        QStringList missing; // deleted meanwhile
        QString error;       // the first other failure
    };

    static QString healthToolTip(const SnapshotJob &job);
    void noteJobChanged(const QString &jobId);
    void removeJob(const QString &jobId);
    void fetchChangedRows();
    void applyRowBatch(const Result<RowBatch> &batch);
    // Adds or updates job's row; returns the row if an existing row changed, else -1.
    int putJob(const SnapshotJob &job);

    QList<SnapshotJob> m_rows;
    QSet<QString> m_changedIds;
    QTimer m_rowBatchTimer;
    bool m_rowFetchInFlight = false;
};

} // namespace livesnap::ui
