// What closing the window does while jobs capture, on a real engine capturing a real RTMP
// stream (nginx-rtmp + ffmpeg): the question (offscreen, so without the tray choice), its
// answers remembered or not, and the hand-over to a real `livesnapctl serve` process that
// keeps taking snapshots after the GUI's engine stopped.
#include "../../support/RtmpServer.h"
#include "../UiTestSupport.h"
#include "MainWindow.h"
#include "engine/EngineHost.h"
#include "shell/CloseController.h"
#include "shell/EngineHandOff.h"
#include "shell/ShellSettings.h"
#include "shell/TrayController.h"

#include <QAction>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace livesnap;
using namespace livesnap::ui;
using namespace livesnap::uitest;

namespace {

// The service's process is not our child (detached): it is gone when /proc says so or shows
// a zombie waiting for init.
bool processGone(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) {
        return true;
    }
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    return close < 0 || line.mid(close + 2, 1) == "Z";
}

} // namespace

class TestCloseBehaviour : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void closesAtOnceWhenNothingCaptures();
    void firstCloseAsksAndCancelKeepsCapturing();
    void stopAnswerIsRememberedAndChangeableInTheMenu();
    void quitAsksWithoutRememberingAndOffersNoTray();
    void keepInTrayWithoutATrayAsksInstead();
    void terminationQuitsWithoutAsking();
    void handOverKeepsCapturingInTheService();

private:
    QString submitAndStart(const QString &name);
    void sendCommand(const QString &jobId, const QString &command);
    QMessageBox *question() const;
    QJsonObject ctlJob(const QString &jobId) const;

    test::RtmpServer m_server;
    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_host;
    std::unique_ptr<MainWindow> m_window;
    QString m_templateId;
    QString m_jobId;
    qint64 m_servicePid = 0;
};

void TestCloseBehaviour::initTestCase()
{
    useFreshSettings();
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    LIVESNAP_PUBLISH_CAMERA(m_server, "cam", 320, 180, 10);

    QVERIFY(m_dir.isValid());
    LIVESNAP_START_TICKING_HOST(m_host, m_dir.path(), "gui");
    auto tpl = callEngine(*m_host, [](SnapshotService &s) {
        return s.createLiveSnapshotTemplate(
            TemplateSpec{QStringLiteral("every 5 s"), 5, QString(),
                         QStringLiteral("snapshot/{JobId}/{Sequence}.jpg")});
    });
    QVERIFY(tpl && tpl->ok());
    m_templateId = tpl->value();
}

