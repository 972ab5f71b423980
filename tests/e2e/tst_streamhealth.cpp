// Stream health and "snapshot now" on real streams: nginx-rtmp fed by ffmpeg with a black
// picture, a still picture looped, a moving one, one that stops and one never published; the
// engine judges them from the snapshots it takes, and says so through the service, the CLI, the
// job's events and the callbacks. A "snapshot" command (in process and from livesnapctl) takes
// one more snapshot at once on a job whose interval is an hour.
#include "../support/Await.h"
#include "../support/CallbackReceiver.h"
#include "../support/LocalJobs.h"
#include "../support/RtmpServer.h"
#include "../support/SnapshotFiles.h"
#include "engine/Engine.h"
#include "notify/CallbackEvent.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace livesnap;
using test::CallbackReceiver;
using test::ReceivedCallback;

namespace {

QString health(SnapshotService &service, const QString &jobId)
{
    auto job = service.getLiveSnapshotJob(jobId);
    return job ? job->streamHealth : QString();
}

// The job's events of `kind`, oldest first.
QStringList eventMessages(SnapshotService &service, const QString &jobId, const QString &kind)
{
    QStringList out;
    auto events = service.listLiveSnapshotJobEvents(jobId, 100);
    if (events) {
        for (const JobEvent &e : *events) {
            if (e.kind == kind) {
                out.prepend(e.message);
            }
        }
    }
    return out;
}

// The StreamHealth of each LiveSnapshotStreamHealthChanged callback delivered for the job.
QStringList healthCallbacks(const CallbackReceiver &receiver, const QString &jobId)
{
    QStringList out;
    for (const ReceivedCallback &c : receiver.delivered("/cb")) {
        if (c.eventType() == callbackevent::StreamHealthChanged &&
            c.json().value(QStringLiteral("JobId")).toString() == jobId) {
            out << c.message().value(QStringLiteral("StreamHealth")).toString();
        }
    }
    return out;
}

} // namespace

class TestStreamHealth : public QObject {
    Q_OBJECT

private:
    test::RtmpServer m_server;
    QString m_ctl = qEnvironmentVariable("LIVESNAPCTL");

    test::RtmpPublisher *publish(const QString &stream, const QStringList &filters = {})
    {
        test::RtmpServer::PublisherOptions options;
        options.width = 320;
        options.height = 180;
        options.fps = 15;
        options.gopSeconds = 1;
        if (!filters.isEmpty()) {
            options.extraArguments = {QStringLiteral("-vf"), filters.join(QLatin1Char(','))};
        }
        test::RtmpPublisher *publisher = m_server.startPublisher(stream, options);
        return publisher && m_server.waitForPublishing(publisher) ? publisher : nullptr;
    }

    static std::unique_ptr<Engine> startEngine(const QString &dir)
    {
        auto engine = std::make_unique<Engine>(DataDirectory(dir));
        if (!engine->open().ok()) {
            return nullptr;
        }
        // A stopped publisher is noticed within 2 s.
        CaptureOptions capture;
        capture.openTimeoutMs = 3000;
        capture.stallTimeoutMs = 2000;
        capture.minBackoffMs = 200;
        capture.maxBackoffMs = 1000;
        engine->setCaptureDefaults(capture);
        return engine;
    }

