#pragma once

#include <QCoreApplication>
#include <QString>

namespace livesnap {
class DataDirectory;
}

namespace livesnap::ui {

// The catalog the GUI opens and whether it runs jobs, as saved by File ▸ Catalog… (QSettings),
// and how the window names the catalog it is on.
class CatalogSettings {
    Q_DECLARE_TR_FUNCTIONS(livesnap::ui::CatalogSettings)

public:
    // The saved catalog URL; empty: the SQLite catalog in the data directory.
    static QString savedCatalog();
    static void setSavedCatalog(const QString &location);
    // Console only: the GUI's engine serves the views but runs no job on this computer.
    static bool savedConsoleOnly();
    static void setSavedConsoleOnly(bool on);

    // The saved catalog, when neither --catalog nor LIVESNAP_CATALOG chose one already.
    static void applySaved(DataDirectory &directory);

    // "SQLite in <dir>" or the PostgreSQL URL as given (it holds no password).
    static QString describe(const DataDirectory &directory);
};

} // namespace livesnap::ui
