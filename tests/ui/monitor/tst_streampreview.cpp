// The live preview on a real RTMP stream (nginx-rtmp + ffmpeg): StreamPreviewDecoder into a
// QVideoSink, and LivePreviewWindow on a real engine.
#include "../../support/RtmpServer.h"
#include "../UiTestSupport.h"
#include "engine/EngineHost.h"
#include "monitor/LivePreviewWindow.h"
#include "monitor/StreamPreviewDecoder.h"

#include <QElapsedTimer>
#include <QKeySequence>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QVideoFrame>
#include <QVideoSink>

#include <QTimer>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>

using namespace livesnap;
using namespace livesnap::ui;
using namespace livesnap::uitest;

namespace {

// Distinct colours along the middle row: testsrc2 is colourful, a blank frame is not.
int coloursAcross(const QImage &image)
{
    QSet<QRgb> colours;
    for (int x = 0; x < image.width(); x += 8) {
        colours.insert(image.pixel(x, image.height() / 2));
    }
    return static_cast<int>(colours.size());
}

} // namespace

class TestStreamPreview : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void framesReachTheSinkScaledToPreviewSize();
    void closedPortReportsAnErrorAndNoFrames();
    void stopIsPromptWhileTheServerHangs();
    void windowPlaysTheJobsStreamAndStopsWhenClosed();
    void windowForAnUnknownJobShowsTheError();
    void escapeAndCtrlWCloseTheWindow();
    void unpublishedStreamSaysSoWithRetry();
    void refusedConnectionIsShownAtOnce();
    // Last: it runs (and ends) the application's event loop.
    void quittingWhilePlayingEndsTheEventLoop();

private:
    QString submitJob(const QString &name, const QString &url);

    test::RtmpServer m_server;
    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_host;
};

void TestStreamPreview::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    test::RtmpServer::PublisherOptions options;
    options.width = 1280;
    options.height = 720;
    options.fps = 15;
    options.gopSeconds = 1;
    test::RtmpPublisher *publisher = m_server.startPublisher(QStringLiteral("hd"), options);
    QVERIFY2(publisher, qPrintable(m_server.errorString()));
    QVERIFY(m_server.waitForPublishing(publisher));
    QVERIFY(m_dir.isValid());
    LIVESNAP_START_HOST(m_host, m_dir.path());
}

void TestStreamPreview::cleanupTestCase()
{
    m_host.reset();
    if (m_server.isStalled()) {
        m_server.resume();
    }
    m_server.stop();
}

void TestStreamPreview::framesReachTheSinkScaledToPreviewSize()
{
    StreamPreviewDecoder::Options options;
    options.url = m_server.url(QStringLiteral("hd"));
    options.maxWidth = 960;
    auto *decoder = new StreamPreviewDecoder(options);
    QVideoSink sink;
    decoder->connectSink(&sink);
    QSignalSpy frames(&sink, &QVideoSink::videoFrameChanged);
    QSignalSpy playing(decoder, &StreamPreviewDecoder::playing);
    QSignalSpy errors(decoder, &StreamPreviewDecoder::errorOccurred);
    const StreamPreviewDecoder::StopHandle stop = decoder->stopHandle();
    QPointer<QThread> thread = decoder->startOnOwnThread();

    QTRY_VERIFY_WITH_TIMEOUT(frames.count() >= 10, 15000);
    QCOMPARE(errors.count(), 0);
    QCOMPARE(playing.count(), 1);
    QCOMPARE(playing.first().first().toSize(), QSize(960, 540));
    QVideoFrame frame = sink.videoFrame();
    QCOMPARE(frame.size(), QSize(960, 540));
    QCOMPARE(frame.pixelFormat(), QVideoFrameFormat::Format_BGRX8888);
    const QImage image = frame.toImage();
    QCOMPARE(image.size(), QSize(960, 540));
    QVERIFY2(coloursAcross(image) > 8, qPrintable(QString::number(coloursAcross(image))));

    QElapsedTimer stopping;
    stopping.start();
    stop.requestStop();
    // The thread ends and deletes itself (with the decoder).
    QTRY_VERIFY_WITH_TIMEOUT(thread.isNull(), 3000);
    qInfo("the preview stopped %lld ms after the request", stopping.elapsed());
    QVERIFY2(stopping.elapsed() < 1500, qPrintable(QString::number(stopping.elapsed())));
    const auto count = frames.count();
    QTest::qWait(300);
    QCOMPARE(frames.count(), count);
}

