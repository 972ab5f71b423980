// The Usage tab on a real engine: usage of two jobs across a UTC midnight, shown per job and
// UTC day in the table and the chart, and exported as CSV behind a link that expires.
#include "../../support/Await.h"
#include "../../support/HttpFetch.h"
#include "../UiTestSupport.h"
#include "catalog/Schema.h"
#include "catalog/UsageRepository.h"
#include "engine/EngineHost.h"
#include "pages/UsagePage.h"
#include "usage/UsageChart.h"
#include "usage/UsageExportPanel.h"
#include "usage/UsageJobFilter.h"
#include "usage/UsageTableModel.h"

#include <QBarSet>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFile>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStackedBarSeries>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <ctime>
#include <memory>

using namespace livesnap;
using namespace livesnap::ui;
using namespace livesnap::uitest;

namespace {
constexpr qint64 Minute = 60 * 1000;
constexpr qint64 Hour = 60 * Minute;

// Job A ran 2:30 before a UTC midnight to 0:30 after, then 907 s from 5:00; job B from 0:10
// before the midnight to 10:00 after.
constexpr qint64 ADay1 = 9000;
constexpr qint64 ADay2 = 1800 + 907;
constexpr qint64 BDay1 = 600;
constexpr qint64 BDay2 = 36000;
constexpr qint64 Total = ADay1 + ADay2 + BDay1 + BDay2;

// Seconds from a "m:ss" or "h:mm:ss" text; -1 when there is none.
qint64 secondsIn(const QString &text)
{
    const QRegularExpression re(QStringLiteral("(?:(\\d+):)?(\\d+):(\\d\\d)"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch()) {
        return -1;
    }
    return m.captured(1).toLongLong() * 3600 + m.captured(2).toLongLong() * 60 +
           m.captured(3).toLongLong();
}
} // namespace

class TestUsagePage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void defaultRangeIsTheLastSevenUtcDays();
    void tableShowsEachJobPerUtcDay();
    void sortingByDurationSortsBySeconds();
    void chartHasOneBarSetPerJobWithDailyValues();
    void rangeEndIsExclusive();
    void jobFilterNarrowsTheReport();
    void refusedRangeShowsServiceMessageAndKeepsRows();
    void exportShowsAWorkingLink();
    void linkCountsDownAndExpires();
    void failedExportShowsErrorAndKeepsLink();
    void chartGroupsJobsBeyondTheLimit();
    void typingDigitsIntoTheTimeFieldsWorks();
    void chartFollowsADarkPalette();
    void focusFilterFocusesTheJobFilter();

private:
    QString submitJob(const QString &name);
    void addUsage(const QString &jobId, const QString &name, qint64 startMs, qint64 endMs);
    std::optional<UsageSummary> describe(const QDateTime &start, const QDateTime &end,
                                         const QString &jobId = QString());
    int rowOf(const QString &jobId, const QDate &date) const;
    // Clicks Refresh and waits until the table and the chart show the answer.
    void refreshAndWait();
    template <typename T> T *child(const QString &name) const
    {
        return m_page->findChild<T *>(name);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_host;
    std::unique_ptr<UsagePage> m_page;
    QString m_jobA;
    QString m_jobB;
    const QString m_nameA = QStringLiteral("Lobby, east");
    const QString m_nameB = QStringLiteral("北门 gate");
    QDateTime m_midnight;
    QUrl m_link;
    qint64 m_clockOffsetMs = 0;
};

void TestUsagePage::initTestCase()
{
    useFreshSettings();
    // A local time far from UTC, so that a UTC mix-up shows.
    qputenv("TZ", "CST-8");
    tzset();
    QCOMPARE(QDateTime::currentDateTime().offsetFromUtc(), 8 * 3600);

    QVERIFY(m_dir.isValid());
    LIVESNAP_START_HOST(m_host, m_dir.path() + QStringLiteral("/data"));
    m_jobA = submitJob(m_nameA);
    m_jobB = submitJob(m_nameB);
    QVERIFY(!m_jobA.isEmpty() && !m_jobB.isEmpty());

    // Two days ago, so the usage lies within the default range.
    m_midnight = QDateTime(QDateTime::currentDateTimeUtc().date().addDays(-2), QTime(0, 0),
                           QTimeZone::utc());
    const qint64 m = m_midnight.toMSecsSinceEpoch();
    addUsage(m_jobA, m_nameA, m - 150 * Minute, m + 30 * Minute);
    addUsage(m_jobA, m_nameA, m + 5 * Hour, m + 5 * Hour + 907 * 1000);
    addUsage(m_jobB, m_nameB, m - 10 * Minute, m + 10 * Hour);

    m_page = std::make_unique<UsagePage>(*m_host);
    m_page->resize(1100, 800);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void TestUsagePage::cleanupTestCase()
{
    m_page.reset();
    m_host.reset();
}

QString TestUsagePage::submitJob(const QString &name)
{
    JobSpec spec;
    spec.jobName = name;
    spec.templateId = schema::SystemRealtime60s;
    spec.streamInput = StreamInput{QStringLiteral("rtmp"), QStringLiteral("rtmp://127.0.0.1:1/x")};
    spec.snapshotOutput =
        SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
    const auto id =
        callEngine(*m_host, [spec](SnapshotService &s) { return s.submitLiveSnapshotJob(spec); });
    return id && id->ok() ? id->value() : QString();
}

void TestUsagePage::addUsage(const QString &jobId, const QString &name, qint64 startMs,
                             qint64 endMs)
{
    // What a supervisor does when it takes a job and beats: open, then extend.
    const auto recorded = callEngine(*m_host, [=](SnapshotService &s) {
        UsageRepository usage(s.catalog());
        if (auto opened = usage.open(jobId, name, QStringLiteral("tst_usagepage"), startMs);
            !opened) {
            return opened;
        }
        return usage.extend(jobId, startMs, endMs);
    });
    QVERIFY(recorded.has_value());
    QVERIFY2(recorded->ok(), qPrintable(recorded->ok() ? QString() : recorded->error().message));
}

std::optional<UsageSummary> TestUsagePage::describe(const QDateTime &start, const QDateTime &end,
                                                    const QString &jobId)
{
    const auto summary = callEngine(*m_host, [=](SnapshotService &s) {
        return s.describeLiveSnapshotUsage(start, end, jobId);
    });
    if (!summary || !summary->ok()) {
        return std::nullopt;
    }
    return summary->value();
}

int TestUsagePage::rowOf(const QString &jobId, const QDate &date) const
{
    const UsageTableModel &model = *m_page->model();
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, 0).data(UsageTableModel::IdRole).toString() == jobId &&
            model.index(row, UsageTableModel::DateColumn)
                    .data(UsageTableModel::SortRole)
                    .toDate() == date) {
            return row;
        }
    }
    return -1;
}

