#include "ServiceFixture.h"

#include <QSignalSpy>
#include <QTest>

using namespace livesnap;

// JobOperations over a real catalog, with the areas it asks: templates, storage locations, engine
// settings, the callback queue.
class TestJobOperations : public QObject {
    Q_OBJECT

private:
    test::ServiceFixture m_fx;

    ServiceAreas &a() { return m_fx.areas(); }

private slots:
    void init() { QVERIFY(m_fx.reset()); }

    void submitAndGet()
    {
        QSignalSpy changed(&m_fx.notifier(), &ServiceNotifier::jobChanged);
        JobSpec spec = test::ServiceFixture::jobSpec(QStringLiteral("cam1"));
        spec.callbackUrl = QStringLiteral("https://example.com/cb");
        auto id = a().jobs.submitLiveSnapshotJob(spec);
        QVERIFY(id);
        QCOMPARE(changed.count(), 1);
        auto job = a().jobs.getLiveSnapshotJob(*id);
        QVERIFY(job);
        QCOMPARE(job->jobName, QStringLiteral("cam1"));
        QCOMPARE(job->status, QStringLiteral("init"));
        QCOMPARE(job->templateName, QStringLiteral("Real-time every 10 s"));
        QCOMPARE(job->timeInterval, 10);
        QCOMPARE(job->streamInput.url, QStringLiteral("rtmp://127.0.0.1/live/cam1"));
        QCOMPARE(job->snapshotOutput, test::ServiceFixture::defaultOutput());
        QCOMPARE(job->callbackUrl, QStringLiteral("https://example.com/cb"));
        QCOMPARE(job->streamState, QStringLiteral("idle"));
        QCOMPARE(job->lastSequence, 0);
        QCOMPARE(a().jobs.getLiveSnapshotJob(QStringLiteral("nope")).error().code,
                 QStringLiteral("JobNotFound"));
        auto events = a().jobs.listLiveSnapshotJobEvents(*id, 10);
        QVERIFY(events);
        QCOMPARE(events->size(), 1);
        QCOMPARE(events->first().kind, QStringLiteral("submitted"));
    }

