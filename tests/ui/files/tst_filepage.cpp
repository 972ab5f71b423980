#include "FileTestSupport.h"
#include "files/DeleteFilesDialog.h"
#include "files/FileDeleter.h"
#include "files/FileGridView.h"
#include "files/FileListModel.h"
#include "files/ImageCanvas.h"
#include "files/SnapshotViewer.h"
#include "files/ZonedTime.h"
#include "imaging/ImagePipeline.h"
#include "pages/FilePage.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDesktopServices>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace livesnap;
using namespace livesnap::ui;
using namespace livesnap::uitest;

namespace {
constexpr int SnapshotCount = 150;
const QSize JpegSize(640, 360);
const QString BadObject = QStringLiteral("snapshot/../outside.jpg");

// Receives what QDesktopServices would hand to the desktop.
class UrlCatcher : public QObject {
    Q_OBJECT

public:
    QList<QUrl> urls;

public slots:
    void open(const QUrl &url) { urls << url; }
};
} // namespace

class TestFilePage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void listsJobsAndCountsFiles();
    void requestsOnlyVisibleThumbnails();
    void scrollingCancelsRequestsOfHiddenItems();
    void unresolvableObjectShowsErrorState();
    void viewerStepsThroughTheModel();
    void viewerCopiesSignedLink();
    void viewerOpensContainingFolder();
    void deleteRemovesRecordsAndKeepsFiles();
    void deleteAlsoRemovesStoredObjects();
    void deleterWorksInBatchesAndStopsWhenCancelled();
    void deleteReportsPerFileFailures();
    void openRangeTakesNewSnapshotsUntilEndIsSet();
    void gridOfAJobChosenEmptyFollowsNewSnapshots();
    void showJobSelectsAJobListedLater();
    void selectedThumbnailKeepsTextAndIsHighlighted();
    void timesSayTheirZone();
    void typingIntoTheToFieldWorks();

private:
    QDateTime timeOf(int index) const
    {
        return QDateTime::fromMSecsSinceEpoch(m_firstMs + qint64(index) * 5000);
    }
    QString pathOf(const QString &object) const
    {
        return QDir::cleanPath(defaultRoot(*m_host) + QLatin1Char('/') + object);
    }
    void selectJob(ui::FilePage &page, const QString &jobId);
    void clickRows(const QList<int> &rows);
    DeleteFilesDialog *confirmDialog();
    QSet<qint64> listedTimestamps();

    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_host;
    std::unique_ptr<ui::FilePage> m_page;
    QString m_jobId;
    QString m_otherJobId;
    qint64 m_firstMs = 0;
    QByteArray m_jpeg;
};

void TestFilePage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    LIVESNAP_START_HOST(m_host, m_dir.path());
    m_otherJobId = submitLocalJob(*m_host, QStringLiteral("empty"));
    m_jobId = submitLocalJob(*m_host, QStringLiteral("cam"));
    QVERIFY(!m_jobId.isEmpty() && !m_otherJobId.isEmpty());
    m_firstMs = QDateTime::currentMSecsSinceEpoch() - qint64(SnapshotCount) * 5000 - 600 * 1000;
    m_jpeg = makeJpeg(JpegSize);
    const QString error =
        recordSnapshots(*m_host, m_jobId, SnapshotCount, m_firstMs, m_jpeg, true, JpegSize);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // An object whose key would leave the storage folder: it can be neither shown nor deleted.
    const auto bad = callEngine(*m_host, [this](SnapshotService &s) {
        SnapshotFile file;
        file.jobId = m_jobId;
        file.ossBucket = QStringLiteral("default");
        file.ossObject = BadObject;
        file.createTimestamp = m_firstMs - 60 * 1000;
        file.sequence = 1000;
        return s.recordSnapshot({file}, schema::DefaultLocationId).ok();
    });
    QVERIFY(bad && *bad);

    m_page = std::make_unique<ui::FilePage>(*m_host);
    m_page->resize(900, 600);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void TestFilePage::cleanupTestCase()
{
    m_page.reset();
    m_host.reset();
}

void TestFilePage::selectJob(ui::FilePage &page, const QString &jobId)
{
    auto *combo = page.findChild<QComboBox *>(QStringLiteral("fileJobCombo"));
    QVERIFY(combo);
    QTRY_VERIFY(combo->findData(jobId) >= 0);
    combo->setCurrentIndex(combo->findData(jobId));
    QCOMPARE(page.currentJobId(), jobId);
    QTRY_VERIFY(page.model()->rowCount() > 0);
}

void TestFilePage::clickRows(const QList<int> &rows)
{
    FileGridView *view = m_page->view();
    view->clearSelection();
    for (int row : rows) {
        const QModelIndex index = m_page->model()->index(row);
        view->scrollTo(index);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::ControlModifier,
                          view->visualRect(index).center());
    }
    QCOMPARE(view->selectionModel()->selectedIndexes().size(), rows.size());
}