void TestUsagePage::refreshAndWait()
{
    QSignalSpy chartUpdated(m_page.get(), &UsagePage::chartUpdated);
    QTest::mouseClick(child<QPushButton>(QStringLiteral("usageRefresh")), Qt::LeftButton);
    QTRY_VERIFY(!chartUpdated.isEmpty());
}

void TestUsagePage::defaultRangeIsTheLastSevenUtcDays()
{
    const QDateTime tomorrow(QDateTime::currentDateTimeUtc().date().addDays(1), QTime(0, 0),
                             QTimeZone::utc());
    QCOMPARE(m_page->endTime(), tomorrow);
    QCOMPARE(m_page->startTime(), tomorrow.addDays(-7));
    // The editors show UTC (the local time here is UTC+8, which would show 08:00).
    auto *start = child<QDateTimeEdit>(QStringLiteral("usageStart"));
    QVERIFY(start);
    QCOMPARE(start->text(), tomorrow.addDays(-7).toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    QVERIFY(start->text().endsWith(QStringLiteral("00:00")));
}

void TestUsagePage::tableShowsEachJobPerUtcDay()
{
    UsageTableModel *model = m_page->model();
    QTRY_COMPARE(model->rowCount(), 4);
    const auto summary = describe(m_page->startTime(), m_page->endTime());
    QVERIFY(summary.has_value());
    QCOMPARE(summary->days.size(), 4);
    for (const UsageDay &day : summary->days) {
        const int row = rowOf(day.jobId, day.date);
        QVERIFY2(row >= 0, qPrintable(day.jobId + QLatin1Char(' ') + day.date.toString()));
        QCOMPARE(model->index(row, UsageTableModel::JobNameColumn).data().toString(), day.jobName);
        QCOMPARE(model->index(row, UsageTableModel::JobIdColumn).data().toString(), day.jobId);
        QCOMPARE(model->index(row, UsageTableModel::DateColumn).data().toString(),
                 day.date.toString(Qt::ISODate));
        const QModelIndex duration = model->index(row, UsageTableModel::DurationColumn);
        QCOMPARE(duration.data(UsageTableModel::SortRole).toLongLong(), day.durationSeconds);
        QCOMPARE(secondsIn(duration.data().toString()), day.durationSeconds);
    }
    // The recorded intervals make these exact.
    const QDate day1 = m_midnight.date().addDays(-1);
    const QDate day2 = m_midnight.date();
    auto seconds = [model](int row) {
        return model->index(row, UsageTableModel::DurationColumn)
            .data(UsageTableModel::SortRole)
            .toLongLong();
    };
    QCOMPARE(seconds(rowOf(m_jobA, day1)), ADay1);
    QCOMPARE(seconds(rowOf(m_jobA, day2)), ADay2);
    QCOMPARE(seconds(rowOf(m_jobB, day1)), BDay1);
    QCOMPARE(seconds(rowOf(m_jobB, day2)), BDay2);
    QCOMPARE(model->index(rowOf(m_jobB, day2), UsageTableModel::DurationColumn).data().toString(),
             QStringLiteral("10:00:00"));
    QCOMPARE(model->index(rowOf(m_jobA, day2), UsageTableModel::DurationColumn).data().toString(),
             QStringLiteral("0:45:07"));
    QCOMPARE(model->index(rowOf(m_jobA, day1), 0).data().toString(), m_nameA);

    // The total is the service's.
    QCOMPARE(summary->totalSeconds, Total);
    QCOMPARE(model->totalSeconds(), summary->totalSeconds);
    auto *total = child<QLabel>(QStringLiteral("usageTotal"));
    QVERIFY(total);
    QCOMPARE(secondsIn(total->text()), Total);
    QVERIFY2(total->text().contains(QStringLiteral("13:25:07")), qPrintable(total->text()));
}

void TestUsagePage::sortingByDurationSortsBySeconds()
{
    QTableView *view = m_page->view();
    QTRY_COMPARE(view->model()->rowCount(), 4);
    QHeaderView *header = view->horizontalHeader();
    const int x = header->sectionViewportPosition(UsageTableModel::DurationColumn) +
                  header->sectionSize(UsageTableModel::DurationColumn) / 2;
    auto shownDurations = [view] {
        QList<qint64> seconds;
        for (int row = 0; row < view->model()->rowCount(); ++row) {
            seconds << secondsIn(
                view->model()->index(row, UsageTableModel::DurationColumn).data().toString());
        }
        return seconds;
    };
    // By the text, "10:00:00" would come before "2:30:00".
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    QCOMPARE(header->sortIndicatorSection(), int(UsageTableModel::DurationColumn));
    const Qt::SortOrder first = header->sortIndicatorOrder();
    const QList<qint64> ascending{BDay1, ADay2, ADay1, BDay2};
    const QList<qint64> descending{BDay2, ADay1, ADay2, BDay1};
    QCOMPARE(shownDurations(), first == Qt::AscendingOrder ? ascending : descending);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    QVERIFY(header->sortIndicatorOrder() != first);
    QCOMPARE(shownDurations(), first == Qt::AscendingOrder ? descending : ascending);
}

void TestUsagePage::chartHasOneBarSetPerJobWithDailyValues()
{
    refreshAndWait();
    QCOMPARE(m_page->model()->rowCount(), 4);
    UsageChart *chart = m_page->chart();
    QCOMPARE(chart->objectName(), QStringLiteral("usageChart"));
    const auto summary = describe(m_page->startTime(), m_page->endTime());
    QVERIFY(summary.has_value());

    // One category per UTC day of the range.
    const QList<QDate> dates = chart->categoryDates();
    QCOMPARE(dates.size(), 7);
    QCOMPARE(dates.first(), m_page->startTime().date());
    QCOMPARE(dates.last(), m_page->endTime().date().addDays(-1));
    QCOMPARE(chart->secondsPerUnit(), 3600); // a day has more than an hour

    const QList<QBarSet *> sets = chart->series()->barSets();
    QCOMPARE(sets.size(), 2);
    QStringList labels;
    for (QBarSet *set : sets) {
        labels << set->label();
        const QString jobId = set->property(UsageChart::JobIdProperty).toString();
        QVERIFY(jobId == m_jobA || jobId == m_jobB);
        QCOMPARE(set->count(), dates.size());
        for (int i = 0; i < dates.size(); ++i) {
            qint64 expected = 0;
            for (const UsageDay &day : summary->days) {
                if (day.jobId == jobId && day.date == dates.at(i)) {
                    expected = day.durationSeconds;
                }
            }
            QVERIFY2(qAbs(set->at(i) * chart->secondsPerUnit() - double(expected)) < 0.01,
                     qPrintable(QStringLiteral("%1 on %2: %3 h, expected %4 s")
                                    .arg(jobId, dates.at(i).toString())
                                    .arg(set->at(i))
                                    .arg(expected)));
        }
    }
    labels.sort();
    QStringList names{m_nameA, m_nameB};
    names.sort();
    QCOMPARE(labels, names);
    QVERIFY(chart->chart()->legend()->isVisible());
}

void TestUsagePage::rangeEndIsExclusive()
{
    // Only the day after the midnight.
    m_page->setRange(m_midnight, m_midnight.addDays(1));
    refreshAndWait();
    QCOMPARE(m_page->model()->rowCount(), 2);
    QVERIFY(rowOf(m_jobA, m_midnight.date()) >= 0);
    QVERIFY(rowOf(m_jobB, m_midnight.date()) >= 0);
    QCOMPARE(m_page->model()->totalSeconds(), ADay2 + BDay2);
    QCOMPARE(m_page->chart()->categoryDates(), QList<QDate>{m_midnight.date()});
    // That day's stack is over an hour: the unit is hours.
    QCOMPARE(m_page->chart()->secondsPerUnit(), 3600);

    // A range within the first day: minutes, since no day reaches an hour there.
    m_page->setRange(m_midnight.addSecs(-600), m_midnight);
    refreshAndWait();
    QCOMPARE(m_page->model()->totalSeconds(), 1200);
    QCOMPARE(m_page->chart()->secondsPerUnit(), 60);
    for (QBarSet *set : m_page->chart()->series()->barSets()) {
        QCOMPARE(set->at(0), 10.0);
    }

    // Back to the default range.
    const QDateTime tomorrow(QDateTime::currentDateTimeUtc().date().addDays(1), QTime(0, 0),
                             QTimeZone::utc());
    m_page->setRange(tomorrow.addDays(-7), tomorrow);
    refreshAndWait();
    QCOMPARE(m_page->model()->rowCount(), 4);
}

void TestUsagePage::jobFilterNarrowsTheReport()
{
    auto *filter = child<UsageJobFilter>(QStringLiteral("usageJobFilter"));
    QVERIFY(filter);
    QTRY_COMPARE(filter->count(), 3); // all jobs and the two
    QVERIFY(filter->findText(m_nameA) > 0);
    QVERIFY(filter->findText(m_nameB) > 0);

    // As a user picks it with the keyboard (each step activates the item).
    for (int step = 0; step < 2 && filter->selectedJobId() != m_jobB; ++step) {
        QTest::keyClick(filter, Qt::Key_Down);
    }
    QCOMPARE(filter->selectedJobId(), m_jobB);
    QTRY_COMPARE(m_page->model()->rowCount(), 2);
    QTRY_COMPARE(m_page->chart()->series()->barSets().size(), 1);
    const auto summary = describe(m_page->startTime(), m_page->endTime(), m_jobB);
    QVERIFY(summary.has_value());
    QCOMPARE(summary->totalSeconds, BDay1 + BDay2);
    QTRY_COMPARE(m_page->model()->totalSeconds(), summary->totalSeconds);
    for (int row = 0; row < 2; ++row) {
        QCOMPARE(m_page->model()->index(row, 0).data(UsageTableModel::IdRole).toString(), m_jobB);
    }

    QVERIFY(filter->selectJob(QString()));
    QTRY_COMPARE(m_page->model()->rowCount(), 4);
    QTRY_COMPARE(m_page->chart()->series()->barSets().size(), 2);
    QCOMPARE(m_page->model()->totalSeconds(), Total);

    // The list follows new and deleted jobs.
    const QString jobC = submitJob(QStringLiteral("third"));
    QVERIFY(!jobC.isEmpty());
    QTRY_VERIFY(filter->findData(jobC) > 0);
    const auto deleted =
        callEngine(*m_host, [jobC](SnapshotService &s) { return s.deleteLiveSnapshotJob(jobC); });
    QVERIFY(deleted && deleted->ok());
    QTRY_COMPARE(filter->findData(jobC), -1);
    QCOMPARE(filter->count(), 3);
}

void TestUsagePage::refusedRangeShowsServiceMessageAndKeepsRows()
{
    auto *error = child<QLabel>(QStringLiteral("usageError"));
    QVERIFY(error);
    QVERIFY(!error->isVisible());
    const QDateTime start = m_page->startTime();
    const QDateTime end = m_page->endTime();
    m_page->setRange(end, start);
    QTest::mouseClick(child<QPushButton>(QStringLiteral("usageRefresh")), Qt::LeftButton);
    QTRY_VERIFY(error->isVisible());
    // The service's message, as it comes.
    const auto refused = callEngine(*m_host, [start, end](SnapshotService &s) {
        return s.describeLiveSnapshotUsage(end, start);
    });
    QVERIFY(refused.has_value() && !refused->ok());
    QVERIFY2(error->text().contains(refused->error().message), qPrintable(error->text()));
    QCOMPARE(m_page->model()->rowCount(), 4);
    QCOMPARE(m_page->model()->totalSeconds(), Total);

    m_page->setRange(start, end);
    refreshAndWait();
    QVERIFY(!error->isVisible());
}

void TestUsagePage::exportShowsAWorkingLink()
{
    UsageExportPanel *panel = m_page->exportPanel();
    auto *location = child<QComboBox>(QStringLiteral("exportLocation"));
    auto *exportButton = child<QPushButton>(QStringLiteral("exportButton"));
    auto *busy = child<QProgressBar>(QStringLiteral("exportBusy"));
    auto *link = child<QLineEdit>(QStringLiteral("exportLink"));
    auto *copy = child<QPushButton>(QStringLiteral("copyLinkButton"));
    auto *timeLeft = child<QLabel>(QStringLiteral("linkTimeLeft"));
    QVERIFY(location && exportButton && busy && link && copy && timeLeft);
    QVERIFY(link->isReadOnly());
    QVERIFY(!copy->isEnabled());

    // The built-in local location is picked by default.
    QTRY_VERIFY(location->count() >= 1);
    const auto locations =
        callEngine(*m_host, [](SnapshotService &s) { return s.listStorageLocations(); });
    QVERIFY(locations && locations->ok());
    QString builtIn;
    for (const StorageLocation &l : locations->value()) {
        if (l.builtIn) {
            builtIn = l.locationId;
        }
    }
    QVERIFY(!builtIn.isEmpty());
    QCOMPARE(panel->selectedLocationId(), builtIn);

    QSignalSpy exported(panel, &UsageExportPanel::exported);
    QTest::mouseClick(exportButton, Qt::LeftButton);
    // Busy until the engine thread answers; the answer comes later through the event loop.
    QVERIFY(busy->isVisible());
    QVERIFY(!exportButton->isEnabled());
    QTRY_COMPARE(exported.size(), 1);
    QVERIFY(!busy->isVisible());
    QVERIFY(exportButton->isEnabled());

    m_link = QUrl(link->text());
    QVERIFY2(m_link.isValid() && m_link.scheme() == QStringLiteral("http"),
             qPrintable(link->text()));
    QCOMPARE(m_link, exported.at(0).at(0).toUrl());
    // Its time left comes from its ExpireTime: just under 30 minutes.
    const qint64 left = secondsIn(timeLeft->text());
    QVERIFY2(left <= 30 * 60 && left > 29 * 60, qPrintable(timeLeft->text()));
    QVERIFY(panel->linkExpireTime().isValid());

    // The link serves the CSV of the page's range (the file is named after the range).
    const QString stamp = QStringLiteral("yyyyMMdd'T'HHmmss'Z'");
    QVERIFY2(m_link.path().contains(m_page->startTime().toString(stamp) + QLatin1Char('_') +
                                    m_page->endTime().toString(stamp)),
             qPrintable(m_link.path()));
    const auto [status, body] = test::fetch(m_link);
    QCOMPARE(status, 200);
    QVERIFY2(body.startsWith("JobId,JobName,Date,StartTime,EndTime,DurationSeconds\r\n"),
             body.left(200).constData());
    QVERIFY(body.contains(QByteArray("\"" + m_nameA.toUtf8() + "\""))); // quoted: a comma
    QVERIFY(body.contains(m_nameB.toUtf8()));
    QVERIFY(body.contains(m_jobA.toUtf8()));
    QVERIFY(body.contains(m_jobB.toUtf8()));
    QList<QByteArray> lines = body.split('\n');
    qint64 csvSeconds = 0;
    for (int i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (!line.isEmpty()) {
            csvSeconds += line.mid(line.lastIndexOf(',') + 1).toLongLong();
        }
    }
    QCOMPARE(csvSeconds, Total);

    // Copy puts the link on the clipboard.
    QGuiApplication::clipboard()->clear();
    QVERIFY(copy->isEnabled());
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), m_link.toString());
    QVERIFY(child<QPushButton>(QStringLiteral("openLinkButton"))->isEnabled());
}

