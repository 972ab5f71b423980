#include "ServiceFixture.h"
#include "catalog/CallbackRepository.h"
#include "catalog/LeaseRepository.h"
#include "catalog/UsageRepository.h"

#include "../support/SnapshotFiles.h"
#include <QTest>

using namespace livesnap;

// Fenced writes over a real catalog (SQLite, and PostgreSQL on the _pg twin): an engine whose
// lease of a job was taken over (it paused past the lease's expiry) cannot claim a sequence
// number, record a snapshot (nor queue its callback), report a stream state or extend its usage
// interval under its old epoch; the engine that holds the job now can.
class TestLeaseFencing : public QObject {
    Q_OBJECT

private:
    test::ServiceFixture m_fx;
    const QString m_stale = QStringLiteral("serve@host-a:100:aaaa");
    const QString m_holder = QStringLiteral("serve@host-b:200:bbbb");
    static constexpr qint64 TtlMs = 3000;

    ServiceAreas &a() { return m_fx.areas(); }
    qint64 now() { return m_fx.context().clock().nowMs(); }

    SnapshotFile snapshot(const QString &jobId, qint64 ts, qint64 sequence)
    {
        return test::localSnapshot(jobId, ts, sequence);
    }
    qint64 lastSequence(const QString &jobId)
    {
        return m_fx.catalog()
            .scalar(QStringLiteral("SELECT last_sequence FROM jobs WHERE job_id = ?"), {jobId})
            ->toLongLong();
    }
    qint64 fileRows(const QString &jobId)
    {
        return m_fx.catalog()
            .scalar(QStringLiteral("SELECT COUNT(*) FROM snapshot_files WHERE job_id = ?"), {jobId})
            ->toLongLong();
    }
    // A started job with a callback URL, claimed by `m_stale`; returns its id and epoch.
    std::pair<QString, qint64> startedAndClaimed(qint64 atMs)
    {
        JobSpec spec = test::ServiceFixture::jobSpec(QStringLiteral("cam"));
        spec.callbackUrl = QStringLiteral("http://127.0.0.1:9/cb");
        const QString id = *a().jobs.submitLiveSnapshotJob(spec);
        if (!a().jobs.sendLiveSnapshotJobCommand(id, QStringLiteral("start")).ok()) {
            return {};
        }
        auto claimed = LeaseRepository(m_fx.catalog()).claimUnleased(m_stale, atMs, TtlMs, 10);
        if (!claimed || claimed->size() != 1) {
            return {};
        }
        return {id, claimed->constFirst().epoch};
    }
    // The lease expired (the stale engine paused) and the other engine claimed the job.
    qint64 takeOver(qint64 atMs)
    {
        auto claimed = LeaseRepository(m_fx.catalog()).claimUnleased(m_holder, atMs, TtlMs, 10);
        return claimed && claimed->size() == 1 ? claimed->constFirst().epoch : 0;
    }

private slots:
    void init() { QVERIFY(m_fx.reset()); }

