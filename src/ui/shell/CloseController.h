#pragma once

#include "shell/CloseQuestion.h"
#include "shell/ShellSettings.h"

#include <QObject>
#include <QPointer>
#include <QString>

class QMessageBox;
class QWidget;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

class JobListWatch;
class TrayController;

// What closing the window (or quitting) does while jobs capture: nothing to decide when none
// does; otherwise what the operator chose once (remembered for the close button), or the
// question (CloseQuestion): keep capturing in the tray, hand the jobs to the background
// service (EngineHandOff), or stop capture.
class CloseController : public QObject {
    Q_OBJECT

public:
    CloseController(QWidget *window, EngineHost &host, TrayController *tray,
                    const JobListWatch *watch, QObject *parent = nullptr);

    // Started jobs this window's engine runs (or that wait for an engine): what stops when
    // the GUI quits.
    int runningJobCount() const;
    // Whether the window may close now. Otherwise it hid to the tray, or the question is open
    // and closeNow() comes once the operator chose to end the app.
    bool mayClose(CloseQuestion::Occasion occasion);

    // The livesnapctl that a hand-over starts (default: found next to this program or on PATH).
    void setServiceProgram(const QString &program) { m_serviceProgram = program; }
    // The process id of the service the last hand-over started; 0 if none.
    qint64 servicePid() const { return m_servicePid; }

signals:
    // The operator's answer ends the app: close the window for good.
    void closeNow();
    // The remembered answer changed (the Settings menu shows it).
    void behaviourChanged();
    // About to hide the window into the tray (its geometry is worth saving).
    void hidingToTray();
    // The service took over: this window's engine has stopped.
    void handedOver();

private:
    // Does what the operator chose; true when the window should then close.
    bool carryOut(CloseBehaviour behaviour);
    bool handOff();

    QWidget *m_window = nullptr;
    EngineHost &m_host;
    TrayController *m_tray = nullptr;
    const JobListWatch *m_watch = nullptr;
    QPointer<QMessageBox> m_question;
    QString m_serviceProgram;
    qint64 m_servicePid = 0;
    bool m_toldAboutTray = false; // the first hide to the tray says where the app went
};

} // namespace livesnap::ui