void TestStreamPreview::closedPortReportsAnErrorAndNoFrames()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        port = probe.serverPort();
    } // closed again: connecting is refused
    StreamPreviewDecoder::Options options;
    options.url = QStringLiteral("rtmp://127.0.0.1:%1/live/x?auth_key=PORTSECRET").arg(port);
    options.retryDelayMs = 500;
    auto *decoder = new StreamPreviewDecoder(options);
    QVideoSink sink;
    decoder->connectSink(&sink);
    QSignalSpy frames(&sink, &QVideoSink::videoFrameChanged);
    QSignalSpy playing(decoder, &StreamPreviewDecoder::playing);
    QSignalSpy errors(decoder, &StreamPreviewDecoder::errorOccurred);
    const StreamPreviewDecoder::StopHandle stop = decoder->stopHandle();
    QPointer<QThread> thread = decoder->startOnOwnThread();

    // Refused at once, and again on the retry.
    QTRY_VERIFY_WITH_TIMEOUT(errors.count() >= 2, 5000);
    const QString message = errors.first().first().toString();
    QVERIFY2(message.contains(QStringLiteral("Cannot connect to rtmp://127.0.0.1")),
             qPrintable(message));
    QVERIFY(!message.contains(QStringLiteral("PORTSECRET")));
    QCOMPARE(frames.count(), 0);
    QCOMPARE(playing.count(), 0);
    stop.requestStop();
    QTRY_VERIFY_WITH_TIMEOUT(thread.isNull(), 3000);
}

void TestStreamPreview::stopIsPromptWhileTheServerHangs()
{
    StreamPreviewDecoder::Options options;
    options.url = m_server.url(QStringLiteral("hd"));
    auto *decoder = new StreamPreviewDecoder(options);
    QVideoSink sink;
    decoder->connectSink(&sink);
    QSignalSpy frames(&sink, &QVideoSink::videoFrameChanged);
    const StreamPreviewDecoder::StopHandle stop = decoder->stopHandle();
    QPointer<QThread> thread = decoder->startOnOwnThread();
    QTRY_VERIFY_WITH_TIMEOUT(frames.count() >= 3, 15000);

    // nginx frozen: the connection stays open, nothing arrives, the read blocks.
    QVERIFY(m_server.stall());
    QTest::qWait(500);
    QElapsedTimer stopping;
    stopping.start();
    stop.requestStop();
    QTRY_VERIFY_WITH_TIMEOUT(thread.isNull(), 3000);
    qInfo("the preview stopped %lld ms after the request, server hanging", stopping.elapsed());
    QVERIFY2(stopping.elapsed() < 1500, qPrintable(QString::number(stopping.elapsed())));
    QVERIFY(m_server.resume());
}