void TestUsagePage::linkCountsDownAndExpires()
{
    QVERIFY(m_link.isValid());
    UsageExportPanel *panel = m_page->exportPanel();
    auto *timeLeft = child<QLabel>(QStringLiteral("linkTimeLeft"));
    auto *exportButton = child<QPushButton>(QStringLiteral("exportButton"));
    auto *copy = child<QPushButton>(QStringLiteral("copyLinkButton"));
    auto *open = child<QPushButton>(QStringLiteral("openLinkButton"));
    panel->setClock(
        Clock([this] { return QDateTime::currentDateTimeUtc().addMSecs(m_clockOffsetMs); }));

    // It counts down by itself.
    const qint64 before = secondsIn(timeLeft->text());
    QVERIFY(before > 0);
    QTRY_VERIFY_WITH_TIMEOUT(secondsIn(timeLeft->text()) < before, 3000);

    // Past its ExpireTime the link is shown expired, and the button makes a new one.
    m_clockOffsetMs = QDateTime::currentDateTimeUtc().msecsTo(panel->linkExpireTime());
    QTRY_COMPARE_WITH_TIMEOUT(timeLeft->text(), QStringLiteral("expired"), 3000);
    QVERIFY(!copy->isEnabled());
    QVERIFY(!open->isEnabled());
    QVERIFY(exportButton->isEnabled());
    QVERIFY2(exportButton->text().contains(QStringLiteral("new")),
             qPrintable(exportButton->text()));

    m_clockOffsetMs = 0;
    QSignalSpy exported(panel, &UsageExportPanel::exported);
    QTest::mouseClick(exportButton, Qt::LeftButton);
    QTRY_COMPARE(exported.size(), 1);
    QVERIFY(exported.at(0).at(0).toUrl() != m_link);
    m_link = exported.at(0).at(0).toUrl();
    const qint64 left = secondsIn(timeLeft->text());
    QVERIFY2(left <= 30 * 60 && left > 29 * 60, qPrintable(timeLeft->text()));
    QVERIFY(copy->isEnabled());
    panel->setClock(Clock());
}

