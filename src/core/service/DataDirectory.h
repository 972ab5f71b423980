#pragma once

#include <QString>

namespace livesnap {

// Where an engine keeps its catalog, spool and local storage. Resolved in this order: an
// explicit path (--data-dir), LIVESNAP_DATA_DIR, the platform's app-data folder.
class DataDirectory {
public:
    explicit DataDirectory(const QString &root);

    static DataDirectory resolve(const QString &explicitPath = QString());

    QString root() const { return m_root; }
    QString catalogPath() const;
    QString spoolPath() const;
    // Folder of a built-in local storage location ("default" → <root>/storage/default).
    QString builtInStoragePath(const QString &bucket) const;

private:
    QString m_root;
};

} // namespace livesnap
