#include "ServiceFixture.h"
#include "catalog/LeaseRepository.h"

#include "../support/SnapshotFiles.h"
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace livesnap;

// EngineReports over a real catalog: what a running engine records about its jobs, and the
// callbacks and signals that follow.
class TestEngineReports : public QObject {
    Q_OBJECT

private:
    test::ServiceFixture m_fx;

    ServiceAreas &a() { return m_fx.areas(); }

    SnapshotFile snapshot(const QString &jobId, qint64 ts, qint64 sequence)
    {
        return test::localSnapshot(jobId, ts, sequence);
    }
    int pendingCallbacks(const QString &jobId)
    {
        return *m_fx.context().callbacks().pendingCount(jobId);
    }

private slots:
    void init() { QVERIFY(m_fx.reset()); }

    void sequencesCountUp()
    {
        const QString id = m_fx.submit(QStringLiteral("cam"));
        QCOMPARE(*a().engineReports.allocateSequence(id), 1);
        QCOMPARE(*a().engineReports.allocateSequence(id), 2);
        // A snapshot claims a sequence once; asked again, it gets the same one.
        const qint64 ts = 1795000000000;
        auto claimed = a().engineReports.claimSequence(id, ts);
        QVERIFY(claimed && claimed->has_value());
        QCOMPARE(*a().engineReports.claimSequence(id, ts), *claimed);
        // Once recorded, it is not claimed again.
        QVERIFY(a().engineReports
                    .recordSnapshot({snapshot(id, ts, **claimed)}, schema::DefaultLocationId)
                    .ok());
        auto again = a().engineReports.claimSequence(id, ts);
        QVERIFY(again);
        QVERIFY(!again->has_value());
    }

    // A recorded snapshot changes the job and its files, and queues snapshot.created for the
    // job's callback URL; recording it again queues nothing more.
    void recordSnapshotSignalsAndQueues()
    {
        JobSpec spec = test::ServiceFixture::jobSpec(QStringLiteral("cam"));
        spec.callbackUrl = QStringLiteral("http://127.0.0.1:9/cb");
        const QString id = *a().jobs.submitLiveSnapshotJob(spec);
        QSignalSpy files(&m_fx.notifier(), &ServiceNotifier::filesChanged);
        QSignalSpy jobs(&m_fx.notifier(), &ServiceNotifier::jobChanged);
        QSignalSpy queued(&m_fx.notifier(), &ServiceNotifier::callbackQueued);

        QVERIFY(a().engineReports.recordSnapshot({}, schema::DefaultLocationId).ok());
        QCOMPARE(files.count(), 0);
        QCOMPARE(jobs.count(), 0);

        const SnapshotFile first = snapshot(id, 1795000000000, 1);
        QVERIFY(a().engineReports.recordSnapshot({first}, schema::DefaultLocationId).ok());
        QCOMPARE(files.count(), 1);
        QCOMPARE(files.first().first().toString(), id);
        QCOMPARE(jobs.count(), 1);
        QCOMPARE(queued.count(), 1);
        QCOMPARE(pendingCallbacks(id), 1);
        QCOMPARE(a().jobs.getLiveSnapshotJob(id)->snapshotCount, 1);

        QVERIFY(a().engineReports.recordSnapshot({first}, schema::DefaultLocationId).ok());
        QCOMPARE(pendingCallbacks(id), 1);
        QCOMPARE(a().jobs.getLiveSnapshotJob(id)->snapshotCount, 1);
    }

