#include "jobs/JobText.h"

#include <QDir>

namespace livesnap::ui {

QString JobText::time(const QDateTime &time)
{
    if (!time.isValid()) {
        return QString();
    }
    return time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString JobText::location(const StorageLocation &location)
{
    if (location.storageType == storage::Local) {
        const QString text =
            location.builtIn ? tr("Local folder: %1 (default, %2)") : tr("Local folder: %1 (%2)");
        return text.arg(location.bucket, QDir::toNativeSeparators(location.path));
    }
    if (location.storageType == storage::Oss) {
        return tr("OSS: %1 @ %2").arg(location.bucket, location.endpoint);
    }
    if (location.storageType == storage::S3) {
        return tr("S3: %1 @ %2").arg(location.bucket, location.endpoint);
    }
    return output(location.output());
}

QString JobText::output(const SnapshotOutput &output)
{
    if (output.endpoint.isEmpty()) {
        return tr("%1: %2").arg(output.storageType, output.bucket);
    }
    return tr("%1: %2 @ %3").arg(output.storageType, output.bucket, output.endpoint);
}

} // namespace livesnap::ui
