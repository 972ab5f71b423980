// HealthNotifier on SnapshotJob values built here (the health helper fills streamHealth at run
// time; the notifier only reads the job values the job list carries).
#include "shell/HealthNotifier.h"

#include <QSignalSpy>
#include <QTest>

using namespace livesnap;
using namespace livesnap::ui;

namespace {

constexpr int BatchMs = 50;
constexpr int CooldownMs = 1000;

SnapshotJob job(const QString &id, const QString &name, const QString &health,
                const QString &state = streamstate::Live,
                const QString &status = jobstatus::Started)
{
    SnapshotJob j;
    j.jobId = id;
    j.jobName = name;
    j.status = status;
    j.streamState = state;
    j.streamHealth = health;
    return j;
}

SnapshotJob ok(const QString &id, const QString &name)
{
    return job(id, name, streamhealth::Ok);
}

} // namespace

class TestHealthNotifier : public QObject {
    Q_OBJECT

private slots:
    void init();
    void firstSightIsSilent();
    void oneJobGoingDownIsToldByName();
    void recoveryIsTold();
    void eachProblemKindHasItsTitle();
    void manyAtOnceMakeOneSummary();
    void mixedChangesSummariseEachKind();
    void aJobIsToldAtMostOncePerCooldown();
    void aChangeUndoneWithinTheBatchIsNotTold();
    void stoppingAndStartingAreSilent();
    void turnedOffTellsNothingAndNoOldNewsLater();
    void removedJobsAreForgotten();

private:
    std::unique_ptr<HealthNotifier> m_notifier;
    std::unique_ptr<QSignalSpy> m_spy;
};

void TestHealthNotifier::init()
{
    m_notifier = std::make_unique<HealthNotifier>();
    m_notifier->setTiming(BatchMs, CooldownMs);
    m_spy = std::make_unique<QSignalSpy>(m_notifier.get(), &HealthNotifier::notify);
}

void TestHealthNotifier::firstSightIsSilent()
{
    // The first load already has a job down: the status bar shows it; no notification.
    m_notifier->setJobs({job(QStringLiteral("a"), QStringLiteral("Lobby"), streamhealth::Down),
                         ok(QStringLiteral("b"), QStringLiteral("Stage"))});
    QTest::qWait(BatchMs * 4);
    QCOMPARE(m_spy->size(), 0);
}

void TestHealthNotifier::oneJobGoingDownIsToldByName()
{
    m_notifier->setJobs({ok(QStringLiteral("a"), QStringLiteral("Lobby camera"))});
    SnapshotJob down = job(QStringLiteral("a"), QStringLiteral("Lobby camera"), streamhealth::Down,
                           streamstate::Reconnecting);
    down.lastError = QStringLiteral("Connection refused");
    m_notifier->setJobs({down});
    QTRY_COMPARE(m_spy->size(), 1);
    QCOMPARE(m_spy->at(0).at(0).toString(), QStringLiteral("Lobby camera: stream down"));
    const QString body = m_spy->at(0).at(1).toString();
    QVERIFY2(body.contains(QStringLiteral("Stream down")), qPrintable(body));
    QVERIFY2(body.contains(QStringLiteral("Connection refused")), qPrintable(body));
    // Nothing more while nothing changes.
    m_notifier->setJobs({down});
    QTest::qWait(BatchMs * 4);
    QCOMPARE(m_spy->size(), 1);
}

void TestHealthNotifier::recoveryIsTold()
{
    const QString id = QStringLiteral("a");
    m_notifier->setTiming(BatchMs, 0);
    m_notifier->setJobs({ok(id, QStringLiteral("Lobby"))});
    m_notifier->setJobs({job(id, QStringLiteral("Lobby"), streamhealth::Black)});
    QTRY_COMPARE(m_spy->size(), 1);
    QCOMPARE(m_spy->at(0).at(0).toString(), QStringLiteral("Lobby: black picture"));
    m_notifier->setJobs({ok(id, QStringLiteral("Lobby"))});
    QTRY_COMPARE(m_spy->size(), 2);
    QCOMPARE(m_spy->at(1).at(0).toString(), QStringLiteral("Lobby: live again"));
    QVERIFY(!m_spy->at(1).at(1).toString().isEmpty());
}