DeleteFilesDialog *TestFilePage::confirmDialog()
{
    auto *button = m_page->findChild<QPushButton *>(QStringLiteral("fileDeleteButton"));
    if (!button || !button->isEnabled()) {
        return nullptr;
    }
    QTest::mouseClick(button, Qt::LeftButton);
    DeleteFilesDialog *dialog = nullptr;
    const bool shown = QTest::qWaitFor([&] {
        dialog = m_page->findChild<DeleteFilesDialog *>();
        return dialog && dialog->isVisible();
    });
    return shown ? dialog : nullptr;
}

QSet<qint64> TestFilePage::listedTimestamps()
{
    QSet<qint64> timestamps;
    for (const SnapshotFile &file : listAll(*m_host, m_jobId)) {
        timestamps.insert(file.createTimestamp);
    }
    return timestamps;
}

void TestFilePage::listsJobsAndCountsFiles()
{
    auto *combo = m_page->findChild<QComboBox *>(QStringLiteral("fileJobCombo"));
    QVERIFY(combo);
    QTRY_COMPARE(combo->count(), 2);
    QCOMPARE(combo->itemText(combo->findData(m_jobId)), QStringLiteral("cam"));
    auto *count = m_page->findChild<QLabel *>(QStringLiteral("fileCount"));
    QVERIFY(count);

    combo->setCurrentIndex(combo->findData(m_otherJobId));
    QTRY_COMPARE(m_page->model()->totalCount(), qint64(0));
    QCOMPARE(m_page->model()->rowCount(), 0);
    QCOMPARE(count->text(), QStringLiteral("Snapshots: 0"));

    selectJob(*m_page, m_jobId);
    // 150 real-time objects, the overwrite object and the bad one: all rows at once (the scroll
    // bar spans them), but the grid holds only the pages it showed.
    const int total = SnapshotCount + 2;
    QTRY_COMPARE(m_page->model()->totalCount(), qint64(total));
    QCOMPARE(m_page->model()->rowCount(), total);
    QVERIFY(m_page->model()->loadedRowCount() < total);
    QTRY_COMPARE(count->text(), QStringLiteral("Snapshots: %1").arg(total));
}

void TestFilePage::requestsOnlyVisibleThumbnails()
{
    FileGridView *view = m_page->view();
    ImagePipeline *loader = m_page->imagePipeline();
    QTRY_VERIFY(!view->visibleRows().isEmpty());
    const QList<int> visible = view->visibleRows();
    FileListModel *model = m_page->model();
    QVERIFY(visible.size() < model->rowCount());
    auto stateOf = [model](int row) {
        return static_cast<ImagePipeline::State>(
            model->index(row).data(FileListModel::ThumbnailStateRole).toInt());
    };
    for (int row : visible) {
        QTRY_COMPARE(stateOf(row), ImagePipeline::State::Ready);
    }
    // 640x360 at 160x90: 1/4.
    QCOMPARE(
        model->index(visible.first()).data(FileListModel::ThumbnailRole).value<QImage>().size(),
        QSize(160, 90));
    for (int row = visible.last() + 1; row < model->rowCount(); ++row) {
        if (model->isRowLoaded(row)) { // rows not read yet are not asked for (that reads them)
            QCOMPARE(stateOf(row), ImagePipeline::State::None);
        }
    }
    QVERIFY2(loader->statistics().requests <= visible.size() + 8,
             qPrintable(QStringLiteral("%1 requests for %2 visible")
                            .arg(loader->statistics().requests)
                            .arg(visible.size())));
}

void TestFilePage::scrollingCancelsRequestsOfHiddenItems()
{
    ui::FilePage page(*m_host);
    ImagePipeline *loader = page.imagePipeline();
    loader->setMaxThreads(1);
    PoolBlocker blocker(loader->threadPool()); // every request waits in the queue
    page.resize(900, 600);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    selectJob(page, m_jobId);

    auto pending = [loader] {
        const QStringList keys = loader->pendingKeys();
        return QSet<QString>(keys.cbegin(), keys.cend());
    };
    // The visible items are requested, nothing else.
    QTRY_VERIFY(!page.view()->visibleKeys().isEmpty());
    QTRY_COMPARE(pending(), page.view()->visibleKeys());
    const QSet<QString> first = pending();

    page.view()->scrollToBottom();
    QTRY_VERIFY(!pending().isEmpty() && !pending().intersects(first));
    QTRY_COMPARE(pending(), page.view()->visibleKeys());
    // The hidden items' requests were taken back before they started.
    QVERIFY(loader->statistics().takenBack >= first.size());
    QCOMPARE(loader->statistics().decodes, 0);

    blocker.release();
    const QSet<QString> second = pending();
    QTRY_VERIFY(loader->pendingKeys().isEmpty());
    // The scroll bar spans the whole range: its bottom shows the oldest, the bad object too.
    for (const QString &key : second) {
        QCOMPARE(loader->state(key), key.contains(BadObject) ? ImagePipeline::State::Failed
                                                             : ImagePipeline::State::Ready);
    }
    for (const QString &key : first) {
        QVERIFY(loader->state(key) != ImagePipeline::State::Ready);
    }
    // The bad object is refused a link, so it is never decoded.
    const auto refused = std::count_if(second.cbegin(), second.cend(),
                                       [](const QString &key) { return key.contains(BadObject); });
    QCOMPARE(loader->statistics().decodes, second.size() - refused);
}