    // A stream state is recorded every time; its callback only goes when it changed.
    void streamStatesQueueOnChange()
    {
        JobSpec spec = test::ServiceFixture::jobSpec(QStringLiteral("cam"));
        spec.callbackUrl = QStringLiteral("http://127.0.0.1:9/cb");
        const QString id = *a().jobs.submitLiveSnapshotJob(spec);
        // Started and held by an engine: only then does the job show its reported state.
        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("start")).ok());
        QVERIFY(*LeaseRepository(m_fx.catalog())
                     .tryAcquire(id, QStringLiteral("engine"), m_fx.context().clock().nowMs(),
                                 3600 * 1000));
        const int started = pendingCallbacks(id);
        QCOMPARE(started, 1);
        QSignalSpy jobs(&m_fx.notifier(), &ServiceNotifier::jobChanged);
        QVERIFY(a().engineReports.reportStreamState(id, QStringLiteral("live"), QString()).ok());
        QCOMPARE(a().jobs.getLiveSnapshotJob(id)->streamState, QStringLiteral("live"));
        QCOMPARE(pendingCallbacks(id), started + 1);
        QVERIFY(a().engineReports.reportStreamState(id, QStringLiteral("live"), QString()).ok());
        QCOMPARE(jobs.count(), 2);
        QCOMPARE(pendingCallbacks(id), started + 1);
        QVERIFY(a().engineReports
                    .reportStreamState(id, QStringLiteral("reconnecting"), QStringLiteral("EOF"))
                    .ok());
        QCOMPARE(pendingCallbacks(id), started + 2);
        QCOMPARE(a().jobs.getLiveSnapshotJob(id)->lastError, QStringLiteral("EOF"));
        QCOMPARE(a().engineReports
                     .reportStreamState(QStringLiteral("nope"), QStringLiteral("live"), QString())
                     .error()
                     .code,
                 QStringLiteral("JobNotFound"));
        QCOMPARE(jobs.count(), 3);
    }

    // A health change is recorded (health, since), with a "health" event and a callback; the
    // callback only when the health changed; a stopped job stays unknown.
    void streamHealthRecordedWithEventAndCallback()
    {
        JobSpec spec = test::ServiceFixture::jobSpec(QStringLiteral("cam"));
        spec.callbackUrl = QStringLiteral("http://127.0.0.1:9/cb");
        const QString id = *a().jobs.submitLiveSnapshotJob(spec);
        QCOMPARE(a().jobs.getLiveSnapshotJob(id)->streamHealth, streamhealth::Unknown);
        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("start")).ok());
        const int started = pendingCallbacks(id);
        QSignalSpy jobs(&m_fx.notifier(), &ServiceNotifier::jobChanged);
        const qint64 since = 1'800'000'003'000;
        QVERIFY(a().engineReports
                    .reportStreamHealth(id, streamhealth::Black, since,
                                        QStringLiteral("Black picture since 08:00:03 UTC."))
                    .ok());
        auto job = a().jobs.getLiveSnapshotJob(id);
        QCOMPARE(job->streamHealth, streamhealth::Black);
        QCOMPARE(job->streamHealthSince.toMSecsSinceEpoch(), since);
        QCOMPARE(job->toJson().value(QStringLiteral("StreamHealth")).toString(),
                 QStringLiteral("black"));
        QCOMPARE(job->toJson().value(QStringLiteral("StreamHealthSince")).toString(),
                 QStringLiteral("2027-01-15T08:00:03Z"));
        QCOMPARE(jobs.count(), 1);
        QCOMPARE(pendingCallbacks(id), started + 1);
        auto events = a().jobs.listLiveSnapshotJobEvents(id, 1);
        QCOMPARE(events->constFirst().kind, QStringLiteral("health"));
        QCOMPARE(events->constFirst().message, QStringLiteral("Black picture since 08:00:03 UTC."));
        auto body = m_fx.catalog().scalar(
            QStringLiteral("SELECT body FROM callback_outbox WHERE job_id = ? AND event_type = ?"),
            {id, QStringLiteral("LiveSnapshotStreamHealthChanged")});
        QVERIFY(body);
        const QJsonObject message = QJsonDocument::fromJson(body->toByteArray())
                                        .object()
                                        .value(QStringLiteral("MessageBody"))
                                        .toObject();
        QCOMPARE(message.value(QStringLiteral("StreamHealth")).toString(), QStringLiteral("black"));
        QCOMPARE(message.value(QStringLiteral("PreviousStreamHealth")).toString(),
                 QStringLiteral("unknown"));
        QCOMPARE(message.value(QStringLiteral("StreamHealthSince")).toString(),
                 QStringLiteral("2027-01-15T08:00:03Z"));
        QCOMPARE(message.value(QStringLiteral("JobName")).toString(), QStringLiteral("cam"));

        // The same health again: recorded, no second callback.
        QVERIFY(a().engineReports
                    .reportStreamHealth(id, streamhealth::Black, since, QStringLiteral("again"))
                    .ok());
        QCOMPARE(pendingCallbacks(id), started + 1);

        // Stopped: unknown, and a late report from its engine changes nothing.
        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("stop")).ok());
        QCOMPARE(a().jobs.getLiveSnapshotJob(id)->streamHealth, streamhealth::Unknown);
        const int stopped = pendingCallbacks(id);
        QVERIFY(a().engineReports
                    .reportStreamHealth(id, streamhealth::Down, since, QStringLiteral("late"))
                    .ok());
        QCOMPARE(a().jobs.getLiveSnapshotJob(id)->streamHealth, streamhealth::Unknown);
        QCOMPARE(pendingCallbacks(id), stopped);
        // Started again: unknown until judged, not what it was before the stop.
        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("start")).ok());
        QCOMPARE(a().jobs.getLiveSnapshotJob(id)->streamHealth, streamhealth::Unknown);
        QCOMPARE(a().engineReports
                     .reportStreamHealth(QStringLiteral("nope"), streamhealth::Ok, since, QString())
                     .error()
                     .code,
                 QStringLiteral("JobNotFound"));
    }

    void alertsAndEvents()
    {
        const QString id = m_fx.submit(QStringLiteral("cam"));
        QSignalSpy jobs(&m_fx.notifier(), &ServiceNotifier::jobChanged);
        QVERIFY(a().engineReports.reportJobAlert(id, QStringLiteral("the spool is full")).ok());
        QCOMPARE(a().jobs.getLiveSnapshotJob(id)->lastError, QStringLiteral("the spool is full"));
        QVERIFY(a().engineReports
                    .addJobEvent(id, QStringLiteral("capture"), QStringLiteral("keyframe late"))
                    .ok());
        QCOMPARE(jobs.count(), 2);
        auto events = a().jobs.listLiveSnapshotJobEvents(id, 10);
        QVERIFY(events);
        QCOMPARE(events->size(), 2); // submitted, capture
        bool found = false;
        for (const JobEvent &e : *events) {
            found = found || (e.kind == QLatin1String("capture") &&
                              e.message == QLatin1String("keyframe late"));
        }
        QVERIFY(found);
    }
};

QTEST_GUILESS_MAIN(TestEngineReports)
#include "tst_enginereports.moc"
