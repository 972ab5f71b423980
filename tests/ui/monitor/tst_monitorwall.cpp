// The monitor wall on a real engine capturing a real RTMP stream (nginx-rtmp + ffmpeg).
#include "../../support/RtmpServer.h"
#include "../UiTestSupport.h"
#include "../files/FileTestSupport.h"
#include "engine/EngineHost.h"
#include "files/FileGridView.h"
#include "files/FileListModel.h"
#include "imaging/ImagePipeline.h"
#include "monitor/MonitorTileDelegate.h"
#include "monitor/MonitorWall.h"
#include "monitor/MonitorWallModel.h"
#include "pages/FilePage.h"

#include <QLabel>
#include <QListView>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace livesnap;
using namespace livesnap::ui;
using namespace livesnap::uitest;

class TestMonitorWall : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void ageTextAndStateColours();
    void wallStartsEmpty();
    void jobThatIsNotStartedGetsNoTile();
    void startedJobGetsLiveTileWithSnapshot();
    void tileFollowsNewerSnapshots();
    void downStreamMarksItsPictureStale();
    void doubleClickRequestsPreview();
    void wallAndGridShareOnePipeline();
    void burstOfChangesIsFetchedOnce();
    void stoppingTheJobRemovesTheTile();

private:
    QString submitJob(const QString &name);
    void sendCommand(const QString &jobId, const QString &command);
    QModelIndex tileOf(const QString &jobId) const;

    test::RtmpServer m_server;
    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_host;
    std::unique_ptr<ImagePipeline> m_images; // as MainWindow shares it
    std::unique_ptr<MonitorWall> m_wall;
    QString m_templateId;
    QString m_jobId;
};

void TestMonitorWall::initTestCase()
{
    useFreshSettings(); // the wall's tile size
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    LIVESNAP_PUBLISH_CAMERA(m_server, "cam", 640, 360, 15);

    QVERIFY(m_dir.isValid());
    LIVESNAP_START_TICKING_HOST(m_host, m_dir.path(), "gui-test");

    auto tpl = callEngine(*m_host, [](SnapshotService &s) {
        return s.createLiveSnapshotTemplate(
            TemplateSpec{QStringLiteral("wall"), 5, QStringLiteral("snapshot/{JobId}.jpg"),
                         QStringLiteral("snapshot/{JobId}/{Sequence}/{UnixTimestamp}.jpg")});
    });
    QVERIFY(tpl && tpl->ok());
    m_templateId = tpl->value();

    m_images = std::make_unique<ImagePipeline>(m_host.get());
    m_wall = std::make_unique<MonitorWall>(*m_host, m_images.get());
    m_wall->resize(900, 600);
    m_wall->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_wall.get()));
}

void TestMonitorWall::cleanupTestCase()
{
    m_wall.reset();
    m_images.reset();
    m_host.reset();
    m_server.stop();
}

QString TestMonitorWall::submitJob(const QString &name)
{
    const QString url =
        m_server.url(QStringLiteral("cam")) + QStringLiteral("?auth_key=WALLSECRET");
    const QString templateId = m_templateId;
    auto id = callEngine(*m_host, [name, url, templateId](SnapshotService &s) {
        JobSpec spec;
        spec.jobName = name;
        spec.templateId = templateId;
        spec.streamInput.url = url;
        spec.snapshotOutput =
            SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
        return s.submitLiveSnapshotJob(spec);
    });
    if (!id || !id->ok()) {
        return {};
    }
    return id->value();
}

void TestMonitorWall::sendCommand(const QString &jobId, const QString &command)
{
    auto sent = callEngine(*m_host, [jobId, command](SnapshotService &s) {
        return s.sendLiveSnapshotJobCommand(jobId, command);
    });
    QVERIFY(sent);
    QVERIFY2(sent->ok(), qPrintable(sent->ok() ? QString() : sent->error().message));
}

QModelIndex TestMonitorWall::tileOf(const QString &jobId) const
{
    return m_wall->indexOfJob(jobId); // the view's (sorted, filtered) index
}

