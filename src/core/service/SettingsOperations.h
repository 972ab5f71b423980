#pragma once

#include "domain/Settings.h"
#include "service/ServiceContext.h"

#include <QCoreApplication>

namespace livesnap {

// The catalog-wide settings: the callback URL and AuthKey, the engine's limits, the port of a
// running engine's link server, and whether callback delivery is held. Emits
// callbackSettingsChanged.
class SettingsOperations {
    Q_DECLARE_TR_FUNCTIONS(livesnap::SettingsOperations)

public:
    using Done = ServiceContext::Done;

    explicit SettingsOperations(ServiceContext &context);

    // The AuthKey goes to the keychain off this thread, then the catalog changes.
    void setCallbackSettings(const CallbackSettings &settings, Done done);
    Result<CallbackSettings> getCallbackSettings();
    // The callback URL of jobs that have none of their own (empty: none).
    QString globalCallbackUrl() const;
    // Callback delivery held because the AuthKey is set but cannot be read: why (recorded by
    // the engine that found it out, shown by getCallbackSettings); empty when delivering.
    QString callbackDeliveryHeld() const;
    void setCallbackDeliveryHeld(const QString &reason);

    Result<EngineSettings> getEngineSettings();
    Status updateEngineSettings(const EngineSettings &settings);

    // The port the link server of a running engine on this data directory listens on (0: none).
    int linkServerPort() const;
    void setLinkServerPort(int port);

private:
    void finishCallbackSettings(const CallbackSettings &settings, bool keyChanged, Done done);

    ServiceContext &m_context;
};

} // namespace livesnap
