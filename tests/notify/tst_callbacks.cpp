// Callbacks to a real HTTP receiver on 127.0.0.1: the per-job and the global URL, retries after
// HTTP 5xx, giving up after five tries, the HMAC signature, the order of one job's events on a
// real stream, delivery after an engine restart, and the CLI's AuthKey. Runs under
// with-keyring.sh: the AuthKey lives in a real (private) gnome-keyring.
#include "../support/Await.h"
#include "../support/CallbackReceiver.h"
#include "../support/RtmpServer.h"
#include "../support/SnapshotFiles.h"
#include "engine/CallbackDispatcher.h"
#include "engine/Engine.h"
#include "notify/CallbackEvent.h"
#include "secrets/SecretStore.h"

#include <QFile>
#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace livesnap;
using test::CallbackReceiver;
using test::ReceivedCallback;

namespace {

QString submitJob(SnapshotService &service, const QString &name, const QString &callbackUrl,
                  const QString &streamUrl = QStringLiteral("rtmp://127.0.0.1:1/live/none"))
{
    JobSpec spec;
    spec.jobName = name;
    spec.templateId = QStringLiteral("system-realtime-10s");
    spec.streamInput.url = streamUrl;
    spec.callbackUrl = callbackUrl;
    spec.snapshotOutput =
        SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
    auto id = service.submitLiveSnapshotJob(spec);
    return id ? *id : QString();
}

// Sets the callback settings and waits for the answer (the AuthKey goes to the keychain first).
Status setCallbacks(SnapshotService &service, const CallbackSettings &settings)
{
    return test::await<Status>([&](auto reply) { service.setCallbackSettings(settings, reply); });
}

std::unique_ptr<Engine> startEngine(const QString &dir, int firstBackoffMs = 100)
{
    auto engine = std::make_unique<Engine>(DataDirectory(dir));
    if (!engine->open().ok()) {
        return nullptr;
    }
    Supervisor::Options options;
    options.tickMs = 200;
    engine->startSupervisor(QStringLiteral("callback-test"), options);
    engine->setCallbackBackoff(firstBackoffMs, firstBackoffMs * 4);
    return engine;
}

int pending(Engine &engine, const QString &jobId = QString())
{
    auto count = engine.service()->callbacks().pendingCount(jobId);
    return count ? *count : -1;
}

QStringList eventTypes(const QList<ReceivedCallback> &callbacks)
{
    QStringList types;
    for (const ReceivedCallback &c : callbacks) {
        types << c.eventType();
    }
    return types;
}

} // namespace

class TestCallbacks : public QObject {
    Q_OBJECT

private slots:
    void jobUrlWinsOverTheGlobalOne();
    void retriedAfterServerErrors();
    void givenUpAfterFiveTriesWithAJobEvent();
    void signedWithTheAuthKey();
    void signedWithTheCredentialsFileKey();
    void eventsOfARealJobArriveInOrder();
    void deliveredAfterAnEngineRestart();
    void cliKeepsTheAuthKeyInTheKeychain();
};

