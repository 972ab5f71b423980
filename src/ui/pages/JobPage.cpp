#include "pages/JobPage.h"

#include "pages/ListPageSetup.h"

#include "engine/EngineHost.h"
#include "jobs/JobDetailsPanel.h"
#include "jobs/SubmitJobDialog.h"
#include "models/JobListModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <utility>

namespace livesnap::ui {

namespace {
const QString ListHeaderKey = QStringLiteral("jobPage/listHeader");
const QString SplitterKey = QStringLiteral("jobPage/splitter");
const QString DetailsSplitterKey = QStringLiteral("jobPage/detailsSplitter");
const QString EventHeaderKey = QStringLiteral("jobPage/eventHeader");
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
{
    m_filter->setObjectName(QStringLiteral("jobFilter"));
    m_filter->setPlaceholderText(tr("Filter jobs by name, status, template or stream"));
    m_error->setObjectName(QStringLiteral("jobListError"));
    m_view->setObjectName(QStringLiteral("jobView"));
    setUpListPage(m_model, m_proxy, m_filter, m_error, m_view, JobListModel::NameColumn,
                  tr("Could not list the jobs: %1"));
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    QHeaderView *header = m_view->horizontalHeader();
    // First-run widths (a saved layout replaces them): enough for typical values and the title.
    const int em = m_view->fontMetrics().averageCharWidth();
    const std::pair<int, int> widths[] = {
        {JobListModel::NameColumn, 24},         {JobListModel::StatusColumn, 10},
        {JobListModel::StreamStateColumn, 14},  {JobListModel::TemplateColumn, 24},
        {JobListModel::LastSnapshotColumn, 18}, {JobListModel::SnapshotsColumn, 10}};
    for (const auto &[column, chars] : widths) {
        header->resizeSection(column, qMax(chars * em, header->sectionSizeHint(column)));
    }
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &JobPage::selectionChanged);
    // A reload that removes the selected row changes the selection without a user action.
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &JobPage::selectionChanged);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &JobPage::selectionChanged);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_pendingSelection.isEmpty()) {
            selectJob(m_pendingSelection);
        }
    });

    const struct {
        QPushButton *button;
        const char *name;
        QString toolTip;
    } buttons[] = {
        {m_submitButton, "submitButton", tr("Submit a new snapshot job")},
        {m_startButton, "startButton", tr("Start the selected job")},
        {m_stopButton, "stopButton", tr("Stop the selected job")},
        {m_restartButton, "restartButton", tr("Restart the selected job afresh")},
        {m_deleteButton, "deleteButton", tr("Delete the selected job (it must be stopped)")},
        {m_previewButton, "previewButton", tr("Watch the selected job's live stream")},
        {m_refreshButton, "refreshButton", tr("List every job again")},
    };
    auto *toolbar = new QHBoxLayout;
    toolbar->addWidget(m_filter, 1);
    for (const auto &b : buttons) {
        b.button->setObjectName(QString::fromLatin1(b.name));
        b.button->setToolTip(b.toolTip);
        toolbar->addWidget(b.button);
    }
    connect(m_submitButton, &QPushButton::clicked, this, &JobPage::openSubmitDialog);
    connect(m_startButton, &QPushButton::clicked, this, &JobPage::startSelectedJob);
    connect(m_stopButton, &QPushButton::clicked, this, &JobPage::stopSelectedJob);
    connect(m_restartButton, &QPushButton::clicked, this, &JobPage::restartSelectedJob);
    connect(m_deleteButton, &QPushButton::clicked, this, &JobPage::deleteSelectedJob);
    connect(m_previewButton, &QPushButton::clicked, this, &JobPage::previewSelectedJob);
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

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addWidget(m_error);
    layout->addWidget(m_views, 1);

    restoreLayout();
    updateButtons();
}

JobPage::~JobPage()
{
    saveLayout();
}

void JobPage::addView(QWidget *view, const QString &title)
{
    m_views->addTab(view, title);
}

QString JobPage::selectedJobId() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        return {};
    }
    return rows.constFirst().data(JobListModel::IdRole).toString();
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
    m_view->selectRow(index.row());
    m_view->scrollTo(index);
}

void JobPage::startSelectedJob()
{
    sendCommand(jobcommand::Start);
}

void JobPage::stopSelectedJob()
{
    sendCommand(jobcommand::Stop);
}

void JobPage::restartSelectedJob()
{
    sendCommand(jobcommand::Restart);
}

void JobPage::sendCommand(const QString &command)
{
    const QString jobId = selectedJobId();
    if (jobId.isEmpty()) {
        return;
    }
    m_host.call(
        this,
        [jobId, command](SnapshotService &service) {
            return service.sendLiveSnapshotJobCommand(jobId, command);
        },
        [this](Status status) {
            if (!status) {
                showCommandError(status.error().message);
            }
        });
}

void JobPage::deleteSelectedJob()
{
    const QString jobId = selectedJobId();
    if (jobId.isEmpty()) {
        return;
    }
    const int row = m_model->rowOfJob(jobId);
    const QString name = row < 0 ? jobId : m_model->jobAt(row).jobName;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Delete Job"),
                                tr("Delete the job \"%1\"? This cannot be undone.").arg(name),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("deleteJobConfirmation"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->button(QMessageBox::Yes)->setText(tr("&Delete"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    // The job named in the question is the one deleted, whatever is selected by then.
    connect(box, &QMessageBox::finished, this, [this, box, jobId] {
        if (box->standardButton(box->clickedButton()) == QMessageBox::Yes) {
            deleteJob(jobId);
        }
    });
    // open(), not exec(): a nested event loop would let queued results run under the dialog.
    box->open();
}

void JobPage::deleteJob(const QString &jobId)
{
    m_host.call(
        this, [jobId](SnapshotService &service) { return service.deleteLiveSnapshotJob(jobId); },
        [this](Status status) {
            if (!status) {
                showCommandError(status.error().message);
            }
        });
}

void JobPage::showCommandError(const QString &message)
{
    auto *box =
        new QMessageBox(QMessageBox::Warning, tr("Job Management"), message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("jobCommandError"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    emit commandFailed(message);
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
    m_details->setJobId(selectedJobId());
    updateButtons();
}

void JobPage::updateButtons()
{
    const bool selected = !selectedJobId().isEmpty();
    for (QPushButton *button :
         {m_startButton, m_stopButton, m_restartButton, m_deleteButton, m_previewButton}) {
        button->setEnabled(selected);
    }
}

void JobPage::restoreLayout()
{
    const QSettings settings;
    QHeaderView *header = m_view->horizontalHeader();
    if (header->restoreState(settings.value(ListHeaderKey).toByteArray())) {
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
