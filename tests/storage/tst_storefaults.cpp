// The upload queue against a real S3 server (moto_server, SigV4 checked) behind a fault proxy:
// a store that accepts connections and never answers (longer than the HTTP timeout), then one
// that refuses them, then a slow one, while snapshots keep coming. The queue runs on its own
// thread, as in the engine. Before the stores became asynchronous, this sequence crashed the
// engine (a nested event loop re-entered the queue and reset a store under its own request).
#include "../support/Await.h"
#include "../support/FaultProxy.h"
#include "../support/MotoServer.h"
#include "capture/CaptureWorker.h"
#include "spool/Spool.h"
#include "storage/HttpObjectStore.h"
#include "storage/UploadQueue.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

using namespace livesnap;
using test::FaultProxy;

namespace {
constexpr int HttpTimeoutMs = 1500;
} // namespace

class TestStoreFaults : public QObject {
    Q_OBJECT

private:
    test::MotoServer m_moto;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Spool> m_spool;
    std::unique_ptr<FaultProxy> m_proxy;
    QThread m_network;
    UploadQueue *m_queue = nullptr; // lives on m_network
    QList<UploadTask> m_uploaded;
    QList<UploadTask> m_superseded;
    QStringList m_errors;
    std::atomic<int> m_opened{0};
    qint64 m_nextWallMs = 1795000000000;
    int m_sequence = 0;

    UploadTask task(const QString &jobId, bool overwriteOnly)
    {
        CapturedSnapshot s;
        s.jobId = jobId;
        s.wallMs = m_nextWallMs;
        m_nextWallMs += 1000;
        s.width = 16;
        s.height = 9;
        // Different sizes: a small one that sits in a buffer and larger ones.
        ++m_sequence;
        s.jpeg = QByteArray("\xff\xd8") + QByteArray::number(s.wallMs) +
                 QByteArray((m_sequence % 3) * 40000 + 900, char('a' + m_sequence % 26)) +
                 QByteArray("\xff\xd9");
        auto entry = m_spool->write(s);
        if (!entry) {
            qWarning() << "spool write failed:" << entry.error().message;
            return {};
        }
        UploadTask t;
        t.entry = *entry;
        t.location.locationId = QStringLiteral("s3-behind-proxy");
        t.location.storageType = storage::S3;
        t.location.bucket = test::Bucket;
        t.overwriteOnly = overwriteOnly;
        SnapshotFile f;
        f.jobId = jobId;
        f.ossBucket = test::Bucket;
        f.createTimestamp = s.wallMs;
        f.sequence = m_sequence;
        f.ossObject = overwriteOnly ? QStringLiteral("faults/%1.jpg").arg(jobId)
                                    : QStringLiteral("faults/%1/%2.jpg").arg(jobId).arg(m_sequence);
        f.isOverlay = overwriteOnly;
        t.objects << f;
        return t;
    }

    void enqueue(const UploadTask &t)
    {
        UploadQueue *queue = m_queue;
        QMetaObject::invokeMethod(
            queue, [queue, t] { queue->enqueue(t); }, Qt::QueuedConnection);
    }

    // A store straight on moto (not through the proxy), to read back what arrived.
    std::unique_ptr<S3Store> directStore() const
    {
        auto s = std::make_unique<S3Store>(m_moto.endpoint, test::Bucket,
                                           QStringLiteral("us-east-1"), true, m_moto.credentials);
        s->setTimeout(std::chrono::seconds(20));
        return s;
    }

