// How long is the GUI thread ever blocked while 100 jobs run?
//
// Starts nginx-rtmp with N ffmpeg publishers on 127.0.0.1, an EngineHost on a fresh data
// directory, a template (interval 5 s, real-time + overwrite) and J started jobs spread over
// the streams (all through EngineHost::call, as the GUI does), then shows the real MainWindow
// and drives it like an operator (tabs, the Monitor Wall, row clicks, mouse-wheel scrolling)
// while it measures the GUI thread's delays two ways (a 5 ms timer's lateness and a watchdog
// thread's queued probes). After a warm-up (every job has its first snapshot, or 30 s) it
// measures D seconds and prints one JSON object on stdout and a summary on stderr.
//
// Exit code 0 whatever the figures (it is a benchmark); non-zero only when setup failed.
// Run it with bench/run_gui_stall.sh (xvfb-run), or with QT_QPA_PLATFORM=offscreen.

#include "BenchApplication.h"
#include "BenchClock.h"
#include "StackSampler.h"
#include "StallMeter.h"
#include "SystemUsage.h"
#include "UiOperator.h"

#include "MainWindow.h"
#include "service/DataDirectory.h"
#include "service/EngineHost.h"
#include "support/RtmpServer.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

using namespace livesnap;
using namespace livesnap::bench;