void TestFilePage::unresolvableObjectShowsErrorState()
{
    FileListModel *model = m_page->model();
    while (model->canFetchMore()) {
        model->fetchMore();
        QTRY_VERIFY(!model->isLoading());
    }
    QCOMPARE(model->rowCount(), SnapshotCount + 2);
    const int last = model->rowCount() - 1; // newest first: the bad object is the oldest
    QCOMPARE(model->index(last).data(FileListModel::ObjectRole).toString(), BadObject);
    m_page->view()->scrollToBottom();
    // The engine refuses to link it; that answer comes back asynchronously.
    QTRY_COMPARE(model->index(last).data(FileListModel::ThumbnailStateRole).toInt(),
                 int(ImagePipeline::State::Failed));
    const QString error = model->index(last).data(FileListModel::ThumbnailErrorRole).toString();
    QVERIFY2(error.contains(QStringLiteral("leave the storage folder")), qPrintable(error));
    // Its neighbour is an ordinary snapshot and loads.
    QTRY_COMPARE(model->index(last - 1).data(FileListModel::ThumbnailStateRole).toInt(),
                 int(ImagePipeline::State::Ready));
    m_page->view()->scrollToTop();
}

void TestFilePage::viewerStepsThroughTheModel()
{
    FileListModel *model = m_page->model();
    FileGridView *view = m_page->view();
    QTRY_VERIFY(model->rowCount() > 3);
    const QModelIndex third = model->index(2);
    view->scrollTo(third);
    QTRY_VERIFY(view->visualRect(third).isValid());
    // Click the snapshot, then Return (the keyboard's double-click) opens it.
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(third).center());
    QCOMPARE(view->currentIndex(), third);
    QTest::keyClick(view, Qt::Key_Return);
    SnapshotViewer *viewer = m_page->viewer();
    QVERIFY(viewer);
    QTRY_VERIFY(viewer->isVisible());
    QCOMPARE(viewer->currentRow(), 2);
    QVERIFY(QTest::qWaitForWindowActive(viewer));
    QTRY_VERIFY(viewer->canvas()->hasImage());
    // Decoded at the screen's size at most: a 640x360 snapshot stays 640x360.
    QCOMPARE(viewer->canvas()->imageSize(), JpegSize);

    auto *sequence = viewer->findChild<QLabel *>(QStringLiteral("viewerSequence"));
    auto *object = viewer->findChild<QLabel *>(QStringLiteral("viewerObject"));
    QVERIFY(sequence && object);
    auto shownRowMatches = [&](int row) {
        return sequence->text() ==
                   QString::number(
                       model->index(row).data(FileListModel::SequenceRole).toLongLong()) &&
               object->text() == model->index(row).data(FileListModel::ObjectRole).toString();
    };
    QVERIFY(shownRowMatches(2));

    QTest::keyClick(viewer, Qt::Key_Right);
    QCOMPARE(viewer->currentRow(), 3);
    QVERIFY(shownRowMatches(3));
    QTRY_VERIFY(viewer->canvas()->hasImage());
    QCOMPARE(view->currentIndex().row(), 3); // the grid follows

    auto *previous = viewer->findChild<QPushButton *>(QStringLiteral("previousButton"));
    QVERIFY(previous);
    QTest::keyClick(viewer, Qt::Key_Left);
    QTest::keyClick(viewer, Qt::Key_Left);
    QTest::mouseClick(previous, Qt::LeftButton);
    QCOMPARE(viewer->currentRow(), 0);
    QVERIFY(shownRowMatches(0));
    QVERIFY(!previous->isEnabled());
    QTest::keyClick(viewer, Qt::Key_Left);
    QCOMPARE(viewer->currentRow(), 0);
    auto *kind = viewer->findChild<QLabel *>(QStringLiteral("viewerKind"));
    QVERIFY(kind && kind->text().startsWith(QStringLiteral("Overwrite")));
}

