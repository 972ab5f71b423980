#include "tools/ScreenshotTour.h"

#include "MainWindow.h"
#include "engine/EngineHost.h"
#include "files/FileListModel.h"
#include "files/SnapshotViewer.h"
#include "jobs/SubmitJobDialog.h"
#include "models/JobListModel.h"
#include "models/TemplateListModel.h"
#include "monitor/MonitorWall.h"
#include "monitor/MonitorWallModel.h"
#include "pages/FilePage.h"
#include "pages/JobPage.h"
#include "pages/TemplatePage.h"
#include "pages/UsagePage.h"
#include "settings/SettingsDialog.h"
#include "settings/StorageLocationsDialog.h"
#include "shell/TrayController.h"
#include "templates/TemplateDialog.h"
#include "usage/UsageTableModel.h"

#include <QApplication>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QImage>
#include <QItemSelectionModel>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTextStream>
#include <QThread>
#include <QTranslator>

#include <iterator>

namespace livesnap::ui {

ScreenshotTour::ScreenshotTour(EngineHost &host, MainWindow &window, const QDir &outputDir,
                               QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_window(window)
    , m_outputDir(outputDir)
{}

bool ScreenshotTour::waitFor(const std::function<bool()> &condition, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!condition()) {
        if (deadline.hasExpired()) {
            return false;
        }
        QApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(20);
    }
    return true;
}

void ScreenshotTour::settle(int ms)
{
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired()) {
        QApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(10);
    }
}

bool ScreenshotTour::save(QWidget *widget, const QString &name)
{
    settle();
    const QString path = m_outputDir.filePath(name + QStringLiteral(".png"));
    const bool ok = widget && widget->grab().save(path);
    QTextStream(stderr) << (ok ? "saved " : "FAILED ") << path << '\n';
    if (!ok) {
        ++m_failures;
    }
    return ok;
}

int ScreenshotTour::run()
{
    QTabWidget *tabs = m_window.tabs();

    // Templates.
    tabs->setCurrentIndex(MainWindow::TemplatesTab);
    waitFor([this] { return m_window.templatePage()->model()->rowCount() > 3; }, 10000);
    save(&m_window, QStringLiteral("01-templates"));
    if (TemplateDialog *dialog = m_window.templatePage()->newTemplate()) {
        save(dialog, QStringLiteral("02-template-dialog"));
        dialog->close();
    }

    jobShots();
    monitorWallShot();

    // Files: the first live camera, once it has a screenful of snapshots (5 s apart).
    tabs->setCurrentIndex(MainWindow::FilesTab);
    FilePage *files = m_window.filePage();
    auto *jobCombo = files->findChild<QComboBox *>(QStringLiteral("fileJobCombo"));
    waitFor([jobCombo] { return jobCombo && jobCombo->count() > 0; }, 10000);
    if (jobCombo) {
        const int lobby = jobCombo->findText(QStringLiteral("Lobby camera"), Qt::MatchStartsWith);
        jobCombo->setCurrentIndex(qMax(0, lobby));
    }
    waitFor(
        [this, files] {
            files->refresh();
            settle(1000);
            return files->model()->rowCount() >= 10;
        },
        70000);
    settle(2000);
    save(&m_window, QStringLiteral("06-files"));
    if (files->model()->rowCount() > 0) {
        if (QWidget *viewer = files->openViewer(1)) {
            settle(1500);
            save(viewer, QStringLiteral("07-snapshot-viewer"));
            viewer->close();
        }
    }

    // Usage.
    tabs->setCurrentIndex(MainWindow::UsageTab);
    UsagePage *usage = m_window.usagePage();
    waitFor([usage] { return usage->model()->rowCount() > 0; }, 10000);
    settle(1500);
    // Export, so the link and its countdown show.
    if (auto *exportButton = usage->findChild<QPushButton *>(QStringLiteral("exportButton"))) {
        exportButton->click();
        auto *link = usage->findChild<QLineEdit *>(QStringLiteral("exportLink"));
        waitFor([link] { return link && !link->text().isEmpty(); }, 10000);
    }
    save(&m_window, QStringLiteral("08-usage"));

    // Settings dialogs.
    m_window.showSettings();
    waitFor([this] { return m_window.findChild<SettingsDialog *>() != nullptr; }, 5000);
    if (auto *dialog = m_window.findChild<SettingsDialog *>()) {
        settle(800);
        save(dialog, QStringLiteral("09-settings-dialog"));
        dialog->close();
    }
    m_window.showStorageLocations();
    waitFor([this] { return m_window.findChild<StorageLocationsDialog *>() != nullptr; }, 5000);
    if (auto *dialog = m_window.findChild<StorageLocationsDialog *>()) {
        settle(800);
        save(dialog, QStringLiteral("10-storage-locations-dialog"));
        dialog->close();
    }

    trayMenuShot();
    chineseWindowShot();
    return m_failures;
}

void ScreenshotTour::saveJobList(MainWindow &window, const QString &name)
{
    window.tabs()->setCurrentIndex(MainWindow::JobsTab);
    JobPage *jobs = window.jobPage();
    waitFor([jobs] { return jobs->model()->rowCount() > 0; }, 10000);
    jobs->view()->selectRow(0);
    settle(1000);
    save(&window, name);
}

