// Camera and encoder protocols through the same keyframe path as RTMP, against real servers:
// VLC's RTSP server (credentials in the URL), an ffmpeg SRT listener (a passphrase) and
// nginx-rtmp's HLS output served by nginx (a query token). Under `livesnapctl serve`, a job of
// each type stores snapshots, goes live, and no output (CLI, events, debug logs) shows its
// secret; stopping the service ends every reader. In process, an SRT encoder that goes away
// makes its job reconnect, and the job recovers when the encoder comes back.
#include "../support/Livesnapctl.h"
#include "../support/RtmpServer.h"
#include "../support/RtspServer.h"
#include "../support/SnapshotFiles.h"
#include "../support/SrtServer.h"
#include "engine/Engine.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace livesnap;

namespace {

const QByteArrayList Secrets{"CamSecretPw7", "camoperator", "SrtPassphrase42x", "HlsTokenSecret9"};

QByteArray leaked(const QByteArray &text)
{
    return livesnap::test::firstLeak(text, Secrets);
}

QByteArray text(const QJsonObject &json)
{
    return test::compactJson(json);
}

// The JPEG files stored for a job under the data directory (object keys name the job).
int storedJpegs(const QString &dataDir, const QString &jobId)
{
    int count = 0;
    QDirIterator it(dataDir, {QStringLiteral("*.jpg")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (path.contains(jobId) && file.open(QIODevice::ReadOnly) &&
            file.read(3) == QByteArray("\xff\xd8\xff", 3)) {
            ++count;
        }
    }
    return count;
}

} // namespace

class TestStreamProtocols : public QObject {
    Q_OBJECT

private:
    QString m_ctl = qEnvironmentVariable("LIVESNAPCTL");
    QTemporaryDir m_dir;

    QJsonObject ctl(const QStringList &args, int *exitCode = nullptr)
    {
        return test::runCtl(m_ctl, m_dir.path(), args, exitCode);
    }