    // `livesnapctl --data-dir dir <arguments>`: its exit code and the JSON object it printed.
    std::pair<int, QJsonObject> ctl(const QString &dir, const QStringList &arguments)
    {
        QProcess p;
        p.start(m_ctl, QStringList{QStringLiteral("--data-dir"), dir} + arguments);
        if (!p.waitForFinished(20000)) {
            return {-1, {}};
        }
        return {p.exitCode(), QJsonDocument::fromJson(p.readAllStandardOutput()).object()};
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(m_ctl), qPrintable(m_ctl));
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    }

    void blackFrozenMovingStoppedAndNeverConnected()
    {
        test::RtmpPublisher *moving = publish(QStringLiteral("moving"));
        test::RtmpPublisher *black =
            publish(QStringLiteral("black"), {QStringLiteral("drawbox=t=fill:c=black")});
        // The first picture, repeated in real time: a camera whose encoder froze.
        test::RtmpPublisher *still =
            publish(QStringLiteral("still"),
                    {QStringLiteral("trim=end_frame=1"), QStringLiteral("loop=loop=-1:size=1"),
                     QStringLiteral("realtime")});
        test::RtmpPublisher *stopping = publish(QStringLiteral("stopping"));
        QVERIFY2(moving && black && still && stopping, qPrintable(m_server.errorString()));

        QTemporaryDir dir;
        CallbackReceiver receiver;
        QVERIFY(receiver.listen());
        auto engine = startEngine(dir.path());
        QVERIFY(engine);
        SnapshotService &service = *engine->service();
        QVERIFY(test::await<Status>([&](auto reply) {
            service.setCallbackSettings(CallbackSettings::withUrl(receiver.url("/cb")), reply);
        }));
        auto settings = service.getEngineSettings();
        QVERIFY(settings);
        QCOMPARE(settings->health.downGraceSeconds, 30); // the defaults
        QCOMPARE(settings->health.blackLumaMax, 24);
        settings->health.frozenSnapshots = 2;
        settings->health.downGraceSeconds = 3;
        QVERIFY(service.updateEngineSettings(*settings));

        auto tpl = service.createLiveSnapshotTemplate(
            TemplateSpec{QStringLiteral("every 5 s"), 5, QString(),
                         QStringLiteral("snapshot/{JobId}/{Sequence}/{UnixTimestamp}.jpg")});
        QVERIFY(tpl);
        const QString movingJob = test::startLocalJob(service, *tpl, QStringLiteral("moving"),
                                                      m_server.url(QStringLiteral("moving")));
        const QString blackJob = test::startLocalJob(service, *tpl, QStringLiteral("black"),
                                                     m_server.url(QStringLiteral("black")) +
                                                         QStringLiteral("?auth_key=HEALTHSECRET"));
        const QString stillJob = test::startLocalJob(service, *tpl, QStringLiteral("still"),
                                                     m_server.url(QStringLiteral("still")));
        const QString stoppingJob = test::startLocalJob(service, *tpl, QStringLiteral("stopping"),
                                                        m_server.url(QStringLiteral("stopping")));
        const QString nobodyJob = test::startLocalJob(service, *tpl, QStringLiteral("nobody"),
                                                      m_server.url(QStringLiteral("nobody")));
        QVERIFY(!movingJob.isEmpty() && !blackJob.isEmpty() && !stillJob.isEmpty() &&
                !stoppingJob.isEmpty() && !nobodyJob.isEmpty());
        QCOMPARE(health(service, movingJob), streamhealth::Unknown);

        Supervisor::Options options;
        options.tickMs = 200;
        engine->startSupervisor(QStringLiteral("health-test"), options);
        QElapsedTimer clock;
        clock.start();

        // A black picture is black from the first snapshot; a never-published stream is down
        // once the grace (3 s) is over.
        QTRY_COMPARE_WITH_TIMEOUT(health(service, blackJob), streamhealth::Black, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(health(service, nobodyJob), streamhealth::Down, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(health(service, stoppingJob), streamhealth::Ok, 10000);
        // The still picture: ok after its first snapshot, frozen at the second (5 s later).
        QTRY_COMPARE_WITH_TIMEOUT(health(service, stillJob), streamhealth::Frozen, 15000);
        qInfo("black, down and frozen after %lld ms", clock.elapsed());

        // The publisher dies: no data for 2 s (reconnecting), down 3 s after that.
        m_server.stopPublisher(stopping);
        QElapsedTimer sinceKill;
        sinceKill.start();
        QTRY_COMPARE_WITH_TIMEOUT(health(service, stoppingJob), streamhealth::Down, 15000);
        QVERIFY2(sinceKill.elapsed() >= 3000, qPrintable(QString::number(sinceKill.elapsed())));
        qInfo("down %lld ms after its publisher stopped", sinceKill.elapsed());

        // The moving picture stayed ok throughout, with at least 3 snapshots judged.
        QTRY_VERIFY_WITH_TIMEOUT(test::realtimeFiles(service, movingJob).size() >= 3, 15000);
        QCOMPARE(health(service, movingJob), streamhealth::Ok);
        QCOMPARE(eventMessages(service, movingJob, QStringLiteral("health")).size(), 1);

        // The job's fields, as the API shows them.
        auto blackNow = service.getLiveSnapshotJob(blackJob);
        QVERIFY(blackNow);
        const QJsonObject json = blackNow->toJson();
        QCOMPARE(json.value(QStringLiteral("StreamHealth")).toString(), QStringLiteral("black"));
        const QDateTime since = QDateTime::fromString(
            json.value(QStringLiteral("StreamHealthSince")).toString(), Qt::ISODate);
        QVERIFY(since.isValid());
        QVERIFY(qAbs(since.secsTo(QDateTime::currentDateTimeUtc())) < 60);

        // And as livesnapctl prints them, from another process on the same catalog.
        const auto [code, listed] =
            ctl(dir.path(), {QStringLiteral("ListLiveSnapshotJobs"), QStringLiteral("--PageSize"),
                             QStringLiteral("100")});
        QCOMPARE(code, 0);
        QHash<QString, QString> healthById;
        for (const QJsonValue &v : listed.value(QStringLiteral("JobList")).toArray()) {
            healthById.insert(v.toObject().value(QStringLiteral("JobId")).toString(),
                              v.toObject().value(QStringLiteral("StreamHealth")).toString());
        }
        QCOMPARE(healthById.value(blackJob), QStringLiteral("black"));
        QCOMPARE(healthById.value(stillJob), QStringLiteral("frozen"));
        QCOMPARE(healthById.value(stoppingJob), QStringLiteral("down"));
        QCOMPARE(healthById.value(nobodyJob), QStringLiteral("down"));
        QCOMPARE(healthById.value(movingJob), QStringLiteral("ok"));

        // Each change is a job event in an operator's words ...
        QVERIFY2(
            eventMessages(service, blackJob, QStringLiteral("health"))
                .constFirst()
                .startsWith(QStringLiteral("Black picture since ")),
            qPrintable(
                eventMessages(service, blackJob, QStringLiteral("health")).join(QLatin1Char('|'))));
        QCOMPARE(eventMessages(service, stillJob, QStringLiteral("health")).size(), 2);
        QVERIFY(eventMessages(service, stillJob, QStringLiteral("health"))
                    .constLast()
                    .startsWith(QStringLiteral("Frozen picture since ")));
        QVERIFY(eventMessages(service, stoppingJob, QStringLiteral("health"))
                    .constLast()
                    .startsWith(QStringLiteral("Stream down since ")));

        // ... and a callback with the envelope of the others.
        QTRY_COMPARE_WITH_TIMEOUT(healthCallbacks(receiver, stoppingJob),
                                  (QStringList{QStringLiteral("ok"), QStringLiteral("down")}),
                                  5000);
        QTRY_COMPARE_WITH_TIMEOUT(healthCallbacks(receiver, stillJob),
                                  (QStringList{QStringLiteral("ok"), QStringLiteral("frozen")}),
                                  5000);
        QCOMPARE(healthCallbacks(receiver, blackJob), QStringList{QStringLiteral("black")});
        QCOMPARE(healthCallbacks(receiver, nobodyJob), QStringList{QStringLiteral("down")});
        QCOMPARE(healthCallbacks(receiver, movingJob), QStringList{QStringLiteral("ok")});
        for (const ReceivedCallback &c : receiver.delivered("/cb")) {
            QVERIFY(!c.body.contains("HEALTHSECRET"));
            if (c.eventType() != callbackevent::StreamHealthChanged ||
                c.json().value(QStringLiteral("JobId")).toString() != stillJob ||
                c.message().value(QStringLiteral("StreamHealth")).toString() !=
                    QLatin1String("frozen")) {
                continue;
            }
            QVERIFY(c.json().contains(QStringLiteral("EventTime")));
            QVERIFY(!c.headers.value("x-livesnap-event-id").isEmpty());
            const QJsonObject body = c.message();
            QCOMPARE(body.value(QStringLiteral("JobId")).toString(), stillJob);
            QCOMPARE(body.value(QStringLiteral("JobName")).toString(), QStringLiteral("still"));
            QCOMPARE(body.value(QStringLiteral("PreviousStreamHealth")).toString(),
                     QStringLiteral("ok"));
            QVERIFY(body.value(QStringLiteral("Message"))
                        .toString()
                        .startsWith(QStringLiteral("Frozen picture since ")));
            QVERIFY(QDateTime::fromString(
                        body.value(QStringLiteral("StreamHealthSince")).toString(), Qt::ISODate)
                        .isValid());
        }

        // Stopping a job: its health is unknown again.
        QVERIFY(service.sendLiveSnapshotJobCommand(blackJob, QStringLiteral("stop")));
        QCOMPARE(health(service, blackJob), streamhealth::Unknown);
        QTRY_VERIFY_WITH_TIMEOUT(!engine->supervisor()->runningJobIds().contains(blackJob), 3000);
        QTest::qWait(500);
        QCOMPARE(health(service, blackJob), streamhealth::Unknown);
        engine->shutdown();
    }

    void snapshotCommandTakesOneAtTheNextKeyframe()
    {
        test::RtmpPublisher *cam = publish(QStringLiteral("snapcam"));
        QVERIFY2(cam, qPrintable(m_server.errorString()));
        QTemporaryDir dir;
        auto engine = startEngine(dir.path());
        QVERIFY(engine);
        SnapshotService &service = *engine->service();
        auto tpl = service.createLiveSnapshotTemplate(
            TemplateSpec{QStringLiteral("hourly"), 3600, QStringLiteral("snapshot/{JobId}.jpg"),
                         QStringLiteral("snapshot/{JobId}/{Sequence}/{UnixTimestamp}.jpg")});
        QVERIFY(tpl);
        const QString jobId = test::startLocalJob(service, *tpl, QStringLiteral("hourly"),
                                                  m_server.url(QStringLiteral("snapcam")));
        QVERIFY(!jobId.isEmpty());
        Supervisor::Options options;
        options.tickMs = 200;
        engine->startSupervisor(QStringLiteral("snap-test"), options);

        // The first keyframe is taken; the next one is due in an hour.
        QTRY_COMPARE_WITH_TIMEOUT(test::realtimeFiles(service, jobId).size(), qsizetype(1), 10000);
        QTest::qWait(2500);
        QCOMPARE(test::realtimeFiles(service, jobId).size(), qsizetype(1));

        // Asked in this process: one more within a few seconds (keyframes every second).
        QElapsedTimer asked;
        asked.start();
        QVERIFY(service.sendLiveSnapshotJobCommand(jobId, QStringLiteral("snapshot")));
        QTRY_COMPARE_WITH_TIMEOUT(test::realtimeFiles(service, jobId).size(), qsizetype(2), 5000);
        qInfo("the asked-for snapshot was stored %lld ms after the command", asked.elapsed());
        QTest::qWait(2000);
        QCOMPARE(test::realtimeFiles(service, jobId).size(), qsizetype(2)); // one, not more

        // Asked from livesnapctl, another process on the same catalog.
        const auto [code, answer] = ctl(
            dir.path(), {QStringLiteral("SendLiveSnapshotJobCommand"), QStringLiteral("--JobId"),
                         jobId, QStringLiteral("--Command"), QStringLiteral("snapshot")});
        QCOMPARE(code, 0);
        QCOMPARE(answer.value(QStringLiteral("JobId")).toString(), jobId);
        QTRY_COMPARE_WITH_TIMEOUT(test::realtimeFiles(service, jobId).size(), qsizetype(3), 5000);

        // Same naming, the next sequence numbers; they count like any other snapshot.
        const auto files = test::realtimeFiles(service, jobId);
        for (int i = 0; i < files.size(); ++i) {
            QCOMPARE(files.at(i).sequence, i + 1);
            QCOMPARE(files.at(i).ossObject, QStringLiteral("snapshot/%1/%2/%3.jpg")
                                                .arg(jobId)
                                                .arg(i + 1)
                                                .arg(files.at(i).createTimestamp / 1000));
        }
        QTRY_COMPARE_WITH_TIMEOUT(service.getLiveSnapshotJob(jobId)->snapshotCount, qint64(3),
                                  3000);
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("storage/default/snapshot/")) + jobId +
                              QStringLiteral(".jpg")));
        auto events = service.listLiveSnapshotJobEvents(jobId, 100);
        QVERIFY(events);
        QCOMPARE(std::count_if(events->cbegin(), events->cend(),
                               [](const JobEvent &e) {
                                   return e.message.startsWith(
                                       QStringLiteral("Snapshot requested"));
                               }),
                 2);

        // Not running: a clear user error, from the service and from the CLI.
        QVERIFY(service.sendLiveSnapshotJobCommand(jobId, QStringLiteral("stop")));
        const Status refused =
            service.sendLiveSnapshotJobCommand(jobId, QStringLiteral("snapshot"));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QStringLiteral("JobNotStarted"));
        QVERIFY2(refused.error().message.contains(QStringLiteral("start it")),
                 qPrintable(refused.error().message));
        const auto [stoppedCode, stoppedAnswer] = ctl(
            dir.path(), {QStringLiteral("SendLiveSnapshotJobCommand"), QStringLiteral("--JobId"),
                         jobId, QStringLiteral("--Command"), QStringLiteral("snapshot")});
        QCOMPARE(stoppedCode, 2);
        QCOMPARE(stoppedAnswer.value(QStringLiteral("Code")).toString(),
                 QStringLiteral("JobNotStarted"));
        QCOMPARE(
            service.sendLiveSnapshotJobCommand(QStringLiteral("nope"), QStringLiteral("snapshot"))
                .error()
                .code,
            QStringLiteral("JobNotFound"));
        QCOMPARE(service.sendLiveSnapshotJobCommand(jobId, QStringLiteral("snap")).error().code,
                 QStringLiteral("InvalidParameter.Command"));
        engine->shutdown();
    }
};

QTEST_GUILESS_MAIN(TestStreamHealth)
#include "tst_streamhealth.moc"
