// The wall as an operator watching many streams uses it: problems first, badges in colour and
// words, the reason a tile has no picture, a stale picture marked, the wall's own selection
// (several tiles), filter, tile size and context menu, and a selected tile that keeps its text.
//
// Stream health is filled by the core (another branch of issue 15), so these tests feed
// SnapshotJob values to the wall's model as a fetch after a change would (applyJob); the
// engine behind the wall is real but has no jobs of its own.
#include "../UiTestSupport.h"
#include "engine/EngineHost.h"
#include "jobs/JobText.h"
#include "monitor/MonitorTileDelegate.h"
#include "monitor/MonitorWall.h"
#include "monitor/MonitorWallFilter.h"
#include "monitor/MonitorWallModel.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QPainter>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace livesnap;
using namespace livesnap::ui;
using namespace livesnap::uitest;

namespace {

SnapshotJob startedJob(const QString &id, const QString &name, const QString &health,
                       const QString &state = streamstate::Live)
{
    SnapshotJob job;
    job.jobId = id;
    job.jobName = name;
    job.status = jobstatus::Started;
    job.streamState = state;
    job.streamHealth = health;
    job.streamInput.url = QStringLiteral("rtmp://cams.example/live/%1?auth_key=TILESECRET").arg(id);
    job.modifiedTime = QDateTime::currentDateTimeUtc().addSecs(-90);
    return job;
}

// Pixels of `image` inside `rect` for which `match` holds.
template <typename Match> int countPixels(const QImage &image, const QRect &rect, Match match)
{
    int count = 0;
    const QRect bounded = rect.intersected(image.rect());
    for (int y = bounded.top(); y <= bounded.bottom(); ++y) {
        for (int x = bounded.left(); x <= bounded.right(); ++x) {
            if (match(QColor(image.pixel(x, y)))) {
                ++count;
            }
        }
    }
    return count;
}

// "A,B,C" as a list.
QStringList names(const char *commaSeparated)
{
    return QString::fromLatin1(commaSeparated).split(QLatin1Char(','));
}

bool near(const QColor &a, const QColor &b, int tolerance = 40)
{
    return qAbs(a.red() - b.red()) <= tolerance && qAbs(a.green() - b.green()) <= tolerance &&
           qAbs(a.blue() - b.blue()) <= tolerance;
}

} // namespace

class TestMonitorWallHealth : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void problemsSortFirstThenByName();
    void badgesCarryTheHealthWordAndColour();
    void tileWithoutPictureShowsWhy();
    void stalePictureIsDimmed();
    void selectedTileKeepsItsTextOnTheHighlight();
    void wallOwnsAMultiSelection();
    void contextMenuAsksForCommandsOnTheSelection();
    void filterMatchesNameIdAndMaskedUrl();
    void tileSizeIsRemembered();

private:
    QStringList shownNames() const;
    void applyAll(const QList<SnapshotJob> &jobs);

    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_host;
    std::unique_ptr<MonitorWall> m_wall;
};

void TestMonitorWallHealth::initTestCase()
{
    useFreshSettings();
    QVERIFY(m_dir.isValid());
    LIVESNAP_START_HOST(m_host, m_dir.path());
}

void TestMonitorWallHealth::init()
{
    m_wall = std::make_unique<MonitorWall>(*m_host);
    QSignalSpy loaded(m_wall->model(), &MonitorWallModel::loaded);
    QVERIFY(loaded.wait(5000)); // the (empty) list of started jobs
    m_wall->resize(1000, 700);
    m_wall->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_wall.get()));
}

void TestMonitorWallHealth::cleanup()
{
    m_wall.reset();
}

void TestMonitorWallHealth::cleanupTestCase()
{
    m_host.reset();
}

QStringList TestMonitorWallHealth::shownNames() const
{
    QStringList names;
    const QAbstractItemModel *shown = m_wall->view()->model();
    for (int row = 0; row < shown->rowCount(); ++row) {
        names << shown->index(row, 0).data(MonitorWallModel::NameRole).toString();
    }
    return names;
}

void TestMonitorWallHealth::applyAll(const QList<SnapshotJob> &jobs)
{
    for (const SnapshotJob &job : jobs) {
        m_wall->model()->applyJob(job);
    }
}

