// Three `livesnapctl serve` engines, each with its own data directory, share one PostgreSQL
// catalog (tests/support/PostgresServer) and capture from nginx-rtmp: twelve jobs started at
// once spread over all three (ListEngines: three alive engines whose JobCount adds up to 12) and
// record snapshots; after `kill -9` of one engine, the other two run its jobs within 30 s (a new
// EngineId on each, new snapshots recorded).
#include "../support/Livesnapctl.h"
#include "../support/PostgresServer.h"
#include "../support/RtmpServer.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

namespace test = livesnap::test;

class TestSharedCatalog : public QObject {
    Q_OBJECT

private:
    struct JobView {
        QString engineId;
        qint64 lastSequence = 0;
    };

    QString m_ctl = qEnvironmentVariable("LIVESNAPCTL");
    QTemporaryDir m_dir;
    QString m_catalog;

    QJsonObject ctl(const QStringList &args, int *exitCode = nullptr)
    {
        return test::runCtl(m_ctl, m_dir.filePath(QStringLiteral("client")),
                            QStringList{QStringLiteral("--catalog"), m_catalog} + args, exitCode);
    }

    // Every job: the engine running it and its last sequence number.
    QHash<QString, JobView> jobs()
    {
        QHash<QString, JobView> out;
        const QJsonObject list = ctl({QStringLiteral("ListLiveSnapshotJobs"),
                                      QStringLiteral("--PageSize"), QStringLiteral("100")});
        for (const QJsonValue &v : list.value(QStringLiteral("JobList")).toArray()) {
            const QJsonObject job = v.toObject();
            out.insert(job.value(QStringLiteral("JobId")).toString(),
                       JobView{job.value(QStringLiteral("EngineId")).toString(),
                               job.value(QStringLiteral("LastSequence")).toInteger()});
        }
        return out;
    }

    // The alive engines and their job counts.
    QHash<QString, int> aliveEngines()
    {
        QHash<QString, int> out;
        for (const QJsonValue &v :
             ctl({QStringLiteral("ListEngines")}).value(QStringLiteral("Engines")).toArray()) {
            const QJsonObject e = v.toObject();
            if (e.value(QStringLiteral("Alive")).toBool()) {
                out.insert(e.value(QStringLiteral("EngineId")).toString(),
                           e.value(QStringLiteral("JobCount")).toInt());
            }
        }
        return out;
    }

    static int sum(const QHash<QString, int> &counts)
    {
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        return n;
    }

private slots:
    void jobsSpreadAndSurviveAKilledEngine();
};

