#include "files/FileGridView.h"

#include "files/FileListModel.h"
#include "imaging/ImagePipeline.h"

namespace livesnap::ui {

namespace {
// Rows laid out per pass of the event loop (a few milliseconds each).
constexpr int LayoutBatch = 20000;
} // namespace

FileGridView::FileGridView(QWidget *parent)
    : QListView(parent)
{
    // List mode wrapping left to right is a grid whose layout keeps two ints a row, uniform
    // cells, laid out in batches; icon mode would keep an item and a tree node per row.
    setViewMode(QListView::ListMode);
    setMovement(QListView::Static);
    setResizeMode(QListView::Adjust);
    setFlow(QListView::LeftToRight);
    setWrapping(true);
    setUniformItemSizes(true);
    setLayoutMode(QListView::Batched);
    setBatchSize(LayoutBatch);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSpacing(0);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setDragEnabled(false);
    // After the view has settled: a burst of scroll steps costs one sweep.
    m_sweep.setSingleShot(true);
    m_sweep.setInterval(30);
    connect(&m_sweep, &QTimer::timeout, this, &FileGridView::sweep);
}

void FileGridView::setModel(QAbstractItemModel *model)
{
    if (QAbstractItemModel *old = this->model()) {
        disconnect(old, nullptr, this, nullptr);
    }
    QListView::setModel(model);
    if (!model) {
        return;
    }
    connect(model, &QAbstractItemModel::rowsInserted, this, &FileGridView::scheduleSweep);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &FileGridView::scheduleSweep);
    connect(model, &QAbstractItemModel::modelReset, this, &FileGridView::scheduleSweep);
    connect(model, &QAbstractItemModel::layoutChanged, this, &FileGridView::scheduleSweep);
}

void FileGridView::scrollTo(const QModelIndex &index, ScrollHint hint)
{
    if (index.isValid() && layoutMode() == QListView::Batched && visualRect(index).isEmpty()) {
        // Without a place QListView would not scroll at all; one pass lays out every row.
        setLayoutMode(QListView::SinglePass);
        doItemsLayout();
        setLayoutMode(QListView::Batched);
    }
    QListView::scrollTo(index, hint);
}

QModelIndex FileGridView::moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers)
{
    // QListView ends at the last row of its layout so far, which with a million rows laid out
    // in batches is not the last row yet.
    const QAbstractItemModel *m = model();
    if (m && m->rowCount() > 0 && (action == MoveEnd || action == MoveHome)) {
        return m->index(action == MoveEnd ? m->rowCount() - 1 : 0, 0);
    }
    return QListView::moveCursor(action, modifiers);
}

void FileGridView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                               const QList<int> &roles)
{
    // Uniform cells: new data never moves one. QListView would lay every row out again (in Qt
    // 6.4 any dataChanged does), which with a million rows is the page that just arrived
    // costing a whole layout, and the scroll position cut to what is laid out so far.
    QAbstractItemView::dataChanged(topLeft, bottomRight, roles);
}

void FileGridView::resizeEvent(QResizeEvent *event)
{
    QListView::resizeEvent(event);
    scheduleSweep();
}

void FileGridView::scrollContentsBy(int dx, int dy)
{
    QListView::scrollContentsBy(dx, dy);
    scheduleSweep();
}

void FileGridView::scheduleSweep()
{
    m_sweep.start();
}

QList<int> FileGridView::visibleRows() const
{
    QList<int> rows;
    const QAbstractItemModel *m = model();
    if (!m || m->rowCount() == 0 || !isVisible()) {
        return rows;
    }
    const QRect area = viewport()->rect();
    const int count = m->rowCount();
    // Cells flow left to right, top to bottom: their tops never decrease with the row, so the
    // first visible row is found by bisection and the rest follow it.
    int low = 0;
    int high = count;
    while (low < high) {
        const int mid = low + (high - low) / 2;
        if (visualRect(m->index(mid, 0)).bottom() < area.top()) {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    for (int row = low; row < count; ++row) {
        const QRect rect = visualRect(m->index(row, 0));
        if (rect.top() > area.bottom()) {
            break;
        }
        if (rect.intersects(area)) {
            rows << row;
        }
    }
    return rows;
}

QSet<QString> FileGridView::visibleKeys() const
{
    QSet<QString> keys;
    const QList<int> rows = visibleRows();
    for (int row : rows) {
        keys.insert(model()->index(row, 0).data(FileListModel::KeyRole).toString());
    }
    return keys;
}

void FileGridView::sweep()
{
    if (m_images && model()) {
        m_images->cancelAllExcept(visibleKeys(), model());
    }
}

} // namespace livesnap::ui
