// A full disk, for real: the test mounts tiny tmpfs file systems (CTest runs it under
// `unshare --mount --map-root-user`, so the mounts are private and need no real root). A
// read-only folder is a tmpfs remounted read-only: chmod does not stop root.
#include "../support/Await.h"
#include "capture/CaptureWorker.h"
#include "engine/SnapshotSink.h"
#include "service/SnapshotService.h"
#include "spool/Spool.h"
#include "storage/LocalFolderStore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/mount.h>

using namespace livesnap;

namespace {
constexpr int Small = 9 * 1024;    // a 320x180 JPEG
constexpr int Large = 1024 * 1024; // a 1080p one
} // namespace

class TestDiskFull : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_small;    // a 256 KiB tmpfs
    QString m_store;    // a 4 MiB tmpfs for a local storage location
    QString m_readOnly; // a 1 MiB tmpfs, remounted read-only by a test
    QString m_data;     // a 16 MiB tmpfs for a catalog
    QStringList m_mounts;

    // An always-free catalog, a service, a job on a local location at locationPath, a spool
    // and a sink: what the engine wires, without the stream.
    struct Rig {
        Catalog catalog;
        std::unique_ptr<SnapshotService> service;
        std::unique_ptr<Spool> spool;
        std::unique_ptr<SnapshotSink> sink;
        QString jobId;
    };

    static QByteArray bytes(int size, char fill = 'j') { return QByteArray(size, fill); }

    QString mountTmpfs(const QString &name, const char *options)
    {
        const QString path = m_dir.filePath(name);
        if (!QDir().mkpath(path)) {
            return {};
        }
        if (::mount("tmpfs", QFile::encodeName(path).constData(), "tmpfs", 0, options) != 0) {
            return {};
        }
        m_mounts << path;
        return path;
    }

    // Fills a tmpfs so that only about `left` bytes remain.
    static void fill(const QString &mount, qint64 left)
    {
        QFile filler(mount + QStringLiteral("/filler"));
        QVERIFY(filler.open(QIODevice::WriteOnly));
        const QByteArray chunk(4096, 'f');
        while (filler.write(chunk) == chunk.size() && filler.flush()) {
        }
        filler.close();
        QVERIFY(QFile::resize(filler.fileName(), qMax<qint64>(0, filler.size() - left)));
    }
    static void drain(const QString &mount) { QFile::remove(mount + QStringLiteral("/filler")); }

    // Every file under a folder, with its size.
    static QMap<QString, qint64> filesUnder(const QString &folder)
    {
        QMap<QString, qint64> files;
        QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            files.insert(it.filePath(), it.fileInfo().size());
        }
        return files;
    }

    void makeRig(Rig &rig, const QString &name, const QString &storePath, const QString &spoolPath,
                 const QString &catalogFolder = QString())
    {
        const QString folder = catalogFolder.isEmpty() ? m_dir.path() : catalogFolder;
        QVERIFY(
            rig.catalog.open(folder + QLatin1Char('/') + name + QStringLiteral(".sqlite")).ok());
        rig.service = std::make_unique<SnapshotService>(rig.catalog, DataDirectory(m_dir.path()));
        StorageLocation location;
        location.storageType = QStringLiteral("local");
        location.bucket = name;
        location.path = storePath;
        const auto added = test::await<Result<QString>>([&](auto reply) {
            rig.service->addStorageLocation(location, StorageCredentials(), reply);
        });
        QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error().message));
        JobSpec spec;
        spec.jobName = QStringLiteral("cam");
        spec.templateId = QStringLiteral("system-realtime-10s");
        spec.streamInput.url = QStringLiteral("rtmp://127.0.0.1/live/cam");
        spec.snapshotOutput = SnapshotOutput{QStringLiteral("local"), QString(), name};
        auto job = rig.service->submitLiveSnapshotJob(spec);
        QVERIFY(job);
        rig.jobId = *job;
        rig.spool = std::make_unique<Spool>(spoolPath);
        rig.sink = std::make_unique<SnapshotSink>(*rig.service, *rig.spool);
    }

    // A snapshot as the capture worker hands it over: spooled, then stored by a queued call.
    static void capture(Rig &rig, qint64 wallMs, int size)
    {
        CapturedSnapshot snap;
        snap.jobId = rig.jobId;
        snap.wallMs = wallMs;
        snap.width = 320;
        snap.height = 180;
        snap.jpeg = bytes(size, char('a' + wallMs % 26));
        SnapshotSink::spoolAndStore(rig.sink.get(), *rig.spool, snap);
    }

    static QList<SnapshotFile> recorded(Rig &rig)
    {
        FileQuery q;
        q.jobId = rig.jobId;
        q.limit = 100;
        auto page = rig.service->listLiveSnapshotFiles(q);
        return page ? page->files : QList<SnapshotFile>();
    }
    static QString lastError(Rig &rig)
    {
        auto job = rig.service->getLiveSnapshotJob(rig.jobId);
        return job ? job->lastError : QStringLiteral("(no job)");
    }
    static bool hasEvent(Rig &rig, const QString &text)
    {
        auto events = rig.service->listLiveSnapshotJobEvents(rig.jobId, 50);
        return events && std::any_of(events->cbegin(), events->cend(), [&](const JobEvent &e) {
                   return e.kind == QLatin1String("storage") && e.message.contains(text);
               });
    }

    // Every recorded file is on disk whole, sequences follow capture order with no gap and no
    // duplicate.
    static void verifyDelivered(Rig &rig, const QString &storeRoot,
                                const QList<QPair<qint64, int>> &captured)
    {
        const QList<SnapshotFile> files = recorded(rig);
        QCOMPARE(files.size(), captured.size());
        LocalFolderStore store(storeRoot);
        QList<QPair<qint64, qint64>> order;
        for (const SnapshotFile &f : files) {
            order << qMakePair(f.createTimestamp, f.sequence);
            const QString path = *store.pathOf(f.ossObject);
            QVERIFY2(QFileInfo(path).size() == f.size && f.size > 0, qPrintable(path));
        }
        std::sort(order.begin(), order.end());
        for (qsizetype i = 0; i < captured.size(); ++i) {
            QCOMPARE(order.at(i).first, captured.at(i).first);
            QCOMPARE(order.at(i).second, qint64(i + 1));
        }
    }

