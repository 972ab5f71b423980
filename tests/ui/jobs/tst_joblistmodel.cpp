#include "JobTestSupport.h"
#include "engine/EngineHost.h"
#include "jobs/JobText.h"
#include "models/JobListModel.h"

#include <QColor>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace livesnap;
using namespace livesnap::ui;
using namespace livesnap::uitest;

// JobListModel over a real engine: its rows, sorting through a proxy, and the per-row refresh
// (one jobChanged: one fetch of that job, one dataChanged on its row, no relist).
class TestJobListModel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void rowsShowEachJobMasked();
    void jobChangedRefetchesOnlyThatRow();
    void burstOfChangesIsOneFetch();
    void mostRowsChangedIsOneSignal();
    void newJobIsAddedWithoutRelist();
    void jobRemovedRemovesTheRow();
    void reloadRelistsOnce();
    void sortsByNameAndStatus();

private:
    // Waits until the model has nothing in flight.
    bool settle(JobListModel &model);

    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_host;
    std::unique_ptr<JobListModel> m_model;
    QStringList m_ids; // charlie, alpha, bravo
};

void TestJobListModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    LIVESNAP_START_HOST(m_host, m_dir.path());
    m_model = std::make_unique<JobListModel>(*m_host);
}

void TestJobListModel::cleanupTestCase()
{
    m_model.reset();
    m_host.reset();
}

bool TestJobListModel::settle(JobListModel &model)
{
    return QTest::qWaitFor([&model] { return !model.isLoading() && !model.hasPendingRows(); });
}

void TestJobListModel::rowsShowEachJobMasked()
{
    QVERIFY(settle(*m_model));
    QCOMPARE(m_model->rowCount(), 0);
    QString error;
    for (const QString &name :
         {QStringLiteral("charlie"), QStringLiteral("alpha"), QStringLiteral("bravo")}) {
        const QString id = submitJob(*m_host, name, SecretUrl, schema::SystemRealtime10s, &error);
        QVERIFY2(!id.isEmpty(), qPrintable(error));
        m_ids << id;
    }
    QTRY_COMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->columnCount(), int(JobListModel::ColumnCount));

    const auto templ = callEngine(*m_host, [](SnapshotService &s) {
        return s.getLiveSnapshotTemplate(schema::SystemRealtime10s);
    });
    QVERIFY(templ && templ->ok());
    const int row = m_model->rowOfJob(m_ids.at(1));
    QVERIFY(row >= 0);
    auto cell = [this, row](int column) { return m_model->index(row, column).data().toString(); };
    QCOMPARE(cell(JobListModel::NameColumn), QStringLiteral("alpha"));
    // The console's words, not the API's ("init", "idle").
    QCOMPARE(cell(JobListModel::StatusColumn), QStringLiteral("Not started"));
    QCOMPARE(cell(JobListModel::StreamStateColumn), QStringLiteral("Idle"));
    QCOMPARE(cell(JobListModel::HealthColumn), QString()); // judged only while it runs
    QCOMPARE(cell(JobListModel::TemplateColumn), templ->value().templateName);
    QCOMPARE(cell(JobListModel::LastSnapshotColumn), QString());
    QCOMPARE(cell(JobListModel::SnapshotsColumn), QStringLiteral("0"));
    const QString url = cell(JobListModel::StreamUrlColumn);
    QVERIFY2(url.startsWith(QStringLiteral("rtmp://127.0.0.1:1/live/x?auth_key=")),
             qPrintable(url));
    QCOMPARE(m_model->index(row, 0).data(JobListModel::IdRole).toString(), m_ids.at(1));

    const QStringList headers{QStringLiteral("Name"),         QStringLiteral("Status"),
                              QStringLiteral("Stream state"), QStringLiteral("Health"),
                              QStringLiteral("Template"),     QStringLiteral("Last snapshot"),
                              QStringLiteral("Snapshots"),    QStringLiteral("Stream URL")};
    for (int column = 0; column < headers.size(); ++column) {
        QCOMPARE(m_model->headerData(column, Qt::Horizontal).toString(), headers.at(column));
    }
    for (const QString &text : shownTexts(*m_model)) {
        QVERIFY2(!text.contains(QStringLiteral("SECRET")), qPrintable(text));
    }
}