void TestStreamPreview::windowPlaysTheJobsStreamAndStopsWhenClosed()
{
    const QString url = m_server.url(QStringLiteral("hd")) + QStringLiteral("?auth_key=WINSECRET");
    auto id = callEngine(*m_host, [url](SnapshotService &s) -> Result<QString> {
        auto tpl = s.createLiveSnapshotTemplate(TemplateSpec{
            QStringLiteral("preview"), 5, QStringLiteral("snapshot/{JobId}.jpg"), QString()});
        if (!tpl) {
            return tpl.error();
        }
        JobSpec spec;
        spec.jobName = QStringLiteral("Lobby");
        spec.templateId = *tpl;
        spec.streamInput.url = url;
        spec.snapshotOutput =
            SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
        return s.submitLiveSnapshotJob(spec);
    });
    QVERIFY(id);
    QVERIFY2(id->ok(), qPrintable(id->ok() ? QString() : id->error().message));

    QPointer<LivePreviewWindow> window = new LivePreviewWindow(*m_host, id->value());
    QCOMPARE(window->objectName(), QStringLiteral("livePreviewWindow"));
    QSignalSpy frames(window->videoSink(), &QVideoSink::videoFrameChanged);
    QSignalSpy playing(window.data(), &LivePreviewWindow::playing);
    window->show();
    QTRY_VERIFY_WITH_TIMEOUT(window->windowTitle().contains(QStringLiteral("Lobby")), 5000);
    QVERIFY2(window->windowTitle().contains(maskStreamUrl(url)), qPrintable(window->windowTitle()));
    QVERIFY(!window->windowTitle().contains(QStringLiteral("WINSECRET")));

    QTRY_VERIFY_WITH_TIMEOUT(frames.count() >= 3, 15000);
    QCOMPARE(window->videoSink()->videoFrame().size(), QSize(960, 540));
    QCOMPARE(playing.count(), 1);
    QVERIFY2(window->statusText().contains(QStringLiteral("960")),
             qPrintable(window->statusText()));
    QVERIFY(!window->statusText().contains(QStringLiteral("WINSECRET")));
    QVERIFY(window->isDecoding());

    QPointer<QThread> thread = window->decoderThread();
    QVERIFY(thread);
    QVERIFY(window->close());
    // Closing stops the decoding (the thread ends and deletes itself) and deletes the window.
    QTRY_VERIFY_WITH_TIMEOUT(thread.isNull(), 3000);
    QTRY_VERIFY(window.isNull());
}

void TestStreamPreview::windowForAnUnknownJobShowsTheError()
{
    auto window = std::make_unique<LivePreviewWindow>(*m_host, QStringLiteral("no-such-job"));
    window->setAttribute(Qt::WA_DeleteOnClose, false);
    QSignalSpy errors(window.get(), &LivePreviewWindow::errorOccurred);
    window->show();
    QVERIFY(errors.wait(5000));
    QVERIFY2(window->statusText().contains(QStringLiteral("no-such-job")),
             qPrintable(window->statusText()));
    QVERIFY(!window->isDecoding());
    QVERIFY(window->decoderThread() == nullptr);
}

QString TestStreamPreview::submitJob(const QString &name, const QString &url)
{
    auto id = callEngine(*m_host, [name, url](SnapshotService &s) -> Result<QString> {
        auto tpl = s.createLiveSnapshotTemplate(
            TemplateSpec{name, 5, QStringLiteral("snapshot/{JobId}.jpg"), QString()});
        if (!tpl) {
            return tpl.error();
        }
        JobSpec spec;
        spec.jobName = name;
        spec.templateId = *tpl;
        spec.streamInput.url = url;
        spec.snapshotOutput =
            SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
        return s.submitLiveSnapshotJob(spec);
    });
    return id && id->ok() ? id->value() : QString();
}

void TestStreamPreview::escapeAndCtrlWCloseTheWindow()
{
    const QString jobId = submitJob(QStringLiteral("keys"), m_server.url(QStringLiteral("hd")));
    QVERIFY(!jobId.isEmpty());
    const QList<QKeyCombination> keys{QKeyCombination(Qt::Key_Escape),
                                      QKeyCombination(Qt::ControlModifier, Qt::Key_W)};
    for (const QKeyCombination key : keys) {
        QPointer<LivePreviewWindow> window = new LivePreviewWindow(*m_host, jobId);
        window->show();
        window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window));
        QTRY_VERIFY_WITH_TIMEOUT(window->isDecoding(), 5000);
        QPointer<QThread> thread = window->decoderThread();
        QTest::keyClick(window.data(), key.key(), key.keyboardModifiers());
        // Closed (and deleted), and its decoder stops.
        QTRY_VERIFY2_WITH_TIMEOUT(window.isNull(), qPrintable(QKeySequence(key).toString()), 3000);
        QTRY_VERIFY_WITH_TIMEOUT(thread.isNull(), 3000);
    }
}

