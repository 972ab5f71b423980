#include "capture/CaptureWorker.h"

#include "support/RtmpServer.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QLoggingCategory>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <utility>
#include <vector>

#include <turbojpeg.h>

using livesnap::CapturedSnapshot;
using livesnap::CaptureOptions;
using livesnap::CaptureWorker;
using livesnap::test::RtmpPublisher;
using livesnap::test::RtmpServer;

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

struct StateEvent {
    QString state;
    QString error;
    qint64 atMs = 0;
};

// One CaptureWorker on its own QThread; what it emits is collected on that thread, directly.
class WorkerRun {
public:
    explicit WorkerRun(CaptureOptions options)
        : m_worker(new CaptureWorker(std::move(options)))
    {
        m_clock.start();
        m_worker->moveToThread(&m_thread);
        QObject::connect(&m_thread, &QThread::started, m_worker, &CaptureWorker::run);
        QObject::connect(
            m_worker, &CaptureWorker::snapshotTaken, m_worker,
            [this](const CapturedSnapshot &snapshot) {
                const std::lock_guard lock(m_mutex);
                m_snapshots.append(snapshot);
            },
            Qt::DirectConnection);
        QObject::connect(
            m_worker, &CaptureWorker::streamStateChanged, m_worker,
            [this](const QString &, const QString &state, const QString &error) {
                const std::lock_guard lock(m_mutex);
                m_states.append({state, error, nowMs()});
            },
            Qt::DirectConnection);
        QObject::connect(
            m_worker, &CaptureWorker::finished, m_worker,
            [this] {
                {
                    const std::lock_guard lock(m_mutex);
                    m_finishedAt = m_clock.elapsed();
                }
                m_finishedChanged.notify_all();
            },
            Qt::DirectConnection);
    }

    ~WorkerRun()
    {
        stop();
        delete m_worker;
    }

    WorkerRun(const WorkerRun &) = delete;
    WorkerRun &operator=(const WorkerRun &) = delete;

    void start()
    {
        m_startedMs = nowMs();
        m_thread.start();
    }
    qint64 startedMs() const { return m_startedMs; }

    // Requests a stop; returns the milliseconds until finished() was emitted, -1 if it was not
    // within timeoutMs.
    qint64 stop(int timeoutMs = 10000)
    {
        if (!m_thread.isRunning())
            return m_finishedAt >= 0 ? 0 : -1;
        const qint64 requestedAt = m_clock.elapsed();
        m_worker->requestStop();
        qint64 latency = -1;
        {
            std::unique_lock lock(m_mutex);
            if (m_finishedChanged.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                                           [this] { return m_finishedAt >= 0; }))
                latency = m_finishedAt - requestedAt;
        }
        m_thread.quit();
        m_thread.wait();
        return latency;
    }

    QList<CapturedSnapshot> snapshots() const
    {
        const std::lock_guard lock(m_mutex);
        return m_snapshots;
    }
    qsizetype snapshotCount() const
    {
        const std::lock_guard lock(m_mutex);
        return m_snapshots.size();
    }
    QList<StateEvent> states() const
    {
        const std::lock_guard lock(m_mutex);
        return m_states;
    }
    QString lastState() const
    {
        const std::lock_guard lock(m_mutex);
        return m_states.isEmpty() ? QString() : m_states.last().state;
    }
    // The first event with this state, or an empty one.
    StateEvent firstState(const QString &state) const
    {
        const std::lock_guard lock(m_mutex);
        for (const StateEvent &event : m_states) {
            if (event.state == state)
                return event;
        }
        return {};
    }
    bool snapshotSince(qint64 wallMs) const
    {
        const std::lock_guard lock(m_mutex);
        return std::any_of(m_snapshots.cbegin(), m_snapshots.cend(),
                           [wallMs](const CapturedSnapshot &s) { return s.wallMs >= wallMs; });
    }
    QString describeStates() const
    {
        QStringList parts;
        for (const StateEvent &event : states())
            parts << (event.error.isEmpty()
                          ? event.state
                          : event.state + QStringLiteral(" (") + event.error + QLatin1Char(')'));
        return parts.join(QStringLiteral(" -> "));
    }

