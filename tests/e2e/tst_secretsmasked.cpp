// Stream secrets never leave the service: a real job under `livesnapctl serve` captures from
// nginx-rtmp through a URL with a userinfo, a token-like stream key and an auth_key, posts its
// callbacks to a receiver whose URL carries a token, and a second job fails on a stream that
// does not exist (so errors quote its URL). Then every output is searched for the secrets: the
// CLI's Get/List jobs and GetCallbackSettings, every job event, every callback body, and every
// log line of the engine (all categories at debug level). --Reveal true shows them.
#include "../support/CallbackReceiver.h"
#include "../support/Livesnapctl.h"
#include "../support/RtmpServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace test = livesnap::test;
using livesnap::test::CallbackReceiver;
using livesnap::test::ReceivedCallback;

namespace {
// The stream key is the token-like path segment; it is also the stream nginx publishes.
const QString StreamKey = QStringLiteral("9f86d081884c7d659a2feaa0c55ad015");
const QByteArrayList Secrets{"9f86d081884c7d659a2feaa0c55ad015",
                             "AUTHKEYSECRET",
                             "pw4stream",
                             "operator7",
                             "CBTOKENSECRET",
                             "MISSINGKEYSECRET"};

QByteArray leaked(const QByteArray &text)
{
    return livesnap::test::firstLeak(text, Secrets);
}
} // namespace

class TestSecretsMasked : public QObject {
    Q_OBJECT

private:
    QString m_ctl = qEnvironmentVariable("LIVESNAPCTL");
    QTemporaryDir m_dir;

    QJsonObject ctl(const QStringList &args, int *exitCode = nullptr)
    {
        return test::runCtl(m_ctl, m_dir.path(), args, exitCode);
    }

    static QByteArray text(const QJsonObject &json) { return test::compactJson(json); }

private slots:
    void noSecretInAnyOutput();
};