void TestMonitorWallHealth::problemsSortFirstThenByName()
{
    applyAll({startedJob(QStringLiteral("a1"), QStringLiteral("Alpha"), streamhealth::Ok),
              startedJob(QStringLiteral("e1"), QStringLiteral("Echo"), streamhealth::Ok),
              startedJob(QStringLiteral("c1"), QStringLiteral("Charlie"), streamhealth::Frozen),
              startedJob(QStringLiteral("d1"), QStringLiteral("Delta"), streamhealth::Unknown,
                         streamstate::Reconnecting),
              startedJob(QStringLiteral("z1"), QStringLiteral("Zulu"), streamhealth::Down,
                         streamstate::Reconnecting),
              startedJob(QStringLiteral("b1"), QStringLiteral("Bravo"), streamhealth::Black),
              startedJob(QStringLiteral("f1"), QStringLiteral("Foxtrot"), streamhealth::Unknown,
                         streamstate::Connecting)});
    QCOMPARE(shownNames(), names("Zulu,Bravo,Charlie,Delta,Alpha,Echo,Foxtrot"));

    // A health change moves the tile at once: Echo goes down, ahead of Zulu by name.
    m_wall->model()->applyJob(startedJob(QStringLiteral("e1"), QStringLiteral("Echo"),
                                         streamhealth::Down, streamstate::Reconnecting));
    QCOMPARE(shownNames(), names("Echo,Zulu,Bravo,Charlie,Delta,Alpha,Foxtrot"));
    // And back: recovered, it joins the live ones by name.
    m_wall->model()->applyJob(
        startedJob(QStringLiteral("e1"), QStringLiteral("Echo"), streamhealth::Ok));
    QCOMPARE(shownNames(), names("Zulu,Bravo,Charlie,Delta,Alpha,Echo,Foxtrot"));
}

void TestMonitorWallHealth::badgesCarryTheHealthWordAndColour()
{
    const QList<SnapshotJob> jobs{
        startedJob(QStringLiteral("z1"), QStringLiteral("Zulu"), streamhealth::Down,
                   streamstate::Reconnecting),
        startedJob(QStringLiteral("b1"), QStringLiteral("Bravo"), streamhealth::Black),
        startedJob(QStringLiteral("c1"), QStringLiteral("Charlie"), streamhealth::Frozen),
        startedJob(QStringLiteral("d1"), QStringLiteral("Delta"), streamhealth::Unknown,
                   streamstate::Reconnecting),
        startedJob(QStringLiteral("a1"), QStringLiteral("Alpha"), streamhealth::Ok)};
    applyAll(jobs);
    const QStringList words{
        JobText::streamHealth(streamhealth::Down), JobText::streamHealth(streamhealth::Black),
        JobText::streamHealth(streamhealth::Frozen),
        JobText::streamState(streamstate::Reconnecting), JobText::streamState(streamstate::Live)};
    for (qsizetype i = 0; i < jobs.size(); ++i) {
        const QModelIndex tile = m_wall->indexOfJob(jobs.at(i).jobId);
        QVERIFY(tile.isValid());
        QCOMPARE(tile.data(MonitorWallModel::BadgeTextRole).toString(), words.at(i));
        QCOMPARE(tile.data(MonitorWallModel::BadgeColorRole).value<QColor>(),
                 JobText::healthColor(jobs.at(i)));
    }
    QCOMPARE(words.first(), QStringLiteral("Stream down"));

    // The badge is painted in its colour: the down tile shows JobText's red.
    const QModelIndex down = m_wall->indexOfJob(QStringLiteral("z1"));
    const QRect rect = m_wall->view()->visualRect(down);
    const QImage grabbed = m_wall->view()->viewport()->grab(rect).toImage();
    const QColor red = JobText::healthColor(jobs.first());
    const QRect textArea(0, m_wall->delegate()->imageSize().height(), grabbed.width(),
                         grabbed.height() - m_wall->delegate()->imageSize().height());
    QVERIFY2(countPixels(grabbed, textArea, [&red](const QColor &c) { return near(c, red, 8); }) >
                 50,
             "no badge in the health colour");
}

