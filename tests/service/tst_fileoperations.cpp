#include "ServiceFixture.h"

#include <QSignalSpy>
#include <QTest>

#include <QDir>
#include <QFileInfo>

using namespace livesnap;

// FileOperations over a real catalog and the built-in local folder: listing, counting, links
// and deletes (records, and objects through the location's store).
class TestFileOperations : public QObject {
    Q_OBJECT

private:
    test::ServiceFixture m_fx;

    ServiceAreas &a() { return m_fx.areas(); }

    Result<QList<FileDeleteResult>> deleteFiles(const QString &jobId, const QList<qint64> &stamps,
                                                bool deleteOriginalFile)
    {
        return test::await<Result<QList<FileDeleteResult>>>([&](auto reply) {
            a().files.deleteLiveSnapshotFiles(jobId, stamps, deleteOriginalFile, reply);
        });
    }
    Result<SignedLink> fileUrl(const QString &jobId, const QString &ossObject, int ttlSeconds)
    {
        return test::await<Result<SignedLink>>([&](auto reply) {
            a().files.getLiveSnapshotFileUrl(jobId, ossObject, ttlSeconds, std::nullopt, reply);
        });
    }

private slots:
    void init() { QVERIFY(m_fx.reset()); }

    void filesPagingAndDelete()
    {
        const QString id = m_fx.submit(QStringLiteral("cam"));
        const QString root = m_fx.filePath(QStringLiteral("storage/default"));
        QDir().mkpath(root);
        const qint64 t0 = 1795000000000;
        // 7 snapshots, each with a real-time object; the overwrite object is re-recorded with
        // the newest one's time (same timestamp as its twin).
        for (int i = 0; i < 7; ++i) {
            const qint64 ts = t0 + i * 5000;
            SnapshotFile seq{id,
                             QString(),
                             QStringLiteral("default"),
                             QStringLiteral("snapshot/%1/%2.jpg").arg(id).arg(i + 1),
                             ts,
                             i + 1,
                             false,
                             3,
                             2,
                             2};
            SnapshotFile overlay = seq;
            overlay.ossObject = QStringLiteral("snapshot/%1.jpg").arg(id);
            overlay.isOverlay = true;
            QFile::remove(root + QLatin1Char('/') + overlay.ossObject);
            for (const auto &f : {seq, overlay}) {
                QDir().mkpath(QFileInfo(root + QLatin1Char('/') + f.ossObject).absolutePath());
                QFile file(root + QLatin1Char('/') + f.ossObject);
                QVERIFY(file.open(QIODevice::WriteOnly));
                file.write("jpg");
            }
            QVERIFY(
                a().engineReports.recordSnapshot({seq, overlay}, schema::DefaultLocationId).ok());
        }
        auto job = a().jobs.getLiveSnapshotJob(id);
        QCOMPARE(job->snapshotCount, 7);
        QCOMPARE(job->lastSnapshotTime.toMSecsSinceEpoch(), t0 + 6 * 5000);

        // Walk every page, ascending, for every limit: each object exactly once.
        for (int limit = 1; limit <= 9; ++limit) {
            FileQuery q;
            q.jobId = id;
            q.limit = limit;
            QStringList objects;
            int pages = 0;
            while (true) {
                auto page = a().files.listLiveSnapshotFiles(q);
                QVERIFY(page);
                QVERIFY(!page->files.isEmpty());
                QVERIFY(page->files.size() <= qMax(limit, 2));
                for (const auto &f : page->files) {
                    objects << f.ossObject;
                }
                QVERIFY(++pages < 20);
                if (!page->nextStartTime.isValid()) {
                    break;
                }
                q.startTime = page->nextStartTime;
            }
            QCOMPARE(objects.size(), 8);
            objects.removeDuplicates();
            QCOMPARE(objects.size(), 8);
        }
        // Descending pages chain through NextEndTime.
        {
            FileQuery q;
            q.jobId = id;
            q.limit = 3;
            q.sortBy = QStringLiteral("desc");
            auto first = a().files.listLiveSnapshotFiles(q);
            QVERIFY(first);
            QCOMPARE(first->files.first().createTimestamp, t0 + 6 * 5000);
            QVERIFY(first->nextEndTime.isValid());
            QVERIFY(!first->nextStartTime.isValid());
        }
        // Time range, inclusive.
        {
            FileQuery q;
            q.jobId = id;
            q.limit = 100;
            q.startTime = QDateTime::fromMSecsSinceEpoch(t0 + 5000, QTimeZone::utc());
            q.endTime = QDateTime::fromMSecsSinceEpoch(t0 + 15000, QTimeZone::utc());
            QCOMPARE(a().files.listLiveSnapshotFiles(q)->files.size(), 3);
            // The count agrees with the listing, in the range and without one.
            QCOMPARE(*a().files.countLiveSnapshotFiles(q), 3);
            q.startTime = q.endTime = QDateTime();
            QCOMPARE(*a().files.countLiveSnapshotFiles(q), 8);
            q.jobId = QStringLiteral("nope");
            QCOMPARE(a().files.countLiveSnapshotFiles(q).error().code,
                     QStringLiteral("JobNotFound"));
        }
        // Bad queries.
        FileQuery bad;
        bad.jobId = id;
        bad.limit = 0;
        QCOMPARE(a().files.listLiveSnapshotFiles(bad).error().code,
                 QStringLiteral("InvalidParameter.Limit"));
        bad.limit = 101;
        QCOMPARE(a().files.listLiveSnapshotFiles(bad).error().code,
                 QStringLiteral("InvalidParameter.Limit"));
        bad.limit = 10;
        bad.jobId = QStringLiteral("nope");
        QCOMPARE(a().files.listLiveSnapshotFiles(bad).error().code, QStringLiteral("JobNotFound"));

        // Delete two snapshots (one of them the newest, with its overwrite object) and a
        // timestamp that matches nothing.
        const QString before = m_fx.dump();
        QCOMPARE(deleteFiles(id, {}, true).error().code,
                 QStringLiteral("InvalidParameter.CreateTimestampList"));
        QCOMPARE(deleteFiles(id, QList<qint64>(201, t0), true).error().code,
                 QStringLiteral("InvalidParameter.CreateTimestampList"));
        QCOMPARE(m_fx.dump(), before);
        QSignalSpy filesChanged(&m_fx.notifier(), &ServiceNotifier::filesChanged);
        auto results = deleteFiles(id, {t0, t0 + 6 * 5000, 42}, true);
        QVERIFY(results);
        QCOMPARE(results->size(), 3);
        QVERIFY(results->at(0).deleted);
        QVERIFY(results->at(1).deleted);
        QVERIFY(!results->at(2).deleted);
        QVERIFY(!results->at(2).message.isEmpty());
        QCOMPARE(filesChanged.count(), 1);
        QVERIFY(!QFile::exists(root + QStringLiteral("/snapshot/%1/1.jpg").arg(id)));
        QVERIFY(!QFile::exists(root + QStringLiteral("/snapshot/%1.jpg").arg(id)));
        QVERIFY(QFile::exists(root + QStringLiteral("/snapshot/%1/2.jpg").arg(id)));
        // Without DeleteOriginalFile the object stays on disk, the record goes.
        auto kept = deleteFiles(id, {t0 + 5000}, false);
        QVERIFY(kept && kept->first().deleted);
        QVERIFY(QFile::exists(root + QStringLiteral("/snapshot/%1/2.jpg").arg(id)));
        FileQuery rest;
        rest.jobId = id;
        rest.limit = 100;
        QCOMPARE(a().files.listLiveSnapshotFiles(rest)->files.size(), 4);
    }

