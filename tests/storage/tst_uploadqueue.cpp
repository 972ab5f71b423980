#include "capture/CaptureWorker.h"
#include "catalog/Schema.h"
#include "engine/SnapshotSink.h"
#include "service/SnapshotService.h"
#include "spool/Spool.h"
#include "storage/LocalFolderStore.h"
#include "storage/UploadQueue.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace livesnap;

namespace {

constexpr int FirstBackoffMs = 50;
constexpr int MaxBackoffMs = 400;

// What the queue reported for one failed attempt, and when.
struct Failure {
    QString path;
    QString locationId;
    int attempts = 0;
    QString error;
    int delayMs = 0;
    qint64 atMs = 0;
};

// The delay before the n-th retry (0-based) without jitter.
int nominalDelay(int n)
{
    qint64 d = FirstBackoffMs;
    for (int i = 0; i < n && d < MaxBackoffMs; ++i) {
        d *= 2;
    }
    return static_cast<int>(std::min<qint64>(d, MaxBackoffMs));
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestUploadQueue : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Spool> m_spool;
    std::unique_ptr<UploadQueue> m_queue;
    QList<Failure> m_failures;
    QList<UploadTask> m_uploaded;
    QList<UploadTask> m_superseded;
    QElapsedTimer m_clock;
    int m_opened = 0;
    qint64 m_nextWallMs = 1795000000000;

    QString path(const QString &name) const { return m_dir->filePath(name); }

    // A local-folder location whose root lies below `parent`.
    StorageLocation location(const QString &id, const QString &parent) const
    {
        StorageLocation l;
        l.locationId = id;
        l.storageType = storage::Local;
        l.bucket = id;
        l.path = parent + QStringLiteral("/store");
        return l;
    }

    // A regular file where the store root's parent folder should be: every write fails.
    static bool block(const QString &parent)
    {
        if (QFileInfo(parent).isDir() && !QDir(parent).removeRecursively()) {
            return false;
        }
        QFile blocker(parent);
        if (!blocker.open(QIODevice::WriteOnly)) {
            return false;
        }
        blocker.write("not a folder");
        return true;
    }

    static bool unblock(const QString &parent) { return QFile::remove(parent); }

    // A snapshot spooled for real, bound for `where`: overwrite-only tasks write the job's
    // overwrite object, real-time ones a sequence object of their own.
    UploadTask task(const QString &jobId, const StorageLocation &where, bool overwriteOnly)
    {
        CapturedSnapshot s;
        s.jobId = jobId;
        s.wallMs = m_nextWallMs;
        m_nextWallMs += 5000;
        s.width = 4;
        s.height = 2;
        s.jpeg = QByteArray("\xff\xd8 fake jpeg ") + jobId.toUtf8() + ' ' +
                 QByteArray::number(s.wallMs) + QByteArray(200, 'x');
        auto entry = m_spool->write(s);
        if (!entry) {
            qWarning() << "spool write failed:" << entry.error().message;
            return {};
        }
        UploadTask t;
        t.entry = *entry;
        t.location = where;
        t.overwriteOnly = overwriteOnly;
        SnapshotFile f;
        f.jobId = jobId;
        f.ossBucket = where.bucket;
        f.createTimestamp = s.wallMs;
        f.ossObject = overwriteOnly ? QStringLiteral("ow/%1.jpg").arg(jobId)
                                    : QStringLiteral("rt/%1/%2.jpg").arg(jobId).arg(s.wallMs);
        f.isOverlay = overwriteOnly;
        t.objects << f;
        return t;
    }

    // The queue answers from the event loop: spins it until `count` failures were reported
    // (checked every few milliseconds, well within the first backoff), at most 2 s.
    bool waitForFailures(qsizetype count, const QString &locationId = QString())
    {
        return QTest::qWaitFor(
            [&] {
                return (locationId.isEmpty() ? m_failures : failuresOf(locationId)).size() >= count;
            },
            2000);
    }

    static QStringList paths(const QList<UploadTask> &tasks)
    {
        QStringList out;
        for (const UploadTask &t : tasks) {
            out << t.entry.path;
        }
        return out;
    }

    QList<Failure> failuresOf(const QString &locationId) const
    {
        QList<Failure> out;
        std::copy_if(m_failures.cbegin(), m_failures.cend(), std::back_inserter(out),
                     [&](const Failure &f) { return f.locationId == locationId; });
        return out;
    }

    // Every object of `t` holds exactly the bytes of its spool file.
    static bool storedAsSpooled(const UploadTask &t, QString *why)
    {
        const QByteArray spooled = readFile(t.entry.path);
        if (spooled.isEmpty()) {
            *why = QStringLiteral("spool file missing: ") + t.entry.path;
            return false;
        }
        for (const SnapshotFile &f : t.objects) {
            const QString stored = t.location.path + QLatin1Char('/') + f.ossObject;
            if (readFile(stored) != spooled) {
                *why = QStringLiteral("object differs from the spool file: ") + stored;
                return false;
            }
        }
        return true;
    }

private slots:
    void initTestCase()
    {
        qRegisterMetaType<UploadTask>();
        qRegisterMetaType<SpoolEntry>();
    }

    void init()
    {
        m_queue.reset();
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_spool = std::make_unique<Spool>(path(QStringLiteral("spool")));
        m_failures.clear();
        m_uploaded.clear();
        m_superseded.clear();
        m_opened = 0;
        m_queue = std::make_unique<UploadQueue>(
            [this](const StorageLocation &l, const UploadQueue::StoreOpened &opened) {
                ++m_opened;
                opened(std::unique_ptr<ObjectStore>(std::make_unique<LocalFolderStore>(l.path)));
            });
        m_queue->setBackoff(FirstBackoffMs, MaxBackoffMs);
        m_clock.start();
        connect(m_queue.get(), &UploadQueue::uploadFailed, m_queue.get(),
                [this](const UploadTask &t, const QString &error, int retryInMs) {
                    m_failures << Failure{t.entry.path, t.location.locationId, t.attempts, error,
                                          retryInMs,    m_clock.elapsed()};
                });
        connect(m_queue.get(), &UploadQueue::uploaded, m_queue.get(),
                [this](const UploadTask &t) { m_uploaded << t; });
        connect(m_queue.get(), &UploadQueue::superseded, m_queue.get(),
                [this](const UploadTask &t) { m_superseded << t; });
    }

    void cleanup() { m_queue.reset(); }

    void uploadsEachTaskOnceWithTheSpooledBytes()
    {
        const StorageLocation loc = location(QStringLiteral("loc"), path(QStringLiteral("ok")));
        QSignalSpy uploaded(m_queue.get(), &UploadQueue::uploaded);
        QList<UploadTask> tasks;
        tasks << task(QStringLiteral("jobA"), loc, false)
              << task(QStringLiteral("jobA"), loc, false)
              << task(QStringLiteral("jobB"), loc, true);
        // A real-time task with both objects, as a job with both formats produces.
        UploadTask both = task(QStringLiteral("jobC"), loc, false);
        SnapshotFile overlay = both.objects.constFirst();
        overlay.ossObject = QStringLiteral("ow/jobC.jpg");
        overlay.isOverlay = true;
        both.objects << overlay;
        tasks << both;
        for (const UploadTask &t : tasks) {
            QVERIFY(!t.entry.path.isEmpty());
            m_queue->enqueue(t);
        }
        QTRY_COMPARE_WITH_TIMEOUT(uploaded.count(), tasks.size(), 2000);
        QTest::qWait(3 * FirstBackoffMs); // and no second time
        QCOMPARE(uploaded.count(), tasks.size());
        QCOMPARE(paths(m_uploaded), paths(tasks));
        QVERIFY(m_failures.isEmpty());
        QVERIFY(m_superseded.isEmpty());
        QCOMPARE(m_queue->pendingCount(), 0);
        for (const UploadTask &t : std::as_const(m_uploaded)) {
            QCOMPARE(t.attempts, 1);
            QString why;
            QVERIFY2(storedAsSpooled(t, &why), qPrintable(why));
        }
        QCOMPARE(m_uploaded.constLast().objects.size(), 2);
        QCOMPARE(m_opened, 1); // one store per location, kept while it works
    }

    void failingStoreBacksOffKeepsOrderAndRecovers()
    {
        const QString parent = path(QStringLiteral("blocked"));
        QVERIFY(block(parent));
        const StorageLocation loc = location(QStringLiteral("loc"), parent);
        const QList<UploadTask> tasks{task(QStringLiteral("jobA"), loc, false),
                                      task(QStringLiteral("jobA"), loc, false),
                                      task(QStringLiteral("jobB"), loc, false)};

        m_queue->enqueue(tasks.at(0));
        QVERIFY(waitForFailures(1));
        QCOMPARE(m_failures.size(), 1);
        QVERIFY(!m_failures.constFirst().error.isEmpty());
        m_queue->enqueue(tasks.at(1));
        m_queue->enqueue(tasks.at(2));
        QCOMPARE(m_failures.size(), 1); // the tasks behind the head wait for its retry
        QCOMPARE(m_queue->pendingCount(), 3);

        constexpr int Retries = 7; // 50, 100, 200, 400 (cap), 400, 400, 400
        QTRY_VERIFY_WITH_TIMEOUT(m_failures.size() >= Retries, 10000);
        QVERIFY(m_uploaded.isEmpty());
        QVERIFY(!QFileInfo::exists(loc.path));
        bool jittered = false;
        for (int i = 0; i < m_failures.size(); ++i) {
            const Failure &f = m_failures.at(i);
            QCOMPARE(f.path, tasks.at(0).entry.path); // only the head is tried
            QCOMPARE(f.attempts, i + 1);
            const int nominal = nominalDelay(i);
            const QByteArray where = "retry " + QByteArray::number(i) + ": delay " +
                                     QByteArray::number(f.delayMs) + ", nominal " +
                                     QByteArray::number(nominal);
            // Exponential, capped, with at most +-20 % jitter.
            QVERIFY2(f.delayMs >= nominal - nominal / 5, where.constData());
            QVERIFY2(f.delayMs <= nominal + nominal / 5, where.constData());
            QVERIFY2(f.delayMs <= MaxBackoffMs + MaxBackoffMs / 5, where.constData());
            if (i > 0) {
                const int previousLower = nominalDelay(i - 1) - nominalDelay(i - 1) / 5;
                QVERIFY2(f.delayMs >= previousLower, where.constData());
                // The retry really waited for the announced delay (coarse timers: 5 %).
                const Failure &previous = m_failures.at(i - 1);
                QVERIFY2(f.atMs - previous.atMs >= previous.delayMs * 94 / 100 - 1,
                         qPrintable(QStringLiteral("retry %1 came after %2 ms, announced %3 ms")
                                        .arg(i)
                                        .arg(f.atMs - previous.atMs)
                                        .arg(previous.delayMs)));
            }
            jittered = jittered || f.delayMs != nominal;
        }
        QVERIFY2(jittered, "no jitter at all over several retries");
        QCOMPARE(m_queue->pendingCount(), 3);

        // The store comes back: everything goes, in order.
        QVERIFY(unblock(parent));
        QTRY_COMPARE_WITH_TIMEOUT(m_uploaded.size(), tasks.size(), 5000);
        QCOMPARE(paths(m_uploaded), paths(tasks));
        const int failed = static_cast<int>(m_failures.size());
        QCOMPARE(m_uploaded.at(0).attempts, failed + 1);
        QCOMPARE(m_uploaded.at(1).attempts, 1);
        QCOMPARE(m_uploaded.at(2).attempts, 1);
        for (const UploadTask &t : std::as_const(m_uploaded)) {
            QString why;
            QVERIFY2(storedAsSpooled(t, &why), qPrintable(why));
        }
        QCOMPARE(m_queue->pendingCount(), 0);
        QTest::qWait(MaxBackoffMs);
        QCOMPARE(m_failures.size(), failed);
        QCOMPARE(m_uploaded.size(), tasks.size());

        // A success resets the backoff: the next outage starts again at the first delay.
        QVERIFY(block(parent));
        m_queue->enqueue(task(QStringLiteral("jobA"), loc, false));
        QVERIFY(waitForFailures(failed + 1));
        QCOMPARE(m_failures.size(), failed + 1);
        QVERIFY(m_failures.constLast().delayMs <= FirstBackoffMs + FirstBackoffMs / 5);
        QVERIFY(m_failures.constLast().delayMs >= FirstBackoffMs - FirstBackoffMs / 5);
    }

    void newerOverwriteSnapshotSupersedesOlderOnesOfTheSameJob()
    {
        const QString parent = path(QStringLiteral("blocked"));
        QVERIFY(block(parent));
        const StorageLocation loc = location(QStringLiteral("loc"), parent);
        const QString a = QStringLiteral("jobA");
        const QString b = QStringLiteral("jobB");
        const UploadTask aOw1 = task(a, loc, true);
        const UploadTask aRt1 = task(a, loc, false);
        const UploadTask aOw2 = task(a, loc, true);
        const UploadTask bOw1 = task(b, loc, true);
        const UploadTask aRt2 = task(a, loc, false);
        const UploadTask aOw3 = task(a, loc, true);
        for (const UploadTask &t : {aOw1, aRt1, aOw2, bOw1, aRt2, aOw3}) {
            QVERIFY(!t.entry.path.isEmpty());
        }
        // The store is down: the first try failed before the others come (a head still being
        // uploaded is never superseded; one waiting for its retry is).
        m_queue->enqueue(aOw1);
        QVERIFY(waitForFailures(1));
        for (const UploadTask &t : {aRt1, aOw2, bOw1, aRt2, aOw3}) {
            m_queue->enqueue(t);
        }
        QCOMPARE(paths(m_superseded), (QStringList{aOw1.entry.path, aOw2.entry.path}));
        QCOMPARE(m_queue->pendingCount(), 4);

        QVERIFY(unblock(parent));
        QTRY_COMPARE_WITH_TIMEOUT(m_uploaded.size(), 4, 5000);
        QTest::qWait(MaxBackoffMs);
        QCOMPARE(paths(m_uploaded),
                 (QStringList{aRt1.entry.path, bOw1.entry.path, aRt2.entry.path, aOw3.entry.path}));
        QCOMPARE(m_superseded.size(), 2);
        QCOMPARE(m_queue->pendingCount(), 0);
        for (const UploadTask &t : std::as_const(m_uploaded)) {
            QString why;
            QVERIFY2(storedAsSpooled(t, &why), qPrintable(why));
        }
        // The overwrite object holds the newest snapshot of A.
        QCOMPARE(readFile(loc.path + QStringLiteral("/ow/jobA.jpg")), readFile(aOw3.entry.path));
    }

    void oneFailingLocationDoesNotHoldUpAnother()
    {
        const QString downParent = path(QStringLiteral("down"));
        QVERIFY(block(downParent));
        const StorageLocation down = location(QStringLiteral("down"), downParent);
        const StorageLocation up = location(QStringLiteral("up"), path(QStringLiteral("up")));
        const UploadTask d1 = task(QStringLiteral("jobA"), down, false);
        const UploadTask u1 = task(QStringLiteral("jobB"), up, false);
        const UploadTask d2 = task(QStringLiteral("jobA"), down, false);
        const UploadTask u2 = task(QStringLiteral("jobB"), up, false);

        m_queue->enqueue(d1);
        QVERIFY(waitForFailures(1, down.locationId));
        QCOMPARE(failuresOf(down.locationId).size(), 1);
        m_queue->enqueue(u1);
        m_queue->enqueue(d2);
        m_queue->enqueue(u2);
        // The working location's snapshots go while the other one is still in its first wait.
        QTRY_COMPARE_WITH_TIMEOUT(m_uploaded.size(), 2, FirstBackoffMs * 4 / 5);
        QCOMPARE(paths(m_uploaded), (QStringList{u1.entry.path, u2.entry.path}));
        QTRY_VERIFY_WITH_TIMEOUT(failuresOf(down.locationId).size() >= 3, 5000);
        QCOMPARE(failuresOf(down.locationId).size(), m_failures.size()); // only `down` fails
        QCOMPARE(m_uploaded.size(), 2);
        QCOMPARE(m_queue->pendingCount(), 2);

        QVERIFY(unblock(downParent));
        QTRY_COMPARE_WITH_TIMEOUT(m_uploaded.size(), 4, 5000);
        QCOMPARE(paths(m_uploaded.mid(2)), (QStringList{d1.entry.path, d2.entry.path}));
        for (const UploadTask &t : std::as_const(m_uploaded)) {
            QString why;
            QVERIFY2(storedAsSpooled(t, &why), qPrintable(why));
        }
        QCOMPARE(m_queue->pendingCount(), 0);
    }

    void spoolIsBoundedAndDropsNothing()
    {
        const QString root = path(QStringLiteral("bounded"));
        constexpr qint64 EntrySize = 1000;
        Spool spool(root, 3 * EntrySize);
        QCOMPARE(spool.usedBytes(), 0);
        auto snapshot = [](qint64 wallMs) {
            CapturedSnapshot s;
            s.jobId = QStringLiteral("jobA");
            s.wallMs = wallMs;
            s.width = 4;
            s.height = 2;
            s.jpeg = QByteArray(EntrySize, static_cast<char>('a' + wallMs % 26));
            return s;
        };
        QList<SpoolEntry> written;
        for (qint64 i = 0; i < 3; ++i) {
            auto e = spool.write(snapshot(1795000000000 + i * 5000));
            QVERIFY2(e, e ? "" : qPrintable(e.error().message));
            QCOMPARE(e->size, EntrySize);
            written << *e;
        }
        QCOMPARE(spool.usedBytes(), 3 * EntrySize);

        const CapturedSnapshot fourth = snapshot(1795000015000);
        auto refused = spool.write(fourth);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, errc::SpoolFull);
        QVERIFY(refused.error().isUserError());
        const QString message = refused.error().message;
        QVERIFY2(message.contains(QStringLiteral("spool is full")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("raise the spool limit")), qPrintable(message));
        QCOMPARE(spool.usedBytes(), 3 * EntrySize); // the refusal reserved nothing
        QCOMPARE(spool.scan().size(), 3);           // and dropped nothing
        for (const SpoolEntry &e : std::as_const(written)) {
            QCOMPARE(readFile(e.path).size(), EntrySize);
        }
        QCOMPARE(QDir(root + QStringLiteral("/jobA")).entryList(QDir::Files).size(), 3);

        // Once one is stored (removed), there is room again.
        spool.remove(written.takeFirst());
        QCOMPARE(spool.usedBytes(), 2 * EntrySize);
        QCOMPARE(spool.scan().size(), 2);
        auto accepted = spool.write(fourth);
        QVERIFY2(accepted, accepted ? "" : qPrintable(accepted.error().message));
        written << *accepted;
        QCOMPARE(spool.usedBytes(), 3 * EntrySize);
        QCOMPARE(readFile(accepted->path), fourth.jpeg);

        // A restarted engine counts what is already there, so the bound holds across restarts.
        Spool restarted(root, 3 * EntrySize);
        qint64 sum = 0;
        for (const SpoolEntry &e : restarted.scan()) {
            sum += e.size;
        }
        QCOMPARE(sum, 3 * EntrySize);
        QCOMPARE(restarted.usedBytes(), sum);
        auto refusedAgain = restarted.write(snapshot(1795000020000));
        QVERIFY(!refusedAgain);
        QCOMPARE(refusedAgain.error().code, errc::SpoolFull);
        QCOMPARE(restarted.usedBytes(), sum);
        QCOMPARE(restarted.scan().size(), 3);
    }

