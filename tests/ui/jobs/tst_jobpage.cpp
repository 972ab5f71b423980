#include "JobTestSupport.h"
#include "domain/StreamInput.h"
#include "engine/EngineHost.h"
#include "jobs/JobBatch.h"
#include "jobs/JobDetailsPanel.h"
#include "jobs/JobEventModel.h"
#include "jobs/JobText.h"
#include "jobs/SubmitJobDialog.h"
#include "models/JobListModel.h"
#include "monitor/MonitorWall.h"
#include "monitor/MonitorWallModel.h"
#include "pages/JobPage.h"

#include <QAbstractItemView>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QVBoxLayout>

#include <memory>

using namespace livesnap;
using namespace livesnap::ui;
using namespace livesnap::uitest;

namespace {
// A field of the details panel: a wrapping label, or a line for an id, a URL or a format.
QString detailText(const JobDetailsPanel *details, const char *key)
{
    const QString name = QStringLiteral("detail") + QLatin1String(key);
    if (const auto *label = details->findChild<QLabel *>(name)) {
        return label->text();
    }
    if (const auto *line = details->findChild<QLineEdit *>(name)) {
        return line->text();
    }
    return QStringLiteral("<no field %1>").arg(QLatin1String(key));
}
} // namespace

// The Job Management page driven like a user: submit through the dialog, the details panel
// (every field, the stream token never shown), start / stop / restart / delete with the
// catalog as the judge, preview, extra views and remembered column widths.
class TestJobPage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void jobsIsTheFirstViewAndMoreCanBeAdded();
    void submitButtonCreatesAndSelectsJob();
    void detailsShowEveryFieldWithTokenMasked();
    void detailsRevealUrlsOnlyWhenAsked();
    void detailsFlagUnverifiedTls();
    void startRestartStopChangeTheCatalog();
    void buttonsFollowTheSelectedJobsStates();
    void refusedCommandSpeaksTheConsolesWords();
    void deleteAsksForConfirmation();
    void previewAsksForTheSelectedJob();
    void bulkCommandsRunOnTheSelection();
    void snapNowHasAShortcut();
    void contextMenuOffersTheCommands();
    void buttonsActOnTheWallWhenItShows();
    void refreshRelists();
    void columnWidthsAreRemembered();
    void textsFitAtTheDefaultWindowSize();

private:
    template <typename T> T *child(const char *name) const
    {
        return m_page->findChild<T *>(QString::fromLatin1(name));
    }
    QString catalogStatus(const QString &jobId) const;
    // Starts or stops a job through the engine, as another client would.
    bool command(const QString &jobId, const QString &command);
    // Selects exactly these jobs' rows in the Jobs table.
    void selectRows(const QStringList &jobIds);
    bool buttonEnabled(const char *name) const { return child<QPushButton>(name)->isEnabled(); }
    QString modelStatus(const QString &jobId) const;
    // Keys go to the Jobs table (a closed message box leaves no window active offscreen).
    bool focusTheTable();
    // Clicks an enabled button; false when it is missing or disabled.
    bool clickButton(const char *name);

    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_host;
    std::unique_ptr<JobPage> m_page;
    QString m_jobId; // submitted with SecretUrl
};

void TestJobPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LiveSnapTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_jobpage"));
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    LIVESNAP_START_HOST(m_host, m_dir.path());
    m_page = std::make_unique<JobPage>(*m_host);
    m_page->resize(1200, 800);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    m_page->activateWindow(); // for the keyboard shortcuts
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
}

void TestJobPage::cleanupTestCase()
{
    m_page.reset();
    m_host.reset();
    QSettings().clear();
}

QString TestJobPage::catalogStatus(const QString &jobId) const
{
    const Result<SnapshotJob> job = catalogJob(*m_host, jobId);
    return job.ok() ? job->status : job.error().code;
}

bool TestJobPage::command(const QString &jobId, const QString &command)
{
    const auto done = callEngine(*m_host, [jobId, command](SnapshotService &s) {
        return s.sendLiveSnapshotJobCommand(jobId, command);
    });
    return done && done->ok();
}

QString TestJobPage::modelStatus(const QString &jobId) const
{
    const int row = m_page->model()->rowOfJob(jobId);
    return row < 0 ? QString() : m_page->model()->jobAt(row).status;
}

bool TestJobPage::focusTheTable()
{
    m_page->activateWindow();
    if (!QTest::qWaitForWindowActive(m_page.get())) {
        return false;
    }
    m_page->view()->setFocus();
    return m_page->view()->hasFocus();
}