    // A link to a local file is signed for the engine's link server, which must be running.
    void fileUrls()
    {
        const QString id = m_fx.submit(QStringLiteral("cam"));
        const qint64 ts = 1795000000000;
        const QString object = QStringLiteral("snapshot/%1/1.jpg").arg(id);
        const QString path = m_fx.filePath(QStringLiteral("storage/default/") + object);
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write("jpg"), 3);
        file.close();
        SnapshotFile recorded{id, QString(), QStringLiteral("default"), object, ts, 1, false, 3,
                              2,  2};
        QVERIFY(a().engineReports.recordSnapshot({recorded}, schema::DefaultLocationId).ok());

        QCOMPARE(fileUrl(id, object, 60).error().code, QStringLiteral("StorageUnavailable"));
        a().settings.setLinkServerPort(8123);
        auto link = fileUrl(id, object, 60);
        QVERIFY2(link, link ? "" : qPrintable(link.error().message));
        QCOMPARE(link->url.port(), 8123);
        // A local folder's file can be opened directly on this machine.
        QCOMPARE(QFileInfo(link->localPath).canonicalFilePath(),
                 QFileInfo(path).canonicalFilePath());
        QVERIFY(link->expireTime > QDateTime::currentDateTimeUtc());

        QCOMPARE(fileUrl(id, object, 0).error().code,
                 QStringLiteral("InvalidParameter.ExpireSeconds"));
        QCOMPARE(fileUrl(id, object, 7 * 24 * 3600 + 1).error().code,
                 QStringLiteral("InvalidParameter.ExpireSeconds"));
        QCOMPARE(fileUrl(id, QStringLiteral("snapshot/other.jpg"), 60).error().code,
                 QStringLiteral("InvalidParameter.OssObject"));
        QCOMPARE(fileUrl(QStringLiteral("nope"), object, 60).error().code,
                 QStringLiteral("JobNotFound"));

        // The folder belongs to another machine (a shared catalog): only it can serve the link.
        QVERIFY(m_fx.catalog()
                    .exec(QStringLiteral("UPDATE storage_locations SET host = 'camera-host-2' "
                                         "WHERE location_id = ?"),
                          {schema::DefaultLocationId})
                    .ok());
        auto elsewhere = fileUrl(id, object, 60);
        QVERIFY(!elsewhere);
        QCOMPARE(elsewhere.error().code, QStringLiteral("FileOnOtherHost"));
        QVERIFY2(elsewhere.error().message.contains(QLatin1String("camera-host-2")),
                 qPrintable(elsewhere.error().message));
        // Marked as a mount every machine has: served here again.
        QVERIFY(m_fx.catalog()
                    .exec(QStringLiteral("UPDATE storage_locations SET shared_mount = 1 WHERE "
                                         "location_id = ?"),
                          {schema::DefaultLocationId})
                    .ok());
        QVERIFY(fileUrl(id, object, 60));
    }
};

QTEST_GUILESS_MAIN(TestFileOperations)
#include "tst_fileoperations.moc"
