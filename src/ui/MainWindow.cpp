#include "MainWindow.h"

#include "engine/EngineHost.h"
#include "engines/CatalogDialog.h"
#include "engines/CatalogSettings.h"
#include "engines/EnginesDialog.h"
#include "imaging/ImagePipeline.h"
#include "models/JobListModel.h"
#include "monitor/LivePreviewWindow.h"
#include "monitor/MonitorWall.h"
#include "pages/FilePage.h"
#include "pages/JobPage.h"
#include "pages/TemplatePage.h"
#include "pages/UsagePage.h"
#include "settings/SettingsDialog.h"
#include "settings/StorageLocationsDialog.h"
#include "shell/AboutDialog.h"
#include "shell/CloseController.h"
#include "shell/HealthNotifier.h"
#include "shell/JobListWatch.h"
#include "shell/ScreenFit.h"
#include "shell/ShellLogging.h"
#include "shell/TrayController.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QStringList>
#include <QStyle>
#include <QTabWidget>

namespace livesnap::ui {

namespace {
const QString GeometryKey = QStringLiteral("mainWindow/geometry");
const QString StateKey = QStringLiteral("mainWindow/state");
constexpr int NotificationShownMs = 15000;
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
    , m_watch(new JobListWatch(m_jobPage->model(), this))
    , m_notifier(new HealthNotifier(this))
    , m_dataLabel(new QLabel(this))
    , m_catalogLabel(new QLabel(this))
    , m_countsLabel(new QLabel(this))
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
    connect(m_jobPage, &JobPage::showFilesRequested, this, &MainWindow::showJobFiles);

    // The tray and the notifications, fed by the job list.
    const QIcon icon = windowIcon().isNull()
                           ? QIcon::fromTheme(QStringLiteral("livesnap"),
                                              style()->standardIcon(QStyle::SP_ComputerIcon))
                           : windowIcon();
    m_tray = new TrayController(this, icon, true, this);
    connect(m_tray, &TrayController::quitRequested, this, &MainWindow::quit);
    m_notifier->setEnabled(shellsettings::healthNotifications());
    connect(m_watch, &JobListWatch::jobsChanged, m_notifier, &HealthNotifier::setJobs);
    connect(m_watch, &JobListWatch::countsChanged, this, &MainWindow::showCounts);
    connect(m_notifier, &HealthNotifier::notify, this, &MainWindow::showNotification);
    m_closer = new CloseController(this, host, m_tray, m_watch, this);
    connect(m_closer, &CloseController::closeNow, this, &MainWindow::quitNow);
    connect(m_closer, &CloseController::behaviourChanged, this, &MainWindow::updateCloseMenu);
    connect(m_closer, &CloseController::hidingToTray, this, &MainWindow::saveSettings);
    connect(m_closer, &CloseController::handedOver, this, [this] {
        m_engineLabel->setText(tr("Engine: handed over to the background service"));
    });
    createMenus();

    statusBar()->addWidget(m_dataLabel);
    m_catalogLabel->setObjectName(QStringLiteral("catalogLabel"));
    statusBar()->addWidget(m_catalogLabel, 1);
    m_countsLabel->setObjectName(QStringLiteral("jobCountsLabel"));
    statusBar()->addPermanentWidget(m_countsLabel);
    statusBar()->addPermanentWidget(m_engineLabel);
    m_dataLabel->setText(
        tr("Data directory: %1").arg(QDir::toNativeSeparators(host.dataDirectory().root())));
    m_catalogLabel->setText(tr("Catalog: %1").arg(CatalogSettings::describe(host.dataDirectory())));
    if (host.isRunning()) {
        m_engineLabel->setText(host.isConsoleOnly() ? tr("Engine: console only (runs no jobs)")
                                                    : tr("Engine: %1").arg(host.engineId()));
    }
    showCounts(m_watch->counts());
    restoreWindow();
}

MainWindow::~MainWindow() = default;

void MainWindow::restoreWindow()
{
    const QSettings settings;
    if (!restoreGeometry(settings.value(GeometryKey).toByteArray())) {
        resize(1100, 700);
    }
    restoreState(settings.value(StateKey).toByteArray());
    // A size saved on a bigger screen opens inside this one.
    keepOnScreen(this);

    // Reopen on the page the operator left; the jobs on a first start.
    const int tab = shellsettings::lastTab();
    m_tabs->setCurrentIndex(tab >= 0 && tab < m_tabs->count() ? tab : int(JobsTab));
    connect(m_tabs, &QTabWidget::currentChanged, this,
            [](int index) { shellsettings::setLastTab(index); });
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *catalog = file->addAction(tr("&Catalog…"));
    catalog->setObjectName(QStringLiteral("catalogAction"));
    connect(catalog, &QAction::triggered, this, &MainWindow::showCatalog);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &MainWindow::quit);

    createViewMenu();