    void staleEpochIsRefusedCurrentAccepted()
    {
        const qint64 t0 = now();
        const auto [id, staleEpoch] = startedAndClaimed(t0);
        QVERIFY(!id.isEmpty());
        const LeaseFence stale{m_stale, staleEpoch};
        QVERIFY(*LeaseRepository(m_fx.catalog()).holds(id, m_stale, staleEpoch));

        // While it holds the lease, its writes go through.
        auto first = a().engineReports.claimSequence(id, t0 + 100, stale);
        QVERIFY(first && first->has_value());
        QCOMPARE(**first, 1);
        QVERIFY(a().engineReports
                    .recordSnapshot({snapshot(id, t0 + 100, 1)}, schema::DefaultLocationId, stale)
                    .ok());
        // One more claimed just before the pause; its record comes after the takeover.
        auto pending = a().engineReports.claimSequence(id, t0 + 200, stale);
        QVERIFY(pending && pending->has_value());
        QCOMPARE(**pending, 2);

        const qint64 holderEpoch = takeOver(t0 + TtlMs + 5000);
        QVERIFY(holderEpoch > staleEpoch);
        const LeaseFence holder{m_holder, holderEpoch};
        const int callbacks = *m_fx.context().callbacks().pendingCount(id);
        const QString before = m_fx.dump();

        // The stale engine wakes: every write of its old epoch is refused with LeaseLost and
        // changes nothing (no sequence, no file row, no callback, no stream state).
        auto claim = a().engineReports.claimSequence(id, t0 + 300, stale);
        QVERIFY(!claim);
        QCOMPARE(claim.error().code, LeaseFence::lostCode());
        auto again = a().engineReports.claimSequence(id, t0 + 200, stale);
        QVERIFY(!again);
        QVERIFY(LeaseFence::isLost(again.error()));
        auto record = a().engineReports.recordSnapshot({snapshot(id, t0 + 200, 2)},
                                                       schema::DefaultLocationId, stale);
        QVERIFY(!record);
        QVERIFY(LeaseFence::isLost(record.error()));
        auto state = a().engineReports.reportStreamState(id, QStringLiteral("reconnecting"),
                                                         QStringLiteral("EOF"), stale);
        QVERIFY(!state);
        QVERIFY(LeaseFence::isLost(state.error()));
        QCOMPARE(m_fx.dump(), before);
        QCOMPARE(lastSequence(id), 2);
        QCOMPARE(fileRows(id), 1);
        QCOMPARE(*m_fx.context().callbacks().pendingCount(id), callbacks);

        // The holder's epoch is accepted: its numbers follow on, no duplicate.
        auto next = a().engineReports.claimSequence(id, t0 + TtlMs + 6000, holder);
        QVERIFY(next && next->has_value());
        QCOMPARE(**next, 3);
        QVERIFY(a().engineReports
                    .recordSnapshot({snapshot(id, t0 + TtlMs + 6000, 3)}, schema::DefaultLocationId,
                                    holder)
                    .ok());
        QCOMPARE(fileRows(id), 2);
        QVERIFY(*m_fx.context().callbacks().pendingCount(id) > callbacks);
        QVERIFY(a().engineReports.reportStreamState(id, QStringLiteral("live"), QString(), holder)
                    .ok());
        // An unfenced write (a spool recovered at start, no lease) is not checked.
        QVERIFY(a().engineReports.claimSequence(id, t0 + TtlMs + 7000).ok());
    }

    // An engine that claims the job again after its own lease expired holds a newer epoch:
    // writes fenced with its old epoch are refused even though the owner is the same.
    void sameOwnerOlderEpochRefused()
    {
        const qint64 t0 = now();
        const auto [id, firstEpoch] = startedAndClaimed(t0);
        QVERIFY(!id.isEmpty());
        auto reclaimed =
            LeaseRepository(m_fx.catalog()).claimUnleased(m_stale, t0 + TtlMs + 1000, TtlMs, 10);
        QVERIFY(reclaimed && reclaimed->size() == 1);
        const qint64 secondEpoch = reclaimed->constFirst().epoch;
        QVERIFY(secondEpoch > firstEpoch);
        QVERIFY(LeaseFence::isLost(
            a().engineReports.claimSequence(id, t0 + 100, {m_stale, firstEpoch}).error()));
        QVERIFY(a().engineReports.claimSequence(id, t0 + 100, {m_stale, secondEpoch}).ok());
    }