void TestSharedCatalog::jobsSpreadAndSurviveAKilledEngine()
{
    QVERIFY(!m_ctl.isEmpty());
    test::PostgresServer postgres;
    QVERIFY2(postgres.start(), qPrintable(postgres.error()));
    QVERIFY(postgres.createDatabase(QStringLiteral("shared")));
    m_catalog = postgres.url(QStringLiteral("shared"));

    test::RtmpServer rtmp;
    QVERIFY2(rtmp.start(), qPrintable(rtmp.errorString()));
    test::RtmpServer::PublisherOptions options;
    options.width = 320;
    options.height = 180;
    options.fps = 15;
    options.gopSeconds = 1;
    const QStringList streams{QStringLiteral("north"), QStringLiteral("south")};
    for (const QString &stream : streams) {
        auto *publisher = rtmp.startPublisher(stream, options);
        QVERIFY2(publisher, qPrintable(rtmp.errorString()));
        QVERIFY2(rtmp.waitForPublishing(publisher), qPrintable(rtmp.errorLog()));
    }

    int rc = -1;
    const QJsonObject tpl =
        ctl({QStringLiteral("CreateLiveSnapshotTemplate"), QStringLiteral("--TemplateName"),
             QStringLiteral("every5"), QStringLiteral("--TimeInterval"), QStringLiteral("5"),
             QStringLiteral("--SequenceFormat"), QStringLiteral("snapshot/{JobId}/{Sequence}.jpg")},
            &rc);
    QCOMPARE(rc, 0);
    const QString templateId = tpl.value(QStringLiteral("TemplateId")).toString();

    // Three engines, each with its own data directory (its spool and local folder).
    std::vector<std::unique_ptr<QProcess>> engines;
    for (int i = 0; i < 3; ++i) {
        auto serve = std::make_unique<QProcess>();
        serve->setProcessChannelMode(QProcess::MergedChannels);
        serve->setStandardOutputFile(m_dir.filePath(QStringLiteral("engine%1.log").arg(i)));
        serve->start(m_ctl, {QStringLiteral("--data-dir"),
                             m_dir.filePath(QStringLiteral("engine%1").arg(i)),
                             QStringLiteral("--catalog"), m_catalog, QStringLiteral("serve"),
                             QStringLiteral("--lease-ttl"), QStringLiteral("5")});
        QVERIFY(serve->waitForStarted());
        engines.push_back(std::move(serve));
    }
    QTRY_COMPARE_WITH_TIMEOUT(aliveEngines().size(), 3, 20000);

    QJsonArray ids;
    for (int i = 0; i < 12; ++i) {
        const QJsonObject job =
            ctl({QStringLiteral("SubmitLiveSnapshotJob"), QStringLiteral("--JobName"),
                 QStringLiteral("cam%1").arg(i), QStringLiteral("--TemplateId"), templateId,
                 QStringLiteral("--StreamInput"),
                 QString::fromUtf8(test::compactJson(
                     {{QStringLiteral("Type"), QStringLiteral("rtmp")},
                      {QStringLiteral("Url"), rtmp.url(streams.at(i % streams.size()))}}))});
        QVERIFY2(job.contains(QStringLiteral("JobId")), test::compactJson(job).constData());
        ids.append(job.value(QStringLiteral("JobId")));
    }
    ctl({QStringLiteral("SendLiveSnapshotJobCommand"), QStringLiteral("--Command"),
         QStringLiteral("start"), QStringLiteral("--JobIds"),
         QString::fromUtf8(QJsonDocument(ids).toJson(QJsonDocument::Compact))},
        &rc);
    QCOMPARE(rc, 0);

    // All taken, spread over the three, each job with a snapshot.
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 const QHash<QString, int> alive = aliveEngines();
                                 if (alive.size() != 3 || sum(alive) != 12) {
                                     return false;
                                 }
                                 for (int count : alive) {
                                     if (count < 1) {
                                         return false;
                                     }
                                 }
                                 const auto all = jobs();
                                 return std::all_of(
                                     all.cbegin(), all.cend(), [&](const JobView &j) {
                                         return alive.contains(j.engineId) && j.lastSequence >= 1;
                                     });
                             }()),
                             40000);
    const QHash<QString, JobView> before = jobs();
    QCOMPARE(before.size(), 12);
    qInfo() << "jobs per engine:" << aliveEngines();

    // kill -9 the engine whose pid ListEngines gives for one of them.
    const QString victim = before.cbegin()->engineId;
    qint64 victimPid = 0;
    for (const QJsonValue &v :
         ctl({QStringLiteral("ListEngines")}).value(QStringLiteral("Engines")).toArray()) {
        if (v.toObject().value(QStringLiteral("EngineId")).toString() == victim) {
            victimPid = v.toObject().value(QStringLiteral("Pid")).toInteger();
        }
    }
    QProcess *killed = nullptr;
    for (auto &e : engines) {
        if (e->processId() == victimPid) {
            killed = e.get();
        }
    }
    QVERIFY2(killed, qPrintable(victim));
    QStringList moved;
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        if (it->engineId == victim) {
            moved << it.key();
        }
    }
    QVERIFY(!moved.isEmpty());
    QElapsedTimer sinceKill;
    killed->kill(); // SIGKILL: no goodbye, its leases run out
    sinceKill.start();
    QVERIFY(killed->waitForFinished(5000));

    // Within 30 s each of its jobs runs on another engine and records new snapshots.
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 const auto now = jobs();
                                 for (const QString &id : moved) {
                                     const JobView j = now.value(id);
                                     if (j.engineId.isEmpty() || j.engineId == victim ||
                                         j.lastSequence <= before.value(id).lastSequence) {
                                         return false;
                                     }
                                 }
                                 return true;
                             }()),
                             30000);
    qInfo() << "its" << moved.size() << "job(s) captured elsewhere" << sinceKill.elapsed()
            << "ms after the kill";
    QVERIFY2(sinceKill.elapsed() < 30000, qPrintable(QString::number(sinceKill.elapsed())));
    // The two survivors hold all twelve; the dead engine stays listed (not alive) until pruned.
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 const QHash<QString, int> alive = aliveEngines();
                                 return alive.size() == 2 && !alive.contains(victim) &&
                                        sum(alive) == 12;
                             }()),
                             20000);
    const auto after = jobs();
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        QVERIFY2(!it->engineId.isEmpty() && it->engineId != victim, qPrintable(it.key()));
    }

    for (auto &e : engines) {
        if (e.get() != killed) {
            e->terminate();
            QVERIFY(e->waitForFinished(20000));
        }
    }
    QTRY_COMPARE_WITH_TIMEOUT(aliveEngines().size(), 0, 5000);
}

QTEST_GUILESS_MAIN(TestSharedCatalog)
#include "tst_sharedcatalog.moc"