void TestJobPage::selectRows(const QStringList &jobIds)
{
    QTableView *view = m_page->view();
    view->clearSelection();
    for (const QString &id : jobIds) {
        const int row = rowOf(*view->model(), id);
        QVERIFY2(row >= 0, qPrintable(id));
        view->selectionModel()->select(view->model()->index(row, 0),
                                       QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
}

bool TestJobPage::clickButton(const char *name)
{
    auto *button = child<QPushButton>(name);
    if (!button || !button->isEnabled()) {
        qWarning("%s is missing or disabled", name);
        return false;
    }
    QTest::mouseClick(button, Qt::LeftButton);
    return true;
}

void TestJobPage::jobsIsTheFirstViewAndMoreCanBeAdded()
{
    QTabWidget *views = child<QTabWidget>("jobViews");
    QVERIFY(views);
    QCOMPARE(views, m_page->views());
    QCOMPARE(views->count(), 1);
    QCOMPARE(views->tabText(0), QStringLiteral("Jobs"));
    QVERIFY(views->widget(0)->isAncestorOf(m_page->view()));
    QVERIFY(views->widget(0)->isAncestorOf(m_page->details()));

    auto *wall = new QLabel(QStringLiteral("wall"));
    m_page->addView(wall, QStringLiteral("Monitor"));
    QCOMPARE(views->count(), 2);
    QCOMPARE(views->tabText(1), QStringLiteral("Monitor"));
    QCOMPARE(views->widget(1), wall);
    QCOMPARE(views->currentIndex(), 0);
}

void TestJobPage::submitButtonCreatesAndSelectsJob()
{
    QTRY_VERIFY(!m_page->model()->isLoading());
    QVERIFY(clickButton("submitButton"));
    auto *dialog = m_page->findChild<SubmitJobDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QTRY_VERIFY(dialog->isLoaded());
    QSignalSpy configure(m_page.get(), &JobPage::configureStorageRequested);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("configureStorageButton")),
                      Qt::LeftButton);
    QCOMPARE(configure.size(), 1);

    auto *templates = dialog->findChild<QComboBox *>(QStringLiteral("templateCombo"));
    QVERIFY(templates);
    templates->setCurrentIndex(templates->findData(schema::SystemRealtime10s));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("jobNameEdit")),
                     QStringLiteral("front door"));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("streamUrlEdit")), SecretUrl);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("callbackUrlEdit")),
                     QStringLiteral("http://127.0.0.1:9/cb?token=SECRET"));
    QSignalSpy submitted(dialog, &SubmitJobDialog::jobSubmitted);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("submitJobOk")),
                      Qt::LeftButton);
    QTRY_COMPARE(submitted.size(), 1);
    m_jobId = submitted.at(0).at(0).toString();
    QTRY_VERIFY(!m_page->findChild<SubmitJobDialog *>()); // closed and deleted

    QCOMPARE(catalogStatus(m_jobId), jobstatus::Init);
    // The new job appears and is selected, so its details show at once.
    QTRY_COMPARE(m_page->selectedJobId(), m_jobId);
    QTRY_COMPARE(m_page->details()->jobId(), m_jobId);
}

void TestJobPage::detailsShowEveryFieldWithTokenMasked()
{
    QVERIFY(!m_jobId.isEmpty());
    JobDetailsPanel *details = m_page->details();
    auto field = [details](const char *key) { return detailText(details, key); };
    QTRY_COMPARE(field("JobId"), m_jobId);
    QCOMPARE(field("JobName"), QStringLiteral("front door"));
    // The console's words, not the API's ("init", "idle").
    QCOMPARE(field("Status"), QStringLiteral("Not started"));
    QCOMPARE(field("StreamState"), QStringLiteral("Idle"));
    QCOMPARE(field("StreamHealth"), QStringLiteral("judged while the job runs"));
    QCOMPARE(field("TemplateId"), schema::SystemRealtime10s);
    QVERIFY(!field("TemplateName").isEmpty());
    QVERIFY2(field("TimeInterval").contains(QStringLiteral("10")),
             qPrintable(field("TimeInterval")));
    QVERIFY(!field("SequenceFormat").isEmpty());
    QCOMPARE(field("StreamInputType"), QStringLiteral("rtmp"));
    QVERIFY2(
        field("StreamInputUrl").startsWith(QStringLiteral("rtmp://127.0.0.1:1/live/x?auth_key=")),
        qPrintable(field("StreamInputUrl")));
    QCOMPARE(field("StreamInputTlsVerify"), QStringLiteral("not used (plain stream)"));
    QVERIFY2(field("SnapshotOutput").contains(QStringLiteral("default")),
             qPrintable(field("SnapshotOutput")));
    QVERIFY2(field("CallbackUrl").startsWith(QStringLiteral("http://127.0.0.1:9/cb?token=")),
             qPrintable(field("CallbackUrl")));
    QVERIFY(!field("CreateTime").isEmpty());
    QVERIFY(!field("ModifiedTime").isEmpty());
    QCOMPARE(field("SnapshotCount"), QStringLiteral("0"));
    QCOMPARE(field("LastSequence"), QStringLiteral("0"));
    QVERIFY(!field("LastSnapshotTime").isEmpty());
    QVERIFY(!field("EngineId").isEmpty());
    QCOMPARE(details->findChild<QLabel *>(QStringLiteral("detailLastError"))
                 ->property("highlighted")
                 .toBool(),
             false);

    // An alert quoting the stream URL: highlighted, masked, and the panel follows the change.
    const QString jobId = m_jobId;
    const auto reported = callEngine(*m_host, [jobId](SnapshotService &s) {
        return s.reportJobAlert(jobId, QStringLiteral("Spool full while reading ") + SecretUrl);
    });
    QVERIFY(reported && reported->ok());
    QTRY_VERIFY(field("LastError").startsWith(QStringLiteral("Spool full")));
    QVERIFY(details->findChild<QLabel *>(QStringLiteral("detailLastError"))
                ->property("highlighted")
                .toBool());

    // The recent events, newest first.
    JobEventModel *events = details->eventModel();
    QTRY_VERIFY(events->rowCount() >= 1);
    QCOMPARE(events->eventAt(events->rowCount() - 1).kind, QStringLiteral("submitted"));
    QCOMPARE(events->index(events->rowCount() - 1, JobEventModel::KindColumn).data().toString(),
             QStringLiteral("Submitted"));
    for (int row = 1; row < events->rowCount(); ++row) {
        QVERIFY(events->eventAt(row - 1).time >= events->eventAt(row).time);
    }

    // SECRET is nowhere on the page: labels, line edits, tooltips, every model.
    QStringList texts;
    for (const QLabel *label : m_page->findChildren<QLabel *>()) {
        texts << label->text() << label->toolTip();
    }
    for (const QLineEdit *edit : m_page->findChildren<QLineEdit *>()) {
        texts << edit->text() << edit->toolTip() << edit->placeholderText();
    }
    for (const QAbstractItemView *view : m_page->findChildren<QAbstractItemView *>()) {
        if (view->model()) {
            texts << shownTexts(*view->model());
        }
    }
    texts << shownTexts(*m_page->model()) << shownTexts(*events);
    QVERIFY(texts.join(QLatin1Char('\n')).contains(QStringLiteral("auth_key=")));
    for (const QString &text : std::as_const(texts)) {
        QVERIFY2(!text.contains(QStringLiteral("SECRET")), qPrintable(text));
    }
}

