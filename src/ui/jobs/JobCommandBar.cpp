#include "jobs/JobCommandBar.h"

#include "jobs/JobBatch.h"
#include "jobs/JobText.h"
#include "service/Requests.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QToolButton>

namespace livesnap::ui {

bool JobCommandBar::appliesTo(const QString &command, const SnapshotJob &job)
{
    const bool started = job.status == jobstatus::Started;
    if (command == jobcommand::Start || command == jobaction::Delete) {
        return !started;
    }
    return started; // stop, restart, snapshot
}

JobCommandBar::JobCommandBar(EngineHost &host, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_batchProgress(new QProgressBar(this))
    , m_batchLabel(new QLabel(this))
    , m_batchDetails(new QToolButton(this))
{
    setObjectName(QStringLiteral("jobBatchBar"));
    m_batchProgress->setObjectName(QStringLiteral("jobBatchProgress"));
    m_batchProgress->setMaximumWidth(200);
    m_batchProgress->setTextVisible(false);
    m_batchLabel->setObjectName(QStringLiteral("jobBatchStatus"));
    m_batchLabel->setWordWrap(true);
    m_batchLabel->setTextFormat(Qt::PlainText);
    m_batchLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_batchDetails->setObjectName(QStringLiteral("jobBatchDetails"));
    m_batchDetails->setText(tr("Details…"));
    m_batchDetails->setToolTip(tr("Which jobs failed and why, with the service's codes"));
    connect(m_batchDetails, &QToolButton::clicked, this, &JobCommandBar::showDetails);
    auto *close = new QToolButton(this);
    close->setObjectName(QStringLiteral("jobBatchClose"));
    close->setText(tr("Dismiss"));
    close->setAutoRaise(true);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    auto *batchLayout = new QHBoxLayout(this);
    batchLayout->setContentsMargins(0, 0, 0, 0);
    batchLayout->addWidget(m_batchProgress);
    batchLayout->addWidget(m_batchLabel, 1);
    batchLayout->addWidget(m_batchDetails);
    batchLayout->addWidget(close);
    hide();
}

JobBatch *JobCommandBar::batch() const
{
    return m_batch;
}

bool JobCommandBar::isBusy() const
{
    return m_batch && !m_batch->isFinished();
}

void JobCommandBar::run(const QString &command, const QList<SnapshotJob> &selected)
{
    if (isBusy()) {
        return; // one command on a selection at a time; the buttons say so
    }
    QList<SnapshotJob> jobs;
    for (const SnapshotJob &job : selected) {
        if (appliesTo(command, job)) {
            jobs.append(job);
        }
    }
    if (jobs.isEmpty()) {
        if (command == jobaction::Delete && !selected.isEmpty()) {
            QStringList names;
            for (const SnapshotJob &job : selected) {
                names.append(job.jobName);
            }
            showError(tr("Stop %1 before deleting.").arg(JobText::jobNames(names)), QString());
        }
        return;
    }
    const auto n = static_cast<int>(jobs.size());
    QStringList names;
    for (const SnapshotJob &job : std::as_const(jobs)) {
        names.append(job.jobName);
    }
    QString question;
    QString confirm;
    if (command == jobaction::Delete) {
        question = n == 1 ? tr("Delete the job “%1”? This cannot be undone.").arg(names.first())
                          : tr("Delete %n jobs (%1)? This cannot be undone.", nullptr, n)
                                .arg(JobText::jobNames(names));
        confirm = tr("&Delete");
    } else if (command == jobcommand::Stop && n > 1) {
        question = tr("Stop %n jobs (%1)? They take no snapshots until started again.", nullptr, n)
                       .arg(JobText::jobNames(names));
        confirm = tr("S&top");
    } else if (command == jobcommand::Restart && n > 1) {
        question = tr("Restart %n jobs (%1)? Each reconnects to its stream.", nullptr, n)
                       .arg(JobText::jobNames(names));
        confirm = tr("&Restart");
    }
    if (question.isEmpty()) {
        startBatch(command, jobs);
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Question, tr("Job Management"), question,
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(command == jobaction::Delete ? QStringLiteral("deleteJobConfirmation")
                                                    : QStringLiteral("jobCommandConfirmation"));
    if (n > 1) {
        box->setDetailedText(names.join(QLatin1Char('\n')));
    }
    box->setDefaultButton(QMessageBox::Cancel);
    box->button(QMessageBox::Yes)->setText(confirm);
    box->setAttribute(Qt::WA_DeleteOnClose);
    // The jobs named in the question are the ones changed, whatever is selected by then.
    connect(box, &QMessageBox::finished, this, [this, box, command, jobs] {
        if (box->standardButton(box->clickedButton()) == QMessageBox::Yes) {
            startBatch(command, jobs);
        }
    });
    // open(), not exec(): a nested event loop would let queued results run under the dialog.
    box->open();
}

void JobCommandBar::startBatch(const QString &command, const QList<SnapshotJob> &jobs)
{
    if (isBusy()) {
        return;
    }
    if (m_batch) {
        m_batch->deleteLater();
    }
    QList<JobBatch::Job> targets;
    for (const SnapshotJob &job : jobs) {
        targets.append({job.jobId, job.jobName});
    }
    m_batch = new JobBatch(m_host, command, targets, this);
    connect(m_batch, &JobBatch::progressed, this, [this](int done, int total) {
        m_batchProgress->setValue(done);
        if (done < total) {
            m_batchLabel->setText(m_batch->progressText());
        }
    });
    connect(m_batch, &JobBatch::finished, this, &JobCommandBar::finishBatch);
    m_batchProgress->setRange(0, m_batch->total());
    m_batchProgress->setValue(0);
    m_batchProgress->setVisible(m_batch->total() > 1);
    m_batchDetails->hide();
    m_batchLabel->setText(m_batch->progressText());
    show();
    emit busyChanged();
    m_batch->start();
}

void JobCommandBar::finishBatch()
{
    const QString summary = m_batch->summary();
    m_batchProgress->hide();
    m_batchLabel->setText(summary);
    const bool anyFailed = !m_batch->failures().isEmpty();
    m_batchLabel->setStyleSheet(anyFailed ? QStringLiteral("QLabel { color: #c62828; }")
                                          : QString());
    m_batchDetails->setVisible(anyFailed);
    emit busyChanged();
    emit finished(summary);
    if (anyFailed) {
        if (m_batch->total() == 1) {
            showError(summary, m_batch->details());
        }
        emit failed(summary);
    }
}

void JobCommandBar::showDetails()
{
    if (m_batch) {
        showError(m_batch->summary(), m_batch->details());
    }
}

void JobCommandBar::showError(const QString &message, const QString &details)
{
    auto *box =
        new QMessageBox(QMessageBox::Warning, tr("Job Management"), message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("jobCommandError"));
    // The service's own message and code, for a support request; the text stays in our words.
    box->setDetailedText(details);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace livesnap::ui