void TestFilePage::viewerCopiesSignedLink()
{
    SnapshotViewer *viewer = m_page->viewer();
    QVERIFY(viewer);
    QTest::keyClick(viewer, Qt::Key_Right);
    QCOMPARE(viewer->currentRow(), 1);
    const FileEntry entry = m_page->model()->entryAt(1);
    auto *copy = viewer->findChild<QPushButton *>(QStringLiteral("copyLinkButton"));
    QVERIFY(copy && copy->isEnabled());
    QSignalSpy copied(viewer, &SnapshotViewer::linkCopied);
    QTest::mouseClick(copy, Qt::LeftButton);
    QTRY_COMPARE(copied.size(), 1);
    const QUrl url = copied.at(0).at(0).toUrl();
    const QDateTime expires = copied.at(0).at(1).toDateTime();
    QCOMPARE(QApplication::clipboard()->text(), url.toString());
    QCOMPARE(url.host(), QStringLiteral("127.0.0.1"));
    const qint64 lifetime = QDateTime::currentDateTime().secsTo(expires);
    // 30 minutes, as README and livesnapctl say.
    QVERIFY2(lifetime > 30 * 60 - 60 && lifetime <= 30 * 60, qPrintable(QString::number(lifetime)));
    auto *status = viewer->findChild<QLabel *>(QStringLiteral("viewerLinkStatus"));
    QVERIFY(status);
    QVERIFY2(
        status->text().contains(expires.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
        qPrintable(status->text()));

    // The link really serves this snapshot.
    QNetworkAccessManager network;
    QNetworkReply *reply = network.get(QNetworkRequest(url));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QFile file(pathOf(entry.file.ossObject));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(reply->readAll(), file.readAll());
    reply->deleteLater();
}

void TestFilePage::viewerOpensContainingFolder()
{
    SnapshotViewer *viewer = m_page->viewer();
    QVERIFY(viewer);
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(QStringLiteral("file"), &catcher, "open");
    auto *open = viewer->findChild<QPushButton *>(QStringLiteral("openFolderButton"));
    QVERIFY(open);
    const FileEntry &shown = m_page->model()->entryAt(viewer->currentRow());
    // The engine names the local file (through the pipeline's link); then the folder opens.
    QTRY_VERIFY(open->isEnabled());
    auto *location = viewer->findChild<QLabel *>(QStringLiteral("viewerLocation"));
    QVERIFY(location);
    QCOMPARE(location->text(), pathOf(shown.file.ossObject));
    QTest::mouseClick(open, Qt::LeftButton);
    QDesktopServices::unsetUrlHandler(QStringLiteral("file"));
    QCOMPARE(catcher.urls.size(), 1);
    QCOMPARE(catcher.urls.at(0),
             QUrl::fromLocalFile(QFileInfo(pathOf(shown.file.ossObject)).absolutePath()));
    viewer->close();
    QTRY_VERIFY(!m_page->viewer());
}

void TestFilePage::deleteRemovesRecordsAndKeepsFiles()
{
    FileListModel *model = m_page->model();
    const QList<int> rows{3, 5, 6};
    QList<qint64> timestamps;
    QStringList paths;
    for (int row : rows) {
        timestamps << model->index(row).data(FileListModel::CreateTimestampRole).toLongLong();
        paths << pathOf(model->entryAt(row).file.ossObject);
        QVERIFY(!model->index(row).data(FileListModel::IsOverlayRole).toBool());
    }
    const int before = model->rowCount();
    clickRows(rows);
    DeleteFilesDialog *dialog = confirmDialog();
    QVERIFY(dialog);
    auto *text = dialog->findChild<QLabel *>(QStringLiteral("deleteFilesText"));
    QVERIFY(text && text->text().contains(QStringLiteral("Delete 3 snapshot")));
    QVERIFY(!dialog->deleteObjectsBox()->isChecked());
    QSignalSpy finished(m_page.get(), &ui::FilePage::deleteFinished);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("confirmDeleteButton")),
                      Qt::LeftButton);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(0).toInt(), 3);
    QVERIFY(finished.at(0).at(1).toStringList().isEmpty());

    QCOMPARE(model->rowCount(), before - 3);
    const QSet<qint64> listed = listedTimestamps();
    for (int i = 0; i < timestamps.size(); ++i) {
        QVERIFY(!listed.contains(timestamps.at(i)));
        QVERIFY(QFileInfo::exists(paths.at(i))); // only the records went
        for (int row = 0; row < model->rowCount(); ++row) {
            QVERIFY(model->index(row).data(FileListModel::CreateTimestampRole).toLongLong() !=
                    timestamps.at(i));
        }
    }
    QTRY_COMPARE(model->totalCount(), qint64(SnapshotCount + 2 - 3));
}

