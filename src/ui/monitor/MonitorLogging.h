#pragma once

#include <QLoggingCategory>

// The monitor wall and the live preview (enable with QT_LOGGING_RULES="livesnap.monitor=true").
Q_DECLARE_LOGGING_CATEGORY(lcMonitor)
