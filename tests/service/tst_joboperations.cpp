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

    // --JobIds: each job on its own, a result per job in the order given; a wrong call (no ids,
    // an empty or repeated id, an unknown command) changes nothing.
    void bulkCommandsAndDeletes()
    {
        const QString a1 = m_fx.submit(QStringLiteral("a1"));
        const QString a2 = m_fx.submit(QStringLiteral("a2"));
        const QString a3 = m_fx.submit(QStringLiteral("a3"));
        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(a2, QStringLiteral("start")).ok());
        QSignalSpy changed(&m_fx.notifier(), &ServiceNotifier::jobChanged);
        QList<JobOutcome> reported;
        auto outcomes = a().jobs.sendLiveSnapshotJobCommand(
            QStringList{a1, a2, QStringLiteral("nope"), a3}, QStringLiteral("start"),
            [&](const JobOutcome &o) { reported << o; });
        QVERIFY(outcomes);
        QCOMPARE(outcomes->size(), 4);
        QCOMPARE(reported.size(), 4);
        QStringList codes;
        for (const JobOutcome &o : *outcomes) {
            codes << (o.status ? QStringLiteral("OK") : o.status.error().code);
        }
        QCOMPARE(codes, (QStringList{QStringLiteral("OK"), QStringLiteral("JobAlreadyStarted"),
                                     QStringLiteral("JobNotFound"), QStringLiteral("OK")}));
        QCOMPARE(outcomes->at(2).jobId, QStringLiteral("nope"));
        QCOMPARE(reported.at(3).jobId, a3);
        QCOMPARE(changed.count(), 2);
        for (const QString &id : {a1, a2, a3}) {
            QCOMPARE(a().jobs.getLiveSnapshotJob(id)->status, QStringLiteral("started"));
        }

        const QString before = m_fx.dump();
        const QList<std::pair<QStringList, QString>> wrongCalls{
            {QStringList{}, QStringLiteral("InvalidParameter.JobIds")},
            {QStringList{a1, QString()}, QStringLiteral("InvalidParameter.JobIds")},
            {QStringList{a1, a1}, QStringLiteral("InvalidParameter.JobIds")},
        };
        for (const auto &[ids, code] : wrongCalls) {
            QCOMPARE(a().jobs.sendLiveSnapshotJobCommand(ids, QStringLiteral("stop")).error().code,
                     code);
            QCOMPARE(a().jobs.deleteLiveSnapshotJob(ids).error().code, code);
        }
        QCOMPARE(a().jobs.sendLiveSnapshotJobCommand(QStringList{a1}, QStringLiteral("pause"))
                     .error()
                     .code,
                 QStringLiteral("InvalidParameter.Command"));
        QStringList tooMany;
        for (int i = 0; i <= JobOperations::MaxBulkJobs; ++i) {
            tooMany << QString::number(i);
        }
        QCOMPARE(a().jobs.deleteLiveSnapshotJob(tooMany).error().code,
                 QStringLiteral("InvalidParameter.JobIds"));
        QCOMPARE(m_fx.dump(), before);

        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(a1, QStringLiteral("stop")).ok());
        QSignalSpy removed(&m_fx.notifier(), &ServiceNotifier::jobRemoved);
        auto deleted = a().jobs.deleteLiveSnapshotJob(QStringList{a1, a2});
        QVERIFY(deleted);
        QVERIFY(deleted->at(0).status.ok());
        QCOMPARE(deleted->at(1).status.error().code, QStringLiteral("JobNotStopped"));
        QCOMPARE(removed.count(), 1);
        QCOMPARE(a().jobs.getLiveSnapshotJob(a1).error().code, QStringLiteral("JobNotFound"));
        QVERIFY(a().jobs.getLiveSnapshotJob(a2).ok());
    }

    // Messages the console shows beside a job: its name, operator words, no API names or ids.
    void messagesNameTheJobInOperatorWords()
    {
        const QString id = m_fx.submit(QStringLiteral("lobby"));
        const auto notStarted = a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("stop"));
        QVERIFY(notStarted.error().message.contains(QStringLiteral("\"lobby\"")));
        QVERIFY(a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("start")).ok());
        const QList<Error> errors{
            a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("start")).error(),
            a().jobs.deleteLiveSnapshotJob(id).error(),
            notStarted.error(),
        };
        QCOMPARE(errors.at(0).code, QStringLiteral("JobAlreadyStarted"));
        QCOMPARE(errors.at(1).code, QStringLiteral("JobNotStopped"));
        QCOMPARE(errors.at(1).message,
                 QStringLiteral("Job \"lobby\" is running. Stop the job before deleting it."));
        for (const Error &e : errors) {
            QVERIFY2(e.message.contains(QStringLiteral("lobby")), qPrintable(e.message));
            QVERIFY2(!e.message.contains(id), qPrintable(e.message));
            QVERIFY2(!e.message.contains(QStringLiteral("LiveSnapshot")), qPrintable(e.message));
            QVERIFY2(!e.message.contains(QStringLiteral("--")), qPrintable(e.message));
        }
        QVERIFY(a().settings.updateEngineSettings(EngineSettings{1}).ok());
        const QString other = m_fx.submit(QStringLiteral("garage"));
        const Error limit =
            a().jobs.sendLiveSnapshotJobCommand(other, QStringLiteral("start")).error();
        QCOMPARE(limit.code, QStringLiteral("JobLimitExceeded"));
        QVERIFY2(!limit.message.contains(QStringLiteral("MaxStartedJobs")),
                 qPrintable(limit.message));
        QVERIFY2(limit.message.contains(QStringLiteral("running jobs limit")),
                 qPrintable(limit.message));
        QCOMPARE(a().jobs.submitLiveSnapshotJob(test::ServiceFixture::jobSpec(QString()))
                     .error()
                     .message,
                 QStringLiteral("The job name is empty; give the job a name."));
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