namespace {

struct Options {
    int jobs = 100;
    int streams = 4;
    int seconds = 60;
    int warmupMaxSeconds = 30;
    int width = 1280;
    int height = 720;
    int fps = 30;
    int gopSeconds = 2;
    int intervalSeconds = 5;
    bool livePublishers = false; // encode live (x264 per stream) instead of copying a clip
    QString dataDir;
    QString cacheDir = QStringLiteral(LIVESNAP_BENCH_CACHE_DIR);
    int periodMs = 5;
    int actionMs = 3000;
    int scrollMs = 400;
    bool drive = true;
    bool traceEvents = true;
    StallMeter::GdbOptions gdb;
    StallMeter::SamplerOptions sampler;
    QString jsonOut;
};

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

void say(const QString &line)
{
    err() << QStringLiteral("[gui-stall] ") << line << Qt::endl;
}

int setupFailed(const QString &why)
{
    err() << QStringLiteral("gui_stall_bench: setup failed: ") << why << Qt::endl;
    return 2;
}

double round2(double v)
{
    return std::round(v * 100.0) / 100.0;
}

// Runs the event loop (the GUI stays live) until pred() holds or timeoutMs passed.
bool waitUntil(const std::function<bool()> &pred, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!pred()) {
        const qint64 left = timeoutMs - clock.elapsed();
        if (left <= 0) {
            return false;
        }
        QEventLoop loop;
        QTimer::singleShot(std::min<qint64>(left, 50), &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

void spin(int ms)
{
    waitUntil([] { return false; }, ms);
}

// host.call, waiting for the result (empty when none came within timeoutMs). The receiver is
// local: a late result is dropped by EngineHost, never written to a dead variable.
template <typename Fn> auto callAndWait(EngineHost &host, Fn fn, int timeoutMs)
{
    using R = std::invoke_result_t<Fn, SnapshotService &>;
    auto out = std::make_shared<std::optional<R>>();
    QObject receiver;
    host.call(&receiver, std::move(fn), [out](R result) { out->emplace(std::move(result)); });
    waitUntil([&out] { return out->has_value(); }, timeoutMs);
    return *out;
}

std::optional<Options> parseOptions(const QCoreApplication &app, QString *error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Measures how long the LiveSnap GUI thread is blocked while many jobs run."));
    parser.addHelpOption();
    const QCommandLineOption jobs(QStringLiteral("jobs"), QStringLiteral("Jobs (100)."),
                                  QStringLiteral("n"), QStringLiteral("100"));
    const QCommandLineOption streams(QStringLiteral("streams"), QStringLiteral("Streams (4)."),
                                     QStringLiteral("n"), QStringLiteral("4"));
    const QCommandLineOption seconds(QStringLiteral("seconds"),
                                     QStringLiteral("Measured run after the warm-up (60)."),
                                     QStringLiteral("s"), QStringLiteral("60"));
    const QCommandLineOption warmup(
        QStringLiteral("warmup-max"),
        QStringLiteral("Longest warm-up: until every job has a snapshot, at most this (30)."),
        QStringLiteral("s"), QStringLiteral("30"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QStringLiteral("Stream size, 1280x720 or 1920x1080 (1280x720)."),
                                  QStringLiteral("WxH"), QStringLiteral("1280x720"));
    const QCommandLineOption fps(QStringLiteral("fps"), QStringLiteral("Frame rate (30)."),
                                 QStringLiteral("n"), QStringLiteral("30"));
    const QCommandLineOption gop(QStringLiteral("gop"), QStringLiteral("GOP in seconds (2)."),
                                 QStringLiteral("s"), QStringLiteral("2"));
    const QCommandLineOption interval(QStringLiteral("interval"),
                                      QStringLiteral("Template interval in seconds (5)."),
                                      QStringLiteral("s"), QStringLiteral("5"));
    const QCommandLineOption live(
        QStringLiteral("live-publishers"),
        QStringLiteral("Encode each stream live with x264 (RtmpServer::startPublisher) instead "
                       "of looping a clip encoded once with -c copy; costs CPU on this machine."));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QStringLiteral("Data directory (default: a fresh temporary "
                                                    "one)."),
                                     QStringLiteral("dir"));
    const QCommandLineOption cacheDir(
        QStringLiteral("cache-dir"), QStringLiteral("Where the encoded clip is kept."),
        QStringLiteral("dir"), QStringLiteral(LIVESNAP_BENCH_CACHE_DIR));
    const QCommandLineOption period(QStringLiteral("period"),
                                    QStringLiteral("Timer and probe period in ms (5)."),
                                    QStringLiteral("ms"), QStringLiteral("5"));
    const QCommandLineOption action(QStringLiteral("action-ms"),
                                    QStringLiteral("Operator: ms per place (3000)."),
                                    QStringLiteral("ms"), QStringLiteral("3000"));
    const QCommandLineOption scroll(QStringLiteral("scroll-ms"),
                                    QStringLiteral("Operator: ms between wheel turns (400)."),
                                    QStringLiteral("ms"), QStringLiteral("400"));
    const QCommandLineOption idle(QStringLiteral("no-operator"),
                                  QStringLiteral("Show the window but do not drive it."));
    const QCommandLineOption noTrace(QStringLiteral("no-event-trace"),
                                     QStringLiteral("Do not time each GUI-thread event."));
    const QCommandLineOption gdbMs(
        QStringLiteral("gdb-stall-ms"),
        QStringLiteral("Diagnosis: when the GUI thread has not answered a probe for this long, "
                       "save its stack with gdb (stops the process; figures become "
                       "diagnostic). 0: off."),
        QStringLiteral("ms"), QStringLiteral("0"));
    const QCommandLineOption sampleMs(
        QStringLiteral("sample-stall-ms"),
        QStringLiteral("When the GUI thread has not answered a probe for this long, record its "
                       "state and stack (a signal handler; costs microseconds). 0: off (30)."),
        QStringLiteral("ms"), QStringLiteral("30"));
    const QCommandLineOption gdbMax(QStringLiteral("gdb-max-dumps"),
                                    QStringLiteral("At most this many gdb dumps (5)."),
                                    QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption jsonOut(QStringLiteral("json"),
                                     QStringLiteral("Also write the JSON result to this file."),
                                     QStringLiteral("file"));
    parser.addOptions({jobs,     streams, seconds, warmup,   size,   fps,    gop,
                       interval, live,    dataDir, cacheDir, period, action, scroll,
                       idle,     noTrace, gdbMs,   sampleMs, gdbMax, jsonOut});
    parser.process(app);

    Options o;
    bool allOk = true;
    auto number = [&](const QCommandLineOption &option, int min) {
        bool ok = false;
        const int v = parser.value(option).toInt(&ok);
        if (!ok || v < min) {
            *error = QStringLiteral("--%1 must be a number >= %2")
                         .arg(option.names().constFirst())
                         .arg(min);
            allOk = false;
        }
        return v;
    };
    o.jobs = number(jobs, 1);
    o.streams = number(streams, 1);
    o.seconds = number(seconds, 1);
    o.warmupMaxSeconds = number(warmup, 0);
    o.fps = number(fps, 1);
    o.gopSeconds = number(gop, 1);
    o.intervalSeconds = number(interval, 1);
    o.periodMs = number(period, 1);
    o.actionMs = number(action, 100);
    o.scrollMs = number(scroll, 20);
    o.gdb.thresholdMs = number(gdbMs, 0);
    o.gdb.maxDumps = number(gdbMax, 1);
    o.sampler.thresholdMs = number(sampleMs, 0);
    const QStringList wh = parser.value(size).split(QLatin1Char('x'));
    o.width = wh.value(0).toInt();
    o.height = wh.value(1).toInt();
    if (wh.size() != 2 || o.width < 16 || o.height < 16) {
        *error = QStringLiteral("--size must look like 1280x720");
        allOk = false;
    }
    o.livePublishers = parser.isSet(live);
    o.dataDir = parser.value(dataDir);
    o.cacheDir = parser.value(cacheDir);
    o.drive = !parser.isSet(idle);
    o.traceEvents = !parser.isSet(noTrace);
    o.jsonOut = parser.value(jsonOut);
    if (!allOk) {
        return std::nullopt;
    }
    return o;
}

// A clip of the test pattern (H.264, fixed GOP) encoded once and cached, so the publishers
// only copy it (`-re -stream_loop -1 -c copy`, as bench/run_benchmark.py does): cameras encode
// elsewhere, their encoders' CPU is not the GUI's.
QString prepareClip(const Options &o, QString *error)
{
    QDir().mkpath(o.cacheDir);
    const QString path = QDir(o.cacheDir)
                             .filePath(QStringLiteral("gui-bench-%1x%2p%3-gop%4.flv")
                                           .arg(o.width)
                                           .arg(o.height)
                                           .arg(o.fps)
                                           .arg(o.gopSeconds));
    if (QFileInfo::exists(path)) {
        return path;
    }
    say(QStringLiteral("encoding the %1x%2 test clip once into %3 ...")
            .arg(o.width)
            .arg(o.height)
            .arg(path));
    const int gopFrames = o.fps * o.gopSeconds;
    const QString bitrate =
        o.width * o.height > 1280 * 720 ? QStringLiteral("4M") : QStringLiteral("2M");
    QProcess ffmpeg;
    ffmpeg.setProcessChannelMode(QProcess::MergedChannels);
    ffmpeg.start(
        QStringLiteral("ffmpeg"),
        {QStringLiteral("-hide_banner"),
         QStringLiteral("-loglevel"),
         QStringLiteral("error"),
         QStringLiteral("-nostdin"),
         QStringLiteral("-y"),
         QStringLiteral("-f"),
         QStringLiteral("lavfi"),
         QStringLiteral("-i"),
         QStringLiteral("testsrc2=size=%1x%2:rate=%3").arg(o.width).arg(o.height).arg(o.fps),
         QStringLiteral("-t"),
         QString::number(o.gopSeconds * 15),
         QStringLiteral("-c:v"),
         QStringLiteral("libx264"),
         QStringLiteral("-preset"),
         QStringLiteral("veryfast"),
         QStringLiteral("-b:v"),
         bitrate,
         QStringLiteral("-maxrate"),
         bitrate,
         QStringLiteral("-bufsize"),
         bitrate,
         QStringLiteral("-g"),
         QString::number(gopFrames),
         QStringLiteral("-keyint_min"),
         QString::number(gopFrames),
         QStringLiteral("-sc_threshold"),
         QStringLiteral("0"),
         QStringLiteral("-pix_fmt"),
         QStringLiteral("yuv420p"),
         QStringLiteral("-f"),
         QStringLiteral("flv"),
         path + QStringLiteral(".tmp")});
    if (!ffmpeg.waitForFinished(15 * 60 * 1000) || ffmpeg.exitCode() != 0) {
        *error = QStringLiteral("could not encode the test clip: ") +
                 QString::fromLocal8Bit(ffmpeg.readAll()) + ffmpeg.errorString();
        return {};
    }
    QFile::remove(path);
    if (!QFile::rename(path + QStringLiteral(".tmp"), path)) {
        *error = QStringLiteral("could not rename the test clip to ") + path;
        return {};
    }
    return path;
}

// What the catalog says about the benchmark's jobs.
struct CatalogCounts {
    QString error;
    int jobsWithSnapshot = 0; // snapshotCount >= 1
    int jobsLive = 0;         // streamState live
    qint64 filesInWindow = 0; // real-time files with CreateTimestamp in the window
    qint64 minPerJob = 0;     // of those, per job
    qint64 maxPerJob = 0;
    int jobsWithFilesInWindow = 0;
};

CatalogCounts countCatalog(SnapshotService &service, const QStringList &jobIds, qint64 fromMs,
                           qint64 toMs)
{
    CatalogCounts c;
    c.minPerJob = std::numeric_limits<qint64>::max();
    for (const QString &jobId : jobIds) {
        auto job = service.getLiveSnapshotJob(jobId);
        if (!job) {
            c.error = job.error().message;
            return c;
        }
        c.jobsWithSnapshot += job->snapshotCount > 0 ? 1 : 0;
        c.jobsLive += job->streamState == streamstate::Live ? 1 : 0;
        if (fromMs <= 0) {
            continue;
        }
        FileQuery q;
        q.jobId = jobId;
        q.startTime = QDateTime::fromMSecsSinceEpoch(fromMs, Qt::UTC);
        q.endTime = QDateTime::fromMSecsSinceEpoch(toMs, Qt::UTC);
        q.limit = MaxPageSize;
        qint64 count = 0;
        while (true) {
            auto page = service.listLiveSnapshotFiles(q);
            if (!page) {
                c.error = page.error().message;
                return c;
            }
            for (const SnapshotFile &f : page->files) {
                count += f.isOverlay ? 0 : 1;
            }
            if (!page->nextStartTime.isValid()) {
                break;
            }
            q.startTime = page->nextStartTime;
        }
        c.filesInWindow += count;
        c.jobsWithFilesInWindow += count > 0 ? 1 : 0;
        c.minPerJob = std::min(c.minPerJob, count);
        c.maxPerJob = std::max(c.maxPerJob, count);
    }
    if (c.minPerJob == std::numeric_limits<qint64>::max()) {
        c.minPerJob = 0;
    }
    return c;
}

// The GUI thread's frames in a gdb dump ("#0 ..." lines), shortened.
QJsonArray framesOf(const QString &file)
{
    QJsonArray frames;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) {
        return frames;
    }
    const QStringList lines = QString::fromLocal8Bit(f.readAll()).split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        if (line.startsWith(QLatin1Char('#'))) {
            frames.append(line.left(300));
        }
    }
    return frames;
}

// A phase's four series: raw, and less the GUI thread's wait for a CPU.
QJsonObject delaysJson(const StallMeter &meter, Phase phase)
{
    return QJsonObject{{QStringLiteral("timer_lateness"), meter.timerStats(phase).toJson()},
                       {QStringLiteral("probe_latency"), meter.probeStats(phase).toJson()},
                       {QStringLiteral("timer_lateness_without_cpu_wait"),
                        meter.timerStatsWithoutCpuWait(phase).toJson()},
                       {QStringLiteral("probe_latency_without_cpu_wait"),
                        meter.probeStatsWithoutCpuWait(phase).toJson()}};
}

QString statsRow(const QString &name, const DelayStats &s)
{
    return QStringLiteral("  %1 %2 %3 %4 %5 %6 %7")
        .arg(name, -20)
        .arg(s.samples, 8)
        .arg(s.maxMs, 8, 'f', 1)
        .arg(s.p99Ms, 7, 'f', 1)
        .arg(s.p999Ms, 7, 'f', 1)
        .arg(s.over16Ms, 6)
        .arg(s.over50Ms, 6);
}

} // namespace

int main(int argc, char *argv[])
{
    BenchApplication app(argc, argv);
    // Window geometry and layouts this run saves stay out of the user's settings.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LiveSnapBench"));
    QCoreApplication::setApplicationName(QStringLiteral("livesnap_gui_stall_bench"));
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES")) {
        QLoggingCategory::setFilterRules(QStringLiteral("livesnap.*.info=false"));
    }

