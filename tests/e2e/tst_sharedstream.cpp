// Jobs on one stream share one connection and one decode of each due keyframe: three jobs on a
// real nginx-rtmp stream make nginx see one player, the decode pool decodes each due keyframe
// once for all three, stopping one job leaves the others capturing on the same connection, the
// last one out closes it, and a job on another stream gets a connection of its own.
#include "../support/LocalJobs.h"
#include "../support/RtmpServer.h"
#include "../support/SnapshotFiles.h"
#include "capture/KeyframeDecodePool.h"
#include "engine/Engine.h"
#include "engine/StreamReaders.h"

#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace livesnap;

namespace {

qsizetype fileCount(SnapshotService &service, const QString &jobId)
{
    return test::realtimeFiles(service, jobId).size();
}

QSet<qint64> createTimes(SnapshotService &service, const QString &jobId)
{
    QSet<qint64> times;
    for (const SnapshotFile &file : test::realtimeFiles(service, jobId))
        times.insert(file.createTimestamp);
    return times;
}

} // namespace

class TestSharedStream : public QObject {
    Q_OBJECT

private:
    test::RtmpServer m_server;

private slots:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        for (const QString &stream : {QStringLiteral("shared"), QStringLiteral("other")}) {
            test::RtmpServer::PublisherOptions options;
            options.width = 320;
            options.height = 180;
            options.fps = 15;
            options.gopSeconds = 1;
            test::RtmpPublisher *publisher = m_server.startPublisher(stream, options);
            QVERIFY2(publisher && m_server.waitForPublishing(publisher),
                     qPrintable(m_server.errorString()));
        }
    }

    void jobsOnOneStreamShareItsConnectionAndDecodes()
    {
        QTemporaryDir dir;
        Engine engine{DataDirectory(dir.path())};
        QVERIFY(engine.open().ok());
        SnapshotService &service = *engine.service();
        auto tpl = service.createLiveSnapshotTemplate(
            TemplateSpec{QStringLiteral("every 5 s"), 5, QString(),
                         QStringLiteral("snapshot/{JobId}/{Sequence}.jpg")});
        QVERIFY(tpl);
        const QString url = m_server.url(QStringLiteral("shared"));
        const QStringList jobs{test::startLocalJob(service, *tpl, QStringLiteral("wall"), url),
                               test::startLocalJob(service, *tpl, QStringLiteral("archive"), url),
                               test::startLocalJob(service, *tpl, QStringLiteral("audit"), url)};
        for (const QString &job : jobs)
            QVERIFY(!job.isEmpty());

        const quint64 decodedBefore = KeyframeDecodePool::shared().decodedCount();
        Supervisor::Options options;
        options.tickMs = 200;
        engine.startSupervisor(QStringLiteral("shared-test"), options);
        StreamReaders *readers = engine.streamReaders();
        QVERIFY(readers);

        // Three snapshots each (interval 5 s, a keyframe every second).
        for (const QString &job : jobs)
            QTRY_VERIFY_WITH_TIMEOUT(fileCount(service, job) >= 3, 30000);
        const quint64 decoded = KeyframeDecodePool::shared().decodedCount() - decodedBefore;
        qsizetype most = 0;
        qsizetype least = 1000;
        for (const QString &job : jobs) {
            most = std::max(most, fileCount(service, job));
            least = std::min(least, fileCount(service, job));
        }
        qInfo("decodes %llu for 3 jobs with %lld-%lld snapshots each", decoded, qint64(least),
              qint64(most));
        // One connection, whatever the number of jobs.
        QCOMPARE(m_server.playCount(QStringLiteral("shared")), qsizetype(1));
        QCOMPARE(readers->openStreamCount(), 1);
        QCOMPARE(readers->subscriberCount(url), 3);
        // One decode per due keyframe, not one per job (three jobs would need 3x as many); one
        // more may be on its way to the store.
        QVERIFY2(decoded >= quint64(least) && decoded <= quint64(most) + 1,
                 qPrintable(QStringLiteral("%1 decodes for %2-%3 snapshots per job")
                                .arg(decoded)
                                .arg(least)
                                .arg(most)));
        // Started in one tick, the jobs took the same keyframes.
        const QSet<qint64> wallTimes = createTimes(service, jobs[0]);
        QCOMPARE(createTimes(service, jobs[1]).intersect(wallTimes).size(),
                 std::min(wallTimes.size(), qsizetype(least)));

        // Stopping one job leaves the others capturing on the same connection.
        QVERIFY(service.sendLiveSnapshotJobCommand(jobs[1], QStringLiteral("stop")));
        QTRY_COMPARE_WITH_TIMEOUT(readers->subscriberCount(url), 2, 5000);
        const qsizetype stoppedAt = fileCount(service, jobs[1]);
        const qsizetype othersAt = fileCount(service, jobs[0]);
        QTRY_VERIFY_WITH_TIMEOUT(fileCount(service, jobs[0]) >= othersAt + 2, 15000);
        QVERIFY(fileCount(service, jobs[2]) >= othersAt + 1);
        QVERIFY(fileCount(service, jobs[1]) <= stoppedAt + 1); // at most one already decoding
        QCOMPARE(m_server.playCount(QStringLiteral("shared")), qsizetype(1));
        auto stillLive = service.getLiveSnapshotJob(jobs[0]);
        QVERIFY(stillLive);
        QCOMPARE(stillLive->streamState, QStringLiteral("live"));

        // A job on another stream gets its own connection.
        const QString other = test::startLocalJob(service, *tpl, QStringLiteral("other"),
                                                  m_server.url(QStringLiteral("other")));
        QVERIFY(!other.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(fileCount(service, other) >= 1, 15000);
        QCOMPARE(readers->openStreamCount(), 2);
        QCOMPARE(m_server.playCount(QStringLiteral("other")), qsizetype(1));

        // The last job out closes the stream's connection; a job started later opens a new one.
        QVERIFY(service.sendLiveSnapshotJobCommand(jobs[0], QStringLiteral("stop")));
        QVERIFY(service.sendLiveSnapshotJobCommand(jobs[2], QStringLiteral("stop")));
        QTRY_COMPARE_WITH_TIMEOUT(readers->openStreamCount(), 1, 5000);
        QCOMPARE(readers->subscriberCount(url), 0);
        QVERIFY(service.sendLiveSnapshotJobCommand(jobs[1], QStringLiteral("start")));
        QTRY_COMPARE_WITH_TIMEOUT(m_server.playCount(QStringLiteral("shared")), qsizetype(2),
                                  10000);
        QTRY_VERIFY_WITH_TIMEOUT(fileCount(service, jobs[1]) >= stoppedAt + 1, 15000);
        engine.shutdown();
    }
};

QTEST_GUILESS_MAIN(TestSharedStream)
#include "tst_sharedstream.moc"
