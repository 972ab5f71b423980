// Engines sharing one catalog (SQLite here, PostgreSQL on the "_pg" twin): each registers and
// beats (ListEngines), jobs say which host runs them, and a job on a local folder of another
// machine waits for an engine there.
#include "../support/Await.h"
#include "../support/LocalJobs.h"
#include "../support/PostgresServer.h"
#include "catalog/EngineRepository.h"
#include "catalog/Schema.h"
#include "engine/Supervisor.h"
#include "service/SnapshotService.h"

#include <QHostInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace livesnap;

namespace {

// One engine: its own catalog connection, service, clock and supervisor, as a process would
// have. It only holds leases (no runner factory).
struct TestEngine {
    TestEngine(const QString &catalogLocation, const QString &dir, const QString &name)
    {
        if (!catalog.open(catalogLocation)) {
            qFatal("cannot open the test catalog");
        }
        service = std::make_unique<SnapshotService>(
            catalog, DataDirectory(dir),
            Clock([this] { return QDateTime::fromMSecsSinceEpoch(nowMs, QTimeZone::utc()); }));
        Supervisor::Options options;
        options.capacity = 5;
        options.leaseTtlMs = 10000;
        supervisor = std::make_unique<Supervisor>(*service, name, options);
    }

    qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    Catalog catalog;
    std::unique_ptr<SnapshotService> service;
    std::unique_ptr<Supervisor> supervisor;
};

} // namespace