private:
    QElapsedTimer m_clock;
    QThread m_thread;
    CaptureWorker *m_worker;
    mutable std::mutex m_mutex;
    std::condition_variable m_finishedChanged;
    QList<CapturedSnapshot> m_snapshots;
    QList<StateEvent> m_states;
    qint64 m_finishedAt = -1;
    qint64 m_startedMs = 0;
};

struct JpegInfo {
    bool ok = false;
    int width = 0;
    int height = 0;
    QString error;
};

// Reads the header and decodes the whole image, as a viewer would.
JpegInfo inspectJpeg(const QByteArray &jpeg)
{
    JpegInfo info;
    tjhandle handle = tjInitDecompress();
    const auto *data = reinterpret_cast<const unsigned char *>(jpeg.constData());
    const auto size = static_cast<unsigned long>(jpeg.size());
    int subsampling = 0;
    int colorspace = 0;
    if (tjDecompressHeader3(handle, data, size, &info.width, &info.height, &subsampling,
                            &colorspace) != 0) {
        info.error = QString::fromUtf8(tjGetErrorStr2(handle));
    } else {
        std::vector<unsigned char> rgb(static_cast<size_t>(info.width) *
                                       static_cast<size_t>(info.height) * 3);
        if (tjDecompress2(handle, data, size, rgb.data(), info.width, 0, info.height, TJPF_RGB,
                          0) != 0)
            info.error = QString::fromUtf8(tjGetErrorStr2(handle));
        else
            info.ok = true;
    }
    tjDestroy(handle);
    return info;
}

CaptureOptions optionsFor(const QString &url, const QString &jobId)
{
    CaptureOptions options;
    options.jobId = jobId;
    options.url = url;
    options.intervalSeconds = 5;
    return options;
}

RtmpServer::PublisherOptions publisherOptions(int width, int height, int gopSeconds,
                                              const QStringList &extra = {})
{
    RtmpServer::PublisherOptions options;
    options.width = width;
    options.height = height;
    options.fps = 30;
    options.gopSeconds = gopSeconds;
    options.extraArguments = extra;
    return options;
}

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

// Log lines of every category, for the secret-leak test.
std::mutex g_logMutex;
QStringList g_logLines;
QtMessageHandler g_previousHandler = nullptr;

void recordingHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        const std::lock_guard lock(g_logMutex);
        g_logLines << message;
    }
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

QStringList takeLogLines()
{
    const std::lock_guard lock(g_logMutex);
    return std::exchange(g_logLines, {});
}

} // namespace

class TestCaptureWorker : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void countAndSpacing();
    void longGopFollowsKeyframes();
    void oddSizes_data();
    void oddSizes();
    void publisherRestart_data();
    void publisherRestart();
    void publisherAbsentThenAppears();
    void stopWhileServerStalls_data();
    void stopWhileServerStalls();
    void audioOnlyStream();
    void audioOnlyThroughNginx();
    void secretsNeverLeak();
    void timeToFirstSnapshot();
};

void TestCaptureWorker::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("ffmpeg")).isEmpty())
        QFAIL("ffmpeg is not installed: run scripts/deps.sh (the capture tests need it)");
    QLoggingCategory::setFilterRules(QStringLiteral("livesnap.capture.debug=true"));
}