void TestMonitorWallHealth::tileWithoutPictureShowsWhy()
{
    SnapshotJob waiting = startedJob(QStringLiteral("w1"), QStringLiteral("Waiting"),
                                     streamhealth::Unknown, streamstate::Waiting);
    SnapshotJob failing = startedJob(QStringLiteral("f1"), QStringLiteral("Failing"),
                                     streamhealth::Down, streamstate::Reconnecting);
    failing.lastError = QStringLiteral(
        "Cannot connect to rtmp://cams.example/live/f1?auth_key=TILESECRET: Connection refused");
    SnapshotJob connecting = startedJob(QStringLiteral("c1"), QStringLiteral("Connecting"),
                                        streamhealth::Unknown, streamstate::Connecting);
    applyAll({waiting, failing, connecting});

    const QString waitingReason =
        m_wall->indexOfJob(waiting.jobId).data(MonitorWallModel::ReasonRole).toString();
    QVERIFY2(waitingReason.startsWith(JobText::streamState(streamstate::Waiting)),
             qPrintable(waitingReason));
    QVERIFY2(waitingReason.contains(
                 waiting.modifiedTime.toLocalTime().toString(QStringLiteral("HH:mm:ss"))),
             qPrintable(waitingReason));
    const QString failingReason =
        m_wall->indexOfJob(failing.jobId).data(MonitorWallModel::ReasonRole).toString();
    QVERIFY2(failingReason.contains(QStringLiteral("Connection refused")),
             qPrintable(failingReason));
    QVERIFY(!failingReason.contains(QStringLiteral("TILESECRET")));
    const QString connectingReason =
        m_wall->indexOfJob(connecting.jobId).data(MonitorWallModel::ReasonRole).toString();
    QVERIFY2(connectingReason.startsWith(QStringLiteral("Connecting… (since ")),
             qPrintable(connectingReason));
    SnapshotJob down = startedJob(QStringLiteral("d1"), QStringLiteral("Down"), streamhealth::Down,
                                  streamstate::Reconnecting);
    down.streamHealthSince = QDateTime::currentDateTimeUtc().addSecs(-300);
    m_wall->model()->applyJob(down);
    QCOMPARE(m_wall->indexOfJob(down.jobId).data(MonitorWallModel::ReasonRole).toString(),
             QStringLiteral("Stream down (since %1)")
                 .arg(down.streamHealthSince.toLocalTime().toString(QStringLiteral("HH:mm:ss"))));
    for (const QString &reason : {waitingReason, failingReason, connectingReason}) {
        QVERIFY(!reason.contains(QStringLiteral("Waiting for the first snapshot")));
    }

    // The delegate paints the reason, not the old placeholder: two reasons, two pictures.
    MonitorTileDelegate delegate;
    QStandardItemModel model;
    for (const QString &reason : {failingReason, QString()}) {
        auto *item = new QStandardItem(QStringLiteral("Cam"));
        item->setData(reason, MonitorWallModel::ReasonRole);
        model.appendRow(item);
    }
    QStyleOptionViewItem option;
    option.rect = QRect(QPoint(), delegate.sizeHint(option, model.index(0, 0)));
    option.palette = QApplication::palette();
    option.state = QStyle::State_Enabled;
    QImage withReason(option.rect.size(), QImage::Format_RGB32);
    QImage without(option.rect.size(), QImage::Format_RGB32);
    for (auto [image, row] : {std::pair{&withReason, 0}, std::pair{&without, 1}}) {
        image->fill(Qt::white);
        QPainter painter(image);
        delegate.paint(&painter, option, model.index(row, 0));
    }
    const QRect imageArea(QPoint(), delegate.imageSize());
    const auto light = [](const QColor &c) { return c.lightness() > 120; };
    QVERIFY(countPixels(withReason, imageArea, light) != countPixels(without, imageArea, light));
}

