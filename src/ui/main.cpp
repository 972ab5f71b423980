#include "MainWindow.h"
#include "common/ComponentVersion.h"
#include "common/DataDirectory.h"
#include "common/TerminationSignals.h"
#include "engine/EngineHost.h"
#include "engines/CatalogSettings.h"
#include "shell/AppTranslations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>
#include <QPointer>

#include <memory>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    // Ctrl+C or a service manager's SIGTERM closes the window the normal way (settings saved,
    // leases released below). Installed first: a signal that comes while the engine starts is
    // handled once the event loop runs, instead of being ignored (a background process of a
    // shell ignores SIGINT until it installs a handler).
    QPointer<livesnap::ui::MainWindow> mainWindow;
    livesnap::onTerminationSignal([&mainWindow] {
        if (mainWindow) {
            mainWindow->quitNow(); // no question: capture stops, leases are released
        } else {
            QCoreApplication::quit();
        }
    });
    QApplication::setOrganizationName(QStringLiteral("LiveSnap"));
    QApplication::setApplicationName(QStringLiteral("livesnap"));
    QApplication::setApplicationVersion(livesnap::applicationVersion());
    // The desktop entry, the AppStream metainfo and the icon are all named after this id:
    // the desktop shell matches the window to its entry by it.
    QGuiApplication::setDesktopFileName(QStringLiteral(LIVESNAP_APP_ID));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral(LIVESNAP_APP_ID),
                                                 QIcon(QStringLiteral(":/icons/livesnap.svg"))));
    livesnap::ui::installTranslators(app);
    QApplication::setApplicationDisplayName(QApplication::translate("main", "LiveSnap"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Takes JPG snapshots of RTMP live streams."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataDirOption(
        QStringLiteral("data-dir"),
        QApplication::translate("main", "Keep the catalog, spool and local storage in <dir> "
                                        "(default: LIVESNAP_DATA_DIR, else the app-data folder)."),
        QApplication::translate("main", "dir"));
    parser.addOption(dataDirOption);
    const QCommandLineOption catalogOption(
        QStringLiteral("catalog"),
        QApplication::translate("main",
                                "Open the catalog at <url>, a PostgreSQL database shared by "
                                "several engines (postgresql://user@host:port/db; the password "
                                "from PGPASSWORD or ~/.pgpass). Default: LIVESNAP_CATALOG, else "
                                "the one chosen in File > Catalog, else SQLite in the data "
                                "directory."),
        QApplication::translate("main", "url"));
    parser.addOption(catalogOption);
    const QCommandLineOption consoleOnlyOption(
        QStringLiteral("console-only"),
        QApplication::translate("main", "Run no jobs on this computer: show and change the "
                                        "catalog's jobs while engines elsewhere capture them."));
    parser.addOption(consoleOnlyOption);
    parser.process(app);

    using livesnap::ui::CatalogSettings;
    livesnap::DataDirectory dataDirectory =
        livesnap::DataDirectory::resolve(parser.value(dataDirOption), parser.value(catalogOption));
    const bool fromSettings = !dataDirectory.hasSharedCatalog();
    CatalogSettings::applySaved(dataDirectory);
    const auto mode = parser.isSet(consoleOnlyOption) || CatalogSettings::savedConsoleOnly()
                          ? livesnap::EngineHost::Mode::ConsoleOnly
                          : livesnap::EngineHost::Mode::Capture;
    auto host = std::make_unique<livesnap::EngineHost>(dataDirectory);
    livesnap::Status started = host->start(QStringLiteral("gui"), {}, mode);
    if (!started && fromSettings && dataDirectory.hasSharedCatalog()) {
        // The catalog saved in File > Catalog cannot be opened (the server is down, say): offer
        // the local one, so the setting can be changed from the window.
        const auto answer = QMessageBox::question(
            nullptr, QApplication::translate("main", "LiveSnap cannot open its catalog"),
            QApplication::translate("main", "%1\n\nOpen the SQLite catalog in the data directory "
                                            "this time? File > Catalog changes the saved choice.")
                .arg(started.error().message));
        if (answer == QMessageBox::Yes) {
            dataDirectory.setCatalog(QString());
            host = std::make_unique<livesnap::EngineHost>(dataDirectory);
            started = host->start(QStringLiteral("gui"), {}, mode);
        }
    }
    if (!started) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "LiveSnap cannot start"),
                              started.error().message);
        return 1;
    }

    // The window may hide to the tray while capture goes on (and a preview window closing
    // then must not end the app): the window says when to quit.
    QApplication::setQuitOnLastWindowClosed(false);
    livesnap::ui::MainWindow window(*host);
    QObject::connect(&window, &livesnap::ui::MainWindow::applicationShouldQuit, &app,
                     &QCoreApplication::quit, Qt::QueuedConnection);
    mainWindow = &window;
    window.show();
    const int code = QApplication::exec();
    // Stops supervising and releases this engine's leases, so another engine (the background
    // service a hand-over started) can take its jobs. Already done after a hand-over.
    host->stop();
    return code;
}
