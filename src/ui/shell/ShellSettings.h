#pragma once

#include <QString>

namespace livesnap::ui {

// What the operator decided to happen to running capture when the window closes.
enum class CloseBehaviour {
    Ask,         // not decided yet: ask at the next close while jobs run
    KeepInTray,  // hide the window, the engine keeps capturing (needs a tray)
    HandOff,     // start `livesnapctl serve` on the same data directory, then quit
    StopCapture, // quit; capture stops until an engine runs again
};

// The window's own settings in QSettings (the pages keep theirs).
namespace shellsettings {

CloseBehaviour closeBehaviour();
void setCloseBehaviour(CloseBehaviour behaviour);

bool healthNotifications(); // on unless turned off
void setHealthNotifications(bool on);

int lastTab(); // -1 when none was saved
void setLastTab(int index);

} // namespace shellsettings

} // namespace livesnap::ui
