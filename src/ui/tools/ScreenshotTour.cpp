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
#include "templates/TemplateDialog.h"
#include "usage/UsageTableModel.h"

#include <QApplication>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QImage>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTextStream>
#include <QThread>

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
    QTextStream err(stderr);
    QTabWidget *tabs = m_window.tabs();

    // Templates.
    tabs->setCurrentIndex(MainWindow::TemplatesTab);
    waitFor([this] { return m_window.templatePage()->model()->rowCount() > 3; }, 10000);
    save(&m_window, QStringLiteral("01-templates"));
    if (TemplateDialog *dialog = m_window.templatePage()->newTemplate()) {
        save(dialog, QStringLiteral("02-template-dialog"));
        dialog->close();
    }

    // Jobs: the list with the first job's details, the submit dialog, the monitor wall.
    tabs->setCurrentIndex(MainWindow::JobsTab);
    JobPage *jobs = m_window.jobPage();
    waitFor([jobs] { return jobs->model()->rowCount() > 0; }, 10000);
    jobs->view()->selectRow(0);
    settle(1000);
    save(&m_window, QStringLiteral("03-jobs"));
    if (SubmitJobDialog *dialog = jobs->openSubmitDialog()) {
        save(dialog, QStringLiteral("04-submit-job-dialog"));
        dialog->close();
    }
    MonitorWall *wall = m_window.monitorWall();
    jobs->views()->setCurrentWidget(wall);
    const bool images = waitFor(
        [wall] {
            const QAbstractItemModel *model = wall->model();
            int live = 0;
            for (int row = 0; row < model->rowCount(); ++row) {
                const QModelIndex index = model->index(row, 0);
                if (!index.data(MonitorWallModel::ThumbnailRole).value<QImage>().isNull()) {
                    ++live;
                }
            }
            return model->rowCount() > 0 && live >= model->rowCount() - 1;
        },
        60000);
    if (!images) {
        err << "the monitor wall did not show every image in time\n";
    }
    save(&m_window, QStringLiteral("05-monitor-wall"));
    jobs->views()->setCurrentIndex(0);

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
    return m_failures;
}

} // namespace livesnap::ui