void ScreenshotTour::jobShots()
{
    // The list with the first job's details, a bulk selection, the submit dialog.
    JobPage *jobs = m_window.jobPage();
    saveJobList(m_window, QStringLiteral("03-jobs"));

    const QAbstractItemModel *rows = jobs->view()->model();
    if (rows->rowCount() >= 3) {
        jobs->view()->selectionModel()->select(
            QItemSelection(rows->index(0, 0), rows->index(2, rows->columnCount() - 1)),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        settle(1000);
        save(&m_window, QStringLiteral("11-jobs-bulk-selection"));
        jobs->view()->selectRow(0);
    }

    if (SubmitJobDialog *dialog = jobs->openSubmitDialog()) {
        save(dialog, QStringLiteral("04-submit-job-dialog"));
        dialog->close();
    }
}

bool ScreenshotTour::waitForStreamHealth()
{
    // scripts/screenshots.sh names its problem cameras by what they show.
    const struct {
        QString nameMark;
        QString health;
    } expected[] = {{QStringLiteral("(black)"), streamhealth::Black},
                    {QStringLiteral("(frozen)"), streamhealth::Frozen},
                    {QStringLiteral("(down)"), streamhealth::Down}};
    const JobListModel *jobs = m_window.jobPage()->model();
    QElapsedTimer clock;
    clock.start();
    bool reported = false;
    const bool reached = waitFor(
        [&] {
            int met = 0;
            for (const auto &want : expected) {
                for (int row = 0; row < jobs->rowCount(); ++row) {
                    const SnapshotJob &job = jobs->jobAt(row);
                    if (job.jobName.contains(want.nameMark) && job.streamHealth == want.health) {
                        ++met;
                        break;
                    }
                }
            }
            for (int row = 0; row < jobs->rowCount(); ++row) {
                reported = reported || jobs->jobAt(row).streamHealth != streamhealth::Unknown;
            }
            // An engine that does not judge health (no value at all after a while): no wait.
            return met == int(std::size(expected)) || (!reported && clock.elapsed() > 25000);
        },
        90000);
    if (!reported) {
        QTextStream(stderr) << "the engine reports no stream health; the wall shows none\n";
    }
    return reached && reported;
}

void ScreenshotTour::monitorWallShot()
{
    // The wall once every live camera has its image and the problem cameras are judged.
    JobPage *jobs = m_window.jobPage();
    MonitorWall *wall = m_window.monitorWall();
    jobs->views()->setCurrentWidget(wall);
    const bool images = waitFor(
        [wall, jobs] {
            int liveJobs = 0;
            for (int row = 0; row < jobs->model()->rowCount(); ++row) {
                liveJobs += jobs->model()->jobAt(row).streamState == streamstate::Live ? 1 : 0;
            }
            const QAbstractItemModel *model = wall->model();
            int shown = 0;
            for (int row = 0; row < model->rowCount(); ++row) {
                const QModelIndex index = model->index(row, 0);
                if (!index.data(MonitorWallModel::ThumbnailRole).value<QImage>().isNull()) {
                    ++shown;
                }
            }
            return liveJobs > 0 && shown >= liveJobs;
        },
        60000);
    if (!images) {
        QTextStream(stderr) << "the monitor wall did not show every image in time\n";
    }
    if (!waitForStreamHealth()) {
        QTextStream(stderr) << "not every problem camera was judged in time\n";
    }
    save(&m_window, QStringLiteral("05-monitor-wall"));
    jobs->views()->setCurrentIndex(0);
}

void ScreenshotTour::trayMenuShot()
{
    // The tray's menu as it pops up (rendered as a widget: Xvfb has no tray to click).
    QMenu *menu = m_window.tray()->menu();
    menu->popup(m_window.mapToGlobal(QPoint(m_window.width() / 2, m_window.height() / 3)));
    save(menu, QStringLiteral("12-tray-menu"));
    menu->hide();
}

void ScreenshotTour::chineseWindowShot()
{
    // The window as a Chinese desktop shows it: the app's translation and Qt's own.
    const QLocale chinese(QLocale::Chinese, QLocale::China);
    const QString dir =
        m_translationsDir.isEmpty() ? QCoreApplication::applicationDirPath() : m_translationsDir;
    QTranslator app;
    if (!app.load(chinese, QStringLiteral("livesnap"), QStringLiteral("_"), dir)) {
        QTextStream(stderr) << "FAILED no livesnap_zh_CN.qm in " << dir << '\n';
        ++m_failures;
        return;
    }
    QTranslator qt;
    const bool qtLoaded = qt.load(chinese, QStringLiteral("qtbase"), QStringLiteral("_"),
                                  QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    QCoreApplication::installTranslator(&app);
    if (qtLoaded) {
        QCoreApplication::installTranslator(&qt);
    }
    const QLocale previous;
    QLocale::setDefault(chinese);
    {
        MainWindow window(m_host);
        window.resize(m_window.size());
        window.show();
        saveJobList(window, QStringLiteral("13-chinese-window"));
    }
    QLocale::setDefault(previous);
    QCoreApplication::removeTranslator(&qt);
    QCoreApplication::removeTranslator(&app);
}

} // namespace livesnap::ui
