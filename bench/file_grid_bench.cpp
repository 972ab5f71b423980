// Does the Files grid stay smooth and small with a million rows?
//
// Writes N snapshot files of one job straight into a real catalog (one transaction, in a fresh
// temporary data directory; the objects' bytes are not written, so thumbnails fail to load),
// starts an EngineHost on it, shows the real MainWindow, opens the File Management tab and
// chooses the job in its job chooser, then drives the grid with real key events and the scroll
// bar while StallMeter measures the GUI thread's delays:
//  1. a jump from the newest file to the oldest, timed until the oldest file's row is held by
//     the model, visible, and painted: (a) the scroll bar to its end, (b) after Refresh, a click
//     on the newest file and the End key; each followed by the scroll bar back to the top;
//  2. PageDown pressed P times from the top, each waiting until the rows shown are painted;
//  3. the scroll bar moved from the top to the bottom in S equal steps (a slow drag through the
//     whole range), each waiting until the rows shown are painted.
// It reports the GUI thread's longest delay while scrolling (target <= 50 ms), the RSS after
// the job is chosen and its growth from before the scrolling to after it (target <= 50 MB), the
// jump's time (target < 1 s), and the rows the model holds at the end, as one JSON object on
// stdout and a Markdown table row on stderr (bench/run_file_grid.sh prints the table).
//
// Exit code 0 whatever the figures; non-zero only when setup failed.

#include "BenchApplication.h"
#include "BenchClock.h"
#include "BenchSupport.h"
#include "StackSampler.h"
#include "StallMeter.h"
#include "SystemUsage.h"

#include "MainWindow.h"
#include "common/DataDirectory.h"
#include "engine/EngineHost.h"
#include "files/BulkFiles.h"
#include "files/FileGridView.h"
#include "files/FileListModel.h"
#include "files/FileTestSupport.h"
#include "pages/FilePage.h"

#include <QComboBox>
#include <QCommandLineParser>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScrollBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

using namespace livesnap;
using namespace livesnap::bench;

namespace {

int setupFailed(const QString &why)
{
    err() << QStringLiteral("file_grid_bench: setup failed: ") << why << Qt::endl;
    return 2;
}

void note(const QString &line)
{
    err() << QStringLiteral("[file-grid] ") << line << Qt::endl;
}

double round2(double v)
{
    return std::round(v * 100.0) / 100.0;
}

// This process's resident set now (VmRSS), in MB.
double rssMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
        }
    }
    return -1;
}

// Runs the event loop until pred() holds (checked every millisecond) or timeoutMs passed.
bool waitFor(const std::function<bool()> &pred, int timeoutMs)
{
    if (pred()) {
        return true;
    }
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    QTimer poll;
    poll.setTimerType(Qt::PreciseTimer);
    poll.setInterval(1);
    bool met = false;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        met = pred();
        if (met || clock.elapsed() >= timeoutMs) {
            loop.quit();
        }
    });
    poll.start();
    loop.exec();
    return met;
}

// Counts the grid viewport's paint events: "shown" is held, visible, and painted since.
class PaintCounter : public QObject {
public:
    explicit PaintCounter(QWidget *viewport)
        : QObject(viewport)
    {
        viewport->installEventFilter(this);
    }
    qint64 paints() const { return m_paints; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint) {
            ++m_paints;
        }
        return QObject::eventFilter(watched, event);
    }

private:
    qint64 m_paints = 0;
};

// Time series of one way of scrolling: how long each step took until its rows were shown.
struct StepTimes {
    std::vector<double> ms;
    int unshown = 0; // steps whose rows were not shown within the timeout

    QJsonObject toJson() const
    {
        std::vector<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        const auto at = [&sorted](double q) {
            return sorted.empty() ? 0.0
                                  : sorted[std::min(sorted.size() - 1,
                                                    static_cast<size_t>(q * sorted.size()))];
        };
        return QJsonObject{
            {QStringLiteral("steps"), static_cast<qint64>(ms.size())},
            {QStringLiteral("shown_p50_ms"), round2(at(0.5))},
            {QStringLiteral("shown_p99_ms"), round2(at(0.99))},
            {QStringLiteral("shown_max_ms"), round2(sorted.empty() ? 0 : sorted.back())},
            {QStringLiteral("not_shown_in_time"), unshown}};
    }
};

} // namespace

