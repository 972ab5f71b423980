#include "catalog/Schema.h"
#include "service/CatalogWatcher.h"
#include "service/SnapshotService.h"

#include "../support/LocalJobs.h"
#include "../support/PostgresServer.h"
#include "../support/SnapshotFiles.h"
#include <QSignalSpy>

#include <QTemporaryDir>
#include <QTest>

using namespace livesnap;

// The live catalog: two services on one catalog file (two connections, as two processes have)
// see each other's changes as their own precise signals, within 2 s, from the change log alone;
// their own changes are not signalled twice; bursts are coalesced; a pruned log resynchronises.
class TestCatalogWatcher : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Catalog> m_catalogA;
    std::unique_ptr<Catalog> m_catalogB;
    std::unique_ptr<SnapshotService> m_a;
    std::unique_ptr<SnapshotService> m_b;

    static JobSpec spec(const QString &name)
    {
        return test::localJobSpec(schema::SystemRealtime10s, name,
                                  QStringLiteral("rtmp://127.0.0.1/live/") + name);
    }
    static SnapshotFile snapshot(const QString &jobId, qint64 sequence)
    {
        return test::localSnapshot(jobId, 1795000000000 + sequence * 1000, sequence);
    }
    static QStringList ids(const QSignalSpy &spy)
    {
        QStringList out;
        for (const QList<QVariant> &args : spy) {
            out << args.at(0).toString();
        }
        return out;
    }
    int changeRows()
    {
        return m_catalogA->scalar(QStringLiteral("SELECT COUNT(*) FROM catalog_changes"))->toInt();
    }