void TestJobListModel::jobChangedRefetchesOnlyThatRow()
{
    // 50 jobs in the catalog.
    QString error;
    for (int i = 3; i < 50; ++i) {
        const QString id =
            submitJob(*m_host, QStringLiteral("job %1").arg(i, 2, 10, QLatin1Char('0')),
                      QStringLiteral("rtmp://127.0.0.1:1/live/cam%1").arg(i),
                      schema::SystemRealtime10s, &error);
        QVERIFY2(!id.isEmpty(), qPrintable(error));
    }
    QTRY_COMPARE(m_model->rowCount(), 50);
    QVERIFY(settle(*m_model));

    QSignalSpy fetches(m_model.get(), &JobListModel::rowFetchStarted);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy relisted(m_model.get(), &JobListModel::loaded);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);

    const QString target = m_ids.at(2);
    const QString alert =
        QStringLiteral("Spool full for rtmp://127.0.0.1:1/live/x?auth_key=SECRET");
    const auto reported = callEngine(
        *m_host, [target, alert](SnapshotService &s) { return s.reportJobAlert(target, alert); });
    QVERIFY(reported && reported->ok());

    QTRY_COMPARE(changed.size(), 1);
    // Let any further (wrong) fetch or change arrive before counting.
    QTest::qWait(3 * JobListModel::RowBatchDelayMs);
    QVERIFY(settle(*m_model));
    QCOMPARE(fetches.size(), 1);
    QCOMPARE(fetches.at(0).at(0).toStringList(), QStringList{target});
    QCOMPARE(changed.size(), 1);
    const int row = m_model->rowOfJob(target);
    const auto topLeft = changed.at(0).at(0).value<QModelIndex>();
    const auto bottomRight = changed.at(0).at(1).value<QModelIndex>();
    QCOMPARE(topLeft.row(), row);
    QCOMPARE(bottomRight.row(), row);
    QCOMPARE(topLeft.column(), 0);
    QCOMPARE(bottomRight.column(), JobListModel::ColumnCount - 1);
    QCOMPARE(relisted.size(), 0);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(removed.size(), 0);

    // The row shows the change, masked.
    QCOMPARE(m_model->jobAt(row).lastError, alert);
    const QString tip =
        m_model->index(row, JobListModel::StreamStateColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.startsWith(QStringLiteral("Spool full")), qPrintable(tip));
    QVERIFY2(!tip.contains(QStringLiteral("SECRET")), qPrintable(tip));
}

void TestJobListModel::burstOfChangesIsOneFetch()
{
    QVERIFY(settle(*m_model));
    QStringList ids;
    for (int row = 10; row < 20; ++row) {
        ids << m_model->jobAt(row).jobId;
    }
    QSignalSpy fetches(m_model.get(), &JobListModel::rowFetchStarted);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy relisted(m_model.get(), &JobListModel::loaded);
    // Ten changes in one engine call: ten jobChanged signals in a row.
    const auto reported = callEngine(*m_host, [ids](SnapshotService &s) {
        for (const QString &id : ids) {
            if (auto r = s.reportStreamState(id, streamstate::Failed, QStringLiteral("gone")); !r) {
                return r;
            }
        }
        return success();
    });
    QVERIFY(reported && reported->ok());
    QTRY_COMPARE(changed.size(), 10);
    QVERIFY(settle(*m_model));
    QCOMPARE(fetches.size(), 1);
    QStringList fetched = fetches.at(0).at(0).toStringList();
    fetched.sort();
    ids.sort();
    QCOMPARE(fetched, ids);
    QCOMPARE(relisted.size(), 0);
    for (const QList<QVariant> &signal : std::as_const(changed)) {
        const int row = signal.at(0).value<QModelIndex>().row();
        QCOMPARE(signal.at(1).value<QModelIndex>().row(), row);
        QVERIFY(ids.contains(m_model->jobAt(row).jobId));
        // A job that is not started shows as idle; the reported error is what changed.
        QCOMPARE(
            m_model->index(row, JobListModel::StreamStateColumn).data(Qt::ToolTipRole).toString(),
            QStringLiteral("gone"));
    }
}

void TestJobListModel::mostRowsChangedIsOneSignal()
{
    QVERIFY(settle(*m_model));
    QStringList ids;
    for (int row = 0; row < 30; ++row) {
        ids << m_model->jobAt(row).jobId;
    }
    QSignalSpy fetches(m_model.get(), &JobListModel::rowFetchStarted);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    const auto reported = callEngine(*m_host, [ids](SnapshotService &s) {
        for (const QString &id : ids) {
            if (auto r = s.reportJobAlert(id, QStringLiteral("alert")); !r) {
                return r;
            }
        }
        return success();
    });
    QVERIFY(reported && reported->ok());
    QTRY_COMPARE(changed.size(), 1);
    QVERIFY(settle(*m_model));
    QCOMPARE(fetches.size(), 1);
    QCOMPARE(fetches.at(0).at(0).toStringList().size(), 30);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 0);
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), m_model->rowCount() - 1);
    for (int row = 0; row < 30; ++row) {
        QCOMPARE(m_model->jobAt(row).lastError, QStringLiteral("alert"));
    }
}

