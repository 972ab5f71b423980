// The whole engine on a real RTMP server: capture, spool, local store, catalog; and an engine
// killed with SIGKILL and restarted.
#include "../support/Await.h"
#include "../support/HttpFetch.h"
#include "../support/LocalJobs.h"
#include "../support/RtmpServer.h"
#include "../support/SnapshotFiles.h"
#include "engine/Engine.h"
#include "engine/SnapshotSink.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <turbojpeg.h>

#include <csignal>

using namespace livesnap;

class TestEngineCapture : public QObject {
    Q_OBJECT

private:
    test::RtmpServer m_server;
    test::RtmpPublisher *m_publisher = nullptr;
    QString m_ctl = qEnvironmentVariable("LIVESNAPCTL");

    static bool decodesTo(const QByteArray &jpeg, int width, int height)
    {
        tjhandle tj = tjInitDecompress();
        int w = 0, h = 0, sub = 0, colorspace = 0;
        const int rc =
            tjDecompressHeader3(tj, reinterpret_cast<const unsigned char *>(jpeg.constData()),
                                static_cast<unsigned long>(jpeg.size()), &w, &h, &sub, &colorspace);
        tjDestroy(tj);
        return rc == 0 && w == width && h == height;
    }

    static QString submitJob(SnapshotService &service, const QString &url)
    {
        auto tpl = service.createLiveSnapshotTemplate(
            TemplateSpec{QStringLiteral("both"), 5, QStringLiteral("snapshot/{JobId}.jpg"),
                         QStringLiteral("snapshot/{JobId}/{Sequence}/{UnixTimestamp}.jpg")});
        if (!tpl) {
            return QString();
        }
        return test::startLocalJob(service, *tpl, QStringLiteral("e2e"), url);
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        test::RtmpServer::PublisherOptions options;
        options.width = 640;
        options.height = 360;
        options.gopSeconds = 1;
        m_publisher = m_server.startPublisher(QStringLiteral("cam"), options);
        QVERIFY2(m_publisher, qPrintable(m_server.errorString()));
        QVERIFY(m_server.waitForPublishing(m_publisher));
    }