class TestSharedEngines : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_catalog;

    std::unique_ptr<TestEngine> engine(const QString &name)
    {
        return std::make_unique<TestEngine>(m_catalog, m_dir->path(), name);
    }

    static QString startJob(SnapshotService &service, const QString &name,
                            const QString &bucket = QStringLiteral("default"))
    {
        auto id = service.submitLiveSnapshotJob(
            test::localJobSpec(schema::SystemOverwrite5s, name,
                               QStringLiteral("rtmp://127.0.0.1/live/") + name, bucket));
        if (!id) {
            qWarning() << id.error().message;
            return {};
        }
        if (auto s = service.sendLiveSnapshotJobCommand(*id, QStringLiteral("start")); !s) {
            qWarning() << s.error().message;
            return {};
        }
        return *id;
    }

    static Result<QString> addLocal(SnapshotService &service, const QString &bucket,
                                    bool sharedMount = false)
    {
        StorageLocation l;
        l.storageType = QStringLiteral("local");
        l.bucket = bucket;
        l.sharedMount = sharedMount;
        return test::await<Result<QString>>(
            [&](auto reply) { service.addStorageLocation(l, StorageCredentials(), reply); });
    }

    static std::optional<EngineInfo> findEngine(SnapshotService &service, const QString &id)
    {
        auto engines = service.listEngines();
        if (!engines) {
            return std::nullopt;
        }
        for (const EngineInfo &e : *engines) {
            if (e.engineId == id) {
                return e;
            }
        }
        return std::nullopt;
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_catalog = test::freshCatalogLocation(m_dir->filePath(QStringLiteral("catalog.sqlite")));
        QVERIFY(!m_catalog.isEmpty());
    }

    void engineRegistersBeatsAndUnregisters()
    {
        auto a = engine(QStringLiteral("serve@test:1:aa"));
        auto console = engine(QStringLiteral("console"));
        // A row of an engine that died two days ago: pruned when an engine starts.
        EngineInfo dead;
        dead.engineId = QStringLiteral("serve@gone:2:bb");
        dead.host = QStringLiteral("gone");
        dead.startTime = QDateTime::fromMSecsSinceEpoch(a->nowMs - 3 * 86400000LL);
        QVERIFY(EngineRepository(a->catalog).registerEngine(dead, a->nowMs - 2 * 86400000LL));
        QVERIFY(findEngine(*console->service, dead.engineId));

        const QString j1 = startJob(*console->service, QStringLiteral("cam1"));
        const QString j2 = startJob(*console->service, QStringLiteral("cam2"));
        QVERIFY(!j1.isEmpty() && !j2.isEmpty());
        a->supervisor->start();
        auto info = findEngine(*console->service, a->supervisor->ownerId());
        QVERIFY(info);
        QCOMPARE(info->host, QHostInfo::localHostName());
        QCOMPARE(info->pid, QCoreApplication::applicationPid());
        QCOMPARE(info->capacity, 5);
        QCOMPARE(info->jobCount, 2); // the first tick, right after registering, took both
        QVERIFY(info->capture);
        QVERIFY(info->alive);
        QCOMPARE(info->startTime.toMSecsSinceEpoch(), a->nowMs);
        QVERIFY(!findEngine(*console->service, dead.engineId)); // pruned

        // Jobs name the engine and its host.
        auto job = console->service->getLiveSnapshotJob(j1);
        QVERIFY(job);
        QCOMPARE(job->leaseOwner, a->supervisor->ownerId());
        QCOMPARE(job->engineHost, QHostInfo::localHostName());
        QCOMPARE(job->toJson().value(QStringLiteral("EngineHost")).toString(),
                 QHostInfo::localHostName());

        // Each tick beats with the jobs held.
        QVERIFY(console->service->sendLiveSnapshotJobCommand(j2, QStringLiteral("stop")));
        a->nowMs += 3000;
        a->supervisor->tick();
        info = findEngine(*console->service, a->supervisor->ownerId());
        QVERIFY(info);
        QCOMPARE(info->jobCount, 1);
        QCOMPARE(info->lastHeartbeat.toMSecsSinceEpoch(), a->nowMs);

        // Not alive once it stopped beating for longer than EngineAliveWithinMs.
        console->nowMs = a->nowMs + SnapshotService::EngineAliveWithinMs + 1000;
        QVERIFY(!findEngine(*console->service, a->supervisor->ownerId())->alive);

        // A row removed behind its back (pruned while it was paused) comes back on the next tick.
        QVERIFY(EngineRepository(a->catalog).unregisterEngine(a->supervisor->ownerId()));
        QVERIFY(!findEngine(*console->service, a->supervisor->ownerId()));
        a->nowMs += 1000;
        a->supervisor->tick();
        info = findEngine(*console->service, a->supervisor->ownerId());
        QVERIFY(info);
        QCOMPARE(info->jobCount, 1);
        QCOMPARE(info->startTime.toMSecsSinceEpoch(), a->nowMs - 4000); // still its start

        // A clean stop leaves the list.
        a->supervisor->shutdown();
        QVERIFY(!findEngine(*console->service, a->supervisor->ownerId()));
        auto engines = console->service->listEngines();
        QVERIFY(engines);
        QVERIFY(engines->isEmpty());
        job = console->service->getLiveSnapshotJob(j1);
        QVERIFY(job->leaseOwner.isEmpty());
        QVERIFY(job->engineHost.isEmpty());
    }

    // Jobs started at once spread: an engine claims its fair share (started jobs / live engines)
    // first, and what the others left only after a few ticks.
    void fairShareFirstThenLeftovers()
    {
        auto a = engine(QStringLiteral("serve@here:1:aa"));
        auto console = engine(QStringLiteral("console"));
        EngineRepository engines(a->catalog);
        EngineInfo other; // alive, but it never claims (full, say)
        other.engineId = QStringLiteral("serve@elsewhere:9:cc");
        other.host = QStringLiteral("elsewhere");
        other.startTime = QDateTime::fromMSecsSinceEpoch(a->nowMs);
        QVERIFY(engines.registerEngine(other, a->nowMs));
        QStringList ids;
        for (int i = 0; i < 4; ++i) {
            ids << startJob(*console->service, QStringLiteral("cam%1").arg(i));
            QVERIFY(!ids.last().isEmpty());
        }
        a->supervisor->start();
        QCOMPARE(a->supervisor->runningJobIds().size(), 2); // ceil(4 / 2 engines)
        a->nowMs += 1000;
        QVERIFY(engines.heartbeat(other.engineId, a->nowMs, 0));
        a->supervisor->tick();
        QCOMPARE(a->supervisor->runningJobIds().size(), 2); // the other may still take them
        a->nowMs += 3000;
        QVERIFY(engines.heartbeat(other.engineId, a->nowMs, 0));
        a->supervisor->tick();
        QCOMPARE(a->supervisor->runningJobIds().size(), 4); // left for 3 ticks: taken
        QCOMPARE(findEngine(*console->service, a->supervisor->ownerId())->jobCount, 4);
        a->supervisor->shutdown();
    }

    void localFoldersBelongToTheirHost()
    {
        auto a = engine(QStringLiteral("serve@here:1:aa"));
        auto console = engine(QStringLiteral("console"));
        SnapshotService &s = *console->service;
        auto mine = addLocal(s, QStringLiteral("mine"));
        auto shared = addLocal(s, QStringLiteral("nas"), true);
        auto theirs = addLocal(s, QStringLiteral("theirs"));
        QVERIFY(mine && shared && theirs);
        auto locations = s.listStorageLocations();
        QVERIFY(locations);
        QHash<QString, StorageLocation> byBucket;
        for (const StorageLocation &l : *locations) {
            byBucket.insert(l.bucket, l);
        }
        // In a shared catalog a local folder belongs to the machine that added it; in a catalog
        // of one machine (SQLite) every engine is on that machine, so none is bound.
        const QString here = console->catalog.isPostgres() ? QHostInfo::localHostName() : QString();
        QCOMPARE(byBucket.value(QStringLiteral("mine")).host, here);
        QCOMPARE(byBucket.value(QStringLiteral("default")).host, QString());
        QCOMPARE(byBucket.value(QStringLiteral("nas")).host, QString());
        QVERIFY(byBucket.value(QStringLiteral("nas")).sharedMount);
        QCOMPARE(byBucket.value(QStringLiteral("mine")).toJson().value(QStringLiteral("Host")),
                 QJsonValue(here));

        // Only a folder can be a shared mount.
        StorageLocation remote;
        remote.storageType = QStringLiteral("s3");
        remote.endpoint = QStringLiteral("https://s3.example.com");
        remote.bucket = QStringLiteral("b");
        remote.region = QStringLiteral("us-east-1");
        remote.sharedMount = true;
        auto refused = test::await<Result<QString>>([&](auto reply) {
            s.addStorageLocation(
                remote, StorageCredentials{QStringLiteral("AK"), QStringLiteral("SK")}, reply);
        });
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QStringLiteral("InvalidParameter.SharedMount"));

        // "theirs" as another machine's engine added it.
        QVERIFY(console->catalog.exec(
            QStringLiteral("UPDATE storage_locations SET host = 'far-away' WHERE location_id = ?"),
            {*theirs}));
        const QString onDefault = startJob(s, QStringLiteral("cam1"));
        const QString onMine = startJob(s, QStringLiteral("cam2"), QStringLiteral("mine"));
        const QString onNas = startJob(s, QStringLiteral("cam3"), QStringLiteral("nas"));
        const QString onTheirs = startJob(s, QStringLiteral("cam4"), QStringLiteral("theirs"));
        // Two stores, one of them another machine's: that machine's engines run it.
        JobSpec both;
        both.jobName = QStringLiteral("cam5");
        both.templateId = schema::SystemOverwrite5s;
        both.streamInput.url = QStringLiteral("rtmp://127.0.0.1/live/cam5");
        both.snapshotOutput =
            SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
        both.snapshotOutputs = {
            both.snapshotOutput,
            SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("theirs")}};
        auto twoStores = s.submitLiveSnapshotJob(both);
        QVERIFY(twoStores);
        QVERIFY(s.sendLiveSnapshotJobCommand(*twoStores, QStringLiteral("start")));

        // Folders of two machines: no engine could run it.
        auto elsewhere = addLocal(s, QStringLiteral("elsewhere"));
        QVERIFY(elsewhere);
        QVERIFY(console->catalog.exec(
            QStringLiteral(
                "UPDATE storage_locations SET host = 'other-place' WHERE location_id = ?"),
            {*elsewhere}));
        both.snapshotOutputs.append(
            SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("elsewhere")});
        auto split = s.submitLiveSnapshotJob(both);
        QVERIFY(!split);
        QCOMPARE(split.error().code, QStringLiteral("InvalidParameter.SnapshotOutput"));
        QVERIFY2(split.error().message.contains(QStringLiteral("far-away")),
                 qPrintable(split.error().message));

        a->supervisor->start();
        QStringList running = a->supervisor->runningJobIds();
        running.sort();
        QStringList expected{onDefault, onMine, onNas};
        expected.sort();
        QCOMPARE(running, expected);

        for (const QString &id : {onTheirs, *twoStores}) {
            auto job = s.getLiveSnapshotJob(id);
            QVERIFY(job);
            QCOMPARE(job->streamState, QStringLiteral("waiting"));
            QCOMPARE(job->waitingForHost, QStringLiteral("far-away"));
            QCOMPARE(job->toJson().value(QStringLiteral("WaitingForHost")).toString(),
                     QStringLiteral("far-away"));
            QVERIFY(job->leaseOwner.isEmpty());
        }
        auto held = s.getLiveSnapshotJob(onMine);
        QVERIFY(held->waitingForHost.isEmpty()); // it runs
        QVERIFY(!held->leaseOwner.isEmpty());

        // Marked as a shared mount, every engine may run its jobs.
        StorageLocation update = byBucket.value(QStringLiteral("theirs"));
        update.locationId = *theirs;
        update.sharedMount = true;
        QVERIFY(test::await<Status>(
            [&](auto reply) { s.updateStorageLocation(update, StorageCredentials(), reply); }));
        a->nowMs += 1000;
        a->supervisor->tick();
        QVERIFY(a->supervisor->runningJobIds().contains(onTheirs));
        QVERIFY(a->supervisor->runningJobIds().contains(*twoStores));
        QVERIFY(s.getLiveSnapshotJob(onTheirs)->waitingForHost.isEmpty());
        a->supervisor->shutdown();
    }
};

QTEST_GUILESS_MAIN(TestSharedEngines)
#include "tst_sharedengines.moc"