void TestMonitorWallHealth::stalePictureIsDimmed()
{
    MonitorTileDelegate delegate;
    QStandardItemModel model;
    QImage picture(320, 180, QImage::Format_RGB32);
    picture.fill(QColor(0xf0, 0xf0, 0xf0));
    for (const bool stale : {false, true}) {
        auto *item = new QStandardItem(QStringLiteral("Cam"));
        item->setData(picture, MonitorWallModel::ThumbnailRole);
        item->setData(QDateTime::currentDateTimeUtc().addSecs(-185),
                      MonitorWallModel::ThumbnailTimeRole);
        item->setData(stale, MonitorWallModel::StaleRole);
        model.appendRow(item);
    }
    QStyleOptionViewItem option;
    option.rect = QRect(QPoint(), delegate.sizeHint(option, model.index(0, 0)));
    option.palette = QApplication::palette();
    option.state = QStyle::State_Enabled;
    QImage fresh(option.rect.size(), QImage::Format_RGB32);
    QImage stale(option.rect.size(), QImage::Format_RGB32);
    for (auto [image, row] : {std::pair{&fresh, 0}, std::pair{&stale, 1}}) {
        image->fill(Qt::white);
        QPainter painter(image);
        delegate.paint(&painter, option, model.index(row, 0));
    }
    // A corner of the picture (no text there): bright when fresh, dimmed when stale.
    const QPoint corner(12, 12);
    QVERIFY2(QColor(fresh.pixel(corner)).lightness() > 200,
             qPrintable(QString::number(QColor(fresh.pixel(corner)).lightness())));
    QVERIFY2(QColor(stale.pixel(corner)).lightness() < 140,
             qPrintable(QString::number(QColor(stale.pixel(corner)).lightness())));
    // And says how old it is ("last picture 3 min ago"): white text in the dimmed middle.
    const QRect middle(0, delegate.imageSize().height() / 3, delegate.imageSize().width(),
                       delegate.imageSize().height() / 3);
    QVERIFY(countPixels(stale, middle, [](const QColor &c) { return c.lightness() > 200; }) > 20);
    QCOMPARE(MonitorTileDelegate::ageText(QDateTime::currentDateTimeUtc().addSecs(-185),
                                          QDateTime::currentDateTimeUtc()),
             QStringLiteral("3 min ago"));

    // The model marks a picture stale only while the stream is down or reconnecting, which
    // needs a real picture: tst_monitorwall checks it on a real stream.
}

void TestMonitorWallHealth::selectedTileKeepsItsTextOnTheHighlight()
{
    applyAll({startedJob(QStringLiteral("a1"), QStringLiteral("Selected camera"), streamhealth::Ok),
              startedJob(QStringLiteral("b1"), QStringLiteral("Other camera"), streamhealth::Ok)});
    QListView *view = m_wall->view();
    // Colours no style would pick, so the pixels say who painted them.
    QPalette palette = view->palette();
    const QColor highlight(0x10, 0x30, 0xc0);
    const QColor highlightedText(0xff, 0xf0, 0x20);
    for (const auto group : {QPalette::Active, QPalette::Inactive}) {
        palette.setColor(group, QPalette::Base, Qt::white);
        palette.setColor(group, QPalette::Text, Qt::black);
        palette.setColor(group, QPalette::Highlight, highlight);
        palette.setColor(group, QPalette::HighlightedText, highlightedText);
    }
    view->setPalette(palette);
    const QModelIndex tile = m_wall->indexOfJob(QStringLiteral("a1"));
    const QRect rect = view->visualRect(tile);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(m_wall->selectedJobIds(), QStringList{QStringLiteral("a1")});

    const QImage grabbed = view->viewport()->grab(rect).toImage();
    const int imageHeight = m_wall->delegate()->imageSize().height();
    const QRect textArea(0, imageHeight + 8, grabbed.width(), grabbed.height() - imageHeight - 8);
    const int highlightPixels =
        countPixels(grabbed, textArea, [&](const QColor &c) { return near(c, highlight, 10); });
    const int textPixels = countPixels(
        grabbed, textArea, [&](const QColor &c) { return near(c, highlightedText, 60); });
    QVERIFY2(highlightPixels > textArea.width() * textArea.height() / 3,
             qPrintable(QStringLiteral("highlight pixels: %1").arg(highlightPixels)));
    QVERIFY2(textPixels > 30, qPrintable(QStringLiteral("text pixels: %1").arg(textPixels)));

    // The unselected tile: black text on the base, no highlight.
    const QRect otherRect = view->visualRect(m_wall->indexOfJob(QStringLiteral("b1")));
    const QImage other = view->viewport()->grab(otherRect).toImage();
    QCOMPARE(countPixels(other, textArea, [&](const QColor &c) { return near(c, highlight, 10); }),
             0);
    QVERIFY(countPixels(other, textArea, [](const QColor &c) { return c.lightness() < 60; }) > 30);
}

