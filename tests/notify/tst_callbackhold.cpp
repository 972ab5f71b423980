// Callback signing fails closed: when the catalog says an AuthKey is set but it cannot be read
// (gone from a real gnome-keyring, or a credentials file without "callback/AuthKey"), callbacks
// are held: nothing is sent, they stay queued without counting a try, the job gets one event,
// and GetCallbackSettings says why. They go out signed once the key can be read again, or
// unsigned once the operator clears the key. Runs under with-keyring.sh.
#include "../support/Await.h"
#include "../support/CallbackReceiver.h"
#include "engine/CallbackDispatcher.h"
#include "engine/Engine.h"
#include "notify/CallbackEvent.h"
#include "secrets/SecretStore.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace livesnap;

namespace {
Status setCallbacks(SnapshotService &service, const CallbackSettings &settings)
{
    return test::await<Status>([&](auto reply) { service.setCallbackSettings(settings, reply); });
}
} // namespace
using test::CallbackReceiver;
using test::ReceivedCallback;

namespace {

constexpr int BackoffMs = 100;
// Long enough for many key reads and tries at BackoffMs.
constexpr int HeldWatchMs = 1500;

std::unique_ptr<Engine> startEngine(const QString &dir,
                                    std::unique_ptr<SecretStore> secrets = nullptr)
{
    auto engine = std::make_unique<Engine>(DataDirectory(dir));
    if (secrets) {
        engine->setSecretStore(std::move(secrets));
    }
    if (!engine->open().ok()) {
        return nullptr;
    }
    Supervisor::Options options;
    options.tickMs = 200;
    engine->startSupervisor(QStringLiteral("hold-test"), options);
    engine->setCallbackBackoff(BackoffMs, BackoffMs * 4);
    return engine;
}

QString submitJob(SnapshotService &service, const QString &name)
{
    JobSpec spec;
    spec.jobName = name;
    spec.templateId = QStringLiteral("system-realtime-10s");
    spec.streamInput.url = QStringLiteral("rtmp://127.0.0.1:1/live/none");
    spec.snapshotOutput =
        SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
    auto id = service.submitLiveSnapshotJob(spec);
    return id ? *id : QString();
}

bool writeCredentials(const QString &path, const QByteArray &json)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(json) == json.size() &&
           file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) && file.flush();
}

int heldEvents(SnapshotService &service, const QString &jobId)
{
    auto events = service.listLiveSnapshotJobEvents(jobId, 100);
    int n = 0;
    for (const JobEvent &e : events ? *events : QList<JobEvent>()) {
        n += e.kind == QLatin1String("callback") && e.message.contains(QStringLiteral("held")) ? 1
                                                                                               : 0;
    }
    return n;
}

// Every queued callback of the job, with the tries counted so far.
QList<int> triesCounted(Engine &engine)
{
    auto due = engine.service()->callbacks().dueHeads(
        engine.service()->clock().nowMs() + 3600 * 1000, 100);
    QList<int> tries;
    for (const PendingCallback &c : due ? *due : QList<PendingCallback>()) {
        tries << c.attempts;
    }
    return tries;
}

bool signedWith(const ReceivedCallback &c, const QByteArray &key)
{
    return c.headers.value("x-livesnap-signature") ==
           callbackhttp::signature(key, c.headers.value("x-livesnap-timestamp"), c.body);
}

} // namespace

class TestCallbackHold : public QObject {
    Q_OBJECT

private slots:
    void heldWhileTheKeychainLostTheKey();
    void heldWithACredentialsFileWithoutTheKey();
    void clearingTheKeySendsUnsigned();
};

void TestCallbackHold::heldWhileTheKeychainLostTheKey()
{
    QTemporaryDir dir;
    CallbackReceiver receiver;
    QVERIFY(receiver.listen());
    auto engine = startEngine(dir.path());
    QVERIFY(engine);
    SnapshotService &service = *engine->service();
    CallbackSettings settings = CallbackSettings::withUrl(receiver.url("/held"));
    settings.authKey = QStringLiteral("k3y-in-the-keyring");
    const Status set = setCallbacks(service, settings);
    QVERIFY2(set.ok(), qPrintable(set.ok() ? QString() : set.error().message));
    // The keyring loses it (another tool removed it, a new keyring): the catalog still says set.
    KeychainSecretStore keychain;
    QVERIFY(keychain.remove(callbackhttp::AuthKeySecret).ok());

    const QString job = submitJob(service, QStringLiteral("held"));
    QVERIFY(service.reportStreamState(job, streamstate::Connecting, QString()));
    QVERIFY(service.reportStreamState(job, streamstate::Live, QString()));
    QTRY_VERIFY_WITH_TIMEOUT(!engine->callbacks()->heldReason().isEmpty(), 5000);
    QTest::qWait(HeldWatchMs);
    QCOMPARE(receiver.received().size(), 0);
    QCOMPARE(triesCounted(*engine), QList<int>{0}); // the job's head, no try counted
    QCOMPARE(*service.callbacks().pendingCount(job), 2);
    QCOMPARE(heldEvents(service, job), 1); // once, not per attempt
    const auto shown = service.getCallbackSettings();
    QVERIFY(shown && shown->hasAuthKey);
    QVERIFY2(shown->authKeyProblem.contains(QStringLiteral("cannot be read")) &&
                 shown->authKeyProblem.contains(QStringLiteral("--ClearAuthKey true")),
             qPrintable(shown->authKeyProblem));

    // Another process (the CLI) sees it too.
    QProcess ctl;
    ctl.start(qEnvironmentVariable("LIVESNAPCTL"),
              {QStringLiteral("--data-dir"), dir.path(), QStringLiteral("GetCallbackSettings")});
    QVERIFY(ctl.waitForFinished(30000));
    const QJsonObject out = QJsonDocument::fromJson(ctl.readAllStandardOutput()).object();
    QCOMPARE(out.value(QStringLiteral("DeliveryHeld")).toBool(), true);
    QCOMPARE(out.value(QStringLiteral("AuthKeySet")).toBool(), true);
    QVERIFY(
        out.value(QStringLiteral("AuthKeyProblem")).toString().contains(QStringLiteral("held")));

    // The key is back: both go out, in order, signed with it.
    QVERIFY(keychain.write(callbackhttp::AuthKeySecret, QStringLiteral("k3y-in-the-keyring")).ok());
    QTRY_COMPARE_WITH_TIMEOUT(receiver.delivered("/held").size(), 2, 10000);
    const auto delivered = receiver.delivered("/held");
    QCOMPARE(delivered.at(0).message().value(QStringLiteral("StreamState")).toString(),
             streamstate::Connecting);
    QCOMPARE(delivered.at(1).message().value(QStringLiteral("StreamState")).toString(),
             streamstate::Live);
    for (const ReceivedCallback &c : delivered) {
        QVERIFY2(signedWith(c, "k3y-in-the-keyring"), c.body.constData());
    }
    QTRY_VERIFY_WITH_TIMEOUT(engine->callbacks()->heldReason().isEmpty(), 2000);
    QVERIFY(service.getCallbackSettings()->authKeyProblem.isEmpty());
    QCOMPARE(heldEvents(service, job), 1);
    QCOMPARE(receiver.received().size(), 2); // nothing went out unsigned meanwhile
}