void TestCloseBehaviour::init()
{
    m_window = std::make_unique<MainWindow>(*m_host);
    m_window->closeController()->setServiceProgram(QStringLiteral(LIVESNAP_CTL));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestCloseBehaviour::cleanup()
{
    m_window.reset();
    shellsettings::setCloseBehaviour(CloseBehaviour::Ask);
}

void TestCloseBehaviour::cleanupTestCase()
{
    if (m_servicePid > 0 && !processGone(m_servicePid)) {
        ::kill(pid_t(m_servicePid), SIGKILL);
    }
    m_window.reset();
    m_host.reset();
    m_server.stop();
}

QString TestCloseBehaviour::submitAndStart(const QString &name)
{
    const QString url = m_server.url(QStringLiteral("cam"));
    const QString templateId = m_templateId;
    auto id = callEngine(*m_host, [name, url, templateId](SnapshotService &s) {
        JobSpec spec;
        spec.jobName = name;
        spec.templateId = templateId;
        spec.streamInput.url = url;
        spec.snapshotOutput =
            SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
        return s.submitLiveSnapshotJob(spec);
    });
    if (!id || !id->ok()) {
        return {};
    }
    sendCommand(id->value(), QStringLiteral("start"));
    return id->value();
}

void TestCloseBehaviour::sendCommand(const QString &jobId, const QString &command)
{
    auto sent = callEngine(*m_host, [jobId, command](SnapshotService &s) {
        return s.sendLiveSnapshotJobCommand(jobId, command);
    });
    QVERIFY(sent);
    QVERIFY2(sent->ok(), qPrintable(sent->ok() ? QString() : sent->error().message));
}

QMessageBox *TestCloseBehaviour::question() const
{
    auto *box = m_window->findChild<QMessageBox *>(QStringLiteral("closeQuestion"));
    return box && box->isVisible() ? box : nullptr;
}

QJsonObject TestCloseBehaviour::ctlJob(const QString &jobId) const
{
    QProcess ctl;
    ctl.start(QStringLiteral(LIVESNAP_CTL),
              {QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("GetLiveSnapshotJob"),
               QStringLiteral("--JobId"), jobId});
    if (!ctl.waitForFinished(10000)) {
        return {};
    }
    return QJsonDocument::fromJson(ctl.readAllStandardOutput()).object();
}

void TestCloseBehaviour::closesAtOnceWhenNothingCaptures()
{
    QCOMPARE(m_window->closeController()->runningJobCount(), 0);
    QSignalSpy quit(m_window.get(), &MainWindow::applicationShouldQuit);
    QVERIFY(m_window->close());
    QCOMPARE(quit.size(), 1);
    QVERIFY(!question());
    QCOMPARE(shellsettings::closeBehaviour(), CloseBehaviour::Ask);
}

void TestCloseBehaviour::firstCloseAsksAndCancelKeepsCapturing()
{
    m_jobId = submitAndStart(QStringLiteral("Lobby"));
    QVERIFY(!m_jobId.isEmpty());
    QTRY_COMPARE(m_window->closeController()->runningJobCount(), 1);
    QSignalSpy quit(m_window.get(), &MainWindow::applicationShouldQuit);
    QVERIFY(!m_window->close());
    QTRY_VERIFY(question());
    QMessageBox *box = question();
    QVERIFY2(box->text().contains(QStringLiteral("capturing")), qPrintable(box->text()));
    // No tray on the offscreen platform: no "keep capturing in the tray".
    QVERIFY(!m_window->tray()->isAvailable());
    QVERIFY(!box->findChild<QPushButton *>(QStringLiteral("keepInTrayButton")));
    QVERIFY(box->findChild<QPushButton *>(QStringLiteral("handOffButton")));
    QVERIFY(box->findChild<QPushButton *>(QStringLiteral("stopCaptureButton")));
    // A second close while it asks does not ask twice.
    QVERIFY(!m_window->close());
    QCOMPARE(m_window->findChildren<QMessageBox *>().size(), 1);

    box->findChild<QPushButton *>(QStringLiteral("cancelButton"))->click();
    QTRY_VERIFY(!question());
    QTest::qWait(100);
    QCOMPARE(quit.size(), 0);
    QVERIFY(m_window->isVisible());
    QVERIFY(m_host->isRunning());
    QCOMPARE(shellsettings::closeBehaviour(), CloseBehaviour::Ask);
    QCOMPARE(ctlJob(m_jobId).value(QStringLiteral("EngineId")).toString(), m_host->engineId());
}

void TestCloseBehaviour::stopAnswerIsRememberedAndChangeableInTheMenu()
{
    QTRY_COMPARE(m_window->closeController()->runningJobCount(), 1);
    auto *askAction = m_window->findChild<QAction *>(QStringLiteral("closeAskAction"));
    auto *stopAction = m_window->findChild<QAction *>(QStringLiteral("closeStopAction"));
    auto *trayAction = m_window->findChild<QAction *>(QStringLiteral("closeKeepInTrayAction"));
    QVERIFY(askAction && stopAction && trayAction);
    QVERIFY(askAction->isChecked());
    QVERIFY(!trayAction->isEnabled()); // no tray here

    QSignalSpy quit(m_window.get(), &MainWindow::applicationShouldQuit);
    QVERIFY(!m_window->close());
    QTRY_VERIFY(question());
    question()->findChild<QPushButton *>(QStringLiteral("stopCaptureButton"))->click();
    QTRY_COMPARE(quit.size(), 1);
    QVERIFY(!m_window->isVisible());
    QCOMPARE(shellsettings::closeBehaviour(), CloseBehaviour::StopCapture);
    QVERIFY(stopAction->isChecked());

    // The next window closes without asking: the answer was remembered.
    init();
    QTRY_COMPARE(m_window->closeController()->runningJobCount(), 1);
    QSignalSpy again(m_window.get(), &MainWindow::applicationShouldQuit);
    QVERIFY(m_window->close());
    QCOMPARE(again.size(), 1);
    QVERIFY(!question());

    // The menu changes it back: the next close asks again.
    init();
    QVERIFY(m_window->findChild<QAction *>(QStringLiteral("closeStopAction"))->isChecked());
    QTRY_COMPARE(m_window->closeController()->runningJobCount(), 1);
    m_window->findChild<QAction *>(QStringLiteral("closeAskAction"))->trigger();
    QCOMPARE(shellsettings::closeBehaviour(), CloseBehaviour::Ask);
    QVERIFY(!m_window->close());
    QTRY_VERIFY(question());
    question()->findChild<QPushButton *>(QStringLiteral("cancelButton"))->click();
}

void TestCloseBehaviour::quitAsksWithoutRememberingAndOffersNoTray()
{
    QTRY_COMPARE(m_window->closeController()->runningJobCount(), 1);
    QSignalSpy quit(m_window.get(), &MainWindow::applicationShouldQuit);
    m_window->findChild<QAction *>(QStringLiteral("quitAction"))->trigger();
    QTRY_VERIFY(question());
    QCOMPARE(question()->windowTitle(), QStringLiteral("Quit LiveSnap"));
    QVERIFY(!question()->findChild<QPushButton *>(QStringLiteral("keepInTrayButton")));
    question()->findChild<QPushButton *>(QStringLiteral("stopCaptureButton"))->click();
    QTRY_COMPARE(quit.size(), 1);
    // Quitting once is no decision about closing the window.
    QCOMPARE(shellsettings::closeBehaviour(), CloseBehaviour::Ask);

    // The tray's Quit goes the same way.
    init();
    QTRY_COMPARE(m_window->closeController()->runningJobCount(), 1);
    m_window->tray()->quitAction()->trigger();
    QTRY_VERIFY(question());
    QCOMPARE(question()->windowTitle(), QStringLiteral("Quit LiveSnap"));
    question()->findChild<QPushButton *>(QStringLiteral("cancelButton"))->click();
    QTRY_VERIFY(!question());
    QVERIFY(m_window->isVisible());
}

void TestCloseBehaviour::keepInTrayWithoutATrayAsksInstead()
{
    // Remembered on a desktop with a tray; this one has none: hiding would lose the window.
    shellsettings::setCloseBehaviour(CloseBehaviour::KeepInTray);
    QTRY_COMPARE(m_window->closeController()->runningJobCount(), 1);
    QVERIFY(!m_window->close());
    QTRY_VERIFY(question());
    QVERIFY(m_window->isVisible());
    question()->findChild<QPushButton *>(QStringLiteral("cancelButton"))->click();
    QTRY_VERIFY(!question());
    QVERIFY(m_window->isVisible());
}

void TestCloseBehaviour::terminationQuitsWithoutAsking()
{
    QTRY_COMPARE(m_window->closeController()->runningJobCount(), 1);
    QSignalSpy quit(m_window.get(), &MainWindow::applicationShouldQuit);
    m_window->quitNow(); // what SIGTERM does
    QCOMPARE(quit.size(), 1);
    QVERIFY(!question());
    QVERIFY(!m_window->isVisible());
}

void TestCloseBehaviour::handOverKeepsCapturingInTheService()
{
    QTRY_COMPARE(m_window->closeController()->runningJobCount(), 1);
    // This engine captures now.
    QTRY_VERIFY_WITH_TIMEOUT(ctlJob(m_jobId).value(QStringLiteral("SnapshotCount")).toInt() > 0,
                             20000);
    QCOMPARE(ctlJob(m_jobId).value(QStringLiteral("EngineId")).toString(), m_host->engineId());

    QSignalSpy quit(m_window.get(), &MainWindow::applicationShouldQuit);
    QVERIFY(!m_window->close());
    QTRY_VERIFY(question());
    question()->findChild<QPushButton *>(QStringLiteral("handOffButton"))->click();
    QTRY_COMPARE(quit.size(), 1);
    m_servicePid = m_window->closeController()->servicePid();
    QVERIFY(m_servicePid > 0);
    QCOMPARE(shellsettings::closeBehaviour(), CloseBehaviour::HandOff);
    // The GUI's engine stopped (its leases released)...
    QVERIFY(!m_host->isRunning());
    const int handedOverAt = ctlJob(m_jobId).value(QStringLiteral("SnapshotCount")).toInt();

    // ...and the service took the job and goes on taking snapshots without the GUI.
    const QString log = EngineHandOff::logPath(m_host->dataDirectory());
    auto serviceLog = [&log] {
        QFile file(log);
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    };
    QTRY_VERIFY2_WITH_TIMEOUT(ctlJob(m_jobId)
                                  .value(QStringLiteral("EngineId"))
                                  .toString()
                                  .startsWith(QStringLiteral("serve@")),
                              qPrintable(serviceLog()), 15000);
    QTRY_VERIFY2_WITH_TIMEOUT(ctlJob(m_jobId).value(QStringLiteral("SnapshotCount")).toInt() >
                                  handedOverAt,
                              qPrintable(serviceLog()), 20000);
    QVERIFY(!processGone(m_servicePid));
    QCOMPARE(QFile::permissions(log) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());

    // Stop the service as its operator would; it releases the job.
    QCOMPARE(::kill(pid_t(m_servicePid), SIGTERM), 0);
    QTRY_VERIFY_WITH_TIMEOUT(processGone(m_servicePid), 10000);
    QTRY_VERIFY2(serviceLog().contains(QStringLiteral("leases released")),
                 qPrintable(serviceLog()));
    QVERIFY(ctlJob(m_jobId).value(QStringLiteral("EngineId")).toString().isEmpty());
}

QTEST_MAIN(TestCloseBehaviour)
#include "tst_closebehaviour.moc"