    void snapshotsLandInTheLocalFolder()
    {
        QTemporaryDir dir;
        Engine engine{DataDirectory(dir.path())};
        QVERIFY(engine.open().ok());
        SnapshotService &service = *engine.service();
        const QString jobId = submitJob(service, m_server.url(QStringLiteral("cam")) +
                                                     QStringLiteral("?auth_key=E2ESECRET"));
        QVERIFY(!jobId.isEmpty());
        Supervisor::Options options;
        options.tickMs = 200;
        engine.startSupervisor(QStringLiteral("test"), options);

        QTRY_VERIFY_WITH_TIMEOUT(test::realtimeFiles(service, jobId).size() >= 3, 25000);
        const auto files = test::realtimeFiles(service, jobId);
        for (int i = 0; i < files.size(); ++i) {
            QCOMPARE(files.at(i).sequence, i + 1);
            const QString path =
                dir.filePath(QStringLiteral("storage/default/")) + files.at(i).ossObject;
            QFile f(path);
            QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(path));
            QVERIFY(decodesTo(f.readAll(), 640, 360));
            QCOMPARE(files.at(i).ossObject, QStringLiteral("snapshot/%1/%2/%3.jpg")
                                                .arg(jobId)
                                                .arg(i + 1)
                                                .arg(files.at(i).createTimestamp / 1000));
            if (i > 0) {
                const qint64 gap = files.at(i).createTimestamp - files.at(i - 1).createTimestamp;
                QVERIFY2(gap >= 3800 && gap <= 6200, qPrintable(QString::number(gap)));
            }
        }
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("storage/default/snapshot/")) + jobId +
                              QStringLiteral(".jpg")));
        // A signed link to a stored file, served by this engine's link server.
        {
            auto fileUrl = [&service, &jobId](const QString &object) {
                return test::await<Result<SignedLink>>([&](auto reply) {
                    service.getLiveSnapshotFileUrl(jobId, object, 1800, reply);
                });
            };
            auto link = fileUrl(files.first().ossObject);
            QVERIFY2(link, link ? "" : qPrintable(link.error().message));
            QVERIFY(qAbs(link->expireTime.toSecsSinceEpoch() -
                         (QDateTime::currentSecsSinceEpoch() + 1800)) <= 2);
            QCOMPARE(link->url.host(), QStringLiteral("127.0.0.1"));
            QFile stored(dir.filePath(QStringLiteral("storage/default/")) +
                         files.first().ossObject);
            QVERIFY(stored.open(QIODevice::ReadOnly));
            QCOMPARE(test::fetch(link->url), std::make_pair(200, stored.readAll()));
            QUrl tampered = link->url;
            tampered.setQuery(link->url.query().replace(QStringLiteral("Signature="),
                                                        QStringLiteral("Signature=0")));
            QCOMPARE(test::fetch(tampered).first, 403);
            QCOMPARE(fileUrl(QStringLiteral("nope.jpg")).error().code,
                     QStringLiteral("InvalidParameter.OssObject"));
        }
        auto job = service.getLiveSnapshotJob(jobId);
        QCOMPARE(job->streamState, QStringLiteral("live"));
        QVERIFY(job->snapshotCount >= 3);
        QVERIFY(job->jobId == jobId && !job->lastError.contains(QStringLiteral("E2ESECRET")));

        // A stop takes effect within 2 s (one supervisor tick, then the worker returns).
        QElapsedTimer stopping;
        stopping.start();
        QVERIFY(service.sendLiveSnapshotJobCommand(jobId, QStringLiteral("stop")).ok());
        QTRY_VERIFY_WITH_TIMEOUT(engine.supervisor()->runningJobIds().isEmpty(), 2000);
        qInfo("stop took effect after %lld ms", stopping.elapsed());
        const qint64 count = service.getLiveSnapshotJob(jobId)->snapshotCount;
        QTest::qWait(1500);
        QCOMPARE(service.getLiveSnapshotJob(jobId)->snapshotCount, count);
        engine.shutdown();
        // Nothing is left in the spool.
        QVERIFY(Spool(DataDirectory(dir.path()).spoolPath()).scan().isEmpty());
    }

    void killedEngineResumesWithoutGapOrDuplicate()
    {
        QVERIFY2(QFile::exists(m_ctl), qPrintable(m_ctl));
        QTemporaryDir dir;
        QString jobId;
        {
            Engine setup{DataDirectory(dir.path())};
            QVERIFY(setup.open().ok());
            jobId = submitJob(*setup.service(), m_server.url(QStringLiteral("cam")));
            QVERIFY(!jobId.isEmpty());
        }
        Engine reader{DataDirectory(dir.path())};
        QVERIFY(reader.open().ok());
        auto count = [&] { return test::realtimeFiles(*reader.service(), jobId).size(); };

        QProcess first;
        first.start(m_ctl, {QStringLiteral("--data-dir"), dir.path(), QStringLiteral("serve")});
        QVERIFY(first.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(count() >= 2, 20000);
        ::kill(pid_t(first.processId()), SIGKILL);
        QVERIFY(first.waitForFinished(5000));
        const qsizetype before = count();

        QProcess second;
        second.start(m_ctl, {QStringLiteral("--data-dir"), dir.path(), QStringLiteral("serve")});
        QVERIFY(second.waitForStarted());
        // The dead engine's lease is taken over at once, not after it expires.
        QTRY_VERIFY_WITH_TIMEOUT(count() >= before + 2, 20000);
        ::kill(pid_t(second.processId()), SIGTERM);
        QVERIFY(second.waitForFinished(10000));
        QCOMPARE(second.exitCode(), 0);

        const auto files = test::realtimeFiles(*reader.service(), jobId);
        QList<qint64> sequences;
        for (const auto &f : files) {
            sequences << f.sequence;
        }
        std::sort(sequences.begin(), sequences.end());
        for (int i = 0; i < sequences.size(); ++i) {
            QCOMPARE(sequences.at(i), i + 1); // 1..N: no gap, no duplicate
        }
        QCOMPARE(reader.service()->getLiveSnapshotJob(jobId)->lastSequence,
                 qint64(sequences.size()));
    }
};

QTEST_GUILESS_MAIN(TestEngineCapture)
#include "tst_enginecapture.moc"
