#include "MainWindow.h"
#include "UiTestSupport.h"
#include "catalog/Schema.h"
#include "engine/EngineHost.h"
#include "models/JobListModel.h"
#include "models/TemplateListModel.h"
#include "monitor/LivePreviewWindow.h"
#include "monitor/MonitorWall.h"
#include "pages/FilePage.h"
#include "pages/JobPage.h"
#include "pages/TemplatePage.h"
#include "pages/UsagePage.h"
#include "settings/SettingsDialog.h"
#include "settings/StorageLocationsDialog.h"

#include <QAction>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>
#include <type_traits>

using namespace livesnap;
using namespace livesnap::ui;

namespace {
const QString SecretUrl = QStringLiteral("rtmp://127.0.0.1:1/live/x?auth_key=SECRET");
} // namespace

using namespace livesnap::uitest;

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void tabsAreTheFourPagesInOrder();
    void statusBarShowsDataDirectoryAndEngine();
    void templateModelListsSystemTemplates();
    void templateModelFollowsCreatedTemplate();
    void templateFilterNarrowsRows();
    void jobModelShowsSubmittedJobMasked();
    void startButtonStartsSelectedJob();
    void refusedCommandShowsServiceMessage();
    void stopButtonPausesSelectedJob();
    void monitorWallIsAJobView();
    void settingsMenuOpensTheDialogs();
    void previewOpensOncePerJob();
    void templateColumnsAreRemembered();

private:
    QString statusText(const QString &jobId) const;

    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_host;
    std::unique_ptr<MainWindow> m_window;
    QString m_jobId;
};

