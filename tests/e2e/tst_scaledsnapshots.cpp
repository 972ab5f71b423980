// Output size per template, end to end: two jobs on one real nginx-rtmp stream (640x360), one
// with a template of Width 320 and JpegQuality 50, one at the stream's size. The first stores
// 320x180 JPEGs (read from the stored files' own headers) and records that size in the catalog;
// the second stores 640x360; the shared keyframes are still decoded once for both.
#include "../support/JpegHeader.h"
#include "../support/LocalJobs.h"
#include "../support/RtmpServer.h"
#include "../support/SnapshotFiles.h"
#include "capture/KeyframeDecodePool.h"
#include "engine/Engine.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace livesnap;

class TestScaledSnapshots : public QObject {
    Q_OBJECT

private:
    test::RtmpServer m_server;

private slots:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        test::RtmpServer::PublisherOptions options;
        options.width = 640;
        options.height = 360;
        options.fps = 15;
        options.gopSeconds = 1;
        test::RtmpPublisher *publisher = m_server.startPublisher(QStringLiteral("cam"), options);
        QVERIFY2(publisher && m_server.waitForPublishing(publisher),
                 qPrintable(m_server.errorString()));
    }

    void aTemplateOfWidth320Stores320WideJpegs()
    {
        QTemporaryDir dir;
        Engine engine{DataDirectory(dir.path())};
        QVERIFY(engine.open().ok());
        SnapshotService &service = *engine.service();
        TemplateSpec small{QStringLiteral("overview"), 5, QString(),
                           QStringLiteral("small/{JobId}/{Sequence}.jpg")};
        small.width = 320;
        small.jpegQuality = 50;
        auto smallTpl = service.createLiveSnapshotTemplate(small);
        QVERIFY2(smallTpl, smallTpl ? "" : qPrintable(smallTpl.error().message));
        auto fullTpl = service.createLiveSnapshotTemplate(TemplateSpec{
            QStringLiteral("full"), 5, QString(), QStringLiteral("full/{JobId}/{Sequence}.jpg")});
        QVERIFY(fullTpl);
        const QString url = m_server.url(QStringLiteral("cam"));
        const QString smallJob =
            test::startLocalJob(service, *smallTpl, QStringLiteral("wall"), url);
        const QString fullJob =
            test::startLocalJob(service, *fullTpl, QStringLiteral("archive"), url);
        QVERIFY(!smallJob.isEmpty() && !fullJob.isEmpty());

        const quint64 scaledBefore = KeyframeDecodePool::shared().scaledCount();
        Supervisor::Options options;
        options.tickMs = 200;
        engine.startSupervisor(QStringLiteral("scaled-test"), options);
        QTRY_VERIFY_WITH_TIMEOUT(test::realtimeFiles(service, smallJob).size() >= 2 &&
                                     test::realtimeFiles(service, fullJob).size() >= 2,
                                 30000);

        const auto stored = [&dir](const SnapshotFile &file) {
            QFile f(dir.filePath(QStringLiteral("storage/default/")) + file.ossObject);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        qint64 smallBytes = 0;
        for (const SnapshotFile &file : test::realtimeFiles(service, smallJob)) {
            const QByteArray jpeg = stored(file);
            QCOMPARE(test::jpegHeaderSize(jpeg), QSize(320, 180));
            QCOMPARE(QSize(file.width, file.height), QSize(320, 180));
            QCOMPARE(file.size, qint64(jpeg.size()));
            smallBytes = std::max(smallBytes, file.size);
        }
        qint64 fullBytes = 0;
        for (const SnapshotFile &file : test::realtimeFiles(service, fullJob)) {
            QCOMPARE(test::jpegHeaderSize(stored(file)), QSize(640, 360));
            QCOMPARE(QSize(file.width, file.height), QSize(640, 360));
            fullBytes = std::max(fullBytes, file.size);
        }
        qInfo("largest JPEG: %lld bytes at 320x180 q50, %lld bytes at 640x360", smallBytes,
              fullBytes);
        QVERIFY(smallBytes < fullBytes);
        // Scaled on the pool: every small snapshot stored was scaled first.
        const auto smallStored = quint64(test::realtimeFiles(service, smallJob).size());
        QVERIFY(KeyframeDecodePool::shared().scaledCount() - scaledBefore >= smallStored);
        engine.shutdown();
    }
};

QTEST_GUILESS_MAIN(TestScaledSnapshots)
#include "tst_scaledsnapshots.moc"