// GOP 1 s, interval 5 s, ~21 s: one snapshot per slot, 5 s apart, each a whole 1280x720 JPEG.
void TestCaptureWorker::countAndSpacing()
{
    RtmpServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RtmpPublisher *publisher =
        server.startPublisher(QStringLiteral("cam1"), publisherOptions(1280, 720, 1));
    QVERIFY2(publisher, qPrintable(server.errorString()));
    QVERIFY2(server.waitForPublishing(publisher), qPrintable(server.errorString()));

    WorkerRun run(optionsFor(server.url(QStringLiteral("cam1")), QStringLiteral("job-count")));
    run.start();
    QTRY_VERIFY2_WITH_TIMEOUT(run.snapshotCount() >= 1, qPrintable(run.describeStates()), 8000);
    QCOMPARE(run.firstState(QStringLiteral("connecting")).state, QStringLiteral("connecting"));
    QCOMPARE(run.lastState(), QStringLiteral("live"));
    QTest::qWait(21000);
    const QList<CapturedSnapshot> snapshots = run.snapshots();
    QVERIFY2(run.stop() >= 0, "the worker did not finish");

    QVERIFY2(snapshots.size() >= 4 && snapshots.size() <= 5,
             qPrintable(QStringLiteral("%1 snapshots").arg(snapshots.size())));
    for (qsizetype i = 0; i < snapshots.size(); ++i) {
        const CapturedSnapshot &s = snapshots.at(i);
        QCOMPARE(s.jobId, QStringLiteral("job-count"));
        QCOMPARE(s.width, 1280);
        QCOMPARE(s.height, 720);
        QVERIFY(s.encodedMs >= s.wallMs);
        const JpegInfo info = inspectJpeg(s.jpeg);
        QVERIFY2(info.ok, qPrintable(info.error));
        QCOMPARE(info.width, 1280);
        QCOMPARE(info.height, 720);
        qInfo("snapshot %lld: stream %lld ms, %lld bytes, keyframe-to-JPEG %lld ms",
              static_cast<long long>(i), static_cast<long long>(s.streamMs),
              static_cast<long long>(s.jpeg.size()),
              static_cast<long long>(s.encodedMs - s.wallMs));
        if (i == 0)
            continue;
        const CapturedSnapshot &previous = snapshots.at(i - 1);
        const qint64 wallGap = s.wallMs - previous.wallMs;
        const qint64 streamGap = s.streamMs - previous.streamMs;
        QVERIFY2(wallGap >= 3800 && wallGap <= 6200,
                 qPrintable(QStringLiteral("wall gap %1 ms").arg(wallGap)));
        // Keyframes every second on the stream's clock: the due one is exactly on the slot.
        QVERIFY2(streamGap >= 4999 && streamGap <= 5001,
                 qPrintable(QStringLiteral("stream gap %1 ms").arg(streamGap)));
    }
}