    QString optionError;
    const std::optional<Options> parsed = parseOptions(app, &optionError);
    if (!parsed) {
        return setupFailed(optionError);
    }
    const Options o = *parsed;
    BenchContext context;
    const QString platform = QGuiApplication::platformName();
    say(QStringLiteral("platform %1 (%2), %3 jobs on %4 streams, %5x%6 %7 fps GOP %8 s, "
                       "interval %9 s")
            .arg(platform, platform == QStringLiteral("xcb")
                               ? QStringLiteral("X server %1").arg(qEnvironmentVariable("DISPLAY"))
                               : QStringLiteral("no display"))
            .arg(o.jobs)
            .arg(o.streams)
            .arg(o.width)
            .arg(o.height)
            .arg(o.fps)
            .arg(o.gopSeconds)
            .arg(o.intervalSeconds));

    // 1. Streams.
    QString clip;
    if (!o.livePublishers) {
        QString error;
        clip = prepareClip(o, &error);
        if (clip.isEmpty()) {
            return setupFailed(error);
        }
    }
    test::RtmpServer server;
    if (!server.start()) {
        return setupFailed(QStringLiteral("nginx-rtmp: ") + server.errorString());
    }
    std::vector<std::unique_ptr<test::RtmpPublisher>> ownPublishers;
    QList<qint64> publisherPids;
    QStringList urls;
    for (int i = 0; i < o.streams; ++i) {
        const QString stream = QStringLiteral("cam%1").arg(i + 1);
        if (o.livePublishers) {
            test::RtmpServer::PublisherOptions options;
            options.width = o.width;
            options.height = o.height;
            options.fps = o.fps;
            options.gopSeconds = o.gopSeconds;
            test::RtmpPublisher *publisher = server.startPublisher(stream, options);
            if (!publisher || !server.waitForPublishing(publisher)) {
                return setupFailed(QStringLiteral("publisher %1: %2\n%3")
                                       .arg(stream, server.errorString(),
                                            publisher ? publisher->log() : QString()));
            }
            publisherPids.append(publisher->processId());
        } else {
            auto publisher = std::make_unique<test::RtmpPublisher>(
                stream, server.url(stream),
                QDir(server.directory()).filePath(QStringLiteral("logs/bench-%1.log").arg(stream)));
            const bool started = publisher->start(
                {QStringLiteral("-hide_banner"), QStringLiteral("-nostdin"),
                 QStringLiteral("-loglevel"), QStringLiteral("error"), QStringLiteral("-re"),
                 QStringLiteral("-stream_loop"), QStringLiteral("-1"), QStringLiteral("-i"), clip,
                 QStringLiteral("-c"), QStringLiteral("copy"), QStringLiteral("-f"),
                 QStringLiteral("flv"), server.url(stream)});
            if (!started || !server.waitForPublishing(stream)) {
                return setupFailed(QStringLiteral("publisher %1: %2 %3\n%4")
                                       .arg(stream, publisher->errorString(), server.errorString(),
                                            publisher->log()));
            }
            publisherPids.append(publisher->processId());
            ownPublishers.push_back(std::move(publisher));
            // Streams started a fraction of a GOP apart: their keyframes do not coincide.
            spin(o.gopSeconds * 1000 / o.streams);
        }
        urls.append(server.url(stream));
    }
    const QList<qint64> nginxPids = findProcesses({QStringLiteral("nginx"), server.directory()});
    say(QStringLiteral("%1 publishers on %2 (%3)")
            .arg(o.streams)
            .arg(server.url(QStringLiteral("camN")), o.livePublishers
                                                         ? QStringLiteral("live x264")
                                                         : QStringLiteral("-c copy of ") + clip));