void TestMonitorWall::ageTextAndStateColours()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QCOMPARE(MonitorTileDelegate::ageText(now.addSecs(-12), now), QStringLiteral("12 s ago"));
    QCOMPARE(MonitorTileDelegate::ageText(now.addSecs(-185), now), QStringLiteral("3 min ago"));
    QCOMPARE(MonitorTileDelegate::ageText(now.addSecs(-7300), now), QStringLiteral("2 h ago"));
    QVERIFY(MonitorTileDelegate::ageText(QDateTime(), now).isEmpty());
    const QColor live = MonitorTileDelegate::stateColor(streamstate::Live);
    const QColor connecting = MonitorTileDelegate::stateColor(streamstate::Connecting);
    const QColor failed = MonitorTileDelegate::stateColor(streamstate::Failed);
    const QColor waiting = MonitorTileDelegate::stateColor(streamstate::Waiting);
    QVERIFY(live.green() > live.red());
    QVERIFY(failed.red() > failed.green());
    QCOMPARE(MonitorTileDelegate::stateColor(streamstate::Reconnecting), connecting);
    QCOMPARE(waiting.red(), waiting.blue()); // grey
    QVERIFY(live != connecting && connecting != failed && failed != waiting);
}

void TestMonitorWall::wallStartsEmpty()
{
    auto *stack = m_wall->findChild<QStackedWidget *>(QStringLiteral("monitorStack"));
    auto *empty = m_wall->findChild<QLabel *>(QStringLiteral("monitorEmptyLabel"));
    QVERIFY(stack && empty);
    QTRY_VERIFY(!m_wall->model()->isLoading());
    QCOMPARE(m_wall->model()->rowCount(), 0);
    QCOMPARE(stack->currentWidget(), empty);
    QVERIFY(empty->isVisible());
}

void TestMonitorWall::jobThatIsNotStartedGetsNoTile()
{
    QSignalSpy updated(m_wall->model(), &MonitorWallModel::updated);
    m_jobId = submitJob(QStringLiteral("Front door"));
    QVERIFY(!m_jobId.isEmpty());
    // submit emitted jobChanged (status init); the model fetched that job and left it out.
    QVERIFY(updated.wait(5000));
    QCOMPARE(m_wall->model()->rowCount(), 0);
    QVERIFY(!tileOf(m_jobId).isValid());
}

void TestMonitorWall::startedJobGetsLiveTileWithSnapshot()
{
    sendCommand(m_jobId, jobcommand::Start);
    QTRY_VERIFY_WITH_TIMEOUT(tileOf(m_jobId).isValid(), 5000);
    QModelIndex tile = tileOf(m_jobId);
    QCOMPARE(tile.data(MonitorWallModel::NameRole).toString(), QStringLiteral("Front door"));
    QCOMPARE(tile.data(Qt::DisplayRole).toString(), QStringLiteral("Front door"));
    QCOMPARE(tile.data(MonitorWallModel::JobIdRole).toString(), m_jobId);
    auto *stack = m_wall->findChild<QStackedWidget *>(QStringLiteral("monitorStack"));
    QCOMPARE(stack->currentWidget(), m_wall->view());

    // The first snapshot shows up as a thumbnail: 640x360 fitted into the tile size.
    QTRY_VERIFY_WITH_TIMEOUT(
        !tileOf(m_jobId).data(MonitorWallModel::ThumbnailRole).value<QImage>().isNull(), 20000);
    tile = tileOf(m_jobId);
    const QImage image = tile.data(MonitorWallModel::ThumbnailRole).value<QImage>();
    const QSize bounds = m_wall->model()->thumbnailSize();
    QVERIFY2(image.width() <= bounds.width() && image.height() <= bounds.height(),
             qPrintable(QStringLiteral("%1x%2").arg(image.width()).arg(image.height())));
    QVERIFY(image.width() >= bounds.width() / 2);
    // 16:9 within a pixel of rounding.
    QVERIFY2(qAbs(image.width() * 9 - image.height() * 16) <= 16,
             qPrintable(QStringLiteral("%1x%2").arg(image.width()).arg(image.height())));
    // A real picture (testsrc2 is colourful), not a blank.
    QSet<QRgb> colours;
    for (int x = 0; x < image.width(); x += 8) {
        colours.insert(image.pixel(x, image.height() / 2));
    }
    QVERIFY2(colours.size() > 4, qPrintable(QString::number(colours.size())));
    QTRY_COMPARE_WITH_TIMEOUT(tileOf(m_jobId).data(MonitorWallModel::StreamStateRole).toString(),
                              streamstate::Live, 5000);
    tile = tileOf(m_jobId);
    QVERIFY(tile.data(MonitorWallModel::LastSnapshotTimeRole).toDateTime().isValid());
    QVERIFY(tile.data(MonitorWallModel::ThumbnailTimeRole).toDateTime().isValid());
    QVERIFY(tile.data(MonitorWallModel::ThumbnailErrorRole).toString().isEmpty());
    // Nothing the wall shows quotes the stream's token.
    QVERIFY(!tile.data(Qt::ToolTipRole).toString().contains(QStringLiteral("WALLSECRET")));

    // The delegate paints the picture into the tile.
    const QRect rect = m_wall->view()->visualRect(tile);
    const QImage grabbed = m_wall->view()->viewport()->grab(rect).toImage();
    QVERIFY(!grabbed.isNull());
    QSet<QRgb> painted;
    for (int x = 0; x < grabbed.width(); x += 8) {
        painted.insert(grabbed.pixel(x, grabbed.height() / 3));
    }
    QVERIFY2(painted.size() > 4, qPrintable(QString::number(painted.size())));
}

