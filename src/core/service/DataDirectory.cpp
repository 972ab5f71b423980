#include "service/DataDirectory.h"

#include <QDir>
#include <QStandardPaths>

namespace livesnap {

DataDirectory::DataDirectory(const QString &root)
    : m_root(QDir(root).absolutePath())
{}

DataDirectory DataDirectory::resolve(const QString &explicitPath)
{
    if (!explicitPath.isEmpty()) {
        return DataDirectory(explicitPath);
    }
    const QString fromEnv = qEnvironmentVariable("LIVESNAP_DATA_DIR");
    if (!fromEnv.isEmpty()) {
        return DataDirectory(fromEnv);
    }
    return DataDirectory(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                         QStringLiteral("/livesnap"));
}

QString DataDirectory::catalogPath() const
{
    return m_root + QStringLiteral("/catalog.sqlite");
}
QString DataDirectory::spoolPath() const
{
    return m_root + QStringLiteral("/spool");
}
QString DataDirectory::builtInStoragePath(const QString &bucket) const
{
    return m_root + QStringLiteral("/storage/") + bucket;
}

} // namespace livesnap