void TestUsagePage::failedExportShowsErrorAndKeepsLink()
{
    QVERIFY(m_link.isValid());
    UsageExportPanel *panel = m_page->exportPanel();
    auto *location = child<QComboBox>(QStringLiteral("exportLocation"));
    auto *error = child<QLabel>(QStringLiteral("exportError"));
    auto *link = child<QLineEdit>(QStringLiteral("exportLink"));
    auto *timeLeft = child<QLabel>(QStringLiteral("linkTimeLeft"));
    QVERIFY(error && !error->isVisible());

    // A local location whose folder cannot be made: its parent is a file.
    const QString blocker = m_dir.filePath(QStringLiteral("a-file"));
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    StorageLocation broken;
    broken.storageType = storage::Local;
    broken.bucket = QStringLiteral("broken");
    broken.path = blocker + QStringLiteral("/usage-folder");
    const auto added =
        test::awaitEngine<Result<QString>>(*m_host, [broken](SnapshotService &s, auto reply) {
            s.addStorageLocation(broken, StorageCredentials(), reply);
        });
    QVERIFY(added && added->ok());
    const QString brokenId = added->value();
    QTRY_VERIFY(location->findData(brokenId) >= 0);
    QVERIFY(panel->selectLocation(brokenId));

    QSignalSpy failed(panel, &UsageExportPanel::exportFailed);
    QTest::mouseClick(child<QPushButton>(QStringLiteral("exportButton")), Qt::LeftButton);
    QTRY_COMPARE(failed.size(), 1);
    const QString message = failed.at(0).at(0).toString();
    QVERIFY(!message.isEmpty());
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(message), qPrintable(error->text()));
    // The previous link is still there and still counting.
    QCOMPARE(link->text(), m_link.toString());
    QCOMPARE(panel->linkUrl(), m_link);
    const qint64 left = secondsIn(timeLeft->text());
    QVERIFY2(left > 29 * 60, qPrintable(timeLeft->text()));
    QVERIFY(child<QPushButton>(QStringLiteral("copyLinkButton"))->isEnabled());
    QCOMPARE(panel->selectedLocationId(), brokenId);
    QCOMPARE(test::fetch(m_link).first, 200);

    // A deleted location leaves the list, and the default is picked again.
    const auto deleted =
        test::awaitEngine<Status>(*m_host, [brokenId](SnapshotService &s, auto reply) {
            s.deleteStorageLocation(brokenId, reply);
        });
    QVERIFY(deleted && deleted->ok());
    QTRY_COMPARE(location->findData(brokenId), -1);
    QVERIFY(!panel->selectedLocationId().isEmpty());
    QVERIFY(panel->selectedLocationId() != brokenId);

    // A good export clears the error.
    QSignalSpy exported(panel, &UsageExportPanel::exported);
    QTest::mouseClick(child<QPushButton>(QStringLiteral("exportButton")), Qt::LeftButton);
    QTRY_COMPARE(exported.size(), 1);
    QVERIFY(!error->isVisible());
}

