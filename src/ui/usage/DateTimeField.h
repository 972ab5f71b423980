#pragma once

#include <QDateTimeEdit>

namespace livesnap::ui {

// A QDateTimeEdit that digits can be typed into where it was clicked. A plain one puts the
// cursor inside the clicked section ("0|0"), where every digit makes the section too long and
// is refused, so typing did nothing; this one selects the clicked section, as Tab does, and a
// typed number replaces it.
class DateTimeField : public QDateTimeEdit {
    Q_OBJECT

public:
    explicit DateTimeField(QWidget *parent = nullptr);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
};

} // namespace livesnap::ui
