#pragma once

#include <QString>

class QLabel;
class QWidget;

namespace livesnap::ui {

// Form pieces of the template and submit-job dialogs: a red, selectable error line (hidden until it
// has something to say), a grey hint, and a field with its error line underneath as one cell of a
// form.
QLabel *errorLabel(const QString &objectName, QWidget *parent);
QLabel *hintLabel(const QString &text, QWidget *parent);
QWidget *withError(QWidget *field, QLabel *error, QWidget *parent);

} // namespace livesnap::ui
