// The whole engine uploading to a real S3-compatible server (s3rver, on loopback) while the
// server goes away: stopped for 20 s mid-run, and stopped while the engine itself restarts with
// snapshots still in its spool. Every sequence number must end up in the catalog and in the
// store exactly once. s3rver checks no signature, so this covers transport and outages only
// (signatures are checked against moto_server in tst_s3store).
#include "../support/Await.h"
#include "../support/RtmpServer.h"
#include "../support/SnapshotFiles.h"
#include "engine/Engine.h"
#include "spool/Spool.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <turbojpeg.h>

#include <algorithm>
#include <memory>

using namespace livesnap;

namespace {

const QString Bucket = QStringLiteral("snaps");

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0)) {
        return 0;
    }
    return probe.serverPort();
}

// s3rver 3.7.1 (node, from tests/support/vectors/node_modules) on a fixed loopback port and
// directory, so that it can be stopped and started again with the same objects.
class S3rver {
public:
    S3rver() { m_process.setProcessChannelMode(QProcess::MergedChannels); }
    ~S3rver() { stop(); }
    S3rver(const S3rver &) = delete;
    S3rver &operator=(const S3rver &) = delete;

    // Empty on success, else why not.
    QString start(const QString &directory, quint16 port)
    {
        const QString vectors =
            qEnvironmentVariable("LIVESNAP_TEST_SUPPORT") + QStringLiteral("/vectors");
        const QString script = vectors + QStringLiteral("/node_modules/s3rver/bin/s3rver.js");
        if (!QFile::exists(script)) {
            return QStringLiteral("%1 is missing: run npm ci --prefix tests/support/vectors")
                .arg(script);
        }
        m_process.setWorkingDirectory(vectors);
        m_process.setStandardOutputFile(directory + QStringLiteral(".log"), QIODevice::Append);
        m_process.start(QStringLiteral("node"),
                        {script, QStringLiteral("--directory"), directory, QStringLiteral("--port"),
                         QString::number(port), QStringLiteral("--address"),
                         QStringLiteral("127.0.0.1"), QStringLiteral("--no-vhost-buckets"),
                         QStringLiteral("--configure-bucket"), Bucket});
        if (!m_process.waitForStarted(10000)) {
            return QStringLiteral("node does not start: ") + m_process.errorString();
        }
        // s3rver creates the bucket before it listens: a connection means it is ready.
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < 20000 && m_process.state() == QProcess::Running) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, port);
            if (socket.waitForConnected(500)) {
                return QString();
            }
            QTest::qWait(100);
        }
        return QStringLiteral("s3rver did not listen on port %1; see %2.log")
            .arg(port)
            .arg(directory);
    }

    // SIGTERM, as an operator or a service manager stops it.
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning) {
            return;
        }
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    bool isRunning() const { return m_process.state() == QProcess::Running; }

private:
    QProcess m_process;
};

bool decodesTo(const QByteArray &jpeg, int width, int height)
{
    tjhandle tj = tjInitDecompress();
    int w = 0, h = 0, sub = 0, colorspace = 0;
    const int rc =
        tjDecompressHeader3(tj, reinterpret_cast<const unsigned char *>(jpeg.constData()),
                            static_cast<unsigned long>(jpeg.size()), &w, &h, &sub, &colorspace);
    tjDestroy(tj);
    return rc == 0 && w == width && h == height;
}

} // namespace

class TestUploadOutage : public QObject {
    Q_OBJECT

private:
    test::RtmpServer m_rtmp;
    test::RtmpPublisher *m_publisher = nullptr;
    QTemporaryDir m_dataDir;
    QTemporaryDir m_s3Root;
    QString m_s3Dir; // s3rver's directory: <dir>/<bucket>/<key>._S3rver_object
    quint16 m_s3Port = 0;
    S3rver m_s3;
    std::unique_ptr<Engine> m_engine;
    QString m_jobId;
    QElapsedTimer m_clock;