void TestMonitorWall::tileFollowsNewerSnapshots()
{
    const QModelIndex tile = tileOf(m_jobId);
    QVERIFY(tile.isValid());
    const QDateTime shown = tile.data(MonitorWallModel::ThumbnailTimeRole).toDateTime();
    QVERIFY(shown.isValid());
    // The template's interval is 5 s: the next snapshot replaces the image.
    QTRY_VERIFY_WITH_TIMEOUT(
        tileOf(m_jobId).data(MonitorWallModel::ThumbnailTimeRole).toDateTime() > shown, 12000);
    QVERIFY(!tileOf(m_jobId).data(MonitorWallModel::ThumbnailRole).value<QImage>().isNull());
}

void TestMonitorWall::downStreamMarksItsPictureStale()
{
    QModelIndex tile = tileOf(m_jobId);
    QVERIFY(!tile.data(MonitorWallModel::ThumbnailRole).value<QImage>().isNull());
    QVERIFY(!tile.data(MonitorWallModel::StaleRole).toBool());
    QVERIFY(tile.data(MonitorWallModel::ReasonRole).toString().isEmpty());
    const QString jobId = m_jobId;
    auto job =
        callEngine(*m_host, [jobId](SnapshotService &s) { return s.getLiveSnapshotJob(jobId); });
    QVERIFY(job && job->ok());
    // The core's health (another branch) would say so; here the job is fed as a fetch would.
    SnapshotJob down = job->value();
    down.streamHealth = streamhealth::Down;
    down.streamState = streamstate::Reconnecting;
    m_wall->model()->applyJob(down);
    tile = tileOf(m_jobId);
    QVERIFY(tile.data(MonitorWallModel::StaleRole).toBool());
    QCOMPARE(tile.data(MonitorWallModel::BadgeTextRole).toString(), QStringLiteral("Stream down"));
    // Painted dimmed: the picture's pixels are darker than the live picture's.
    const auto meanLightness = [this](const QModelIndex &index) {
        const QRect rect = m_wall->view()->visualRect(index);
        const QImage grabbed = m_wall->view()->viewport()->grab(rect).toImage();
        qint64 sum = 0;
        int n = 0;
        for (int y = 10; y < 100; y += 4) {
            for (int x = 10; x < grabbed.width() - 10; x += 4) {
                sum += QColor(grabbed.pixel(x, y)).lightness();
                ++n;
            }
        }
        return n ? sum / n : 0;
    };
    const qint64 dimmed = meanLightness(tile);
    m_wall->model()->applyJob(job->value());
    tile = tileOf(m_jobId);
    QVERIFY(!tile.data(MonitorWallModel::StaleRole).toBool());
    const qint64 live = meanLightness(tile);
    QVERIFY2(dimmed < live * 3 / 4, qPrintable(QStringLiteral("%1 vs %2").arg(dimmed).arg(live)));
}

void TestMonitorWall::doubleClickRequestsPreview()
{
    QSignalSpy requested(m_wall.get(), &MonitorWall::previewRequested);
    QListView *view = m_wall->view();
    const QModelIndex tile = tileOf(m_jobId);
    const QRect rect = view->visualRect(tile);
    QVERIFY(rect.isValid());
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(m_wall->selectedJobId(), m_jobId);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.first().first().toString(), m_jobId);
}

