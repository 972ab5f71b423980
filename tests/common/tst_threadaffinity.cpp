// Thread rules in code (common/ThreadAffinity.h): an object used from a thread it does not belong
// to stops the process with a message naming the function and both threads. The breaking calls
// run in a child process (this binary re-run with --break-rule <case>), so the test sees the
// abort from outside; it does not depend on a Debug build, since LIVESNAP_THREAD_CHECKS keeps the
// check in every build type (with the option OFF in a non-Debug build it checks the opposite:
// that the rule is then not enforced, as documented).
#include "../support/Await.h"
#include "catalog/Catalog.h"
#include "common/ThreadAffinity.h"
#include "storage/LinkServer.h"
#include "storage/LocalFolderStore.h"
#include "storage/UploadQueue.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>

#include <sys/resource.h>

using namespace livesnap;

namespace {

// Runs fn on a new thread named `name` and waits for it.
void onThread(const QString &name, const std::function<void()> &fn)
{
    std::unique_ptr<QThread> thread(QThread::create(fn));
    thread->setObjectName(name);
    thread->start();
    thread->wait();
}

const QString Intruder = QStringLiteral("intruder");

// The child's cases: each breaks one rule (or, the "keeps" ones, follows it) and returns 0 if
// nothing stopped it.
int breakRule(const QByteArray &which)
{
    // An abort is expected: no core file.
    const rlimit noCore{0, 0};
    setrlimit(RLIMIT_CORE, &noCore);

    QTemporaryDir dir;
    const QString catalogPath = dir.filePath(QStringLiteral("catalog.sqlite"));
    if (which == "catalog-exec") {
        Catalog catalog;
        if (!catalog.open(catalogPath)) {
            return 3;
        }
        onThread(Intruder, [&catalog] { (void)catalog.exec(QStringLiteral("SELECT 1")); });
    } else if (which == "catalog-opened-on-engine-thread") {
        // Built on the main thread, opened on the engine thread (as EngineHost does): it belongs
        // to the engine thread from then on, and a repository-style call from main breaks it.
        Catalog catalog;
        bool opened = false;
        onThread(QStringLiteral("livesnap-engine"),
                 [&] { opened = bool(catalog.open(catalogPath)); });
        if (!opened) {
            return 3;
        }
        (void)catalog.setting(QStringLiteral("name"));
    } else if (which == "catalog-transaction") {
        Catalog catalog;
        if (!catalog.open(catalogPath)) {
            return 3;
        }
        onThread(Intruder, [&catalog] { CatalogTransaction tx(catalog); });
    } else if (which == "catalog-keeps-rule") {
        // Opened and used on the engine thread, then closed there; reopened on main and used
        // there: every call on the thread that opened it.
        Catalog catalog;
        bool ok = false;
        onThread(QStringLiteral("livesnap-engine"), [&] {
            ok = catalog.open(catalogPath) && catalog.setSetting(QStringLiteral("a"), {}) &&
                 catalog.exec(QStringLiteral("SELECT 1"));
            catalog.close();
        });
        if (!ok || !catalog.open(catalogPath) || !catalog.exec(QStringLiteral("SELECT 1"))) {
            return 3;
        }
    } else if (which == "store-busy-elsewhere") {
        // Built on a pool thread, then used on main; while main's request is in flight (its
        // answer waits for main's event loop), a call from another thread breaks the rule.
        std::unique_ptr<LocalFolderStore> store;
        onThread(QStringLiteral("pool"),
                 [&] { store = std::make_unique<LocalFolderStore>(dir.path()); });
        store->put(QStringLiteral("a.jpg"), QByteArrayLiteral("a"), [](const Status &) {});
        onThread(Intruder, [&store] { store->get(QStringLiteral("a.jpg"), [](auto) {}); });
    } else if (which == "store-probe") {
        LocalFolderStore store(dir.path());
        store.remove(QStringLiteral("a.jpg"), [](const Status &) {});
        onThread(Intruder, [&store] { store.probe([](const Status &) {}); });
    } else if (which == "upload-queue") {
        UploadQueue queue([](const StorageLocation &, UploadQueue::StoreOpened) {});
        onThread(Intruder, [&queue] { (void)queue.pendingCount(); });
    } else if (which == "link-server") {
        LinkServer server(QByteArray(32, 'k'), [](const QString &) { return std::nullopt; });
        onThread(Intruder, [&server] { (void)server.listen(0); });
    } else {
        return 4;
    }
    return 0;
}

} // namespace

