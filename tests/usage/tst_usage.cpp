// Usage metering (heartbeats, midnight splits, a killed engine), the report and the CSV export
// behind a 30-minute link.
#include "../support/Await.h"
#include "../support/HttpFetch.h"
#include "../support/LocalJobs.h"
#include "catalog/Schema.h"
#include "engine/Engine.h"
#include "usage/UsageReport.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTimer>

#include <csignal>

using namespace livesnap;

namespace {

qint64 at(int y, int mo, int d, int h, int mi, int s)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), QTimeZone::utc()).toMSecsSinceEpoch();
}

QDateTime utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
}

QString submitStarted(SnapshotService &service, const QString &name)
{
    return test::startLocalJob(service, schema::SystemRealtime60s, name,
                               QStringLiteral("rtmp://127.0.0.1:1/live/none"));
}

QList<UsagePiece> piecesNamed(const QStringList &names)
{
    QList<UsagePiece> pieces;
    for (int i = 0; i < names.size(); ++i) {
        pieces.append(UsagePiece{QStringLiteral("job%1").arg(i), names.at(i), QDate(2026, 11, 25),
                                 at(2026, 11, 25, 1, i, 0), at(2026, 11, 25, 1, i, 30)});
    }
    return pieces;
}

// The rows as Python's csv module reads them (an independent RFC 4180 reader); empty on failure.
QJsonArray readWithPython(const QByteArray &csv)
{
    QProcess python;
    python.start(QStringLiteral("python3"),
                 {QStringLiteral("-c"),
                  QStringLiteral("import csv,io,json,sys; data=sys.stdin.buffer.read()."
                                 "decode('utf-8'); print(json.dumps(list(csv.reader("
                                 "io.StringIO(data, newline='')))))")});
    python.write(csv);
    python.closeWriteChannel();
    if (!python.waitForFinished(20000) || python.exitCode() != 0) {
        return {};
    }
    return QJsonDocument::fromJson(python.readAllStandardOutput()).array();
}

} // namespace

class TestUsage : public QObject {
    Q_OBJECT

private slots:
    void splitsAtUtcMidnightAndClips()
    {
        const QList<UsageInterval> intervals{
            {QStringLiteral("a"), QStringLiteral("cam a"), at(2026, 11, 24, 23, 59, 30),
             at(2026, 11, 25, 0, 0, 45)},
            {QStringLiteral("b"), QStringLiteral("cam b"), at(2026, 11, 25, 10, 0, 0),
             at(2026, 11, 25, 10, 10, 0)},
        };
        const auto pieces =
            usage::split(intervals, at(2026, 11, 24, 0, 0, 0), at(2026, 11, 25, 10, 5, 0));
        QCOMPARE(pieces.size(), 3);
        QCOMPARE(pieces.at(0).date, QDate(2026, 11, 24));
        QCOMPARE(pieces.at(0).durationSeconds(), 30);
        QCOMPARE(pieces.at(1).date, QDate(2026, 11, 25));
        QCOMPARE(pieces.at(1).durationSeconds(), 45);
        QCOMPARE(pieces.at(2).durationSeconds(), 300); // clipped at 10:05
        const auto days = usage::perJobAndDay(pieces);
        QCOMPARE(days.size(), 3);
        QCOMPARE(days.at(0).jobId, QStringLiteral("a"));
        QCOMPARE(days.at(0).durationSeconds, 30);
    }

    void csvReadsBackWithAParser()
    {
        const QStringList names{QStringLiteral("lobby, east"), QStringLiteral("the \"big\" one"),
                                QStringLiteral("two\nlines\r\nhere"), QStringLiteral("北门摄像头")};
        const QList<UsagePiece> pieces = piecesNamed(names);
        const QJsonArray rows = readWithPython(usage::toCsv(pieces));
        QCOMPARE(rows.size(), names.size() + 1);
        QCOMPARE(rows.at(0).toArray().at(5).toString(), QStringLiteral("DurationSeconds"));
        for (int i = 0; i < names.size(); ++i) {
            const QJsonArray row = rows.at(i + 1).toArray();
            QCOMPARE(row.size(), 6);
            QCOMPARE(row.at(0).toString(), QStringLiteral("job%1").arg(i));
            QCOMPARE(row.at(1).toString(), names.at(i));
            QCOMPARE(row.at(2).toString(), QStringLiteral("2026-11-25"));
            QCOMPARE(row.at(5).toString(), QStringLiteral("30"));
        }
    }