void TestCallbacks::jobUrlWinsOverTheGlobalOne()
{
    QTemporaryDir dir;
    CallbackReceiver receiver;
    QVERIFY(receiver.listen());
    auto engine = startEngine(dir.path());
    QVERIFY(engine);
    SnapshotService &service = *engine->service();
    QVERIFY(setCallbacks(service, CallbackSettings::withUrl(receiver.url("/global"))));
    const QString plain = submitJob(service, QStringLiteral("plain"), QString());
    const QString own = submitJob(service, QStringLiteral("own"), receiver.url("/own"));
    QVERIFY(!plain.isEmpty() && !own.isEmpty());

    QVERIFY(service.reportStreamState(plain, streamstate::Connecting, QString()));
    QVERIFY(service.reportStreamState(own, streamstate::Connecting, QString()));
    QTRY_VERIFY_WITH_TIMEOUT(
        receiver.delivered("/global").size() >= 1 && receiver.delivered("/own").size() >= 1, 5000);
    const auto global = receiver.delivered("/global");
    const auto perJob = receiver.delivered("/own");
    QCOMPARE(global.size(), 1);
    QCOMPARE(perJob.size(), 1);
    QCOMPARE(global.first().json().value(QStringLiteral("JobId")).toString(), plain);
    QCOMPARE(perJob.first().json().value(QStringLiteral("JobId")).toString(), own);
    const ReceivedCallback &c = perJob.first();
    QCOMPARE(c.method, QByteArray("POST"));
    QCOMPARE(c.headers.value("content-type"), QByteArray("application/json"));
    QCOMPARE(c.eventType(), callbackevent::StreamStateChanged);
    QCOMPARE(c.message().value(QStringLiteral("StreamState")).toString(), streamstate::Connecting);
    QCOMPARE(c.message().value(QStringLiteral("PreviousStreamState")).toString(),
             streamstate::Idle);
    const QDateTime eventTime = QDateTime::fromString(
        c.json().value(QStringLiteral("EventTime")).toString(), Qt::ISODateWithMs);
    QVERIFY2(qAbs(eventTime.secsTo(QDateTime::currentDateTimeUtc())) < 60,
             qPrintable(c.json().value(QStringLiteral("EventTime")).toString()));
    QVERIFY(!c.headers.value("x-livesnap-event-id").isEmpty());
    QVERIFY(!c.headers.contains("x-livesnap-signature")); // no AuthKey set
    QTRY_COMPARE_WITH_TIMEOUT(pending(*engine), 0, 2000);

    // Neither URL: nothing is queued.
    QVERIFY(setCallbacks(service, CallbackSettings::withUrl(QString())));
    QVERIFY(service.reportStreamState(plain, streamstate::Live, QString()));
    QCOMPARE(pending(*engine, plain), 0);
}

void TestCallbacks::retriedAfterServerErrors()
{
    QTemporaryDir dir;
    CallbackReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.failNext("/flaky", {500, 503});
    auto engine = startEngine(dir.path());
    QVERIFY(engine);
    SnapshotService &service = *engine->service();
    const QString job = submitJob(service, QStringLiteral("flaky"), receiver.url("/flaky"));
    QVERIFY(service.reportStreamState(job, streamstate::Connecting, QString()));

    QTRY_COMPARE_WITH_TIMEOUT(receiver.to("/flaky").size(), 3, 5000);
    const auto tries = receiver.to("/flaky");
    QCOMPARE(tries.at(0).answeredStatus, 500);
    QCOMPARE(tries.at(1).answeredStatus, 503);
    QCOMPARE(tries.at(2).answeredStatus, 200);
    // The same event each time, with the same id and body.
    for (const ReceivedCallback &t : tries) {
        QCOMPARE(t.headers.value("x-livesnap-event-id"),
                 tries.first().headers.value("x-livesnap-event-id"));
        QCOMPARE(t.body, tries.first().body);
    }
    QTRY_COMPARE_WITH_TIMEOUT(pending(*engine, job), 0, 2000);
    QTest::qWait(600); // delivered: never sent again
    QCOMPARE(receiver.to("/flaky").size(), 3);
}