void TestUsagePage::chartGroupsJobsBeyondTheLimit()
{
    // More jobs than the chart gives sets (14, the 13+ of the defect): job i ran i + 1 minutes
    // on one day of 2020.
    const int jobs = qMax(UsageChart::MaxJobSets + 2, 14);
    const int shared = jobs - UsageChart::MaxJobSets;
    const QDateTime day(QDate(2020, 3, 2), QTime(0, 0), QTimeZone::utc());
    for (int i = 0; i < jobs; ++i) {
        const qint64 start = day.toMSecsSinceEpoch() + i * Hour;
        addUsage(QStringLiteral("many-%1").arg(i, 2, 10, QLatin1Char('0')),
                 QStringLiteral("many %1").arg(i), start, start + (i + 1) * Minute);
    }
    m_page->setRange(day.addDays(-1), day.addDays(6));
    refreshAndWait();
    QCOMPARE(m_page->model()->rowCount(), jobs); // the table lists every job
    const auto summary = describe(m_page->startTime(), m_page->endTime());
    QVERIFY(summary.has_value());
    QCOMPARE(m_page->model()->totalSeconds(), summary->totalSeconds);

    UsageChart *chart = m_page->chart();
    const int column = int(chart->categoryDates().indexOf(day.date()));
    QVERIFY(column >= 0);
    const QList<QBarSet *> sets = chart->series()->barSets();
    QCOMPARE(sets.size(), UsageChart::MaxJobSets + 1);
    double shownSeconds = 0;
    for (QBarSet *set : sets) {
        const QString jobId = set->property(UsageChart::JobIdProperty).toString();
        const double seconds = set->at(column) * chart->secondsPerUnit();
        shownSeconds += seconds;
        if (jobId.isEmpty()) {
            // The shortest runs (1, 2, ... minutes) share the last set.
            const double expected = shared * (shared + 1) / 2 * 60.0;
            QVERIFY2(qAbs(seconds - expected) < 0.01, qPrintable(QString::number(seconds)));
            QVERIFY2(set->label().contains(QString::number(shared)), qPrintable(set->label()));
            continue;
        }
        const int i = jobId.mid(5).toInt();
        QVERIFY2(i >= shared, qPrintable(jobId));
        QVERIFY2(qAbs(seconds - (i + 1) * 60) < 0.01, qPrintable(jobId));
    }
    QVERIFY(qAbs(shownSeconds - double(summary->totalSeconds)) < 0.1);

    // Defect: at 13 jobs the legend read "c… c… g… si…". Every entry has the room of its name.
    QLegend *legend = chart->chart()->legend();
    QVERIFY(legend->isVisible());
    const QFontMetrics metrics(legend->font());
    const QRectF area = legend->geometry();
    const int markerRoom = metrics.height() * 2; // the colour box and the gaps around it
    int widest = 0;
    int sum = 0;
    for (QBarSet *set : sets) {
        const int room = metrics.horizontalAdvance(set->label()) + markerRoom;
        widest = qMax(widest, room);
        sum += room;
    }
    if (legend->alignment() & (Qt::AlignTop | Qt::AlignBottom)) {
        QVERIFY2(sum <= area.width(), qPrintable(QStringLiteral("%1 entries need %2 px, have %3")
                                                     .arg(sets.size())
                                                     .arg(sum)
                                                     .arg(area.width())));
    } else {
        QVERIFY2(widest <= area.width(),
                 qPrintable(QStringLiteral("%1 > %2").arg(widest).arg(area.width())));
        QVERIFY2(
            sets.size() * metrics.height() <= area.height(),
            qPrintable(QStringLiteral("%1 lines in %2 px").arg(sets.size()).arg(area.height())));
    }
    // The table lists them by name within the day (the service lists them by id).
    m_page->view()->sortByColumn(UsageTableModel::DateColumn, Qt::AscendingOrder);
    QStringList shownNames;
    for (int row = 0; row < m_page->view()->model()->rowCount(); ++row) {
        shownNames << m_page->view()
                          ->model()
                          ->index(row, UsageTableModel::JobNameColumn)
                          .data()
                          .toString();
    }
    QStringList sortedNames = shownNames;
    std::sort(sortedNames.begin(), sortedNames.end(), [](const QString &a, const QString &b) {
        return QString::localeAwareCompare(a, b) < 0;
    });
    QCOMPARE(shownNames, sortedNames);
}