// GOP 3 s, interval 5 s: snapshots land on keyframes (the first at or after each slot), so
// the gaps are multiples of 3 s; never two from one keyframe, never two closer than a GOP.
void TestCaptureWorker::longGopFollowsKeyframes()
{
    RtmpServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RtmpPublisher *publisher =
        server.startPublisher(QStringLiteral("gop3"), publisherOptions(640, 360, 3));
    QVERIFY2(publisher, qPrintable(server.errorString()));
    QVERIFY2(server.waitForPublishing(publisher), qPrintable(server.errorString()));

    WorkerRun run(optionsFor(server.url(QStringLiteral("gop3")), QStringLiteral("job-gop3")));
    run.start();
    QTRY_VERIFY2_WITH_TIMEOUT(run.snapshotCount() >= 1, qPrintable(run.describeStates()), 10000);
    // Slots 0, 5, 10, 15 s are filled by the keyframes at 0, 6, 12, 15 s.
    QTRY_VERIFY_WITH_TIMEOUT(run.snapshotCount() >= 4, 20000);
    const QList<CapturedSnapshot> snapshots = run.snapshots();
    QVERIFY(run.stop() >= 0);

    const qint64 anchor = snapshots.first().streamMs;
    qint64 previousSlot = 0;
    for (qsizetype i = 1; i < snapshots.size(); ++i) {
        const qint64 sinceAnchor = snapshots.at(i).streamMs - anchor;
        const qint64 streamGap = snapshots.at(i).streamMs - snapshots.at(i - 1).streamMs;
        const qint64 wallGap = snapshots.at(i).wallMs - snapshots.at(i - 1).wallMs;
        qInfo("snapshot %lld: +%lld ms on the stream, gap %lld ms (wall %lld ms)",
              static_cast<long long>(i), static_cast<long long>(sinceAnchor),
              static_cast<long long>(streamGap), static_cast<long long>(wallGap));
        const qint64 rest = streamGap % 3000;
        QVERIFY2(
            streamGap >= 2999 && (rest <= 1 || rest >= 2999),
            qPrintable(
                QStringLiteral("stream gap %1 ms is not a multiple of the GOP").arg(streamGap)));
        QVERIFY2(wallGap >= 2500, qPrintable(QStringLiteral("wall gap %1 ms").arg(wallGap)));
        // Each is the first keyframe at or after a new slot: less than a GOP after it.
        const qint64 slot = (sinceAnchor + 1) / 5000; // the newest slot it reached
        QVERIFY2(slot > previousSlot, qPrintable(QStringLiteral("slot %1 again").arg(slot)));
        QVERIFY2(sinceAnchor - slot * 5000 < 3000,
                 qPrintable(QStringLiteral("+%1 ms is a GOP or more after slot %2")
                                .arg(sinceAnchor)
                                .arg(slot)));
        previousSlot = slot;
    }
    // On average one per interval.
    const qint64 span = snapshots.last().streamMs - anchor;
    QVERIFY2(span >= 4000 * (snapshots.size() - 1) && span <= 6000 * (snapshots.size() - 1),
             qPrintable(QStringLiteral("%1 snapshots over %2 ms").arg(snapshots.size()).arg(span)));
}

// libx264 with yuv420p needs even sizes; 1x1 and 855x481 are published as 4:4:4 instead
// (scaled from testsrc2, which itself only makes even sizes).
void TestCaptureWorker::oddSizes_data()
{
    QTest::addColumn<int>("sourceWidth");
    QTest::addColumn<int>("sourceHeight");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    const QStringList none;
    const auto yuv444 = [](int w, int h) {
        return QStringList{QStringLiteral("-vf"), QStringLiteral("scale=%1:%2").arg(w).arg(h),
                           QStringLiteral("-pix_fmt"), QStringLiteral("yuv444p")};
    };
    QTest::newRow("854x480") << 854 << 480 << none << 854 << 480;
    QTest::newRow("16x16") << 16 << 16 << none << 16 << 16;
    QTest::newRow("2x2") << 2 << 2 << none << 2 << 2;
    QTest::newRow("855x481 4:4:4") << 856 << 482 << yuv444(855, 481) << 855 << 481;
    QTest::newRow("1x1 4:4:4") << 16 << 16 << yuv444(1, 1) << 1 << 1;
}

void TestCaptureWorker::oddSizes()
{
    QFETCH(int, sourceWidth);
    QFETCH(int, sourceHeight);
    QFETCH(QStringList, extra);
    QFETCH(int, width);
    QFETCH(int, height);

    RtmpServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RtmpPublisher *publisher = server.startPublisher(
        QStringLiteral("odd"), publisherOptions(sourceWidth, sourceHeight, 1, extra));
    QVERIFY2(publisher, qPrintable(server.errorString()));
    QVERIFY2(server.waitForPublishing(publisher),
             qPrintable(server.errorString() + publisher->log()));

    WorkerRun run(optionsFor(server.url(QStringLiteral("odd")), QStringLiteral("job-odd")));
    run.start();
    QTRY_VERIFY2_WITH_TIMEOUT(run.snapshotCount() >= 1, qPrintable(run.describeStates()), 8000);
    const CapturedSnapshot snapshot = run.snapshots().first();
    QVERIFY(run.stop() >= 0);
    qInfo("first JPEG %lld ms after the worker started (keyframe at stream %lld ms), %lld bytes",
          static_cast<long long>(snapshot.encodedMs - run.startedMs()),
          static_cast<long long>(snapshot.streamMs), static_cast<long long>(snapshot.jpeg.size()));

    QCOMPARE(snapshot.width, width);
    QCOMPARE(snapshot.height, height);
    const JpegInfo info = inspectJpeg(snapshot.jpeg);
    QVERIFY2(info.ok, qPrintable(info.error));
    QCOMPARE(info.width, width);
    QCOMPARE(info.height, height);
}

