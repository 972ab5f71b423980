#include "engines/CatalogSettings.h"

#include "catalog/CatalogUrl.h"
#include "common/DataDirectory.h"

#include <QDir>
#include <QSettings>

namespace livesnap::ui {

namespace {
const QString CatalogKey = QStringLiteral("catalog/location");
const QString ConsoleOnlyKey = QStringLiteral("catalog/consoleOnly");
} // namespace

QString CatalogSettings::savedCatalog()
{
    return QSettings().value(CatalogKey).toString().trimmed();
}

void CatalogSettings::setSavedCatalog(const QString &location)
{
    QSettings settings;
    if (location.trimmed().isEmpty()) {
        settings.remove(CatalogKey);
    } else {
        settings.setValue(CatalogKey, location.trimmed());
    }
}

bool CatalogSettings::savedConsoleOnly()
{
    return QSettings().value(ConsoleOnlyKey, false).toBool();
}

void CatalogSettings::setSavedConsoleOnly(bool on)
{
    QSettings().setValue(ConsoleOnlyKey, on);
}

void CatalogSettings::applySaved(DataDirectory &directory)
{
    if (!directory.hasSharedCatalog()) {
        directory.setCatalog(savedCatalog());
    }
}

QString CatalogSettings::describe(const DataDirectory &directory)
{
    if (directory.hasSharedCatalog()) {
        // An unparsable URL fails the engine's start before any window shows it.
        const auto url = CatalogUrl::parse(directory.catalogLocation());
        if (!url) {
            return directory.catalogLocation();
        }
        return url->isPostgres()
                   ? url->display()
                   : tr("SQLite in %1").arg(QDir::toNativeSeparators(url->filePath()));
    }
    return tr("SQLite in %1").arg(QDir::toNativeSeparators(directory.root()));
}

} // namespace livesnap::ui
