// livesnapctl with engines: ListEngines shows a running `serve` (and forgets it once it stopped),
// jobs name their engine's host, and on one PostgreSQL catalog the running-jobs limit holds when
// many livesnapctl processes start jobs at the same moment.
#include "../support/PostgresServer.h"

#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using livesnap::test::PostgresServer;

class TestLivesnapctlEngines : public QObject {
    Q_OBJECT

private:
    struct Run {
        int exitCode = -1;
        QJsonObject json;
        QByteArray out;
    };

    QString m_binary = qEnvironmentVariable("LIVESNAPCTL");
    std::unique_ptr<QTemporaryDir> m_dir;

    QStringList global(const QString &catalog) const
    {
        QStringList args{QStringLiteral("--data-dir"), m_dir->path()};
        if (!catalog.isEmpty()) {
            args << QStringLiteral("--catalog") << catalog;
        }
        return args;
    }

    static Run finish(QProcess &p)
    {
        Run r;
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.exitCode = p.exitCode();
        r.out = p.readAllStandardOutput();
        r.json = QJsonDocument::fromJson(r.out).object();
        return r;
    }

    Run ctl(const QStringList &args, const QString &catalog = QString())
    {
        QProcess p;
        p.start(m_binary, global(catalog) + args);
        return finish(p);
    }

    QString submitJob(const QString &name, const QString &catalog = QString())
    {
        const Run r =
            ctl({QStringLiteral("SubmitLiveSnapshotJob"), QStringLiteral("--JobName"), name,
                 QStringLiteral("--TemplateId"), QStringLiteral("system-overwrite-5s"),
                 QStringLiteral("--StreamInput"),
                 QStringLiteral("{\"Type\":\"rtmp\",\"Url\":\"rtmp://127.0.0.1:1/live/%1\"}")
                     .arg(name)},
                catalog);
        return r.json.value(QStringLiteral("JobId")).toString();
    }