void TestCaptureWorker::publisherRestart_data()
{
    QTest::addColumn<int>("stallTimeoutMs");
    QTest::addColumn<int>("killAfterMs");
    QTest::addColumn<bool>("expectReconnecting");
    // nginx keeps a player of a vanished publisher waiting without a word: with a short stall
    // timeout the worker reconnects, and the new publisher's clock (from 0 again) overlaps the
    // old one's (killed at ~1 s), so only the wall-clock check can tell it restarted.
    QTest::newRow("stall noticed, clocks overlap") << 2000 << 0 << true;
    // With the default timeout the new publisher's packets arrive on the same connection, with
    // new SPS/PPS (another size) and a clock 3 s back, which the scheduler takes for a jump.
    QTest::newRow("same connection") << 8000 << 2500 << false;
}

// A crashed publisher (SIGKILL) comes back 3 s later under the same name, at another size:
// the job recovers within about a GOP.
void TestCaptureWorker::publisherRestart()
{
    QFETCH(int, stallTimeoutMs);
    QFETCH(int, killAfterMs);
    QFETCH(bool, expectReconnecting);
    RtmpServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RtmpPublisher *first =
        server.startPublisher(QStringLiteral("restart"), publisherOptions(640, 360, 1));
    QVERIFY2(first, qPrintable(server.errorString()));
    QVERIFY2(server.waitForPublishing(first), qPrintable(server.errorString()));

    CaptureOptions options =
        optionsFor(server.url(QStringLiteral("restart")), QStringLiteral("job-restart"));
    options.minBackoffMs = 500;
    options.stallTimeoutMs = stallTimeoutMs;
    WorkerRun run(options);
    run.start();
    QTRY_VERIFY2_WITH_TIMEOUT(run.snapshotCount() >= 1, qPrintable(run.describeStates()), 8000);
    QTest::qWait(killAfterMs);

    first->kill();
    QTest::qWait(3000);
    RtmpPublisher *second =
        server.startPublisher(QStringLiteral("restart"), publisherOptions(854, 480, 1));
    QVERIFY2(second, qPrintable(server.errorString()));
    QVERIFY2(server.waitForPublishing(second), qPrintable(server.errorString()));
    const qint64 restartedAt = nowMs();
    QTRY_VERIFY2_WITH_TIMEOUT(run.snapshotSince(restartedAt), qPrintable(run.describeStates()),
                              15000);
    const QList<CapturedSnapshot> snapshots = run.snapshots();
    QVERIFY(run.stop() >= 0);

    const CapturedSnapshot &after = snapshots.last();
    const qint64 recovery = after.encodedMs - restartedAt;
    qInfo("states: %s; first snapshot %lld ms after the new publisher was live (stream %lld ms, "
          "before it %lld ms)",
          qPrintable(run.describeStates()), static_cast<long long>(recovery),
          static_cast<long long>(after.streamMs),
          static_cast<long long>(snapshots.at(snapshots.size() - 2).streamMs));
    // Re-anchored on the new publisher's first keyframe, not on the old grid.
    QVERIFY2(recovery < 3000, qPrintable(QStringLiteral("%1 ms").arg(recovery)));
    QCOMPARE(snapshots.first().width, 640);
    QCOMPARE(after.width, 854);
    QCOMPARE(after.height, 480);
    const JpegInfo info = inspectJpeg(after.jpeg);
    QVERIFY2(info.ok, qPrintable(info.error));
    QCOMPARE(info.width, 854);

    const QList<StateEvent> states = run.states();
    QCOMPARE(states.first().state, QStringLiteral("connecting"));
    QCOMPARE(states.last().state, QStringLiteral("live"));
    for (const StateEvent &event : states) {
        QVERIFY2(event.state != QStringLiteral("failed"), qPrintable(event.error));
        if (event.state == QStringLiteral("reconnecting"))
            QVERIFY2(event.error.contains(QStringLiteral("no data")), qPrintable(event.error));
        else
            QVERIFY(event.error.isEmpty());
    }
    QCOMPARE(run.firstState(QStringLiteral("reconnecting")).atMs > 0, expectReconnecting);
}

