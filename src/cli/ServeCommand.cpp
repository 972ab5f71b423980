#include "ServeCommand.h"

#include "secrets/SecretStore.h"
#include "service/Engine.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace livesnap::cli {

namespace {
int s_signalPipe[2] = {-1, -1};

// Async-signal-safe: only write(2) to the self-pipe; the event loop does the rest.
void onSignal(int signal)
{
    const char byte = static_cast<char>(signal);
    [[maybe_unused]] const auto n = ::write(s_signalPipe[0], &byte, 1);
}
} // namespace

int runServe(const DataDirectory &dataDirectory, const QString &credentialsFile)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, s_signalPipe) != 0) {
        std::fprintf(stderr, "livesnapctl serve: cannot create the signal pipe\n");
        return 1;
    }
    QSocketNotifier notifier(s_signalPipe[1], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, qApp, [] {
        char byte = 0;
        [[maybe_unused]] const auto n = ::read(s_signalPipe[1], &byte, 1);
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);

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
    engine.startSupervisor(QStringLiteral("serve"));
    std::fprintf(stderr, "livesnapctl serve: engine %s running on %s (Ctrl+C to stop)\n",
                 qPrintable(engine.supervisor()->ownerId()), qPrintable(dataDirectory.root()));
    const int rc = QCoreApplication::exec();
    engine.shutdown();
    std::fprintf(stderr, "livesnapctl serve: stopped, leases released\n");
    return rc;
}

} // namespace livesnap::cli
