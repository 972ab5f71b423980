#include "JobTestSupport.h"
#include "engine/EngineHost.h"
#include "jobs/JobBatch.h"
#include "jobs/JobText.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace livesnap;
using namespace livesnap::ui;
using namespace livesnap::uitest;

// One command on many jobs against a real engine: one call per job in turn, progress for each,
// and a summary in the console's words that names jobs by name and keeps the codes for Details.
class TestJobBatch : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void jobNamesAreQuotedAndCounted();
    void startsEachJobWithProgress();
    void failuresAreNamedAndDetailed();
    void oneJobSaysWhichAndWhy();

private:
    QList<JobBatch::Job> submit(const QStringList &names);
    // Runs batch to its end; false when it did not finish in time.
    static bool finish(JobBatch &batch);

    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_host;
};

void TestJobBatch::initTestCase()
{
    QVERIFY(m_dir.isValid());
    LIVESNAP_START_HOST(m_host, m_dir.path());
}

void TestJobBatch::cleanupTestCase()
{
    m_host.reset();
}

QList<JobBatch::Job> TestJobBatch::submit(const QStringList &names)
{
    QList<JobBatch::Job> jobs;
    for (const QString &name : names) {
        const QString id = submitJob(*m_host, name);
        if (id.isEmpty()) {
            qWarning("could not submit %s", qPrintable(name));
            return {};
        }
        jobs.append({id, name});
    }
    return jobs;
}

bool TestJobBatch::finish(JobBatch &batch)
{
    QSignalSpy finished(&batch, &JobBatch::finished);
    batch.start();
    return finished.wait(10000) || batch.isFinished();
}

void TestJobBatch::jobNamesAreQuotedAndCounted()
{
    QCOMPARE(JobText::jobNames({QStringLiteral("a")}), QStringLiteral("“a”"));
    QCOMPARE(JobText::jobNames({QStringLiteral("a"), QStringLiteral("b")}),
             QStringLiteral("“a” and “b”"));
    QCOMPARE(JobText::jobNames({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                                QStringLiteral("d"), QStringLiteral("e")}),
             QStringLiteral("“a”, “b”, “c” and 2 more"));
    // A refusal the console knows is said in its words; any other keeps the service's message
    // with the job named instead of its id.
    const QString id = QStringLiteral("0123456789abcdef0123456789abcdef");
    QCOMPARE(JobText::failure(Error::user(errc::JobNotStopped, QStringLiteral("x")), id,
                              QStringLiteral("gate")),
             QStringLiteral("it is running; stop it first"));
    QCOMPARE(
        JobText::failure(Error::user(errc::InternalError, QStringLiteral("Job %1 broke.").arg(id)),
                         id, QStringLiteral("gate")),
        QStringLiteral("Job “gate” broke."));
}

void TestJobBatch::startsEachJobWithProgress()
{
    const QList<JobBatch::Job> jobs =
        submit({QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")});
    QCOMPARE(jobs.size(), 3);
    JobBatch batch(*m_host, jobcommand::Start, jobs);
    QCOMPARE(batch.progressText(), QStringLiteral("Starting 1 of 3 jobs…"));
    QSignalSpy progressed(&batch, &JobBatch::progressed);
    QVERIFY(finish(batch));
    QCOMPARE(progressed.size(), 3);
    QCOMPARE(progressed.at(2).at(0).toInt(), 3);
    QCOMPARE(batch.failures().size(), 0);
    QCOMPARE(batch.summary(), QStringLiteral("Started 3 jobs."));
    QCOMPARE(batch.details(), QString());
    for (const JobBatch::Job &job : jobs) {
        QCOMPARE(catalogJob(*m_host, job.id)->status, jobstatus::Started);
    }
    JobBatch stop(*m_host, jobcommand::Stop, jobs);
    QVERIFY(finish(stop));
    QCOMPARE(stop.summary(), QStringLiteral("Stopped 3 jobs."));
}

void TestJobBatch::failuresAreNamedAndDetailed()
{
    // Five stopped jobs asked to stop: every call is refused; three are named, two counted.
    const QList<JobBatch::Job> jobs =
        submit({QStringLiteral("p1"), QStringLiteral("p2"), QStringLiteral("p3"),
                QStringLiteral("p4"), QStringLiteral("p5")});
    QCOMPARE(jobs.size(), 5);
    JobBatch batch(*m_host, jobcommand::Stop, jobs);
    QVERIFY(finish(batch));
    QCOMPARE(batch.failures().size(), 5);
    QCOMPARE(batch.summary(),
             QStringLiteral("Stopped 0 of 5 jobs. 5 failed: “p1”: it is not running; “p2”: it is "
                            "not running; “p3”: it is not running; and 2 more"));
    for (const JobBatch::Job &job : jobs) {
        QVERIFY(!batch.summary().contains(job.id));
        QVERIFY(batch.details().contains(job.id));
    }
    QCOMPARE(batch.details().count(errc::JobNotStarted), 5);
    QCOMPARE(batch.details().count(QLatin1Char('\n')), 4);
}

void TestJobBatch::oneJobSaysWhichAndWhy()
{
    const QList<JobBatch::Job> jobs = submit({QStringLiteral("lone")});
    QCOMPARE(jobs.size(), 1);
    JobBatch stop(*m_host, jobcommand::Stop, jobs);
    QVERIFY(finish(stop));
    QCOMPARE(stop.summary(), QStringLiteral("Could not stop “lone”: it is not running."));
    JobBatch remove(*m_host, jobaction::Delete, jobs);
    QVERIFY(finish(remove));
    QCOMPARE(remove.summary(), QStringLiteral("Deleted “lone”."));
    QCOMPARE(catalogJob(*m_host, jobs.first().id).error().code, errc::JobNotFound);
}

QTEST_MAIN(TestJobBatch)
#include "tst_jobbatch.moc"