// Nobody publishes yet: the job says so within the timeout, then goes live when one appears.
void TestCaptureWorker::publisherAbsentThenAppears()
{
    RtmpServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    CaptureOptions options =
        optionsFor(server.url(QStringLiteral("late")), QStringLiteral("job-late"));
    options.openTimeoutMs = 3000;
    options.stallTimeoutMs = 3000;
    options.minBackoffMs = 500;
    options.maxBackoffMs = 2000;
    WorkerRun run(options);
    run.start();

    QTRY_VERIFY2_WITH_TIMEOUT(!run.firstState(QStringLiteral("reconnecting")).error.isEmpty(),
                              qPrintable(run.describeStates()), 5000);
    const StateEvent reconnecting = run.firstState(QStringLiteral("reconnecting"));
    qInfo("after %lld ms: %s", static_cast<long long>(reconnecting.atMs - run.startedMs()),
          qPrintable(reconnecting.error));
    QVERIFY2(reconnecting.error.contains(QStringLiteral("publisher")),
             qPrintable(reconnecting.error));
    QCOMPARE(run.snapshotCount(), 0);

    RtmpPublisher *publisher =
        server.startPublisher(QStringLiteral("late"), publisherOptions(640, 360, 1));
    QVERIFY2(publisher, qPrintable(server.errorString()));
    QVERIFY2(server.waitForPublishing(publisher), qPrintable(server.errorString()));
    const qint64 publishedAt = nowMs();
    QTRY_VERIFY2_WITH_TIMEOUT(run.snapshotCount() >= 1, qPrintable(run.describeStates()), 10000);
    QCOMPARE(run.lastState(), QStringLiteral("live"));
    qInfo("first snapshot %lld ms after the publisher appeared",
          static_cast<long long>(run.snapshots().first().encodedMs - publishedAt));
    QVERIFY(run.stop() >= 0);
}

void TestCaptureWorker::stopWhileServerStalls_data()
{
    QTest::addColumn<bool>("stallBeforeConnecting");
    QTest::newRow("while reading") << false;
    QTest::newRow("while connecting") << true;
}

// nginx SIGSTOPped: the blocking FFmpeg call still returns at once on a stop.
void TestCaptureWorker::stopWhileServerStalls()
{
    QFETCH(bool, stallBeforeConnecting);
    RtmpServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RtmpPublisher *publisher =
        server.startPublisher(QStringLiteral("stall"), publisherOptions(640, 360, 1));
    QVERIFY2(publisher, qPrintable(server.errorString()));
    QVERIFY2(server.waitForPublishing(publisher), qPrintable(server.errorString()));

    WorkerRun run(optionsFor(server.url(QStringLiteral("stall")), QStringLiteral("job-stall")));
    if (stallBeforeConnecting) {
        QVERIFY2(server.stall(), qPrintable(server.errorString()));
        run.start();
        QTest::qWait(1500);
        QCOMPARE(run.lastState(), QStringLiteral("connecting"));
    } else {
        run.start();
        QTRY_VERIFY2_WITH_TIMEOUT(run.snapshotCount() >= 1, qPrintable(run.describeStates()), 8000);
        QVERIFY2(server.stall(), qPrintable(server.errorString()));
        QTest::qWait(1500);
        QCOMPARE(run.lastState(), QStringLiteral("live"));
    }
    const qint64 latency = run.stop(5000);
    server.resume();
    qInfo("finished %lld ms after requestStop()", static_cast<long long>(latency));
    QVERIFY2(latency >= 0, "finished() never came");
    QVERIFY2(latency < 1000, qPrintable(QStringLiteral("took %1 ms").arg(latency)));
}

