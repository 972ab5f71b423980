#pragma once

#include <QLoggingCategory>

// The window's shell: tray, notifications, close behaviour, hand-off to the headless engine
// (enable with QT_LOGGING_RULES="livesnap.shell=true").
Q_DECLARE_LOGGING_CATEGORY(lcShell)
