#include "shell/TrayController.h"

#include <QAction>
#include <QEvent>
#include <QMenu>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QWidget>

namespace livesnap::ui {

TrayController::TrayController(QWidget *window, const QIcon &icon, bool useTray, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_menu(new QMenu(window))
    , m_normalIcon(icon)
    , m_problemIcon(window->style()->standardIcon(QStyle::SP_MessageBoxWarning))
{
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    m_showHide = m_menu->addAction(QString());
    m_showHide->setObjectName(QStringLiteral("trayShowHideAction"));
    connect(m_showHide, &QAction::triggered, this, &TrayController::toggleWindow);
    m_menu->addSeparator();
    // The counts are information, not commands.
    m_live = m_menu->addAction(QString());
    m_problem = m_menu->addAction(QString());
    m_stopped = m_menu->addAction(QString());
    for (QAction *count : {m_live, m_problem, m_stopped}) {
        count->setEnabled(false);
    }
    m_menu->addSeparator();
    m_quit = m_menu->addAction(tr("&Quit LiveSnap"));
    m_quit->setObjectName(QStringLiteral("trayQuitAction"));
    connect(m_quit, &QAction::triggered, this, &TrayController::quitRequested);
    setCounts(JobCounts());
    updateShowHideText();
    connect(m_menu, &QMenu::aboutToShow, this, &TrayController::updateShowHideText);
    window->installEventFilter(this);

    if (useTray && QSystemTrayIcon::isSystemTrayAvailable()) {
        m_icon = new QSystemTrayIcon(icon, this);
        m_icon->setContextMenu(m_menu);
        m_icon->setToolTip(m_toolTip);
        connect(m_icon, &QSystemTrayIcon::activated, this,
                [this](QSystemTrayIcon::ActivationReason reason) {
                    if (reason == QSystemTrayIcon::Trigger ||
                        reason == QSystemTrayIcon::DoubleClick) {
                        toggleWindow();
                    }
                });
        // A notification clicked: the operator wants to see what happened.
        connect(m_icon, &QSystemTrayIcon::messageClicked, this, &TrayController::showWindow);
        m_icon->show();
    }
}

TrayController::~TrayController()
{
    if (m_window) {
        m_window->removeEventFilter(this);
    }
}

void TrayController::setCounts(const JobCounts &counts)
{
    m_live->setText(tr("Live: %1").arg(counts.live));
    m_problem->setText(tr("With a problem: %1").arg(counts.problem));
    m_stopped->setText(tr("Stopped: %1").arg(counts.stopped));
    m_toolTip = tr("LiveSnap: %1").arg(counts.text());
    m_showsProblem = counts.problem > 0;
    if (m_icon) {
        m_icon->setToolTip(m_toolTip);
        m_icon->setIcon(m_showsProblem ? m_problemIcon : m_normalIcon);
    }
}

bool TrayController::showMessage(const QString &title, const QString &body)
{
    if (!m_icon) {
        return false;
    }
    m_icon->showMessage(title, body, QSystemTrayIcon::Warning);
    return true;
}

void TrayController::toggleWindow()
{
    if (m_window->isVisible() && !m_window->isMinimized()) {
        m_window->hide();
        return;
    }
    showWindow();
}

void TrayController::showWindow()
{
    m_window->showNormal();
    m_window->raise();
    m_window->activateWindow();
}

void TrayController::updateShowHideText()
{
    m_showHide->setText(m_window->isVisible() ? tr("&Hide Window") : tr("&Show Window"));
}

bool TrayController::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && (event->type() == QEvent::Show || event->type() == QEvent::Hide)) {
        // Queued: during the event the window's visibility may not have flipped yet.
        QMetaObject::invokeMethod(this, &TrayController::updateShowHideText, Qt::QueuedConnection);
    }
    return QObject::eventFilter(watched, event);
}

} // namespace livesnap::ui
