// livesnap_screenshots: renders the console's pages and dialogs on a data directory into PNGs
// (scripts/screenshots.sh runs it under Xvfb on demo data). Not installed.
#include "MainWindow.h"
#include "common/DataDirectory.h"
#include "engine/EngineHost.h"
#include "tools/ScreenshotTour.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("LiveSnapScreenshots"));
    QApplication::setApplicationName(QStringLiteral("livesnap-screenshots"));
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Data directory."),
                                     QStringLiteral("dir"));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Where the PNGs go."),
                                 QStringLiteral("dir"));
    const QCommandLineOption translations(
        QStringLiteral("translations"),
        QStringLiteral("Where livesnap_zh_CN.qm is (default: beside this program)."),
        QStringLiteral("dir"));
    parser.addOption(dataDir);
    parser.addOption(out);
    parser.addOption(translations);
    parser.process(app);
    QTextStream err(stderr);
    if (!parser.isSet(dataDir) || !parser.isSet(out)) {
        err << "usage: livesnap_screenshots --data-dir DIR --out DIR\n";
        return 2;
    }
    QDir outputDir(parser.value(out));
    if (!outputDir.mkpath(QStringLiteral("."))) {
        err << "cannot create " << parser.value(out) << '\n';
        return 2;
    }

    livesnap::EngineHost host(livesnap::DataDirectory::resolve(parser.value(dataDir)));
    if (const livesnap::Status started = host.start(QStringLiteral("screenshots")); !started) {
        err << "cannot start the engine: " << started.error().message << '\n';
        return 1;
    }
    int failures = 0;
    {
        livesnap::ui::MainWindow window(host);
        window.resize(1280, 800);
        window.show();
        livesnap::ui::ScreenshotTour tour(host, window, outputDir);
        tour.setTranslationsDirectory(parser.value(translations));
        failures = tour.run();
    }
    host.stop();
    return failures == 0 ? 0 : 1;
}
