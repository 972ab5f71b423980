#pragma once

#include <QListView>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QTimer>

namespace livesnap::ui {

class ImagePipeline;

// The thumbnail grid: a QListView in icon mode with uniform cells and multi-selection. After
// every scroll, resize or change of rows it cancels the model's thumbnail requests of items that
// are no longer visible (the delegate requests the visible ones as it paints them, on the
// model's behalf; requests of other owners of a shared pipeline are left alone).
class FileGridView : public QListView {
    Q_OBJECT

public:
    explicit FileGridView(QWidget *parent = nullptr);

    void setImagePipeline(ImagePipeline *images) { m_images = images; }
    void setModel(QAbstractItemModel *model) override;

    // Rows whose cells intersect the viewport.
    QList<int> visibleRows() const;
    QSet<QString> visibleKeys() const;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    void scheduleSweep();
    void sweep();
    // QAbstractItemView asks for more rows only when its geometry changes or the scroll bar
    // reaches its end; a page that added nothing, or rows that became fetchable again (new
    // snapshots), change neither. So after every page: while the last row is in sight, fetch.
    void fillViewport();

    QPointer<ImagePipeline> m_images;
    QTimer m_sweep;
    QTimer m_fill;
};

} // namespace livesnap::ui
