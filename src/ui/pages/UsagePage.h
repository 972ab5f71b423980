#pragma once

#include <QDateTime>
#include <QWidget>

class QDateTimeEdit;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

class UsageChart;
class UsageExportPanel;
class UsageJobFilter;
class UsageTableModel;

// Usage: how long engines ran each job, per UTC day, within a time range (UTC; by default the
// last 7 UTC days up to the end of today), optionally of one job. A table (per job and day,
// sortable, with the total), a stacked bar chart of the same numbers, and the CSV export with
// its time-limited link.
class UsagePage : public QWidget {
    Q_OBJECT

public:
    explicit UsagePage(EngineHost &host, QWidget *parent = nullptr);

    UsageTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    UsageChart *chart() const { return m_chart; }
    UsageExportPanel *exportPanel() const { return m_export; }

    // The range in the editors, in UTC.
    QDateTime startTime() const;
    QDateTime endTime() const;
    void setRange(const QDateTime &start, const QDateTime &end);

public slots:
    // Asks for the usage of the range and job in the editors.
    void refresh();
    // Puts the keyboard focus on the job filter (Ctrl+F).
    void focusFilter();

signals:
    // The chart shows the rows the table shows (it follows them by an event).
    void chartUpdated();

protected:
    // The usage grows while jobs run: opening the tab shows it as it is now.
    void showEvent(QShowEvent *event) override;

private:
    void showLoaded();
    void updateChart();

    UsageTableModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QDateTimeEdit *m_startEdit = nullptr;
    QDateTimeEdit *m_endEdit = nullptr;
    UsageJobFilter *m_jobFilter = nullptr;
    QPushButton *m_refreshButton = nullptr;
    QLabel *m_error = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_total = nullptr;
    UsageChart *m_chart = nullptr;
    UsageExportPanel *m_export = nullptr;
    bool m_chartPending = false;
};

} // namespace livesnap::ui
