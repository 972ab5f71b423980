// The real `livesnap` process quits promptly while a live preview of a real stream plays
// (nginx-rtmp + ffmpeg): SIGTERM closes the window, the application quits, the preview thread
// stops and the process exits within 3 s, releasing its job. Before the fix the GUI thread
// waited for the preview thread, whose quit() was queued to that same blocked GUI thread.
#include "../../support/RtmpServer.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace livesnap;

class TestQuitWithPreview : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void sigtermQuitsWithinThreeSecondsWhilePreviewPlays();

private:
    QJsonObject ctl(const QStringList &arguments);

    test::RtmpServer m_server;
    QTemporaryDir m_dir;
    QProcess m_gui;
};

void TestQuitWithPreview::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    test::RtmpServer::PublisherOptions options;
    options.width = 640;
    options.height = 360;
    options.fps = 15;
    options.gopSeconds = 1;
    test::RtmpPublisher *publisher = m_server.startPublisher(QStringLiteral("quit"), options);
    QVERIFY2(publisher, qPrintable(m_server.errorString()));
    QVERIFY(m_server.waitForPublishing(publisher));
    QVERIFY(m_dir.isValid());
}

void TestQuitWithPreview::cleanupTestCase()
{
    if (m_gui.state() != QProcess::NotRunning) {
        m_gui.kill(); // a hung GUI must not outlive the test
        m_gui.waitForFinished(3000);
    }
    m_server.stop();
}

QJsonObject TestQuitWithPreview::ctl(const QStringList &arguments)
{
    QProcess process;
    process.start(
        QStringLiteral(LIVESNAP_CTL_EXE),
        QStringList{QStringLiteral("--data-dir"), m_dir.filePath(QStringLiteral("data"))} +
            arguments);
    if (!process.waitForFinished(20000) || process.exitCode() != 0) {
        qWarning().noquote() << "livesnapctl" << arguments
                             << "failed:" << process.readAllStandardOutput()
                             << process.readAllStandardError();
        return {};
    }
    return QJsonDocument::fromJson(process.readAllStandardOutput()).object();
}

void TestQuitWithPreview::sigtermQuitsWithinThreeSecondsWhilePreviewPlays()
{
    const QString url =
        m_server.url(QStringLiteral("quit")) + QStringLiteral("?auth_key=QUITSECRET");
    const QJsonObject input{{QStringLiteral("Type"), QStringLiteral("rtmp")},
                            {QStringLiteral("Url"), url}};
    const QJsonObject submitted =
        ctl({QStringLiteral("SubmitLiveSnapshotJob"), QStringLiteral("--JobName"),
             QStringLiteral("quit"), QStringLiteral("--TemplateId"),
             QStringLiteral("system-realtime-10s"), QStringLiteral("--StreamInput"),
             QString::fromUtf8(QJsonDocument(input).toJson(QJsonDocument::Compact))});
    const QString jobId = submitted.value(QStringLiteral("JobId")).toString();
    QVERIFY2(!jobId.isEmpty(), "SubmitLiveSnapshotJob failed");
    QVERIFY(!ctl({QStringLiteral("SendLiveSnapshotJobCommand"), QStringLiteral("--JobId"), jobId,
                  QStringLiteral("--Command"), QStringLiteral("start")})
                 .isEmpty());

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("LIVESNAP_OPEN_PREVIEW"), jobId); // the wall's test hook
    m_gui.setProcessEnvironment(env);
    m_gui.setProcessChannelMode(QProcess::MergedChannels);
    m_gui.start(QStringLiteral(LIVESNAP_GUI_EXE),
                {QStringLiteral("--data-dir"), m_dir.filePath(QStringLiteral("data"))});
    QVERIFY2(m_gui.waitForStarted(10000), qPrintable(m_gui.errorString()));

    // The preview's decoder thread logs its first picture.
    QByteArray log;
    const auto readLog = [this, &log] {
        log += m_gui.readAll();
        return log;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(readLog().contains("playing at"), log.constData(), 30000);
    QVERIFY(!log.contains("QUITSECRET"));
    QTest::qWait(500); // a few frames on the screen

    QElapsedTimer quitting;
    quitting.start();
    m_gui.terminate(); // SIGTERM
    const bool exited = m_gui.waitForFinished(3000);
    readLog();
    QVERIFY2(exited, qPrintable(QStringLiteral("still running %1 ms after SIGTERM; log:\n%2")
                                    .arg(quitting.elapsed())
                                    .arg(QString::fromUtf8(log))));
    qInfo("the GUI exited %lld ms after SIGTERM", quitting.elapsed());
    QCOMPARE(m_gui.exitStatus(), QProcess::NormalExit);
    QCOMPARE(m_gui.exitCode(), 0);
    // The preview thread ended by itself, not left behind by the bounded wait at quitting.
    QVERIFY2(log.contains("preview of") && log.contains("stopped"), log.constData());
    QVERIFY2(!log.contains("did not stop"), log.constData());
    QVERIFY2(log.contains("released 1 job"), log.constData());
}

QTEST_GUILESS_MAIN(TestQuitWithPreview)
#include "tst_quitwithpreview.moc"