void TestMonitorWallHealth::wallOwnsAMultiSelection()
{
    applyAll({startedJob(QStringLiteral("a1"), QStringLiteral("Alpha"), streamhealth::Ok),
              startedJob(QStringLiteral("b1"), QStringLiteral("Bravo"), streamhealth::Ok),
              startedJob(QStringLiteral("c1"), QStringLiteral("Charlie"), streamhealth::Down,
                         streamstate::Reconnecting)});
    QSignalSpy changed(m_wall.get(), &MonitorWall::selectedJobsChanged);
    QListView *view = m_wall->view();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->visualRect(m_wall->indexOfJob(QStringLiteral("b1"))).center());
    QCOMPARE(m_wall->selectedJobIds(), QStringList{QStringLiteral("b1")});
    QCOMPARE(changed.count(), 1);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::ControlModifier,
                      view->visualRect(m_wall->indexOfJob(QStringLiteral("c1"))).center());
    // In the wall's order: Charlie (down) leads.
    QCOMPARE(m_wall->selectedJobIds(), (QStringList{QStringLiteral("c1"), QStringLiteral("b1")}));
    QCOMPARE(m_wall->selectedJobId(), QStringLiteral("c1"));
    QCOMPARE(changed.count(), 2);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->visualRect(m_wall->indexOfJob(QStringLiteral("a1"))).center());
    QCOMPARE(m_wall->selectedJobIds(), QStringList{QStringLiteral("a1")});
    QCOMPARE(changed.count(), 3);

    // A health change re-sorts the wall: the same selection, no signal.
    m_wall->model()->applyJob(startedJob(QStringLiteral("a1"), QStringLiteral("Alpha"),
                                         streamhealth::Down, streamstate::Reconnecting));
    QCOMPARE(m_wall->selectedJobIds(), QStringList{QStringLiteral("a1")});
    QCOMPARE(changed.count(), 3);
    // The selected job stops: its tile leaves, and the selection with it.
    SnapshotJob stopped =
        startedJob(QStringLiteral("a1"), QStringLiteral("Alpha"), streamhealth::Ok);
    stopped.status = jobstatus::Paused;
    m_wall->model()->applyJob(stopped);
    QVERIFY(!m_wall->indexOfJob(QStringLiteral("a1")).isValid());
    QCOMPARE(m_wall->selectedJobIds(), QStringList());
    QCOMPARE(changed.count(), 4);
}

void TestMonitorWallHealth::contextMenuAsksForCommandsOnTheSelection()
{
    applyAll({startedJob(QStringLiteral("a1"), QStringLiteral("Alpha"), streamhealth::Ok),
              startedJob(QStringLiteral("b1"), QStringLiteral("Bravo"), streamhealth::Ok)});
    QListView *view = m_wall->view();
    QSignalSpy commands(m_wall.get(), &MonitorWall::commandRequested);
    QSignalSpy files(m_wall.get(), &MonitorWall::showFilesRequested);
    QSignalSpy previews(m_wall.get(), &MonitorWall::previewRequested);

    // A right-click on an unselected tile selects it and opens the menu for it.
    const QPoint onBravo = view->visualRect(m_wall->indexOfJob(QStringLiteral("b1"))).center();
    emit view->customContextMenuRequested(onBravo);
    QMenu *menu = m_wall->findChild<QMenu *>(QStringLiteral("monitorTileMenu"));
    QVERIFY(menu);
    QCOMPARE(m_wall->selectedJobIds(), QStringList{QStringLiteral("b1")});
    const auto action = [](QMenu *m, const char *name) {
        return m->findChild<QAction *>(QString::fromLatin1(name));
    };
    QVERIFY(action(menu, "monitorPreviewAction")->isEnabled());
    QVERIFY(!action(menu, "monitorStartAction")->isEnabled()); // every tile is running
    action(menu, "monitorPreviewAction")->trigger();
    QCOMPARE(previews.count(), 1);
    QCOMPARE(previews.first().first().toString(), QStringLiteral("b1"));
    menu->close();

    // Both selected: the commands go to both; one-job entries are off.
    view->selectAll();
    std::unique_ptr<QMenu> both(m_wall->createContextMenu(nullptr));
    QVERIFY(!action(both.get(), "monitorPreviewAction")->isEnabled());
    QVERIFY(!action(both.get(), "monitorShowFilesAction")->isEnabled());
    const QStringList ids{QStringLiteral("a1"), QStringLiteral("b1")};
    const QList<std::pair<const char *, QString>> expected{
        {"monitorSnapAction", QStringLiteral("snapshot")},
        {"monitorStopAction", QStringLiteral("stop")},
        {"monitorRestartAction", QStringLiteral("restart")},
        {"monitorDeleteAction", QStringLiteral("delete")}};
    for (const auto &[name, command] : expected) {
        action(both.get(), name)->trigger();
        QCOMPARE(commands.last().at(0).toStringList(), ids);
        QCOMPARE(commands.last().at(1).toString(), command);
    }
    QCOMPARE(commands.count(), expected.size());

    view->selectionModel()->select(m_wall->indexOfJob(QStringLiteral("a1")),
                                   QItemSelectionModel::ClearAndSelect);
    std::unique_ptr<QMenu> one(m_wall->createContextMenu(nullptr));
    action(one.get(), "monitorShowFilesAction")->trigger();
    QCOMPARE(files.count(), 1);
    QCOMPARE(files.first().first().toString(), QStringLiteral("a1"));
}