void TestHealthNotifier::eachProblemKindHasItsTitle()
{
    m_notifier->setTiming(BatchMs, 0);
    const QString id = QStringLiteral("a");
    m_notifier->setJobs({ok(id, QStringLiteral("Cam"))});
    m_notifier->setJobs({job(id, QStringLiteral("Cam"), streamhealth::Frozen)});
    QTRY_COMPARE(m_spy->size(), 1);
    QCOMPARE(m_spy->at(0).at(0).toString(), QStringLiteral("Cam: frozen picture"));
    // Not judged yet, but the connection is lost: reconnecting.
    m_notifier->setJobs(
        {job(id, QStringLiteral("Cam"), streamhealth::Unknown, streamstate::Reconnecting)});
    QTRY_COMPARE(m_spy->size(), 2);
    QCOMPARE(m_spy->at(1).at(0).toString(), QStringLiteral("Cam: reconnecting"));
    // Reconnecting for too long: down is a different problem, so it is told too.
    m_notifier->setJobs(
        {job(id, QStringLiteral("Cam"), streamhealth::Down, streamstate::Reconnecting)});
    QTRY_COMPARE(m_spy->size(), 3);
    QCOMPARE(m_spy->at(2).at(0).toString(), QStringLiteral("Cam: stream down"));
}

void TestHealthNotifier::manyAtOnceMakeOneSummary()
{
    QList<SnapshotJob> jobs;
    for (int i = 0; i < 7; ++i) {
        jobs << ok(QString::number(i), QStringLiteral("Camera %1").arg(i));
    }
    m_notifier->setJobs(jobs);
    for (SnapshotJob &j : jobs) {
        j.streamHealth = streamhealth::Down;
    }
    m_notifier->setJobs(jobs);
    QTRY_COMPARE(m_spy->size(), 1);
    QTest::qWait(BatchMs * 4);
    QCOMPARE(m_spy->size(), 1); // one summary, not seven
    QCOMPARE(m_spy->at(0).at(0).toString(), QStringLiteral("7 streams are down"));
    const QString body = m_spy->at(0).at(1).toString();
    QVERIFY2(body.startsWith(QStringLiteral("Down: Camera 0, Camera 1")), qPrintable(body));
    QVERIFY2(body.contains(QStringLiteral("and 2 more")), qPrintable(body));
}

void TestHealthNotifier::mixedChangesSummariseEachKind()
{
    m_notifier->setTiming(BatchMs, 0);
    m_notifier->setJobs({job(QStringLiteral("a"), QStringLiteral("A"), streamhealth::Down),
                         ok(QStringLiteral("b"), QStringLiteral("B")),
                         ok(QStringLiteral("c"), QStringLiteral("C"))});
    m_notifier->setJobs({ok(QStringLiteral("a"), QStringLiteral("A")),
                         job(QStringLiteral("b"), QStringLiteral("B"), streamhealth::Black),
                         job(QStringLiteral("c"), QStringLiteral("C"), streamhealth::Down)});
    QTRY_COMPARE(m_spy->size(), 1);
    QCOMPARE(m_spy->at(0).at(0).toString(), QStringLiteral("3 streams changed"));
    // Worst first: down, black, then live again.
    QCOMPARE(m_spy->at(0).at(1).toString(), QStringLiteral("Down: C\n"
                                                           "Black picture: B\n"
                                                           "Live again: A"));
}

void TestHealthNotifier::aJobIsToldAtMostOncePerCooldown()
{
    const QString id = QStringLiteral("a");
    m_notifier->setJobs({ok(id, QStringLiteral("Cam"))});
    m_notifier->setJobs({job(id, QStringLiteral("Cam"), streamhealth::Down)});
    QTRY_COMPARE(m_spy->size(), 1);
    QElapsedTimer sinceTold;
    sinceTold.start();
    // It flaps: live, then black, within the cooldown. Nothing is told before the cooldown is
    // over; then what holds (black) is told, once. (Both notifications are seen up to a poll
    // late, hence the slack.)
    m_notifier->setJobs({ok(id, QStringLiteral("Cam"))});
    m_notifier->setJobs({job(id, QStringLiteral("Cam"), streamhealth::Black)});
    QTRY_COMPARE_WITH_TIMEOUT(m_spy->size(), 2, CooldownMs * 4);
    QVERIFY2(sinceTold.elapsed() >= CooldownMs - 200,
             qPrintable(QString::number(sinceTold.elapsed())));
    QCOMPARE(m_spy->at(1).at(0).toString(), QStringLiteral("Cam: black picture"));
    QTest::qWait(CooldownMs + BatchMs * 4);
    QCOMPARE(m_spy->size(), 2);
}

