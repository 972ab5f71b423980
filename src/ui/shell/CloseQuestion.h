#pragma once

#include "shell/ShellSettings.h"

#include <QCoreApplication>

#include <functional>

class QMessageBox;
class QWidget;

namespace livesnap::ui {

// The question asked when the window closes (or the app quits) while jobs capture: keep
// capturing in the tray, hand the jobs to the background service, or stop capture. Opened
// window-modal without blocking; Cancel leaves everything as it was.
class CloseQuestion {
    Q_DECLARE_TR_FUNCTIONS(livesnap::ui::CloseQuestion)

public:
    enum class Occasion {
        Close, // the window's close button: the answer is remembered
        Quit,  // Quit (menu or tray): the app ends either way, so no tray choice
    };

    // done(choice) runs once the operator chose; never on Cancel.
    static QMessageBox *ask(QWidget *parent, int runningJobs, Occasion occasion, bool offerTray,
                            std::function<void(CloseBehaviour)> done);
};

} // namespace livesnap::ui