void TestFilePage::deleteAlsoRemovesStoredObjects()
{
    m_page->setDeleteBatchSize(2);
    FileListModel *model = m_page->model();
    // Row 0 is the overwrite object: its real-time twin (row 1) shares its capture time.
    QVERIFY(model->index(0).data(FileListModel::IsOverlayRole).toBool());
    const QList<int> rows{0, 2, 3, 4, 7};
    QSet<qint64> timestamps;
    QStringList paths{pathOf(model->entryAt(1).file.ossObject)};
    for (int row : rows) {
        timestamps.insert(model->index(row).data(FileListModel::CreateTimestampRole).toLongLong());
        paths << pathOf(model->entryAt(row).file.ossObject);
    }
    QCOMPARE(model->index(1).data(FileListModel::CreateTimestampRole).toLongLong(),
             model->index(0).data(FileListModel::CreateTimestampRole).toLongLong());
    const int before = model->rowCount();
    clickRows(rows);
    DeleteFilesDialog *dialog = confirmDialog();
    QVERIFY(dialog);
    auto *text = dialog->findChild<QLabel *>(QStringLiteral("deleteFilesText"));
    QVERIFY(text && text->text().contains(QStringLiteral("overwrite object")));
    QTest::mouseClick(dialog->deleteObjectsBox(), Qt::LeftButton);
    QVERIFY(dialog->deleteStoredObjects());
    QSignalSpy finished(m_page.get(), &ui::FilePage::deleteFinished);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("confirmDeleteButton")),
                      Qt::LeftButton);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(0).toInt(), 5);
    QVERIFY(finished.at(0).at(1).toStringList().isEmpty());

    QCOMPARE(model->rowCount(), before - 6); // the twin went with the overwrite object
    const QSet<qint64> listed = listedTimestamps();
    QVERIFY(!listed.intersects(timestamps));
    for (const QString &path : std::as_const(paths)) {
        QVERIFY2(!QFileInfo::exists(path), qPrintable(path));
    }
    QTRY_VERIFY(!m_page->findChild<QWidget *>(QStringLiteral("deleteProgress")));
}

void TestFilePage::deleterWorksInBatchesAndStopsWhenCancelled()
{
    FileListModel *model = m_page->model();
    QList<qint64> timestamps;
    for (int row = 10; row < 15; ++row) {
        timestamps << model->index(row).data(FileListModel::CreateTimestampRole).toLongLong();
    }
    {
        FileDeleter deleter(*m_host, m_jobId, timestamps.mid(0, 3), false);
        deleter.setBatchSize(2);
        QSignalSpy batches(&deleter, &FileDeleter::batchDeleted);
        QSignalSpy progress(&deleter, &FileDeleter::progressed);
        QSignalSpy finished(&deleter, &FileDeleter::finished);
        deleter.start();
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(batches.size(), 2);
        QCOMPARE(progress.size(), 2);
        QCOMPARE(progress.at(0).at(0).toInt(), 2);
        QCOMPARE(progress.at(1).at(0).toInt(), 3);
        QCOMPARE(finished.at(0).at(0).value<QList<qint64>>(), timestamps.mid(0, 3));
        QCOMPARE(finished.at(0).at(2).toBool(), false);
    }
    {
        // Cancelled after the first batch: the rest stays.
        FileDeleter deleter(*m_host, m_jobId, timestamps.mid(3), false);
        deleter.setBatchSize(1);
        connect(&deleter, &FileDeleter::progressed, &deleter, &FileDeleter::cancel);
        QSignalSpy finished(&deleter, &FileDeleter::finished);
        deleter.start();
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).value<QList<qint64>>(), timestamps.mid(3, 1));
        QCOMPARE(finished.at(0).at(2).toBool(), true);
        const QSet<qint64> listed = listedTimestamps();
        QVERIFY(!listed.contains(timestamps.at(3)));
        QVERIFY(listed.contains(timestamps.at(4)));
    }
    m_page->refresh();
    QTRY_VERIFY(m_page->model()->rowCount() > 0);
}

void TestFilePage::deleteReportsPerFileFailures()
{
    FileListModel *model = m_page->model();
    while (model->canFetchMore()) {
        model->fetchMore();
        QTRY_VERIFY(!model->isLoading());
    }
    const int bad = model->rowCount() - 1;
    QCOMPARE(model->index(bad).data(FileListModel::ObjectRole).toString(), BadObject);
    const int good = bad - 1;
    const qint64 goodTime =
        model->index(good).data(FileListModel::CreateTimestampRole).toLongLong();
    const qint64 badTime = model->index(bad).data(FileListModel::CreateTimestampRole).toLongLong();
    const int before = model->rowCount();
    clickRows({good, bad});
    DeleteFilesDialog *dialog = confirmDialog();
    QVERIFY(dialog);
    dialog->deleteObjectsBox()->setChecked(true);
    QSignalSpy finished(m_page.get(), &ui::FilePage::deleteFinished);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("confirmDeleteButton")),
                      Qt::LeftButton);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(0).toInt(), 1);
    const QStringList failures = finished.at(0).at(1).toStringList();
    QCOMPARE(failures.size(), 1);
    QVERIFY2(failures.at(0).contains(QStringLiteral("leave the storage folder")),
             qPrintable(failures.at(0)));
    // Reported at the end, in a message box the user can read the details of.
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = m_page->findChild<QMessageBox *>(QStringLiteral("deleteFailuresBox"))) &&
                box->isVisible());
    QVERIFY(box->detailedText().contains(QStringLiteral("leave the storage folder")));
    box->close();

    QCOMPARE(model->rowCount(), before - 1);
    QCOMPARE(model->index(model->rowCount() - 1).data(FileListModel::ObjectRole).toString(),
             BadObject);
    const QSet<qint64> listed = listedTimestamps();
    QVERIFY(!listed.contains(goodTime));
    QVERIFY(listed.contains(badTime)); // its record stays: nothing was deleted
}