    // 2. Engine.
    std::unique_ptr<QTemporaryDir> tempDir;
    QString dataPath = o.dataDir;
    if (dataPath.isEmpty()) {
        tempDir = std::make_unique<QTemporaryDir>(
            QDir::temp().filePath(QStringLiteral("livesnap-gui-bench-XXXXXX")));
        if (!tempDir->isValid()) {
            return setupFailed(QStringLiteral("cannot create a temporary data directory"));
        }
        dataPath = tempDir->path();
    }
    EngineHost host{DataDirectory(dataPath)};
    if (const Status started = host.start(QStringLiteral("gui-bench")); !started) {
        return setupFailed(QStringLiteral("engine: ") + started.error().message);
    }

    // 3. Settings, template and jobs, through EngineHost::call as the GUI does.
    const int maxStarted = o.jobs;
    auto prepared = callAndWait(
        host,
        [maxStarted, o](SnapshotService &s) -> Result<QString> {
            auto settings = s.getEngineSettings();
            if (!settings) {
                return settings.error();
            }
            if (settings->maxStartedJobs < maxStarted) {
                settings->maxStartedJobs = maxStarted;
                if (Status st = s.updateEngineSettings(*settings); !st) {
                    return st.error();
                }
            }
            return s.createLiveSnapshotTemplate(
                TemplateSpec{QStringLiteral("gui-bench"), o.intervalSeconds,
                             QStringLiteral("snapshot/{JobId}.jpg"),
                             QStringLiteral("snapshot/{JobId}/{Sequence}.jpg")});
        },
        30000);
    if (!prepared || !*prepared) {
        return setupFailed(QStringLiteral("template / engine settings: ") +
                           (prepared ? prepared->error().message : QStringLiteral("no answer")));
    }
    const QString templateId = **prepared;