    // Usage: the stale engine's interval stops at its last heartbeat before the pause; the
    // holder's interval is extended; nothing is counted twice.
    void usageExtendIsFenced()
    {
        const qint64 t0 = now();
        const auto [id, staleEpoch] = startedAndClaimed(t0);
        QVERIFY(!id.isEmpty());
        UsageRepository usage(m_fx.catalog());
        QVERIFY(usage.open(id, QStringLiteral("cam"), m_stale, t0).ok());
        QVERIFY(usage.extend(id, t0, t0 + 1000, {m_stale, staleEpoch}).ok());

        const qint64 takeoverMs = t0 + TtlMs + 5000;
        const qint64 holderEpoch = takeOver(takeoverMs);
        QVERIFY(holderEpoch > staleEpoch);
        QVERIFY(usage.open(id, QStringLiteral("cam"), m_holder, takeoverMs).ok());
        QVERIFY(usage.extend(id, takeoverMs, takeoverMs + 4000, {m_holder, holderEpoch}).ok());
        // The stale engine wakes and beats (and then closes) its interval: refused silently.
        QVERIFY(usage.extend(id, t0, takeoverMs + 4000, {m_stale, staleEpoch}).ok());

        auto intervals = usage.overlapping(t0 - 1, takeoverMs + 100000, id);
        QVERIFY(intervals);
        QCOMPARE(intervals->size(), 2);
        QCOMPARE(intervals->at(0).startMs, t0);
        QCOMPARE(intervals->at(0).endMs, t0 + 1000);
        QCOMPARE(intervals->at(1).startMs, takeoverMs);
        QCOMPARE(intervals->at(1).endMs, takeoverMs + 4000);
    }

    // The outbox: only a job's oldest callback is claimable, one engine claims it, and a dead
    // engine's claim is taken by another once it expires.
    void callbacksClaimedOnceInOrderPerJob()
    {
        CallbackRepository &outbox = m_fx.context().callbacks();
        const qint64 t0 = now();
        auto queue = [&](const QString &eventId, const QString &jobId) {
            return outbox.enqueue(PendingCallback{eventId, 0, jobId, QStringLiteral("T"),
                                                  QStringLiteral("http://127.0.0.1:9/cb"),
                                                  QByteArrayLiteral("{}"), 0},
                                  t0);
        };
        QVERIFY(queue(QStringLiteral("e1"), QStringLiteral("job-1")).ok());
        QVERIFY(queue(QStringLiteral("e2"), QStringLiteral("job-1")).ok());
        QVERIFY(queue(QStringLiteral("e3"), QStringLiteral("job-2")).ok());
        auto ids = [](const Result<QList<PendingCallback>> &claimed) {
            QStringList out;
            for (const PendingCallback &c : *claimed) {
                out << c.eventId;
            }
            return out;
        };
        auto a = outbox.claimDue(m_stale, t0 + 10, t0 + 60000, 16);
        QVERIFY(a);
        QCOMPARE(ids(a), (QStringList{QStringLiteral("e1"), QStringLiteral("e3")}));
        // The other engine gets nothing: e1 and e3 are claimed, e2 waits behind e1.
        auto b = outbox.claimDue(m_holder, t0 + 20, t0 + 60000, 16);
        QVERIFY(b);
        QVERIFY(b->isEmpty());
        // e1 delivered: e2 is the head now, and the other engine may claim it.
        QVERIFY(outbox.remove(QStringLiteral("e1"), m_stale).ok());
        b = outbox.claimDue(m_holder, t0 + 30, t0 + 120000, 16);
        QCOMPARE(ids(b), QStringList{QStringLiteral("e2")});
        // The first engine died holding e3: once its claim expires another engine takes it,
        // and the dead one can no longer settle it.
        b = outbox.claimDue(m_holder, t0 + 60001, t0 + 120000, 16);
        QCOMPARE(ids(b), QStringList{QStringLiteral("e3")});
        QVERIFY(outbox.remove(QStringLiteral("e3"), m_stale).ok());
        QCOMPARE(*outbox.pendingCount(QStringLiteral("job-2")), 1);
        QVERIFY(outbox.remove(QStringLiteral("e3"), m_holder).ok());
        QCOMPARE(*outbox.pendingCount(QStringLiteral("job-2")), 0);
    }
};

QTEST_GUILESS_MAIN(TestLeaseFencing)
#include "tst_leasefencing.moc"
