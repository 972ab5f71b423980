// The tray's menu and tooltip, and the job counts they show; on the offscreen platform, where
// the desktop has no tray (so only the icon itself is missing).
#include "shell/JobCounts.h"
#include "shell/ScreenFit.h"
#include "shell/TrayController.h"

#include <QAction>
#include <QMenu>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTest>
#include <QWidget>

using namespace livesnap;
using namespace livesnap::ui;

namespace {

SnapshotJob job(const QString &status, const QString &state, const QString &health)
{
    SnapshotJob j;
    j.jobId = QStringLiteral("j");
    j.status = status;
    j.streamState = state;
    j.streamHealth = health;
    return j;
}

QStringList actionTexts(const QMenu *menu)
{
    QStringList texts;
    const auto actions = menu->actions();
    for (const QAction *action : actions) {
        if (!action->isSeparator()) {
            texts << action->text();
        }
    }
    return texts;
}

} // namespace

class TestTrayController : public QObject {
    Q_OBJECT

private slots:
    void countsSortJobsByCondition();
    void countsText();
    void menuShowsCountsAndTooltipFollows();
    void showHideTogglesTheWindow();
    void quitIsAskedOfTheWindow();
    void noTrayOffscreen();
    void fitIntoScreenMovesAndShrinks();
};

void TestTrayController::countsSortJobsByCondition()
{
    using namespace streamstate;
    const QString started = jobstatus::Started;
    const JobCounts counts = JobCounts::of({
        job(started, Live, streamhealth::Ok),
        job(started, Live, streamhealth::Unknown),
        job(started, Live, streamhealth::Black),
        job(started, Live, streamhealth::Frozen),
        job(started, Reconnecting, streamhealth::Down),
        job(started, Reconnecting, streamhealth::Unknown),
        job(started, Connecting, streamhealth::Unknown),
        job(jobstatus::Paused, Idle, streamhealth::Unknown),
        job(jobstatus::Init, Idle, streamhealth::Unknown),
    });
    QCOMPARE(counts.live, 2);
    QCOMPARE(counts.problem, 4);
    QCOMPARE(counts.starting, 1);
    QCOMPARE(counts.stopped, 2);
    QCOMPARE(counts.total(), 9);
}

void TestTrayController::countsText()
{
    JobCounts counts;
    counts.live = 3;
    counts.problem = 1;
    counts.stopped = 2;
    QCOMPARE(counts.text(), QStringLiteral("3 live · 1 with a problem · 2 stopped"));
    counts.starting = 4;
    QCOMPARE(counts.text(), QStringLiteral("3 live · 1 with a problem · 4 starting · 2 stopped"));
}

void TestTrayController::menuShowsCountsAndTooltipFollows()
{
    QWidget window;
    TrayController tray(&window, QIcon(), true);
    QCOMPARE(tray.toolTip(), QStringLiteral("LiveSnap: 0 live · 0 with a problem · 0 stopped"));
    QVERIFY(!tray.showsProblem());
    JobCounts counts;
    counts.live = 5;
    counts.problem = 2;
    counts.stopped = 1;
    tray.setCounts(counts);
    QCOMPARE(tray.toolTip(), QStringLiteral("LiveSnap: 5 live · 2 with a problem · 1 stopped"));
    QVERIFY(tray.showsProblem());
    QCOMPARE(actionTexts(tray.menu()),
             QStringList({QStringLiteral("&Show Window"), QStringLiteral("Live: 5"),
                          QStringLiteral("With a problem: 2"), QStringLiteral("Stopped: 1"),
                          QStringLiteral("&Quit LiveSnap")}));
    counts.problem = 0;
    tray.setCounts(counts);
    QVERIFY(!tray.showsProblem());
    // The counts are information: not clickable.
    const auto actions = tray.menu()->actions();
    QVERIFY(!actions.at(2)->isEnabled());
    QVERIFY(tray.showHideAction()->isEnabled());
}

void TestTrayController::showHideTogglesTheWindow()
{
    QWidget window;
    TrayController tray(&window, QIcon(), true);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_COMPARE(tray.showHideAction()->text(), QStringLiteral("&Hide Window"));
    tray.showHideAction()->trigger();
    QVERIFY(!window.isVisible());
    QTRY_COMPARE(tray.showHideAction()->text(), QStringLiteral("&Show Window"));
    tray.showHideAction()->trigger();
    QVERIFY(window.isVisible());
    QTRY_COMPARE(tray.showHideAction()->text(), QStringLiteral("&Hide Window"));
}

void TestTrayController::quitIsAskedOfTheWindow()
{
    QWidget window;
    TrayController tray(&window, QIcon(), true);
    QSignalSpy quit(&tray, &TrayController::quitRequested);
    tray.quitAction()->trigger();
    QCOMPARE(quit.size(), 1);
}

void TestTrayController::noTrayOffscreen()
{
    QWidget window;
    TrayController tray(&window, QIcon(), true);
    QCOMPARE(tray.isAvailable(), QSystemTrayIcon::isSystemTrayAvailable());
    if (!tray.isAvailable()) {
        QVERIFY(!tray.showMessage(QStringLiteral("t"), QStringLiteral("b")));
    }
    TrayController off(&window, QIcon(), false);
    QVERIFY(!off.isAvailable());
    QVERIFY(!off.showMessage(QStringLiteral("t"), QStringLiteral("b")));
}

void TestTrayController::fitIntoScreenMovesAndShrinks()
{
    const QRect screen(0, 0, 1280, 800);
    // Too big (saved on a bigger screen): shrunk to the screen.
    QCOMPARE(fitIntoScreen(QRect(100, 50, 3000, 2000), screen), screen);
    // Off to the right and below (a screen that is gone): moved in, size kept.
    QCOMPARE(fitIntoScreen(QRect(2500, 1500, 800, 600), screen), QRect(480, 200, 800, 600));
    // Off to the left/top.
    QCOMPARE(fitIntoScreen(QRect(-300, -50, 800, 600), screen), QRect(0, 0, 800, 600));
    // Inside already: unchanged.
    QCOMPARE(fitIntoScreen(QRect(10, 20, 800, 600), screen), QRect(10, 20, 800, 600));
    // A second screen to the right of the first.
    QCOMPARE(fitIntoScreen(QRect(1200, 0, 1000, 700), QRect(1280, 0, 1920, 1080)),
             QRect(1280, 0, 1000, 700));
}

QTEST_MAIN(TestTrayController)
#include "tst_traycontroller.moc"
