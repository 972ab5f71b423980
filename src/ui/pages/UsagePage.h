#pragma once

#include <QWidget>

namespace livesnap::ui {

// Usage: a placeholder until usage metering arrives.
class UsagePage : public QWidget {
    Q_OBJECT

public:
    explicit UsagePage(QWidget *parent = nullptr);
};

} // namespace livesnap::ui
