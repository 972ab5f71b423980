#include "usage/UsageChart.h"

#include "usage/UsageTableModel.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QCursor>
#include <QEvent>
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
    chart->legend()->setShowToolTips(true); // the whole name of an elided entry
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(4, 4, 4, 4));
    applyPalette();
    setUsage({}, QDate(), QDate());
}

void UsageChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) {
        applyPalette();
    }
}

void UsageChart::applyPalette()
{
    const QPalette palette = this->palette();
    const QColor window = palette.color(QPalette::Window);
    const QColor text = palette.color(QPalette::WindowText);
    QChart *chart = this->chart();
    const QChart::ChartTheme theme =
        window.lightness() < 128 ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    if (chart->theme() != theme) {
        chart->setTheme(theme); // bar colours and axes that read on that background
    }
    // The window's own colours, so the chart sits in the page instead of on a white card.
    chart->setBackgroundBrush(window);
    chart->setBackgroundPen(Qt::NoPen);
    chart->setTitleBrush(text);
    chart->legend()->setLabelColor(text);
    const auto axes = chart->axes();
    for (QAbstractAxis *axis : axes) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
    }
    setBackgroundBrush(window);
}

void UsageChart::placeLegend()
{
    QLegend *legend = chart()->legend();
    const bool many = m_series && m_series->count() > LegendRowMax;
    legend->setAlignment(many ? Qt::AlignRight : Qt::AlignBottom);
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

    // Seconds per job and day.
    QStringList jobIds;
    QHash<QString, QString> names;
    QHash<QString, qint64> jobTotals;
    m_seconds.clear();
    QList<qint64> dayTotals(m_dates.size(), 0);
    for (const UsageDay &day : days) {
        const auto at = column.constFind(day.date);
        if (at == column.constEnd()) {
            continue;
        }
        if (!m_seconds.contains(day.jobId)) {
            jobIds.append(day.jobId);
            names.insert(day.jobId, day.jobName);
            m_seconds.insert(day.jobId, QList<qint64>(m_dates.size(), 0));
        }
        m_seconds[day.jobId][*at] += day.durationSeconds;
        jobTotals[day.jobId] += day.durationSeconds;
        dayTotals[*at] += day.durationSeconds;
    }
    const qint64 highest =
        dayTotals.isEmpty() ? 0 : *std::max_element(dayTotals.cbegin(), dayTotals.cend());
    m_secondsPerUnit = highest >= 3600 ? 3600 : 60;

    // The jobs that ran longest get their own bar sets; the rest share one.
    QList<qint64> others;
    int otherJobs = 0;
    if (jobIds.size() > MaxJobSets) {
        std::sort(jobIds.begin(), jobIds.end(), [&jobTotals](const QString &a, const QString &b) {
            const qint64 ta = jobTotals.value(a);
            const qint64 tb = jobTotals.value(b);
            return ta != tb ? ta > tb : a < b;
        });
        others.resize(m_dates.size(), 0);
        for (qsizetype i = MaxJobSets; i < jobIds.size(); ++i) {
            const QList<qint64> perDay = m_seconds.take(jobIds.at(i));
            for (qsizetype d = 0; d < perDay.size(); ++d) {
                others[d] += perDay.at(d);
            }
            ++otherJobs;
        }
        jobIds.resize(MaxJobSets);
    }
    std::sort(jobIds.begin(), jobIds.end(), [&names](const QString &a, const QString &b) {
        const int byName = QString::localeAwareCompare(names.value(a), names.value(b));
        return byName != 0 ? byName < 0 : a < b;
    });

    // Two jobs of one name are told apart by their ids in the legend.
    QHash<QString, int> nameCount;
    for (const QString &id : std::as_const(jobIds)) {
        ++nameCount[names.value(id)];
    }
    auto addSet = [this](const QString &label, const QString &jobId, const QList<qint64> &perDay) {
        auto *set = new QBarSet(label);
        set->setProperty(JobIdProperty, jobId);
        for (const qint64 s : perDay) {
            set->append(double(s) / m_secondsPerUnit);
        }
        m_series->append(set);
    };
    for (const QString &id : std::as_const(jobIds)) {
        const QString name = names.value(id);
        addSet(name.isEmpty()        ? id
               : nameCount[name] > 1 ? tr("%1 (%2)").arg(name, id)
                                     : name,
               id, m_seconds.value(id));
    }
    if (otherJobs > 0) {
        m_seconds.insert(QString(), others);
        addSet(tr("%n other job(s)", nullptr, otherJobs), QString(), others);
    }
    connect(m_series, &QStackedBarSeries::hovered, this, &UsageChart::showBarTip);
    chart->addSeries(m_series);

    auto *xAxis = new QBarCategoryAxis;
    // Month and day are enough (and fit) while the axis spans less than a year.
    const bool withYear = !m_dates.isEmpty() && m_dates.first().daysTo(m_dates.last()) >= 365;
    const QString dayFormat = withYear ? QStringLiteral("yyyy-MM-dd") : QStringLiteral("MM-dd");
    QStringList categories;
    for (const QDate &day : std::as_const(m_dates)) {
        categories << day.toString(dayFormat);
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

    chart->setTitle(m_series->count() == 0 ? tr("No usage in this time range")
                                           : tr("Run time per day"));
    placeLegend();
    applyPalette(); // the new axes
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
