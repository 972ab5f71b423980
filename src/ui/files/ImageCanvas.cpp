#include "files/ImageCanvas.h"

#include <QPainter>

namespace livesnap::ui {

ImageCanvas::ImageCanvas(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setMinimumSize(160, 90);
}

void ImageCanvas::setImage(const QImage &image)
{
    m_pixmap = QPixmap::fromImage(image);
    m_message.clear();
    update();
}

void ImageCanvas::setMessage(const QString &message)
{
    m_pixmap = QPixmap();
    m_message = message;
    update();
}

QSize ImageCanvas::sizeHint() const
{
    return {800, 450};
}

void ImageCanvas::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event)
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Dark));
    if (m_pixmap.isNull()) {
        painter.setPen(palette().color(QPalette::BrightText));
        painter.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap,
                         m_message);
        return;
    }
    QSize fitted = m_pixmap.size();
    if (fitted.width() > width() || fitted.height() > height()) {
        fitted.scale(size(), Qt::KeepAspectRatio);
    }
    const QRect target((width() - fitted.width()) / 2, (height() - fitted.height()) / 2,
                       fitted.width(), fitted.height());
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawPixmap(target, m_pixmap);
}

} // namespace livesnap::ui
