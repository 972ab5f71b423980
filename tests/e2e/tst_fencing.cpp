// Fencing across engines on one PostgreSQL catalog: two `livesnapctl serve` engines (own data
// directories, --lease-ttl 3) share jobs capturing from nginx-rtmp. The engine holding the jobs is
// paused (SIGSTOP) past its lease; the other takes the jobs over and captures; the paused one is
// woken (SIGCONT) and must record nothing more for them: per job, sequence numbers strictly
// increase with capture time (no duplicate, none out of order), the stale engine says in the
// job's events that it lost the lease and stopped, its usage interval does not overlap the new
// holder's, and the callback receiver sees every event id once and one LiveSnapshotCreated per
// recorded snapshot. Then three engines share six jobs: each callback arrives once, each job's
// snapshots in order.
#include "../support/CallbackReceiver.h"
#include "../support/Livesnapctl.h"
#include "../support/PostgresServer.h"
#include "../support/RtmpServer.h"
#include "catalog/Catalog.h"

#include <QJsonArray>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace livesnap;
using livesnap::test::CallbackReceiver;
using livesnap::test::ReceivedCallback;

namespace {
constexpr int JobCount = 3;
constexpr int LeaseTtlSeconds = 3;
constexpr int PauseMs = 8000;
} // namespace

class TestFencing : public QObject {
    Q_OBJECT

private:
    QString m_ctl = qEnvironmentVariable("LIVESNAPCTL");
    QTemporaryDir m_dir;
    QString m_catalogUrl;

