#pragma once

#include "domain/Usage.h"
#include "models/ServiceTableModel.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace livesnap::ui {

// How long each job ran per UTC day within a time range (DescribeLiveSnapshotUsage), one row
// per job and day. The range and job filter are set with setQuery(); reload() fetches them.
// The total is the service's, so it always matches what the service reports.
class UsageTableModel : public ServiceTableModel {
    Q_OBJECT

public:
    enum Column { JobNameColumn, JobIdColumn, DateColumn, DurationColumn, ColumnCount };

    explicit UsageTableModel(EngineHost &host, QObject *parent = nullptr);

    // The next reload() asks for [start, end) and, when jobId is not empty, only that job.
    void setQuery(const QDateTime &start, const QDateTime &end, const QString &jobId);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // What the rows show: the days, their total and the range they were asked for.
    const QList<UsageDay> &days() const { return m_rows; }
    qint64 totalSeconds() const { return m_totalSeconds; }
    QDateTime shownStart() const { return m_shownStart; }
    QDateTime shownEnd() const { return m_shownEnd; }
    QString shownJobId() const { return m_shownJobId; }

    // 0:00:00 style; hours are not wrapped at 24.
    static QString formatDuration(qint64 seconds);

protected:
    void startFetch() override;

private:
    QDateTime m_start;
    QDateTime m_end;
    QString m_jobId;

    QList<UsageDay> m_rows;
    qint64 m_totalSeconds = 0;
    QDateTime m_shownStart;
    QDateTime m_shownEnd;
    QString m_shownJobId;
};

} // namespace livesnap::ui
