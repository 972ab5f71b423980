// A full disk, for real: the test mounts a tiny tmpfs (CTest runs it under
// `unshare --mount --map-root-user`, so the mount is private and needs no real root).
#include "../support/Await.h"
#include "capture/CaptureWorker.h"
#include "capture/SnapshotSink.h"
#include "capture/Spool.h"
#include "service/SnapshotService.h"
#include "storage/LocalFolderStore.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/mount.h>

using namespace livesnap;

class TestDiskFull : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_small; // a 256 KiB tmpfs

    static QByteArray bytes(int size) { return QByteArray(size, 'j'); }

    // Fills the tmpfs so that only a few KiB remain.
    void fill()
    {
        QFile filler(m_small + QStringLiteral("/filler"));
        QVERIFY(filler.open(QIODevice::WriteOnly));
        const QByteArray chunk(4096, 'f');
        while (filler.write(chunk) == chunk.size()) {
        }
        filler.close();
        QFile::resize(filler.fileName(), filler.size() - 8 * 1024);
    }
    void drain() { QFile::remove(m_small + QStringLiteral("/filler")); }

private slots:
    void initTestCase()
    {
        m_small = m_dir.filePath(QStringLiteral("small"));
        QVERIFY(QDir().mkpath(m_small));
        const int rc =
            ::mount("tmpfs", QFile::encodeName(m_small).constData(), "tmpfs", 0, "size=256k");
        QVERIFY2(rc == 0, "mounting a tmpfs failed: run this test through CTest (it wraps it "
                          "in unshare --mount --map-root-user)");
    }
    void cleanupTestCase() { ::umount(QFile::encodeName(m_small).constData()); }
    void cleanup() { drain(); }

    void storeReportsAFullDiskAndLeavesNoPart()
    {
        fill();
        LocalFolderStore store(m_small + QStringLiteral("/store"));
        const Status s = store.put(QStringLiteral("snapshot/a.jpg"), bytes(64 * 1024));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, QStringLiteral("StorageUnavailable"));
        QVERIFY2(s.error().message.contains(QStringLiteral("disk space")),
                 qPrintable(s.error().message));
        QVERIFY(!QFile::exists(m_small + QStringLiteral("/store/snapshot/a.jpg")));
        // No temporary part is left behind either.
        QCOMPARE(QDir(m_small + QStringLiteral("/store/snapshot")).entryList(QDir::Files),
                 QStringList());
    }

    void spoolReportsAFullDisk()
    {
        fill();
        Spool spool(m_small + QStringLiteral("/spool"));
        CapturedSnapshot snap;
        snap.jobId = QStringLiteral("job");
        snap.wallMs = 1795000000000;
        snap.width = 2;
        snap.height = 2;
        snap.jpeg = bytes(64 * 1024);
        auto r = spool.write(snap);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(QStringLiteral("disk space")),
                 qPrintable(r.error().message));
        QVERIFY(spool.scan().isEmpty());
    }

    void sinkKeepsSnapshotsWhileTheStoreIsFull()
    {
        Catalog catalog;
        QVERIFY(catalog.open(m_dir.filePath(QStringLiteral("catalog.sqlite"))).ok());
        SnapshotService service(catalog, DataDirectory(m_dir.path()));
        StorageLocation full;
        full.storageType = QStringLiteral("local");
        full.bucket = QStringLiteral("full");
        full.path = m_small + QStringLiteral("/store");
        const auto added = test::await<Result<QString>>(
            [&](auto reply) { service.addStorageLocation(full, StorageCredentials(), reply); });
        QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error().message));
        JobSpec spec;
        spec.jobName = QStringLiteral("cam");
        spec.templateId = QStringLiteral("system-realtime-10s");
        spec.streamInput.url = QStringLiteral("rtmp://127.0.0.1/live/cam");
        spec.snapshotOutput =
            SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("full")};
        auto job = service.submitLiveSnapshotJob(spec);
        QVERIFY(job);

        Spool spool(m_dir.filePath(QStringLiteral("spool"))); // the spool has room
        SnapshotSink sink(service, spool);
        QSignalSpy stored(&sink, &SnapshotSink::snapshotStored);
        fill();
        CapturedSnapshot snap;
        snap.jobId = *job;
        snap.wallMs = 1795000000000;
        snap.width = 2;
        snap.height = 2;
        snap.jpeg = bytes(64 * 1024);
        auto entry = spool.write(snap);
        QVERIFY(entry);
        sink.store(*entry);
        QCOMPARE(stored.count(), 0);
        QVERIFY(QFile::exists(entry->path));
        auto events = service.listLiveSnapshotJobEvents(*job, 10);
        QVERIFY(std::any_of(events->cbegin(), events->cend(), [](const JobEvent &e) {
            return e.kind == QLatin1String("storage") &&
                   e.message.contains(QStringLiteral("disk space"));
        }));
        drain();
        QTRY_COMPARE_WITH_TIMEOUT(stored.count(), 1, 10000);
        QVERIFY(!QFile::exists(entry->path));
        QCOMPARE(service.getLiveSnapshotJob(*job)->snapshotCount, 1);
    }
};

QTEST_GUILESS_MAIN(TestDiskFull)
#include "tst_diskfull.moc"