    QString dataDir(const QString &name) const { return m_dir.filePath(name); }
    QJsonObject ctl(const QStringList &args)
    {
        return test::runCtl(m_ctl, dataDir(QStringLiteral("ctl")),
                            QStringList{QStringLiteral("--catalog"), m_catalogUrl} + args);
    }
    std::unique_ptr<QProcess> startEngine(const QString &name, int capacity = 100)
    {
        auto serve = std::make_unique<QProcess>();
        serve->setProcessChannelMode(QProcess::MergedChannels);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("livesnap.*=true"));
        serve->setProcessEnvironment(env);
        serve->start(m_ctl, {QStringLiteral("--data-dir"), dataDir(name),
                             QStringLiteral("--catalog"), m_catalogUrl, QStringLiteral("serve"),
                             QStringLiteral("--lease-ttl"), QString::number(LeaseTtlSeconds),
                             QStringLiteral("--capacity"), QString::number(capacity)});
        return serve->waitForStarted() ? std::move(serve) : nullptr;
    }
    QString engineOf(const QString &jobId)
    {
        return ctl({QStringLiteral("GetLiveSnapshotJob"), QStringLiteral("--JobId"), jobId})
            .value(QStringLiteral("EngineId"))
            .toString();
    }
    static bool heldBy(const QString &engineId, qint64 pid)
    {
        return engineId.contains(QStringLiteral(":%1:").arg(pid));
    }
    QString events(const QString &jobId)
    {
        return QString::fromUtf8(test::compactJson(
            ctl({QStringLiteral("ListLiveSnapshotJobEvents"), QStringLiteral("--JobId"), jobId,
                 QStringLiteral("--Limit"), QStringLiteral("100")})));
    }

    // The servers a test runs against: PostgreSQL (the shared catalog), nginx-rtmp with a
    // publisher on "cam", and the callback receiver.
    struct Rig {
        test::PostgresServer postgres;
        test::RtmpServer rtmp;
        CallbackReceiver receiver;
    };
    // Starts them, with a fresh database as the catalog (m_catalogUrl); empty, or why not.
    QString startRig(Rig &rig, const QString &database)
    {
        if (m_ctl.isEmpty()) {
            return QStringLiteral("LIVESNAPCTL is not set");
        }
        if (!rig.postgres.start() || !rig.postgres.createDatabase(database)) {
            return rig.postgres.error();
        }
        m_catalogUrl = rig.postgres.url(database);
        if (!rig.rtmp.start()) {
            return rig.rtmp.errorString();
        }
        test::RtmpServer::PublisherOptions options;
        options.width = 320;
        options.height = 180;
        options.gopSeconds = 1;
        auto *publisher = rig.rtmp.startPublisher(QStringLiteral("cam"), options);
        if (!publisher || !rig.rtmp.waitForPublishing(publisher)) {
            return QStringLiteral("no publisher: ") + rig.rtmp.errorString();
        }
        return rig.receiver.listen() ? QString() : QStringLiteral("the receiver cannot listen");
    }
    static qint64 fileRows(Catalog &catalog, const QString &jobId)
    {
        return catalog
            .scalar(QStringLiteral("SELECT COUNT(*) FROM snapshot_files WHERE job_id = ?"), {jobId})
            ->toLongLong();
    }
    // Each callback arrived once (by its X-LiveSnap-Event-Id), and per job the
    // LiveSnapshotCreated ones arrived in sequence order.
    static void verifyOnceAndInOrder(const CallbackReceiver &receiver)
    {
        QSet<QByteArray> seen;
        QHash<QString, qint64> lastSequence;
        for (const ReceivedCallback &c : receiver.received()) {
            const QByteArray eventId = c.headers.value("x-livesnap-event-id");
            QVERIFY(!eventId.isEmpty());
            QVERIFY2(!seen.contains(eventId), eventId.constData());
            seen.insert(eventId);
            if (c.eventType() != QLatin1String("LiveSnapshotCreated")) {
                continue;
            }
            const QString job = c.message().value(QStringLiteral("JobId")).toString();
            const qint64 sequence =
                c.message().value(QStringLiteral("Sequence")).toVariant().toLongLong();
            QVERIFY2(sequence > lastSequence.value(job), qPrintable(job));
            lastSequence.insert(job, sequence);
        }
    }
    // A template (every 5 s) and `count` jobs on the publisher's stream, calling back to
    // receiver; their ids.
    QStringList submitJobs(const test::RtmpServer &rtmp, const CallbackReceiver &receiver,
                           int count)
    {
        const QJsonObject tpl =
            ctl({QStringLiteral("CreateLiveSnapshotTemplate"), QStringLiteral("--TemplateName"),
                 QStringLiteral("every5"), QStringLiteral("--TimeInterval"), QStringLiteral("5"),
                 QStringLiteral("--SequenceFormat"),
                 QStringLiteral("snapshot/{JobId}/{Sequence}/{UnixTimestamp}.jpg")});
        const QString templateId = tpl.value(QStringLiteral("TemplateId")).toString();
        const QString input = QString::fromUtf8(
            test::compactJson({{QStringLiteral("Type"), QStringLiteral("rtmp")},
                               {QStringLiteral("Url"), rtmp.url(QStringLiteral("cam"))}}));
        QStringList jobs;
        for (int i = 0; i < count && !templateId.isEmpty(); ++i) {
            const QJsonObject out =
                ctl({QStringLiteral("SubmitLiveSnapshotJob"), QStringLiteral("--JobName"),
                     QStringLiteral("cam-%1").arg(i), QStringLiteral("--TemplateId"), templateId,
                     QStringLiteral("--StreamInput"), input, QStringLiteral("--CallbackUrl"),
                     receiver.url("/cb")});
            const QString id = out.value(QStringLiteral("JobId")).toString();
            if (id.isEmpty()) {
                return {};
            }
            jobs << id;
        }
        return jobs;
    }

private slots:
    void pausedEngineRecordsNothingAfterTakeover();
    void threeEnginesDeliverEachCallbackOnce();
};