    QStringList jobIds;
    QString submitError;
    int answered = 0;
    QObject submitter;
    for (int i = 0; i < o.jobs; ++i) {
        JobSpec spec;
        spec.jobName = QStringLiteral("bench-%1").arg(i + 1, 3, 10, QLatin1Char('0'));
        spec.templateId = templateId;
        spec.streamInput.url = urls.at(i % urls.size());
        spec.snapshotOutput =
            SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
        host.call(
            &submitter,
            [spec](SnapshotService &s) -> Result<QString> {
                auto id = s.submitLiveSnapshotJob(spec);
                if (!id) {
                    return id.error();
                }
                if (Status st = s.sendLiveSnapshotJobCommand(*id, jobcommand::Start); !st) {
                    return st.error();
                }
                return *id;
            },
            [&](const Result<QString> &id) {
                ++answered;
                if (id) {
                    jobIds.append(*id);
                } else {
                    submitError = id.error().message;
                }
            });
    }
    if (!waitUntil([&] { return answered == o.jobs; }, 60000) || jobIds.size() != o.jobs) {
        return setupFailed(
            QStringLiteral("submitted %1 of %2 jobs: %3")
                .arg(jobIds.size())
                .arg(o.jobs)
                .arg(submitError.isEmpty() ? QStringLiteral("no answer") : submitError));
    }
    say(QStringLiteral("%1 jobs submitted and started").arg(o.jobs));