    static QByteArray readFile(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    // Every uploaded real-time object holds its spool file's bytes, read back from moto.
    void verifyStored(const QList<UploadTask> &tasks)
    {
        auto s3 = directStore();
        for (const UploadTask &t : tasks) {
            const QByteArray spooled = readFile(t.entry.path);
            QVERIFY2(!spooled.isEmpty(), qPrintable(t.entry.path));
            for (const SnapshotFile &f : t.objects) {
                const auto back = test::awaitGet(*s3, f.ossObject);
                QVERIFY2(back.ok(), qPrintable(f.ossObject + QLatin1Char(' ') +
                                               (back ? QString() : back.error().message)));
                QCOMPARE(back->size(), spooled.size());
                QVERIFY(*back == spooled);
            }
        }
    }

private slots:
    void initTestCase()
    {
        qRegisterMetaType<UploadTask>();
        QVERIFY2(!qEnvironmentVariable("LIVESNAP_TEST_SUPPORT").isEmpty(),
                 "LIVESNAP_TEST_SUPPORT is not set (run through ctest)");
        const QString why = m_moto.start(true);
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_spool = std::make_unique<Spool>(m_dir->filePath(QStringLiteral("spool")));
        m_proxy = std::make_unique<FaultProxy>(quint16(m_moto.endpoint.port()));
        QVERIFY(m_proxy->start());
        m_uploaded.clear();
        m_superseded.clear();
        m_errors.clear();
        m_opened = 0;

        const QUrl endpoint(QStringLiteral("http://127.0.0.1:%1").arg(m_proxy->port()));
        const StorageCredentials key = m_moto.credentials;
        // Opens on another thread and calls back from there, as the engine's opener does.
        m_queue = new UploadQueue(
            [this, endpoint, key](const StorageLocation &, UploadQueue::StoreOpened opened) {
                ++m_opened;
                QThreadPool::globalInstance()->start([endpoint, key, opened] {
                    auto store = std::make_unique<S3Store>(endpoint, test::Bucket,
                                                           QStringLiteral("us-east-1"), true, key);
                    store->setTimeout(std::chrono::milliseconds(HttpTimeoutMs));
                    opened(std::unique_ptr<ObjectStore>(std::move(store)));
                });
            });
        m_queue->setBackoff(100, 400);
        m_queue->moveToThread(&m_network);
        connect(&m_network, &QThread::finished, m_queue, &QObject::deleteLater);
        connect(
            m_queue, &UploadQueue::uploaded, this, [this](const UploadTask &t) { m_uploaded << t; },
            Qt::QueuedConnection);
        connect(
            m_queue, &UploadQueue::superseded, this,
            [this](const UploadTask &t) { m_superseded << t; }, Qt::QueuedConnection);
        connect(
            m_queue, &UploadQueue::uploadFailed, this,
            [this](const UploadTask &, const QString &error, int) { m_errors << error; },
            Qt::QueuedConnection);
        m_network.start();
    }

    void cleanup()
    {
        m_network.quit();
        QVERIFY(m_network.wait(10000));
        m_queue = nullptr;
        m_proxy.reset();
    }

    void blackHoleThenRefusingThenBackDeliversEverything()
    {
        QList<UploadTask> realTime;
        QList<UploadTask> overwrite;
        // Snapshots keep coming, every 150 ms, through three phases of the store.
        auto produce = [&](int count) {
            for (int i = 0; i < count; ++i) {
                UploadTask rt = task(QStringLiteral("jobA"), false);
                QVERIFY(!rt.entry.path.isEmpty());
                realTime << rt;
                enqueue(rt);
                if (i % 2 == 0) {
                    UploadTask ow = task(QStringLiteral("jobB"), true);
                    overwrite << ow;
                    enqueue(ow);
                }
                QTest::qWait(150);
            }
        };

        // 1. Accepts connections, never answers: every try ends at the HTTP timeout.
        m_proxy->setMode(FaultProxy::Mode::BlackHole);
        produce(24); // about 3.6 s: two timeouts and more
        QTRY_VERIFY_WITH_TIMEOUT(!m_errors.isEmpty(), 2 * HttpTimeoutMs + 1000);
        QVERIFY2(m_errors.constFirst().contains(QLatin1String("did not answer")),
                 qPrintable(m_errors.constFirst()));
        QVERIFY(m_uploaded.isEmpty());
        QVERIFY(m_proxy->accepted() > 0);

        // 2. Nothing listens any more; the hung connections are gone too.
        const qsizetype beforeRefusal = m_errors.size();
        m_proxy->setMode(FaultProxy::Mode::Refuse);
        produce(10);
        QTRY_VERIFY_WITH_TIMEOUT(m_errors.size() > beforeRefusal + 1, 3000);
        QVERIFY(m_uploaded.isEmpty());
        const QString refused = m_errors.constLast();
        QVERIFY2(refused.contains(QLatin1String("Cannot reach")) ||
                     refused.contains(QLatin1String("did not answer")),
                 qPrintable(refused));

        // 3. Back: everything waiting goes, in order; only superseded overwrite ones are dropped.
        m_proxy->setMode(FaultProxy::Mode::Pass);
        const qsizetype expected = realTime.size() + overwrite.size() - m_superseded.size();
        QTRY_COMPARE_WITH_TIMEOUT(m_uploaded.size(), expected, 20000);
        QTest::qWait(300);
        QCOMPARE(m_uploaded.size(), expected); // and none twice

        QStringList uploadedRealTime;
        for (const UploadTask &t : std::as_const(m_uploaded)) {
            if (!t.overwriteOnly) {
                uploadedRealTime << t.entry.path;
            }
        }
        QStringList producedRealTime;
        for (const UploadTask &t : std::as_const(realTime)) {
            producedRealTime << t.entry.path;
        }
        QCOMPARE(uploadedRealTime, producedRealTime); // every one, in capture order
        QVERIFY(!m_superseded.isEmpty());
        verifyStored(realTime);
        // The overwrite object holds the newest overwrite snapshot.
        auto s3 = directStore();
        const auto newest = test::awaitGet(*s3, QStringLiteral("faults/jobB.jpg"));
        QVERIFY(newest.ok());
        QVERIFY(*newest == readFile(overwrite.constLast().entry.path));
    }

    void slowStoreUploadsOneAtATimeInOrder()
    {
        constexpr int DelayMs = 500; // under the HTTP timeout: slow, not failing
        m_proxy->setMode(FaultProxy::Mode::Slow, DelayMs);
        QList<UploadTask> tasks;
        QElapsedTimer elapsed;
        elapsed.start();
        for (int i = 0; i < 5; ++i) {
            tasks << task(QStringLiteral("jobS"), false);
            enqueue(tasks.constLast());
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_uploaded.size(), tasks.size(), 20000);
        QVERIFY(m_errors.isEmpty());
        // One upload at a time per location: five delayed answers one after the other.
        QVERIFY2(elapsed.elapsed() >= 5 * DelayMs,
                 qPrintable(QStringLiteral("%1 ms").arg(elapsed.elapsed())));
        for (int i = 0; i < tasks.size(); ++i) {
            QCOMPARE(m_uploaded.at(i).entry.path, tasks.at(i).entry.path);
            QCOMPARE(m_uploaded.at(i).attempts, 1);
        }
        verifyStored(tasks);
        QCOMPARE(m_opened.load(), 1);
    }
};

QTEST_GUILESS_MAIN(TestStoreFaults)
#include "tst_storefaults.moc"