void TestJobPage::detailsRevealUrlsOnlyWhenAsked()
{
    JobDetailsPanel *details = m_page->details();
    auto field = [details](const char *key) { return detailText(details, key); };
    QTRY_COMPARE(details->jobId(), m_jobId);
    QTRY_COMPARE(field("StreamInputUrl"), QStringLiteral("rtmp://127.0.0.1:1/live/x?auth_key=***"));
    QToolButton *show = details->revealButton();
    QCOMPARE(show->objectName(), QStringLiteral("revealUrlsButton"));
    QVERIFY(!show->isChecked());
    QTest::mouseClick(show, Qt::LeftButton);
    QCOMPARE(field("StreamInputUrl"), SecretUrl);
    QCOMPARE(field("CallbackUrl"), QStringLiteral("http://127.0.0.1:9/cb?token=SECRET"));
    // A refresh keeps what the operator asked for.
    details->refresh();
    QTRY_COMPARE(field("StreamInputUrl"), SecretUrl);
    // Hidden again by a click, and whenever another job is selected.
    QTest::mouseClick(show, Qt::LeftButton);
    QVERIFY(!field("StreamInputUrl").contains(QStringLiteral("SECRET")));
    QVERIFY(!field("CallbackUrl").contains(QStringLiteral("SECRET")));
    QTest::mouseClick(show, Qt::LeftButton);
    QVERIFY(show->isChecked());
    details->setJobId(QString());
    details->setJobId(m_jobId);
    QVERIFY(!show->isChecked());
    QTRY_COMPARE(field("StreamInputUrl"), QStringLiteral("rtmp://127.0.0.1:1/live/x?auth_key=***"));
}

void TestJobPage::startRestartStopChangeTheCatalog()
{
    QCOMPARE(m_page->selectedJobId(), m_jobId);
    const QString jobId = m_jobId;
    QVERIFY(clickButton("startButton"));
    QTRY_COMPARE(catalogStatus(jobId), jobstatus::Started);
    const JobListModel *model = m_page->model();
    QTRY_COMPARE(model->index(model->rowOfJob(jobId), JobListModel::StatusColumn).data().toString(),
                 QStringLiteral("Running"));
    QTRY_COMPARE(m_page->details()->findChild<QLabel *>(QStringLiteral("detailStatus"))->text(),
                 QStringLiteral("Running"));

    const qint64 generation = catalogJob(*m_host, jobId)->runGeneration;
    QVERIFY(clickButton("restartButton"));
    QTRY_VERIFY(catalogJob(*m_host, jobId)->runGeneration > generation);
    QCOMPARE(catalogStatus(jobId), jobstatus::Started);
    // The details panel lists the command's event.
    JobEventModel *events = m_page->details()->eventModel();
    auto hasEvent = [events](const QString &message) {
        for (int row = 0; row < events->rowCount(); ++row) {
            if (events->index(row, JobEventModel::MessageColumn).data().toString() == message) {
                return true;
            }
        }
        return false;
    };
    QTRY_VERIFY(hasEvent(QStringLiteral("Job restarted.")));

    QVERIFY(clickButton("stopButton"));
    QTRY_COMPARE(catalogStatus(jobId), jobstatus::Paused);
    QTRY_COMPARE(model->index(model->rowOfJob(jobId), JobListModel::StatusColumn).data().toString(),
                 QStringLiteral("Stopped"));
    // One job: no question, one line saying what happened, naming the job.
    QCOMPARE(child<QLabel>("jobBatchStatus")->text(), QStringLiteral("Stopped “front door”."));
    QCOMPARE(m_page->selectedJobId(), jobId);
}

