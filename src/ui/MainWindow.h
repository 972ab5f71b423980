#pragma once

#include <QMainWindow>

class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QTabWidget;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

class CloseController;
class FilePage;
class HealthNotifier;
class ImagePipeline;
class JobListWatch;
class JobPage;
class MonitorWall;
class TemplatePage;
class TrayController;
class UsagePage;
struct JobCounts;

// The menus, the four pages as tabs, the status bar with the job counts, and the tray; what
// happens to running capture when the window closes. Everything else lives in the pages.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    enum Tab { TemplatesTab, JobsTab, FilesTab, UsageTab, TabCount };

    explicit MainWindow(EngineHost &host, QWidget *parent = nullptr);
    ~MainWindow() override;

    QTabWidget *tabs() const { return m_tabs; }
    TemplatePage *templatePage() const { return m_templatePage; }
    JobPage *jobPage() const { return m_jobPage; }
    FilePage *filePage() const { return m_filePage; }
    UsagePage *usagePage() const { return m_usagePage; }
    MonitorWall *monitorWall() const { return m_monitorWall; }
    // The one image pipeline of the file grid, the viewer and the monitor wall.
    ImagePipeline *imagePipeline() const { return m_images; }
    TrayController *tray() const { return m_tray; }
    HealthNotifier *healthNotifier() const { return m_notifier; }
    JobListWatch *jobWatch() const { return m_watch; }

    // What closing the window does with running capture.
    CloseController *closeController() const { return m_closer; }

public slots:
    void showSettings();
    void showStorageLocations();
    // File ▸ Catalog…: the catalog (and console-only mode) the next start opens.
    void showCatalog();
    // View ▸ Engines…: the engines sharing the catalog.
    void showEngines();
    // A window playing the job's stream; one per job (asking again raises it).
    void showLivePreview(const QString &jobId);
    // F5, Ctrl+F: the current page's refresh and filter box.
    void refreshCurrentPage();
    void focusFilter();
    // "Show files" from a job: File Management on that job's snapshots.
    void showJobFiles(const QString &jobId);
    // File ▸ Quit and the tray's Quit: ends the app, asking what happens to running capture
    // unless the operator decided already.
    void quit();
    // Ends the app at once; capture stops (SIGTERM, Ctrl+C).
    void quitNow();

signals:
    // The window closed for good: the application should end.
    void applicationShouldQuit();

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void createMenus();
    void createViewMenu();
    void createShellSettingsMenu(QMenu *settings);
    void showAbout();
    void saveSettings() const;
    void restoreWindow();
    void showCounts(const JobCounts &counts);
    void showNotification(const QString &title, const QString &body);
    void updateCloseMenu();

    EngineHost &m_host;
    ImagePipeline *m_images = nullptr;
    QTabWidget *m_tabs = nullptr;
    TemplatePage *m_templatePage = nullptr;
    JobPage *m_jobPage = nullptr;
    FilePage *m_filePage = nullptr;
    UsagePage *m_usagePage = nullptr;
    MonitorWall *m_monitorWall = nullptr;
    JobListWatch *m_watch = nullptr;
    HealthNotifier *m_notifier = nullptr;
    TrayController *m_tray = nullptr;
    QLabel *m_dataLabel = nullptr;
    QLabel *m_catalogLabel = nullptr;
    QLabel *m_countsLabel = nullptr;
    QLabel *m_engineLabel = nullptr;
    QActionGroup *m_closeGroup = nullptr;
    CloseController *m_closer = nullptr;
    bool m_leaving = false; // the close was decided: accept it
    bool m_shownOnce = false;
};

} // namespace livesnap::ui
