#include "FileTestSupport.h"
#include "files/FileListModel.h"
#include "imaging/ImagePipeline.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <limits>
#include <memory>
#include <optional>

using namespace livesnap;
using namespace livesnap::ui;
using namespace livesnap::uitest;

namespace {
constexpr int SnapshotCount = 1200;
constexpr int ObjectCount = SnapshotCount + 1; // and the overwrite object
const QSize JpegSize(320, 180);
} // namespace

class TestFileListModel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void pagesInThroughFetchMore();
    void oldestFirstWithinRange();
    void badRangeReportsServiceError();
    void thumbnailChangesOnlyItsRow();
    void storedObjectIsReadFromItsFile();
    void removedTimestampsLeaveModelAndCount();
    void countFollowsFilesChanged();

private:
    QDateTime timeOf(int index) const
    {
        return QDateTime::fromMSecsSinceEpoch(m_firstMs + qint64(index) * 5000);
    }
    void loadAll(FileListModel &model);

    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_host;
    QString m_jobId;
    qint64 m_firstMs = 0;
};

void TestFileListModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    LIVESNAP_START_HOST(m_host, m_dir.path());
    m_jobId = submitLocalJob(*m_host, QStringLiteral("cam"));
    QVERIFY(!m_jobId.isEmpty());
    // 1,200 snapshots 5 s apart, ending well within the last 24 hours.
    m_firstMs = QDateTime::currentMSecsSinceEpoch() - qint64(SnapshotCount) * 5000 - 3600 * 1000;
    const QString error = recordSnapshots(*m_host, m_jobId, SnapshotCount, m_firstMs,
                                          makeJpeg(JpegSize), true, JpegSize);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(listAll(*m_host, m_jobId).size(), ObjectCount);
}

void TestFileListModel::cleanupTestCase()
{
    m_host.reset();
}

void TestFileListModel::loadAll(FileListModel &model)
{
    while (model.canFetchMore()) {
        model.fetchMore();
        QTRY_VERIFY(!model.isLoading());
    }
}

void TestFileListModel::pagesInThroughFetchMore()
{
    FileListModel model(*m_host);
    // (No QAbstractItemModelTester here: it calls fetchMore itself.)
    QSignalSpy pages(&model, &FileListModel::pageLoaded);
    const QDateTime now = QDateTime::currentDateTime();
    model.setQuery(m_jobId, now.addSecs(-24 * 3600), now, true);
    QTRY_COMPARE(pages.size(), 1);
    // Counted at once: every row is there, but only the first page is held.
    QCOMPARE(model.totalCount(), qint64(ObjectCount));
    QCOMPARE(model.rowCount(), ObjectCount);
    QVERIFY2(model.loadedRowCount() > 0 && model.loadedRowCount() <= 100,
             qPrintable(QString::number(model.loadedRowCount())));
    QVERIFY(!model.isRowLoaded(ObjectCount - 1));
    QVERIFY(model.canFetchMore()); // the range fits the cache: it can be held whole

    int previous = model.loadedRowCount();
    int fetches = 0;
    while (model.canFetchMore()) {
        model.fetchMore();
        QTRY_VERIFY(!model.isLoading());
        QVERIFY(model.loadedRowCount() > previous);
        QVERIFY(model.loadedRowCount() - previous <= 100);
        previous = model.loadedRowCount();
        ++fetches;
    }
    QVERIFY2(fetches >= 11, qPrintable(QString::number(fetches)));
    QCOMPARE(model.rowCount(), ObjectCount);
    QCOMPARE(model.totalCount(), qint64(ObjectCount));

    // Newest first, each object once; the overwrite object sits with the newest snapshot.
    QSet<QString> keys;
    qint64 last = std::numeric_limits<qint64>::max();
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row);
        const qint64 ts = index.data(FileListModel::CreateTimestampRole).toLongLong();
        QVERIFY(ts <= last);
        last = ts;
        keys.insert(index.data(FileListModel::KeyRole).toString());
        QCOMPARE(model.rowOfKey(index.data(FileListModel::KeyRole).toString()), row);
    }
    QCOMPARE(keys.size(), ObjectCount);
    QVERIFY(model.index(0).data(FileListModel::IsOverlayRole).toBool());
    QCOMPARE(model.index(0).data(FileListModel::CreateTimestampRole).toLongLong(),
             timeOf(SnapshotCount - 1).toMSecsSinceEpoch());
    QCOMPARE(model.index(ObjectCount - 1).data(FileListModel::SequenceRole).toLongLong(), 1);
    // Local objects are marked so; their bytes are the stored object, which the engine links to
    // its file on disk.
    const FileEntry &oldest = model.entryAt(ObjectCount - 1);
    QVERIFY(oldest.local);
    const auto source =
        model.index(ObjectCount - 1).data(FileListModel::SourceRole).value<ImageSource>();
    QCOMPARE(source.jobId, m_jobId);
    QCOMPARE(source.ossObject, realtimeObject(m_jobId, 1));
    ImagePipeline pipeline(m_host.get());
    std::optional<Result<SignedLink>> link;
    pipeline.resolveLink(source.jobId, source.ossObject, &pipeline,
                         [&link](const Result<SignedLink> &linked) { link = linked; });
    QTRY_VERIFY(link.has_value());
    QVERIFY(link->ok());
    QCOMPARE((*link)->localPath,
             QDir::cleanPath(defaultRoot(*m_host) + QLatin1Char('/') + realtimeObject(m_jobId, 1)));
    QVERIFY(QFileInfo::exists((*link)->localPath));
    QCOMPARE(model.index(0).data().toString(),
             timeOf(SnapshotCount - 1).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
}

