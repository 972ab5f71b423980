#pragma once

#include <QRect>

class QWidget;

namespace livesnap::ui {

// A window rectangle moved and shrunk to lie inside the available screen area (a geometry
// saved on a bigger screen, or a screen that is gone, must not open the window off-screen or
// larger than the screen).
QRect fitIntoScreen(const QRect &window, const QRect &available);

// Applies fitIntoScreen to a top-level widget's frame on the screen it is on (or the primary).
void keepOnScreen(QWidget *window);

} // namespace livesnap::ui