void TestMainWindow::initTestCase()
{
    // Keep the window geometry this test saves out of the user's settings.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LiveSnapTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    useFreshSettings();
    QVERIFY(m_dir.isValid());
    m_host = std::make_unique<EngineHost>(DataDirectory(m_dir.path()));
    const Status started = m_host->start(QStringLiteral("gui-test"));
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
    m_window = std::make_unique<MainWindow>(*m_host);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestMainWindow::cleanupTestCase()
{
    m_window.reset();
    m_host.reset();
}

QString TestMainWindow::statusText(const QString &jobId) const
{
    const JobListModel &model = *m_window->jobPage()->model();
    const int row = rowOf(model, jobId);
    return row < 0 ? QString() : model.index(row, JobListModel::StatusColumn).data().toString();
}

void TestMainWindow::tabsAreTheFourPagesInOrder()
{
    QTabWidget *tabs = m_window->tabs();
    QCOMPARE(tabs->count(), 4);
    QCOMPARE(tabs->tabText(0), QStringLiteral("Template Management"));
    QCOMPARE(tabs->tabText(1), QStringLiteral("Job Management"));
    QCOMPARE(tabs->tabText(2), QStringLiteral("File Management"));
    QCOMPARE(tabs->tabText(3), QStringLiteral("Usage"));
    QCOMPARE(tabs->widget(0), m_window->templatePage());
    QCOMPARE(tabs->widget(1), m_window->jobPage());
    QCOMPARE(tabs->widget(2), m_window->filePage());
    QCOMPARE(tabs->widget(3), m_window->usagePage());
}

void TestMainWindow::statusBarShowsDataDirectoryAndEngine()
{
    auto labelsText = [this] {
        QStringList texts;
        const auto labels = m_window->statusBar()->findChildren<QLabel *>();
        for (const QLabel *label : labels) {
            texts << label->text();
        }
        return texts.join(QLatin1Char('\n'));
    };
    QTRY_VERIFY2(labelsText().contains(QStringLiteral("Engine: gui-test@")),
                 qPrintable(labelsText()));
    QVERIFY2(labelsText().contains(QDir::toNativeSeparators(m_dir.path())),
             qPrintable(labelsText()));
}

void TestMainWindow::templateModelListsSystemTemplates()
{
    TemplateListModel *model = m_window->templatePage()->model();
    QTRY_COMPARE(model->rowCount(), 3);
    QStringList ids;
    for (int row = 0; row < model->rowCount(); ++row) {
        ids << model->index(row, 0).data(ServiceTableModel::IdRole).toString();
        QCOMPARE(model->index(row, TemplateListModel::TypeColumn).data().toString(),
                 QStringLiteral("system"));
    }
    ids.sort();
    QCOMPARE(ids, QStringList({schema::SystemOverwrite5s, schema::SystemRealtime10s,
                               schema::SystemRealtime60s}));
    QCOMPARE(model->columnCount(), int(TemplateListModel::ColumnCount));
    QCOMPARE(model->headerData(TemplateListModel::IntervalColumn, Qt::Horizontal).toString(),
             QStringLiteral("Interval (s)"));
    QVERIFY(model->lastError().isEmpty());
}

void TestMainWindow::templateModelFollowsCreatedTemplate()
{
    TemplateListModel *model = m_window->templatePage()->model();
    QTRY_COMPARE(model->rowCount(), 3);
    TemplateSpec spec;
    spec.templateName = QStringLiteral("every 30 s");
    spec.timeInterval = 30;
    spec.sequenceFormat = QStringLiteral("snapshot/{JobId}/{Sequence}.jpg");
    const auto created = callEngine(
        *m_host, [spec](SnapshotService &s) { return s.createLiveSnapshotTemplate(spec); });
    QVERIFY(created.has_value());
    QVERIFY2(created->ok(), qPrintable(created->ok() ? QString() : created->error().message));
    const QString id = created->value();

    // Only templatesChanged tells the model: nothing here asks it to reload.
    QTRY_COMPARE(model->rowCount(), 4);
    const int row = rowOf(*model, id);
    QVERIFY(row >= 0);
    QCOMPARE(model->index(row, TemplateListModel::NameColumn).data().toString(), spec.templateName);
    QCOMPARE(model->index(row, TemplateListModel::TypeColumn).data().toString(),
             QStringLiteral("custom"));
    QCOMPARE(model->index(row, TemplateListModel::IntervalColumn).data().toInt(), 30);
    QCOMPARE(model->index(row, TemplateListModel::SequenceFormatColumn).data().toString(),
             spec.sequenceFormat);
    QVERIFY(
        model->index(row, TemplateListModel::OverwriteFormatColumn).data().toString().isEmpty());
}

void TestMainWindow::templateFilterNarrowsRows()
{
    QTableView *view = m_window->templatePage()->view();
    auto *filter =
        m_window->templatePage()->findChild<QLineEdit *>(QStringLiteral("templateFilter"));
    QVERIFY(filter);
    QTRY_COMPARE(view->model()->rowCount(), 4);
    filter->setText(QStringLiteral("EVERY 30"));
    QCOMPARE(view->model()->rowCount(), 1);
    filter->setText(QStringLiteral("no such template"));
    QCOMPARE(view->model()->rowCount(), 0);
    filter->clear();
    QCOMPARE(view->model()->rowCount(), 4);
}

void TestMainWindow::jobModelShowsSubmittedJobMasked()
{
    JobListModel *model = m_window->jobPage()->model();
    QTRY_VERIFY(!model->isLoading());
    QCOMPARE(model->rowCount(), 0);

    JobSpec spec;
    spec.jobName = QStringLiteral("cam1");
    spec.templateId = schema::SystemRealtime10s;
    spec.streamInput = StreamInput{QStringLiteral("rtmp"), SecretUrl};
    spec.snapshotOutput =
        SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
    const auto submitted =
        callEngine(*m_host, [spec](SnapshotService &s) { return s.submitLiveSnapshotJob(spec); });
    QVERIFY(submitted.has_value());
    QVERIFY2(submitted->ok(), qPrintable(submitted->ok() ? QString() : submitted->error().message));
    m_jobId = submitted->value();

    QTRY_COMPARE(model->rowCount(), 1);
    QCOMPARE(rowOf(*model, m_jobId), 0);
    QCOMPARE(model->index(0, JobListModel::NameColumn).data().toString(), spec.jobName);
    QCOMPARE(model->index(0, JobListModel::StatusColumn).data().toString(), QStringLiteral("init"));
    QVERIFY(!model->index(0, JobListModel::TemplateColumn).data().toString().isEmpty());
    const QString url = model->index(0, JobListModel::StreamUrlColumn).data().toString();
    QVERIFY2(url.startsWith(QStringLiteral("rtmp://127.0.0.1:1/live/x")), qPrintable(url));
    for (const QString &text : shownTexts(*model)) {
        QVERIFY2(!text.contains(QStringLiteral("SECRET")), qPrintable(text));
    }
    // The view filters on what it shows, so the secret cannot be found by searching either.
    auto *filter = m_window->jobPage()->findChild<QLineEdit *>(QStringLiteral("jobFilter"));
    QVERIFY(filter);
    filter->setText(QStringLiteral("SECRET"));
    QCOMPARE(m_window->jobPage()->view()->model()->rowCount(), 0);
    filter->clear();
    QCOMPARE(m_window->jobPage()->view()->model()->rowCount(), 1);
}

void TestMainWindow::startButtonStartsSelectedJob()
{
    QVERIFY(!m_jobId.isEmpty());
    m_window->tabs()->setCurrentIndex(MainWindow::JobsTab);
    JobPage *page = m_window->jobPage();
    auto *start = page->findChild<QPushButton *>(QStringLiteral("startButton"));
    QVERIFY(start);
    page->view()->clearSelection();
    QVERIFY(!start->isEnabled());
    page->view()->selectRow(0);
    QCOMPARE(page->selectedJobId(), m_jobId);
    QVERIFY(start->isEnabled());

    QTest::mouseClick(start, Qt::LeftButton);
    QTRY_COMPARE(statusText(m_jobId), QStringLiteral("started"));
    // The reload kept the row, so the selection survived it.
    QCOMPARE(page->selectedJobId(), m_jobId);
}

void TestMainWindow::refusedCommandShowsServiceMessage()
{
    JobPage *page = m_window->jobPage();
    QCOMPARE(page->selectedJobId(), m_jobId);
    QSignalSpy failed(page, &JobPage::commandFailed);
    page->startSelectedJob(); // already started: the service refuses
    QTRY_COMPARE(failed.size(), 1);
    const QString message = failed.at(0).at(0).toString();
    QVERIFY2(message.contains(QStringLiteral("already running")), qPrintable(message));
    QMessageBox *box = page->findChild<QMessageBox *>();
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QCOMPARE(box->text(), message);
    box->close();
    QTRY_VERIFY(!page->findChild<QMessageBox *>()); // deleted on close
    QCOMPARE(statusText(m_jobId), QStringLiteral("started"));
}

void TestMainWindow::stopButtonPausesSelectedJob()
{
    JobPage *page = m_window->jobPage();
    auto *stop = page->findChild<QPushButton *>(QStringLiteral("stopButton"));
    QVERIFY(stop);
    QVERIFY(stop->isEnabled());
    QTest::mouseClick(stop, Qt::LeftButton);
    QTRY_COMPARE(statusText(m_jobId), QStringLiteral("paused"));
}

void TestMainWindow::monitorWallIsAJobView()
{
    auto *views = m_window->jobPage()->findChild<QTabWidget *>(QStringLiteral("jobViews"));
    QVERIFY(views);
    QCOMPARE(views->count(), 2);
    QCOMPARE(views->widget(1), m_window->monitorWall());
    QCOMPARE(views->tabText(1), QStringLiteral("Monitor Wall"));
}

void TestMainWindow::settingsMenuOpensTheDialogs()
{
    auto *settingsAction = m_window->findChild<QAction *>(QStringLiteral("settingsAction"));
    auto *locationsAction =
        m_window->findChild<QAction *>(QStringLiteral("storageLocationsAction"));
    QVERIFY(settingsAction && locationsAction);
    settingsAction->trigger();
    QTRY_VERIFY(m_window->findChild<SettingsDialog *>());
    SettingsDialog *settings = m_window->findChild<SettingsDialog *>();
    QTRY_VERIFY(settings->isVisible());
    settings->close();
    QTRY_VERIFY(!m_window->findChild<SettingsDialog *>()); // deleted on close

    // The Submit dialog's "Configure…" reaches the storage locations manager through the page.
    emit m_window->jobPage()->configureStorageRequested();
    QTRY_VERIFY(m_window->findChild<StorageLocationsDialog *>());
    m_window->findChild<StorageLocationsDialog *>()->close();
    QTRY_VERIFY(!m_window->findChild<StorageLocationsDialog *>());
    locationsAction->trigger();
    QTRY_VERIFY(m_window->findChild<StorageLocationsDialog *>());
    m_window->findChild<StorageLocationsDialog *>()->close();
    QTRY_VERIFY(!m_window->findChild<StorageLocationsDialog *>());
}

void TestMainWindow::previewOpensOncePerJob()
{
    QVERIFY(!m_jobId.isEmpty());
    emit m_window->jobPage()->previewRequested(m_jobId);
    QTRY_COMPARE(m_window->findChildren<LivePreviewWindow *>().size(), 1);
    emit m_window->monitorWall()->previewRequested(m_jobId);
    QTest::qWait(50);
    QCOMPARE(m_window->findChildren<LivePreviewWindow *>().size(), 1);
    LivePreviewWindow *preview = m_window->findChildren<LivePreviewWindow *>().first();
    QCOMPARE(preview->jobId(), m_jobId);
    // Tokens never reach the title.
    QVERIFY(!preview->windowTitle().contains(QStringLiteral("SECRET")));
    preview->close();
    QTRY_COMPARE(m_window->findChildren<LivePreviewWindow *>().size(), 0);
}

void TestMainWindow::templateColumnsAreRemembered()
{
    QHeaderView *header = m_window->templatePage()->view()->horizontalHeader();
    const int wanted = header->sectionSize(TemplateListModel::NameColumn) + 57;
    header->resizeSection(TemplateListModel::NameColumn, wanted);
    // A page made later (the next start) lays its columns out the same.
    TemplatePage again(*m_host);
    QCOMPARE(again.view()->horizontalHeader()->sectionSize(TemplateListModel::NameColumn), wanted);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
