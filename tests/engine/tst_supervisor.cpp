#include "../support/LocalJobs.h"
#include "../support/PostgresServer.h"
#include "catalog/LeaseRepository.h"
#include "catalog/Schema.h"
#include "engine/Supervisor.h"
#include "service/SnapshotService.h"

#include <QHash>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace livesnap;

namespace {

// The catalog every engine of the current test opens: an SQLite file in the test's directory,
// or (the _pg twin) a PostgreSQL database, emptied before each test.
QString g_catalogLocation;

// One engine: its own catalog connection, service, clock and supervisor, as a separate
// process would have. Runners record which jobs they run.
struct TestEngine {
    struct Runner : RunningJob {
        Runner(QStringList &live, QString id)
            : m_live(live)
            , m_id(std::move(id))
        {
            m_live << m_id;
        }
        ~Runner() override { m_live.removeOne(m_id); }
        void requestSnapshot() override { ++snapshotsAsked; }
        QStringList &m_live;
        QString m_id;
        int snapshotsAsked = 0;
    };

    TestEngine(const QString &dir, const QString &name, int capacity = 1000)
    {
        if (!catalog.open(g_catalogLocation)) {
            qFatal("cannot open the test catalog");
        }
        service = std::make_unique<SnapshotService>(
            catalog, DataDirectory(dir),
            Clock([this] { return QDateTime::fromMSecsSinceEpoch(nowMs, QTimeZone::utc()); }));
        Supervisor::Options options;
        options.capacity = capacity;
        options.leaseTtlMs = 10000;
        supervisor = std::make_unique<Supervisor>(*service, name, options);
        supervisor->setRunnerFactory([this](const SnapshotJob &job) {
            ++launched;
            auto runner = std::make_unique<Runner>(live, job.jobId);
            runners[job.jobId] = runner.get();
            return runner;
        });
    }

    // Declared first so it outlives the supervisor, whose runners remove themselves from it.
    QStringList live;
    qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    Catalog catalog;
    std::unique_ptr<SnapshotService> service;
    std::unique_ptr<Supervisor> supervisor;
    int launched = 0;
    QHash<QString, Runner *> runners; // the newest runner of each job
};

} // namespace

