#include "usage/UsageChart.h"

#include "usage/UsageTableModel.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QCursor>
#include <QHash>
#include <QLegend>
#include <QSet>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>

namespace livesnap::ui {

namespace {
constexpr qint64 MaxDaysOnAxis = 62;
} // namespace

UsageChart::UsageChart(QWidget *parent)
    : QChartView(parent)
{
    setObjectName(QStringLiteral("usageChart"));
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
    QChart *chart = this->chart();
    chart->legend()->setVisible(true);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setAnimationOptions(QChart::NoAnimation);
    setUsage({}, QDate(), QDate());
}

void UsageChart::setUsage(const QList<UsageDay> &days, QDate firstDay, QDate lastDay)
{
    QChart *chart = this->chart();
    chart->removeAllSeries(); // deletes the old series and its bar sets
    const auto axes = chart->axes();
    for (QAbstractAxis *axis : axes) {
        chart->removeAxis(axis);
        delete axis;
    }
    m_series = new QStackedBarSeries;

    // The days on the axis.
    m_dates.clear();
    if (firstDay.isValid() && lastDay.isValid() && firstDay <= lastDay &&
        firstDay.daysTo(lastDay) < MaxDaysOnAxis) {
        for (QDate day = firstDay; day <= lastDay; day = day.addDays(1)) {
            m_dates.append(day);
        }
    } else {
        QSet<QDate> seen;
        for (const UsageDay &day : days) {
            if (!seen.contains(day.date)) {
                seen.insert(day.date);
                m_dates.append(day.date);
            }
        }
        std::sort(m_dates.begin(), m_dates.end());
    }
    QHash<QDate, int> column;
    for (int i = 0; i < m_dates.size(); ++i) {
        column.insert(m_dates.at(i), i);
    }

    // Seconds per job and day, jobs in order of first appearance by name.
    QStringList jobIds;
    QHash<QString, QString> names;
    QHash<QString, QList<qint64>> &seconds = m_seconds;
    seconds.clear();
    QList<qint64> dayTotals(m_dates.size(), 0);
    for (const UsageDay &day : days) {
        const auto at = column.constFind(day.date);
        if (at == column.constEnd()) {
            continue;
        }
        if (!seconds.contains(day.jobId)) {
            jobIds.append(day.jobId);
            names.insert(day.jobId, day.jobName);
            seconds.insert(day.jobId, QList<qint64>(m_dates.size(), 0));
        }
        seconds[day.jobId][*at] += day.durationSeconds;
        dayTotals[*at] += day.durationSeconds;
    }
    std::sort(jobIds.begin(), jobIds.end(), [&names](const QString &a, const QString &b) {
        const int byName = QString::localeAwareCompare(names.value(a), names.value(b));
        return byName != 0 ? byName < 0 : a < b;
    });
    const qint64 highest =
        dayTotals.isEmpty() ? 0 : *std::max_element(dayTotals.cbegin(), dayTotals.cend());
    m_secondsPerUnit = highest >= 3600 ? 3600 : 60;

    // Two jobs of one name are told apart by their ids in the legend.
    QHash<QString, int> nameCount;
    for (const QString &id : std::as_const(jobIds)) {
        ++nameCount[names.value(id)];
    }
    for (const QString &id : std::as_const(jobIds)) {
        const QString name = names.value(id);
        const QString label = name.isEmpty()        ? id
                              : nameCount[name] > 1 ? tr("%1 (%2)").arg(name, id)
                                                    : name;
        auto *set = new QBarSet(label);
        set->setProperty(JobIdProperty, id);
        for (const qint64 s : seconds.value(id)) {
            set->append(double(s) / m_secondsPerUnit);
        }
        m_series->append(set);
    }
    connect(m_series, &QStackedBarSeries::hovered, this, &UsageChart::showBarTip);
    chart->addSeries(m_series);

    auto *xAxis = new QBarCategoryAxis;
    QStringList categories;
    for (const QDate &day : std::as_const(m_dates)) {
        categories << day.toString(Qt::ISODate);
    }
    xAxis->append(categories);
    xAxis->setTitleText(tr("Day (UTC)"));
    chart->addAxis(xAxis, Qt::AlignBottom);
    m_series->attachAxis(xAxis);

    auto *yAxis = new QValueAxis;
    yAxis->setTitleText(m_secondsPerUnit == 3600 ? tr("Hours") : tr("Minutes"));
    yAxis->setMin(0);
    yAxis->setMax(highest > 0 ? double(highest) / m_secondsPerUnit * 1.1 : 1.0);
    yAxis->applyNiceNumbers();
    yAxis->setLabelFormat(QStringLiteral("%.1f"));
    chart->addAxis(yAxis, Qt::AlignLeft);
    m_series->attachAxis(yAxis);

    chart->setTitle(jobIds.isEmpty() ? tr("No usage in this time range")
                                     : tr("Run time per job and UTC day"));
}

void UsageChart::showBarTip(bool hovering, int index, QBarSet *set)
{
    if (!hovering || !set || index < 0 || index >= m_dates.size()) {
        QToolTip::hideText();
        return;
    }
    const qint64 seconds = m_seconds.value(set->property(JobIdProperty).toString()).value(index);
    QToolTip::showText(QCursor::pos(),
                       tr("%1, %2: %3")
                           .arg(set->label(), m_dates.at(index).toString(Qt::ISODate),
                                UsageTableModel::formatDuration(seconds)),
                       this);
}

} // namespace livesnap::ui
