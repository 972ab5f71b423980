#pragma once

#include <QPointer>
#include <QSize>
#include <QStyledItemDelegate>

namespace livesnap::ui {

class ImagePipeline;

// Paints one cell of the file grid: the thumbnail (a placeholder while it loads, an error mark
// when it failed), the capture time, and a badge on the overwrite object. It asks the image
// pipeline for the thumbnails it paints, so only visible items are ever requested.
class ThumbnailDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    ThumbnailDelegate(ImagePipeline *images, QSize thumbnailSize, QObject *parent = nullptr);

    QSize thumbnailSize() const { return m_thumbnailSize; }
    // The grid cell this delegate paints into.
    QSize cellSize() const;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    void paintPlaceholder(QPainter *painter, const QRect &box, const QPalette &palette,
                          bool failed) const;

    QPointer<ImagePipeline> m_images;
    QSize m_thumbnailSize;
};

} // namespace livesnap::ui
