#include "common/Logging.h"

#include "common/UrlMasking.h"

Q_LOGGING_CATEGORY(lcCatalog, "livesnap.catalog", QtInfoMsg)
Q_LOGGING_CATEGORY(lcService, "livesnap.service", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSupervisor, "livesnap.supervisor", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCapture, "livesnap.capture", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStorage, "livesnap.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcNotify, "livesnap.notify", QtInfoMsg)

namespace {

QtMessageHandler s_nextHandler = nullptr;

// The last line of defence: whatever a log line quotes (a stream URL in an FFmpeg message, a
// callback URL in a network error), its secrets are masked before it is written anywhere.
void maskingMessageHandler(QtMsgType type, const QMessageLogContext &context,
                           const QString &message)
{
    const bool mayHoldSecret =
        message.contains(QLatin1Char('=')) || message.contains(QLatin1String("://"));
    if (s_nextHandler) {
        s_nextHandler(type, context,
                      mayHoldSecret ? livesnap::maskSecretsInText(message) : message);
    }
}

// Installed when the program starts (before main), so that every binary linking the core, the
// GUI, livesnapctl and the tests, logs through it. A handler installed later replaces it.
void installMaskingMessageHandler()
{
    s_nextHandler = qInstallMessageHandler(maskingMessageHandler);
}

} // namespace

Q_CONSTRUCTOR_FUNCTION(installMaskingMessageHandler)
