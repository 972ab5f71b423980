#include "pages/JobPage.h"

#include "pages/ListPageSetup.h"

#include "domain/StreamInput.h"
#include "engine/EngineHost.h"
#include "jobs/JobBatch.h"
#include "jobs/JobCommandBar.h"
#include "jobs/JobDetailsPanel.h"
#include "jobs/JobText.h"
#include "jobs/SubmitJobDialog.h"
#include "models/JobListModel.h"
#include "monitor/MonitorWall.h"

#include <QAction>
#include <QClipboard>
#include <QDateTime>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace livesnap::ui {

namespace {
const QString ListHeaderKey = QStringLiteral("jobPage/listHeader");
const QString SplitterKey = QStringLiteral("jobPage/splitter");
const QString DetailsSplitterKey = QStringLiteral("jobPage/detailsSplitter");
const QString EventHeaderKey = QStringLiteral("jobPage/eventHeader");
// Snap now; free in the window (Ctrl+S would suggest saving).
constexpr QKeyCombination SnapNowShortcut(Qt::ControlModifier | Qt::ShiftModifier, Qt::Key_S);

// The widest of texts in a cell of view, with the cell's margins (and an icon when asked).
int cellWidth(const QTableView *view, const QStringList &texts, bool icon = false)
{
    const QFontMetrics metrics = view->fontMetrics();
    int widest = 0;
    for (const QString &text : texts) {
        widest = qMax(widest, metrics.horizontalAdvance(text));
    }
    const int margin =
        2 * (view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, view) + 1);
    const int iconWidth =
        icon ? view->style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, view) + 6 : 0;
    return widest + margin + iconWidth + metrics.averageCharWidth();
}
} // namespace

JobPage::JobPage(EngineHost &host, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_model(new JobListModel(host, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_error(new QLabel(this))
    , m_views(new QTabWidget(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_view(new QTableView(this))
    , m_details(new JobDetailsPanel(host, this))
    , m_submitButton(new QPushButton(tr("S&ubmit…"), this))
    , m_startButton(new QPushButton(tr("&Start"), this))
    , m_stopButton(new QPushButton(tr("S&top"), this))
    , m_restartButton(new QPushButton(tr("&Restart"), this))
    , m_deleteButton(new QPushButton(tr("&Delete"), this))
    , m_previewButton(new QPushButton(tr("&Preview"), this))
    , m_refreshButton(new QPushButton(tr("Re&fresh"), this))
    , m_snapButton(new QPushButton(tr("S&nap now"), this))
    , m_commands(new JobCommandBar(host, this))
{
    m_filter->setObjectName(QStringLiteral("jobFilter"));
    m_filter->setPlaceholderText(tr("Filter jobs by name, status, template or stream"));
    m_error->setObjectName(QStringLiteral("jobListError"));
    m_view->setObjectName(QStringLiteral("jobView"));
    setUpListPage(m_model, m_proxy, m_filter, m_error, m_view, JobListModel::NameColumn,
                  tr("Could not list the jobs: %1"));
    // Bulk work: Ctrl/Shift-click and Ctrl+A select many jobs for one command.
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideMiddle); // a long name keeps its start and end
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex index = m_view->indexAt(pos);
        if (index.isValid() && !m_view->selectionModel()->isRowSelected(index.row())) {
            m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                                 QItemSelectionModel::Rows);
        }
        createContextMenu()->popup(m_view->viewport()->mapToGlobal(pos));
    });
    // First-run widths (a saved layout replaces them): each title, then what fitColumns() finds
    // the cells need. Counts are short; the (masked) stream URL takes the room that is left.
    QHeaderView *header = m_view->horizontalHeader();
    for (int column = 0; column < JobListModel::ColumnCount; ++column) {
        header->resizeSection(column, header->sectionSizeHint(column));
    }
    header->resizeSection(JobListModel::SnapshotsColumn,
                          qMax(header->sectionSizeHint(JobListModel::SnapshotsColumn),
                               cellWidth(m_view, {QLocale().toString(999999)})));
    fitColumns();
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &JobPage::selectionChanged);
    // A reload that removes the selected row changes the selection without a user action.
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &JobPage::selectionChanged);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &JobPage::selectionChanged);
    // A selected job that starts or stops changes which commands apply.
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &JobPage::updateButtons);
    connect(m_model, &JobListModel::loaded, this, &JobPage::fitColumns);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_pendingSelection.isEmpty()) {
            selectJob(m_pendingSelection);
        }
    });

    createActions();
    const struct {
        QPushButton *button;
        const char *name;
        QAction *action;
    } buttons[] = {
        {m_submitButton, "submitButton", nullptr},
        {m_startButton, "startButton", m_startAction},
        {m_stopButton, "stopButton", m_stopAction},
        {m_restartButton, "restartButton", m_restartAction},
        {m_snapButton, "snapButton", m_snapAction},
        {m_deleteButton, "deleteButton", m_deleteAction},
        {m_previewButton, "previewButton", m_previewAction},
        {m_refreshButton, "refreshButton", nullptr},
    };
    m_submitButton->setToolTip(tr("Submit a new snapshot job"));
    m_refreshButton->setToolTip(tr("List every job again"));
    auto *toolbar = new QHBoxLayout;
    toolbar->addWidget(m_filter, 1);
    for (const auto &b : buttons) {
        b.button->setObjectName(QString::fromLatin1(b.name));
        toolbar->addWidget(b.button);
        if (b.action) {
            b.button->setToolTip(b.action->toolTip());
            connect(b.button, &QPushButton::clicked, b.action, &QAction::trigger);
            connect(b.action, &QAction::changed, b.button, [button = b.button, action = b.action] {
                button->setEnabled(action->isEnabled());
            });
        }
    }
    connect(m_commands, &JobCommandBar::busyChanged, this, &JobPage::updateButtons);
    connect(m_commands, &JobCommandBar::finished, this, &JobPage::commandFinished);
    connect(m_commands, &JobCommandBar::failed, this, &JobPage::commandFailed);
    connect(m_submitButton, &QPushButton::clicked, this, &JobPage::openSubmitDialog);
    connect(m_refreshButton, &QPushButton::clicked, this, &JobPage::refresh);

    m_splitter->setObjectName(QStringLiteral("jobSplitter"));
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);

    m_views->setObjectName(QStringLiteral("jobViews"));
    m_views->setDocumentMode(true);
    m_views->addTab(m_splitter, tr("Jobs"));
    connect(m_views, &QTabWidget::currentChanged, this, &JobPage::updateButtons);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addWidget(m_error);
    layout->addWidget(m_commands); // the last command's progress and result
    layout->addWidget(m_views, 1);

    restoreLayout();
    updateButtons();
}

