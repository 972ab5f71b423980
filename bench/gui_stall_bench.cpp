// How long is the GUI thread ever blocked while 100 jobs run?
//
// Starts nginx-rtmp with N ffmpeg publishers on 127.0.0.1, an EngineHost on a fresh data
// directory, a template (interval 5 s, real-time + overwrite) and J started jobs spread over
// the streams (all through EngineHost::call, as the GUI does), then shows the real MainWindow
// and drives it like an operator (tabs, the Monitor Wall, row clicks, mouse-wheel scrolling)
// while it measures the GUI thread's delays two ways (a 5 ms timer's lateness and a watchdog
// thread's queued probes), each also without the time the GUI thread waited for a CPU (the
// machine may be shared), and names what the GUI thread did in long delays (every event timed;
// the GUI thread's stack sampled when it has not answered for 30 ms). After a warm-up (every
// job has its first snapshot, or 30 s) it measures D seconds and prints one JSON object on
// stdout and a summary on stderr.
//
// Exit code 0 whatever the figures (it is a benchmark); non-zero only when setup failed.
// Run it with bench/run_gui_stall.sh (xvfb-run), or with QT_QPA_PLATFORM=offscreen.

#include "BenchApplication.h"
#include "BenchClock.h"
#include "BenchOptions.h"
#include "BenchSupport.h"
#include "StackSampler.h"
#include "StallMeter.h"
#include "SystemUsage.h"
#include "UiOperator.h"

#include "MainWindow.h"
#include "common/DataDirectory.h"
#include "engine/EngineHost.h"
#include "support/RtmpServer.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <vector>

using namespace livesnap;
using namespace livesnap::bench;

namespace {

int setupFailed(const QString &why)
{
    err() << QStringLiteral("gui_stall_bench: setup failed: ") << why << Qt::endl;
    return 2;
}

double round2(double v)
{
    return std::round(v * 100.0) / 100.0;
}

// A phase's four series: raw, and less the GUI thread's wait for a CPU.
QJsonObject delaysJson(const StallMeter &meter, Phase phase)
{
    return QJsonObject{
        {QStringLiteral("timer_lateness"), meter.timerStats(phase).toJson()},
        {QStringLiteral("probe_latency"), meter.probeStats(phase).toJson()},
        {QStringLiteral("probe_latency_after_post"), meter.probeStatsAfterPost(phase).toJson()},
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
    if (!hasDisplay("gui_stall_bench", "bench/run_gui_stall.sh")) {
        return 2;
    }
    BenchApplication app(argc, argv);
    // Window geometry and layouts this run saves stay out of the user's settings.
    setUpBenchSettings(QStringLiteral("livesnap_gui_stall_bench"));

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
    // Outside the data directory: a temporary one is removed at exit, the dumps should stay.
    gdb.directory = QDir::temp().filePath(
        QStringLiteral("livesnap-gui-stacks-%1").arg(QCoreApplication::applicationPid()));
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
    const DelayStats probeRunPosted = meter.probeStatsAfterPost(Phase::Run);
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
    // The GUI thread's worst: the timer, and probes once posted (a watchdog blocked while
    // posting is not the GUI thread's delay; the raw probe figure is reported too).
    const double worst = std::max(timerRun.maxMs, probeRunPosted.maxMs);
    const bool diagnostic = o.gdb.thresholdMs > 0;

    // The longest delays of a phase, longest first.
    const auto longest = [&meter](Phase phase) {
        QList<Stall> list;
        for (const Stall &s : meter.stalls()) {
            if (s.phase == phase) {
                list.append(s);
            }
        }
        std::sort(list.begin(), list.end(),
                  [](const Stall &a, const Stall &b) { return a.ms > b.ms; });
        return list;
    };
    const auto stallsJson = [](const QList<Stall> &list, qsizetype limit) {
        QJsonArray out;
        for (const Stall &s : list.first(std::min(limit, list.size()))) {
            out.append(QJsonObject{{QStringLiteral("method"), s.method},
                                   {QStringLiteral("at_s"), round2(s.atSeconds)},
                                   {QStringLiteral("ms"), round2(s.ms)},
                                   {QStringLiteral("gui_thread_ran_ms"), round2(s.ranMs)},
                                   {QStringLiteral("gui_thread_cpu_wait_ms"), round2(s.cpuWaitMs)},
                                   {QStringLiteral("probe_post_ms"), round2(s.postMs)},
                                   {QStringLiteral("operator_action"), s.activity}});
        }
        return out;
    };
    const QList<Stall> runStalls = longest(Phase::Run);
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
                     {QStringLiteral("longest_delays"), stallsJson(longest(Phase::WarmUp), 10)},
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
             {QStringLiteral("longest_delays"), stallsJson(runStalls, 20)},
             {QStringLiteral("slow_events"), app.slowEvents(Phase::Run, 20)},
             {QStringLiteral("busiest_receivers"), app.busiestReceivers(Phase::Run, 12)}}},
        {QStringLiteral("operator"), uiOperator.summary()},
        {QStringLiteral("gui_thread_stacks_in_stalls"), stacks},
        {QStringLiteral("gdb_dumps"), dumps},
        {QStringLiteral("acceptance"),
         QJsonObject{{QStringLiteral("threshold_ms"), 50},
                     {QStringLiteral("worst_block_ms"), round2(worst)},
                     {QStringLiteral("met"), worst <= 50.0},
                     {QStringLiteral("worst_probe_raw_ms"), round2(probeRun.maxMs)},
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
          << statsRow(QStringLiteral("probe, once posted"), probeRunPosted) << Qt::endl
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
                                "for a CPU%6; operator: %7")
                     .arg(s.ms, 0, 'f', 1)
                     .arg(s.method)
                     .arg(s.atSeconds, 0, 'f', 1)
                     .arg(s.ranMs, 0, 'f', 1)
                     .arg(s.cpuWaitMs, 0, 'f', 1)
                     .arg(s.method == QStringLiteral("probe")
                              ? QStringLiteral(", posting the probe took %1 ms")
                                    .arg(s.postMs, 0, 'f', 1)
                              : QString())
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
    err() << QStringLiteral("worst GUI-thread block (timer; probes once posted) %1 ms: %2 the "
                            "50 ms goal (less the GUI thread's waits for a CPU: %3 ms, %4)")
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
