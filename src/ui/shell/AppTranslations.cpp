#include "shell/AppTranslations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace livesnap::ui {

namespace {
// Loads <name>_<locale>.qm from the first folder that has it and installs it; false if none does.
bool installTranslator(QCoreApplication &app, const QString &name, const QStringList &folders)
{
    auto *translator = new QTranslator(&app);
    for (const QString &folder : folders) {
        if (translator->load(QLocale(), name, QStringLiteral("_"), folder)) {
            QCoreApplication::installTranslator(translator);
            return true;
        }
    }
    delete translator;
    return false;
}
} // namespace

void installTranslators(QCoreApplication &app)
{
    installTranslator(app, QStringLiteral("qtbase"),
                      {QLibraryInfo::path(QLibraryInfo::TranslationsPath)});
    // Installed next to the program (<prefix>/bin/livesnap, <prefix>/share/livesnap/translations)
    // first, so a packaged update of the catalogue wins; else the ones built into the program.
    installTranslator(
        app, QStringLiteral("livesnap"),
        {QCoreApplication::applicationDirPath() + QStringLiteral("/../share/livesnap/translations"),
         QStringLiteral(":/i18n")});
}

} // namespace livesnap::ui
