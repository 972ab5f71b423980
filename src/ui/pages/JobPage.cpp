#include "pages/JobPage.h"

#include "pages/ListPageSetup.h"

#include "models/JobListModel.h"
#include "service/EngineHost.h"

#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace livesnap::ui {

JobPage::JobPage(EngineHost &host, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_model(new JobListModel(host, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_error(new QLabel(this))
    , m_view(new QTableView(this))
    , m_startButton(new QPushButton(tr("&Start"), this))
    , m_stopButton(new QPushButton(tr("S&top"), this))
{
    m_filter->setObjectName(QStringLiteral("jobFilter"));
    m_filter->setPlaceholderText(tr("Filter jobs by name, status, template or stream"));
    m_view->setObjectName(QStringLiteral("jobView"));
    setUpListPage(m_model, m_proxy, m_filter, m_error, m_view, JobListModel::NameColumn,
                  tr("Could not list the jobs: %1"));
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &JobPage::updateButtons);
    // A reload that removes the selected row changes the selection without a user action.
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &JobPage::updateButtons);

    m_startButton->setObjectName(QStringLiteral("startButton"));
    m_startButton->setToolTip(tr("Start the selected job"));
    m_stopButton->setObjectName(QStringLiteral("stopButton"));
    m_stopButton->setToolTip(tr("Stop the selected job"));
    connect(m_startButton, &QPushButton::clicked, this, &JobPage::startSelectedJob);
    connect(m_stopButton, &QPushButton::clicked, this, &JobPage::stopSelectedJob);

    auto *toolbar = new QHBoxLayout;
    toolbar->addWidget(m_filter, 1);
    toolbar->addWidget(m_startButton);
    toolbar->addWidget(m_stopButton);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(toolbar);
    layout->addWidget(m_error);
    layout->addWidget(m_view);
    updateButtons();
}

QString JobPage::selectedJobId() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        return {};
    }
    return rows.constFirst().data(JobListModel::IdRole).toString();
}

void JobPage::startSelectedJob()
{
    sendCommand(jobcommand::Start);
}

void JobPage::stopSelectedJob()
{
    sendCommand(jobcommand::Stop);
}

void JobPage::sendCommand(const QString &command)
{
    const QString jobId = selectedJobId();
    if (jobId.isEmpty() || !m_host.service()) {
        return;
    }
    m_host.call(
        this,
        [jobId, command](SnapshotService &service) {
            return service.sendLiveSnapshotJobCommand(jobId, command);
        },
        [this](Status status) {
            if (status) {
                return;
            }
            const QString message = status.error().message;
            // open(), not exec(): a nested event loop inside a queued callback would let
            // further results run under the dialog.
            auto *box = new QMessageBox(QMessageBox::Warning, tr("Job Management"), message,
                                        QMessageBox::Ok, this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
            emit commandFailed(message);
        });
}

void JobPage::updateButtons()
{
    const bool selected = !selectedJobId().isEmpty();
    m_startButton->setEnabled(selected);
    m_stopButton->setEnabled(selected);
}

} // namespace livesnap::ui