void TestMonitorWall::wallAndGridShareOnePipeline()
{
    // The file grid on the same pipeline, as MainWindow builds them.
    ui::FilePage page(*m_host, m_images.get());
    QCOMPARE(page.imagePipeline(), m_wall->model()->imagePipeline());
    page.resize(700, 400);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTRY_COMPARE(page.model()->jobId(), m_jobId); // the only job: picked at once
    QTRY_VERIFY(page.model()->rowCount() > 0);

    // One thread for both: while it is held, neither the grid nor the wall decodes.
    m_images->setMaxThreads(1);
    uitest::PoolBlocker blocker(m_images->threadPool());
    // Decodes that were already running on other threads (before the limit) finish first.
    QTRY_COMPARE(m_images->threadPool()->activeThreadCount(), 1);
    const int decodesBefore = m_images->statistics().decodes;
    auto pending = [this] {
        const QStringList keys = m_images->pendingKeys();
        return QSet<QString>(keys.cbegin(), keys.cend());
    };
    // The wall's next snapshot (every 5 s) waits in the queue...
    auto wallKeys = [&pending] {
        QStringList keys;
        for (const QString &key : pending()) {
            if (key.startsWith(QStringLiteral("wall|"))) {
                keys << key;
            }
        }
        return keys;
    };
    QTRY_VERIFY_WITH_TIMEOUT(!wallKeys().isEmpty(), 12000);
    const QString wallKey = wallKeys().constFirst();
    const QDateTime shown = tileOf(m_jobId).data(MonitorWallModel::ThumbnailTimeRole).toDateTime();
    // ...and so does the grid's thumbnail of that snapshot, once the grid lists it.
    page.refresh();
    QTRY_VERIFY(page.model()->rowCount() > 0);
    const QString newest = page.model()->index(0).data(FileListModel::KeyRole).toString();
    QTRY_VERIFY(pending().contains(newest));
    // The grid's sweep of what it no longer shows leaves the wall's request alone.
    QTest::qWait(200);
    QVERIFY(pending().contains(wallKey));
    QVERIFY(pending().contains(newest));
    QCOMPARE(m_images->statistics().decodes, decodesBefore);

    blocker.release();
    QTRY_VERIFY_WITH_TIMEOUT(
        tileOf(m_jobId).data(MonitorWallModel::ThumbnailTimeRole).toDateTime() > shown, 10000);
    // Both results sit in the one byte-costed cache.
    QCOMPARE(m_images->state(wallKey), ImagePipeline::State::Ready);
    QTRY_COMPARE(m_images->state(newest), ImagePipeline::State::Ready);
    QVERIFY(m_images->cacheBytes() >=
            m_images->image(wallKey).sizeInBytes() + m_images->image(newest).sizeInBytes());
    m_images->setMaxThreads(2);
}

void TestMonitorWall::burstOfChangesIsFetchedOnce()
{
    MonitorWallModel *model = m_wall->model();
    model->setCoalesceInterval(300);
    QTRY_VERIFY(!model->isLoading());
    QSignalSpy updated(model, &MonitorWallModel::updated);
    // The relayed service signal, as twenty snapshots and a few unknown jobs in a burst.
    EngineEvents *service = m_host->events();
    for (int i = 0; i < 20; ++i) {
        emit service->jobChanged(m_jobId);
    }
    for (int i = 0; i < 5; ++i) {
        emit service->jobChanged(QStringLiteral("unknown-%1").arg(i));
    }
    QVERIFY(updated.wait(5000));
    QTest::qWait(600);
    // One engine call for the whole burst (a real snapshot meanwhile may add one more).
    QVERIFY2(updated.count() <= 2, qPrintable(QString::number(updated.count())));
    QCOMPARE(model->rowCount(), 1);
    QVERIFY(tileOf(m_jobId).isValid());
}

void TestMonitorWall::stoppingTheJobRemovesTheTile()
{
    sendCommand(m_jobId, jobcommand::Stop);
    QTRY_VERIFY_WITH_TIMEOUT(!tileOf(m_jobId).isValid(), 5000);
    QCOMPARE(m_wall->model()->rowCount(), 0);
    auto *stack = m_wall->findChild<QStackedWidget *>(QStringLiteral("monitorStack"));
    QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("monitorEmptyLabel"));
}

QTEST_MAIN(TestMonitorWall)
#include "tst_monitorwall.moc"
