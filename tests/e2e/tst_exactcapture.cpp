// CaptureMode exact end to end: a real nginx-rtmp stream (ffmpeg, libx264 with B-frames, 25 fps,
// a keyframe every 100 frames = 4 s) read by the engine for two jobs with a 5 s interval, one
// per capture mode, on one connection. The exact job's stored snapshots are within one frame
// (40 ms) of their due moments (its first snapshot + k * 5 s); the keyframe job's come only
// with the keyframes (every 4 s), up to a GOP late.
#include "../support/LocalJobs.h"
#include "../support/RtmpServer.h"
#include "../support/SnapshotFiles.h"
#include "catalog/TemplateRepository.h"
#include "engine/Engine.h"
#include "engine/StreamReaders.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdlib>

using namespace livesnap;

namespace {

constexpr qint64 kIntervalMs = 5000; // the shortest a template may have
constexpr qint64 kFrameMs = 40;
constexpr qint64 kGopMs = 4000;

QList<SnapshotFile> filesInOrder(SnapshotService &service, const QString &jobId)
{
    QList<SnapshotFile> files = test::realtimeFiles(service, jobId);
    std::sort(files.begin(), files.end(), [](const SnapshotFile &a, const SnapshotFile &b) {
        return a.createTimestamp < b.createTimestamp;
    });
    return files;
}

// A template with the given capture mode (set in the catalog: the API's CaptureMode parameter
// is another part of issue 16).
QString makeTemplate(Engine &engine, const QString &name, const QString &captureMode)
{
    SnapshotService &service = *engine.service();
    auto id = service.createLiveSnapshotTemplate(
        TemplateSpec{name, int(kIntervalMs / 1000), QString(),
                     QStringLiteral("snapshot/{JobId}/{Sequence}.jpg")});
    if (!id) {
        qWarning().noquote() << id.error().message;
        return QString();
    }
    TemplateRepository templates(engine.catalog());
    auto found = templates.find(*id);
    if (!found || !*found)
        return QString();
    SnapshotTemplate t = **found;
    t.captureMode = captureMode;
    const Status updated = templates.update(t);
    if (!updated)
        qWarning().noquote() << updated.error().message;
    return updated ? *id : QString();
}

} // namespace

class TestExactCapture : public QObject {
    Q_OBJECT

private:
    test::RtmpServer m_server;

private slots:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        test::RtmpServer::PublisherOptions options;
        options.width = 320;
        options.height = 180;
        options.fps = 25;
        options.gopSeconds = int(kGopMs / 1000); // -g 100
        // B-frames (decode order is not presentation order); no extra keyframes on scene cuts.
        options.extraArguments = {QStringLiteral("-bf"), QStringLiteral("2"),
                                  QStringLiteral("-sc_threshold"), QStringLiteral("0")};
        test::RtmpPublisher *publisher = m_server.startPublisher(QStringLiteral("cam"), options);
        QVERIFY2(publisher && m_server.waitForPublishing(publisher),
                 qPrintable(m_server.errorString()));
    }

    void exactSnapshotsAreWithinAFrameOfTheirDueMoments()
    {
        QTemporaryDir dir;
        Engine engine{DataDirectory(dir.path())};
        QVERIFY(engine.open().ok());
        SnapshotService &service = *engine.service();
        const QString exactTemplate =
            makeTemplate(engine, QStringLiteral("exact"), QStringLiteral("exact"));
        const QString keyframeTemplate =
            makeTemplate(engine, QStringLiteral("keyframe"), QStringLiteral("keyframe"));
        QVERIFY(!exactTemplate.isEmpty() && !keyframeTemplate.isEmpty());
        auto stored = service.getLiveSnapshotTemplate(exactTemplate);
        QVERIFY(stored);
        QCOMPARE(stored->captureMode, QStringLiteral("exact"));

        const QString url = m_server.url(QStringLiteral("cam"));
        const QString exactJob =
            test::startLocalJob(service, exactTemplate, QStringLiteral("audit"), url);
        const QString keyframeJob =
            test::startLocalJob(service, keyframeTemplate, QStringLiteral("wall"), url);
        QVERIFY(!exactJob.isEmpty() && !keyframeJob.isEmpty());

        Supervisor::Options options;
        options.tickMs = 200;
        engine.startSupervisor(QStringLiteral("exact-test"), options);

        // Five exact snapshots (20 s past the first) and three keyframe ones (12 s).
        QTRY_VERIFY_WITH_TIMEOUT(filesInOrder(service, exactJob).size() >= 5, 40000);
        QTRY_VERIFY_WITH_TIMEOUT(filesInOrder(service, keyframeJob).size() >= 3, 20000);
        const QList<SnapshotFile> exact = filesInOrder(service, exactJob);
        const QList<SnapshotFile> keyframe = filesInOrder(service, keyframeJob);

        // Both jobs on one connection.
        QCOMPARE(m_server.playCount(QStringLiteral("cam")), qsizetype(1));
        QCOMPARE(engine.streamReaders()->subscriberCount(url), 2);

        // Exact: snapshot k is the first frame at or after first + k * 5 s: less than a frame
        // late (the stored time is the frame's; 5 s is 125 frames). The grid is measured from
        // the second snapshot: the first, the anchor keyframe, was read with the stream's probe
        // and its arrival time is late by however long probing took (keyframe mode's too).
        QStringList exactLateness;
        const qint64 grid = exact[1].createTimestamp - kIntervalMs;
        QVERIFY2(std::abs(exact.first().createTimestamp - grid) < 500,
                 qPrintable(QString::number(exact.first().createTimestamp - grid)));
        for (qsizetype k = 1; k < exact.size(); ++k) {
            const qint64 late = exact[k].createTimestamp - (grid + k * kIntervalMs);
            exactLateness << QString::number(late);
            QVERIFY2(late > -kFrameMs && late < kFrameMs,
                     qPrintable(QStringLiteral("exact snapshot %1 is %2 ms off its due moment")
                                    .arg(k)
                                    .arg(late)));
            QCOMPARE(exact[k].sequence, exact[k - 1].sequence + 1);
        }
        // Keyframe: each fills the latest slot of its grid (first + k * 5 s) it reached, at
        // the first keyframe at or after it: 8 s for 5 s (3 s late), 12 s for 10 s (2 s late)...
        // never a GOP late.
        QStringList keyframeLateness;
        qint64 latest = 0;
        for (qsizetype k = 1; k < keyframe.size(); ++k) {
            // Arrival jitter may put one taken right at its slot a little before it.
            const qint64 sinceFirst =
                keyframe[k].createTimestamp - keyframe.first().createTimestamp;
            const qint64 late = (sinceFirst + 500) % kIntervalMs - 500;
            keyframeLateness << QString::number(late);
            latest = std::max(latest, late);
            QVERIFY2(
                late < kGopMs,
                qPrintable(QStringLiteral("keyframe snapshot %1 is %2 ms late").arg(k).arg(late)));
        }
        QVERIFY2(latest > 1000, qPrintable(keyframeLateness.join(u' ')));
        qInfo().noquote() << "exact ms off due:" << exactLateness.join(u' ')
                          << "| keyframe ms late:" << keyframeLateness.join(u' ');
        engine.shutdown();
    }
};

QTEST_GUILESS_MAIN(TestExactCapture)
#include "tst_exactcapture.moc"
