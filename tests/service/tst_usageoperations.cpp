#include "ServiceFixture.h"
#include "catalog/UsageRepository.h"

#include <QDir>
#include <QTest>

using namespace livesnap;

// UsageOperations over a real catalog (usage intervals as engines record them) and the built-in
// local folder.
class TestUsageOperations : public QObject {
    Q_OBJECT

private:
    test::ServiceFixture m_fx;

    ServiceAreas &a() { return m_fx.areas(); }

    Result<SignedLink> exportUsage(const QDateTime &start, const QDateTime &end,
                                   const SnapshotOutput &output)
    {
        return test::await<Result<SignedLink>>(
            [&](auto reply) { a().usage.exportLiveSnapshotUsage(start, end, output, reply); });
    }
    static QDateTime utc(const QString &iso)
    {
        return QDateTime::fromString(iso, Qt::ISODate).toUTC();
    }
    // One job ran from 23:00 on 1 March to 01:00 on 2 March (UTC).
    void recordOneRun()
    {
        UsageRepository usage(m_fx.catalog());
        const qint64 start = utc(QStringLiteral("2026-03-01T23:00:00Z")).toMSecsSinceEpoch();
        QVERIFY(
            usage
                .open(QStringLiteral("job-1"), QStringLiteral("lobby"), QStringLiteral("me"), start)
                .ok());
        QVERIFY(usage.extend(QStringLiteral("job-1"), start, start + 2 * 3600 * 1000).ok());
    }

private slots:
    void init() { QVERIFY(m_fx.reset()); }

    void describesPerJobAndDay()
    {
        recordOneRun();
        const QDateTime from = utc(QStringLiteral("2026-03-01T00:00:00Z"));
        const QDateTime to = utc(QStringLiteral("2026-03-03T00:00:00Z"));
        auto all = a().usage.describeLiveSnapshotUsage(from, to);
        QVERIFY(all);
        QCOMPARE(all->totalSeconds, 7200);
        QCOMPARE(all->days.size(), 2);
        QCOMPARE(all->days.at(0).durationSeconds, 3600);
        QCOMPARE(all->days.at(0).jobName, QStringLiteral("lobby"));
        QCOMPARE(
            a().usage.describeLiveSnapshotUsage(from, to, QStringLiteral("other"))->totalSeconds,
            0);
        // Within the range only.
        auto firstDay =
            a().usage.describeLiveSnapshotUsage(from, utc(QStringLiteral("2026-03-02T00:00:00Z")));
        QCOMPARE(firstDay->totalSeconds, 3600);
    }

    void badRangesAreRefused()
    {
        const QDateTime from = utc(QStringLiteral("2026-03-01T00:00:00Z"));
        QCOMPARE(a().usage.describeLiveSnapshotUsage(QDateTime(), from).error().code,
                 QStringLiteral("MissingParameter.StartTime"));
        QCOMPARE(a().usage.describeLiveSnapshotUsage(from, QDateTime()).error().code,
                 QStringLiteral("MissingParameter.EndTime"));
        QCOMPARE(a().usage.describeLiveSnapshotUsage(from, from).error().code,
                 QStringLiteral("InvalidParameter.EndTime"));
        QCOMPARE(a().usage.describeLiveSnapshotUsage(from, from.addDays(367)).error().code,
                 QStringLiteral("InvalidParameter.EndTime"));
        QCOMPARE(exportUsage(from, from, test::ServiceFixture::defaultOutput()).error().code,
                 QStringLiteral("InvalidParameter.EndTime"));
        SnapshotOutput nowhere = test::ServiceFixture::defaultOutput();
        nowhere.bucket = QStringLiteral("nope");
        QCOMPARE(exportUsage(from, from.addDays(1), nowhere).error().code,
                 QStringLiteral("StorageLocationNotFound"));
    }

    // The CSV goes under usage/ in the location; its link lives 30 minutes.
    void exportsCsvWithLink()
    {
        recordOneRun();
        a().settings.setLinkServerPort(8124); // a local link needs a running link server
        const QDateTime before = m_fx.context().clock().now();
        auto link = exportUsage(utc(QStringLiteral("2026-03-01T00:00:00Z")),
                                utc(QStringLiteral("2026-03-03T00:00:00Z")),
                                test::ServiceFixture::defaultOutput());
        QVERIFY2(link, link ? "" : qPrintable(link.error().message));
        QCOMPARE(link->url.port(), 8124);
        QVERIFY(before.secsTo(link->expireTime) >= 30 * 60);
        QVERIFY(before.secsTo(link->expireTime) <= 30 * 60 + 5);
        const QDir usageDir(m_fx.filePath(QStringLiteral("storage/default/usage")));
        const QStringList csvs = usageDir.entryList({QStringLiteral("*.csv")}, QDir::Files);
        QCOMPARE(csvs.size(), 1);
        QFile csv(usageDir.filePath(csvs.first()));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QVERIFY(csv.readAll().contains("lobby"));
    }
};

QTEST_GUILESS_MAIN(TestUsageOperations)
#include "tst_usageoperations.moc"