    // OWASP CSV injection: a spreadsheet must see these names as text, not run them.
    void csvNeutralisesFormulas()
    {
        const QStringList formulas{QStringLiteral("=HYPERLINK(\"http://evil.example/\",\"x\")"),
                                   QStringLiteral("+1+cmd|' /C calc'!A0"),
                                   QStringLiteral("-2+3"),
                                   QStringLiteral("@SUM(1,2)"),
                                   QStringLiteral("\t=1+1"),
                                   QStringLiteral("\r=1+1")};
        const QStringList harmless{QStringLiteral("a=b"), QStringLiteral("cam-1"),
                                   QStringLiteral("'quoted"), QStringLiteral(" =spaced")};
        const QByteArray csv = usage::toCsv(piecesNamed(formulas + harmless));
        // Each neutralised cell is quoted too, so every reader keeps the leading quote as text.
        QVERIFY(csv.contains(",\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"x\"\")\","));
        QVERIFY(csv.contains(",\"'-2+3\","));
        const QJsonArray rows = readWithPython(csv);
        QCOMPARE(rows.size(), formulas.size() + harmless.size() + 1);
        for (int i = 0; i < formulas.size(); ++i) {
            const QJsonArray row = rows.at(i + 1).toArray();
            QCOMPARE(row.size(), 6);
            QCOMPARE(row.at(1).toString(), QLatin1Char('\'') + formulas.at(i));
        }
        for (int i = 0; i < harmless.size(); ++i) {
            QCOMPARE(rows.at(formulas.size() + i + 1).toArray().at(1).toString(), harmless.at(i));
        }
        // No cell of any row starts like a formula any more.
        for (const QJsonValue &row : rows) {
            for (const QJsonValue &cell : row.toArray()) {
                const QString text = cell.toString();
                QVERIFY2(text.isEmpty() || !QStringLiteral("=+-@\t\r").contains(text.front()),
                         qPrintable(text));
            }
        }
    }

    void heartbeatsMeterAcrossMidnight()
    {
        QTemporaryDir dir;
        qint64 now = at(2026, 11, 25, 23, 59, 50);
        Engine engine{DataDirectory(dir.path())};
        QVERIFY(engine.open(Clock([&] { return utc(now); })).ok());
        SnapshotService &service = *engine.service();
        const QString jobId = submitStarted(service, QStringLiteral("metered"));
        QVERIFY(!jobId.isEmpty());
        Supervisor supervisor(service, QStringLiteral("meter"), Supervisor::Options{});
        supervisor.tick(); // takes the job at 23:59:50
        for (int i = 0; i < 32; ++i) {
            now += 1000;
            supervisor.tick();
        }
        // 00:00:22 now; the last heartbeat was at 00:00:20.
        const QDateTime from = utc(at(2026, 11, 25, 0, 0, 0));
        const QDateTime to = utc(at(2026, 11, 27, 0, 0, 0));
        auto summary = service.describeLiveSnapshotUsage(from, to);
        QVERIFY(summary);
        QCOMPARE(summary->days.size(), 2);
        QCOMPARE(summary->days.at(0).date, QDate(2026, 11, 25));
        QCOMPARE(summary->days.at(0).durationSeconds, 10);
        QCOMPARE(summary->days.at(0).jobName, QStringLiteral("metered"));
        QCOMPARE(summary->days.at(1).durationSeconds, 20);
        QCOMPARE(summary->totalSeconds, 30);
        // Stopping closes the interval at the stop.
        now += 1500;
        QVERIFY(service.sendLiveSnapshotJobCommand(jobId, QStringLiteral("stop")).ok());
        supervisor.tick();
        QCOMPARE(service.describeLiveSnapshotUsage(from, to)->totalSeconds, 33);
        // Bad ranges are refused.
        QCOMPARE(service.describeLiveSnapshotUsage(to, from).error().code,
                 QStringLiteral("InvalidParameter.EndTime"));
        QCOMPARE(service.describeLiveSnapshotUsage(QDateTime(), to).error().code,
                 QStringLiteral("MissingParameter.StartTime"));
    }

