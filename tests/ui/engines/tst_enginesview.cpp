// The Engines view and the console-only GUI on a real PostgreSQL catalog: two other engines
// registered in the engines table (one answering, one not), the GUI's own engine opened as a
// console only (no supervisor: it leases and captures nothing), the status bar naming the
// catalog, and a job shown with the engine (and its host) that holds it.

#include "../../support/PostgresServer.h"
#include "JobTestSupport.h"
#include "MainWindow.h"
#include "UiTestSupport.h"
#include "catalog/Catalog.h"
#include "catalog/EngineRepository.h"
#include "catalog/LeaseRepository.h"
#include "engine/EngineHost.h"
#include "engines/EnginesDialog.h"
#include "engines/EnginesModel.h"
#include "jobs/JobDetailsPanel.h"
#include "shell/CloseController.h"
#include "shell/EngineHandOff.h"
#include "shell/JobListWatch.h"
#include "shell/ShellSettings.h"

#include <QAction>
#include <QDateTime>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPalette>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace livesnap;
using namespace livesnap::ui;

namespace {
const QString Alpha = QStringLiteral("serve@alpha:1111:n1");
const QString Beta = QStringLiteral("serve@beta:2222:n2");

EngineInfo engineRow(const QString &id, const QString &host, qint64 pid, int jobs)
{
    EngineInfo e;
    e.engineId = id;
    e.host = host;
    e.pid = pid;
    e.version = QStringLiteral("9.9.9");
    e.startTime = QDateTime::currentDateTimeUtc().addSecs(-3600);
    e.jobCount = jobs;
    e.capacity = 100;
    e.capture = true;
    return e;
}

QString detailText(const JobDetailsPanel &details, const QString &key)
{
    const QString name = QStringLiteral("detail") + key;
    if (const auto *label = details.findChild<QLabel *>(name)) {
        return label->text();
    }
    if (const auto *line = details.findChild<QLineEdit *>(name)) {
        return line->text();
    }
    return QStringLiteral("<no field %1>").arg(key);
}
} // namespace

class TestEnginesView : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void listsEveryEngineAndGreysTheDeadOne();
    void pollsOnlyWhileVisible();
    void consoleOnlyRunsNoJobsButShowsWhoDoes();
    void windowNamesTheCatalogAndClosesWithoutAsking();
    void handOffCarriesTheCatalog();
    void aJobOnAnotherMachinesFolderSaysWhatItWaitsFor();

private:
    QString cell(const EnginesModel &model, const QString &id, int column,
                 int role = Qt::DisplayRole) const
    {
        const int row = model.rowOfId(id);
        return row < 0 ? QStringLiteral("<no row>")
                       : model.index(row, column).data(role).toString();
    }

    test::PostgresServer m_pg;
    QString m_url;
    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_host;
    Catalog m_catalog; // the other engines' side of the shared catalog
};

void TestEnginesView::initTestCase()
{
    uitest::useFreshSettings();
    QVERIFY2(m_pg.start(), qPrintable(m_pg.error()));
    QVERIFY2(m_pg.createDatabase(QStringLiteral("console")), qPrintable(m_pg.error()));
    m_url = m_pg.url(QStringLiteral("console"));
    QVERIFY(m_dir.isValid());
    DataDirectory directory(m_dir.path());
    directory.setCatalog(m_url);
    m_host = std::make_unique<EngineHost>(directory);
    const Status started =
        m_host->start(QStringLiteral("gui-test"), {}, EngineHost::Mode::ConsoleOnly);
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
    QVERIFY(m_host->isConsoleOnly());
    // Registered as a console, so ListEngines shows it, but it holds no lease (capacity 0).
    QVERIFY2(m_host->engineId().startsWith(QStringLiteral("console@")),
             qPrintable(m_host->engineId()));

    const Status opened = m_catalog.open(m_url);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    EngineRepository engines(m_catalog);
    QVERIFY(engines.registerEngine(engineRow(Alpha, QStringLiteral("alpha"), 1111, 3), now).ok());
    // Beta's last heartbeat was ten minutes ago: it died or paused.
    QVERIFY(engines.registerEngine(engineRow(Beta, QStringLiteral("beta"), 2222, 7), now - 600000)
                .ok());
}

void TestEnginesView::cleanupTestCase()
{
    m_host.reset();
    m_catalog.close();
}

