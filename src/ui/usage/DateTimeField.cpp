#include "usage/DateTimeField.h"

#include <QEvent>
#include <QLineEdit>

namespace livesnap::ui {

DateTimeField::DateTimeField(QWidget *parent)
    : QDateTimeEdit(parent)
{
    lineEdit()->installEventFilter(this);
}

bool DateTimeField::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == lineEdit() && event->type() == QEvent::MouseButtonRelease) {
        // Once the line edit has placed its cursor (the current section follows it); a
        // selection the user dragged stays.
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (!lineEdit()->hasSelectedText() && currentSection() != NoSection) {
                    setSelectedSection(currentSection());
                }
            },
            Qt::QueuedConnection);
    }
    return QDateTimeEdit::eventFilter(watched, event);
}

} // namespace livesnap::ui