void TestFencing::pausedEngineRecordsNothingAfterTakeover()
{
    Rig rig;
    const QString failed = startRig(rig, QStringLiteral("fencing"));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    CallbackReceiver &receiver = rig.receiver;
    test::RtmpServer &rtmp = rig.rtmp;
    const QStringList jobs = submitJobs(rtmp, receiver, JobCount);
    QCOMPARE(jobs.size(), JobCount);

    // Engine A takes every job; B starts once they are A's, so A is the one to pause.
    auto a = startEngine(QStringLiteral("engine-a"));
    QVERIFY(a);
    for (const QString &id : jobs) {
        ctl({QStringLiteral("SendLiveSnapshotJobCommand"), QStringLiteral("--JobId"), id,
             QStringLiteral("--Command"), QStringLiteral("start")});
    }
    for (const QString &id : jobs) {
        QTRY_VERIFY_WITH_TIMEOUT(heldBy(engineOf(id), a->processId()), 15000);
    }
    const QString staleEngine = engineOf(jobs.first());
    auto b = startEngine(QStringLiteral("engine-b"));
    QVERIFY(b);
    Catalog catalog;
    QVERIFY(catalog.open(m_catalogUrl).ok());
    auto rows = [&](const QString &jobId) { return fileRows(catalog, jobId); };
    for (const QString &id : jobs) {
        QTRY_VERIFY_WITH_TIMEOUT(rows(id) >= 1, 20000);
    }
    QTest::qWait(3000); // mid-interval: snapshots in flight when it stops

    // A stalls past its lease; B takes the jobs over and captures.
    QCOMPARE(::kill(pid_t(a->processId()), SIGSTOP), 0);
    const qint64 stoppedMs = QDateTime::currentMSecsSinceEpoch();
    for (const QString &id : jobs) {
        QTRY_VERIFY_WITH_TIMEOUT(heldBy(engineOf(id), b->processId()), PauseMs);
    }
    QTest::qWait(int(qMax<qint64>(0, stoppedMs + PauseMs - QDateTime::currentMSecsSinceEpoch())));
    QCOMPARE(::kill(pid_t(a->processId()), SIGCONT), 0);
    const qint64 wokeMs = QDateTime::currentMSecsSinceEpoch();

    // A notices, stops the jobs and says so; B keeps them and records more.
    for (const QString &id : jobs) {
        QTRY_VERIFY2_WITH_TIMEOUT(
            events(id).contains(QStringLiteral("Engine %1 lost its lease").arg(staleEngine)),
            qPrintable(events(id)), 10000);
        QVERIFY(events(id).contains(QStringLiteral("stopped capturing")));
        QVERIFY(heldBy(engineOf(id), b->processId()));
    }
    auto newest = [&](const QString &jobId) {
        return catalog
            .scalar(QStringLiteral("SELECT MAX(create_timestamp) FROM snapshot_files WHERE "
                                   "job_id = ?"),
                    {jobId})
            ->toLongLong();
    };
    for (const QString &id : jobs) {
        QTRY_VERIFY_WITH_TIMEOUT(newest(id) > wokeMs + 1000, 15000);
    }
    // Every queued callback delivered (by whichever engine).
    QTRY_COMPARE_WITH_TIMEOUT(
        catalog.scalar(QStringLiteral("SELECT COUNT(*) FROM callback_outbox"))->toLongLong(),
        qint64(0), 20000);
    for (QProcess *engine : {a.get(), b.get()}) {
        engine->terminate();
        QVERIFY(engine->waitForFinished(15000));
    }
    const QByteArray staleLog = a->readAll();
    if (qEnvironmentVariableIsSet("LIVESNAP_TEST_VERBOSE")) {
        qInfo().noquote() << "stale engine:" << staleLog;
    }

    for (const QString &id : jobs) {
        // Sequence numbers strictly increase with capture time: no duplicate, none out of order.
        auto files = catalog.exec(QStringLiteral("SELECT sequence, create_timestamp FROM "
                                                 "snapshot_files WHERE job_id = ? AND "
                                                 "is_overlay = 0 ORDER BY create_timestamp, "
                                                 "sequence"),
                                  {id});
        QVERIFY(files);
        qint64 lastSequence = 0;
        qint64 lastTs = 0;
        int count = 0;
        int duringPause = 0;
        while (files->next()) {
            const qint64 sequence = files->value(0).toLongLong();
            const qint64 ts = files->value(1).toLongLong();
            QVERIFY2(sequence > lastSequence && ts > lastTs,
                     qPrintable(QStringLiteral("job %1: sequence %2 at %3 after %4 at %5")
                                    .arg(id)
                                    .arg(sequence)
                                    .arg(ts)
                                    .arg(lastSequence)
                                    .arg(lastTs)));
            lastSequence = sequence;
            lastTs = ts;
            ++count;
            duringPause += ts > stoppedMs && ts < wokeMs ? 1 : 0;
        }
        QVERIFY2(duringPause >= 1, qPrintable(id)); // B captured while A was stopped
        // Usage: A's interval ends before B's begins.
        auto usage = catalog.exec(QStringLiteral("SELECT start_time, end_time FROM "
                                                 "usage_intervals WHERE job_id = ? ORDER BY "
                                                 "start_time"),
                                  {id});
        QVERIFY(usage);
        qint64 previousEnd = 0;
        int intervals = 0;
        while (usage->next()) {
            QVERIFY2(usage->value(0).toLongLong() >= previousEnd, qPrintable(id));
            previousEnd = usage->value(1).toLongLong();
            ++intervals;
        }
        QVERIFY(intervals >= 2);
        // One LiveSnapshotCreated per recorded snapshot.
        int created = 0;
        for (const ReceivedCallback &c : receiver.delivered("/cb")) {
            created += c.eventType() == QLatin1String("LiveSnapshotCreated") &&
                               c.message().value(QStringLiteral("JobId")).toString() == id
                           ? 1
                           : 0;
        }
        QCOMPARE(created, count);
    }
    verifyOnceAndInOrder(receiver);
}