    QJsonObject job(const QString &id)
    {
        return ctl({QStringLiteral("GetLiveSnapshotJob"), QStringLiteral("--JobId"), id});
    }

private slots:
    void eachTypeCapturesAndHidesItsSecrets();
    void srtEncoderGoneReconnectsAndRecovers();
};

void TestStreamProtocols::eachTypeCapturesAndHidesItsSecrets()
{
    QVERIFY(QFile::exists(m_ctl));
    test::RtspServer rtsp;
    QVERIFY2(rtsp.start(), qPrintable(rtsp.errorString()));
    test::SrtServer srt(QStringLiteral("SrtPassphrase42x"));
    QVERIFY2(srt.start(), qPrintable(srt.errorString()));
    test::RtmpServer nginx;
    nginx.enableHls();
    QVERIFY2(nginx.start(), qPrintable(nginx.errorString()));
    test::RtmpServer::PublisherOptions small;
    small.width = 320;
    small.height = 180;
    small.fps = 15;
    small.gopSeconds = 1;
    test::RtmpPublisher *publisher = nginx.startPublisher(QStringLiteral("cam"), small);
    QVERIFY2(publisher && nginx.waitForPublishing(publisher), qPrintable(nginx.errorString()));

    struct Case {
        QString type;
        QString url;
        QString maskedUrl;
        QString jobId;
    };
    QList<Case> cases{
        {QStringLiteral("rtsp"), rtsp.url(QStringLiteral("camoperator:CamSecretPw7")),
         QStringLiteral("rtsp://***:***@127.0.0.1:%1/cam").arg(rtsp.port()), QString()},
        {QStringLiteral("srt"), srt.url(),
         QStringLiteral("srt://127.0.0.1:%1?passphrase=***").arg(srt.port()), QString()},
        {QStringLiteral("hls"),
         nginx.hlsUrl(QStringLiteral("cam")) + QStringLiteral("?token=HlsTokenSecret9"),
         nginx.hlsUrl(QStringLiteral("cam")) + QStringLiteral("?token=***"), QString()},
    };

    const QJsonObject tpl = ctl(
        {QStringLiteral("CreateLiveSnapshotTemplate"), QStringLiteral("--TemplateName"),
         QStringLiteral("every5"), QStringLiteral("--TimeInterval"), QStringLiteral("5"),
         QStringLiteral("--SequenceFormat"), QStringLiteral("snapshot/{JobId}/{Sequence}.jpg")});
    const QString templateId = tpl.value(QStringLiteral("TemplateId")).toString();
    QVERIFY2(!templateId.isEmpty(), text(tpl).constData());
    auto submit = [&](const QString &name, const QString &type, const QString &url, int *exitCode) {
        return ctl({QStringLiteral("SubmitLiveSnapshotJob"), QStringLiteral("--JobName"), name,
                    QStringLiteral("--TemplateId"), templateId, QStringLiteral("--StreamInput"),
                    QString::fromUtf8(
                        text({{QStringLiteral("Type"), type}, {QStringLiteral("Url"), url}}))},
                   exitCode);
    };
    QByteArray everything;
    // A URL of another type's scheme is refused with the type to use, its secret masked.
    int exitCode = 0;
    const QJsonObject wrongType =
        submit(QStringLiteral("wrong-type"), QStringLiteral("rtmp"), cases[0].url, &exitCode);
    QCOMPARE(exitCode, 2);
    QCOMPARE(wrongType.value(QStringLiteral("Code")).toString(),
             QStringLiteral("InvalidParameter.StreamInput.Url"));
    QVERIFY2(wrongType.value(QStringLiteral("Message")).toString().contains(QLatin1String("rtsp")),
             text(wrongType).constData());
    everything += text(wrongType);

    for (Case &c : cases) {
        // The type is kept as given, in lower case.
        const QJsonObject out =
            submit(QStringLiteral("cam-") + c.type, c.type.toUpper(), c.url, &exitCode);
        c.jobId = out.value(QStringLiteral("JobId")).toString();
        QVERIFY2(exitCode == 0 && !c.jobId.isEmpty(), text(out).constData());
    }

    QProcess serve;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("livesnap.*=true"));
    serve.setProcessEnvironment(env);
    serve.setProcessChannelMode(QProcess::MergedChannels);
    serve.start(m_ctl, {QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("serve")});
    QVERIFY(serve.waitForStarted());
    for (const Case &c : cases) {
        ctl({QStringLiteral("SendLiveSnapshotJobCommand"), QStringLiteral("--JobId"), c.jobId,
             QStringLiteral("--Command"), QStringLiteral("start")});
    }
    QElapsedTimer clock;
    clock.start();
    // Two snapshots each (interval 5 s): stored JPEG files, through the same keyframe path.
    for (const Case &c : cases) {
        QTRY_VERIFY2_WITH_TIMEOUT(storedJpegs(m_dir.path(), c.jobId) >= 2,
                                  qPrintable(c.type + QLatin1Char(' ') +
                                             QString::fromUtf8(text(job(c.jobId))) +
                                             QLatin1Char(' ') + rtsp.log().right(500)),
                                  40000);
        qInfo("%s: 2 snapshots after %lld ms", qPrintable(c.type), clock.elapsed());
    }
    for (const Case &c : cases) {
        const QJsonObject got = job(c.jobId);
        const QJsonObject input = got.value(QStringLiteral("StreamInput")).toObject();
        QCOMPARE(input.value(QStringLiteral("Type")).toString(), c.type);
        QCOMPARE(input.value(QStringLiteral("Url")).toString(), c.maskedUrl);
        QVERIFY2(got.value(QStringLiteral("StreamState")).toString() == QLatin1String("live"),
                 text(got).constData());
        everything += text(got);
        everything +=
            text(ctl({QStringLiteral("ListLiveSnapshotJobEvents"), QStringLiteral("--JobId"),
                      c.jobId, QStringLiteral("--Limit"), QStringLiteral("100")}));
    }
    everything += text(ctl({QStringLiteral("ListLiveSnapshotJobs")}));
    QVERIFY2(everything.contains("\"Kind\""), everything.constData()); // events were listed
    QVERIFY2(leaked(everything).isEmpty(),
             QByteArray(leaked(everything) + " leaked in: " + everything).constData());