void TestFilePage::openRangeTakesNewSnapshotsUntilEndIsSet()
{
    FileListModel *model = m_page->model();
    QTRY_VERIFY(model->totalCount() > 0);
    const qint64 before = model->totalCount();
    const qint64 newest = QDateTime::currentMSecsSinceEpoch() + 5000; // after the page opened
    QVERIFY(writeFile(pathOf(QStringLiteral("snapshot/late.jpg")), m_jpeg));
    const auto recorded = callEngine(*m_host, [this, newest](SnapshotService &s) {
        SnapshotFile file;
        file.jobId = m_jobId;
        file.ossBucket = QStringLiteral("default");
        file.ossObject = QStringLiteral("snapshot/late.jpg");
        file.createTimestamp = newest;
        file.sequence = 2000;
        return s.recordSnapshot({file}, schema::DefaultLocationId).ok();
    });
    QVERIFY(recorded && *recorded);
    // The range is open to new snapshots: the count follows at once, the grid on refresh.
    QTRY_COMPARE(model->totalCount(), before + 1);
    auto *refresh = m_page->findChild<QPushButton *>(QStringLiteral("fileRefresh"));
    QVERIFY(refresh);
    QTest::mouseClick(refresh, Qt::LeftButton);
    QTRY_VERIFY(model->rowCount() > 0);
    QCOMPARE(model->index(0).data(FileListModel::CreateTimestampRole).toLongLong(), newest);

    // An end the user sets closes the range.
    auto *end = m_page->findChild<QDateTimeEdit *>(QStringLiteral("fileEndTime"));
    QVERIFY(end);
    end->setDateTime(QDateTime::fromMSecsSinceEpoch(newest).addSecs(-2));
    QTRY_COMPARE(model->totalCount(), before);
    QTRY_VERIFY(model->rowCount() > 0);
    QVERIFY(model->index(0).data(FileListModel::CreateTimestampRole).toLongLong() < newest);
    // "Last 24 hours" opens it again.
    QTest::mouseClick(m_page->findChild<QPushButton *>(QStringLiteral("fileLast24Hours")),
                      Qt::LeftButton);
    QTRY_COMPARE(model->totalCount(), before + 1);
}

// Defect: a job chosen before it had snapshots showed "Snapshots: 30 (0 loaded; scroll for
// more)" over an empty grid, and new snapshots never came, even after Refresh.
void TestFilePage::gridOfAJobChosenEmptyFollowsNewSnapshots()
{
    const QString jobId = submitLocalJob(*m_host, QStringLiteral("later"));
    QVERIFY(!jobId.isEmpty());
    FileListModel *model = m_page->model();
    model->setPageSize(10); // several pages, none of them fills the 900x600 grid
    auto *combo = m_page->findChild<QComboBox *>(QStringLiteral("fileJobCombo"));
    auto *count = m_page->findChild<QLabel *>(QStringLiteral("fileCount"));
    QVERIFY(combo && count);
    QTRY_VERIFY(combo->findData(jobId) >= 0);
    combo->setCurrentIndex(combo->findData(jobId));
    QTRY_COMPARE(model->totalCount(), qint64(0));
    QTRY_VERIFY(!model->isLoading());
    QCOMPARE(model->rowCount(), 0);

    // While the page is open: the grid takes them without a Refresh.
    const qint64 firstMs = QDateTime::currentMSecsSinceEpoch() - 30 * 5000;
    QString error = recordSnapshots(*m_host, jobId, 30, firstMs, m_jpeg, false, JpegSize);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QTRY_COMPARE(model->rowCount(), 30);
    QTRY_COMPARE(count->text(), QStringLiteral("Snapshots: 30"));
    QCOMPARE(model->index(0).data(FileListModel::CreateTimestampRole).toLongLong(),
             firstMs + 29 * 5000); // newest first

    // After a Refresh too, and on top of the rows already loaded.
    QTest::mouseClick(m_page->findChild<QPushButton *>(QStringLiteral("fileRefresh")),
                      Qt::LeftButton);
    QTRY_COMPARE(model->rowCount(), 30);
    QTRY_VERIFY(!model->isLoading());
    const qint64 laterMs = QDateTime::currentMSecsSinceEpoch();
    error = recordSnapshots(*m_host, jobId, 12, laterMs, m_jpeg, true, JpegSize, 31);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QTRY_COMPARE(model->rowCount(), 30 + 12 + 1);
    QTRY_COMPARE(count->text(), QStringLiteral("Snapshots: 43"));
    // The overwrite object (re-recorded with every snapshot) is one row, on top.
    QVERIFY(model->index(0).data(FileListModel::IsOverlayRole).toBool());
    QCOMPARE(model->index(0).data(FileListModel::CreateTimestampRole).toLongLong(),
             laterMs + 11 * 5000);
    QCOMPARE(model->index(1).data(FileListModel::CreateTimestampRole).toLongLong(),
             laterMs + 11 * 5000);
    for (int row = 2; row < model->rowCount(); ++row) {
        QVERIFY(!model->index(row).data(FileListModel::IsOverlayRole).toBool());
        QVERIFY(model->index(row).data(FileListModel::CreateTimestampRole).toLongLong() <
                model->index(row - 1).data(FileListModel::CreateTimestampRole).toLongLong());
    }

    // Oldest first (every row loaded): paging goes on from the last row.
    model->setPageSize(100);
    auto *sort = m_page->findChild<QComboBox *>(QStringLiteral("fileSortOrder"));
    QVERIFY(sort);
    sort->setCurrentIndex(1);
    QTRY_COMPARE(model->rowCount(), 43);
    QTRY_VERIFY(!model->isLoading());
    error = recordSnapshots(*m_host, jobId, 2, laterMs + 12 * 5000, m_jpeg, false, JpegSize, 43);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QTRY_COMPARE(model->rowCount(), 45);
    QCOMPARE(model->index(44).data(FileListModel::CreateTimestampRole).toLongLong(),
             laterMs + 13 * 5000);
    QTRY_COMPARE(count->text(), QStringLiteral("Snapshots: 45"));
    sort->setCurrentIndex(0);
}

