#pragma once

#include <QLoggingCategory>

// One logging category per area (enable with QT_LOGGING_RULES="livesnap.*=true"). Every log
// line of a program linking the core has its URLs masked (Logging.cpp, common/UrlMasking).
Q_DECLARE_LOGGING_CATEGORY(lcCatalog)
Q_DECLARE_LOGGING_CATEGORY(lcService)
Q_DECLARE_LOGGING_CATEGORY(lcSupervisor)
Q_DECLARE_LOGGING_CATEGORY(lcCapture)
Q_DECLARE_LOGGING_CATEGORY(lcStorage)
Q_DECLARE_LOGGING_CATEGORY(lcNotify)
