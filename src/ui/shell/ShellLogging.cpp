#include "shell/ShellLogging.h"

Q_LOGGING_CATEGORY(lcShell, "livesnap.shell", QtInfoMsg)
