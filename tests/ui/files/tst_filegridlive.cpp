// The Files grid with a real engine capturing a real stream (nginx-rtmp fed by ffmpeg): a job
// chosen before it had snapshots shows them as they are taken, without a Refresh, and after one.
#include "../../support/RtmpServer.h"
#include "FileTestSupport.h"
#include "files/FileListModel.h"
#include "pages/FilePage.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace livesnap;
using namespace livesnap::ui;
using namespace livesnap::uitest;

class TestFileGridLive : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void gridShowsSnapshotsAsTheyAreTaken();

private:
    test::RtmpServer m_server;
    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_host;
};

void TestFileGridLive::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    LIVESNAP_PUBLISH_CAMERA(m_server, "cam", 320, 180, 15);
    QVERIFY(m_dir.isValid());
    LIVESNAP_START_TICKING_HOST(m_host, m_dir.path(), "gui-test");
}

void TestFileGridLive::cleanupTestCase()
{
    m_host.reset();
    m_server.stop();
}

void TestFileGridLive::gridShowsSnapshotsAsTheyAreTaken()
{
    const QString url = m_server.url(QStringLiteral("cam"));
    auto jobId = callEngine(*m_host, [url](SnapshotService &s) -> Result<QString> {
        auto tpl = s.createLiveSnapshotTemplate(
            TemplateSpec{QStringLiteral("every 5 s"), 5, QStringLiteral("snapshot/{JobId}.jpg"),
                         QStringLiteral("snapshot/{JobId}/{Sequence}/{UnixTimestamp}.jpg")});
        if (!tpl) {
            return tpl.error();
        }
        JobSpec spec;
        spec.jobName = QStringLiteral("live cam");
        spec.templateId = *tpl;
        spec.streamInput.url = url;
        spec.snapshotOutput =
            SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
        return s.submitLiveSnapshotJob(spec);
    });
    QVERIFY(jobId);
    QVERIFY2(jobId->ok(), qPrintable(jobId->ok() ? QString() : jobId->error().message));

    ui::FilePage page(*m_host);
    page.resize(900, 600);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    // Chosen before the job has taken anything.
    page.showJob(jobId->value());
    QTRY_COMPARE(page.model()->jobId(), jobId->value());
    QTRY_COMPARE(page.model()->totalCount(), qint64(0));
    QTRY_VERIFY(!page.model()->isLoading());
    QCOMPARE(page.model()->rowCount(), 0);

    const QString id = jobId->value();
    auto sent = callEngine(*m_host, [id](SnapshotService &s) {
        return s.sendLiveSnapshotJobCommand(id, QStringLiteral("start"));
    });
    QVERIFY(sent && sent->ok());
    auto *count = page.findChild<QLabel *>(QStringLiteral("fileCount"));
    QVERIFY(count);
    // The first snapshot: its real-time object and the overwrite object, without a Refresh.
    QTRY_VERIFY_WITH_TIMEOUT(page.model()->rowCount() >= 2, 20000);
    QTRY_COMPARE(qint64(page.model()->rowCount()), page.model()->totalCount());
    QVERIFY2(!count->text().contains(QStringLiteral("0 loaded")), qPrintable(count->text()));

    // After a Refresh, the next snapshot comes in on its own too.
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("fileRefresh")), Qt::LeftButton);
    QTRY_COMPARE(qint64(page.model()->rowCount()), page.model()->totalCount());
    const int afterRefresh = page.model()->rowCount();
    QTRY_VERIFY_WITH_TIMEOUT(page.model()->rowCount() > afterRefresh, 15000);
    QTRY_COMPARE(qint64(page.model()->rowCount()), page.model()->totalCount());
    QCOMPARE(count->text(), QStringLiteral("Snapshots: %1").arg(page.model()->rowCount()));
    // One overwrite row, on top; the newest real-time snapshot under it.
    int overwriteRows = 0;
    for (int row = 0; row < page.model()->rowCount(); ++row) {
        overwriteRows += page.model()->index(row).data(FileListModel::IsOverlayRole).toBool();
    }
    QCOMPARE(overwriteRows, 1);
    QVERIFY(page.model()->index(0).data(FileListModel::IsOverlayRole).toBool());
}

QTEST_MAIN(TestFileGridLive)
#include "tst_filegridlive.moc"