// "Show files" of a job the page has not listed yet (a new page: its job list is on its way).
void TestFilePage::showJobSelectsAJobListedLater()
{
    ui::FilePage page(*m_host);
    page.resize(900, 600);
    page.show();
    auto *combo = page.findChild<QComboBox *>(QStringLiteral("fileJobCombo"));
    QVERIFY(combo);
    QCOMPARE(combo->count(), 0);
    page.showJob(m_jobId);
    QTRY_COMPARE(page.currentJobId(), m_jobId);
    QCOMPARE(page.model()->jobId(), m_jobId);
    QTRY_VERIFY(page.model()->rowCount() > 0);
    // A job listed already is chosen at once.
    page.showJob(m_otherJobId);
    QCOMPARE(page.currentJobId(), m_otherJobId);
    QCOMPARE(page.model()->jobId(), m_otherJobId);
    // A later reload of the job list keeps it.
    page.reloadJobs();
    QSignalSpy loaded(&page, &ui::FilePage::jobsLoaded);
    QVERIFY(loaded.wait());
    QCOMPARE(page.currentJobId(), m_otherJobId);

    // Ctrl+F: the job chooser.
    page.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&page));
    page.view()->setFocus();
    page.focusFilter();
    QVERIFY(combo->hasFocus());
}

namespace {
// Pixels of a band that stand out from its most common colour: the ink of its text.
int inkPixels(const QImage &band)
{
    QHash<QRgb, int> counts;
    for (int y = 0; y < band.height(); ++y) {
        for (int x = 0; x < band.width(); ++x) {
            ++counts[band.pixel(x, y)];
        }
    }
    QRgb background = 0;
    int most = -1;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (it.value() > most) {
            most = it.value();
            background = it.key();
        }
    }
    int ink = 0;
    for (int y = 0; y < band.height(); ++y) {
        for (int x = 0; x < band.width(); ++x) {
            const QRgb p = band.pixel(x, y);
            ink += qAbs(qGray(p) - qGray(background)) > 80;
        }
    }
    return ink;
}

int pixelsLike(const QImage &image, const QColor &color)
{
    int like = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor p = image.pixelColor(x, y);
            like += qAbs(p.red() - color.red()) + qAbs(p.green() - color.green()) +
                        qAbs(p.blue() - color.blue()) <
                    30;
        }
    }
    return like;
}
} // namespace