    void badJobsChangeNothing_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("code");
        QTest::newRow("http url") << "url"
                                  << "http://127.0.0.1/live/x"
                                  << "InvalidParameter.StreamInput.Url";
        QTest::newRow("rtsp url") << "url"
                                  << "rtsp://127.0.0.1/live/x"
                                  << "InvalidParameter.StreamInput.Url";
        QTest::newRow("empty url") << "url"
                                   << ""
                                   << "InvalidParameter.StreamInput.Url";
        QTest::newRow("empty name") << "name"
                                    << ""
                                    << "InvalidParameter.JobName";
        QTest::newRow("unknown template") << "template"
                                          << "nope"
                                          << "TemplateNotFound";
        QTest::newRow("unknown bucket") << "bucket"
                                        << "nope"
                                        << "StorageLocationNotFound";
        QTest::newRow("ftp callback") << "callback"
                                      << "ftp://example.com/"
                                      << "InvalidParameter.CallbackUrl";
    }

    void badJobsChangeNothing()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, code);
        JobSpec spec = test::ServiceFixture::jobSpec(QStringLiteral("ok"));
        if (field == QLatin1String("url")) {
            spec.streamInput.url = value;
        } else if (field == QLatin1String("name")) {
            spec.jobName = value;
        } else if (field == QLatin1String("template")) {
            spec.templateId = value;
        } else if (field == QLatin1String("bucket")) {
            spec.snapshotOutput.bucket = value;
        } else {
            spec.callbackUrl = value;
        }
        const QString before = m_fx.dump();
        auto r = a().jobs.submitLiveSnapshotJob(spec);
        QVERIFY(!r);
        QCOMPARE(r.error().code, code);
        QCOMPARE(m_fx.dump(), before);
    }

    void commandsAndTransitions()
    {
        const QString id = m_fx.submit(QStringLiteral("cam"));
        auto status = [&] { return a().jobs.getLiveSnapshotJob(id)->status; };
        QCOMPARE(a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("stop")).error().code,
                 QStringLiteral("JobNotStarted"));
        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("start")).ok());
        QCOMPARE(status(), QStringLiteral("started"));
        // Started but no engine holds it yet.
        QCOMPARE(a().jobs.getLiveSnapshotJob(id)->streamState, QStringLiteral("waiting"));
        QCOMPARE(a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("start")).error().code,
                 QStringLiteral("JobAlreadyStarted"));
        const qint64 generation = a().jobs.getLiveSnapshotJob(id)->runGeneration;
        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("restart")).ok());
        QCOMPARE(status(), QStringLiteral("started"));
        QCOMPARE(a().jobs.getLiveSnapshotJob(id)->runGeneration, generation + 1);
        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("stop")).ok());
        QCOMPARE(status(), QStringLiteral("paused"));
        QCOMPARE(a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("stop")).error().code,
                 QStringLiteral("JobNotStarted"));
        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("restart")).ok());
        QCOMPARE(status(), QStringLiteral("started"));

        const QString before = m_fx.dump();
        QCOMPARE(a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("pause")).error().code,
                 QStringLiteral("InvalidParameter.Command"));
        QCOMPARE(
            a().jobs.sendLiveSnapshotJobCommand(QStringLiteral("nope"), QStringLiteral("start"))
                .error()
                .code,
            QStringLiteral("JobNotFound"));
        QCOMPARE(m_fx.dump(), before);
    }

    void deletesThatMustBeRefused()
    {
        const QString tpl = m_fx.createTemplate(QStringLiteral("used"));
        const QString id = m_fx.submit(QStringLiteral("cam"), tpl);
        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("start")).ok());
        const QString before = m_fx.dump();
        QCOMPARE(a().jobs.deleteLiveSnapshotJob(id).error().code, QStringLiteral("JobNotStopped"));
        QCOMPARE(a().templates.deleteLiveSnapshotTemplate(tpl).error().code,
                 QStringLiteral("TemplateInUse"));
        QCOMPARE(m_fx.deleteLocation(schema::DefaultLocationId).error().code,
                 QStringLiteral("StorageLocationReadOnly"));
        QCOMPARE(m_fx.dump(), before);

        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("stop")).ok());
        QSignalSpy removed(&m_fx.notifier(), &ServiceNotifier::jobRemoved);
        QVERIFY(a().jobs.deleteLiveSnapshotJob(id).ok());
        QCOMPARE(removed.count(), 1);
        QCOMPARE(a().jobs.getLiveSnapshotJob(id).error().code, QStringLiteral("JobNotFound"));
        QVERIFY(a().templates.deleteLiveSnapshotTemplate(tpl).ok());
    }

    void jobLimit()
    {
        QStringList ids;
        for (int i = 0; i < 101; ++i) {
            ids << m_fx.submit(QStringLiteral("cam%1").arg(i));
            QVERIFY(!ids.last().isEmpty());
        }
        for (int i = 0; i < 100; ++i) {
            QVERIFY(a().jobs.sendLiveSnapshotJobCommand(ids.at(i), QStringLiteral("start")).ok());
        }
        const QString before = m_fx.dump();
        auto refused = a().jobs.sendLiveSnapshotJobCommand(ids.at(100), QStringLiteral("start"));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QStringLiteral("JobLimitExceeded"));
        QVERIFY(refused.error().message.contains(QStringLiteral("100")));
        QCOMPARE(m_fx.dump(), before);
        JobQuery started;
        started.status = QStringLiteral("started");
        QCOMPARE(a().jobs.listLiveSnapshotJobs(started)->totalCount, 100);

        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(ids.at(0), QStringLiteral("stop")).ok());
        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(ids.at(100), QStringLiteral("start")).ok());

        // The limit is a setting.
        QVERIFY(a().settings.updateEngineSettings(EngineSettings{101}).ok());
        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(ids.at(0), QStringLiteral("start")).ok());
        QCOMPARE(a().settings.getEngineSettings()->maxStartedJobs, 101);
        QCOMPARE(a().settings.updateEngineSettings(EngineSettings{0}).error().code,
                 QStringLiteral("InvalidParameter.MaxStartedJobs"));
    }

    void jobListing()
    {
        for (int i = 0; i < 12; ++i) {
            m_fx.submit(QStringLiteral("front-%1").arg(i));
        }
        const QString back = m_fx.submit(QStringLiteral("back-door"));
        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(back, QStringLiteral("start")).ok());
        JobQuery q;
        q.pageSize = 5;
        q.pageNo = 3;
        auto page3 = a().jobs.listLiveSnapshotJobs(q);
        QVERIFY(page3);
        QCOMPARE(page3->totalCount, 13);
        QCOMPARE(page3->items.size(), 3);
        q.pageNo = 1;
        q.searchKeyWord = QStringLiteral("back");
        auto found = a().jobs.listLiveSnapshotJobs(q);
        QCOMPARE(found->totalCount, 1);
        QCOMPARE(found->items.first().jobId, back);
        q.searchKeyWord = QString();
        q.status = QStringLiteral("init");
        QCOMPARE(a().jobs.listLiveSnapshotJobs(q)->totalCount, 12);
        q.status = QStringLiteral("running");
        QCOMPARE(a().jobs.listLiveSnapshotJobs(q).error().code,
                 QStringLiteral("InvalidParameter.Status"));
        JobQuery range;
        const auto all = a().jobs.listLiveSnapshotJobs(
            JobQuery{{1, 100, QStringLiteral("asc"), {}}, {}, {}, {}});
        QVERIFY(all);
        range.startTime = all->items.at(3).createTime;
        range.endTime = all->items.at(5).createTime;
        QCOMPARE(a().jobs.listLiveSnapshotJobs(range)->totalCount, 3);
    }

    // "snapshot" asks the engine of a started job for one more (a request count it watches);
    // on a job that is not started it is a user error that says what to do.
    void snapshotCommand()
    {
        JobSpec spec = test::ServiceFixture::jobSpec(QStringLiteral("cam"));
        spec.callbackUrl = QStringLiteral("http://127.0.0.1:9/cb");
        const QString id = *a().jobs.submitLiveSnapshotJob(spec);
        auto requests = [&] {
            auto r = m_fx.catalog().scalar(
                QStringLiteral("SELECT snapshot_requests FROM jobs WHERE job_id = ?"), {id});
            return r ? r->toLongLong() : -1;
        };
        const QString before = m_fx.dump();
        const Status refused = a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("snapshot"));
        QCOMPARE(refused.error().code, QStringLiteral("JobNotStarted"));
        QVERIFY2(refused.error().message.contains(QStringLiteral("start it before asking for a "
                                                                 "snapshot")),
                 qPrintable(refused.error().message));
        QCOMPARE(m_fx.dump(), before);

        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("start")).ok());
        const int callbacks = *m_fx.context().callbacks().pendingCount(id);
        QSignalSpy changed(&m_fx.notifier(), &ServiceNotifier::jobChanged);
        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("snapshot")).ok());
        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("snapshot")).ok());
        QCOMPARE(requests(), 2);
        QCOMPARE(changed.count(), 2);
        QCOMPARE(a().jobs.getLiveSnapshotJob(id)->status, jobstatus::Started); // still running
        QCOMPARE(*m_fx.context().callbacks().pendingCount(id), callbacks); // no Started callback
        QCOMPARE(a().jobs.listLiveSnapshotJobEvents(id, 1)->constFirst().message,
                 QStringLiteral("Snapshot requested: one is taken at the stream's next keyframe."));

        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("stop")).ok());
        QCOMPARE(a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("snapshot")).error().code,
                 QStringLiteral("JobNotStarted"));
        QCOMPARE(requests(), 2);
        const Status unknown = a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("snap"));
        QCOMPARE(unknown.error().code, QStringLiteral("InvalidParameter.Command"));
        QVERIFY(
            unknown.error().message.contains(QStringLiteral("start, stop, restart or snapshot")));
    }

    // A command queues the job's callback when it has a URL (its own or the global one), and
    // nothing when it has none.
    void commandsQueueCallbacks()
    {
        QSignalSpy queued(&m_fx.notifier(), &ServiceNotifier::callbackQueued);
        const QString silent = m_fx.submit(QStringLiteral("silent"));
        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(silent, QStringLiteral("start")).ok());
        QCOMPARE(queued.count(), 0);
        QCOMPARE(*m_fx.context().callbacks().pendingCount(silent), 0);

        JobSpec spec = test::ServiceFixture::jobSpec(QStringLiteral("loud"));
        spec.callbackUrl = QStringLiteral("http://127.0.0.1:9/cb");
        const auto loud = a().jobs.submitLiveSnapshotJob(spec);
        QVERIFY(loud);
        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(*loud, QStringLiteral("start")).ok());
        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(*loud, QStringLiteral("stop")).ok());
        QCOMPARE(queued.count(), 2);
        QCOMPARE(*m_fx.context().callbacks().pendingCount(*loud), 2);
        auto events = a().jobs.listLiveSnapshotJobEvents(*loud, 10);
        QVERIFY(events);
        QCOMPARE(events->size(), 3); // submitted, started, stopped
        QCOMPARE(a().jobs.listLiveSnapshotJobEvents(*loud, 0).error().code,
                 QStringLiteral("InvalidParameter.Limit"));
        QCOMPARE(a().jobs.getLiveSnapshotJob(QString()).error().code,
                 QStringLiteral("MissingParameter.JobId"));
    }
};

QTEST_GUILESS_MAIN(TestJobOperations)
#include "tst_joboperations.moc"
