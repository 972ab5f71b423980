#include "BenchOptions.h"

#include <QCommandLineParser>

namespace livesnap::bench {

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

} // namespace livesnap::bench