void TestCallbacks::givenUpAfterFiveTriesWithAJobEvent()
{
    QTemporaryDir dir;
    CallbackReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.alwaysAnswer("/dead", 500);
    auto engine = startEngine(dir.path());
    QVERIFY(engine);
    SnapshotService &service = *engine->service();
    const QString job = submitJob(service, QStringLiteral("dead"), receiver.url("/dead"));
    QVERIFY(service.reportStreamState(job, streamstate::Connecting, QString()));
    QVERIFY(service.reportStreamState(job, streamstate::Live, QString()));

    // Five tries of the first event, none of the second meanwhile (order per job), then five
    // of the second.
    QTRY_COMPARE_WITH_TIMEOUT(receiver.to("/dead").size(), 10, 10000);
    const auto tries = receiver.to("/dead");
    for (int i = 0; i < 10; ++i) {
        const QString state = tries.at(i).message().value(QStringLiteral("StreamState")).toString();
        QCOMPARE(state, i < 5 ? streamstate::Connecting : streamstate::Live);
    }
    QTRY_COMPARE_WITH_TIMEOUT(pending(*engine, job), 0, 2000);
    auto events = service.listLiveSnapshotJobEvents(job, 50);
    QVERIFY(events);
    int givenUp = 0;
    for (const JobEvent &e : *events) {
        if (e.kind == QLatin1String("callback")) {
            QVERIFY2(e.message.contains(QStringLiteral("LiveSnapshotStreamStateChanged")) &&
                         e.message.contains(QStringLiteral("5 tries")) &&
                         e.message.contains(QStringLiteral("HTTP 500")),
                     qPrintable(e.message));
            ++givenUp;
        }
    }
    QCOMPARE(givenUp, 2);
    QTest::qWait(600);
    QCOMPARE(receiver.to("/dead").size(), 10); // given up means no more tries
}

void TestCallbacks::signedWithTheAuthKey()
{
    QTemporaryDir dir;
    CallbackReceiver receiver;
    QVERIFY(receiver.listen());
    auto engine = startEngine(dir.path());
    QVERIFY(engine);
    SnapshotService &service = *engine->service();
    const QString key = QStringLiteral("k3y-only-in-the-keychain");
    CallbackSettings settings = CallbackSettings::withUrl(receiver.url("/signed"));
    settings.authKey = key;
    const Status set = setCallbacks(service, settings);
    QVERIFY2(set.ok(), qPrintable(set.ok() ? QString() : set.error().message));
    QVERIFY(service.getCallbackSettings()->hasAuthKey);
    QVERIFY(service.getCallbackSettings()->authKey.isEmpty()); // write-only

    const QString job = submitJob(service, QStringLiteral("signed"), QString());
    QVERIFY(service.reportStreamState(job, streamstate::Connecting, QString()));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.delivered("/signed").size(), 1, 5000);
    const ReceivedCallback c = receiver.delivered("/signed").first();
    const QByteArray timestamp = c.headers.value("x-livesnap-timestamp");
    QVERIFY(qAbs(timestamp.toLongLong() - QDateTime::currentSecsSinceEpoch()) < 60);
    const QByteArray expected =
        QMessageAuthenticationCode::hash(timestamp + '.' + c.body, key.toUtf8(),
                                         QCryptographicHash::Sha256)
            .toHex();
    QCOMPARE(c.headers.value("x-livesnap-signature"), expected);
    // A wrong key would not verify.
    QVERIFY(QMessageAuthenticationCode::hash(timestamp + '.' + c.body, "other",
                                             QCryptographicHash::Sha256)
                .toHex() != c.headers.value("x-livesnap-signature"));

    // The key is never in the catalog.
    QFile catalog(engine->dataDirectory().catalogPath());
    QVERIFY(catalog.open(QIODevice::ReadOnly));
    QVERIFY(!catalog.readAll().contains(key.toUtf8()));
    catalog.close();

    // Cleared: the next callbacks go unsigned.
    CallbackSettings clear = CallbackSettings::withUrl(receiver.url("/signed"));
    clear.clearAuthKey = true;
    QVERIFY(setCallbacks(service, clear));
    QVERIFY(!service.getCallbackSettings()->hasAuthKey);
    QVERIFY(service.reportStreamState(job, streamstate::Live, QString()));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.delivered("/signed").size(), 2, 5000);
    QVERIFY(!receiver.delivered("/signed").at(1).headers.contains("x-livesnap-signature"));
}

