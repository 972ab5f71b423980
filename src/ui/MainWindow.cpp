#include "MainWindow.h"

#include "engine/EngineHost.h"
#include "imaging/ImagePipeline.h"
#include "monitor/LivePreviewWindow.h"
#include "monitor/MonitorWall.h"
#include "pages/FilePage.h"
#include "pages/JobPage.h"
#include "pages/TemplatePage.h"
#include "pages/UsagePage.h"
#include "settings/SettingsDialog.h"
#include "settings/StorageLocationsDialog.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QStringList>
#include <QTabWidget>

namespace livesnap::ui {

namespace {
const QString GeometryKey = QStringLiteral("mainWindow/geometry");
const QString StateKey = QStringLiteral("mainWindow/state");
} // namespace

MainWindow::MainWindow(EngineHost &host, QWidget *parent)
    : QMainWindow(parent)
    , m_host(host)
    , m_images(new ImagePipeline(&host, this))
    , m_tabs(new QTabWidget(this))
    , m_templatePage(new TemplatePage(host, m_tabs))
    , m_jobPage(new JobPage(host, m_tabs))
    , m_filePage(new FilePage(host, m_images, m_tabs))
    , m_usagePage(new UsagePage(host, m_tabs))
    , m_monitorWall(new MonitorWall(host, m_images, m_jobPage))
    , m_dataLabel(new QLabel(this))
    , m_engineLabel(new QLabel(this))
{
    setWindowTitle(tr("LiveSnap"));
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->insertTab(TemplatesTab, m_templatePage, tr("Template Management"));
    m_tabs->insertTab(JobsTab, m_jobPage, tr("Job Management"));
    m_tabs->insertTab(FilesTab, m_filePage, tr("File Management"));
    m_tabs->insertTab(UsageTab, m_usagePage, tr("Usage"));
    setCentralWidget(m_tabs);
    m_jobPage->addView(m_monitorWall, tr("Monitor Wall"));
    connect(m_jobPage, &JobPage::previewRequested, this, &MainWindow::showLivePreview);
    connect(m_monitorWall, &MonitorWall::previewRequested, this, &MainWindow::showLivePreview);
    connect(m_jobPage, &JobPage::configureStorageRequested, this,
            &MainWindow::showStorageLocations);
    createMenus();

    statusBar()->addWidget(m_dataLabel, 1);
    statusBar()->addPermanentWidget(m_engineLabel);
    m_dataLabel->setText(
        tr("Data directory: %1").arg(QDir::toNativeSeparators(host.dataDirectory().root())));
    if (host.isRunning()) {
        m_engineLabel->setText(tr("Engine: %1").arg(host.engineId()));
    }

    const QSettings settings;
    if (!restoreGeometry(settings.value(GeometryKey).toByteArray())) {
        resize(1100, 700);
    }
    restoreState(settings.value(StateKey).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *settings = menuBar()->addMenu(tr("&Settings"));
    QAction *preferences = settings->addAction(tr("&Callback and Engine Settings…"));
    preferences->setObjectName(QStringLiteral("settingsAction"));
    preferences->setMenuRole(QAction::PreferencesRole);
    preferences->setShortcut(QKeySequence::Preferences);
    connect(preferences, &QAction::triggered, this, &MainWindow::showSettings);
    QAction *locations = settings->addAction(tr("&Storage Locations…"));
    locations->setObjectName(QStringLiteral("storageLocationsAction"));
    connect(locations, &QAction::triggered, this, &MainWindow::showStorageLocations);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About LiveSnap"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
    QAction *aboutQt = help->addAction(tr("About &Qt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About LiveSnap"),
                       tr("<h3>LiveSnap %1</h3>"
                          "<p>Takes JPG snapshots of RTMP live streams at an interval and keeps "
                          "them in local folders or object storage.</p>")
                           .arg(QCoreApplication::applicationVersion().toHtmlEscaped()));
}

void MainWindow::showSettings()
{
    auto *dialog = new SettingsDialog(m_host, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showStorageLocations()
{
    StorageLocationsDialog::openManager(m_host, this);
}

void MainWindow::showLivePreview(const QString &jobId)
{
    // One preview per job: a second request raises the open one.
    const auto previews = findChildren<LivePreviewWindow *>();
    for (LivePreviewWindow *preview : previews) {
        if (preview->jobId() == jobId) {
            preview->raise();
            preview->activateWindow();
            return;
        }
    }
    auto *preview = new LivePreviewWindow(m_host, jobId, this);
    preview->show();
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(GeometryKey, saveGeometry());
    settings.setValue(StateKey, saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace livesnap::ui