// A server that really sends an audio-only stream (ffmpeg listening as an RTMP server; the
// fixture's nginx holds audio back until video comes): the job fails with a clear reason.
void TestCaptureWorker::audioOnlyStream()
{
    const quint16 port = freeLoopbackPort();
    QVERIFY(port != 0);
    const QString url = QStringLiteral("rtmp://127.0.0.1:%1/live/audio").arg(port);
    QProcess server;
    server.setProgram(QStandardPaths::findExecutable(QStringLiteral("ffmpeg")));
    server.setArguments(
        {QStringLiteral("-hide_banner"), QStringLiteral("-nostdin"), QStringLiteral("-loglevel"),
         QStringLiteral("error"), QStringLiteral("-re"), QStringLiteral("-f"),
         QStringLiteral("lavfi"), QStringLiteral("-i"),
         QStringLiteral("sine=frequency=440:sample_rate=44100"), QStringLiteral("-vn"),
         QStringLiteral("-c:a"), QStringLiteral("aac"), QStringLiteral("-f"), QStringLiteral("flv"),
         QStringLiteral("-listen"), QStringLiteral("1"), url});
    server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    server.start();
    QVERIFY2(server.waitForStarted(5000), qPrintable(server.errorString()));
    QTest::qWait(500); // let it listen; an early connect is retried anyway

    CaptureOptions options = optionsFor(url, QStringLiteral("job-audio"));
    options.openTimeoutMs = 3000;
    options.minBackoffMs = 300;
    WorkerRun run(options);
    run.start();
    QTRY_VERIFY2_WITH_TIMEOUT(run.lastState() == QStringLiteral("failed"),
                              qPrintable(run.describeStates()), 8000);
    const QString error = run.states().last().error;
    qInfo("failed: %s", qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("video")), qPrintable(error));
    QCOMPARE(run.snapshotCount(), 0);
    QVERIFY(run.stop() >= 0);
    server.kill();
    server.waitForFinished(3000);
}

// The same through the fixture's nginx (wait_video on): nothing ever reaches a player, so the
// job keeps retrying and says that no video came.
void TestCaptureWorker::audioOnlyThroughNginx()
{
    RtmpServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RtmpPublisher publisher(QStringLiteral("audio"), server.url(QStringLiteral("audio")),
                            server.directory() + QStringLiteral("/logs/audio-publisher.log"));
    QVERIFY2(publisher.start({QStringLiteral("-hide_banner"), QStringLiteral("-nostdin"),
                              QStringLiteral("-loglevel"), QStringLiteral("error"),
                              QStringLiteral("-re"), QStringLiteral("-f"), QStringLiteral("lavfi"),
                              QStringLiteral("-i"),
                              QStringLiteral("sine=frequency=440:sample_rate=44100"),
                              QStringLiteral("-vn"), QStringLiteral("-c:a"), QStringLiteral("aac"),
                              QStringLiteral("-f"), QStringLiteral("flv"), publisher.url()}),
             qPrintable(publisher.errorString()));
    QVERIFY2(server.waitForPublishing(QStringLiteral("audio")), qPrintable(server.errorString()));

    CaptureOptions options = optionsFor(publisher.url(), QStringLiteral("job-audio-nginx"));
    options.openTimeoutMs = 3000;
    WorkerRun run(options);
    run.start();
    QTRY_VERIFY2_WITH_TIMEOUT(run.lastState() == QStringLiteral("reconnecting"),
                              qPrintable(run.describeStates()), 6000);
    const QString error = run.states().last().error;
    qInfo("reconnecting: %s", qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("video")), qPrintable(error));
    QVERIFY(run.stop() >= 0);
}

