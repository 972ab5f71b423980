#include "shell/CloseController.h"

#include "engine/EngineHost.h"
#include "shell/EngineHandOff.h"
#include "shell/JobListWatch.h"
#include "shell/TrayController.h"

#include <QMessageBox>
#include <QWidget>

namespace livesnap::ui {

CloseController::CloseController(QWidget *window, EngineHost &host, TrayController *tray,
                                 const JobListWatch *watch, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_host(host)
    , m_tray(tray)
    , m_watch(watch)
{}

int CloseController::runningJobCount() const
{
    const QString self = m_host.engineId();
    int running = 0;
    for (const SnapshotJob &job : m_watch->jobs()) {
        if (job.status == jobstatus::Started &&
            (job.leaseOwner.isEmpty() || (!self.isEmpty() && job.leaseOwner == self))) {
            ++running;
        }
    }
    return running;
}

bool CloseController::mayClose(CloseQuestion::Occasion occasion)
{
    const int running = runningJobCount();
    // A console only runs no jobs: closing it stops nothing, so there is nothing to hand off.
    if (running == 0 || !m_host.isRunning() || m_host.isConsoleOnly()) {
        return true;
    }
    CloseBehaviour behaviour = shellsettings::closeBehaviour();
    if (behaviour == CloseBehaviour::KeepInTray &&
        (occasion == CloseQuestion::Occasion::Quit || !m_tray->isAvailable())) {
        behaviour = CloseBehaviour::Ask; // quitting, or the tray is gone: ask what instead
    }
    if (behaviour != CloseBehaviour::Ask) {
        return carryOut(behaviour);
    }
    if (m_question) {
        m_question->raise();
        return false;
    }
    if (m_window->isHidden()) {
        m_window->showNormal(); // the question needs its window
    }
    m_question = CloseQuestion::ask(m_window, running, occasion, m_tray->isAvailable(),
                                    [this, occasion](CloseBehaviour choice) {
                                        if (occasion == CloseQuestion::Occasion::Close) {
                                            shellsettings::setCloseBehaviour(choice);
                                            emit behaviourChanged();
                                        }
                                        // After the question has closed, not inside its click.
                                        QMetaObject::invokeMethod(
                                            this,
                                            [this, choice] {
                                                if (carryOut(choice)) {
                                                    emit closeNow();
                                                }
                                            },
                                            Qt::QueuedConnection);
                                    });
    return false;
}

bool CloseController::carryOut(CloseBehaviour behaviour)
{
    switch (behaviour) {
    case CloseBehaviour::KeepInTray:
        emit hidingToTray();
        m_window->hide();
        if (!m_toldAboutTray) {
            m_toldAboutTray = true;
            m_tray->showMessage(tr("LiveSnap keeps capturing"),
                                tr("The window is hidden; snapshots go on. Quit from this icon's "
                                   "menu to stop."));
        }
        return false;
    case CloseBehaviour::HandOff:
        return handOff();
    case CloseBehaviour::Ask:
    case CloseBehaviour::StopCapture:
        break;
    }
    return true;
}

bool CloseController::handOff()
{
    const QString program =
        m_serviceProgram.isEmpty() ? EngineHandOff::findProgram() : m_serviceProgram;
    const EngineHandOff::Started started = EngineHandOff::start(program, m_host.dataDirectory());
    if (!started.error.isEmpty()) {
        // Ask again next time rather than failing every close the same way.
        shellsettings::setCloseBehaviour(CloseBehaviour::Ask);
        emit behaviourChanged();
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Cannot hand over the jobs"),
                                    started.error, QMessageBox::Ok, m_window);
        box->setObjectName(QStringLiteral("handOffError"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return false;
    }
    m_servicePid = started.pid;
    // Release this engine's leases now: the service takes the jobs at its next tick.
    m_host.stop();
    emit handedOver();
    return true;
}

} // namespace livesnap::ui
