#pragma once

#include <QMainWindow>

class QLabel;
class QTabWidget;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

class FilePage;
class ImagePipeline;
class JobPage;
class MonitorWall;
class TemplatePage;
class UsagePage;

// The menus, the four pages as tabs, and the status bar; everything else lives in the pages.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    enum Tab { TemplatesTab, JobsTab, FilesTab, UsageTab };

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

public slots:
    void showSettings();
    void showStorageLocations();
    // A window playing the job's stream; one per job (asking again raises it).
    void showLivePreview(const QString &jobId);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void showAbout();
    void saveSettings() const;

    EngineHost &m_host;
    ImagePipeline *m_images = nullptr;
    QTabWidget *m_tabs = nullptr;
    TemplatePage *m_templatePage = nullptr;
    JobPage *m_jobPage = nullptr;
    FilePage *m_filePage = nullptr;
    UsagePage *m_usagePage = nullptr;
    MonitorWall *m_monitorWall = nullptr;
    QLabel *m_dataLabel = nullptr;
    QLabel *m_engineLabel = nullptr;
};

} // namespace livesnap::ui
