#pragma once

#include <QListView>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QTimer>

namespace livesnap::ui {

class ThumbnailLoader;

// The thumbnail grid: a QListView in icon mode with uniform cells and multi-selection. After
// every scroll, resize or change of rows it cancels the thumbnail requests of items that are no
// longer visible (the delegate requests the visible ones as it paints them).
class FileGridView : public QListView {
    Q_OBJECT

public:
    explicit FileGridView(QWidget *parent = nullptr);

    void setThumbnailLoader(ThumbnailLoader *loader) { m_loader = loader; }
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

    QPointer<ThumbnailLoader> m_loader;
    QTimer m_sweep;
};

} // namespace livesnap::ui