class TestSupervisor : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;

    QStringList startJobs(SnapshotService &service, int n)
    {
        QStringList ids;
        for (int i = 0; i < n; ++i) {
            const QString id = test::startLocalJob(
                service, schema::SystemOverwrite5s, QStringLiteral("cam%1").arg(i),
                QStringLiteral("rtmp://127.0.0.1/live/cam%1").arg(i));
            if (id.isEmpty()) {
                return {};
            }
            ids << id;
        }
        return ids;
    }

    static QStringList sorted(QStringList list)
    {
        list.sort();
        return list;
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        g_catalogLocation =
            test::freshCatalogLocation(m_dir->filePath(QStringLiteral("catalog.sqlite")));
        QVERIFY(!g_catalogLocation.isEmpty());
    }

    void secondEngineNeverTakesALeasedJob()
    {
        TestEngine a(m_dir->path(), QStringLiteral("A"));
        TestEngine b(m_dir->path(), QStringLiteral("B"));
        const QStringList ids = startJobs(*a.service, 3);
        QCOMPARE(ids.size(), 3);
        QSignalSpy acquired(a.supervisor.get(), &Supervisor::jobAcquired);
        a.supervisor->tick();
        QCOMPARE(acquired.count(), 3);
        QCOMPARE(sorted(a.live), sorted(ids));
        for (int round = 0; round < 3; ++round) {
            b.nowMs += 2000;
            a.nowMs += 2000;
            b.supervisor->tick();
            a.supervisor->tick();
        }
        QVERIFY(b.live.isEmpty());
        QCOMPARE(a.launched, 3); // renewals do not relaunch
        auto job = b.service->getLiveSnapshotJob(ids.first());
        QCOMPARE(job->leaseOwner, QStringLiteral("A"));
        QCOMPARE(job->streamState, QStringLiteral("connecting"));
    }

    void capacitySharesJobsBetweenEngines()
    {
        TestEngine a(m_dir->path(), QStringLiteral("A"), 2);
        TestEngine b(m_dir->path(), QStringLiteral("B"), 2);
        const QStringList ids = startJobs(*a.service, 3);
        a.supervisor->tick();
        b.supervisor->tick();
        QCOMPARE(a.live.size(), 2);
        QCOMPARE(b.live.size(), 1);
        QCOMPARE(sorted(a.live + b.live), sorted(ids));
    }

    void expiredLeaseIsTakenOver()
    {
        TestEngine a(m_dir->path(), QStringLiteral("A"));
        TestEngine b(m_dir->path(), QStringLiteral("B"));
        const QStringList ids = startJobs(*a.service, 2);
        a.supervisor->tick();
        QCOMPARE(a.live.size(), 2);
        // A stops renewing (hung or killed); before the TTL nothing moves...
        b.nowMs = a.nowMs + 9000;
        b.supervisor->tick();
        QVERIFY(b.live.isEmpty());
        // ...after it, B takes both.
        b.nowMs = a.nowMs + 10001;
        b.supervisor->tick();
        QCOMPARE(sorted(b.live), sorted(ids));
        // A wakes up: it has lost the leases and must stop running the jobs.
        QSignalSpy released(a.supervisor.get(), &Supervisor::jobReleased);
        a.supervisor->tick();
        QVERIFY(a.live.isEmpty());
        QCOMPARE(released.count(), 2);
        LeaseRepository leases(b.catalog);
        QCOMPARE(*leases.owner(ids.first(), b.nowMs), QStringLiteral("B"));
    }

    // A paused past its lease: a write refused under its fence (onLeaseLost) stops the job at
    // once, before A's next tick; the event names both engines and the lost epoch; A keeps the
    // lost fence for the job (late writes stay refused) and does not release B's lease; A's
    // usage interval is not extended over the pause.
    void pausedEngineIsFencedAndSaysSo()
    {
        TestEngine a(m_dir->path(), QStringLiteral("A"));
        TestEngine b(m_dir->path(), QStringLiteral("B"));
        const QStringList ids = startJobs(*a.service, 2);
        a.supervisor->tick();
        const QString id = ids.first();
        const LeaseFence held = a.supervisor->fenceOf(id);
        QCOMPARE(held.owner, QStringLiteral("A"));
        QVERIFY(held.epoch > 0);
        QVERIFY(!b.supervisor->fenceOf(id).isSet()); // never held by B: unfenced
        const qint64 pausedAt = a.nowMs;
        b.nowMs = a.nowMs + 10001;
        b.supervisor->tick();
        QCOMPARE(b.live.size(), 2);
        QVERIFY(b.supervisor->fenceOf(id).epoch > held.epoch);

        a.nowMs = b.nowMs + 500;
        QSignalSpy released(a.supervisor.get(), &Supervisor::jobReleased);
        a.supervisor->onLeaseLost(id);
        QCOMPARE(released.count(), 1);
        QVERIFY(!a.live.contains(id));
        QCOMPARE(a.supervisor->fenceOf(id).epoch, held.epoch);
        QCOMPARE(*LeaseRepository(b.catalog).owner(id, b.nowMs), QStringLiteral("B"));
        auto events = a.service->listLiveSnapshotJobEvents(id, 20);
        QVERIFY(events);
        QVERIFY(std::any_of(events->cbegin(), events->cend(), [&](const JobEvent &e) {
            return e.message ==
                   QStringLiteral("Engine A lost its lease (epoch %1) while paused; stopped "
                                  "capturing; engine B holds the job.")
                       .arg(held.epoch);
        }));
        // The other job goes at A's next tick, the same way; one event each.
        a.supervisor->tick();
        QVERIFY(a.live.isEmpty());
        QCOMPARE(released.count(), 2);
        // A's usage intervals end where its last beat left them (before the pause).
        auto usage = a.catalog.scalar(
            QStringLiteral("SELECT MAX(end_time) FROM usage_intervals WHERE owner = 'A'"));
        QVERIFY(usage);
        QVERIFY(usage->toLongLong() <= pausedAt);
    }

    void stopFromAnotherProcessEndsTheJob()
    {
        TestEngine a(m_dir->path(), QStringLiteral("A"));
        TestEngine cli(m_dir->path(), QStringLiteral("cli"));
        const QStringList ids = startJobs(*a.service, 2);
        a.supervisor->tick();
        QCOMPARE(a.live.size(), 2);
        QVERIFY(cli.service->sendLiveSnapshotJobCommand(ids.first(), QStringLiteral("stop")).ok());
        a.supervisor->tick();
        QCOMPARE(a.live, QStringList{ids.last()});
        LeaseRepository leases(a.catalog);
        QCOMPARE(*leases.owner(ids.first(), a.nowMs), QString());
        QCOMPARE(cli.service->getLiveSnapshotJob(ids.first())->streamState, QStringLiteral("idle"));
    }

    // "snapshot" commands, from this process or another, reach the job's runner on the next
    // tick: once however many came in between, and those from before it ran are not replayed.
    void snapshotCommandsReachTheRunner()
    {
        TestEngine a(m_dir->path(), QStringLiteral("A"));
        TestEngine cli(m_dir->path(), QStringLiteral("cli"));
        const QStringList ids = startJobs(*a.service, 2);
        const QString &job = ids.first();
        QVERIFY(cli.service->sendLiveSnapshotJobCommand(job, QStringLiteral("snapshot")).ok());
        a.supervisor->tick();
        QCOMPARE(a.live.size(), 2);
        QCOMPARE(a.runners.value(job)->snapshotsAsked, 0); // its first keyframe is taken anyway
        a.supervisor->tick();
        QCOMPARE(a.runners.value(job)->snapshotsAsked, 0);

        QVERIFY(cli.service->sendLiveSnapshotJobCommand(job, QStringLiteral("snapshot")).ok());
        a.supervisor->tick();
        QCOMPARE(a.runners.value(job)->snapshotsAsked, 1);
        QCOMPARE(a.runners.value(ids.last())->snapshotsAsked, 0);
        a.supervisor->tick();
        QCOMPARE(a.runners.value(job)->snapshotsAsked, 1);

        QVERIFY(a.service->sendLiveSnapshotJobCommand(job, QStringLiteral("snapshot")).ok());
        QVERIFY(cli.service->sendLiveSnapshotJobCommand(job, QStringLiteral("snapshot")).ok());
        a.supervisor->tick();
        QCOMPARE(a.runners.value(job)->snapshotsAsked, 2);
        QCOMPARE(a.launched, 2); // no restart on the way
    }

    void restartRelaunchesTheRunner()
    {
        TestEngine a(m_dir->path(), QStringLiteral("A"));
        const QStringList ids = startJobs(*a.service, 1);
        a.supervisor->tick();
        QCOMPARE(a.launched, 1);
        QVERIFY(a.service->sendLiveSnapshotJobCommand(ids.first(), QStringLiteral("restart")).ok());
        a.supervisor->tick();
        QCOMPARE(a.launched, 2);
        QCOMPARE(a.live, ids);
    }

    // A job started before {JobId} became required: held (no other engine tries it), never
    // run, with an alert; once the template is fixed, a restart runs it.
    void startedJobOnAnUnsafeTemplateIsHeldNotRun()
    {
        TestEngine a(m_dir->path(), QStringLiteral("A"));
        TemplateSpec spec;
        spec.templateName = QStringLiteral("old shared");
        spec.timeInterval = 5;
        spec.sequenceFormat = QStringLiteral("shared/{JobId}/{Sequence}.jpg");
        auto templateId = a.service->createLiveSnapshotTemplate(spec);
        QVERIFY(templateId);
        JobSpec job;
        job.jobName = QStringLiteral("legacy");
        job.templateId = *templateId;
        job.streamInput.url = QStringLiteral("rtmp://127.0.0.1/live/legacy");
        job.snapshotOutput =
            SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
        auto jobId = a.service->submitLiveSnapshotJob(job);
        QVERIFY(jobId);
        QVERIFY(a.service->sendLiveSnapshotJobCommand(*jobId, QStringLiteral("start")).ok());
        // As an older version left it: no {JobId} in the format.
        {
            QSqlQuery q(a.catalog.database());
            QVERIFY(q.prepare(
                QStringLiteral("UPDATE templates SET sequence_format = ? WHERE template_id = ?")));
            q.addBindValue(QStringLiteral("shared/{Sequence}.jpg"));
            q.addBindValue(*templateId);
            QVERIFY(q.exec());
        }
        a.supervisor->tick();
        QCOMPARE(a.launched, 0);
        QCOMPARE(a.supervisor->runningJobIds(), QStringList{*jobId});
        auto held = a.service->getLiveSnapshotJob(*jobId);
        QVERIFY(held);
        QVERIFY2(held->lastError.startsWith(QStringLiteral("TemplateFormatUnsafe: ")),
                 qPrintable(held->lastError));
        // Another engine does not take it either.
        TestEngine b(m_dir->path(), QStringLiteral("B"));
        b.supervisor->tick();
        QCOMPARE(b.launched, 0);
        a.nowMs += 2000;
        a.supervisor->tick();
        QCOMPARE(a.launched, 0);

        TemplateUpdate fix;
        fix.templateId = *templateId;
        fix.sequenceFormat = QStringLiteral("shared/{JobId}/{Sequence}.jpg");
        QVERIFY(a.service->updateLiveSnapshotTemplate(fix).ok());
        QVERIFY(a.service->sendLiveSnapshotJobCommand(*jobId, QStringLiteral("restart")).ok());
        a.supervisor->tick();
        QCOMPARE(a.launched, 1);
        QCOMPARE(a.live, QStringList{*jobId});
    }

    void shutdownReleasesLeasesAtOnce()
    {
        TestEngine a(m_dir->path(), QStringLiteral("A"));
        TestEngine b(m_dir->path(), QStringLiteral("B"));
        const QStringList ids = startJobs(*a.service, 2);
        a.supervisor->tick();
        a.supervisor->shutdown();
        QVERIFY(a.live.isEmpty());
        b.nowMs = a.nowMs; // no waiting for expiry
        b.supervisor->tick();
        QCOMPARE(sorted(b.live), sorted(ids));
        // The jobs stay started: a shutdown is not a stop.
        QCOMPARE(b.service->getLiveSnapshotJob(ids.first())->status, QStringLiteral("started"));
    }

    void deletedJobIsDropped()
    {
        TestEngine a(m_dir->path(), QStringLiteral("A"));
        const QStringList ids = startJobs(*a.service, 1);
        a.supervisor->tick();
        QVERIFY(a.service->sendLiveSnapshotJobCommand(ids.first(), QStringLiteral("stop")).ok());
        QVERIFY(a.service->deleteLiveSnapshotJob(ids.first()).ok());
        a.supervisor->tick();
        QVERIFY(a.live.isEmpty());
    }

    void startedJobWithoutEngineIsWaiting()
    {
        TestEngine a(m_dir->path(), QStringLiteral("A"));
        const QStringList ids = startJobs(*a.service, 1);
        QCOMPARE(a.service->getLiveSnapshotJob(ids.first())->streamState,
                 QStringLiteral("waiting"));
        a.supervisor->tick();
        a.nowMs += 20000; // the engine died long ago
        QCOMPARE(a.service->getLiveSnapshotJob(ids.first())->streamState,
                 QStringLiteral("waiting"));
        QCOMPARE(a.service->getLiveSnapshotJob(ids.first())->leaseOwner, QString());
    }
};

QTEST_GUILESS_MAIN(TestSupervisor)
#include "tst_supervisor.moc"