void TestEnginesView::listsEveryEngineAndGreysTheDeadOne()
{
    EnginesModel model(*m_host);
    QTRY_COMPARE(model.rowCount(), 3);
    // This window's console: alive, in the Console role, no jobs.
    QCOMPARE(cell(model, m_host->engineId(), EnginesModel::RoleColumn), QStringLiteral("Console"));
    QCOMPARE(cell(model, m_host->engineId(), EnginesModel::AliveColumn), QStringLiteral("Alive"));
    QCOMPARE(cell(model, m_host->engineId(), EnginesModel::JobsColumn), QStringLiteral("none"));
    QCOMPARE(model.lastError(), QString());
    QCOMPARE(model.columnCount(), int(EnginesModel::ColumnCount));

    QCOMPARE(cell(model, Alpha, EnginesModel::HostColumn), QStringLiteral("alpha"));
    QCOMPARE(cell(model, Alpha, EnginesModel::PidColumn), QStringLiteral("1111"));
    QCOMPARE(cell(model, Alpha, EnginesModel::VersionColumn), QStringLiteral("9.9.9"));
    QCOMPARE(cell(model, Alpha, EnginesModel::JobsColumn), QStringLiteral("3 / 100"));
    QCOMPARE(cell(model, Alpha, EnginesModel::RoleColumn), QStringLiteral("Capture"));
    QCOMPARE(cell(model, Alpha, EnginesModel::AliveColumn), QStringLiteral("Alive"));
    QVERIFY(!cell(model, Alpha, EnginesModel::StartedColumn).isEmpty());
    QVERIFY(!model.index(model.rowOfId(Alpha), 0).data(Qt::ForegroundRole).isValid());

    // The dead one: greyed, and since when it has not answered.
    const QString dead = cell(model, Beta, EnginesModel::AliveColumn);
    QVERIFY2(dead.startsWith(QStringLiteral("Not answering since ")), qPrintable(dead));
    QCOMPARE(dead.mid(20), cell(model, Beta, EnginesModel::HeartbeatColumn));
    const QVariant grey =
        model.index(model.rowOfId(Beta), EnginesModel::HostColumn).data(Qt::ForegroundRole);
    QVERIFY(grey.isValid());
    QCOMPARE(grey.value<QBrush>().color(),
             QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text));
    QVERIFY(!model.data(model.index(model.rowOfId(Beta), 0), EnginesModel::AliveRole).toBool());
    QVERIFY(cell(model, Beta, EnginesModel::HostColumn, Qt::ToolTipRole)
                .contains(QStringLiteral("has not answered since")));
}

void TestEnginesView::pollsOnlyWhileVisible()
{
    EnginesDialog dialog(*m_host);
    QVERIFY(!dialog.isPolling());
    dialog.show();
    QVERIFY(dialog.isPolling());
    EnginesModel *model = dialog.model();
    QTRY_COMPARE(model->rowCount(), 3);
    QTRY_VERIFY2(dialog.summaryText().contains(QStringLiteral("console only")),
                 qPrintable(dialog.summaryText()));
    QVERIFY2(dialog.summaryText().contains(QStringLiteral("2 answering")),
             qPrintable(dialog.summaryText()));

    // Beta beats again: the open dialog shows it alive within a refresh, with no click.
    const auto beat =
        EngineRepository(m_catalog).heartbeat(Beta, QDateTime::currentMSecsSinceEpoch(), 7);
    QVERIFY(beat.ok() && *beat);
    QTRY_VERIFY_WITH_TIMEOUT(
        model->data(model->index(model->rowOfId(Beta), 0), EnginesModel::AliveRole).toBool(),
        EnginesDialog::RefreshIntervalMs * 3);
    QTRY_VERIFY(dialog.summaryText().contains(QStringLiteral("3 answering")));

    dialog.hide();
    QVERIFY(!dialog.isPolling());
}

void TestEnginesView::consoleOnlyRunsNoJobsButShowsWhoDoes()
{
    const QString jobId = uitest::submitJob(*m_host, QStringLiteral("gate"));
    QVERIFY(!jobId.isEmpty());
    const auto started = uitest::callEngine(*m_host, [jobId](SnapshotService &s) {
        return s.sendLiveSnapshotJobCommand(jobId, QStringLiteral("start"));
    });
    QVERIFY(started && started->ok());
    // A capturing engine would lease it at its next tick (1 s); a console never does.
    QTest::qWait(2500);
    auto job = uitest::catalogJob(*m_host, jobId);
    QVERIFY(job.ok());
    QCOMPARE(job->status, jobstatus::Started);
    QCOMPARE(job->leaseOwner, QString());

    // Alpha (another computer) takes it: the details say which engine, on which host.
    const auto taken = LeaseRepository(m_catalog).tryAcquire(
        jobId, Alpha, QDateTime::currentMSecsSinceEpoch(), 60000);
    QVERIFY(taken.ok() && *taken);
    JobDetailsPanel details(*m_host);
    details.setJobId(jobId);
    QTRY_COMPARE(detailText(details, QStringLiteral("EngineId")), Alpha);
    QCOMPARE(detailText(details, QStringLiteral("EngineHost")), QStringLiteral("alpha"));
}