    QString endpoint() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_s3Port); }

    std::unique_ptr<Engine> openEngine()
    {
        auto engine = std::make_unique<Engine>(DataDirectory(m_dataDir.path()));
        if (!engine->open().ok()) {
            return nullptr;
        }
        // Retries every 0.5 s doubling to 4 s: the outage ends within seconds of the store's
        // return, not after the default 60 s ceiling.
        engine->setUploadBackoff(500, 4000);
        return engine;
    }

    void startSupervisor(Engine &engine)
    {
        Supervisor::Options options;
        options.tickMs = 200;
        engine.startSupervisor(QStringLiteral("test"), options);
    }

    QList<SnapshotFile> realtimeFiles()
    {
        return test::realtimeFiles(*m_engine->service(), m_jobId);
    }

    qsizetype spooled() const
    {
        return Spool(DataDirectory(m_dataDir.path()).spoolPath()).scan().size();
    }

    QList<JobEvent> storageEvents()
    {
        QList<JobEvent> out;
        auto events = m_engine->service()->listLiveSnapshotJobEvents(m_jobId, 100);
        if (!events) {
            qWarning("cannot list the job's events: %s", qPrintable(events.error().message));
        } else {
            for (const JobEvent &e : *events) {
                if (e.kind == QLatin1String("storage")) {
                    out << e;
                }
            }
        }
        return out;
    }

    bool hasStorageEvent(const QString &containing)
    {
        const auto events = storageEvents();
        return std::any_of(events.cbegin(), events.cend(),
                           [&](const JobEvent &e) { return e.message.contains(containing); });
    }

    // The keys s3rver holds under snapshot/<JobId>/, read from its directory (not through our
    // store), with how often each occurs.
    QHash<QString, int> storedKeys() const
    {
        QHash<QString, int> keys;
        const QString bucketDir = m_s3Dir + QLatin1Char('/') + Bucket;
        const QString suffix = QStringLiteral("._S3rver_object");
        QDirIterator it(bucketDir + QStringLiteral("/snapshot/") + m_jobId, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (path.endsWith(suffix)) {
                const QString key =
                    QDir(bucketDir).relativeFilePath(path.left(path.size() - suffix.size()));
                keys[key] += 1;
            }
        }
        return keys;
    }

    qint64 pendingClaims()
    {
        QSqlQuery q(m_engine->catalog().database());
        q.prepare(QStringLiteral("SELECT COUNT(*) FROM pending_snapshots WHERE job_id = ?"));
        q.addBindValue(m_jobId);
        if (!q.exec() || !q.next()) {
            return -1;
        }
        return q.value(0).toLongLong();
    }

    // Stops the job and waits until everything it took is stored; then the catalog holds
    // sequences 1..N exactly once, and s3rver exactly those N objects, each a 640x360 JPEG.
    void stopAndVerifyExactlyOnce(qsizetype atLeast)
    {
        QVERIFY(
            m_engine->service()->sendLiveSnapshotJobCommand(m_jobId, QStringLiteral("stop")).ok());
        QTRY_VERIFY_WITH_TIMEOUT(m_engine->supervisor()->runningJobIds().isEmpty(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(spooled() == 0, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(pendingClaims(), qint64(0), 5000);

        const QList<SnapshotFile> files = realtimeFiles();
        QVERIFY2(files.size() >= atLeast,
                 qPrintable(QStringLiteral("%1 < %2").arg(files.size()).arg(atLeast)));
        QList<qint64> sequences;
        QSet<qint64> timestamps;
        for (const SnapshotFile &f : files) {
            sequences << f.sequence;
            timestamps.insert(f.createTimestamp);
            QCOMPARE(f.ossEndpoint, endpoint());
            QCOMPARE(f.ossBucket, Bucket);
            QCOMPARE(f.ossObject,
                     QStringLiteral("snapshot/%1/%2.jpg").arg(m_jobId).arg(f.sequence));
        }
        QCOMPARE(timestamps.size(), files.size()); // no snapshot recorded twice
        std::sort(sequences.begin(), sequences.end());
        for (int i = 0; i < sequences.size(); ++i) {
            QCOMPARE(sequences.at(i), qint64(i + 1)); // 1..N: no gap, no duplicate
        }
        QCOMPARE(m_engine->service()->getLiveSnapshotJob(m_jobId)->lastSequence,
                 qint64(sequences.size()));

        const QHash<QString, int> keys = storedKeys();
        QCOMPARE(keys.size(), files.size()); // nothing stored beyond what is recorded
        for (const SnapshotFile &f : files) {
            QVERIFY2(keys.value(f.ossObject) == 1, qPrintable(f.ossObject));
            QFile object(m_s3Dir + QLatin1Char('/') + Bucket + QLatin1Char('/') + f.ossObject +
                         QStringLiteral("._S3rver_object"));
            QVERIFY2(object.open(QIODevice::ReadOnly), qPrintable(object.fileName()));
            const QByteArray bytes = object.readAll();
            QVERIFY2(bytes.startsWith(QByteArray("\xff\xd8", 2)), qPrintable(f.ossObject));
            QCOMPARE(qint64(bytes.size()), f.size);
            QVERIFY2(decodesTo(bytes, 640, 360), qPrintable(f.ossObject));
        }
        qInfo("%lld snapshots, sequences 1..%lld, each stored and recorded once",
              static_cast<long long>(files.size()), static_cast<long long>(files.size()));
    }

private slots:
    void initTestCase()
    {
        m_clock.start();
        QVERIFY2(!qEnvironmentVariable("LIVESNAP_TEST_SUPPORT").isEmpty(),
                 "LIVESNAP_TEST_SUPPORT is not set (run through ctest)");
        QVERIFY(m_dataDir.isValid() && m_s3Root.isValid());
        m_s3Dir = m_s3Root.filePath(QStringLiteral("s3rver"));
        m_s3Port = freePort();
        QVERIFY(m_s3Port != 0);
        const QString why = m_s3.start(m_s3Dir, m_s3Port);
        QVERIFY2(why.isEmpty(), qPrintable(why));

        QVERIFY2(m_rtmp.start(), qPrintable(m_rtmp.errorString()));
        test::RtmpServer::PublisherOptions options;
        options.width = 640;
        options.height = 360;
        options.gopSeconds = 1;
        m_publisher = m_rtmp.startPublisher(QStringLiteral("cam"), options);
        QVERIFY2(m_publisher, qPrintable(m_rtmp.errorString()));
        QVERIFY(m_rtmp.waitForPublishing(m_publisher));

        m_engine = openEngine();
        QVERIFY(m_engine);
        SnapshotService &service = *m_engine->service();
        StorageLocation location;
        location.storageType = storage::S3;
        location.endpoint = endpoint();
        location.bucket = Bucket;
        location.region = QStringLiteral("us-east-1");
        location.pathStyle = true;
        const auto added = test::await<Result<QString>>([&](auto reply) {
            service.addStorageLocation(
                location, StorageCredentials{QStringLiteral("S3RVER"), QStringLiteral("S3RVER")},
                reply);
        });
        QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error().message));
        const auto tested =
            test::await<Status>([&](auto reply) { service.testStorageLocation(*added, reply); });
        QVERIFY2(tested.ok(), qPrintable(tested.ok() ? QString() : tested.error().message));

        const auto tpl = service.createLiveSnapshotTemplate(
            TemplateSpec{QStringLiteral("outage"), 5, QString(),
                         QStringLiteral("snapshot/{JobId}/{Sequence}.jpg")});
        QVERIFY2(tpl.ok(), qPrintable(tpl.ok() ? QString() : tpl.error().message));
        JobSpec spec;
        spec.jobName = QStringLiteral("outage");
        spec.templateId = *tpl;
        spec.streamInput.url = m_rtmp.url(QStringLiteral("cam"));
        spec.snapshotOutput = SnapshotOutput{storage::S3, endpoint(), Bucket};
        const auto id = service.submitLiveSnapshotJob(spec);
        QVERIFY2(id.ok(), qPrintable(id.ok() ? QString() : id.error().message));
        m_jobId = *id;
        QVERIFY(service.sendLiveSnapshotJobCommand(m_jobId, QStringLiteral("start")).ok());
        startSupervisor(*m_engine);
    }

    void cleanupTestCase()
    {
        if (m_engine) {
            m_engine->shutdown();
            m_engine.reset();
        }
        m_s3.stop();
        m_rtmp.stop();
        qInfo("whole test: %lld ms", m_clock.elapsed());
    }

    // The store stopped for 20 s while capture goes on: snapshots wait in the spool, the job
    // says so, and once the store is back every one of them arrives, each exactly once.
    void storeDownForTwentySeconds()
    {
        QTRY_VERIFY_WITH_TIMEOUT(realtimeFiles().size() >= 2, 30000);
        QCOMPARE(spooled(), qsizetype(0)); // with the store up, nothing waits
        QVERIFY(!hasStorageEvent(QStringLiteral("Cannot store")));

        m_s3.stop();
        const qsizetype recordedAtStop = realtimeFiles().size();
        QElapsedTimer outage;
        outage.start();
        qsizetype most = 0;
        while (outage.elapsed() < 20000) {
            QTest::qWait(250);
            most = qMax(most, spooled());
        }
        qInfo("store down for %lld ms: up to %lld snapshots spooled", outage.elapsed(),
              static_cast<long long>(most));
        // 20 s at one per 5 s: at least 3 must have piled up, and none was recorded.
        QVERIFY2(most >= 3, qPrintable(QString::number(most)));
        QVERIFY(realtimeFiles().size() <= recordedAtStop + 1); // at most one in flight at stop
        QVERIFY(hasStorageEvent(QStringLiteral("Cannot store snapshots")));
        QVERIFY(!m_engine->service()->getLiveSnapshotJob(m_jobId)->lastError.contains(
            QStringLiteral("S3RVER")));

        const QString why = m_s3.start(m_s3Dir, m_s3Port);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QElapsedTimer draining;
        draining.start();
        QTRY_VERIFY_WITH_TIMEOUT(spooled() == 0 && realtimeFiles().size() >= recordedAtStop + 3,
                                 20000);
        qInfo("spool drained %lld ms after the store came back", draining.elapsed());
        QTRY_VERIFY_WITH_TIMEOUT(hasStorageEvent(QStringLiteral("being stored again")), 5000);

        stopAndVerifyExactlyOnce(recordedAtStop + 3);
    }

    // The engine shut down with snapshots in its spool (the store is down), the store comes
    // back, and a new engine on the same data directory stores them: still 1..N, once each.
    void engineRestartedWithSpooledSnapshots()
    {
        const qsizetype before = realtimeFiles().size();
        QVERIFY(before > 0);
        // The previous test stopped the job (unless it failed before that).
        if (m_engine->service()->getLiveSnapshotJob(m_jobId)->status != QLatin1String("started")) {
            QVERIFY(m_engine->service()
                        ->sendLiveSnapshotJobCommand(m_jobId, QStringLiteral("start"))
                        .ok());
        }
        if (!m_s3.isRunning()) {
            const QString why = m_s3.start(m_s3Dir, m_s3Port);
            QVERIFY2(why.isEmpty(), qPrintable(why));
        }
        QTRY_VERIFY_WITH_TIMEOUT(realtimeFiles().size() > before, 20000);

        m_s3.stop();
        QTRY_VERIFY_WITH_TIMEOUT(spooled() >= 2, 20000);
        m_engine->shutdown();
        m_engine.reset();
        const QList<SpoolEntry> left = Spool(DataDirectory(m_dataDir.path()).spoolPath()).scan();
        QVERIFY2(left.size() >= 2, qPrintable(QString::number(left.size())));
        qInfo("engine stopped with %lld snapshots spooled", static_cast<long long>(left.size()));

        const QString why = m_s3.start(m_s3Dir, m_s3Port);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        m_engine = openEngine();
        QVERIFY(m_engine);
        QElapsedTimer draining;
        draining.start();
        startSupervisor(*m_engine);
        // Every snapshot the first engine left is recorded (by its capture time) and gone
        // from the spool.
        auto drained = [&] {
            const QList<SnapshotFile> files = realtimeFiles();
            for (const SpoolEntry &entry : left) {
                if (QFile::exists(entry.path) ||
                    std::none_of(files.cbegin(), files.cend(), [&](const SnapshotFile &f) {
                        return f.createTimestamp == entry.wallMs;
                    })) {
                    return false;
                }
            }
            return true;
        };
        QTRY_VERIFY_WITH_TIMEOUT(drained(), 20000);
        qInfo("left-over spool stored %lld ms after the new engine started", draining.elapsed());
        // And capture goes on under the new engine.
        const qsizetype afterDrain = realtimeFiles().size();
        QTRY_VERIFY_WITH_TIMEOUT(realtimeFiles().size() > afterDrain, 20000);

        stopAndVerifyExactlyOnce(before + left.size() + 2);
    }
};

QTEST_GUILESS_MAIN(TestUploadOutage)
#include "tst_uploadoutage.moc"
