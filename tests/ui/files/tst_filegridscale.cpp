#include "BulkFiles.h"
#include "FileTestSupport.h"
#include "files/FileGridView.h"
#include "files/FileListModel.h"
#include "files/ThumbnailDelegate.h"

#include <QElapsedTimer>
#include <QScrollBar>
#include <QTemporaryDir>

using namespace livesnap;
using namespace livesnap::ui;
using namespace livesnap::uitest;

// The grid's model over 100,000 files of one job in a real catalog: counted at once, read by
// position, a bounded number of rows held.
class TestFileGridScale : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void wholeRangeAtOnceWithBoundedRows();
    void gridKeepsItsPlaceWhilePagesArrive();

private:
    static constexpr int Files = 100000;
    static constexpr int Capacity = 1000;
    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_host;
    QString m_jobId;
    qint64 m_firstMs = 0;
};

void TestFileGridScale::initTestCase()
{
    QVERIFY(m_dir.isValid());
    LIVESNAP_START_HOST(m_host, m_dir.path());
    m_jobId = submitLocalJob(*m_host, QStringLiteral("big"));
    QVERIFY(!m_jobId.isEmpty());
    m_firstMs = QDateTime::currentMSecsSinceEpoch() - qint64(Files) * 1000 - 3600 * 1000;
    const QString error = insertBulkFiles(*m_host, m_jobId, Files, m_firstMs);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestFileGridScale::cleanupTestCase()
{
    m_host.reset();
}

void TestFileGridScale::wholeRangeAtOnceWithBoundedRows()
{
    FileListModel model(*m_host);
    model.setCacheCapacity(Capacity);
    model.setQuery(m_jobId, QDateTime(), QDateTime(), true);
    QTRY_COMPARE(model.totalCount(), qint64(Files));
    QCOMPARE(model.rowCount(), Files); // the scroll bar spans the whole range
    QVERIFY(model.loadedRowCount() <= 100);
    QVERIFY(model.isRowLoaded(0));
    QCOMPARE(model.entryAt(0).file.createTimestamp, m_firstMs + qint64(Files - 1) * 1000);

    // Jumping to the last row reads only its page: the oldest file.
    QElapsedTimer jump;
    jump.start();
    QVERIFY(!model.index(Files - 1).data(FileListModel::LoadedRole).toBool());
    QTRY_VERIFY(model.isRowLoaded(Files - 1));
    qInfo("the oldest of %d rows read in %lld ms", Files, jump.elapsed());
    QVERIFY(jump.elapsed() < 1000);
    QCOMPARE(model.entryAt(Files - 1).file.createTimestamp, m_firstMs);
    QCOMPARE(model.entryAt(Files - 1).file.sequence, qint64(1));
    QVERIFY(model.loadedRowCount() <= 200);

    // Through the range, newest to oldest: each row where it belongs, the cache bounded.
    for (int row = 0; row < Files; row += 2500) {
        QVERIFY(model.index(row).data().isNull() || model.isRowLoaded(row));
        QTRY_VERIFY(model.isRowLoaded(row));
        QCOMPARE(model.entryAt(row).file.createTimestamp,
                 m_firstMs + qint64(Files - 1 - row) * 1000);
        QCOMPARE(model.rowOfKey(FileListModel::keyOf(model.entryAt(row).file)), row);
        QVERIFY2(model.loadedRowCount() <= Capacity,
                 qPrintable(QString::number(model.loadedRowCount())));
    }
    QVERIFY(model.isRowLoaded(0)); // the first page stays
}

// The real grid over the same range: a page arriving (dataChanged) does not lay the rows out
// again, so a view scrolled to the end stays there (Qt 6.4's QListView re-lays out every row in
// batches on any dataChanged, and the scroll position was cut to the first batch); End goes to
// the oldest file.
void TestFileGridScale::gridKeepsItsPlaceWhilePagesArrive()
{
    FileListModel model(*m_host);
    model.setCacheCapacity(Capacity);
    FileGridView grid;
    grid.setModel(&model);
    ThumbnailDelegate delegate(nullptr, QSize(160, 90)); // no thumbnails asked for
    grid.setItemDelegate(&delegate);
    grid.setGridSize(delegate.cellSize()); // as the Files page does
    grid.resize(800, 600);
    grid.show();
    QVERIFY(QTest::qWaitForWindowExposed(&grid));
    model.setQuery(m_jobId, QDateTime(), QDateTime(), true);
    QTRY_COMPARE(model.totalCount(), qint64(Files));
    const QModelIndex last = model.index(Files - 1);
    QTRY_VERIFY(!grid.visualRect(last).isEmpty()); // every row laid out

    QScrollBar *bar = grid.verticalScrollBar();
    bar->setValue(bar->maximum());
    QTRY_VERIFY(model.isRowLoaded(Files - 1)); // its page arrived: a dataChanged
    QTRY_VERIFY(grid.visibleRows().contains(Files - 1));
    QTest::qWait(200); // a relayout would have started by now
    QCOMPARE(bar->value(), bar->maximum());
    QVERIFY(grid.visibleRows().contains(Files - 1));

    // Home and End: the whole range, wherever the layout is.
    bar->setValue(0);
    grid.setCurrentIndex(model.index(0));
    QTest::keyClick(&grid, Qt::Key_End);
    QCOMPARE(grid.currentIndex().row(), Files - 1);
    QTRY_VERIFY(grid.visibleRows().contains(Files - 1));
    QTest::keyClick(&grid, Qt::Key_Home);
    QCOMPARE(grid.currentIndex().row(), 0);
    QTRY_VERIFY(grid.visibleRows().contains(0));
    // End before the batched layout has reached the last row (as right after a refresh: a
    // new layout has done only its first batch) still shows the oldest file.
    bar->setValue(0);
    grid.doItemsLayout();
    QVERIFY(grid.visualRect(model.index(Files - 1)).isEmpty());
    grid.setCurrentIndex(model.index(0));
    QTest::keyClick(&grid, Qt::Key_End);
    QCOMPARE(grid.currentIndex().row(), Files - 1);
    QTRY_VERIFY(grid.visibleRows().contains(Files - 1));
    QVERIFY(bar->value() > 0);
}

QTEST_MAIN(TestFileGridScale)
#include "tst_filegridscale.moc"