void TestEnginesView::windowNamesTheCatalogAndClosesWithoutAsking()
{
    shellsettings::setCloseBehaviour(CloseBehaviour::Ask);
    MainWindow window(*m_host);
    const auto *catalog = window.statusBar()->findChild<QLabel *>(QStringLiteral("catalogLabel"));
    QVERIFY(catalog);
    QCOMPARE(catalog->text(), QStringLiteral("Catalog: ") + m_url);
    QVERIFY(!m_url.contains(m_pg.password()));
    bool saysConsole = false;
    for (const QLabel *label : window.statusBar()->findChildren<QLabel *>()) {
        saysConsole |= label->text() == QStringLiteral("Engine: console only (runs no jobs)");
    }
    QVERIFY(saysConsole);

    // A started job nobody holds would count as this window's running capture and make closing
    // ask what to do with it; a console runs none, so it closes at once.
    const QString jobId = uitest::submitJob(*m_host, QStringLiteral("porch"));
    QVERIFY(!jobId.isEmpty());
    const auto started = uitest::callEngine(*m_host, [jobId](SnapshotService &s) {
        return s.sendLiveSnapshotJobCommand(jobId, QStringLiteral("start"));
    });
    QVERIFY(started && started->ok());
    const auto unheld = [&window, &jobId] {
        for (const SnapshotJob &job : window.jobWatch()->jobs()) {
            if (job.jobId == jobId && job.status == jobstatus::Started &&
                job.leaseOwner.isEmpty()) {
                return true;
            }
        }
        return false;
    };
    QTRY_VERIFY(unheld());
    QVERIFY(window.closeController()->mayClose(CloseQuestion::Occasion::Quit));

    // View > Engines… opens the Engines window (one, raised again on a second ask).
    auto *engines = window.findChild<QAction *>(QStringLiteral("enginesAction"));
    QVERIFY(engines);
    engines->trigger();
    engines->trigger();
    QCOMPARE(window.findChildren<EnginesDialog *>().size(), 1);
    QTRY_COMPARE(window.findChild<EnginesDialog *>()->model()->rowCount(), 3);
}

void TestEnginesView::handOffCarriesTheCatalog()
{
    // The background service a hand-over starts opens the same shared catalog.
    const QStringList arguments = EngineHandOff::arguments(m_host->dataDirectory());
    QCOMPARE(arguments, (QStringList{QStringLiteral("--data-dir"), m_dir.path(),
                                     QStringLiteral("--catalog"), m_url, QStringLiteral("serve")}));
}

void TestEnginesView::aJobOnAnotherMachinesFolderSaysWhatItWaitsFor()
{
    // The built-in folder, here bound to another machine: no engine on this one may run the job.
    QVERIFY(m_catalog
                .exec(QStringLiteral("UPDATE storage_locations SET host = 'far-host' WHERE "
                                     "location_id = 'local-default'"))
                .ok());
    const QString jobId = uitest::submitJob(*m_host, QStringLiteral("barn"));
    QVERIFY(!jobId.isEmpty());
    const auto started = uitest::callEngine(*m_host, [jobId](SnapshotService &s) {
        return s.sendLiveSnapshotJobCommand(jobId, QStringLiteral("start"));
    });
    QVERIFY(started && started->ok());
    JobDetailsPanel details(*m_host);
    details.setJobId(jobId);
    QTRY_COMPARE(detailText(details, QStringLiteral("EngineId")),
                 QStringLiteral("none: waiting for an engine on far-host, where its local folder "
                                "is"));
    QCOMPARE(detailText(details, QStringLiteral("EngineHost")), QStringLiteral("none"));
    QVERIFY(m_catalog
                .exec(QStringLiteral("UPDATE storage_locations SET host = '' WHERE location_id = "
                                     "'local-default'"))
                .ok());
}

QTEST_MAIN(TestEnginesView)
#include "tst_enginesview.moc"