    void killedEngineLosesAtMostOneHeartbeat()
    {
        const QString ctl = qEnvironmentVariable("LIVESNAPCTL");
        QVERIFY2(QFile::exists(ctl), qPrintable(ctl));
        QTemporaryDir dir;
        QString jobId;
        {
            Engine setup{DataDirectory(dir.path())};
            QVERIFY(setup.open().ok());
            jobId = submitStarted(*setup.service(), QStringLiteral("killed"));
            QVERIFY(!jobId.isEmpty());
        }
        QProcess serve;
        serve.start(ctl, {QStringLiteral("--data-dir"), dir.path(), QStringLiteral("serve")});
        QVERIFY(serve.waitForStarted());
        const qint64 started = QDateTime::currentMSecsSinceEpoch();
        QTest::qWait(13000);
        ::kill(pid_t(serve.processId()), SIGKILL);
        QVERIFY(serve.waitForFinished(5000));
        const qint64 ran = (QDateTime::currentMSecsSinceEpoch() - started) / 1000;
        Engine reader{DataDirectory(dir.path())};
        QVERIFY(reader.open().ok());
        auto summary = reader.service()->describeLiveSnapshotUsage(
            utc(started - 3600 * 1000), utc(started + 3600 * 1000), jobId);
        QVERIFY(summary);
        qInfo("ran %lld s, metered %lld s", ran, summary->totalSeconds);
        QVERIFY(summary->totalSeconds <= ran);
        // One heartbeat is 5 s; allow 1 s more for the engine's own start.
        QVERIFY2(summary->totalSeconds >= ran - 6,
                 qPrintable(QStringLiteral("%1 of %2 s").arg(summary->totalSeconds).arg(ran)));
    }

    void exportLinkLivesThirtyMinutes()
    {
        QTemporaryDir dir;
        qint64 now = QDateTime::currentMSecsSinceEpoch();
        Engine engine{DataDirectory(dir.path())};
        QVERIFY(engine.open(Clock([&] { return utc(now); })).ok());
        SnapshotService &service = *engine.service();
        QVERIFY(service
                    .sendLiveSnapshotJobCommand(submitStarted(service, QStringLiteral("a, \"b\"")),
                                                QStringLiteral("stop"))
                    .ok());
        Supervisor::Options options;
        options.tickMs = 100000; // the link server is what matters here
        engine.startSupervisor(QStringLiteral("export"), options);
        const qint64 askedAt = now;
        const SnapshotOutput output{QStringLiteral("local"), {}, QStringLiteral("default")};
        auto exportUsage = [&service, &output](const QDateTime &start, const QDateTime &end) {
            return test::await<Result<SignedLink>>(
                [&](auto reply) { service.exportLiveSnapshotUsage(start, end, output, reply); });
        };
        auto link = exportUsage(utc(now - 3600 * 1000), utc(now + 1000));
        QVERIFY2(link, link ? "" : qPrintable(link.error().message));
        QCOMPARE(link->expireTime.toSecsSinceEpoch(), askedAt / 1000 + 1800);
        auto [status, body] = test::fetch(link->url);
        QCOMPARE(status, 200);
        QVERIFY(body.startsWith("JobId,JobName,Date,StartTime,EndTime,DurationSeconds\r\n"));
        QUrl tampered = link->url;
        tampered.setPath(link->url.path().replace(QStringLiteral(".csv"), QStringLiteral("x.csv")));
        QCOMPARE(test::fetch(tampered).first, 403);
        // Asking again makes a new file and link.
        now += 1000;
        auto again = exportUsage(utc(now - 3600 * 1000), utc(now));
        QVERIFY(again);
        QVERIFY(again->url != link->url);
        // 30 minutes later the first link is refused.
        now = askedAt + 1800 * 1000;
        QCOMPARE(test::fetch(link->url).first, 403);
        now = askedAt + 1799 * 1000 - (askedAt % 1000);
        QCOMPARE(test::fetch(link->url).first, 200);
    }
};

QTEST_GUILESS_MAIN(TestUsage)
#include "tst_usage.moc"
