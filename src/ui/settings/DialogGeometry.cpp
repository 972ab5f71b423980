#include "settings/DialogGeometry.h"

#include <QSettings>
#include <QWidget>

namespace livesnap::ui {

namespace {
QString geometryKey(const QString &group)
{
    return group + QStringLiteral("/geometry");
}
} // namespace

void restoreDialogGeometry(QWidget *dialog, const QString &group)
{
    const QSettings settings;
    dialog->restoreGeometry(settings.value(geometryKey(group)).toByteArray());
}

void saveDialogGeometry(const QWidget *dialog, const QString &group)
{
    QSettings settings;
    settings.setValue(geometryKey(group), dialog->saveGeometry());
}

} // namespace livesnap::ui