// Defect: the chart stayed white under a dark theme.
void TestUsagePage::chartFollowsADarkPalette()
{
    UsageChart *chart = m_page->chart();
    const QPalette light = chart->palette();
    QPalette dark = light;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
    chart->setPalette(dark);
    QVERIFY(chart->chart()->backgroundBrush().color().lightness() < 80);
    QVERIFY(chart->chart()->legend()->labelColor().lightness() > 180);
    QVERIFY(chart->chart()->titleBrush().color().lightness() > 180);
    const auto axes = chart->chart()->axes();
    QVERIFY(!axes.isEmpty());
    for (QAbstractAxis *axis : axes) {
        QVERIFY(axis->labelsBrush().color().lightness() > 180);
    }
    // A chart drawn afresh (new axes) under the dark palette stays dark.
    m_page->setRange(m_midnight.addDays(-1), m_midnight.addDays(2));
    refreshAndWait();
    for (QAbstractAxis *axis : chart->chart()->axes()) {
        QVERIFY(axis->labelsBrush().color().lightness() > 180);
    }
    const QImage shot = chart->grab().toImage();
    QVERIFY(QColor(shot.pixel(shot.width() / 2, 3)).lightness() < 80);

    chart->setPalette(light);
    QVERIFY(chart->chart()->backgroundBrush().color().lightness() > 180);
    QVERIFY(chart->chart()->legend()->labelColor().lightness() < 100);
}

