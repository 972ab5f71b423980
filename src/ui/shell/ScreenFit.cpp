#include "shell/ScreenFit.h"

#include <QGuiApplication>
#include <QScreen>
#include <QWidget>

#include <algorithm>

namespace livesnap::ui {

QRect fitIntoScreen(const QRect &window, const QRect &available)
{
    if (!available.isValid()) {
        return window;
    }
    QRect fitted = window;
    fitted.setWidth(std::min(window.width(), available.width()));
    fitted.setHeight(std::min(window.height(), available.height()));
    const int left = std::clamp(window.left(), available.left(),
                                available.left() + available.width() - fitted.width());
    const int top = std::clamp(window.top(), available.top(),
                               available.top() + available.height() - fitted.height());
    fitted.moveTo(left, top);
    return fitted;
}

void keepOnScreen(QWidget *window)
{
    if (window->isMaximized() || window->isFullScreen()) {
        return;
    }
    QScreen *screen = QGuiApplication::screenAt(window->geometry().center());
    if (!screen) {
        screen = QGuiApplication::primaryScreen();
    }
    if (!screen) {
        return;
    }
    // The frame (title bar, borders) must fit too: shrink the client area by their size.
    const QRect frame = window->frameGeometry();
    const QRect client = window->geometry();
    const int extraWidth = frame.width() - client.width();
    const int extraHeight = frame.height() - client.height();
    const QRect fitted = fitIntoScreen(frame, screen->availableGeometry());
    if (fitted == frame) {
        return;
    }
    window->resize(fitted.width() - extraWidth, fitted.height() - extraHeight);
    window->move(fitted.topLeft());
}

} // namespace livesnap::ui
