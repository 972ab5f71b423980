#pragma once

#include <QDir>
#include <QObject>
#include <QString>

#include <functional>

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

class MainWindow;

// Walks the console through its pages and dialogs on a data directory with demo data, and
// saves each as a PNG (docs/screenshots). Waits for live data (monitor-wall images,
// thumbnails, the usage chart) rather than sleeping a fixed time, within a timeout each.
class ScreenshotTour : public QObject {
    Q_OBJECT

public:
    ScreenshotTour(EngineHost &host, MainWindow &window, const QDir &outputDir,
                   QObject *parent = nullptr);

    // Where livesnap_zh_CN.qm is (for the Chinese window); default: beside this program.
    void setTranslationsDirectory(const QString &dir) { m_translationsDir = dir; }

    // Runs the tour; returns the number of screenshots that could not be taken.
    int run();

private:
    // The window's job list with the first job selected (and its details).
    void saveJobList(MainWindow &window, const QString &name);
    void jobShots();
    void monitorWallShot();
    bool waitForStreamHealth();
    void trayMenuShot();
    void chineseWindowShot();
    bool waitFor(const std::function<bool()> &condition, int timeoutMs);
    void settle(int ms = 300);
    bool save(QWidget *widget, const QString &name);

    EngineHost &m_host;
    MainWindow &m_window;
    QDir m_outputDir;
    QString m_translationsDir;
    int m_failures = 0;
};

} // namespace livesnap::ui