class TestThreadAffinity : public QObject {
    Q_OBJECT

private:
    struct Outcome {
        QProcess::ExitStatus status;
        int code;
        QString stderrText;
    };
    static Outcome runChild(const QString &which)
    {
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("--break-rule"), which});
        if (!child.waitForFinished(30000)) {
            child.kill();
            child.waitForFinished();
        }
        return {child.exitStatus(), child.exitCode(),
                QString::fromUtf8(child.readAllStandardError())};
    }

    // The child stopped at the check with a message naming `function` and both threads.
    static void expectStopped(const QString &which, const QString &function, const QString &caller,
                              const QString &owner)
    {
        const Outcome out = runChild(which);
        if (!threadChecksActive) {
            QVERIFY2(!out.stderrText.contains(QLatin1String("thread rule broken")),
                     qPrintable(out.stderrText));
            return;
        }
        QVERIFY2(out.status == QProcess::CrashExit, qPrintable(out.stderrText));
        const QString expected = QStringLiteral("LiveSnap thread rule broken: ");
        QVERIFY2(out.stderrText.contains(expected), qPrintable(out.stderrText));
        QVERIFY2(out.stderrText.contains(function + QLatin1Char('(')), qPrintable(out.stderrText));
        QVERIFY2(out.stderrText.contains(QStringLiteral(" was called on %1 (0x").arg(caller)),
                 qPrintable(out.stderrText));
        QVERIFY2(out.stderrText.contains(QStringLiteral("belongs to %1 (0x").arg(owner)),
                 qPrintable(out.stderrText));
    }

private slots:
    void affinityBindsOnFirstCheck()
    {
        ThreadAffinity affinity;
        QCOMPARE(affinity.thread(), nullptr);
        QThread *checkedOn = nullptr;
        onThread(QStringLiteral("first"), [&] {
            affinity.check("first");
            checkedOn = QThread::currentThread();
        });
        QCOMPARE(affinity.thread(), checkedOn);
        affinity.bindToCurrentThread();
        QCOMPARE(affinity.thread(), QThread::currentThread());
        LIVESNAP_ASSERT_THREAD(affinity); // bound here now: passes
        LIVESNAP_ASSERT_THREAD(this);
    }

    // Following the rules never stops a process: the harness itself does not crash.
    void callsOnTheOwningThreadPass()
    {
        const Outcome out = runChild(QStringLiteral("catalog-keeps-rule"));
        QVERIFY2(out.status == QProcess::NormalExit && out.code == 0, qPrintable(out.stderrText));
        QVERIFY2(!out.stderrText.contains(QLatin1String("thread rule broken")),
                 qPrintable(out.stderrText));
    }

    void catalogCalledFromAnotherThreadStops()
    {
        expectStopped(QStringLiteral("catalog-exec"), QStringLiteral("livesnap::Catalog::exec"),
                      Intruder, QStringLiteral("main thread"));
    }

    void catalogBelongsToTheThreadThatOpenedIt()
    {
        expectStopped(QStringLiteral("catalog-opened-on-engine-thread"),
                      QStringLiteral("livesnap::Catalog::exec"), QStringLiteral("main thread"),
                      QStringLiteral("livesnap-engine"));
    }

    void catalogTransactionFromAnotherThreadStops()
    {
        expectStopped(QStringLiteral("catalog-transaction"),
                      QStringLiteral("livesnap::Catalog::beginTransaction"), Intruder,
                      QStringLiteral("main thread"));
    }

    void busyStoreCalledFromAnotherThreadStops()
    {
        expectStopped(QStringLiteral("store-busy-elsewhere"),
                      QStringLiteral("livesnap::LocalFolderStore::get"), Intruder,
                      QStringLiteral("main thread"));
    }

    // An idle store may move: here, then a worker thread with an event loop, then here again
    // (HttpObjectStore makes its network manager anew on the new thread; tst_s3store covers it).
    void idleStoreFollowsItsCaller()
    {
        QTemporaryDir dir;
        LocalFolderStore store(dir.path());
        QVERIFY(test::awaitPut(store, QStringLiteral("a.jpg"), "a").ok());

        QThread worker;
        worker.setObjectName(QStringLiteral("worker"));
        worker.start();
        QObject context;
        context.moveToThread(&worker);
        auto answered = std::make_shared<std::atomic<int>>(0);
        QMetaObject::invokeMethod(&context, [&store, answered] {
            store.get(QStringLiteral("a.jpg"), [answered](const Result<QByteArray> &got) {
                answered->store(got.ok() && *got == "a" ? 1 : 2);
            });
        });
        QTRY_VERIFY(answered->load() != 0);
        QCOMPARE(answered->load(), 1);
        worker.quit();
        worker.wait();
        QCOMPARE(*test::awaitGet(store, QStringLiteral("a.jpg")), QByteArray("a"));
    }

    void storeProbeFromAnotherThreadStops()
    {
        expectStopped(QStringLiteral("store-probe"), QStringLiteral("livesnap::ObjectStore::probe"),
                      Intruder, QStringLiteral("main thread"));
    }

    void uploadQueueOffItsThreadStops()
    {
        expectStopped(QStringLiteral("upload-queue"),
                      QStringLiteral("livesnap::UploadQueue::pendingCount"), Intruder,
                      QStringLiteral("main thread"));
    }

    void linkServerOffItsThreadStops()
    {
        expectStopped(QStringLiteral("link-server"), QStringLiteral("livesnap::LinkServer::listen"),
                      Intruder, QStringLiteral("main thread"));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], "--break-rule") == 0) {
        return breakRule(QByteArray(argv[2]));
    }
    TestThreadAffinity test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_threadaffinity.moc"
