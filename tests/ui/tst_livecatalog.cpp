#include "UiTestSupport.h"
#include "engine/EngineHost.h"
#include "models/JobListModel.h"
#include "models/TemplateListModel.h"
#include "monitor/MonitorWallModel.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace livesnap;
using namespace livesnap::ui;
using namespace livesnap::uitest;

// The live catalog from the console's side: the GUI's engine runs, the real livesnapctl changes
// the same data directory, and the Templates and Jobs lists show it within 2 s with no Refresh.
class TestLiveCatalog : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void templateAddedElsewhereAppears();
    void jobSubmittedCommandedAndDeletedElsewhere();

private:
    // Runs livesnapctl on the engine's data directory; its JSON answer (empty on failure).
    QJsonObject ctl(const QStringList &args);
    // Waits (GUI event loop running) up to 2 s from now for done(); false if it never held.
    static bool within2s(const std::function<bool()> &done);

    QString m_binary = qEnvironmentVariable("LIVESNAPCTL");
    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_host;
    std::unique_ptr<JobListModel> m_jobs;
    std::unique_ptr<TemplateListModel> m_templates;
    std::unique_ptr<MonitorWallModel> m_wall;
    QString m_templateId;
};

void TestLiveCatalog::initTestCase()
{
    QVERIFY2(QFile::exists(m_binary), qPrintable(m_binary));
    QVERIFY(m_dir.isValid());
    LIVESNAP_START_HOST(m_host, m_dir.path());
    m_jobs = std::make_unique<JobListModel>(*m_host);
    m_templates = std::make_unique<TemplateListModel>(*m_host);
    m_wall = std::make_unique<MonitorWallModel>(*m_host);
    QTRY_VERIFY(!m_jobs->isLoading() && !m_templates->isLoading());
    QCOMPARE(m_jobs->rowCount(), 0);
}

void TestLiveCatalog::cleanupTestCase()
{
    m_wall.reset();
    m_templates.reset();
    m_jobs.reset();
    m_host.reset();
}

QJsonObject TestLiveCatalog::ctl(const QStringList &args)
{
    QProcess p;
    p.start(m_binary, QStringList{QStringLiteral("--data-dir"), m_dir.path()} + args);
    if (!p.waitForFinished(30000) || p.exitCode() != 0) {
        qWarning() << "livesnapctl" << args << "failed:" << p.readAllStandardOutput();
        return QJsonObject();
    }
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

bool TestLiveCatalog::within2s(const std::function<bool()> &done)
{
    QElapsedTimer clock;
    clock.start();
    const bool held = QTest::qWaitFor(done, 2000);
    qInfo() << "seen after" << clock.elapsed() << "ms";
    return held;
}

void TestLiveCatalog::templateAddedElsewhereAppears()
{
    const QJsonObject r =
        ctl({QStringLiteral("CreateLiveSnapshotTemplate"), QStringLiteral("--TemplateName"),
             QStringLiteral("from the CLI"), QStringLiteral("--TimeInterval"), QStringLiteral("7"),
             QStringLiteral("--SequenceFormat"), QStringLiteral("s/{JobId}/{Sequence}.jpg")});
    m_templateId = r.value(QStringLiteral("TemplateId")).toString();
    QVERIFY(!m_templateId.isEmpty());
    QVERIFY(within2s([this] { return m_templates->rowOf(m_templateId) >= 0; }));
    QCOMPARE(m_templates->templateAt(m_templates->rowOf(m_templateId)).templateName,
             QStringLiteral("from the CLI"));
}

void TestLiveCatalog::jobSubmittedCommandedAndDeletedElsewhere()
{
    QVERIFY(!m_templateId.isEmpty());
    QJsonObject r =
        ctl({QStringLiteral("SubmitLiveSnapshotJob"), QStringLiteral("--JobName"),
             QStringLiteral("cli-cam"), QStringLiteral("--TemplateId"), m_templateId,
             QStringLiteral("--StreamInput"),
             QStringLiteral("{\"Type\":\"rtmp\",\"Url\":\"rtmp://127.0.0.1:1/live/x\"}")});
    const QString jobId = r.value(QStringLiteral("JobId")).toString();
    QVERIFY(!jobId.isEmpty());
    QVERIFY(within2s([&] { return rowOf(*m_jobs, jobId) >= 0; }));
    QCOMPARE(m_jobs->index(rowOf(*m_jobs, jobId), JobListModel::NameColumn).data().toString(),
             QStringLiteral("cli-cam"));

    // A rename elsewhere reaches the job's row (its template is part of the row).
    r = ctl({QStringLiteral("UpdateLiveSnapshotTemplate"), QStringLiteral("--TemplateId"),
             m_templateId, QStringLiteral("--TemplateName"), QStringLiteral("renamed")});
    QVERIFY(!r.isEmpty());
    QVERIFY(within2s([&] {
        const int row = m_templates->rowOf(m_templateId);
        return row >= 0 && m_templates->templateAt(row).templateName == QStringLiteral("renamed");
    }));

    // Started and stopped in bulk from the CLI: the wall shows the tile, then drops it; the
    // Jobs list shows the status.
    r = ctl({QStringLiteral("SendLiveSnapshotJobCommand"), QStringLiteral("--JobIds"),
             QStringLiteral("[\"%1\"]").arg(jobId), QStringLiteral("--Command"),
             QStringLiteral("start")});
    QCOMPARE(r.value(QStringLiteral("SucceededCount")).toInt(), 1);
    QVERIFY(within2s([&] { return m_wall->rowOfJob(jobId) >= 0; }));
    QVERIFY(within2s([&] {
        const int row = rowOf(*m_jobs, jobId);
        return row >= 0 && m_jobs->jobAt(row).status == jobstatus::Started;
    }));
    r = ctl({QStringLiteral("SendLiveSnapshotJobCommand"), QStringLiteral("--JobIds"),
             QStringLiteral("[\"%1\"]").arg(jobId), QStringLiteral("--Command"),
             QStringLiteral("stop")});
    QCOMPARE(r.value(QStringLiteral("SucceededCount")).toInt(), 1);
    QVERIFY(within2s([&] { return m_wall->rowOfJob(jobId) < 0; }));

    // Deleted in bulk from the CLI: the row goes.
    r = ctl({QStringLiteral("DeleteLiveSnapshotJob"), QStringLiteral("--JobIds"),
             QStringLiteral("[\"%1\"]").arg(jobId)});
    QCOMPARE(r.value(QStringLiteral("SucceededCount")).toInt(), 1);
    QVERIFY(within2s([&] { return rowOf(*m_jobs, jobId) < 0; }));
}

QTEST_MAIN(TestLiveCatalog)
#include "tst_livecatalog.moc"