void TestFileListModel::oldestFirstWithinRange()
{
    FileListModel model(*m_host);
    model.setPageSize(37);
    // Snapshots 100..299 inclusive (no overwrite object: it has the newest time).
    model.setQuery(m_jobId, timeOf(100), timeOf(299), false);
    QTRY_VERIFY(model.rowCount() > 0);
    QVERIFY(model.loadedRowCount() <= 37);
    loadAll(model);
    QCOMPARE(model.rowCount(), 200);
    QTRY_COMPARE(model.totalCount(), qint64(200));
    for (int row = 0; row < 200; ++row) {
        QCOMPARE(model.index(row).data(FileListModel::SequenceRole).toLongLong(), 101 + row);
    }
}

void TestFileListModel::badRangeReportsServiceError()
{
    FileListModel model(*m_host);
    QSignalSpy failed(&model, &FileListModel::loadFailed);
    model.setQuery(m_jobId, timeOf(10), timeOf(5), true);
    QTRY_COMPARE(failed.size(), 1);
    // The service's message, as it comes; paging stops instead of retrying forever.
    QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("EndTime")),
             qPrintable(failed.at(0).at(0).toString()));
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.canFetchMore());
}

void TestFileListModel::thumbnailChangesOnlyItsRow()
{
    FileListModel model(*m_host);
    ImagePipeline loader(m_host.get());
    model.setImagePipeline(&loader);
    model.setQuery(m_jobId, timeOf(0), timeOf(20), true);
    QTRY_COMPARE(model.rowCount(), 21);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    const QModelIndex index = model.index(4);
    QCOMPARE(index.data(FileListModel::ThumbnailStateRole).toInt(),
             int(ImagePipeline::State::None));
    loader.request(index.data(FileListModel::KeyRole).toString(),
                   index.data(FileListModel::SourceRole).value<ImageSource>(), QSize(160, 90),
                   &model);
    QCOMPARE(index.data(FileListModel::ThumbnailStateRole).toInt(),
             int(ImagePipeline::State::Loading));
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), index);
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>(), index);
    QCOMPARE(index.data(FileListModel::ThumbnailStateRole).toInt(),
             int(ImagePipeline::State::Ready));
    // 320x180 at 160x90: libjpeg-turbo's 1/2.
    QCOMPARE(index.data(FileListModel::ThumbnailRole).value<QImage>().size(), QSize(160, 90));
}

