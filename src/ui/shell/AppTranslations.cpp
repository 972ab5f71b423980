#include "shell/AppTranslations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace livesnap::ui {

namespace {
// Loads <name>_<locale>.qm from the first folder that has it and installs it; false if none does.
bool installTranslator(QCoreApplication &app, const QLocale &locale, const QString &name,
                       const QStringList &folders)
{
    auto *translator = new QTranslator(&app);
    for (const QString &folder : folders) {
        if (translator->load(locale, name, QStringLiteral("_"), folder)) {
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
    installTranslator(app, QLocale(), QStringLiteral("qtbase"),
                      {QLibraryInfo::path(QLibraryInfo::TranslationsPath)});
    // Installed next to the program (<prefix>/bin/livesnap, <prefix>/share/livesnap/translations)
    // first, so a packaged update of the catalogue wins; else the ones built into the program.
    const QStringList folders = {QCoreApplication::applicationDirPath() +
                                     QStringLiteral("/../share/livesnap/translations"),
                                 QStringLiteral(":/i18n")};
    // Where LiveSnap speaks English (an English desktop finds livesnap_en itself; the C/POSIX
    // locale, whose uiLanguages() names no language, and a language without a catalogue do not),
    // the English catalogue: the singular and plural forms of the %n messages ("1 job", "3 jobs").
    if (!installTranslator(app, QLocale(), QStringLiteral("livesnap"), folders)) {
        installTranslator(app, QLocale(QLocale::English), QStringLiteral("livesnap"), folders);
    }
}

} // namespace livesnap::ui