void TestJobPage::buttonsFollowTheSelectedJobsStates()
{
    // Defect 6: Delete was enabled on a running job and Start on it opened an error dialog.
    m_page->selectJob(m_jobId);
    QTRY_COMPARE(modelStatus(m_jobId), jobstatus::Paused);
    QVERIFY(buttonEnabled("startButton"));
    QVERIFY(buttonEnabled("deleteButton"));
    QVERIFY(!buttonEnabled("stopButton"));
    QVERIFY(!buttonEnabled("restartButton"));
    QVERIFY(!buttonEnabled("snapButton"));

    QVERIFY(command(m_jobId, jobcommand::Start));
    QTRY_COMPARE(modelStatus(m_jobId), jobstatus::Started);
    QTRY_VERIFY(!buttonEnabled("startButton"));
    QVERIFY(!buttonEnabled("deleteButton"));
    QVERIFY(buttonEnabled("stopButton"));
    QVERIFY(buttonEnabled("restartButton"));
    QVERIFY(buttonEnabled("snapButton"));
    // Start asked anyway (a stale shortcut): nothing to do, no error dialog.
    QSignalSpy failed(m_page.get(), &JobPage::commandFailed);
    m_page->startSelectedJob();
    QTest::qWait(200);
    QCOMPARE(failed.size(), 0);
    QVERIFY(!m_page->findChild<QMessageBox *>());

    // A stopped and a running job: both Start and Stop apply (each to its own), Delete not.
    const QString other = submitJob(*m_host, QStringLiteral("side gate"));
    QVERIFY(!other.isEmpty());
    QTRY_VERIFY(m_page->model()->rowOfJob(other) >= 0);
    selectRows({m_jobId, other});
    QCOMPARE(m_page->selectedJobIds().size(), 2);
    QVERIFY(buttonEnabled("startButton"));
    QVERIFY(buttonEnabled("stopButton"));
    QVERIFY(!buttonEnabled("deleteButton"));
    QVERIFY(!buttonEnabled("previewButton")); // one job at a time

    QVERIFY(command(m_jobId, jobcommand::Stop));
    QTRY_VERIFY(buttonEnabled("deleteButton"));
    QVERIFY(!buttonEnabled("stopButton"));
    const auto removed =
        callEngine(*m_host, [other](SnapshotService &s) { return s.deleteLiveSnapshotJob(other); });
    QVERIFY(removed && removed->ok());
    QTRY_COMPARE(m_page->model()->rowOfJob(other), -1);
    m_page->selectJob(m_jobId);
}