void TestCallbackHold::heldWithACredentialsFileWithoutTheKey()
{
    QTemporaryDir dir;
    const QString data = dir.filePath(QStringLiteral("data"));
    CallbackReceiver receiver;
    QVERIFY(receiver.listen());
    {
        // The key was set through the keychain: the catalog says so.
        auto engine = startEngine(data);
        QVERIFY(engine);
        CallbackSettings settings = CallbackSettings::withUrl(receiver.url("/file"));
        settings.authKey = QStringLiteral("file-key");
        QVERIFY(setCallbacks(*engine->service(), settings).ok());
    }
    const QString path = dir.filePath(QStringLiteral("credentials.json"));
    QVERIFY(writeCredentials(path, R"({"storage/other/AccessKeySecret": "x"})"));
    QString job;
    {
        auto engine = startEngine(data, std::make_unique<CredentialsFileSecretStore>(path));
        QVERIFY(engine);
        SnapshotService &service = *engine->service();
        // Known at once from the file, before any try.
        const auto shown = service.getCallbackSettings();
        QVERIFY(shown && shown->hasAuthKey);
        QVERIFY2(shown->authKeyProblem.contains(callbackhttp::AuthKeySecret),
                 qPrintable(shown->authKeyProblem));
        job = submitJob(service, QStringLiteral("file"));
        QVERIFY(service.reportStreamState(job, streamstate::Connecting, QString()));
        QTRY_VERIFY_WITH_TIMEOUT(!engine->callbacks()->heldReason().isEmpty(), 5000);
        QTest::qWait(HeldWatchMs);
        QVERIFY(receiver.received().isEmpty());
        QCOMPARE(triesCounted(*engine), QList<int>{0});
        QCOMPARE(heldEvents(service, job), 1);
    }
    // The operator adds the key to the file and restarts the engine: delivered, signed.
    QVERIFY(writeCredentials(path, R"({"callback/AuthKey": "file-key"})"));
    auto engine = startEngine(data, std::make_unique<CredentialsFileSecretStore>(path));
    QVERIFY(engine);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.delivered("/file").size(), 1, 10000);
    QVERIFY(signedWith(receiver.delivered("/file").first(), "file-key"));
    QTRY_VERIFY_WITH_TIMEOUT(engine->service()->getCallbackSettings()->authKeyProblem.isEmpty(),
                             2000);
}

void TestCallbackHold::clearingTheKeySendsUnsigned()
{
    QTemporaryDir dir;
    CallbackReceiver receiver;
    QVERIFY(receiver.listen());
    auto engine = startEngine(dir.path());
    QVERIFY(engine);
    SnapshotService &service = *engine->service();
    CallbackSettings settings = CallbackSettings::withUrl(receiver.url("/clear"));
    settings.authKey = QStringLiteral("soon-gone");
    QVERIFY(setCallbacks(service, settings).ok());
    QVERIFY(KeychainSecretStore().remove(callbackhttp::AuthKeySecret).ok());
    const QString job = submitJob(service, QStringLiteral("clear"));
    QVERIFY(service.reportStreamState(job, streamstate::Connecting, QString()));
    QTRY_VERIFY_WITH_TIMEOUT(!engine->callbacks()->heldReason().isEmpty(), 5000);
    QVERIFY(receiver.received().isEmpty());

    // The operator chooses unsigned callbacks.
    CallbackSettings clear = CallbackSettings::withUrl(receiver.url("/clear"));
    clear.clearAuthKey = true;
    QVERIFY(setCallbacks(service, clear).ok());
    QTRY_COMPARE_WITH_TIMEOUT(receiver.delivered("/clear").size(), 1, 5000);
    QVERIFY(!receiver.delivered("/clear").first().headers.contains("x-livesnap-signature"));
    QVERIFY(engine->callbacks()->heldReason().isEmpty());
    QVERIFY(service.getCallbackSettings()->authKeyProblem.isEmpty());
}

QTEST_GUILESS_MAIN(TestCallbackHold)
#include "tst_callbackhold.moc"