    QMenu *settings = menuBar()->addMenu(tr("&Settings"));
    QAction *preferences = settings->addAction(tr("&Callback and Engine Settings…"));
    preferences->setObjectName(QStringLiteral("settingsAction"));
    preferences->setMenuRole(QAction::PreferencesRole);
    preferences->setShortcut(QKeySequence::Preferences);
    connect(preferences, &QAction::triggered, this, &MainWindow::showSettings);
    QAction *locations = settings->addAction(tr("&Storage Locations…"));
    locations->setObjectName(QStringLiteral("storageLocationsAction"));
    connect(locations, &QAction::triggered, this, &MainWindow::showStorageLocations);
    createShellSettingsMenu(settings);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About LiveSnap"));
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
    QAction *aboutQt = help->addAction(tr("About &Qt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createViewMenu()
{
    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *refresh = view->addAction(tr("&Refresh"));
    refresh->setObjectName(QStringLiteral("refreshAction"));
    refresh->setShortcut(QKeySequence::Refresh);
    connect(refresh, &QAction::triggered, this, &MainWindow::refreshCurrentPage);
    QAction *find = view->addAction(tr("&Filter…"));
    find->setObjectName(QStringLiteral("filterAction"));
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, &MainWindow::focusFilter);
    QAction *engines = view->addAction(tr("&Engines…"));
    engines->setObjectName(QStringLiteral("enginesAction"));
    connect(engines, &QAction::triggered, this, &MainWindow::showEngines);
    view->addSeparator();
    for (int tab = 0; tab < m_tabs->count(); ++tab) {
        QAction *go = view->addAction(m_tabs->tabText(tab));
        go->setObjectName(QStringLiteral("tabAction%1").arg(tab + 1));
        go->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + tab)));
        connect(go, &QAction::triggered, this, [this, tab] { m_tabs->setCurrentIndex(tab); });
    }
}

void MainWindow::createShellSettingsMenu(QMenu *settings)
{
    settings->addSeparator();
    QAction *notify = settings->addAction(tr("&Notify on Stream Problems"));
    notify->setObjectName(QStringLiteral("notifyHealthAction"));
    notify->setCheckable(true);
    notify->setChecked(m_notifier->isEnabled());
    connect(notify, &QAction::toggled, this, [this](bool on) {
        shellsettings::setHealthNotifications(on);
        m_notifier->setEnabled(on);
    });

    QMenu *onClose = settings->addMenu(tr("&When the Window Closes"));
    onClose->setObjectName(QStringLiteral("closeBehaviourMenu"));
    m_closeGroup = new QActionGroup(this);
    const struct {
        CloseBehaviour behaviour;
        QString text;
        const char *name;
    } choices[] = {
        {CloseBehaviour::Ask, tr("&Ask at the Next Close"), "closeAskAction"},
        {CloseBehaviour::KeepInTray, tr("&Keep Capturing in the Tray"), "closeKeepInTrayAction"},
        {CloseBehaviour::HandOff, tr("&Hand the Jobs to the Background Service"),
         "closeHandOffAction"},
        {CloseBehaviour::StopCapture, tr("&Stop Capture"), "closeStopAction"},
    };
    for (const auto &choice : choices) {
        QAction *action = onClose->addAction(choice.text);
        action->setObjectName(QString::fromLatin1(choice.name));
        action->setCheckable(true);
        action->setData(int(choice.behaviour));
        action->setActionGroup(m_closeGroup);
        if (choice.behaviour == CloseBehaviour::KeepInTray && !m_tray->isAvailable()) {
            action->setEnabled(false);
            action->setToolTip(tr("The desktop has no system tray."));
        }
    }
    connect(m_closeGroup, &QActionGroup::triggered, this, [](QAction *action) {
        shellsettings::setCloseBehaviour(CloseBehaviour(action->data().toInt()));
    });
    updateCloseMenu();
}

void MainWindow::updateCloseMenu()
{
    const int current = int(shellsettings::closeBehaviour());
    const auto actions = m_closeGroup->actions();
    for (QAction *action : actions) {
        action->setChecked(action->data().toInt() == current);
    }
}

void MainWindow::showAbout()
{
    if (auto *open = findChild<AboutDialog *>()) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto *dialog = new AboutDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
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

void MainWindow::showCatalog()
{
    CatalogDialog::openOver(m_host, this);
}

void MainWindow::showEngines()
{
    EnginesDialog::showOver(m_host, this);
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

void MainWindow::refreshCurrentPage()
{
    switch (m_tabs->currentIndex()) {
    case TemplatesTab:
        m_templatePage->refresh();
        break;
    case JobsTab:
        m_jobPage->refresh();
        break;
    case FilesTab:
        m_filePage->refresh();
        break;
    case UsageTab:
        m_usagePage->refresh();
        break;
    default:
        break;
    }
}

void MainWindow::focusFilter()
{
    switch (m_tabs->currentIndex()) {
    case TemplatesTab:
        m_templatePage->focusFilter();
        break;
    case JobsTab:
        m_jobPage->focusFilter();
        break;
    case FilesTab:
        m_filePage->focusFilter();
        break;
    default:
        break; // Usage has no filter box
    }
}

void MainWindow::showJobFiles(const QString &jobId)
{
    m_tabs->setCurrentIndex(FilesTab);
    m_filePage->showJob(jobId);
}

void MainWindow::showCounts(const JobCounts &counts)
{
    m_countsLabel->setText(counts.text());
    m_countsLabel->setToolTip(tr("Jobs: live, with a problem (down, black, frozen or "
                                 "reconnecting), stopped"));
    m_tray->setCounts(counts);
}

void MainWindow::showNotification(const QString &title, const QString &body)
{
    if (!m_tray->showMessage(title, body)) {
        // No tray (or none yet): the status bar tells it for a while.
        statusBar()->showMessage(tr("%1 — %2").arg(title, body.section(QLatin1Char('\n'), 0, 0)),
                                 NotificationShownMs);
    }
}

void MainWindow::quit()
{
    if (m_closer->mayClose(CloseQuestion::Occasion::Quit)) {
        quitNow();
    }
}

void MainWindow::quitNow()
{
    m_leaving = true;
    close();
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(GeometryKey, saveGeometry());
    settings.setValue(StateKey, saveState());
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (!m_shownOnce) {
        m_shownOnce = true;
        keepOnScreen(this); // again, now that the frame (title bar, borders) is known
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_leaving && !m_closer->mayClose(CloseQuestion::Occasion::Close)) {
        event->ignore();
        return;
    }
    saveSettings();
    QMainWindow::closeEvent(event);
    emit applicationShouldQuit();
}

} // namespace livesnap::ui
