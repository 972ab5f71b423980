#include "common/Logging.h"

Q_LOGGING_CATEGORY(lcCatalog, "livesnap.catalog", QtInfoMsg)
Q_LOGGING_CATEGORY(lcService, "livesnap.service", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSupervisor, "livesnap.supervisor", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCapture, "livesnap.capture", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStorage, "livesnap.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcNotify, "livesnap.notify", QtInfoMsg)