    QJsonArray engines(const QString &catalog = QString())
    {
        return ctl({QStringLiteral("ListEngines")}, catalog)
            .json.value(QStringLiteral("Engines"))
            .toArray();
    }

private slots:
    void initTestCase() { QVERIFY2(QFile::exists(m_binary), qPrintable(m_binary)); }
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }

    void listEnginesShowsARunningServe()
    {
        Run r = ctl({QStringLiteral("ListEngines")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json.value(QStringLiteral("Engines")).toArray().size(), 0);
        QCOMPARE(r.json.value(QStringLiteral("TotalCount")).toInt(), 0);
        QVERIFY(!r.json.value(QStringLiteral("RequestId")).toString().isEmpty());
        QVERIFY(ctl({QStringLiteral("--help")}).out.contains("ListEngines"));
        QCOMPARE(ctl({QStringLiteral("ListEngines"), QStringLiteral("--Foo"), QStringLiteral("1")})
                     .exitCode,
                 2);

        const QString jobId = submitJob(QStringLiteral("cam1"));
        QVERIFY(!jobId.isEmpty());
        QCOMPARE(ctl({QStringLiteral("SendLiveSnapshotJobCommand"), QStringLiteral("--JobId"),
                      jobId, QStringLiteral("--Command"), QStringLiteral("start")})
                     .exitCode,
                 0);

        QProcess serve;
        serve.start(m_binary, global(QString()) +
                                  QStringList{QStringLiteral("serve"), QStringLiteral("--capacity"),
                                              QStringLiteral("7"), QStringLiteral("--lease-ttl"),
                                              QStringLiteral("5")});
        QVERIFY(serve.waitForStarted());
        QJsonObject engine;
        QTRY_VERIFY_WITH_TIMEOUT(
            ([&] {
                const QJsonArray list = engines();
                if (list.size() != 1 ||
                    list.first().toObject().value(QStringLiteral("JobCount")).toInt() != 1) {
                    return false;
                }
                engine = list.first().toObject();
                return true;
            }()),
            20000);
        QCOMPARE(engine.value(QStringLiteral("Host")).toString(), QHostInfo::localHostName());
        QCOMPARE(engine.value(QStringLiteral("Pid")).toInteger(), serve.processId());
        QCOMPARE(engine.value(QStringLiteral("Capacity")).toInt(), 7);
        QVERIFY(engine.value(QStringLiteral("Alive")).toBool());
        QVERIFY(engine.value(QStringLiteral("Capture")).toBool());
        QVERIFY(!engine.value(QStringLiteral("Version")).toString().isEmpty());
        QVERIFY(!engine.value(QStringLiteral("StartTime")).toString().isEmpty());
        QVERIFY(!engine.value(QStringLiteral("LastHeartbeat")).toString().isEmpty());
        const QString engineId = engine.value(QStringLiteral("EngineId")).toString();
        QVERIFY2(engineId.startsWith(QStringLiteral("serve@")), qPrintable(engineId));

        // The job names its engine and the host that engine runs on.
        r = ctl({QStringLiteral("GetLiveSnapshotJob"), QStringLiteral("--JobId"), jobId});
        QCOMPARE(r.json.value(QStringLiteral("EngineId")).toString(), engineId);
        QCOMPARE(r.json.value(QStringLiteral("EngineHost")).toString(), QHostInfo::localHostName());
        QCOMPARE(r.json.value(QStringLiteral("WaitingForHost")).toString(), QString());
        r = ctl({QStringLiteral("ListLiveSnapshotJobs")});
        QCOMPARE(r.json.value(QStringLiteral("JobList"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("EngineHost"))
                     .toString(),
                 QHostInfo::localHostName());

        // A clean stop unregisters it.
        serve.terminate();
        QVERIFY(serve.waitForFinished(20000));
        QCOMPARE(engines().size(), 0);
        r = ctl({QStringLiteral("GetLiveSnapshotJob"), QStringLiteral("--JobId"), jobId});
        QCOMPARE(r.json.value(QStringLiteral("EngineHost")).toString(), QString());
        QCOMPARE(r.json.value(QStringLiteral("StreamState")).toString(), QStringLiteral("waiting"));
    }

    // Twenty clients start twenty jobs at once against one PostgreSQL catalog whose limit is 10:
    // ten start, ten are told the limit is reached. (The limit is in the middle of the burst,
    // where most starts overlap.)
    void jobLimitHoldsUnderConcurrentStarts()
    {
        PostgresServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QVERIFY(server.createDatabase(QStringLiteral("limits")));
        const QString catalog = server.url(QStringLiteral("limits"));
        Run r = ctl({QStringLiteral("UpdateEngineSettings"), QStringLiteral("--MaxStartedJobs"),
                     QStringLiteral("10")},
                    catalog);
        QCOMPARE(r.exitCode, 0);
        QStringList ids;
        for (int i = 0; i < 20; ++i) {
            ids << submitJob(QStringLiteral("cam%1").arg(i), catalog);
            QVERIFY(!ids.last().isEmpty());
        }
        std::vector<std::unique_ptr<QProcess>> starts;
        for (const QString &id : ids) {
            auto p = std::make_unique<QProcess>();
            p->start(m_binary,
                     global(catalog) + QStringList{QStringLiteral("SendLiveSnapshotJobCommand"),
                                                   QStringLiteral("--JobId"), id,
                                                   QStringLiteral("--Command"),
                                                   QStringLiteral("start")});
            starts.push_back(std::move(p));
        }
        int started = 0;
        int refused = 0;
        for (auto &p : starts) {
            const Run done = finish(*p);
            if (done.exitCode == 0) {
                ++started;
            } else {
                QCOMPARE(done.exitCode, 2);
                QCOMPARE(done.json.value(QStringLiteral("Code")).toString(),
                         QStringLiteral("JobLimitExceeded"));
                ++refused;
            }
        }
        QCOMPARE(started, 10);
        QCOMPARE(refused, 10);
        r = ctl({QStringLiteral("ListLiveSnapshotJobs"), QStringLiteral("--Status"),
                 QStringLiteral("started")},
                catalog);
        QCOMPARE(r.json.value(QStringLiteral("TotalCount")).toInt(), 10);
    }
};

QTEST_GUILESS_MAIN(TestLivesnapctlEngines)
#include "tst_livesnapctlengines.moc"