void JobPage::createActions()
{
    const struct {
        QAction *&action;
        QString text;
        const char *name;
        QString toolTip;
        void (JobPage::*slot)();
    } actions[] = {
        {m_previewAction, tr("&Preview"), "previewAction",
         tr("Watch the selected job's live stream"), &JobPage::previewSelectedJob},
        {m_snapAction, tr("S&nap now"), "snapAction",
         tr("Take a snapshot of each selected running job at its next keyframe (%1)")
             .arg(QKeySequence(SnapNowShortcut).toString(QKeySequence::NativeText)),
         &JobPage::snapSelectedJob},
        {m_startAction, tr("&Start"), "startAction",
         tr("Start the selected jobs that are not running"), &JobPage::startSelectedJob},
        {m_stopAction, tr("S&top"), "stopAction", tr("Stop the selected running jobs"),
         &JobPage::stopSelectedJob},
        {m_restartAction, tr("&Restart"), "restartAction",
         tr("Restart the selected running jobs afresh"), &JobPage::restartSelectedJob},
        {m_showFilesAction, tr("Show &files"), "showFilesAction",
         tr("Show the selected job's snapshots in File Management"),
         &JobPage::showFilesOfSelectedJob},
        {m_copyUrlAction, tr("&Copy stream URL"), "copyUrlAction",
         tr("Copy the selected job's stream URL, with its secrets masked"),
         &JobPage::copyStreamUrl},
        {m_deleteAction, tr("&Delete…"), "deleteAction",
         tr("Delete the selected jobs (they must be stopped)"), &JobPage::deleteSelectedJob},
    };
    for (const auto &a : actions) {
        a.action = new QAction(a.text, this);
        a.action->setObjectName(QString::fromLatin1(a.name));
        a.action->setToolTip(a.toolTip);
        connect(a.action, &QAction::triggered, this, a.slot);
    }
    m_snapAction->setShortcut(SnapNowShortcut);
    m_snapAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_snapAction);
    m_deleteAction->setShortcut(QKeySequence::Delete);
    m_deleteAction->setShortcutContext(Qt::WidgetShortcut);
    m_view->addAction(m_deleteAction);
}