private slots:
    void init()
    {
        m_b.reset();
        m_a.reset();
        m_catalogB.reset();
        m_catalogA.reset();
        // An SQLite file, or on the _pg twin a PostgreSQL database shared by both services.
        const QString path =
            test::freshCatalogLocation(m_dir.filePath(QStringLiteral("catalog.sqlite")));
        QVERIFY(!path.isEmpty());
        m_catalogA = std::make_unique<Catalog>();
        m_catalogB = std::make_unique<Catalog>();
        QVERIFY(m_catalogA->open(path).ok());
        QVERIFY(m_catalogB->open(path).ok());
        m_a = std::make_unique<SnapshotService>(*m_catalogA, DataDirectory(m_dir.path()));
        m_b = std::make_unique<SnapshotService>(*m_catalogB, DataDirectory(m_dir.path()));
    }

    void otherServicesChangesArrive()
    {
        m_b->watchCatalog(100);
        QSignalSpy templates(m_b.get(), &SnapshotService::templatesChanged);
        QSignalSpy changed(m_b.get(), &SnapshotService::jobChanged);
        QSignalSpy removed(m_b.get(), &SnapshotService::jobRemoved);
        QSignalSpy files(m_b.get(), &SnapshotService::filesChanged);
        QSignalSpy locations(m_b.get(), &SnapshotService::storageLocationsChanged);

        QVERIFY(m_a->createLiveSnapshotTemplate(
            TemplateSpec{QStringLiteral("t"), 30, QStringLiteral("s/{JobId}.jpg"), QString()}));
        QTRY_COMPARE_WITH_TIMEOUT(templates.count(), 1, 2000);

        const auto id = m_a->submitLiveSnapshotJob(spec(QStringLiteral("cam")));
        QVERIFY(id);
        QTRY_COMPARE_WITH_TIMEOUT(ids(changed), QStringList{*id}, 2000);

        QVERIFY(m_a->recordSnapshot({snapshot(*id, 1)}, schema::DefaultLocationId).ok());
        QTRY_COMPARE_WITH_TIMEOUT(ids(files), QStringList{*id}, 2000);

        QVERIFY(m_a->catalog()
                    .exec(QStringLiteral("UPDATE storage_locations SET modified_time = "
                                         "modified_time + 1"))
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(locations.count(), 1, 2000);

        // The callback settings, but not an engine's own notes in the settings table.
        QSignalSpy callbackSettings(m_b.get(), &SnapshotService::callbackSettingsChanged);
        QVERIFY(m_a->catalog()
                    .setSetting(QStringLiteral("callback_url"), QStringLiteral("http://x/cb"))
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(callbackSettings.count(), 1, 2000);
        m_a->setCallbackDeliveryHeld(QStringLiteral("no keychain"));
        QTest::qWait(300);
        QCOMPARE(callbackSettings.count(), 1);

        changed.clear();
        files.clear();
        QVERIFY(m_a->deleteLiveSnapshotJob(*id).ok());
        QTRY_COMPARE_WITH_TIMEOUT(ids(removed), QStringList{*id}, 2000);
        // The cascade's removed files and the job's last state are not signalled for a job that
        // is gone.
        QCOMPARE(changed.count(), 0);
        QCOMPARE(files.count(), 0);
        QCOMPARE(templates.count(), 1);
    }

    void ownChangesAreNotSignalledTwice()
    {
        m_b->watchCatalog(50);
        QSignalSpy changed(m_b.get(), &SnapshotService::jobChanged);
        QSignalSpy templates(m_b.get(), &SnapshotService::templatesChanged);
        const auto own = m_b->submitLiveSnapshotJob(spec(QStringLiteral("own")));
        QVERIFY(own);
        QCOMPARE(changed.count(), 1); // the operation's own signal
        QTest::qWait(300);            // several ticks
        QCOMPARE(changed.count(), 1);
        // Another process's change afterwards brings only that change.
        QVERIFY(m_a->createLiveSnapshotTemplate(
            TemplateSpec{QStringLiteral("t"), 30, QStringLiteral("s/{JobId}.jpg"), QString()}));
        QTRY_COMPARE_WITH_TIMEOUT(templates.count(), 1, 2000);
        QTest::qWait(200);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(templates.count(), 1);
    }

    // One tick's burst: one signal per job and kind.
    void coalescesAndPrunes()
    {
        const QString one = *m_a->submitLiveSnapshotJob(spec(QStringLiteral("one")));
        const QString two = *m_a->submitLiveSnapshotJob(spec(QStringLiteral("two")));
        ServiceContext context(*m_catalogB, DataDirectory(m_dir.path()), Clock());
        CatalogWatcher watcher(context);
        watcher.start(3600 * 1000); // ticks only when the test calls check()
        QSignalSpy changed(&context.notifier(), &ServiceNotifier::jobChanged);
        QSignalSpy files(&context.notifier(), &ServiceNotifier::filesChanged);
        QSignalSpy templates(&context.notifier(), &ServiceNotifier::templatesChanged);
        watcher.check();
        QCOMPARE(changed.count(), 0); // nothing new since start

        for (qint64 seq = 1; seq <= 5; ++seq) {
            QVERIFY(m_a->recordSnapshot({snapshot(one, seq)}, schema::DefaultLocationId).ok());
        }
        QVERIFY(m_a->reportJobAlert(two, QStringLiteral("x")).ok());
        watcher.check();
        QCOMPARE(ids(changed), (QStringList{one, two}));
        QCOMPARE(ids(files), QStringList{one});
        QCOMPARE(templates.count(), 0);

        // Far more changes than the log keeps: it stays small, and a watcher that missed rows
        // signals every job and list once.
        changed.clear();
        files.clear();
        {
            CatalogTransaction tx(*m_catalogA);
            for (int i = 0; i < schema::ChangeLogKeep + 2 * schema::ChangeLogPruneEvery; ++i) {
                QVERIFY(
                    m_catalogA
                        ->exec(QStringLiteral("UPDATE jobs SET last_error = ? WHERE job_id = ?"),
                               {QString::number(i), one})
                        .ok());
            }
            QVERIFY(tx.commit().ok());
        }
        QVERIFY(changeRows() <= schema::ChangeLogKeep + schema::ChangeLogPruneEvery);
        watcher.check();
        QCOMPARE(templates.count(), 1);
        QStringList all = ids(changed);
        all.sort();
        QStringList expected{one, two};
        expected.sort();
        QCOMPARE(all, expected);
        watcher.check();
        QCOMPARE(changed.count(), 2);

        // A log that started over (a catalog restored from a copy) resynchronises too.
        changed.clear();
        QVERIFY(m_catalogA->exec(QStringLiteral("DELETE FROM catalog_changes")).ok());
        if (m_catalogA->isPostgres()) { // as a restore of an older copy would leave it
            QVERIFY(
                m_catalogA->exec(QStringLiteral("ALTER SEQUENCE catalog_changes_seq_seq RESTART"))
                    .ok());
        }
        QVERIFY(m_a->reportJobAlert(two, QStringLiteral("y")).ok());
        watcher.check();
        all = ids(changed);
        all.sort();
        QCOMPARE(all, expected);
    }
};

QTEST_GUILESS_MAIN(TestCatalogWatcher)
#include "tst_catalogwatcher.moc"