void TestJobPage::refusedCommandSpeaksTheConsolesWords()
{
    // Asked to delete while stopped; started by someone else before the operator confirms.
    m_page->selectJob(m_jobId);
    QVERIFY(clickButton("deleteButton"));
    auto *box = m_page->findChild<QMessageBox *>(QStringLiteral("deleteJobConfirmation"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QVERIFY(command(m_jobId, jobcommand::Start));
    QTRY_COMPARE(modelStatus(m_jobId), jobstatus::Started);
    QSignalSpy failed(m_page.get(), &JobPage::commandFailed);
    QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    QTRY_COMPARE(failed.size(), 1);
    const QString message = failed.at(0).at(0).toString();
    auto *error = m_page->findChild<QMessageBox *>(QStringLiteral("jobCommandError"));
    QVERIFY(error);
    QTRY_VERIFY(error->isVisible());
    QCOMPARE(error->text(), message);
    // Named by its name, in the console's words; the API's code and message under Details.
    QCOMPARE(message,
             QStringLiteral("Could not delete “front door”: it is running; stop it first."));
    QVERIFY(!message.contains(m_jobId));
    QVERIFY2(error->detailedText().contains(errc::JobNotStopped),
             qPrintable(error->detailedText()));
    QVERIFY(error->detailedText().contains(m_jobId));
    error->close();
    QTRY_VERIFY(!m_page->findChild<QMessageBox *>());
    QCOMPARE(catalogStatus(m_jobId), jobstatus::Started);
    QVERIFY(command(m_jobId, jobcommand::Stop));
    QTRY_COMPARE(modelStatus(m_jobId), jobstatus::Paused);
}

void TestJobPage::deleteAsksForConfirmation()
{
    const QString keep = submitJob(*m_host, QStringLiteral("keeper"));
    QVERIFY(!keep.isEmpty());
    QTRY_VERIFY(m_page->model()->rowOfJob(keep) >= 0);
    m_page->selectJob(m_jobId);
    QCOMPARE(m_page->selectedJobId(), m_jobId);

    // Cancel keeps the job.
    QVERIFY(clickButton("deleteButton"));
    auto *box = m_page->findChild<QMessageBox *>(QStringLiteral("deleteJobConfirmation"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QVERIFY2(box->text().contains(QStringLiteral("front door")), qPrintable(box->text()));
    QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY(!m_page->findChild<QMessageBox *>());
    QCOMPARE(catalogStatus(m_jobId), jobstatus::Paused);

    // Delete deletes it: gone from the catalog, the list and the details.
    QSignalSpy removed(m_page->model(), &QAbstractItemModel::rowsRemoved);
    QVERIFY(clickButton("deleteButton"));
    box = m_page->findChild<QMessageBox *>(QStringLiteral("deleteJobConfirmation"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    QTRY_COMPARE(catalogStatus(m_jobId), errc::JobNotFound);
    QTRY_COMPARE(m_page->model()->rowOfJob(m_jobId), -1);
    QCOMPARE(removed.size(), 1);
    QVERIFY(m_page->model()->rowOfJob(keep) >= 0);
    QCOMPARE(catalogStatus(keep), jobstatus::Init);
    QVERIFY(m_page->selectedJobId() != m_jobId);
    QVERIFY(m_page->details()->jobId() != m_jobId);

    // The Delete key asks the same question.
    m_page->selectJob(keep);
    QVERIFY(focusTheTable());
    QTest::keyClick(m_page->view(), Qt::Key_Delete);
    box = m_page->findChild<QMessageBox *>(QStringLiteral("deleteJobConfirmation"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QVERIFY2(box->text().contains(QStringLiteral("keeper")), qPrintable(box->text()));
    QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY(!m_page->findChild<QMessageBox *>());
    QCOMPARE(catalogStatus(keep), jobstatus::Init);
}

void TestJobPage::previewAsksForTheSelectedJob()
{
    const int row = m_page->view()->model()->rowCount() - 1;
    QVERIFY(row >= 0);
    m_page->view()->selectRow(row);
    const QString jobId = m_page->selectedJobId();
    QVERIFY(!jobId.isEmpty());
    QSignalSpy preview(m_page.get(), &JobPage::previewRequested);
    QVERIFY(clickButton("previewButton"));
    QCOMPARE(preview.size(), 1);
    QCOMPARE(preview.at(0).at(0).toString(), jobId);

    m_page->view()->clearSelection();
    for (const char *name :
         {"previewButton", "startButton", "stopButton", "restartButton", "deleteButton"}) {
        QVERIFY2(!child<QPushButton>(name)->isEnabled(), name);
    }
    QVERIFY(child<QPushButton>("submitButton")->isEnabled());
    QVERIFY(child<QPushButton>("refreshButton")->isEnabled());
}

void TestJobPage::bulkCommandsRunOnTheSelection()
{
    QStringList ids;
    for (const QString &name :
         {QStringLiteral("cam 1"), QStringLiteral("cam 2"), QStringLiteral("cam 3")}) {
        const QString id = submitJob(*m_host, name);
        QVERIFY(!id.isEmpty());
        ids << id;
    }
    for (const QString &id : std::as_const(ids)) {
        QTRY_VERIFY(m_page->model()->rowOfJob(id) >= 0);
    }
    QCOMPARE(m_page->view()->selectionMode(), QAbstractItemView::ExtendedSelection);
    selectRows(ids);
    QCOMPARE(m_page->selectedJobIds(), ids);
    // The details are for one job; they say how many are selected.
    QCOMPARE(m_page->details()->jobId(), QString());
    QCOMPARE(
        m_page->details()->findChild<QLabel *>(QStringLiteral("jobDetailsPlaceholder"))->text(),
        QStringLiteral("3 jobs selected. Select one to see its details and recent events."));

    // Start: no question; one call per job, one summary.
    QVERIFY(clickButton("startButton"));
    QVERIFY(m_page->batch());
    QCOMPARE(m_page->batch()->total(), 3);
    QCOMPARE(child<QProgressBar>("jobBatchProgress")->maximum(), 3);
    QTRY_VERIFY(m_page->batch()->isFinished());
    for (const QString &id : std::as_const(ids)) {
        QCOMPARE(catalogStatus(id), jobstatus::Started);
    }
    QCOMPARE(child<QLabel>("jobBatchStatus")->text(), QStringLiteral("Started 3 jobs."));
    QVERIFY(!child<QToolButton>("jobBatchDetails")->isVisible());

    // Stop of many: one question naming the count and the jobs (by name).
    for (const QString &id : std::as_const(ids)) {
        QTRY_COMPARE(modelStatus(id), jobstatus::Started);
    }
    QTRY_VERIFY(buttonEnabled("stopButton"));
    QVERIFY(clickButton("stopButton"));
    auto *box = m_page->findChild<QMessageBox *>(QStringLiteral("jobCommandConfirmation"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QVERIFY2(box->text().startsWith(QStringLiteral("Stop 3 jobs (“cam 1”, “cam 2” and “cam 3”)?")),
             qPrintable(box->text()));
    for (const QString &id : std::as_const(ids)) {
        QVERIFY(!box->text().contains(id));
    }
    // One of them is stopped elsewhere before the operator confirms: it fails, the rest stop.
    QVERIFY(command(ids.at(1), jobcommand::Stop));
    QSignalSpy failed(m_page.get(), &JobPage::commandFailed);
    QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    QTRY_COMPARE(failed.size(), 1);
    for (const QString &id : std::as_const(ids)) {
        QCOMPARE(catalogStatus(id), jobstatus::Paused);
    }
    const QString summary = child<QLabel>("jobBatchStatus")->text();
    QCOMPARE(summary, QStringLiteral("Stopped 2 of 3 jobs. 1 failed: “cam 2”: it is not running"));
    QCOMPARE(failed.at(0).at(0).toString(), summary);
    QVERIFY(!m_page->findChild<QMessageBox *>()); // the status line says it; no dialog
    auto *details = child<QToolButton>("jobBatchDetails");
    QVERIFY(details->isVisible());
    QTest::mouseClick(details, Qt::LeftButton);
    auto *result = m_page->findChild<QMessageBox *>(QStringLiteral("jobCommandError"));
    QVERIFY(result);
    QTRY_VERIFY(result->isVisible());
    QVERIFY2(result->detailedText().contains(errc::JobNotStarted),
             qPrintable(result->detailedText()));
    QVERIFY(result->detailedText().contains(ids.at(1)));
    result->close();
    QTRY_VERIFY(!m_page->findChild<QMessageBox *>());

    // Delete of many (all stopped now): one question, all gone.
    for (const QString &id : std::as_const(ids)) {
        QTRY_COMPARE(modelStatus(id), jobstatus::Paused);
    }
    QVERIFY(clickButton("deleteButton"));
    box = m_page->findChild<QMessageBox *>(QStringLiteral("deleteJobConfirmation"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QVERIFY2(box->text().startsWith(QStringLiteral("Delete 3 jobs (")), qPrintable(box->text()));
    QVERIFY(box->detailedText().contains(QStringLiteral("cam 3")));
    QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    for (const QString &id : std::as_const(ids)) {
        QTRY_COMPARE(catalogStatus(id), errc::JobNotFound);
        QTRY_COMPARE(m_page->model()->rowOfJob(id), -1);
    }
    QCOMPARE(child<QLabel>("jobBatchStatus")->text(), QStringLiteral("Deleted 3 jobs."));
}

void TestJobPage::snapNowHasAShortcut()
{
    const QString id = submitJob(*m_host, QStringLiteral("porch"));
    QVERIFY(!id.isEmpty());
    QVERIFY(command(id, jobcommand::Start));
    QTRY_COMPARE(modelStatus(id), jobstatus::Started);
    m_page->selectJob(id);
    QTRY_VERIFY(buttonEnabled("snapButton"));
    QVERIFY(focusTheTable());
    QTest::keyClick(m_page->view(), Qt::Key_S, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(m_page->batch());
    QCOMPARE(m_page->batch()->command(), QStringLiteral("snapshot"));
    QCOMPARE(m_page->batch()->total(), 1);
    QTRY_VERIFY(m_page->batch()->isFinished());
    // The service's answer is reported, naming the job (the outcome is the core's: a stream
    // that is not live cannot give a keyframe).
    QVERIFY2(child<QLabel>("jobBatchStatus")->text().contains(QStringLiteral("“porch”")),
             qPrintable(child<QLabel>("jobBatchStatus")->text()));
    if (auto *error = m_page->findChild<QMessageBox *>(QStringLiteral("jobCommandError"))) {
        error->close();
    }
    QVERIFY(command(id, jobcommand::Stop));
    QTRY_COMPARE(modelStatus(id), jobstatus::Paused);
}

void TestJobPage::contextMenuOffersTheCommands()
{
    QTableView *view = m_page->view();
    view->clearSelection();
    QTRY_VERIFY(view->model()->rowCount() >= 2);
    const QModelIndex index = view->model()->index(1, JobListModel::NameColumn);
    const QString jobId = index.data(JobListModel::IdRole).toString();
    // A right click on a row that is not selected selects it.
    emit view->customContextMenuRequested(view->visualRect(index).center());
    QCOMPARE(m_page->selectedJobIds(), QStringList{jobId});
    auto *menu = m_page->findChild<QMenu *>(QStringLiteral("jobContextMenu"));
    QVERIFY(menu);
    QTRY_VERIFY(menu->isVisible());
    QStringList names;
    for (const QAction *action : menu->actions()) {
        if (!action->isSeparator()) {
            names << action->objectName();
        }
    }
    QCOMPARE(names, QStringList({QStringLiteral("previewAction"), QStringLiteral("snapAction"),
                                 QStringLiteral("startAction"), QStringLiteral("stopAction"),
                                 QStringLiteral("restartAction"), QStringLiteral("showFilesAction"),
                                 QStringLiteral("copyUrlAction"), QStringLiteral("deleteAction")}));
    auto action = [&menu](const QString &name) -> QAction * {
        for (QAction *a : menu->actions()) {
            if (a->objectName() == name) {
                return a;
            }
        }
        return nullptr;
    };
    // A stopped job: what applies to it is enabled, the rest not.
    QVERIFY(action(QStringLiteral("startAction"))->isEnabled());
    QVERIFY(!action(QStringLiteral("stopAction"))->isEnabled());
    QVERIFY(!action(QStringLiteral("snapAction"))->isEnabled());
    QSignalSpy files(m_page.get(), &JobPage::showFilesRequested);
    QVERIFY(action(QStringLiteral("showFilesAction"))->isEnabled());
    action(QStringLiteral("showFilesAction"))->trigger();
    QCOMPARE(files.size(), 1);
    QCOMPARE(files.at(0).at(0).toString(), jobId);
    menu->close();
    QTRY_VERIFY(!m_page->findChild<QMenu *>(QStringLiteral("jobContextMenu")));

    // Copy stream URL copies it masked.
    const SnapshotJob job = m_page->model()->jobAt(m_page->model()->rowOfJob(jobId));
    emit view->customContextMenuRequested(view->visualRect(index).center());
    menu = m_page->findChild<QMenu *>(QStringLiteral("jobContextMenu"));
    QVERIFY(menu);
    action(QStringLiteral("copyUrlAction"))->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), maskStreamUrl(job.streamInput.url));
    menu->close();
}

void TestJobPage::buttonsActOnTheWallWhenItShows()
{
    // Defect 2: with the wall showing, the buttons acted on the Jobs table's hidden selection.
    const QString a = submitJob(*m_host, QStringLiteral("wall a"));
    const QString b = submitJob(*m_host, QStringLiteral("wall b"));
    QVERIFY(!a.isEmpty() && !b.isEmpty());
    QVERIFY(command(b, jobcommand::Start));
    auto *wall = new MonitorWall(*m_host);
    m_page->addView(wall, QStringLiteral("Monitor Wall"));
    QCOMPARE(m_page->monitorWall(), wall);
    QTRY_VERIFY(m_page->model()->rowOfJob(a) >= 0);
    QTRY_COMPARE(modelStatus(b), jobstatus::Started);
    m_page->selectJob(a); // stopped: Start applies, Stop does not
    QVERIFY(buttonEnabled("startButton"));
    QVERIFY(!buttonEnabled("stopButton"));

    m_page->views()->setCurrentWidget(wall);
    QCOMPARE(m_page->selectedJobIds(), QStringList()); // nothing selected on the wall
    QVERIFY(!buttonEnabled("startButton"));
    QVERIFY(!buttonEnabled("previewButton"));
    QAbstractItemModel *tiles = wall->view()->model();
    auto tileOf = [tiles](const QString &jobId) {
        for (int row = 0; row < tiles->rowCount(); ++row) {
            if (tiles->index(row, 0).data(MonitorWallModel::JobIdRole).toString() == jobId) {
                return row;
            }
        }
        return -1;
    };
    QTRY_VERIFY(tileOf(b) >= 0);
    const int tile = tileOf(b);
    wall->view()->selectionModel()->select(tiles->index(tile, 0),
                                           QItemSelectionModel::ClearAndSelect);
    emit wall->selectedJobsChanged(); // the wall's contract; its own signal may come too
    QCOMPARE(m_page->selectedJobIds(), QStringList{b});
    QVERIFY(buttonEnabled("stopButton"));
    QVERIFY(!buttonEnabled("startButton"));
    QSignalSpy preview(m_page.get(), &JobPage::previewRequested);
    QVERIFY(clickButton("previewButton"));
    QCOMPARE(preview.size(), 1);
    QCOMPARE(preview.at(0).at(0).toString(), b);

    // The wall's context menu: Show files and commands run through the page.
    QSignalSpy files(m_page.get(), &JobPage::showFilesRequested);
    emit wall->showFilesRequested(b);
    QCOMPARE(files.size(), 1);
    QCOMPARE(files.at(0).at(0).toString(), b);
    emit wall->commandRequested({b}, jobcommand::Stop);
    QTRY_COMPARE(catalogStatus(b), jobstatus::Paused);
    QCOMPARE(catalogStatus(a), jobstatus::Init);

    // Back on Jobs, the table's selection counts again.
    m_page->views()->setCurrentIndex(0);
    QCOMPARE(m_page->selectedJobIds(), QStringList{a});
    QVERIFY(buttonEnabled("startButton"));

    // The page's filter box filters the wall too.
    QVERIFY(QObject::disconnect(child<QLineEdit>("jobFilter"), &QLineEdit::textChanged, wall,
                                &MonitorWall::setFilterText));
    QObject::connect(child<QLineEdit>("jobFilter"), &QLineEdit::textChanged, wall,
                     &MonitorWall::setFilterText);
}

void TestJobPage::refreshRelists()
{
    QTRY_VERIFY(!m_page->model()->isLoading());
    QSignalSpy relisted(m_page->model(), &JobListModel::loaded);
    QVERIFY(clickButton("refreshButton"));
    QTRY_COMPARE(relisted.size(), 1);
}

void TestJobPage::columnWidthsAreRemembered()
{
    QHeaderView *header = m_page->view()->horizontalHeader();
    header->resizeSection(JobListModel::NameColumn, 321);
    header->resizeSection(JobListModel::TemplateColumn, 123);
    m_page.reset(); // saves

    JobPage again(*m_host);
    QCOMPARE(again.view()->horizontalHeader()->sectionSize(JobListModel::NameColumn), 321);
    QCOMPARE(again.view()->horizontalHeader()->sectionSize(JobListModel::TemplateColumn), 123);
    QVERIFY(QSettings().contains(QStringLiteral("jobPage/listHeader")));
}

void TestJobPage::textsFitAtTheDefaultWindowSize()
{
    // Defect 7: at the default 1100×700 window the last-snapshot time, job names, status words
    // and event messages were cut off.
    QSettings().clear(); // a first run: no remembered widths
    const QString longName = QStringLiteral("North entrance camera, parking level 2");
    // A stream URL with no space to wrap at, as most are.
    const QString longUrl = QStringLiteral(
        "rtmp://127.0.0.1:1/live/north_entrance_camera_parking_level_2_main?auth_key=SECRET");
    const QString id = submitJob(*m_host, longName, longUrl);
    QVERIFY(!id.isEmpty());
    const QString alert = QStringLiteral(
        "The storage location refused the upload of the last snapshot because its disk is full; "
        "free some space on it or choose another location for this job, then restart it.");
    const auto reported = callEngine(*m_host, [id, alert](SnapshotService &s) {
        const Status alerted = s.reportJobAlert(id, alert); // the Last error field too
        return alerted ? s.addJobEvent(id, QStringLiteral("storage"), alert) : alerted;
    });
    QVERIFY(reported && reported->ok());

    QWidget window; // the page as the window holds it
    auto *layout = new QVBoxLayout(&window);
    auto *page = new JobPage(*m_host, &window);
    layout->addWidget(page);
    window.resize(1100, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(!page->model()->isLoading());
    QTRY_VERIFY(page->model()->rowOfJob(id) >= 0);
    page->selectJob(id);

    QTableView *view = page->view();
    QHeaderView *header = view->horizontalHeader();
    const QFontMetrics metrics = view->fontMetrics();
    const int icon = view->style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, view);
    auto fits = [&](int column, const QString &text, bool withIcon = false) {
        const int needed = metrics.horizontalAdvance(text) + (withIcon ? icon : 0);
        if (header->sectionSize(column) < needed) {
            qWarning("column %d (%d px) cuts \"%s\" (%d px)", column, header->sectionSize(column),
                     qPrintable(text), needed);
            return false;
        }
        return true;
    };
    for (const QString &status : {jobstatus::Init, jobstatus::Started, jobstatus::Paused}) {
        QVERIFY(fits(JobListModel::StatusColumn, JobText::status(status)));
    }
    for (const QString &state :
         {streamstate::Idle, streamstate::Waiting, streamstate::Connecting, streamstate::Live,
          streamstate::Reconnecting, streamstate::Failed}) {
        QVERIFY(fits(JobListModel::StreamStateColumn, JobText::streamState(state)));
    }
    for (const QString &health : {streamhealth::Unknown, streamhealth::Ok, streamhealth::Black,
                                  streamhealth::Frozen, streamhealth::Down}) {
        QVERIFY(fits(JobListModel::HealthColumn, JobText::streamHealth(health), true));
    }
    const QDateTime late(QDate(2026, 12, 28), QTime(22, 58, 59));
    QVERIFY(fits(JobListModel::LastSnapshotColumn, QLocale().toString(late, QLocale::ShortFormat)));
    QVERIFY(fits(JobListModel::NameColumn, longName));
    // Every column is on screen: the table needs no sideways scrolling at this size.
    QVERIFY2(
        header->length() <= view->viewport()->width(),
        qPrintable(QStringLiteral("%1 > %2").arg(header->length()).arg(view->viewport()->width())));

    // The event message wraps instead of being cut; its row is tall enough for it.
    JobEventModel *events = page->details()->eventModel();
    auto alertRow = [events, &alert] {
        for (int r = 0; r < events->rowCount(); ++r) {
            if (events->eventAt(r).message.contains(alert)) {
                return r;
            }
        }
        return -1;
    };
    QTRY_VERIFY(alertRow() >= 0);
    const int row = alertRow();
    QTableView *eventView = page->details()->eventView();
    QVERIFY(eventView->wordWrap());
    const int messageWidth = eventView->columnWidth(JobEventModel::MessageColumn);
    const QRect wrapped = eventView->fontMetrics().boundingRect(
        QRect(0, 0, messageWidth - 8, 10000), Qt::TextWordWrap, alert);
    QVERIFY2(
        eventView->rowHeight(row) >= wrapped.height(),
        qPrintable(QStringLiteral("%1 < %2").arg(eventView->rowHeight(row)).arg(wrapped.height())));
    QVERIFY(eventView->columnWidth(JobEventModel::TimeColumn) >=
            eventView->fontMetrics().horizontalAdvance(JobText::time(late)));

    // The details can be seen whole: every field either fits or can be scrolled to.
    JobDetailsPanel *details = page->details();
    QTRY_COMPARE(details->jobId(), id);
    QTRY_VERIFY(details->hasJob());
    auto *scroll = details->findChild<QScrollArea *>(QStringLiteral("jobDetailsScroll"));
    QVERIFY(scroll);
    QWidget *fields = scroll->widget();
    QVERIFY(fields->layout()->hasHeightForWidth());
    QVERIFY(fields->height() >= fields->layout()->totalHeightForWidth(fields->width()));
    QVERIFY(fields->width() >= fields->minimumWidth());
    for (const QLabel *value : fields->findChildren<QLabel *>()) {
        if (!value->objectName().startsWith(QStringLiteral("detail"))) {
            continue;
        }
        for (const QString &word : value->text().split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            QVERIFY2(value->width() >= value->fontMetrics().horizontalAdvance(word),
                     qPrintable(QStringLiteral("%1 cuts %2").arg(value->objectName(), word)));
        }
    }
    // Ids, URLs and formats: one line that starts at the start and holds the whole value.
    auto *url = fields->findChild<QLineEdit *>(QStringLiteral("detailStreamInputUrl"));
    QVERIFY(url);
    QCOMPARE(url->text(), maskStreamUrl(longUrl));
    QCOMPARE(url->toolTip(), url->text());
    QCOMPARE(url->cursorPosition(), 0);
    QVERIFY(url->isReadOnly());
    QVERIFY2(details->height() >= 8 * metrics.height(),
             qPrintable(QString::number(details->height())));
    if (!qEnvironmentVariableIsEmpty("LIVESNAP_GRAB")) {
        window.grab().save(qEnvironmentVariable("LIVESNAP_GRAB"));
    }
}

// An rtmps:// job with TlsVerify false: its details say so, highlighted.
void TestJobPage::detailsFlagUnverifiedTls()
{
    JobSpec spec;
    spec.jobName = QStringLiteral("lab encoder");
    spec.templateId = schema::SystemRealtime10s;
    spec.streamInput.url = QStringLiteral("rtmps://127.0.0.1:1/live/lab");
    spec.streamInput.tlsVerify = false;
    spec.snapshotOutput =
        SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
    const auto submitted =
        callEngine(*m_host, [spec](SnapshotService &s) { return s.submitLiveSnapshotJob(spec); });
    QVERIFY(submitted && submitted->ok());
    const QString id = submitted->value();
    QTRY_VERIFY(m_page->model()->rowOfJob(id) >= 0);
    m_page->selectJob(id);
    JobDetailsPanel *details = m_page->details();
    QTRY_COMPARE(details->jobId(), id);
    QTRY_VERIFY2(detailText(details, "StreamInputTlsVerify").contains(QStringLiteral("NOT")),
                 qPrintable(detailText(details, "StreamInputTlsVerify")));
    QVERIFY(details->findChild<QLabel *>(QStringLiteral("detailStreamInputTlsVerify"))
                ->property("highlighted")
                .toBool());
    const auto removed =
        callEngine(*m_host, [id](SnapshotService &s) { return s.deleteLiveSnapshotJob(id); });
    QVERIFY(removed && removed->ok());
    QTRY_COMPARE(m_page->model()->rowOfJob(id), -1);
    m_page->selectJob(m_jobId);
    QTRY_COMPARE(details->jobId(), m_jobId);
}

QTEST_MAIN(TestJobPage)
#include "tst_jobpage.moc"