QMenu *JobPage::createContextMenu()
{
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("jobContextMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addActions({m_previewAction, m_snapAction});
    menu->addSeparator();
    menu->addActions({m_startAction, m_stopAction, m_restartAction});
    menu->addSeparator();
    menu->addActions({m_showFilesAction, m_copyUrlAction});
    menu->addSeparator();
    menu->addAction(m_deleteAction);
    return menu;
}

JobPage::~JobPage()
{
    saveLayout();
}

void JobPage::addView(QWidget *view, const QString &title)
{
    m_views->addTab(view, title);
    auto *wall = qobject_cast<MonitorWall *>(view);
    if (!wall) {
        return;
    }
    m_wall = wall;
    wall->setFilterText(m_filter->text());
    connect(m_filter, &QLineEdit::textChanged, wall, &MonitorWall::setFilterText);
    connect(wall, &MonitorWall::selectedJobsChanged, this, &JobPage::updateButtons);
    connect(
        wall, &MonitorWall::commandRequested, this,
        [this](const QStringList &jobIds, const QString &command) { runCommand(command, jobIds); });
    connect(wall, &MonitorWall::showFilesRequested, this, &JobPage::showFilesRequested);
}

MonitorWall *JobPage::monitorWall() const
{
    return m_wall;
}

JobBatch *JobPage::batch() const
{
    return m_commands->batch();
}

bool JobPage::wallIsShowing() const
{
    return m_wall && m_views->currentWidget() == m_wall;
}

QStringList JobPage::tableSelectedJobIds() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList ids;
    for (const QModelIndex &row : std::as_const(rows)) {
        ids.append(row.data(JobListModel::IdRole).toString());
    }
    return ids;
}

QStringList JobPage::selectedJobIds() const
{
    return wallIsShowing() ? m_wall->selectedJobIds() : tableSelectedJobIds();
}

QString JobPage::selectedJobId() const
{
    const QStringList ids = selectedJobIds();
    return ids.isEmpty() ? QString() : ids.constFirst();
}

QList<SnapshotJob> JobPage::jobsOf(const QStringList &jobIds) const
{
    QList<SnapshotJob> jobs;
    for (const QString &id : jobIds) {
        const int row = m_model->rowOfJob(id);
        if (row >= 0) {
            jobs.append(m_model->jobAt(row));
        }
    }
    return jobs;
}