void TestJobListModel::newJobIsAddedWithoutRelist()
{
    QVERIFY(settle(*m_model));
    QSignalSpy relisted(m_model.get(), &JobListModel::loaded);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy fetches(m_model.get(), &JobListModel::rowFetchStarted);
    const QString id = submitJob(*m_host, QStringLiteral("late"));
    QVERIFY(!id.isEmpty());
    QTRY_COMPARE(m_model->rowCount(), 51);
    QCOMPARE(m_model->rowOfJob(id), 50);
    QCOMPARE(m_model->jobAt(50).jobName, QStringLiteral("late"));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(fetches.size(), 1);
    QCOMPARE(relisted.size(), 0);
}

void TestJobListModel::jobRemovedRemovesTheRow()
{
    QVERIFY(settle(*m_model));
    const QString id = m_model->jobAt(25).jobId;
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy relisted(m_model.get(), &JobListModel::loaded);
    QSignalSpy fetches(m_model.get(), &JobListModel::rowFetchStarted);
    const auto deleted =
        callEngine(*m_host, [id](SnapshotService &s) { return s.deleteLiveSnapshotJob(id); });
    QVERIFY(deleted && deleted->ok());
    QTRY_COMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 25);
    QCOMPARE(removed.at(0).at(2).toInt(), 25);
    QCOMPARE(m_model->rowCount(), 50);
    QCOMPARE(m_model->rowOfJob(id), -1);
    QTest::qWait(3 * JobListModel::RowBatchDelayMs);
    QCOMPARE(fetches.size(), 0);
    QCOMPARE(relisted.size(), 0);
}

void TestJobListModel::reloadRelistsOnce()
{
    QVERIFY(settle(*m_model));
    QSignalSpy relisted(m_model.get(), &JobListModel::loaded);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    m_model->reload();
    QTRY_COMPARE(relisted.size(), 1);
    QCOMPARE(m_model->rowCount(), 50);
    // Nothing changed, so the merge touched no row.
    QCOMPARE(changed.size(), 0);
    QCOMPARE(removed.size(), 0);
}

void TestJobListModel::sortsByNameAndStatus()
{
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(m_model.get());
    proxy.setSortRole(JobListModel::SortRole);
    auto names = [&proxy](int count) {
        QStringList out;
        for (int row = 0; row < count; ++row) {
            out << proxy.index(row, JobListModel::NameColumn).data().toString();
        }
        return out;
    };
    proxy.sort(JobListModel::NameColumn, Qt::AscendingOrder);
    QCOMPARE(names(3), QStringList({QStringLiteral("alpha"), QStringLiteral("bravo"),
                                    QStringLiteral("charlie")}));
    proxy.sort(JobListModel::NameColumn, Qt::DescendingOrder);
    QCOMPARE(names(1), QStringList{QStringLiteral("late")});

    // Start bravo: sorted by status descending ("started" after "init"), it comes first.
    const QString bravo = m_ids.at(2);
    const auto started = callEngine(*m_host, [bravo](SnapshotService &s) {
        return s.sendLiveSnapshotJobCommand(bravo, jobcommand::Start);
    });
    QVERIFY(started && started->ok());
    proxy.sort(JobListModel::StatusColumn, Qt::DescendingOrder);
    // The proxy re-sorts when the row changes.
    QTRY_COMPARE(names(1), QStringList{QStringLiteral("bravo")});
    QCOMPARE(proxy.index(0, JobListModel::StatusColumn).data().toString(),
             QStringLiteral("Running"));
    // A running job's health, in words with its badge colour: the stream at 127.0.0.1:1 never
    // connects, so it is a problem (reconnecting or failed until the health judge says down).
    const QModelIndex health = proxy.index(0, JobListModel::HealthColumn);
    QTRY_VERIFY(JobText::isProblem(JobText::condition(m_model->jobAt(m_model->rowOfJob(bravo)))));
    const SnapshotJob job = m_model->jobAt(m_model->rowOfJob(bravo));
    QCOMPARE(health.data().toString(), JobText::streamHealth(job.streamHealth));
    QVERIFY(!health.data().toString().isEmpty());
    QCOMPARE(health.data(Qt::DecorationRole).value<QColor>(), JobText::healthColor(job));
    QCOMPARE(health.data(Qt::ForegroundRole).value<QColor>(), JobText::healthColor(job));
    QVERIFY(!health.data(Qt::ToolTipRole).toString().isEmpty());
    proxy.sort(JobListModel::StatusColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(proxy.rowCount() - 1, JobListModel::NameColumn).data().toString(),
             QStringLiteral("bravo"));

    const auto stopped = callEngine(*m_host, [bravo](SnapshotService &s) {
        return s.sendLiveSnapshotJobCommand(bravo, jobcommand::Stop);
    });
    QVERIFY(stopped && stopped->ok());
}

QTEST_MAIN(TestJobListModel)
#include "tst_joblistmodel.moc"