void TestFileListModel::storedObjectIsReadFromItsFile()
{
    // A row's source is the stored object: the pipeline asks the engine for its link, and as
    // the object is in a local folder, reads the file the link names (no HTTP).
    FileListModel model(*m_host);
    model.setQuery(m_jobId, timeOf(0), timeOf(0), true);
    QTRY_COMPARE(model.rowCount(), 1);
    ImagePipeline loader(m_host.get());
    QSignalSpy ready(&loader, &ImagePipeline::imageReady);
    QSignalSpy failed(&loader, &ImagePipeline::imageFailed);
    loader.request(QStringLiteral("stored"),
                   model.index(0).data(FileListModel::SourceRole).value<ImageSource>(),
                   QSize(80, 45));
    QTRY_VERIFY2(ready.size() + failed.size() == 1, "no answer");
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(1).toString()));
    QCOMPARE(ready.at(0).at(1).value<QImage>().size(), QSize(80, 45));
    QCOMPARE(loader.statistics().downloads, 0);
    QCOMPARE(loader.statistics().fileReads, 1);
    QCOMPARE(loader.statistics().linkCalls, 1);

    // An object the catalog does not know: the engine refuses to sign, the loader says why.
    loader.request(QStringLiteral("unknown"),
                   ImageSource::object(m_jobId, QStringLiteral("snapshot/nope.jpg")),
                   QSize(80, 45));
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY2(failed.at(0).at(1).toString().contains(QStringLiteral("snapshot/nope.jpg")),
             qPrintable(failed.at(0).at(1).toString()));
    QCOMPARE(loader.state(QStringLiteral("unknown")), ImagePipeline::State::Failed);
}

void TestFileListModel::removedTimestampsLeaveModelAndCount()
{
    FileListModel model(*m_host);
    QAbstractItemModelTester tester(&model);
    model.setQuery(m_jobId, timeOf(0), timeOf(49), true);
    QTRY_COMPARE(model.rowCount(), 50);
    QTRY_COMPARE(model.totalCount(), qint64(50));
    const QSet<qint64> gone{timeOf(3).toMSecsSinceEpoch(), timeOf(4).toMSecsSinceEpoch(),
                            timeOf(40).toMSecsSinceEpoch()};
    model.removeTimestamps(gone);
    QCOMPARE(model.rowCount(), 47);
    QCOMPARE(model.totalCount(), qint64(47));
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row);
        QVERIFY(!gone.contains(index.data(FileListModel::CreateTimestampRole).toLongLong()));
        QCOMPARE(model.rowOfKey(index.data(FileListModel::KeyRole).toString()), row);
    }
}

void TestFileListModel::countFollowsFilesChanged()
{
    const QString jobId = submitLocalJob(*m_host, QStringLiteral("growing"));
    QVERIFY(!jobId.isEmpty());
    const qint64 first = QDateTime::currentMSecsSinceEpoch() - 600 * 1000;
    const QByteArray jpeg = makeJpeg(JpegSize);
    QVERIFY(recordSnapshots(*m_host, jobId, 3, first, jpeg, false, JpegSize).isEmpty());
    FileListModel model(*m_host);
    const QDateTime now = QDateTime::currentDateTime();
    model.setQuery(jobId, now.addSecs(-3600), now.addSecs(3600), true);
    QTRY_COMPARE(model.totalCount(), qint64(3));
    // New snapshots (recordSnapshot emits filesChanged): the count follows without a refresh.
    // recordSnapshots numbers objects from 1 again, so these replace nothing: new times.
    const auto more = callEngine(*m_host, [jobId, first, jpeg](SnapshotService &s) {
        SnapshotFile file;
        file.jobId = jobId;
        file.ossBucket = QStringLiteral("default");
        file.ossObject = QStringLiteral("snapshot/%1/extra.jpg").arg(jobId);
        file.createTimestamp = first + 60 * 1000;
        file.sequence = 99;
        return s.recordSnapshot({file}, schema::DefaultLocationId).ok();
    });
    QVERIFY(more && *more);
    QTRY_COMPARE(model.totalCount(), qint64(4));
}

QTEST_MAIN(TestFileListModel)
#include "tst_filelistmodel.moc"