void TestSecretsMasked::noSecretInAnyOutput()
{
    QVERIFY(!m_ctl.isEmpty());
    livesnap::test::RtmpServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    livesnap::test::RtmpServer::PublisherOptions options;
    options.width = 320;
    options.height = 180;
    options.gopSeconds = 1;
    auto *publisher = server.startPublisher(StreamKey, options);
    QVERIFY2(publisher, qPrintable(server.errorString()));
    QVERIFY(server.waitForPublishing(publisher));
    CallbackReceiver receiver;
    QVERIFY(receiver.listen());

    const QString streamUrl =
        QStringLiteral("rtmp://operator7:pw4stream@127.0.0.1:%1/live/%2?auth_key=AUTHKEYSECRET")
            .arg(server.port())
            .arg(StreamKey);
    const QString callbackUrl = receiver.url("/cb?token=CBTOKENSECRET");
    auto tpl = ctl({QStringLiteral("CreateLiveSnapshotTemplate"), QStringLiteral("--TemplateName"),
                    QStringLiteral("every5"), QStringLiteral("--TimeInterval"), QStringLiteral("5"),
                    QStringLiteral("--SequenceFormat"),
                    QStringLiteral("snapshot/{JobId}/{Sequence}.jpg")});
    const QString templateId = tpl.value(QStringLiteral("TemplateId")).toString();
    QVERIFY2(!templateId.isEmpty(), text(tpl).constData());
    auto submit = [&](const QString &name, const QString &url) {
        const auto out =
            ctl({QStringLiteral("SubmitLiveSnapshotJob"), QStringLiteral("--JobName"), name,
                 QStringLiteral("--TemplateId"), templateId, QStringLiteral("--StreamInput"),
                 QString::fromUtf8(text({{QStringLiteral("Type"), QStringLiteral("rtmp")},
                                         {QStringLiteral("Url"), url}})),
                 QStringLiteral("--CallbackUrl"), callbackUrl});
        return out.value(QStringLiteral("JobId")).toString();
    };
    const QString job = submit(QStringLiteral("secret-stream"), streamUrl);
    const QString missing =
        submit(QStringLiteral("missing-stream"),
               QStringLiteral("rtmp://127.0.0.1:%1/live/none?auth_key=MISSINGKEYSECRET")
                   .arg(server.port()));
    QVERIFY(!job.isEmpty() && !missing.isEmpty());

    QProcess serve;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("livesnap.*=true"));
    serve.setProcessEnvironment(env);
    serve.setProcessChannelMode(QProcess::MergedChannels);
    serve.start(m_ctl, {QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("serve")});
    QVERIFY(serve.waitForStarted());
    for (const QString &id : {job, missing}) {
        ctl({QStringLiteral("SendLiveSnapshotJobCommand"), QStringLiteral("--JobId"), id,
             QStringLiteral("--Command"), QStringLiteral("start")});
    }
    auto snapshotCallbacks = [&] {
        int n = 0;
        for (const ReceivedCallback &c : receiver.received()) {
            n += c.eventType() == QLatin1String("LiveSnapshotCreated") ? 1 : 0;
        }
        return n;
    };
    QTRY_VERIFY_WITH_TIMEOUT(snapshotCallbacks() >= 1, 30000);
    // The missing stream has failed at least once: its error quotes the URL.
    QTRY_VERIFY_WITH_TIMEOUT(
        !ctl({QStringLiteral("GetLiveSnapshotJob"), QStringLiteral("--JobId"), missing})
             .value(QStringLiteral("LastError"))
             .toString()
             .isEmpty(),
        30000);

    // The CLI: Get and List jobs, events, callback settings.
    QByteArray everything;
    for (const QString &id : {job, missing}) {
        const QJsonObject got =
            ctl({QStringLiteral("GetLiveSnapshotJob"), QStringLiteral("--JobId"), id});
        QVERIFY2(got.value(QStringLiteral("JobId")).toString() == id, text(got).constData());
        everything += text(got);
        everything +=
            text(ctl({QStringLiteral("ListLiveSnapshotJobEvents"), QStringLiteral("--JobId"), id,
                      QStringLiteral("--Limit"), QStringLiteral("100")}));
    }
    const QJsonObject list = ctl({QStringLiteral("ListLiveSnapshotJobs")});
    QCOMPARE(list.value(QStringLiteral("JobList")).toArray().size(), 2);
    everything += text(list);
    ctl({QStringLiteral("SetCallbackSettings"), QStringLiteral("--CallbackUrl"), callbackUrl});
    const QJsonObject settings = ctl({QStringLiteral("GetCallbackSettings")});
    QCOMPARE(settings.value(QStringLiteral("CallbackUrl")).toString(),
             receiver.url("/cb?token=***"));
    everything += text(settings);
    // The shape stays readable.
    const QJsonObject got =
        ctl({QStringLiteral("GetLiveSnapshotJob"), QStringLiteral("--JobId"), job});
    QCOMPARE(
        got.value(QStringLiteral("StreamInput")).toObject().value(QStringLiteral("Url")).toString(),
        QStringLiteral("rtmp://***:***@127.0.0.1:%1/live/***?auth_key=***").arg(server.port()));
    QCOMPARE(got.value(QStringLiteral("CallbackUrl")).toString(), receiver.url("/cb?token=***"));
    QVERIFY2(everything.contains("\"Kind\""), everything.constData()); // events were listed
    QVERIFY2(leaked(everything).isEmpty(),
             QByteArray(leaked(everything) + " leaked in: " + everything).constData());

    // Callback bodies.
    QVERIFY(receiver.received().size() >= 3);
    for (const ReceivedCallback &c : receiver.received()) {
        QVERIFY2(leaked(c.body).isEmpty(), c.body.constData());
    }

    // Every log line of the engine, at debug level.
    serve.terminate();
    QVERIFY(serve.waitForFinished(15000));
    const QByteArray log = serve.readAll();
    QVERIFY2(log.contains("livesnap.capture"), log.right(2000).constData());
    QVERIFY2(log.contains("auth_key=***"), log.right(2000).constData());
    QVERIFY2(leaked(log).isEmpty(), QByteArray(leaked(log) + " leaked in the log").constData());

    // Revealed only when asked.
    const QJsonObject revealed =
        ctl({QStringLiteral("GetLiveSnapshotJob"), QStringLiteral("--JobId"), job,
             QStringLiteral("--Reveal"), QStringLiteral("true")});
    QCOMPARE(revealed.value(QStringLiteral("StreamInput"))
                 .toObject()
                 .value(QStringLiteral("Url"))
                 .toString(),
             streamUrl);
    QCOMPARE(revealed.value(QStringLiteral("CallbackUrl")).toString(), callbackUrl);
    const QJsonObject revealedList = ctl({QStringLiteral("ListLiveSnapshotJobs"),
                                          QStringLiteral("--Reveal"), QStringLiteral("true")});
    QVERIFY(text(revealedList).contains("AUTHKEYSECRET"));
    QCOMPARE(ctl({QStringLiteral("GetCallbackSettings"), QStringLiteral("--Reveal"),
                  QStringLiteral("true")})
                 .value(QStringLiteral("CallbackUrl"))
                 .toString(),
             callbackUrl);
    int exitCode = 0;
    const QJsonObject bad = ctl({QStringLiteral("GetLiveSnapshotJob"), QStringLiteral("--JobId"),
                                 job, QStringLiteral("--Reveal"), QStringLiteral("maybe")},
                                &exitCode);
    QCOMPARE(exitCode, 2);
    QCOMPARE(bad.value(QStringLiteral("Code")).toString(),
             QStringLiteral("InvalidParameter.Reveal"));
}

QTEST_GUILESS_MAIN(TestSecretsMasked)
#include "tst_secretsmasked.moc"
