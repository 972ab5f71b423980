#include "JobTestSupport.h"
#include "engine/EngineHost.h"
#include "jobs/JobDetailsPanel.h"
#include "jobs/JobEventModel.h"
#include "jobs/SubmitJobDialog.h"
#include "models/JobListModel.h"
#include "pages/JobPage.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace livesnap;
using namespace livesnap::ui;
using namespace livesnap::uitest;

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
    void startRestartStopChangeTheCatalog();
    void refusedCommandShowsServiceMessage();
    void deleteAsksForConfirmation();
    void previewAsksForTheSelectedJob();
    void refreshRelists();
    void columnWidthsAreRemembered();

private:
    template <typename T> T *child(const char *name) const
    {
        return m_page->findChild<T *>(QString::fromLatin1(name));
    }
    QString catalogStatus(const QString &jobId) const;
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
    auto field = [details](const char *key) {
        auto *label = details->findChild<QLabel *>(QStringLiteral("detail") + QLatin1String(key));
        return label ? label->text() : QStringLiteral("<no label %1>").arg(QLatin1String(key));
    };
    QTRY_COMPARE(field("JobId"), m_jobId);
    QCOMPARE(field("JobName"), QStringLiteral("front door"));
    QCOMPARE(field("Status"), QStringLiteral("init"));
    QCOMPARE(field("StreamState"), QStringLiteral("idle"));
    QCOMPARE(field("TemplateId"), schema::SystemRealtime10s);
    QVERIFY(!field("TemplateName").isEmpty());
    QVERIFY2(field("TimeInterval").contains(QStringLiteral("10")),
             qPrintable(field("TimeInterval")));
    QVERIFY(!field("SequenceFormat").isEmpty());
    QCOMPARE(field("StreamInputType"), QStringLiteral("rtmp"));
    QVERIFY2(
        field("StreamInputUrl").startsWith(QStringLiteral("rtmp://127.0.0.1:1/live/x?auth_key=")),
        qPrintable(field("StreamInputUrl")));
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
    auto field = [details](const char *key) {
        return details->findChild<QLabel *>(QStringLiteral("detail") + QLatin1String(key))->text();
    };
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
                 QStringLiteral("started"));
    QTRY_COMPARE(m_page->details()->findChild<QLabel *>(QStringLiteral("detailStatus"))->text(),
                 QStringLiteral("started"));

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
                 QStringLiteral("paused"));
    QCOMPARE(m_page->selectedJobId(), jobId);
}

void TestJobPage::refusedCommandShowsServiceMessage()
{
    QSignalSpy failed(m_page.get(), &JobPage::commandFailed);
    QVERIFY(clickButton("stopButton")); // paused: the service refuses
    QTRY_COMPARE(failed.size(), 1);
    const QString message = failed.at(0).at(0).toString();
    QVERIFY2(message.contains(QStringLiteral("nothing to stop")), qPrintable(message));
    auto *box = m_page->findChild<QMessageBox *>(QStringLiteral("jobCommandError"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QCOMPARE(box->text(), message);
    box->close();
    QTRY_VERIFY(!m_page->findChild<QMessageBox *>());
    QCOMPARE(catalogStatus(m_jobId), jobstatus::Paused);
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

    // A started job cannot be deleted: the service says why.
    const auto started = callEngine(*m_host, [keep](SnapshotService &s) {
        return s.sendLiveSnapshotJobCommand(keep, jobcommand::Start);
    });
    QVERIFY(started && started->ok());
    m_page->selectJob(keep);
    QSignalSpy failed(m_page.get(), &JobPage::commandFailed);
    QVERIFY(clickButton("deleteButton"));
    box = m_page->findChild<QMessageBox *>(QStringLiteral("deleteJobConfirmation"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("Stop the job")),
             qPrintable(failed.at(0).at(0).toString()));
    QCOMPARE(catalogStatus(keep), jobstatus::Started);
    auto *error = m_page->findChild<QMessageBox *>(QStringLiteral("jobCommandError"));
    QVERIFY(error);
    error->close();
    const auto stopped = callEngine(*m_host, [keep](SnapshotService &s) {
        return s.sendLiveSnapshotJobCommand(keep, jobcommand::Stop);
    });
    QVERIFY(stopped && stopped->ok());
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

QTEST_MAIN(TestJobPage)
#include "tst_jobpage.moc"