    // 4. The window, as the operator opens it with the jobs running, measured from its
    // construction on ("startup").
    if (o.traceEvents) {
        app.setTracing(&context);
    }
    StallMeter meter(context, o.periodMs);
    StallMeter::GdbOptions gdb = o.gdb;
    gdb.directory = QDir(dataPath).filePath(QStringLiteral("gui-stacks"));
    context.phase = Phase::Startup;
    meter.start(gdb, o.sampler);
    const qint64 startupNs = nowNs();
    auto window = std::make_unique<ui::MainWindow>(host);
    window->resize(1280, 800);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get(), 10000)) {
        return setupFailed(QStringLiteral("the main window was never exposed"));
    }
    const double startupSeconds = static_cast<double>(nowNs() - startupNs) / 1e9;
    context.phase = Phase::WarmUp;
    const qint64 warmupStartNs = nowNs();
    say(QStringLiteral("window shown after %1 s; warming up (every job's first snapshot, at "
                       "most %2 s)")
            .arg(startupSeconds, 0, 'f', 2)
            .arg(o.warmupMaxSeconds));

    // 5. Warm-up: until every job has its first snapshot (polled once a second).
    CatalogCounts warm;
    bool polling = false;
    QObject poller;
    const auto pollOnce = [&] {
        polling = true;
        host.call(
            &poller, [jobIds](SnapshotService &s) { return countCatalog(s, jobIds, 0, 0); },
            [&](const CatalogCounts &c) {
                warm = c;
                polling = false;
            });
    };
    QElapsedTimer warmClock;
    warmClock.start();
    while (warmClock.elapsed() < o.warmupMaxSeconds * 1000 && warm.jobsWithSnapshot < o.jobs) {
        pollOnce();
        waitUntil([&] { return !polling; }, 10000);
        if (warm.jobsWithSnapshot < o.jobs) {
            spin(1000);
        }
    }
    const double warmupSeconds = static_cast<double>(nowNs() - warmupStartNs) / 1e9;
    say(QStringLiteral("warm-up %1 s: %2 of %3 jobs have a snapshot, %4 live")
            .arg(warmupSeconds, 0, 'f', 1)
            .arg(warm.jobsWithSnapshot)
            .arg(o.jobs)
            .arg(warm.jobsLive));

    // 6. The measured run.
    const QString loadBefore = loadAverage();
    double publishersBefore = 0;
    for (qint64 pid : std::as_const(publisherPids)) {
        publishersBefore += processCpuSeconds(pid);
    }
    double nginxBefore = 0;
    for (qint64 pid : nginxPids) {
        nginxBefore += processCpuSeconds(pid);
    }
    // The operator starts with the run: its first visit to each page (100 rows, 100 tiles)
    // happens while the jobs run, and is measured.
    UiOperator uiOperator(*window, context, o.actionMs, o.scrollMs, 20261125);
    const CpuSample cpuBefore = sampleCpu();
    const qint64 runStartMs = QDateTime::currentMSecsSinceEpoch();
    context.phase = Phase::Run;
    if (o.drive) {
        uiOperator.start();
    }
    say(QStringLiteral("measuring %1 s (load average %2)").arg(o.seconds).arg(loadBefore));
    spin(o.seconds * 1000);
    context.phase = Phase::Done;
    const qint64 runEndMs = QDateTime::currentMSecsSinceEpoch();
    const CpuSample cpuAfter = sampleCpu();
    double publishersAfter = 0;
    for (qint64 pid : std::as_const(publisherPids)) {
        publishersAfter += processCpuSeconds(pid);
    }
    double nginxAfter = 0;
    for (qint64 pid : nginxPids) {
        nginxAfter += processCpuSeconds(pid);
    }
    const QString loadAfter = loadAverage();
    uiOperator.stop();
    meter.stop();
    app.setTracing(nullptr);

    // Snapshots taken in the run, counted after in-flight ones have been recorded.
    spin(2000);
    std::optional<CatalogCounts> counted = callAndWait(
        host,
        [jobIds, runStartMs, runEndMs](SnapshotService &s) {
            return countCatalog(s, jobIds, runStartMs, runEndMs);
        },
        60000);
    const CatalogCounts run = counted.value_or(CatalogCounts{QStringLiteral("no answer")});

    // 7. Report.
    const double runSeconds = static_cast<double>(runEndMs - runStartMs) / 1000.0;
    const DelayStats timerRun = meter.timerStats(Phase::Run);
    const DelayStats probeRun = meter.probeStats(Phase::Run);
    const DelayStats timerWarm = meter.timerStats(Phase::WarmUp);
    const DelayStats probeWarm = meter.probeStats(Phase::WarmUp);
    const DelayStats timerStartup = meter.timerStats(Phase::Startup);
    const DelayStats probeStartup = meter.probeStats(Phase::Startup);
    const DelayStats timerRunOwn = meter.timerStatsWithoutCpuWait(Phase::Run);
    const DelayStats probeRunOwn = meter.probeStatsWithoutCpuWait(Phase::Run);
    const double worstOwn = std::max(timerRunOwn.maxMs, probeRunOwn.maxMs);
    const double processCpu = cpuAfter.processSeconds - cpuBefore.processSeconds;
    const double guiCpu = cpuAfter.guiThreadSeconds - cpuBefore.guiThreadSeconds;
    const double machineBusy = cpuAfter.machineBusySeconds - cpuBefore.machineBusySeconds;
    const double machineTotal = cpuAfter.machineTotalSeconds - cpuBefore.machineTotalSeconds;
    const double publishersCpu = publishersAfter - publishersBefore;
    const double nginxCpu = nginxAfter - nginxBefore;
    const double otherCpu = std::max(0.0, machineBusy - processCpu - publishersCpu - nginxCpu);
    const qint64 expected =
        static_cast<qint64>(o.jobs) * static_cast<qint64>(runSeconds / o.intervalSeconds);
    const double worst = std::max(timerRun.maxMs, probeRun.maxMs);
    const bool diagnostic = o.gdb.thresholdMs > 0;

    QJsonArray stalls;
    QList<Stall> runStalls;
    for (const Stall &s : meter.stalls()) {
        if (s.phase == Phase::Run) {
            runStalls.append(s);
        }
    }
    std::sort(runStalls.begin(), runStalls.end(),
              [](const Stall &a, const Stall &b) { return a.ms > b.ms; });
    for (const Stall &s : runStalls.first(std::min<qsizetype>(20, runStalls.size()))) {
        stalls.append(QJsonObject{{QStringLiteral("method"), s.method},
                                  {QStringLiteral("at_s"), round2(s.atSeconds)},
                                  {QStringLiteral("ms"), round2(s.ms)},
                                  {QStringLiteral("gui_thread_ran_ms"), round2(s.ranMs)},
                                  {QStringLiteral("gui_thread_cpu_wait_ms"), round2(s.cpuWaitMs)},
                                  {QStringLiteral("operator_action"), s.activity}});
    }
    QJsonArray stacks;
    QList<StallMeter::StackRecord> stackRecords = meter.stackSamples();
    std::sort(stackRecords.begin(), stackRecords.end(),
              [](const StallMeter::StackRecord &a, const StallMeter::StackRecord &b) {
                  return a.sample.waitedMs > b.sample.waitedMs;
              });
    for (const StallMeter::StackRecord &r : std::as_const(stackRecords)) {
        stacks.append(StackSampler::toJson(r.sample, phaseName(r.phase), r.atSeconds, r.activity));
    }
    QJsonArray dumps;
    for (const QString &file : meter.gdbDumpFiles()) {
        dumps.append(QJsonObject{{QStringLiteral("file"), file},
                                 {QStringLiteral("gui_thread_frames"), framesOf(file)}});
    }

    QJsonObject result{
        {QStringLiteral("benchmark"), QStringLiteral("livesnap_gui_stall_bench")},
        {QStringLiteral("date"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
        {QStringLiteral("platform"), platform},
        {QStringLiteral("diagnostic_gdb_run"), diagnostic},
        {QStringLiteral("setup"),
         QJsonObject{{QStringLiteral("jobs"), o.jobs},
                     {QStringLiteral("streams"), o.streams},
                     {QStringLiteral("size"), QStringLiteral("%1x%2").arg(o.width).arg(o.height)},
                     {QStringLiteral("fps"), o.fps},
                     {QStringLiteral("gop_s"), o.gopSeconds},
                     {QStringLiteral("interval_s"), o.intervalSeconds},
                     {QStringLiteral("publishers"),
                      o.livePublishers ? QStringLiteral("live x264 (RtmpServer)")
                                       : QStringLiteral("-re -stream_loop -1 -c copy")},
                     {QStringLiteral("max_started_jobs"), maxStarted},
                     {QStringLiteral("probe_period_ms"), o.periodMs},
                     {QStringLiteral("operator"), o.drive},
                     {QStringLiteral("event_trace"), o.traceEvents},
                     {QStringLiteral("data_dir"), dataPath}}},
        {QStringLiteral("machine"),
         QJsonObject{{QStringLiteral("cpus"), cpuCount()},
                     {QStringLiteral("loadavg_before_run"), loadBefore},
                     {QStringLiteral("loadavg_after_run"), loadAfter},
                     {QStringLiteral("busy_percent_of_all_cpus"),
                      round2(machineTotal > 0 ? 100.0 * machineBusy / machineTotal : 0)},
                     {QStringLiteral("busy_cpu_s"), round2(machineBusy)},
                     {QStringLiteral("other_processes_cpu_s"), round2(otherCpu)}}},
        {QStringLiteral("startup"),
         QJsonObject{{QStringLiteral("seconds_to_window_exposed"), round2(startupSeconds)},
                     {QStringLiteral("delays"), delaysJson(meter, Phase::Startup)},
                     {QStringLiteral("slow_events"), app.slowEvents(Phase::Startup, 10)}}},
        {QStringLiteral("warmup"),
         QJsonObject{{QStringLiteral("seconds"), round2(warmupSeconds)},
                     {QStringLiteral("jobs_with_first_snapshot"), warm.jobsWithSnapshot},
                     {QStringLiteral("jobs_live"), warm.jobsLive},
                     {QStringLiteral("delays"), delaysJson(meter, Phase::WarmUp)},
                     {QStringLiteral("slow_events"), app.slowEvents(Phase::WarmUp, 10)}}},
        {QStringLiteral("run"),
         QJsonObject{
             {QStringLiteral("seconds"), round2(runSeconds)},
             {QStringLiteral("delays"), delaysJson(meter, Phase::Run)},
             {QStringLiteral("snapshots"), run.filesInWindow},
             {QStringLiteral("snapshots_expected"), expected},
             {QStringLiteral("jobs_with_snapshots"), run.jobsWithFilesInWindow},
             {QStringLiteral("snapshots_per_job_min"), run.minPerJob},
             {QStringLiteral("snapshots_per_job_max"), run.maxPerJob},
             {QStringLiteral("catalog_error"), run.error},
             {QStringLiteral("process_cpu_s"), round2(processCpu)},
             {QStringLiteral("process_cpu_percent_of_one_core"),
              round2(100.0 * processCpu / runSeconds)},
             {QStringLiteral("gui_thread_cpu_s"), round2(guiCpu)},
             {QStringLiteral("gui_thread_event_time_ms"), round2(app.deliveredMs(Phase::Run))},
             {QStringLiteral("publishers_cpu_s"), round2(publishersCpu)},
             {QStringLiteral("nginx_cpu_s"), round2(nginxCpu)},
             {QStringLiteral("peak_rss_mb"), round2(peakRssMb())},
             {QStringLiteral("longest_delays"), stalls},
             {QStringLiteral("slow_events"), app.slowEvents(Phase::Run, 20)},
             {QStringLiteral("busiest_receivers"), app.busiestReceivers(Phase::Run, 12)}}},
        {QStringLiteral("operator"), uiOperator.summary()},
        {QStringLiteral("gui_thread_stacks_in_stalls"), stacks},
        {QStringLiteral("gdb_dumps"), dumps},
        {QStringLiteral("acceptance"),
         QJsonObject{{QStringLiteral("threshold_ms"), 50},
                     {QStringLiteral("worst_block_ms"), round2(worst)},
                     {QStringLiteral("met"), worst <= 50.0},
                     {QStringLiteral("worst_block_without_cpu_wait_ms"), round2(worstOwn)},
                     {QStringLiteral("met_without_cpu_wait"), worstOwn <= 50.0},
                     {QStringLiteral("schedstat_available"), meter.hasSchedStats()}}}};
    const QByteArray json = QJsonDocument(result).toJson(QJsonDocument::Compact);

    err() << Qt::endl
          << QStringLiteral("LiveSnap GUI stall benchmark: platform %1, %2 jobs on %3 streams "
                            "(%4x%5 %6 fps, GOP %7 s), interval %8 s")
                 .arg(platform)
                 .arg(o.jobs)
                 .arg(o.streams)
                 .arg(o.width)
                 .arg(o.height)
                 .arg(o.fps)
                 .arg(o.gopSeconds)
                 .arg(o.intervalSeconds)
          << Qt::endl;
    if (diagnostic) {
        err() << QStringLiteral("DIAGNOSTIC RUN: gdb stopped the process on stalls; the delays "
                                "below include gdb's own time.")
              << Qt::endl;
    }
    err() << QStringLiteral("startup: window built and exposed in %1 s with the jobs running; "
                            "warm-up %2 s (%3/%4 jobs had a first snapshot); run %5 s, operator %6")
                 .arg(startupSeconds, 0, 'f', 2)
                 .arg(warmupSeconds, 0, 'f', 1)
                 .arg(warm.jobsWithSnapshot)
                 .arg(o.jobs)
                 .arg(runSeconds, 0, 'f', 1)
                 .arg(o.drive
                          ? QString::fromUtf8(
                                QJsonDocument(uiOperator.summary()).toJson(QJsonDocument::Compact))
                          : QStringLiteral("off"))
          << Qt::endl
          << QStringLiteral("  %1 %2 %3 %4 %5 %6 %7")
                 .arg(QStringLiteral("GUI thread (ms)"), -20)
                 .arg(QStringLiteral("samples"), 8)
                 .arg(QStringLiteral("max"), 8)
                 .arg(QStringLiteral("p99"), 7)
                 .arg(QStringLiteral("p99.9"), 7)
                 .arg(QStringLiteral(">16ms"), 6)
                 .arg(QStringLiteral(">50ms"), 6)
          << Qt::endl
          << statsRow(QStringLiteral("timer lateness"), timerRun) << Qt::endl
          << statsRow(QStringLiteral("probe latency"), probeRun) << Qt::endl
          << statsRow(QStringLiteral("timer, no CPU wait"), timerRunOwn) << Qt::endl
          << statsRow(QStringLiteral("probe, no CPU wait"), probeRunOwn) << Qt::endl
          << statsRow(QStringLiteral("(warm-up) timer"), timerWarm) << Qt::endl
          << statsRow(QStringLiteral("(warm-up) probe"), probeWarm) << Qt::endl
          << statsRow(QStringLiteral("(startup) timer"), timerStartup) << Qt::endl
          << statsRow(QStringLiteral("(startup) probe"), probeStartup) << Qt::endl
          << QStringLiteral("snapshots in the run: %1 (expected about %2), %3/%4 jobs, %5-%6 per "
                            "job%7")
                 .arg(run.filesInWindow)
                 .arg(expected)
                 .arg(run.jobsWithFilesInWindow)
                 .arg(o.jobs)
                 .arg(run.minPerJob)
                 .arg(run.maxPerJob)
                 .arg(run.error.isEmpty()
                          ? QString()
                          : QStringLiteral(" (error: ") + run.error + QLatin1Char(')'))
          << Qt::endl
          << QStringLiteral("CPU in the run: this process %1 s (%2 % of one core; GUI thread %3 "
                            "s), publishers %4 s, nginx %5 s; machine busy %6 % of %7 CPUs, "
                            "other processes %8 s; load average %9 -> %10")
                 .arg(processCpu, 0, 'f', 1)
                 .arg(100.0 * processCpu / runSeconds, 0, 'f', 0)
                 .arg(guiCpu, 0, 'f', 1)
                 .arg(publishersCpu, 0, 'f', 1)
                 .arg(nginxCpu, 0, 'f', 1)
                 .arg(machineTotal > 0 ? 100.0 * machineBusy / machineTotal : 0, 0, 'f', 0)
                 .arg(cpuCount())
                 .arg(otherCpu, 0, 'f', 1)
                 .arg(loadBefore, loadAfter)
          << Qt::endl;
    for (const Stall &s : runStalls.first(std::min<qsizetype>(5, runStalls.size()))) {
        err() << QStringLiteral("  delay %1 ms (%2) at %3 s: GUI thread ran %4 ms, waited %5 ms "
                                "for a CPU; operator: %6")
                     .arg(s.ms, 0, 'f', 1)
                     .arg(s.method)
                     .arg(s.atSeconds, 0, 'f', 1)
                     .arg(s.ranMs, 0, 'f', 1)
                     .arg(s.cpuWaitMs, 0, 'f', 1)
                     .arg(s.activity)
              << Qt::endl;
    }
    const QJsonArray slow = app.slowEvents(Phase::Run, 5);
    for (const QJsonValue &v : slow) {
        const QJsonObject e = v.toObject();
        err() << QStringLiteral("  slow event %1 ms (GUI thread CPU %2 ms): %3 to %4 (parent %5), "
                                "depth %6")
                     .arg(e.value(QStringLiteral("ms")).toDouble(), 0, 'f', 1)
                     .arg(e.value(QStringLiteral("gui_thread_cpu_ms")).toDouble(), 0, 'f', 1)
                     .arg(e.value(QStringLiteral("event")).toString(),
                          e.value(QStringLiteral("receiver")).toString(),
                          e.value(QStringLiteral("parent")).toString())
                     .arg(e.value(QStringLiteral("depth")).toInt())
              << Qt::endl;
    }
    // The longest stalls' stacks: the frames below Qt's event delivery that are ours or block.
    int shown = 0;
    for (const QJsonValue &v : std::as_const(stacks)) {
        if (shown++ == 4) {
            break;
        }
        const QJsonObject st = v.toObject();
        err() << QStringLiteral("  GUI thread stack after %1 ms unanswered (%2, at %3 s): state "
                                "%4, kernel wait %5, syscall %6")
                     .arg(st.value(QStringLiteral("gui_thread_unanswered_ms")).toDouble())
                     .arg(st.value(QStringLiteral("phase")).toString())
                     .arg(st.value(QStringLiteral("at_s")).toDouble())
                     .arg(st.value(QStringLiteral("state")).toString(),
                          st.value(QStringLiteral("wchan")).toString(),
                          st.value(QStringLiteral("syscall"))
                              .toString()
                              .section(QLatin1Char(' '), 0, 0))
              << Qt::endl;
        const QJsonArray frames = st.value(QStringLiteral("frames")).toArray();
        for (qsizetype i = 0; i < frames.size() && i < 12; ++i) {
            err() << QStringLiteral("      ") << frames.at(i).toString().left(160) << Qt::endl;
        }
    }
    err() << QStringLiteral("worst GUI-thread block %1 ms: %2 the 50 ms goal (less the GUI "
                            "thread's waits for a CPU: %3 ms, %4)")
                 .arg(worst, 0, 'f', 1)
                 .arg(worst <= 50.0 ? QStringLiteral("within") : QStringLiteral("OVER"))
                 .arg(worstOwn, 0, 'f', 1)
                 .arg(worstOwn <= 50.0 ? QStringLiteral("within") : QStringLiteral("OVER"))
          << Qt::endl;

    std::fputs(json.constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
    if (!o.jsonOut.isEmpty()) {
        QFile out(o.jsonOut);
        if (out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            out.write(json + '\n');
        }
    }

    // Teardown: the window, then the engine (releases its leases), then the streams.
    window.reset();
    host.stop();
    ownPublishers.clear();
    server.stop();
    return 0;
}
