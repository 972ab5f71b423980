#include "monitor/MonitorLogging.h"

Q_LOGGING_CATEGORY(lcMonitor, "livesnap.monitor", QtInfoMsg)
