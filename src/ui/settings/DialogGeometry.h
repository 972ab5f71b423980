#pragma once

#include <QString>

class QWidget;

namespace livesnap::ui {

// A dialog's window geometry, kept in QSettings under "<group>/geometry" so it reopens where
// the operator left it.
void restoreDialogGeometry(QWidget *dialog, const QString &group);
void saveDialogGeometry(const QWidget *dialog, const QString &group);

} // namespace livesnap::ui
