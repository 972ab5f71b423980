#pragma once

#include "common/Result.h"

#include <QCoreApplication>
#include <QString>

namespace livesnap {

// Where an engine keeps its catalog, spool and local storage. Resolved in this order: an
// explicit path (--data-dir), LIVESNAP_DATA_DIR, the platform's app-data folder.
class DataDirectory {
    Q_DECLARE_TR_FUNCTIONS(livesnap::DataDirectory)

public:
    explicit DataDirectory(const QString &root);

    // `explicitCatalog` (--catalog), else LIVESNAP_CATALOG, names a shared catalog (a
    // postgresql:// URL); without one the catalog is the SQLite file in the directory.
    static DataDirectory resolve(const QString &explicitPath = QString(),
                                 const QString &explicitCatalog = QString());

    // Makes the directory ready for an engine: creates it with mode 0700, or tightens an
    // existing one to 0700 (it holds the catalog, whose stream URLs carry tokens), and checks
    // that it can be written: DataDirectoryReadOnly says so, and what to do, when it cannot.
    Status prepare() const;

    QString root() const { return m_root; }
    QString catalogPath() const;
    // What the engine opens: the shared catalog's URL when one is set, else catalogPath().
    QString catalogLocation() const;
    bool hasSharedCatalog() const { return !m_catalog.isEmpty(); }
    void setCatalog(const QString &location) { m_catalog = location; }
    QString spoolPath() const;
    // Folder of a built-in local storage location ("default" → <root>/storage/default).
    QString builtInStoragePath(const QString &bucket) const;

    // DataDirectoryReadOnly for `path` (the directory, or a file in it), errno `error` why.
    static Error readOnlyError(const QString &path, int error);

private:
    QString m_root;
    QString m_catalog;
};

} // namespace livesnap