// An auth token in the URL shows up in no state error and no log line.
void TestCaptureWorker::secretsNeverLeak()
{
    const quint16 port = freeLoopbackPort(); // nobody listens there now
    QVERIFY(port != 0);
    const QString url =
        QStringLiteral("rtmp://127.0.0.1:%1/live/cam?auth_key=SECRET123&token=SECRET456").arg(port);
    takeLogLines();
    g_previousHandler = qInstallMessageHandler(recordingHandler);
    const auto restore = qScopeGuard([] { qInstallMessageHandler(g_previousHandler); });

    CaptureOptions options = optionsFor(url, QStringLiteral("job-secret"));
    options.minBackoffMs = 200;
    options.maxBackoffMs = 400;
    WorkerRun run(options);
    run.start();
    QTRY_VERIFY2_WITH_TIMEOUT(run.lastState() == QStringLiteral("reconnecting"),
                              qPrintable(run.describeStates()), 5000);
    QTest::qWait(1000); // a few retries, each logged
    // Stopping during a backoff wait is immediate too.
    const qint64 latency = run.stop(3000);
    QVERIFY2(latency >= 0 && latency < 1000, qPrintable(QString::number(latency)));

    const QString error = run.states().last().error;
    qInfo("reconnecting: %s", qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("refused"), Qt::CaseInsensitive), qPrintable(error));
    for (const StateEvent &event : run.states()) {
        QVERIFY2(!event.error.contains(QStringLiteral("SECRET")), qPrintable(event.error));
    }
    const QStringList lines = takeLogLines();
    const QString portText = QString::number(port);
    QVERIFY2(std::any_of(lines.cbegin(), lines.cend(),
                         [&](const QString &line) { return line.contains(portText); }),
             "the worker logged no line naming the stream");
    for (const QString &line : lines)
        QVERIFY2(!line.contains(QStringLiteral("SECRET")), qPrintable(line));
}

// From "the stream is reachable" (nginx logged the publish) to the first JPEG in hand. A worker
// started at a random moment waits up to a GOP for the next keyframe (nginx starts a player on
// one); the rounds start 0, 0.4 and 0.8 s after the publish to sample that phase.
void TestCaptureWorker::timeToFirstSnapshot()
{
    RtmpServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    for (int round = 0; round < 3; ++round) {
        const QString stream = QStringLiteral("ttfs%1").arg(round);
        RtmpPublisher *publisher = server.startPublisher(stream, publisherOptions(1280, 720, 1));
        QVERIFY2(publisher, qPrintable(server.errorString()));
        QVERIFY2(server.waitForPublishing(publisher), qPrintable(server.errorString()));
        const qint64 reachableAt = nowMs();
        QTest::qWait(round * 400);

        WorkerRun run(optionsFor(server.url(stream), QStringLiteral("job-ttfs")));
        run.start();
        QTRY_VERIFY2_WITH_TIMEOUT(run.snapshotCount() >= 1, qPrintable(run.describeStates()), 8000);
        const CapturedSnapshot first = run.snapshots().first();
        QVERIFY(run.stop() >= 0);
        server.stopPublisher(publisher);

        const qint64 fromStart = first.encodedMs - run.startedMs();
        qInfo("round %d (worker started %lld ms after the publish): first JPEG %lld ms after "
              "the start, %lld ms after the publish (keyframe at stream %lld ms, encoded in "
              "%lld ms)",
              round, static_cast<long long>(run.startedMs() - reachableAt),
              static_cast<long long>(fromStart),
              static_cast<long long>(first.encodedMs - reachableAt),
              static_cast<long long>(first.streamMs),
              static_cast<long long>(first.encodedMs - first.wallMs));
        // The target is one GOP (1 s) after reachability; waiting for the next keyframe
        // takes up to that GOP by itself, so allow two.
        QVERIFY2(fromStart < 2000, qPrintable(QStringLiteral("%1 ms").arg(fromStart)));
    }
}

QTEST_GUILESS_MAIN(TestCaptureWorker)
#include "tst_captureworker.moc"
