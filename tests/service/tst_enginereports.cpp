#include "ServiceFixture.h"
#include "catalog/LeaseRepository.h"

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
        return SnapshotFile{jobId,
                            QString(),
                            QStringLiteral("default"),
                            QStringLiteral("snapshot/%1/%2.jpg").arg(jobId).arg(sequence),
                            ts,
                            sequence,
                            false,
                            3,
                            2,
                            2};
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