void TestMonitorWallHealth::filterMatchesNameIdAndMaskedUrl()
{
    applyAll({startedJob(QStringLiteral("lobby-1"), QStringLiteral("Lobby"), streamhealth::Ok),
              startedJob(QStringLiteral("gate-2"), QStringLiteral("Gate"), streamhealth::Ok),
              startedJob(QStringLiteral("yard-3"), QStringLiteral("Yard"), streamhealth::Ok)});
    QListView *view = m_wall->view();
    view->selectAll();
    QSignalSpy changed(m_wall.get(), &MonitorWall::selectedJobsChanged);

    m_wall->setFilterText(QStringLiteral("lob"));
    QCOMPARE(shownNames(), QStringList{QStringLiteral("Lobby")});
    // The hidden tiles left the selection: no command reaches a job nobody sees.
    QCOMPARE(m_wall->selectedJobIds(), QStringList{QStringLiteral("lobby-1")});
    QVERIFY(changed.count() >= 1);

    m_wall->setFilterText(QStringLiteral("GATE-2")); // the id, any case
    QCOMPARE(shownNames(), QStringList{QStringLiteral("Gate")});
    m_wall->setFilterText(QStringLiteral("live/yard")); // the URL
    QCOMPARE(shownNames(), QStringList{QStringLiteral("Yard")});
    m_wall->setFilterText(QStringLiteral("TILESECRET")); // never the token
    QCOMPARE(shownNames(), QStringList());
    const auto *empty = m_wall->findChild<QLabel *>(QStringLiteral("monitorEmptyLabel"));
    QVERIFY(empty && empty->isVisible());
    QVERIFY2(empty->text().contains(QStringLiteral("TILESECRET")), qPrintable(empty->text()));
    m_wall->setFilterText(QString());
    QCOMPARE(shownNames().size(), 3);
    QCOMPARE(m_wall->filterText(), QString());
}

void TestMonitorWallHealth::tileSizeIsRemembered()
{
    QCOMPARE(m_wall->tileSize(), MonitorWall::TileSize::Medium);
    const QSize medium = m_wall->delegate()->imageSize();
    m_wall->setTileSize(MonitorWall::TileSize::Large);
    QVERIFY(m_wall->delegate()->imageSize().width() > medium.width());
    QVERIFY(m_wall->model()->thumbnailSize().width() >= m_wall->delegate()->imageSize().width());
    QCOMPARE(QSettings().value(QStringLiteral("monitor/tileSize")).toInt(),
             static_cast<int>(MonitorWall::TileSize::Large));

    MonitorWall another(*m_host);
    QCOMPARE(another.tileSize(), MonitorWall::TileSize::Large);
    QCOMPARE(another.delegate()->imageSize(), m_wall->delegate()->imageSize());
    m_wall->setTileSize(MonitorWall::TileSize::Small);
    QVERIFY(m_wall->delegate()->imageSize().width() < medium.width());
    m_wall->setTileSize(MonitorWall::TileSize::Medium);
    QCOMPARE(m_wall->delegate()->imageSize(), medium);
}

QTEST_MAIN(TestMonitorWallHealth)
#include "tst_monitorwallhealth.moc"