// Defect: typing digits into the "To" field did nothing.
void TestUsagePage::typingDigitsIntoTheTimeFieldsWorks()
{
    m_page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    for (const QString &name : {QStringLiteral("usageEnd"), QStringLiteral("usageStart")}) {
        auto *edit = child<QDateTimeEdit>(name);
        QVERIFY(edit);
        edit->setDateTime(QDateTime(QDate(2026, 3, 10), QTime(0, 0), QTimeZone::utc()));
        // Click into a section (the cursor lands between its digits), then type.
        auto *line = edit->findChild<QLineEdit *>();
        QVERIFY(line);
        const QFontMetrics metrics(line->font());
        auto clickAt = [&](const QString &before) {
            const int x = metrics.horizontalAdvance(before) + 3; // past the frame, mid-digit
            QTest::mouseClick(line, Qt::LeftButton, {}, QPoint(x, line->height() / 2));
            QTest::qWait(20); // the user's hand moves to the keys: events are processed
        };
        clickAt(QStringLiteral("2026-03-10 0"));
        QCOMPARE(edit->currentSection(), QDateTimeEdit::HourSection);
        QTest::keyClicks(edit, QStringLiteral("15"));
        QCOMPARE(edit->dateTime().toUTC().time().hour(), 15);
        clickAt(QStringLiteral("2026-03-1"));
        QCOMPARE(edit->currentSection(), QDateTimeEdit::DaySection);
        QTest::keyClicks(edit, QStringLiteral("04"));
        QCOMPARE(edit->dateTime().toUTC().date(), QDate(2026, 3, 4));
        clickAt(QStringLiteral("2026-03-04 15:0"));
        QCOMPARE(edit->currentSection(), QDateTimeEdit::MinuteSection);
        QTest::keyClicks(edit, QStringLiteral("45"));
        QCOMPARE(edit->dateTime().toUTC(),
                 QDateTime(QDate(2026, 3, 4), QTime(15, 45), QTimeZone::utc()));
        QCOMPARE(edit->text(), QStringLiteral("2026-03-04 15:45"));
    }
}

// Ctrl+F on the Usage tab.
void TestUsagePage::focusFilterFocusesTheJobFilter()
{
    m_page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
    m_page->view()->setFocus();
    QVERIFY(!m_page->findChild<UsageJobFilter *>()->hasFocus());
    m_page->focusFilter();
    QVERIFY(m_page->findChild<UsageJobFilter *>()->hasFocus());
}

QTEST_MAIN(TestUsagePage)
#include "tst_usagepage.moc"