void TestCallbacks::signedWithTheCredentialsFileKey()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("credentials.json"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"callback/AuthKey": "from-the-file"})");
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    CallbackReceiver receiver;
    QVERIFY(receiver.listen());
    Engine engine{DataDirectory(dir.filePath(QStringLiteral("data")))};
    engine.setSecretStore(std::make_unique<CredentialsFileSecretStore>(path));
    QVERIFY(engine.open().ok());
    engine.startSupervisor(QStringLiteral("callback-test"));
    SnapshotService &service = *engine.service();
    QVERIFY(setCallbacks(service, CallbackSettings::withUrl(receiver.url("/file"))));
    QVERIFY(service.getCallbackSettings()->hasAuthKey); // the file has one
    const QString job = submitJob(service, QStringLiteral("file"), QString());
    QVERIFY(service.reportStreamState(job, streamstate::Connecting, QString()));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.delivered("/file").size(), 1, 5000);
    const ReceivedCallback c = receiver.delivered("/file").first();
    QCOMPARE(
        c.headers.value("x-livesnap-signature"),
        callbackhttp::signature("from-the-file", c.headers.value("x-livesnap-timestamp"), c.body));
}

void TestCallbacks::eventsOfARealJobArriveInOrder()
{
    test::RtmpServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    test::RtmpServer::PublisherOptions options;
    options.width = 640;
    options.height = 360;
    options.gopSeconds = 1;
    test::RtmpPublisher *publisher = server.startPublisher(QStringLiteral("cb"), options);
    QVERIFY2(publisher, qPrintable(server.errorString()));
    QVERIFY(server.waitForPublishing(publisher));

    QTemporaryDir dir;
    CallbackReceiver receiver;
    QVERIFY(receiver.listen());
    // The receiver fails at first: later events wait behind the first, capture goes on.
    receiver.failNext("/life", {500, 500});
    auto engine = startEngine(dir.path(), 300);
    QVERIFY(engine);
    SnapshotService &service = *engine->service();
    auto tpl = service.createLiveSnapshotTemplate(
        TemplateSpec{QStringLiteral("rt5"), 5, QString(),
                     QStringLiteral("snapshot/{JobId}/{Sequence}/{UnixTimestamp}.jpg")});
    QVERIFY(tpl);
    JobSpec spec;
    spec.jobName = QStringLiteral("life");
    spec.templateId = *tpl;
    spec.streamInput.url = server.url(QStringLiteral("cb")) + QStringLiteral("?auth_key=CBSECRET");
    spec.callbackUrl = receiver.url("/life");
    spec.snapshotOutput =
        SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
    auto job = service.submitLiveSnapshotJob(spec);
    QVERIFY(job);
    QVERIFY(service.sendLiveSnapshotJobCommand(*job, QStringLiteral("start")));

    auto created = [&] {
        int n = 0;
        for (const ReceivedCallback &c : receiver.delivered("/life")) {
            n += c.eventType() == callbackevent::SnapshotCreated ? 1 : 0;
        }
        return n;
    };
    QTRY_VERIFY_WITH_TIMEOUT(created() >= 2, 30000);
    QVERIFY(service.sendLiveSnapshotJobCommand(*job, QStringLiteral("stop")));
    QTRY_VERIFY_WITH_TIMEOUT(
        receiver.delivered("/life").constLast().eventType() == callbackevent::JobStopped, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(pending(*engine, *job), 0, 5000);

    const auto delivered = receiver.delivered("/life");
    const QStringList types = eventTypes(delivered);
    QCOMPARE(types.first(), callbackevent::JobStarted);
    QCOMPARE(types.last(), callbackevent::JobStopped);
    // Connected before the first snapshot, and every event exactly once.
    const qsizetype live = [&] {
        for (qsizetype i = 0; i < delivered.size(); ++i) {
            if (delivered.at(i).eventType() == callbackevent::StreamStateChanged &&
                delivered.at(i).message().value(QStringLiteral("StreamState")).toString() ==
                    streamstate::Live) {
                return i;
            }
        }
        return qsizetype(-1);
    }();
    QVERIFY2(live > 0 && live < types.indexOf(callbackevent::SnapshotCreated),
             qPrintable(types.join(QLatin1Char(' '))));
    // A state is reported when it changes, never twice in a row.
    QString lastState;
    for (const ReceivedCallback &c : delivered) {
        if (c.eventType() == callbackevent::StreamStateChanged) {
            const QString state = c.message().value(QStringLiteral("StreamState")).toString();
            QVERIFY2(state != lastState, qPrintable(types.join(QLatin1Char(' '))));
            QCOMPARE(c.message().value(QStringLiteral("PreviousStreamState")).toString().isEmpty(),
                     false);
            lastState = state;
        }
    }
    QSet<QByteArray> ids;
    qint64 lastSequence = 0;
    const auto files = test::realtimeFiles(service, *job);
    for (const ReceivedCallback &c : delivered) {
        ids.insert(c.headers.value("x-livesnap-event-id"));
        QCOMPARE(c.json().value(QStringLiteral("JobId")).toString(), *job);
        QVERIFY2(!c.body.contains("CBSECRET"), c.body.constData());
        if (c.eventType() != callbackevent::SnapshotCreated) {
            continue;
        }
        const QJsonObject m = c.message();
        QCOMPARE(m.value(QStringLiteral("Width")).toInt(), 640);
        QCOMPARE(m.value(QStringLiteral("Height")).toInt(), 360);
        QVERIFY(m.value(QStringLiteral("Size")).toInteger() > 0);
        QCOMPARE(m.value(QStringLiteral("OssBucket")).toString(), QStringLiteral("default"));
        const qint64 sequence = m.value(QStringLiteral("Sequence")).toInteger();
        QVERIFY2(sequence > lastSequence, qPrintable(QString::number(sequence)));
        lastSequence = sequence;
        const auto match = std::find_if(files.cbegin(), files.cend(), [&](const SnapshotFile &f) {
            return f.sequence == sequence &&
                   f.ossObject == m.value(QStringLiteral("OssObject")).toString() &&
                   f.createTimestamp == m.value(QStringLiteral("CreateTimestamp")).toInteger();
        });
        QVERIFY2(match != files.cend(), c.body.constData());
    }
    QCOMPARE(ids.size(), delivered.size());
    // The two failures were retries of the first event, which still came first.
    QCOMPARE(receiver.to("/life").first().eventType(), callbackevent::JobStarted);
    QCOMPARE(receiver.to("/life").at(2).headers.value("x-livesnap-event-id"),
             delivered.first().headers.value("x-livesnap-event-id"));
}

void TestCallbacks::deliveredAfterAnEngineRestart()
{
    QTemporaryDir dir;
    CallbackReceiver receiver;
    QVERIFY(receiver.listen());
    const quint16 port = receiver.port();
    receiver.close(); // the receiver is down: connection refused
    QString job;
    {
        // An engine that queues callbacks and goes away, like a `livesnapctl` action (no
        // dispatcher) or a crash before the first try.
        Engine engine{DataDirectory(dir.path())};
        QVERIFY(engine.open().ok());
        SnapshotService &service = *engine.service();
        job = submitJob(service, QStringLiteral("durable"),
                        QStringLiteral("http://127.0.0.1:%1/later").arg(port));
        QVERIFY(service.reportStreamState(job, streamstate::Connecting, QString()));
        QCOMPARE(pending(engine, job), 1);
    }
    {
        // An engine that tries once while the receiver is down, then stops for a long backoff.
        auto engine = startEngine(dir.path(), 60000);
        QVERIFY(engine);
        QSignalSpy settled(engine->callbacks(), &CallbackDispatcher::settled);
        QTRY_COMPARE_WITH_TIMEOUT(settled.size(), 1, 5000);
        QCOMPARE(settled.first().at(1).toBool(), false); // not delivered
        QCOMPARE(pending(*engine, job), 1);
        // Its claim is released at shutdown; the backoff is kept in the catalog.
        engine->shutdown();
        QCOMPARE(pending(*engine, job), 1);
    }
    // The receiver is back; an engine run after the backoff (an injected clock, 61 s later)
    // delivers it.
    QVERIFY(receiver.listen(port));
    auto later = std::make_unique<Engine>(DataDirectory(dir.path()));
    const qint64 offset = 61000;
    QVERIFY(
        later->open(Clock([offset] { return QDateTime::currentDateTimeUtc().addMSecs(offset); }))
            .ok());
    later->startSupervisor(QStringLiteral("callback-test"));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.delivered("/later").size(), 1, 5000);
    QCOMPARE(receiver.delivered("/later").first().message().value(QStringLiteral("StreamState")),
             streamstate::Connecting);
    QTRY_COMPARE_WITH_TIMEOUT(pending(*later, job), 0, 2000);
}

