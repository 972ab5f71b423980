#include "pages/UsagePage.h"

#include "engine/EngineHost.h"
#include "pages/ListPageSetup.h"
#include "usage/DateTimeField.h"
#include "usage/UsageChart.h"
#include "usage/UsageExportPanel.h"
#include "usage/UsageJobFilter.h"
#include "usage/UsageSortModel.h"
#include "usage/UsageTableModel.h"

#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QShowEvent>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTimeZone>
#include <QVBoxLayout>

namespace livesnap::ui {

namespace {
constexpr int DefaultDays = 7;
const QString EditFormat = QStringLiteral("yyyy-MM-dd HH:mm");

QDateTimeEdit *utcEdit(const QString &objectName, QWidget *parent)
{
    auto *edit = new DateTimeField(parent);
    edit->setObjectName(objectName);
    edit->setTimeSpec(Qt::UTC);
    edit->setDisplayFormat(EditFormat);
    edit->setCalendarPopup(true);
    return edit;
}
} // namespace

UsagePage::UsagePage(EngineHost &host, QWidget *parent)
    : QWidget(parent)
    , m_model(new UsageTableModel(host, this))
    , m_proxy(new UsageSortModel(this))
    , m_startEdit(utcEdit(QStringLiteral("usageStart"), this))
    , m_endEdit(utcEdit(QStringLiteral("usageEnd"), this))
    , m_jobFilter(new UsageJobFilter(host, this))
    , m_refreshButton(new QPushButton(tr("&Refresh"), this))
    , m_error(new QLabel(this))
    , m_view(new QTableView(this))
    , m_total(new QLabel(this))
    , m_chart(new UsageChart(this))
    , m_export(new UsageExportPanel(host, this))
{
    m_startEdit->setToolTip(tr("The start of the range, in UTC (included)"));
    m_endEdit->setToolTip(tr("The end of the range, in UTC (not included)"));
    m_refreshButton->setObjectName(QStringLiteral("usageRefresh"));
    m_refreshButton->setToolTip(tr("Show the usage of the range and job picked here"));
    m_error->setObjectName(QStringLiteral("usageError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    m_total->setObjectName(QStringLiteral("usageTotal"));
    m_total->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    m_proxy->setSourceModel(m_model);
    m_view->setObjectName(QStringLiteral("usageView"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(UsageTableModel::DateColumn, Qt::AscendingOrder);
    rememberColumns(m_view, QStringLiteral("usagePage/columns"));
    m_view->verticalHeader()->hide();
    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(UsageTableModel::JobNameColumn, QHeaderView::Stretch);
    // Ids are long; the start of one tells jobs apart, the tooltip has all of it.
    header->setSectionResizeMode(UsageTableModel::JobIdColumn, QHeaderView::Interactive);
    header->resizeSection(UsageTableModel::JobIdColumn,
                          m_view->fontMetrics().horizontalAdvance(QLatin1Char('0')) * 12);
    m_view->setWordWrap(false);
    header->setStretchLastSection(false);

    // The last 7 UTC days, today included.
    const QDateTime tomorrow(QDateTime::currentDateTimeUtc().date().addDays(1), QTime(0, 0),
                             QTimeZone::utc());
    setRange(tomorrow.addDays(-DefaultDays), tomorrow);

    connect(m_refreshButton, &QPushButton::clicked, this, &UsagePage::refresh);
    connect(m_jobFilter, &UsageJobFilter::jobSelected, this, &UsagePage::refresh);
    connect(m_model, &UsageTableModel::loaded, this, &UsagePage::showLoaded);
    connect(m_model, &UsageTableModel::loadFailed, this, [this](const QString &message) {
        m_error->setText(tr("Could not show the usage: %1").arg(message));
        m_error->show();
    });

    auto *fromLabel = new QLabel(tr("&From (UTC):"), this);
    fromLabel->setBuddy(m_startEdit);
    auto *toLabel = new QLabel(tr("&To (UTC):"), this);
    toLabel->setBuddy(m_endEdit);
    auto *jobLabel = new QLabel(tr("&Job:"), this);
    jobLabel->setBuddy(m_jobFilter);
    auto *toolbar = new QHBoxLayout;
    toolbar->addWidget(fromLabel);
    toolbar->addWidget(m_startEdit);
    toolbar->addWidget(toLabel);
    toolbar->addWidget(m_endEdit);
    toolbar->addSpacing(12);
    toolbar->addWidget(jobLabel);
    toolbar->addWidget(m_jobFilter);
    toolbar->addStretch(1);
    toolbar->addWidget(m_refreshButton);

    auto *hint = new QLabel(tr("Times are UTC. Run time is counted per UTC day, from the "
                               "start (included) to the end (not included)."),
                            this);
    hint->setWordWrap(true);

    auto *tablePane = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(tablePane);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(m_view, 1);
    tableLayout->addWidget(m_total);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("usageSplitter"));
    splitter->addWidget(tablePane);
    splitter->addWidget(m_chart);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({400, 600}); // scaled to the splitter's width

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addWidget(hint);
    layout->addWidget(m_error);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_export);

    // The first showEvent asks for the usage.
}

QDateTime UsagePage::startTime() const
{
    return m_startEdit->dateTime().toUTC();
}

QDateTime UsagePage::endTime() const
{
    return m_endEdit->dateTime().toUTC();
}

void UsagePage::setRange(const QDateTime &start, const QDateTime &end)
{
    m_startEdit->setDateTime(start.toUTC());
    m_endEdit->setDateTime(end.toUTC());
}

void UsagePage::refresh()
{
    m_model->setQuery(startTime(), endTime(), m_jobFilter->selectedJobId());
    m_model->reload();
}

void UsagePage::focusFilter()
{
    m_jobFilter->setFocus(Qt::ShortcutFocusReason);
}

void UsagePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!event->spontaneous()) {
        refresh();
    }
}

void UsagePage::showLoaded()
{
    m_error->hide();
    m_total->setText(tr("Total: %1").arg(UsageTableModel::formatDuration(m_model->totalSeconds())));
    m_total->setToolTip(tr("%n second(s)", nullptr, int(m_model->totalSeconds())));
    m_export->setRange(m_model->shownStart(), m_model->shownEnd());
    // The chart is redrawn in an event of its own, after the table's: with a year of a hundred
    // jobs each takes tens of milliseconds.
    if (!m_chartPending) {
        m_chartPending = true;
        QMetaObject::invokeMethod(this, &UsagePage::updateChart, Qt::QueuedConnection);
    }
}

void UsagePage::updateChart()
{
    m_chartPending = false;
    const QDateTime start = m_model->shownStart().toUTC();
    // The end is not included: a range ending at midnight does not show the day it starts.
    const QDateTime lastMoment = m_model->shownEnd().toUTC().addMSecs(-1);
    m_chart->setUsage(m_model->days(), start.date(), lastMoment.date());
    emit chartUpdated();
}

} // namespace livesnap::ui
