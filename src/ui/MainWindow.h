#pragma once

#include <QMainWindow>

class QLabel;
class QTabWidget;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

class FilePage;
class JobPage;
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

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void showAbout();
    void saveSettings() const;

    QTabWidget *m_tabs = nullptr;
    TemplatePage *m_templatePage = nullptr;
    JobPage *m_jobPage = nullptr;
    FilePage *m_filePage = nullptr;
    UsagePage *m_usagePage = nullptr;
    QLabel *m_dataLabel = nullptr;
    QLabel *m_engineLabel = nullptr;
};

} // namespace livesnap::ui