    // Stopping the service ends every reader at once: each protocol honours the interrupt.
    QElapsedTimer stopping;
    stopping.start();
    serve.terminate();
    QVERIFY(serve.waitForFinished(15000));
    qInfo("serve stopped in %lld ms", stopping.elapsed());
    QVERIFY2(stopping.elapsed() < 8000, qPrintable(QString::number(stopping.elapsed())));
    const QByteArray log = serve.readAll();
    QVERIFY2(log.contains("livesnap.capture"), log.right(2000).constData());
    for (const Case &c : cases) {
        QVERIFY2(log.contains(c.maskedUrl.toUtf8()), log.right(3000).constData());
    }
    QVERIFY2(leaked(log).isEmpty(), QByteArray(leaked(log) + " leaked in the log").constData());
}

void TestStreamProtocols::srtEncoderGoneReconnectsAndRecovers()
{
    test::SrtServer srt;
    QVERIFY2(srt.start(), qPrintable(srt.errorString()));
    QTemporaryDir dir;
    Engine engine{DataDirectory(dir.path())};
    QVERIFY(engine.open().ok());
    CaptureOptions capture;
    capture.openTimeoutMs = 3000;
    capture.stallTimeoutMs = 2000;
    capture.minBackoffMs = 200;
    capture.maxBackoffMs = 1000;
    engine.setCaptureDefaults(capture);
    SnapshotService &service = *engine.service();
    auto tpl = service.createLiveSnapshotTemplate(
        TemplateSpec{QStringLiteral("every 5 s"), 5, QString(),
                     QStringLiteral("snapshot/{JobId}/{Sequence}.jpg")});
    QVERIFY(tpl);
    JobSpec spec;
    spec.jobName = QStringLiteral("encoder");
    spec.templateId = *tpl;
    spec.streamInput.type = QStringLiteral("srt");
    spec.streamInput.url = srt.url();
    spec.snapshotOutput =
        SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
    auto id = service.submitLiveSnapshotJob(spec);
    QVERIFY2(id, id ? "" : qPrintable(id.error().message));
    QVERIFY(service.sendLiveSnapshotJobCommand(*id, QStringLiteral("start")));
    Supervisor::Options options;
    options.tickMs = 200;
    engine.startSupervisor(QStringLiteral("srt-test"), options);
    auto state = [&] {
        auto job = service.getLiveSnapshotJob(*id);
        return job ? job->streamState : QString();
    };
    QTRY_VERIFY_WITH_TIMEOUT(test::realtimeFiles(service, *id).size() >= 1, 20000);
    QCOMPARE(state(), streamstate::Live);

    // The encoder vanishes: no data for 2 s, then reconnecting with a LastError.
    srt.kill();
    QTRY_COMPARE_WITH_TIMEOUT(state(), streamstate::Reconnecting, 10000);
    auto down = service.getLiveSnapshotJob(*id);
    QVERIFY(down);
    QVERIFY2(down->lastError.contains(QLatin1String("no data for 2 s")),
             qPrintable(down->lastError));
    const qsizetype before = test::realtimeFiles(service, *id).size();

    // It comes back on the same port: live again, and snapshots resume.
    QVERIFY2(srt.start(), qPrintable(srt.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(state(), streamstate::Live, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(test::realtimeFiles(service, *id).size() > before, 15000);
    QVERIFY(service.sendLiveSnapshotJobCommand(*id, QStringLiteral("stop")));
}

QTEST_GUILESS_MAIN(TestStreamProtocols)
#include "tst_streamprotocols.moc"
