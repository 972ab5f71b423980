#include "files/ThumbnailDelegate.h"

#include "files/FileListModel.h"
#include "imaging/ImagePipeline.h"

#include <QApplication>
#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>

namespace livesnap::ui {

namespace {
constexpr int Margin = 6;
constexpr int TextGap = 4;
} // namespace

ThumbnailDelegate::ThumbnailDelegate(ImagePipeline *images, QSize thumbnailSize, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_images(images)
    , m_thumbnailSize(thumbnailSize)
{}

QSize ThumbnailDelegate::cellSize() const
{
    const QFontMetrics metrics(QApplication::font());
    return {m_thumbnailSize.width() + 2 * Margin,
            m_thumbnailSize.height() + 2 * Margin + TextGap + metrics.height()};
}

QSize ThumbnailDelegate::sizeHint(const QStyleOptionViewItem &option,
                                  const QModelIndex &index) const
{
    Q_UNUSED(index)
    return {m_thumbnailSize.width() + 2 * Margin,
            m_thumbnailSize.height() + 2 * Margin + TextGap + option.fontMetrics.height()};
}

void ThumbnailDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    // The cell's background is ours too: a style's item panel highlights where it would put
    // the text of an icon-mode item, not where ours is, and the text drawn in HighlightedText
    // then vanished on the plain background. Selected cells are filled with Highlight whether
    // or not the grid has the focus, so what is about to be deleted stays plain to see.
    const bool selected = opt.state.testFlag(QStyle::State_Selected);
    const bool hovered = opt.state.testFlag(QStyle::State_MouseOver);
    if (selected || hovered) {
        QColor fill = opt.palette.color(QPalette::Active, QPalette::Highlight);
        if (!selected) {
            fill.setAlpha(50);
        }
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(fill);
        painter->drawRoundedRect(QRectF(opt.rect).adjusted(1.5, 1.5, -1.5, -1.5), 4, 4);
        painter->restore();
    }

    const QRect box(opt.rect.left() + (opt.rect.width() - m_thumbnailSize.width()) / 2,
                    opt.rect.top() + Margin, m_thumbnailSize.width(), m_thumbnailSize.height());
    const auto state =
        static_cast<ImagePipeline::State>(index.data(FileListModel::ThumbnailStateRole).toInt());
    if (state == ImagePipeline::State::None && m_images) {
        // The view paints only what is visible, so this requests exactly the visible items, on
        // the model's behalf (FileGridView cancels the model's requests that scrolled away).
        m_images->request(index.data(FileListModel::KeyRole).toString(),
                          index.data(FileListModel::SourceRole).value<ImageSource>(),
                          m_thumbnailSize, index.model());
    }

    painter->save();
    const QImage image = state == ImagePipeline::State::Ready
                             ? index.data(FileListModel::ThumbnailRole).value<QImage>()
                             : QImage();
    if (!image.isNull()) {
        const QSize fitted = image.size().scaled(box.size(), Qt::KeepAspectRatio);
        const QRect target(box.left() + (box.width() - fitted.width()) / 2,
                           box.top() + (box.height() - fitted.height()) / 2, fitted.width(),
                           fitted.height());
        painter->setRenderHint(QPainter::SmoothPixmapTransform);
        painter->drawImage(target, image);
    } else {
        paintPlaceholder(painter, box, opt.palette, state == ImagePipeline::State::Failed);
    }

    if (index.data(FileListModel::IsOverlayRole).toBool()) {
        const QString badge = tr("Overwrite");
        const QFontMetrics metrics(opt.font);
        const QRect badgeRect(box.left() + 3, box.top() + 3, metrics.horizontalAdvance(badge) + 8,
                              metrics.height() + 2);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0, 0, 0, 160));
        painter->drawRoundedRect(badgeRect, 3, 3);
        painter->setPen(Qt::white);
        painter->drawText(badgeRect, Qt::AlignCenter, badge);
    }

    const QRect textRect(opt.rect.left() + Margin, box.bottom() + 1 + TextGap,
                         opt.rect.width() - 2 * Margin, opt.fontMetrics.height());
    painter->setPen(
        opt.palette.color(QPalette::Active, selected ? QPalette::HighlightedText : QPalette::Text));
    painter->setFont(opt.font);
    painter->drawText(textRect, Qt::AlignHCenter | Qt::AlignVCenter,
                      opt.fontMetrics.elidedText(opt.text, Qt::ElideRight, textRect.width()));
    painter->restore();
}

void ThumbnailDelegate::paintPlaceholder(QPainter *painter, const QRect &box,
                                         const QPalette &palette, bool failed) const
{
    painter->setPen(Qt::NoPen);
    painter->setBrush(palette.color(QPalette::Mid).lighter(130));
    painter->drawRect(box);
    if (!failed) {
        // Three dots: loading.
        painter->setBrush(palette.color(QPalette::Dark));
        const int r = 3;
        for (int i = -1; i <= 1; ++i) {
            painter->drawEllipse(box.center() + QPoint(i * 4 * r, 0), r, r);
        }
        return;
    }
    // A red circle with a cross: this snapshot could not be read.
    const int d = qMin(box.width(), box.height()) / 2;
    const QRect mark(box.center().x() - d / 2, box.center().y() - d / 2, d, d);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setBrush(QColor(200, 40, 40));
    painter->drawEllipse(mark);
    QPen pen(Qt::white);
    pen.setWidth(qMax(2, d / 8));
    pen.setCapStyle(Qt::RoundCap);
    painter->setPen(pen);
    const int inset = d / 4;
    const QRect cross = mark.adjusted(inset, inset, -inset, -inset);
    painter->drawLine(cross.topLeft(), cross.bottomRight());
    painter->drawLine(cross.topRight(), cross.bottomLeft());
}

} // namespace livesnap::ui
