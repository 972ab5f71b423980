#include "ServeCommand.h"

#include "common/TerminationSignals.h"
#include "engine/Engine.h"
#include "secrets/SecretStore.h"

#include <QCoreApplication>

#include <cstdio>

namespace livesnap::cli {

int runServe(const DataDirectory &dataDirectory, const ServeSettings &settings)
{
    const QString &credentialsFile = settings.credentialsFile;
    if (!onTerminationSignal([] { QCoreApplication::quit(); })) {
        std::fprintf(stderr, "livesnapctl serve: cannot create the signal pipe\n");
        return 1;
    }

    Engine engine(dataDirectory);
    if (!credentialsFile.isEmpty()) {
        auto file = std::make_unique<CredentialsFileSecretStore>(credentialsFile);
        if (auto s = file->check(); !s) {
            std::fprintf(stderr, "livesnapctl serve: %s\n", qPrintable(s.error().message));
            return 2;
        }
        std::fprintf(stderr,
                     "livesnapctl serve: storage credentials come from %s, not the keychain\n",
                     qPrintable(credentialsFile));
        engine.setSecretStore(std::move(file));
    }
    if (auto s = engine.open(); !s) {
        std::fprintf(stderr, "livesnapctl serve: %s\n", qPrintable(s.error().message));
        return 1;
    }
    Supervisor::Options options;
    if (settings.capacity > 0) {
        options.capacity = settings.capacity;
    }
    if (settings.leaseTtlSeconds > 0) {
        options.leaseTtlMs = settings.leaseTtlSeconds * 1000;
    }
    engine.startSupervisor(QStringLiteral("serve"), options);
    std::fprintf(stderr,
                 "livesnapctl serve: engine %s running on %s, catalog %s (Ctrl+C to stop)\n",
                 qPrintable(engine.supervisor()->ownerId()), qPrintable(dataDirectory.root()),
                 qPrintable(engine.service()->catalog().filePath()));
    const int rc = QCoreApplication::exec();
    engine.shutdown();
    std::fprintf(stderr, "livesnapctl serve: stopped, leases released\n");
    return rc;
}

} // namespace livesnap::cli