// Three engines share six jobs (--capacity 2 each); stop and start commands add events; the
// receiver gets every event once, each job's snapshots in order, one per recorded file.
void TestFencing::threeEnginesDeliverEachCallbackOnce()
{
    Rig rig;
    const QString failed = startRig(rig, QStringLiteral("callbacks"));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    CallbackReceiver &receiver = rig.receiver;
    test::RtmpServer &rtmp = rig.rtmp;
    const QStringList jobs = submitJobs(rtmp, receiver, 6);
    QCOMPARE(jobs.size(), 6);

    std::vector<std::unique_ptr<QProcess>> engines;
    for (const char *name : {"engine-1", "engine-2", "engine-3"}) {
        engines.push_back(startEngine(QLatin1String(name), 2));
        QVERIFY(engines.back());
    }
    for (const QString &id : jobs) {
        ctl({QStringLiteral("SendLiveSnapshotJobCommand"), QStringLiteral("--JobId"), id,
             QStringLiteral("--Command"), QStringLiteral("start")});
    }
    Catalog catalog;
    QVERIFY(catalog.open(m_catalogUrl).ok());
    auto rows = [&](const QString &jobId) { return fileRows(catalog, jobId); };
    for (const QString &id : jobs) {
        QTRY_VERIFY_WITH_TIMEOUT(rows(id) >= 2, 30000);
    }
    // Every engine runs two of them.
    QSet<QString> engineIds;
    for (const QString &id : jobs) {
        engineIds.insert(engineOf(id));
    }
    QCOMPARE(engineIds.size(), 3);
    for (const QString &id : jobs) {
        ctl({QStringLiteral("SendLiveSnapshotJobCommand"), QStringLiteral("--JobId"), id,
             QStringLiteral("--Command"), QStringLiteral("stop")});
    }
    QTRY_COMPARE_WITH_TIMEOUT(
        catalog.scalar(QStringLiteral("SELECT COUNT(*) FROM callback_outbox"))->toLongLong(),
        qint64(0), 20000);
    for (auto &engine : engines) {
        engine->terminate();
        QVERIFY(engine->waitForFinished(15000));
    }
    verifyOnceAndInOrder(receiver);
    for (const QString &id : jobs) {
        int created = 0;
        int commands = 0;
        QStringList types;
        for (const ReceivedCallback &c : receiver.delivered("/cb")) {
            if (c.message().value(QStringLiteral("JobId")).toString() != id) {
                continue;
            }
            types << c.eventType();
            created += c.eventType() == QLatin1String("LiveSnapshotCreated") ? 1 : 0;
            commands += c.eventType() == QLatin1String("LiveSnapshotJobStarted") ||
                                c.eventType() == QLatin1String("LiveSnapshotJobStopped")
                            ? 1
                            : 0;
        }
        QCOMPARE(created, int(rows(id)));
        QVERIFY2(commands == 2,
                 qPrintable(id + QStringLiteral(": ") + types.join(u' '))); // start, stop
    }
}

QTEST_GUILESS_MAIN(TestFencing)
#include "tst_fencing.moc"
