#pragma once

#include "shell/JobCounts.h"

#include <QIcon>
#include <QObject>
#include <QString>

class QAction;
class QMenu;
class QSystemTrayIcon;
class QWidget;

namespace livesnap::ui {

// The tray icon's menu (show/hide the window, the job counts, quit) and tooltip. The menu and
// texts exist everywhere; the QSystemTrayIcon only where the desktop has a tray (none on the
// offscreen platform), so everything but the icon itself can be tested without one.
class TrayController : public QObject {
    Q_OBJECT

public:
    // window: shown and hidden by the menu. useTray: make the icon when the desktop has a
    // tray (false keeps it off, as for a test or the screenshots).
    TrayController(QWidget *window, const QIcon &icon, bool useTray, QObject *parent = nullptr);
    ~TrayController() override;

    // The desktop has a tray and the icon is in it.
    bool isAvailable() const { return m_icon != nullptr; }
    QMenu *menu() const { return m_menu; }
    QString toolTip() const { return m_toolTip; }
    QAction *showHideAction() const { return m_showHide; }
    QAction *quitAction() const { return m_quit; }

    // Also turns the icon into a warning while any job has a problem.
    void setCounts(const JobCounts &counts);
    bool showsProblem() const { return m_showsProblem; }
    // A desktop notification through the tray; false when there is no tray to show it.
    bool showMessage(const QString &title, const QString &body);

signals:
    // Quit from the tray menu (the window decides what happens to running capture).
    void quitRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void toggleWindow();
    void showWindow();
    void updateShowHideText();

    QWidget *m_window = nullptr;
    QMenu *m_menu = nullptr;
    QAction *m_showHide = nullptr;
    QAction *m_live = nullptr;
    QAction *m_problem = nullptr;
    QAction *m_stopped = nullptr;
    QAction *m_quit = nullptr;
    QSystemTrayIcon *m_icon = nullptr;
    QIcon m_normalIcon;
    QIcon m_problemIcon;
    bool m_showsProblem = false;
    QString m_toolTip;
};

} // namespace livesnap::ui
