#pragma once

#include <QListView>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QTimer>

namespace livesnap::ui {

class ImagePipeline;

// The thumbnail grid: a wrapping QListView with uniform cells (a range of a million rows is laid
// out in batches, two ints a row) and multi-selection; the model reads the rows it paints. After
// every scroll, resize or change of rows it cancels the model's thumbnail requests of items that
// are no longer visible (the delegate requests the visible ones as it paints them, on the
// model's behalf; requests of other owners of a shared pipeline are left alone).
class FileGridView : public QListView {
    Q_OBJECT

public:
    explicit FileGridView(QWidget *parent = nullptr);

    void setImagePipeline(ImagePipeline *images) { m_images = images; }
    void setModel(QAbstractItemModel *model) override;
    // A row the batched layout has not reached yet is laid out first (End right after a job
    // was chosen goes to the oldest file, not nowhere).
    void scrollTo(const QModelIndex &index, ScrollHint hint = EnsureVisible) override;

    // Rows whose cells intersect the viewport.
    QList<int> visibleRows() const;
    QSet<QString> visibleKeys() const;

protected:
    // Home/End go to the first/last row of the whole range, laid out or not yet.
    QModelIndex moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers) override;
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles = QList<int>()) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    void scheduleSweep();
    void sweep();

    QPointer<ImagePipeline> m_images;
    QTimer m_sweep;
};

} // namespace livesnap::ui
