#pragma once

#include "domain/Usage.h"

#include <QChartView>
#include <QDate>
#include <QHash>
#include <QList>
#include <QStringList>

class QBarSet;
class QStackedBarSeries;

namespace livesnap::ui {

// A stacked bar chart of daily run time: one bar per UTC day, one bar set (legend entry) per
// job. The unit is hours when a day's stack reaches an hour, minutes otherwise. The
// MaxJobSets jobs that ran longest have their own sets, the others share one (a legend of a
// hundred entries is unreadable, and so many bars would make each update slow). Up to
// LegendRowMax sets the legend is one row under the chart; beyond, one entry per line beside
// it, so names are not squeezed to "c… c… g…" (a name too long still elides, with a tooltip).
// Its colours follow the palette (a dark one gives a dark chart).
class UsageChart : public QChartView {
    Q_OBJECT

public:
    // Each bar set carries its job's id in this property (empty for the other jobs' set).
    static constexpr const char *JobIdProperty = "jobId";
    static constexpr int MaxJobSets = 8;
    static constexpr int LegendRowMax = 4;

    explicit UsageChart(QWidget *parent = nullptr);

    // Shows days (per job and UTC day) on the UTC days from firstDay to lastDay. Ranges of more
    // than two months show only the days that have usage, so the axis stays legible.
    void setUsage(const QList<UsageDay> &days, QDate firstDay, QDate lastDay);

    QStackedBarSeries *series() const { return m_series; }
    // The x-axis categories, as their UTC dates.
    QList<QDate> categoryDates() const { return m_dates; }
    // Seconds per unit of the value axis: 3600 (hours) or 60 (minutes).
    int secondsPerUnit() const { return m_secondsPerUnit; }

protected:
    void changeEvent(QEvent *event) override;

private:
    // The chart's theme and colours from the widget's palette.
    void applyPalette();
    void placeLegend();
    void showBarTip(bool hovering, int index, QBarSet *set);

    QStackedBarSeries *m_series = nullptr;
    QList<QDate> m_dates;
    QHash<QString, QList<qint64>> m_seconds; // per job id, per category
    int m_secondsPerUnit = 60;
};

} // namespace livesnap::ui