void TestStreamPreview::unpublishedStreamSaysSoWithRetry()
{
    // nginx answers, but nobody publishes "nobody": before, a black "Connecting…" for 14 s.
    const QString url =
        m_server.url(QStringLiteral("nobody")) + QStringLiteral("?auth_key=NOBODYSECRET");
    const QString jobId = submitJob(QStringLiteral("nobody"), url);
    QVERIFY(!jobId.isEmpty());
    auto window = std::make_unique<LivePreviewWindow>(*m_host, jobId);
    window->setAttribute(Qt::WA_DeleteOnClose, false);
    window->setOpenTimeout(3000);
    QSignalSpy errors(window.get(), &LivePreviewWindow::errorOccurred);
    QElapsedTimer shown;
    shown.start();
    window->show();
    // Connected to the server: said at once, in place of the picture.
    QTRY_VERIFY_WITH_TIMEOUT(
        window->messageText().contains(QStringLiteral("waiting for the first")), 3000);
    QVERIFY(errors.wait(6000));
    qInfo("the reason showed %lld ms after the window", shown.elapsed());
    const QString message = window->messageText();
    QVERIFY2(message.startsWith(QStringLiteral("No stream is published at ") + maskStreamUrl(url)),
             qPrintable(message));
    QVERIFY(!message.contains(QStringLiteral("NOBODYSECRET")));
    QVERIFY(!window->statusText().contains(QStringLiteral("NOBODYSECRET")));
    QVERIFY(window->retryButton()->isVisible());

    // Retry connects again at once, without waiting for the automatic retry.
    QTest::mouseClick(window->retryButton(), Qt::LeftButton);
    QVERIFY(!window->retryButton()->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(window->messageText().contains(QStringLiteral("Connect")), 1000);
    window->close();
}

void TestStreamPreview::refusedConnectionIsShownAtOnce()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        port = probe.serverPort();
    }
    const QString url =
        QStringLiteral("rtmp://127.0.0.1:%1/live/x?auth_key=REFUSEDSECRET").arg(port);
    const QString jobId = submitJob(QStringLiteral("refused"), url);
    QVERIFY(!jobId.isEmpty());
    auto window = std::make_unique<LivePreviewWindow>(*m_host, jobId);
    window->setAttribute(Qt::WA_DeleteOnClose, false);
    QSignalSpy errors(window.get(), &LivePreviewWindow::errorOccurred);
    window->show();
    QVERIFY(errors.wait(2000));
    const QString message = window->messageText();
    QVERIFY2(message.startsWith(QStringLiteral("Cannot connect to ") + maskStreamUrl(url)),
             qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("refused"), Qt::CaseInsensitive), qPrintable(message));
    QVERIFY(!message.contains(QStringLiteral("REFUSEDSECRET")));
    QVERIFY(window->retryButton()->isVisible());
    window->close();
}

void TestStreamPreview::quittingWhilePlayingEndsTheEventLoop()
{
    const QString jobId = submitJob(QStringLiteral("quit"), m_server.url(QStringLiteral("hd")));
    QVERIFY(!jobId.isEmpty());
    auto *window = new LivePreviewWindow(*m_host, jobId);
    QSignalSpy playing(window, &LivePreviewWindow::playing);
    window->show();
    QVERIFY(playing.wait(15000));
    QPointer<QThread> thread = window->decoderThread();
    QVERIFY(thread);

    // Before the fix the GUI thread waited (at aboutToQuit) for the preview thread, whose
    // quit() was queued to the GUI thread: exec() never returned. A watchdog turns that hang
    // into a failure instead of a CTest timeout.
    std::atomic<bool> returned{false};
    std::thread watchdog([&returned] {
        for (int i = 0; i < 100 && !returned.load(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        if (!returned.load()) {
            std::fputs("FAIL: the event loop did not return within 10 s of quit()\n", stderr);
            std::_Exit(1);
        }
    });
    QElapsedTimer quitting;
    QTimer::singleShot(0, qApp, [&quitting, window] {
        quitting.start();
        window->close();
        QCoreApplication::quit();
    });
    QCoreApplication::exec();
    returned = true;
    watchdog.join();
    qInfo("the event loop returned %lld ms after quit()", quitting.elapsed());
    QVERIFY2(quitting.elapsed() < 3000, qPrintable(QString::number(quitting.elapsed())));
    // The preview thread has ended (its deferred delete needs an event loop no longer running).
    QVERIFY(thread.isNull() || thread->isFinished());
}

QTEST_MAIN(TestStreamPreview)
#include "tst_streampreview.moc"