private slots:
    void initTestCase()
    {
        m_small = mountTmpfs(QStringLiteral("small"), "size=256k");
        m_store = mountTmpfs(QStringLiteral("store"), "size=4m");
        m_readOnly = mountTmpfs(QStringLiteral("readonly"), "size=1m");
        m_data = mountTmpfs(QStringLiteral("data"), "size=16m");
        QVERIFY2(!m_small.isEmpty() && !m_store.isEmpty() && !m_readOnly.isEmpty() &&
                     !m_data.isEmpty(),
                 "mounting a tmpfs failed: run this test through CTest (it wraps it in unshare "
                 "--mount --map-root-user)");
    }
    void cleanupTestCase()
    {
        for (const QString &mount : std::as_const(m_mounts)) {
            ::umount(QFile::encodeName(mount).constData());
        }
    }
    void cleanup()
    {
        drain(m_small);
        drain(m_store);
    }

    void storeReportsAFullDiskAndLeavesNoPart_data()
    {
        QTest::addColumn<int>("size");
        QTest::newRow("small") << Small;
        QTest::newRow("large") << Large;
    }
    void storeReportsAFullDiskAndLeavesNoPart()
    {
        QFETCH(int, size);
        fill(m_store, 4096);
        LocalFolderStore store(m_store + QStringLiteral("/direct"));
        const Status s = store.put(QStringLiteral("snapshot/a.jpg"), bytes(size));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, QStringLiteral("StorageFull"));
        QVERIFY2(s.error().message.contains(QStringLiteral("disk is full")),
                 qPrintable(s.error().message));
        // No object and no temporary part is left behind.
        QCOMPARE(filesUnder(m_store + QStringLiteral("/direct")), (QMap<QString, qint64>()));
    }

    void spoolReportsAFullDisk()
    {
        fill(m_small, 4096);
        Spool spool(m_small + QStringLiteral("/spool"));
        CapturedSnapshot snap;
        snap.jobId = QStringLiteral("job");
        snap.wallMs = 1795000000000;
        snap.width = 2;
        snap.height = 2;
        snap.jpeg = bytes(Small); // fits QFile's buffer: the failure only shows at flush
        auto r = spool.write(snap);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("StorageFull"));
        QVERIFY2(r.error().message.contains(QStringLiteral("disk is full")),
                 qPrintable(r.error().message));
        QVERIFY(spool.scan().isEmpty());
        QCOMPARE(filesUnder(m_small + QStringLiteral("/spool")), (QMap<QString, qint64>()));
        QCOMPARE(spool.usedBytes(), 0);
    }

    // The reported defect: small snapshots on a full store became 0-byte objects recorded as
    // good, their spool copies deleted, and the job showed nothing.
    void fullStoreKeepsSnapshotsAndDeliversThemWhenSpaceIsFreed()
    {
        Rig rig;
        const QString root = m_store + QStringLiteral("/full");
        makeRig(rig, QStringLiteral("full"), root, m_dir.filePath(QStringLiteral("spool-full")));
        QSignalSpy stored(rig.sink.get(), &SnapshotSink::snapshotStored);
        fill(m_store, 4096);
        const QList<QPair<qint64, int>> captured{
            {1795000000000, Small}, {1795000010000, Large}, {1795000020000, Small}};
        for (const auto &[wallMs, size] : captured) {
            capture(rig, wallMs, size);
        }
        QTRY_COMPARE(rig.spool->scan().size(), 3);
        QTRY_VERIFY2(lastError(rig).startsWith(QStringLiteral("StorageFull: ")),
                     qPrintable(lastError(rig)));
        QVERIFY(hasEvent(rig, QStringLiteral("disk is full")));
        // A retry or two while the disk stays full: still nothing recorded, nothing partial.
        QTest::qWait(2500);
        QCOMPARE(stored.count(), 0);
        QVERIFY(recorded(rig).isEmpty());
        QCOMPARE(filesUnder(root), (QMap<QString, qint64>()));
        QCOMPARE(rig.spool->scan().size(), 3);
        QVERIFY(lastError(rig).startsWith(QStringLiteral("StorageFull: ")));

        drain(m_store);
        QTRY_COMPARE_WITH_TIMEOUT(stored.count(), 3, 15000);
        verifyDelivered(rig, root, captured);
        QVERIFY(rig.spool->scan().isEmpty());
        QCOMPARE(lastError(rig), QString());
        QVERIFY(hasEvent(rig, QStringLiteral("Snapshots are being stored again.")));
        QCOMPARE(rig.service->getLiveSnapshotJob(rig.jobId)->snapshotCount, 3);
    }

    // A large snapshot does not fit, the small one after it would: it waits its turn, so the
    // job's snapshots are stored, and numbered, in capture order.
    void newerSnapshotsWaitBehindOlderOnes()
    {
        Rig rig;
        const QString root = m_store + QStringLiteral("/order");
        makeRig(rig, QStringLiteral("order"), root, m_dir.filePath(QStringLiteral("spool-order")));
        QSignalSpy stored(rig.sink.get(), &SnapshotSink::snapshotStored);
        fill(m_store, 256 * 1024);
        const QList<QPair<qint64, int>> captured{{1795000000000, Large}, {1795000010000, Small}};
        for (const auto &[wallMs, size] : captured) {
            capture(rig, wallMs, size);
        }
        QTRY_COMPARE(rig.spool->scan().size(), 2);
        QTRY_VERIFY(lastError(rig).startsWith(QStringLiteral("StorageFull: ")));
        QCOMPARE(stored.count(), 0);
        QVERIFY(recorded(rig).isEmpty());

        drain(m_store);
        QTRY_COMPARE_WITH_TIMEOUT(stored.count(), 2, 10000);
        QCOMPARE(stored.at(0).at(2).toLongLong(), captured.at(0).first);
        QCOMPARE(stored.at(1).at(2).toLongLong(), captured.at(1).first);
        verifyDelivered(rig, root, captured);
    }

    void readOnlyStoreIsAnAlertUntilItIsWritable()
    {
        Rig rig;
        const QString root = m_readOnly + QStringLiteral("/store");
        QVERIFY(QDir().mkpath(root));
        makeRig(rig, QStringLiteral("readonly"), root, m_dir.filePath(QStringLiteral("spool-ro")));
        QSignalSpy stored(rig.sink.get(), &SnapshotSink::snapshotStored);
        const QByteArray mount = QFile::encodeName(m_readOnly);
        QVERIFY(::mount(nullptr, mount.constData(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) == 0);
        const Status direct = LocalFolderStore(root).put(QStringLiteral("a.jpg"), bytes(Small));
        QVERIFY(!direct.ok());
        QCOMPARE(direct.error().code, QStringLiteral("StorageReadOnly"));
        QVERIFY2(direct.error().message.contains(QStringLiteral("read-only")),
                 qPrintable(direct.error().message));

        capture(rig, 1795000000000, Small);
        QTRY_VERIFY2(lastError(rig).startsWith(QStringLiteral("StorageReadOnly: ")),
                     qPrintable(lastError(rig)));
        QVERIFY(hasEvent(rig, QStringLiteral("read-only")));
        QCOMPARE(rig.spool->scan().size(), 1);
        QVERIFY(recorded(rig).isEmpty());

        QVERIFY(::mount(nullptr, mount.constData(), nullptr, MS_REMOUNT, nullptr) == 0);
        QTRY_COMPARE_WITH_TIMEOUT(stored.count(), 1, 10000);
        verifyDelivered(rig, root, {{1795000000000, Small}});
        QCOMPARE(lastError(rig), QString());
    }

    // The data directory's disk fills: snapshots cannot be spooled, so they are lost (before
    // any sequence number is claimed), the job says so, and it recovers when space is freed.
    void fullDataDirectoryIsAnAlertThenRecovers()
    {
        Rig rig;
        const QString root = m_dir.filePath(QStringLiteral("store-spoolfull"));
        makeRig(rig, QStringLiteral("spoolfull"), root, m_small + QStringLiteral("/spool"));
        QSignalSpy stored(rig.sink.get(), &SnapshotSink::snapshotStored);
        fill(m_small, 4096);
        capture(rig, 1795000000000, Small);
        QTRY_VERIFY2(lastError(rig).startsWith(QStringLiteral("StorageFull: ")),
                     qPrintable(lastError(rig)));
        QVERIFY(hasEvent(rig, QStringLiteral("Snapshots are being lost")));
        QVERIFY(rig.spool->scan().isEmpty());
        QCOMPARE(filesUnder(m_small + QStringLiteral("/spool")), (QMap<QString, qint64>()));

        drain(m_small);
        capture(rig, 1795000010000, Small);
        QTRY_COMPARE_WITH_TIMEOUT(stored.count(), 1, 5000);
        verifyDelivered(rig, root, {{1795000010000, Small}});
        QCOMPARE(lastError(rig), QString());
        QVERIFY(hasEvent(rig, QStringLiteral("Snapshots are being stored again.")));
        QVERIFY(rig.spool->scan().isEmpty());
    }

    // The catalog's disk is full for a while, so a snapshot cannot claim its sequence number:
    // the snapshots captured after it wait behind it instead of taking the lower numbers (the
    // reported "sequence numbers out of time order" when the data directory fills).
    void fullCatalogDiskKeepsCaptureOrder()
    {
        Rig rig;
        const QString root = m_dir.filePath(QStringLiteral("store-catalogfull"));
        makeRig(rig, QStringLiteral("catalogfull"), root,
                m_dir.filePath(QStringLiteral("spool-catalogfull")), m_data);
        QSignalSpy stored(rig.sink.get(), &SnapshotSink::snapshotStored);
        fill(m_data, 0);
        capture(rig, 1795000000000, Small);
        QTest::qWait(200);
        QCOMPARE(stored.count(), 0);
        QCOMPARE(rig.spool->scan().size(), 1);
        drain(m_data);
        // Captured while the first still waits for its retry.
        capture(rig, 1795000010000, Small);
        capture(rig, 1795000020000, Small);
        QTRY_COMPARE_WITH_TIMEOUT(stored.count(), 3, 10000);
        verifyDelivered(rig, root,
                        {{1795000000000, Small}, {1795000010000, Small}, {1795000020000, Small}});
        QVERIFY(rig.spool->scan().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDiskFull)
#include "tst_diskfull.moc"