    void fullSpoolIsAnAlertAndAnEventOnTheJob()
    {
        Catalog catalog;
        QVERIFY(catalog.open(path(QStringLiteral("catalog.sqlite"))).ok());
        SnapshotService service(catalog, DataDirectory(m_dir->path()));
        auto tpl = service.createLiveSnapshotTemplate(
            TemplateSpec{QStringLiteral("both"), 5, QStringLiteral("snap/{JobId}.jpg"),
                         QStringLiteral("snap/{JobId}/{Date}/{Sequence}-{UnixTimestamp}.jpg")});
        QVERIFY(tpl);
        JobSpec spec;
        spec.jobName = QStringLiteral("cam");
        spec.templateId = *tpl;
        spec.streamInput.url = QStringLiteral("rtmp://127.0.0.1/live/cam");
        spec.snapshotOutput =
            SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
        auto job = service.submitLiveSnapshotJob(spec);
        QVERIFY(job);
        const QString jobId = *job;
        QVERIFY(service.getLiveSnapshotJob(jobId)->lastError.isEmpty());

        // The real refusal of a full spool, as the capture worker reports it.
        Spool spool(path(QStringLiteral("tiny")), 10);
        CapturedSnapshot s;
        s.jobId = jobId;
        s.wallMs = 1795000000000;
        s.width = 4;
        s.height = 2;
        s.jpeg = QByteArray(100, 'j');
        auto refused = spool.write(s);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, errc::SpoolFull);
        const QString message = refused.error().message;

        SnapshotSink sink(service, spool);
        auto storageEvents = [&] {
            auto events = service.listLiveSnapshotJobEvents(jobId, 50);
            QList<JobEvent> out;
            if (events) {
                std::copy_if(
                    events->cbegin(), events->cend(), std::back_inserter(out),
                    [](const JobEvent &ev) { return ev.kind == QLatin1String("storage"); });
            }
            return out;
        };
        QVERIFY(storageEvents().isEmpty());
        sink.reportSpoolFailure(jobId, message);
        auto after = service.getLiveSnapshotJob(jobId);
        QVERIFY(after);
        QCOMPARE(after->lastError, message);
        const QList<JobEvent> events = storageEvents();
        QCOMPARE(events.size(), 1);
        QVERIFY2(events.constFirst().message.contains(message),
                 qPrintable(events.constFirst().message));
        // Reported again while still full: no flood of identical events.
        sink.reportSpoolFailure(jobId, message);
        QCOMPARE(storageEvents().size(), 1);
        QCOMPARE(service.getLiveSnapshotJob(jobId)->lastError, message);
    }
};

QTEST_GUILESS_MAIN(TestUploadQueue)
#include "tst_uploadqueue.moc"