int main(int argc, char *argv[])
{
    if (!hasDisplay("file_grid_bench", "bench/run_file_grid.sh")) {
        return 2;
    }
    BenchApplication app(argc, argv);
    setUpBenchSettings(QStringLiteral("livesnap_file_grid_bench"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Scrolls the Files grid through N files of one job and reports the GUI "
                       "thread's longest delay, memory for rows and the jump to the oldest."));
    parser.addHelpOption();
    const QCommandLineOption filesOpt(QStringLiteral("files"),
                                      QStringLiteral("Files in the job (100000)."),
                                      QStringLiteral("n"), QStringLiteral("100000"));
    const QCommandLineOption pageDownsOpt(QStringLiteral("page-downs"),
                                          QStringLiteral("PageDown presses from the top (300)."),
                                          QStringLiteral("n"), QStringLiteral("300"));
    const QCommandLineOption stepsOpt(
        QStringLiteral("steps"),
        QStringLiteral("Scroll bar steps from the top to the bottom of the range (500)."),
        QStringLiteral("n"), QStringLiteral("500"));
    const QCommandLineOption sampleOpt(
        QStringLiteral("sample-stall-ms"),
        QStringLiteral("Sample the GUI thread's stack when it has not answered a probe for this "
                       "many ms (30; 0: never)."),
        QStringLiteral("ms"), QStringLiteral("30"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"),
                                     QStringLiteral("Also write the JSON result to this file."),
                                     QStringLiteral("file"));
    parser.addOptions({filesOpt, pageDownsOpt, stepsOpt, sampleOpt, jsonOpt});
    parser.process(app);
    const int files = parser.value(filesOpt).toInt();
    const int pageDowns = std::max(0, parser.value(pageDownsOpt).toInt());
    const int steps = std::max(1, parser.value(stepsOpt).toInt());
    if (files <= 0) {
        return setupFailed(QStringLiteral("--files must be a positive number"));
    }
    StallMeter::SamplerOptions sampler;
    sampler.thresholdMs = std::max(0, parser.value(sampleOpt).toInt());
    if (sampler.thresholdMs > 0) {
        StackSampler::install();
    }

    // 1. The catalog: one job, N files 1 s apart ending an hour ago.
    QTemporaryDir dataDir(QDir::temp().filePath(QStringLiteral("livesnap-grid-bench-XXXXXX")));
    if (!dataDir.isValid()) {
        return setupFailed(QStringLiteral("cannot create a temporary data directory"));
    }
    EngineHost host{DataDirectory(dataDir.path())};
    if (const Status started = host.start(QStringLiteral("grid-bench")); !started) {
        return setupFailed(QStringLiteral("engine: ") + started.error().message);
    }
    const QString jobId = uitest::submitLocalJob(host, QStringLiteral("grid-bench"));
    if (jobId.isEmpty()) {
        return setupFailed(QStringLiteral("the job was not submitted"));
    }
    // A second job without files: the page starts on one of them, the benchmark chooses the
    // big one (the page shows the first job listed at once).
    const QString otherJobId = uitest::submitLocalJob(host, QStringLiteral("grid-bench-empty"));
    if (otherJobId.isEmpty()) {
        return setupFailed(QStringLiteral("the second job was not submitted"));
    }
    const qint64 firstMs = QDateTime::currentMSecsSinceEpoch() - qint64(files) * 1000 - 3600000;
    QElapsedTimer insertClock;
    insertClock.start();
    if (const QString error = uitest::insertBulkFiles(host, jobId, files, firstMs);
        !error.isEmpty()) {
        return setupFailed(QStringLiteral("bulk insert: ") + error);
    }
    note(QStringLiteral("%1 files inserted in %2 s; platform %3")
             .arg(files)
             .arg(insertClock.elapsed() / 1000.0, 0, 'f', 1)
             .arg(QGuiApplication::platformName()));

    // 2. The window, on the Files tab, measured from here on.
    BenchContext context;
    app.setTracing(&context);
    StallMeter meter(context, 5);
    context.phase = Phase::Startup;
    meter.start(StallMeter::GdbOptions{}, sampler);
    auto window = std::make_unique<ui::MainWindow>(host);
    window->resize(1280, 800);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get(), 10000)) {
        return setupFailed(QStringLiteral("the main window was never exposed"));
    }
    window->tabs()->setCurrentIndex(ui::MainWindow::FilesTab);
    ui::FilePage *page = window->filePage();
    ui::FileGridView *grid = page->view();
    ui::FileListModel *model = page->model();
    auto *combo = page->findChild<QComboBox *>(QStringLiteral("fileJobCombo"));
    if (!combo || !waitFor([&] { return combo->findData(jobId) >= 0; }, 10000)) {
        return setupFailed(QStringLiteral("the Files page never listed the job"));
    }
    // The range starts before the oldest file (the page opens on the last 24 hours), set on
    // the empty job as a user would, and settled (the edit's debounce) before the job is chosen.
    combo->setCurrentIndex(combo->findData(otherJobId));
    auto *startEdit = page->findChild<QDateTimeEdit *>(QStringLiteral("fileStartTime"));
    if (!startEdit) {
        return setupFailed(QStringLiteral("the Files page has no fileStartTime edit"));
    }
    startEdit->setDateTime(QDateTime::fromMSecsSinceEpoch(firstMs - 60000));
    waitFor([] { return false; }, 1500);
    if (model->jobId() != otherJobId || model->totalCount() != 0) {
        return setupFailed(QStringLiteral("the Files page did not settle on the empty job"));
    }
    const auto *paints = new PaintCounter(grid->viewport());
    // Every row the grid shows is held and painted since this call (or since paintsBefore).
    const auto shownSince = [&](qint64 paintsBefore, int mustShow = -1) {
        const QList<int> rows = grid->visibleRows();
        if (rows.isEmpty() || (mustShow >= 0 && !rows.contains(mustShow))) {
            return false;
        }
        for (int row : rows) {
            if (!model->isRowLoaded(row)) {
                return false;
            }
        }
        return paints->paints() > paintsBefore;
    };
    const double rssWindow = rssMb();

    // 3. Choosing the job (the first screen shown).
    context.phase = Phase::WarmUp;
    context.activity = QStringLiteral("choose the job");
    QElapsedTimer clock;
    clock.start();
    combo->setCurrentIndex(combo->findData(jobId));
    if (!waitFor([&] { return model->totalCount() == files && shownSince(-1, 0); }, 60000)) {
        return setupFailed(QStringLiteral("the job's first screen was not shown (count %1 of %2)")
                               .arg(model->totalCount())
                               .arg(files));
    }
    const double firstScreenMs = clock.nsecsElapsed() / 1e6;
    // The grid lays its rows out in batches: until the last row has a place, a jump to the end
    // lands where the layout has got to.
    const QModelIndex lastIndex = model->index(model->rowCount() - 1, 0);
    const bool laidOut = waitFor([&] { return !grid->visualRect(lastIndex).isEmpty(); }, 30000);
    const double layoutMs = clock.nsecsElapsed() / 1e6;
    note(QStringLiteral("every row laid out %1 ms after the job was chosen%2")
             .arg(layoutMs, 0, 'f', 0)
             .arg(laidOut ? QString() : QStringLiteral(" (NOT within 30 s)")));
    waitFor([] { return false; }, 300); // the thumbnails' failures settle
    const double rssSelected = rssMb();
    note(QStringLiteral("job chosen: %1 rows, first screen in %2 ms, RSS %3 MB (window %4 MB)")
             .arg(model->rowCount())
             .arg(firstScreenMs, 0, 'f', 0)
             .arg(rssSelected, 0, 'f', 1)
             .arg(rssWindow, 0, 'f', 1));

    // 4. Scrolling, measured.
    context.phase = Phase::Run;
    const double rssBefore = rssMb();
    const CpuSample cpuBefore = sampleCpu();
    QElapsedTimer runClock;
    runClock.start();

    grid->setFocus(Qt::OtherFocusReason);
    const int last = model->rowCount() - 1;
    // A jump timed until the oldest file's row is held, visible and painted; true when shown
    // and right.
    QScrollBar *bar = grid->verticalScrollBar();
    const auto jump = [&](const QString &activity, const std::function<void()> &act, double *ms) {
        context.activity = activity;
        const qint64 paintsBefore = paints->paints();
        QElapsedTimer jumpClock;
        jumpClock.start();
        act();
        const bool shown = waitFor([&] { return shownSince(paintsBefore, last); }, 5000);
        *ms = jumpClock.nsecsElapsed() / 1e6;
        const bool right = shown && model->entryAt(last).file.createTimestamp == firstMs &&
                           model->entryAt(last).file.sequence == 1;
        const QList<int> rows = grid->visibleRows();
        note(QStringLiteral("%1: %2 ms, %3 (scroll bar %4 of %5, rows shown %6-%7)")
                 .arg(activity)
                 .arg(*ms, 0, 'f', 1)
                 .arg(right ? QStringLiteral("the oldest file shown")
                            : QStringLiteral("the oldest file NOT shown"))
                 .arg(bar->value())
                 .arg(bar->maximum())
                 .arg(rows.isEmpty() ? -1 : rows.first())
                 .arg(rows.isEmpty() ? -1 : rows.last()));
        return right;
    };
    const auto backToTop = [&] {
        context.activity = QStringLiteral("back to the newest");
        const qint64 paintsBefore = paints->paints();
        bar->setValue(0);
        waitFor([&] { return shownSince(paintsBefore, 0); }, 5000);
    };
    // (a) The scroll bar dragged to its end (what setValue does when the slider is dragged).
    double jumpMs = 0;
    const bool jumped = jump(
        QStringLiteral("scroll bar to the end"), [&] { bar->setValue(bar->maximum()); }, &jumpMs);
    backToTop();
    // (b) The End key on the newest file, made current with a click (Ctrl+End moves nothing
    // in an extended selection), after Refresh (the rows near the end that (a) read are
    // dropped: this jump reads them again).
    context.activity = QStringLiteral("refresh");
    page->refresh();
    waitFor([&] { return model->totalCount() == files && shownSince(-1, 0); }, 10000);
    context.activity = QStringLiteral("click the newest file");
    QTest::mouseClick(grid->viewport(), Qt::LeftButton, Qt::NoModifier,
                      grid->visualRect(model->index(0, 0)).center());
    waitFor([&] { return grid->currentIndex().row() == 0; }, 1000);
    double keyJumpMs = 0;
    const bool keyJumped = jump(
        QStringLiteral("End key"), [&] { QTest::keyClick(grid, Qt::Key_End); }, &keyJumpMs);
    backToTop();
    // PageDown moves from the current row: the newest again, not the oldest End went to.
    grid->setCurrentIndex(model->index(0, 0));

    // One step: act, then wait until the rows shown are painted (at least a frame apart).
    const auto step = [&](StepTimes &times, const std::function<void()> &act) {
        const qint64 paintsBefore = paints->paints();
        QElapsedTimer stepClock;
        stepClock.start();
        act();
        if (waitFor([&] { return shownSince(paintsBefore); }, 5000)) {
            times.ms.push_back(stepClock.nsecsElapsed() / 1e6);
        } else {
            ++times.unshown;
        }
        waitFor([&] { return stepClock.elapsed() >= 16; }, 100);
    };
    StepTimes pageDownTimes;
    context.activity = QStringLiteral("PageDown");
    for (int i = 0; i < pageDowns; ++i) {
        step(pageDownTimes, [&] { QTest::keyClick(grid, Qt::Key_PageDown); });
    }
    StepTimes barTimes;
    context.activity = QStringLiteral("scroll bar steps to the bottom");
    bar->setValue(0);
    const int barMax = bar->maximum();
    for (int i = 1; i <= steps; ++i) {
        step(barTimes,
             [&] { bar->setValue(static_cast<int>(static_cast<qint64>(barMax) * i / steps)); });
    }
    const bool atOldest = grid->visibleRows().contains(last) && model->isRowLoaded(last);
    waitFor([] { return false; }, 300); // what the last step started settles
    const double runSeconds = runClock.nsecsElapsed() / 1e9;
    const CpuSample cpuAfter = sampleCpu();
    const double rssAfter = rssMb();
    const int rowsHeld = model->loadedRowCount();
    context.phase = Phase::Done;
    meter.stop();
    app.setTracing(nullptr);

    // 5. Results.
    const DelayStats timerRun = meter.timerStats(Phase::Run);
    const DelayStats probeRunPosted = meter.probeStatsAfterPost(Phase::Run);
    const double worst = std::max(timerRun.maxMs, probeRunPosted.maxMs);
    const double worstOwn = std::max(meter.timerStatsWithoutCpuWait(Phase::Run).maxMs,
                                     meter.probeStatsWithoutCpuWait(Phase::Run).maxMs);
    const double worstChoose = std::max(meter.timerStats(Phase::WarmUp).maxMs,
                                        meter.probeStatsAfterPost(Phase::WarmUp).maxMs);
    const double growth = rssAfter - rssBefore;
    QList<Stall> stalls;
    for (const Stall &s : meter.stalls()) {
        if (s.phase == Phase::Run) {
            stalls.append(s);
        }
    }
    std::sort(stalls.begin(), stalls.end(),
              [](const Stall &a, const Stall &b) { return a.ms > b.ms; });
    QJsonArray longest;
    for (const Stall &s : stalls.first(std::min<qsizetype>(10, stalls.size()))) {
        longest.append(QJsonObject{{QStringLiteral("method"), s.method},
                                   {QStringLiteral("ms"), round2(s.ms)},
                                   {QStringLiteral("gui_thread_ran_ms"), round2(s.ranMs)},
                                   {QStringLiteral("gui_thread_cpu_wait_ms"), round2(s.cpuWaitMs)},
                                   {QStringLiteral("action"), s.activity}});
    }
    QList<StallMeter::StackRecord> records = meter.stackSamples();
    std::sort(records.begin(), records.end(),
              [](const auto &a, const auto &b) { return a.sample.waitedMs > b.sample.waitedMs; });
    QJsonArray stacks;
    for (const StallMeter::StackRecord &r : std::as_const(records)) {
        stacks.append(StackSampler::toJson(r.sample, phaseName(r.phase), r.atSeconds, r.activity));
    }

    const QJsonObject result{
        {QStringLiteral("benchmark"), QStringLiteral("livesnap_file_grid_bench")},
        {QStringLiteral("date"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
        {QStringLiteral("platform"), QGuiApplication::platformName()},
        {QStringLiteral("files"), files},
        {QStringLiteral("cpus"), cpuCount()},
        {QStringLiteral("load_average"), loadAverage()},
        {QStringLiteral("first_screen_ms"), round2(firstScreenMs)},
        {QStringLiteral("whole_range_laid_out_ms"), laidOut ? round2(layoutMs) : -1.0},
        {QStringLiteral("choose_worst_block_ms"), round2(worstChoose)},
        {QStringLiteral("rss_window_mb"), round2(rssWindow)},
        {QStringLiteral("rss_job_chosen_mb"), round2(rssSelected)},
        {QStringLiteral("rss_before_scroll_mb"), round2(rssBefore)},
        {QStringLiteral("rss_after_scroll_mb"), round2(rssAfter)},
        {QStringLiteral("rss_growth_mb"), round2(growth)},
        {QStringLiteral("jump_to_oldest_ms"), round2(jumpMs)},
        {QStringLiteral("jump_shown_right"), jumped},
        {QStringLiteral("ctrl_end_ms"), round2(keyJumpMs)},
        {QStringLiteral("ctrl_end_shown_right"), keyJumped},
        {QStringLiteral("page_down"), pageDownTimes.toJson()},
        {QStringLiteral("scroll_bar"), barTimes.toJson()},
        {QStringLiteral("reached_oldest_by_scrolling"), atOldest},
        {QStringLiteral("rows_held_at_end"), rowsHeld},
        {QStringLiteral("cache_capacity"), model->cacheCapacity()},
        {QStringLiteral("scroll_seconds"), round2(runSeconds)},
        {QStringLiteral("gui_thread_cpu_s"),
         round2(cpuAfter.guiThreadSeconds - cpuBefore.guiThreadSeconds)},
        {QStringLiteral("process_cpu_s"),
         round2(cpuAfter.processSeconds - cpuBefore.processSeconds)},
        {QStringLiteral("timer_lateness"), timerRun.toJson()},
        {QStringLiteral("probe_latency_after_post"), probeRunPosted.toJson()},
        {QStringLiteral("worst_block_ms"), round2(worst)},
        {QStringLiteral("worst_block_without_cpu_wait_ms"), round2(worstOwn)},
        {QStringLiteral("longest_delays"), longest},
        {QStringLiteral("slow_events"), app.slowEvents(Phase::Run, 10)},
        {QStringLiteral("busiest_receivers"), app.busiestReceivers(Phase::Run, 8)},
        {QStringLiteral("gui_thread_stacks_in_stalls"), stacks},
        {QStringLiteral("targets_met"),
         QJsonObject{{QStringLiteral("block_50ms"), worst <= 50.0},
                     {QStringLiteral("rss_growth_50mb"), growth <= 50.0},
                     {QStringLiteral("jump_1s"), jumped && jumpMs < 1000.0}}}};

    const auto mark = [](bool met) { return met ? QString() : QStringLiteral(" (missed)"); };
    note(QStringLiteral("scrolled in %1 s: %2 PageDowns (shown p50 %3 ms), %4 scroll bar steps "
                        "(shown p50 %5 ms, max %6 ms); GUI thread CPU %7 s")
             .arg(runSeconds, 0, 'f', 1)
             .arg(pageDownTimes.ms.size())
             .arg(pageDownTimes.toJson().value(QStringLiteral("shown_p50_ms")).toDouble())
             .arg(barTimes.ms.size())
             .arg(barTimes.toJson().value(QStringLiteral("shown_p50_ms")).toDouble())
             .arg(barTimes.toJson().value(QStringLiteral("shown_max_ms")).toDouble())
             .arg(cpuAfter.guiThreadSeconds - cpuBefore.guiThreadSeconds, 0, 'f', 2));
    for (const Stall &s : stalls.first(std::min<qsizetype>(5, stalls.size()))) {
        note(QStringLiteral("  delay %1 ms (%2): GUI thread ran %3 ms, waited %4 ms for a CPU; %5")
                 .arg(s.ms, 0, 'f', 1)
                 .arg(s.method)
                 .arg(s.ranMs, 0, 'f', 1)
                 .arg(s.cpuWaitMs, 0, 'f', 1)
                 .arg(s.activity));
    }
    for (qsizetype i = 0; i < std::min<qsizetype>(2, stacks.size()); ++i) {
        const QJsonObject st = stacks.at(i).toObject();
        note(QStringLiteral("  GUI thread stack after %1 ms unanswered (%2):")
                 .arg(st.value(QStringLiteral("gui_thread_unanswered_ms")).toDouble())
                 .arg(st.value(QStringLiteral("operator_action")).toString()));
        const QJsonArray frames = st.value(QStringLiteral("frames")).toArray();
        for (qsizetype f = 0; f < frames.size() && f < 14; ++f) {
            note(QStringLiteral("      ") + frames.at(f).toString().left(150));
        }
    }
    // The Markdown row: | files | worst block | without CPU wait | RSS chosen | RSS growth |
    // scroll bar to the end | End key | rows held |
    const auto jumpText = [&mark](bool right, double ms) {
        return right ? QStringLiteral("%1 ms%2").arg(ms, 0, 'f', 0).arg(mark(ms < 1000.0))
                     : QStringLiteral("not shown in %1 ms (missed)").arg(ms, 0, 'f', 0);
    };
    note(QStringLiteral("| %1 | %2 ms%3 | %4 ms | %5 MB | %6 MB%7 | %8 | %9 | %10 of %11 |")
             .arg(QLocale::c().toString(files))
             .arg(worst, 0, 'f', 1)
             .arg(mark(worst <= 50.0))
             .arg(worstOwn, 0, 'f', 1)
             .arg(rssSelected, 0, 'f', 0)
             .arg(growth, 0, 'f', 1)
             .arg(mark(growth <= 50.0))
             .arg(jumpText(jumped, jumpMs), jumpText(keyJumped, keyJumpMs))
             .arg(rowsHeld)
             .arg(QLocale::c().toString(files)));

    const QByteArray json = QJsonDocument(result).toJson(QJsonDocument::Compact);
    std::fputs(json.constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
    if (parser.isSet(jsonOpt)) {
        QFile out(parser.value(jsonOpt));
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(json + '\n') < 0 ||
            !out.flush()) {
            note(QStringLiteral("cannot write %1: %2").arg(out.fileName(), out.errorString()));
        }
    }
    window.reset();
    host.stop();
    return 0;
}
