#pragma once

#include <QWidget>

namespace livesnap::ui {

// File Management: a placeholder until the thumbnail browser arrives.
class FilePage : public QWidget {
    Q_OBJECT

public:
    explicit FilePage(QWidget *parent = nullptr);
};

} // namespace livesnap::ui