void TestCallbacks::cliKeepsTheAuthKeyInTheKeychain()
{
    const QString ctl = qEnvironmentVariable("LIVESNAPCTL");
    QVERIFY(!ctl.isEmpty());
    QTemporaryDir dir;
    auto run = [&](const QStringList &args, const QByteArray &input = {}) {
        QProcess p;
        p.start(ctl, QStringList{QStringLiteral("--data-dir"), dir.path()} + args);
        p.write(input);
        p.closeWriteChannel();
        p.waitForFinished(30000);
        return std::make_pair(p.exitCode(),
                              QJsonDocument::fromJson(p.readAllStandardOutput()).object());
    };
    auto [code, out] = run({QStringLiteral("SetCallbackSettings"), QStringLiteral("--CallbackUrl"),
                            QStringLiteral("http://127.0.0.1:9/cb"), QStringLiteral("--AuthKey"),
                            QStringLiteral("-")},
                           "cli-s3cr3t\n");
    QCOMPARE(code, 0);
    std::tie(code, out) = run({QStringLiteral("GetCallbackSettings")});
    QCOMPARE(code, 0);
    QCOMPARE(out.value(QStringLiteral("CallbackUrl")).toString(),
             QStringLiteral("http://127.0.0.1:9/cb"));
    QCOMPARE(out.value(QStringLiteral("AuthKeySet")).toBool(), true);
    QFile catalog(DataDirectory(dir.path()).catalogPath());
    QVERIFY(catalog.open(QIODevice::ReadOnly));
    QVERIFY(!catalog.readAll().contains("cli-s3cr3t"));
    catalog.close();

    // Only the key changes: the URL stays.
    std::tie(code, out) = run({QStringLiteral("SetCallbackSettings"),
                               QStringLiteral("--ClearAuthKey"), QStringLiteral("true")});
    QCOMPARE(code, 0);
    std::tie(code, out) = run({QStringLiteral("GetCallbackSettings")});
    QCOMPARE(out.value(QStringLiteral("AuthKeySet")).toBool(), false);
    QCOMPARE(out.value(QStringLiteral("CallbackUrl")).toString(),
             QStringLiteral("http://127.0.0.1:9/cb"));

    // Only http(s) receivers.
    std::tie(code, out) =
        run({QStringLiteral("SetCallbackSettings"), QStringLiteral("--CallbackUrl"),
             QStringLiteral("ftp://127.0.0.1/cb")});
    QCOMPARE(code, 2);
    QCOMPARE(out.value(QStringLiteral("Code")).toString(),
             QStringLiteral("InvalidParameter.CallbackUrl"));
    std::tie(code, out) =
        run({QStringLiteral("SubmitLiveSnapshotJob"), QStringLiteral("--JobName"),
             QStringLiteral("x"), QStringLiteral("--TemplateId"),
             QStringLiteral("system-realtime-10s"), QStringLiteral("--StreamInput"),
             QStringLiteral("{\"Type\":\"rtmp\",\"Url\":\"rtmp://127.0.0.1/live/x\"}"),
             QStringLiteral("--CallbackUrl"), QStringLiteral("file:///etc/passwd")});
    QCOMPARE(code, 2);
    QVERIFY2(
        out.value(QStringLiteral("Code")).toString().startsWith(QStringLiteral("InvalidParameter")),
        qPrintable(out.value(QStringLiteral("Code")).toString()));
}

QTEST_GUILESS_MAIN(TestCallbacks)
#include "tst_callbacks.moc"
