// The live preview on a real RTMP stream (nginx-rtmp + ffmpeg): StreamPreviewDecoder into a
// QVideoSink, and LivePreviewWindow on a real engine.
#include "../../support/RtmpServer.h"
#include "../UiTestSupport.h"
#include "engine/EngineHost.h"
#include "monitor/LivePreviewWindow.h"
#include "monitor/StreamPreviewDecoder.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QVideoFrame>
#include <QVideoSink>

#include <memory>

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

private:
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
    QVERIFY2(message.contains(QStringLiteral("Cannot open the stream")), qPrintable(message));
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

QTEST_MAIN(TestStreamPreview)
#include "tst_streampreview.moc"