// Defect: a selected thumbnail lost its time label and showed no highlight.
void TestFilePage::selectedThumbnailKeepsTextAndIsHighlighted()
{
    FileGridView *view = m_page->view();
    FileListModel *model = m_page->model();
    QTRY_VERIFY(model->rowCount() > 4);
    view->scrollToTop();
    const QModelIndex selected = model->index(2);
    const QModelIndex plain = model->index(3);
    view->selectionModel()->select(selected, QItemSelectionModel::ClearAndSelect);
    QTRY_VERIFY(view->visualRect(selected).isValid());
    const QImage shot = view->viewport()->grab().toImage();
    const int band = view->fontMetrics().height();
    auto textBand = [&](const QModelIndex &index) {
        const QRect cell = view->visualRect(index);
        return shot.copy(
            QRect(cell.left() + 6, cell.bottom() - band - 4, cell.width() - 12, band + 2));
    };
    const int plainInk = inkPixels(textBand(plain));
    const int selectedInk = inkPixels(textBand(selected));
    QVERIFY2(plainInk > 30, qPrintable(QString::number(plainInk)));
    // The time label stays as legible as on an unselected cell.
    QVERIFY2(selectedInk > plainInk / 2,
             qPrintable(QStringLiteral("%1 vs %2").arg(selectedInk).arg(plainInk)));
    // And the cell is visibly highlighted (the unselected one is not).
    const QColor highlight = view->palette().color(QPalette::Active, QPalette::Highlight);
    const QImage selectedCell = shot.copy(view->visualRect(selected));
    const QImage plainCell = shot.copy(view->visualRect(plain));
    QVERIFY2(pixelsLike(selectedCell, highlight) > selectedCell.width() * 4,
             qPrintable(QString::number(pixelsLike(selectedCell, highlight))));
    QCOMPARE(pixelsLike(plainCell, highlight), 0);
    view->clearSelection();
}

// Defect: file times were local with no zone label, while Usage is UTC.
void TestFilePage::timesSayTheirZone()
{
    using namespace zonedtime;
    const QDate day(2026, 12, 6);
    const QTime time(19, 3, 5);
    QCOMPARE(zoneLabel(QDateTime(day, time, Qt::OffsetFromUTC, 3600)), QStringLiteral("UTC+1"));
    QCOMPARE(zoneLabel(QDateTime(day, time, Qt::OffsetFromUTC, 19800)), QStringLiteral("UTC+5:30"));
    QCOMPARE(zoneLabel(QDateTime(day, time, Qt::OffsetFromUTC, -3 * 3600)),
             QStringLiteral("UTC-3"));
    QCOMPARE(zoneLabel(QDateTime(day, time, Qt::UTC)), QStringLiteral("UTC"));

    FileListModel *model = m_page->model();
    QTRY_VERIFY(model->rowCount() > 0);
    const QDateTime shot = QDateTime::fromMSecsSinceEpoch(
        model->index(0).data(FileListModel::CreateTimestampRole).toLongLong());
    const QString zone = zoneLabel(shot.toLocalTime());
    const QString tip = model->index(0).data(Qt::ToolTipRole).toString();
    QVERIFY2(
        tip.startsWith(shot.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss ")) + zone),
        qPrintable(tip));
    auto *label = m_page->findChild<QLabel *>(QStringLiteral("fileTimeZone"));
    QVERIFY(label && label->isVisible());
    QCOMPARE(label->text(), zoneLabel(QDateTime::currentDateTime()));
    SnapshotViewer *viewer = m_page->openViewer(0);
    QVERIFY(viewer);
    const QList<QLabel *> labels = viewer->findChildren<QLabel *>();
    const bool shown = std::any_of(labels.cbegin(), labels.cend(), [&](const QLabel *l) {
        return l->text().endsWith(QLatin1Char(' ') + zone) &&
               l->text().startsWith(shot.toLocalTime().toString(QStringLiteral("yyyy-MM-dd")));
    });
    QVERIFY(shown);
    viewer->close();
}

// Defect: typing digits into the "To" field did nothing (the click left the cursor between
// two digits of a full section, where every digit is refused).
void TestFilePage::typingIntoTheToFieldWorks()
{
    auto *end = m_page->findChild<QDateTimeEdit *>(QStringLiteral("fileEndTime"));
    QVERIFY(end);
    m_page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    end->setDateTime(QDateTime(QDate(2026, 3, 10), QTime(0, 0)));
    auto *line = end->findChild<QLineEdit *>();
    QVERIFY(line);
    const int x = QFontMetrics(line->font()).horizontalAdvance(QStringLiteral("2026-03-10 0")) + 3;
    QTest::mouseClick(line, Qt::LeftButton, {}, QPoint(x, line->height() / 2));
    QTest::qWait(20);
    QCOMPARE(end->currentSection(), QDateTimeEdit::HourSection);
    QTest::keyClicks(end, QStringLiteral("15"));
    QCOMPARE(end->dateTime(), QDateTime(QDate(2026, 3, 10), QTime(15, 0)));
    // "Last 24 hours" opens the range again.
    QTest::mouseClick(m_page->findChild<QPushButton *>(QStringLiteral("fileLast24Hours")),
                      Qt::LeftButton);
    QTRY_VERIFY(m_page->model()->totalCount() > 0);
}

QTEST_MAIN(TestFilePage)
#include "tst_filepage.moc"