void JobPage::selectJob(const QString &jobId)
{
    const int sourceRow = m_model->rowOfJob(jobId);
    if (sourceRow < 0) {
        m_pendingSelection = jobId;
        return;
    }
    m_pendingSelection.clear();
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    if (!index.isValid()) {
        return; // filtered out
    }
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                         QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

void JobPage::startSelectedJob()
{
    runCommand(jobcommand::Start, selectedJobIds());
}

void JobPage::stopSelectedJob()
{
    runCommand(jobcommand::Stop, selectedJobIds());
}

void JobPage::restartSelectedJob()
{
    runCommand(jobcommand::Restart, selectedJobIds());
}

void JobPage::snapSelectedJob()
{
    runCommand(jobaction::Snapshot, selectedJobIds());
}

void JobPage::deleteSelectedJob()
{
    runCommand(jobaction::Delete, selectedJobIds());
}

void JobPage::runCommand(const QString &command, const QStringList &jobIds)
{
    m_commands->run(command, jobsOf(jobIds));
}

SubmitJobDialog *JobPage::openSubmitDialog()
{
    auto *dialog = new SubmitJobDialog(m_host, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SubmitJobDialog::configureStorageRequested, this,
            &JobPage::configureStorageRequested);
    connect(dialog, &SubmitJobDialog::jobSubmitted, this, [this](const QString &jobId) {
        // A filter that hides the new job would hide that it was created.
        m_filter->clear();
        selectJob(jobId);
    });
    dialog->open();
    return dialog;
}

void JobPage::previewSelectedJob()
{
    const QString jobId = selectedJobId();
    if (!jobId.isEmpty()) {
        emit previewRequested(jobId);
    }
}

void JobPage::refresh()
{
    m_model->reload();
    m_details->refresh();
}

void JobPage::selectionChanged()
{
    const QStringList ids = tableSelectedJobIds();
    if (ids.size() > 1) {
        m_details->showSelectionCount(static_cast<int>(ids.size()));
    } else {
        m_details->setJobId(ids.isEmpty() ? QString() : ids.constFirst());
    }
    updateButtons();
}

void JobPage::updateButtons()
{
    const QList<SnapshotJob> jobs = jobsOf(selectedJobIds());
    bool anyStarted = false;
    bool anyStopped = false;
    for (const SnapshotJob &job : jobs) {
        (job.status == jobstatus::Started ? anyStarted : anyStopped) = true;
    }
    const bool idle = !m_commands->isBusy();
    const bool one = jobs.size() == 1;
    m_startAction->setEnabled(idle && anyStopped);
    for (QAction *action : {m_stopAction, m_restartAction, m_snapAction}) {
        action->setEnabled(idle && anyStarted);
    }
    m_deleteAction->setEnabled(idle && anyStopped && !anyStarted);
    for (QAction *action : {m_previewAction, m_showFilesAction, m_copyUrlAction}) {
        action->setEnabled(one);
    }
}

void JobPage::showFilesOfSelectedJob()
{
    const QString jobId = selectedJobId();
    if (!jobId.isEmpty()) {
        emit showFilesRequested(jobId);
    }
}

void JobPage::copyStreamUrl()
{
    const QList<SnapshotJob> jobs = jobsOf(selectedJobIds());
    if (!jobs.isEmpty()) {
        QGuiApplication::clipboard()->setText(maskStreamUrl(jobs.constFirst().streamInput.url));
    }
}

void JobPage::fitColumns()
{
    if (m_layoutRestored) {
        return; // the operator's own widths
    }
    // Wide enough for every word and time a cell can show, so none is cut off; names grow to
    // the longest one up to a quarter of the view (longer ones are elided, with a tooltip).
    QHeaderView *header = m_view->horizontalHeader();
    auto atLeast = [header](int column, int width) {
        header->resizeSection(column, std::max({width, header->sectionSize(column),
                                                header->sectionSizeHint(column)}));
    };
    const int em = m_view->fontMetrics().averageCharWidth();
    atLeast(JobListModel::NameColumn, 16 * em);
    atLeast(JobListModel::TemplateColumn, 12 * em);
    atLeast(JobListModel::StatusColumn, cellWidth(m_view, {JobText::status(jobstatus::Init),
                                                           JobText::status(jobstatus::Started),
                                                           JobText::status(jobstatus::Paused)}));
    QStringList states;
    for (const QString &state :
         {streamstate::Idle, streamstate::Waiting, streamstate::Connecting, streamstate::Live,
          streamstate::Reconnecting, streamstate::Failed}) {
        states.append(JobText::streamState(state));
    }
    atLeast(JobListModel::StreamStateColumn, cellWidth(m_view, states));
    QStringList healths;
    for (const QString &health : {streamhealth::Unknown, streamhealth::Ok, streamhealth::Black,
                                  streamhealth::Frozen, streamhealth::Down}) {
        healths.append(JobText::streamHealth(health));
    }
    atLeast(JobListModel::HealthColumn, cellWidth(m_view, healths, true));
    // The longest times of the locale's short format: two-digit day, month and hour.
    QStringList times;
    for (int hour : {10, 22}) {
        const QDateTime sample(QDate(2026, 12, 28), QTime(hour, 58, 59));
        times.append(QLocale().toString(sample, QLocale::ShortFormat));
    }
    atLeast(JobListModel::LastSnapshotColumn, cellWidth(m_view, times));
    QStringList names;
    QStringList templates;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        names.append(m_model->jobAt(row).jobName);
        templates.append(m_model->jobAt(row).templateName);
    }
    const int room = qMax(m_view->viewport()->width(), width());
    atLeast(JobListModel::NameColumn, qMin(cellWidth(m_view, names), room / 4));
    atLeast(JobListModel::TemplateColumn, qMin(cellWidth(m_view, templates), room / 6));
    // The last column stretches over what is left; it is not what makes the table scroll.
    header->resizeSection(JobListModel::StreamUrlColumn, 6 * em);
}

void JobPage::restoreLayout()
{
    const QSettings settings;
    QHeaderView *header = m_view->horizontalHeader();
    if (header->restoreState(settings.value(ListHeaderKey).toByteArray())) {
        m_layoutRestored = true;
        m_view->sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());
    }
    m_splitter->restoreState(settings.value(SplitterKey).toByteArray());
    m_details->splitter()->restoreState(settings.value(DetailsSplitterKey).toByteArray());
    m_details->eventView()->horizontalHeader()->restoreState(
        settings.value(EventHeaderKey).toByteArray());
}

void JobPage::saveLayout() const
{
    QSettings settings;
    settings.setValue(ListHeaderKey, m_view->horizontalHeader()->saveState());
    settings.setValue(SplitterKey, m_splitter->saveState());
    settings.setValue(DetailsSplitterKey, m_details->splitter()->saveState());
    settings.setValue(EventHeaderKey, m_details->eventView()->horizontalHeader()->saveState());
}

void JobPage::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

} // namespace livesnap::ui