void TestHealthNotifier::aChangeUndoneWithinTheBatchIsNotTold()
{
    const QString id = QStringLiteral("a");
    m_notifier->setJobs({ok(id, QStringLiteral("Cam"))});
    m_notifier->setJobs({job(id, QStringLiteral("Cam"), streamhealth::Frozen)});
    m_notifier->setJobs({ok(id, QStringLiteral("Cam"))});
    QTest::qWait(BatchMs * 4);
    QCOMPARE(m_spy->size(), 0);
}

void TestHealthNotifier::stoppingAndStartingAreSilent()
{
    m_notifier->setTiming(BatchMs, 0);
    const QString id = QStringLiteral("a");
    m_notifier->setJobs({job(id, QStringLiteral("Cam"), streamhealth::Down)});
    // The operator stops the down job: no "live again", no "down".
    m_notifier->setJobs({job(id, QStringLiteral("Cam"), streamhealth::Unknown, streamstate::Idle,
                             jobstatus::Paused)});
    // Starts it; it connects and is live: that is no recovery either.
    m_notifier->setJobs(
        {job(id, QStringLiteral("Cam"), streamhealth::Unknown, streamstate::Connecting)});
    m_notifier->setJobs({ok(id, QStringLiteral("Cam"))});
    QTest::qWait(BatchMs * 4);
    QCOMPARE(m_spy->size(), 0);
    // But a started job whose stream is down is news.
    m_notifier->setJobs({job(id, QStringLiteral("Cam"), streamhealth::Down)});
    QTRY_COMPARE(m_spy->size(), 1);
}

void TestHealthNotifier::turnedOffTellsNothingAndNoOldNewsLater()
{
    const QString id = QStringLiteral("a");
    m_notifier->setJobs({ok(id, QStringLiteral("Cam"))});
    m_notifier->setEnabled(false);
    QVERIFY(!m_notifier->isEnabled());
    m_notifier->setJobs({job(id, QStringLiteral("Cam"), streamhealth::Down)});
    QTest::qWait(BatchMs * 4);
    QCOMPARE(m_spy->size(), 0);
    // Turned on again: the down that happened meanwhile is not told late...
    m_notifier->setEnabled(true);
    m_notifier->setJobs({job(id, QStringLiteral("Cam"), streamhealth::Down)});
    QTest::qWait(BatchMs * 4);
    QCOMPARE(m_spy->size(), 0);
    // ...but its recovery is.
    m_notifier->setJobs({ok(id, QStringLiteral("Cam"))});
    QTRY_COMPARE(m_spy->size(), 1);

    // Turning it off with a change waiting drops the change.
    m_notifier->setTiming(BatchMs * 4, 0);
    m_notifier->setJobs({job(id, QStringLiteral("Cam"), streamhealth::Black)});
    m_notifier->setEnabled(false);
    QTest::qWait(BatchMs * 8);
    QCOMPARE(m_spy->size(), 1);
}

void TestHealthNotifier::removedJobsAreForgotten()
{
    const QString id = QStringLiteral("a");
    m_notifier->setJobs({ok(id, QStringLiteral("Cam"))});
    m_notifier->setJobs({job(id, QStringLiteral("Cam"), streamhealth::Down)});
    m_notifier->setJobs({}); // deleted before the batch was told
    QTest::qWait(BatchMs * 4);
    QCOMPARE(m_spy->size(), 0);
    // Back (same id, as another process might): first sight again, silent.
    m_notifier->setJobs({job(id, QStringLiteral("Cam"), streamhealth::Down)});
    QTest::qWait(BatchMs * 4);
    QCOMPARE(m_spy->size(), 0);
}

QTEST_MAIN(TestHealthNotifier)
#include "tst_healthnotifier.moc"
