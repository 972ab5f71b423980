#include "../support/Await.h"
#include "storage/LocalFolderStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <optional>
#include <sys/stat.h>

using namespace livesnap;

class TestLocalFolderStore : public QObject {
    Q_OBJECT

private slots:
    void putGetRemove()
    {
        QTemporaryDir dir;
        LocalFolderStore store(dir.path());
        QVERIFY(store.put(QStringLiteral("snapshot/j/1/100.jpg"), "abc").ok());
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("snapshot/j/1/100.jpg"))));
        QCOMPARE(*store.get(QStringLiteral("snapshot/j/1/100.jpg")), QByteArray("abc"));
        // Overwrite replaces the bytes.
        QVERIFY(store.put(QStringLiteral("snapshot/j/1/100.jpg"), "defg").ok());
        QCOMPARE(*store.get(QStringLiteral("snapshot/j/1/100.jpg")), QByteArray("defg"));
        QVERIFY(store.remove(QStringLiteral("snapshot/j/1/100.jpg")).ok());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("snapshot/j/1/100.jpg"))));
        // Empty folders are tidied, the root stays.
        QVERIFY(!QDir(dir.filePath(QStringLiteral("snapshot"))).exists());
        QVERIFY(QDir(dir.path()).exists());
        // Removing a missing object succeeds.
        QVERIFY(store.remove(QStringLiteral("snapshot/none.jpg")).ok());
        QVERIFY(store.remove(QStringLiteral("nofolder/none.jpg")).ok());
        QCOMPARE(store.get(QStringLiteral("snapshot/none.jpg")).error().code,
                 QStringLiteral("StorageObjectNotFound"));
    }

    void putFileStoresTheSpooledBytesWhole()
    {
        QTemporaryDir dir;
        const QString spooled = dir.filePath(QStringLiteral("spooled.jpg"));
        QFile source(spooled);
        QVERIFY(source.open(QIODevice::WriteOnly));
        source.write(QByteArray(20000, 's'));
        source.close();
        LocalFolderStore store(dir.filePath(QStringLiteral("root")));
        QVERIFY(store.putFile(QStringLiteral("snapshot/j/1.jpg"), spooled).ok());
        const QString stored = dir.filePath(QStringLiteral("root/snapshot/j/1.jpg"));
        QCOMPARE(QFileInfo(stored).size(), 20000);
        // Same file system: a hard link to the spooled file, no copy.
        struct stat a {
        }, b{};
        QCOMPARE(::stat(QFile::encodeName(stored).constData(), &a), 0);
        QCOMPARE(::stat(QFile::encodeName(spooled).constData(), &b), 0);
        QCOMPARE(a.st_ino, b.st_ino);
        QCOMPARE(QDir(dir.filePath(QStringLiteral("root/snapshot/j")))
                     .entryList(QDir::Files | QDir::Hidden),
                 QStringList{QStringLiteral("1.jpg")});
        // A spool file that is gone is an error, not an empty object.
        QVERIFY(!store
                     .putFile(QStringLiteral("snapshot/j/2.jpg"),
                              dir.filePath(QStringLiteral("missing.jpg")))
                     .ok());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("root/snapshot/j/2.jpg"))));
    }

    // A job folder replaced by a symbolic link to a folder outside the store: no write, read
    // or removal reaches the outside file.
    void symlinkedFolderIsNotFollowed()
    {
        QTemporaryDir dir;
        const QString outside = dir.filePath(QStringLiteral("outside"));
        QVERIFY(QDir().mkpath(outside));
        QFile victim(outside + QStringLiteral("/1.jpg"));
        QVERIFY(victim.open(QIODevice::WriteOnly));
        victim.write("precious");
        victim.close();
        const QString root = dir.filePath(QStringLiteral("root"));
        QVERIFY(QDir().mkpath(root + QStringLiteral("/snapshot")));
        QVERIFY(QFile::link(outside, root + QStringLiteral("/snapshot/job")));
        LocalFolderStore store(root);

        const Status removed = store.remove(QStringLiteral("snapshot/job/1.jpg"));
        QVERIFY(!removed.ok());
        QVERIFY2(removed.error().message.contains(QStringLiteral("symbolic link")),
                 qPrintable(removed.error().message));
        QVERIFY(QFile::exists(victim.fileName()));
        QVERIFY(!store.get(QStringLiteral("snapshot/job/1.jpg")).ok());
        QVERIFY(!store.put(QStringLiteral("snapshot/job/1.jpg"), "overwritten").ok());
        QVERIFY(!store.put(QStringLiteral("snapshot/job/2.jpg"), "new").ok());
        QVERIFY(!QFile::exists(outside + QStringLiteral("/2.jpg")));
        QVERIFY(victim.open(QIODevice::ReadOnly));
        QCOMPARE(victim.readAll(), QByteArray("precious"));
        victim.close();

        // Higher up too: the whole "snapshot" folder is a link.
        QVERIFY(QFile::remove(root + QStringLiteral("/snapshot/job")));
        QVERIFY(QDir(root).rmdir(QStringLiteral("snapshot")));
        QVERIFY(QDir().mkpath(outside + QStringLiteral("/job")));
        QVERIFY(QFile::copy(victim.fileName(), outside + QStringLiteral("/job/1.jpg")));
        QVERIFY(QFile::link(outside, root + QStringLiteral("/snapshot")));
        QVERIFY(!store.remove(QStringLiteral("snapshot/job/1.jpg")).ok());
        QVERIFY(QFile::exists(outside + QStringLiteral("/job/1.jpg")));
        QVERIFY(QFile::exists(outside)); // the tidy-up does not remove through the link either
    }

    // An object replaced by a symbolic link: reading refuses it, writing replaces the link
    // itself, removing removes the link; the outside file is never touched.
    void symlinkedObjectIsNotFollowed()
    {
        QTemporaryDir dir;
        QFile victim(dir.filePath(QStringLiteral("outside.jpg")));
        QVERIFY(victim.open(QIODevice::WriteOnly));
        victim.write("precious");
        victim.close();
        const QString root = dir.filePath(QStringLiteral("root"));
        QVERIFY(QDir().mkpath(root + QStringLiteral("/snapshot")));
        const QString object = root + QStringLiteral("/snapshot/a.jpg");
        QVERIFY(QFile::link(victim.fileName(), object));
        LocalFolderStore store(root);
        QVERIFY(!store.get(QStringLiteral("snapshot/a.jpg")).ok());
        QVERIFY(store.remove(QStringLiteral("snapshot/a.jpg")).ok());
        QVERIFY(!QFileInfo(object).isSymLink());
        QVERIFY(QFile::exists(victim.fileName()));
        QVERIFY(QDir().mkpath(root + QStringLiteral("/snapshot"))); // tidied when emptied
        QVERIFY(QFile::link(victim.fileName(), object));
        QVERIFY(store.put(QStringLiteral("snapshot/a.jpg"), "new").ok());
        QVERIFY(!QFileInfo(object).isSymLink());
        QCOMPARE(*store.get(QStringLiteral("snapshot/a.jpg")), QByteArray("new"));
        QVERIFY(victim.open(QIODevice::ReadOnly));
        QCOMPARE(victim.readAll(), QByteArray("precious"));
    }

    void refusesKeysLeavingTheRoot()
    {
        QTemporaryDir dir;
        LocalFolderStore store(dir.filePath(QStringLiteral("root")));
        for (const QString &key : {QStringLiteral("../escape.jpg"), QStringLiteral("/etc/x.jpg"),
                                   QStringLiteral("a/../../x.jpg"), QString()}) {
            const Status s = store.put(key, "x");
            QVERIFY2(!s.ok(), qPrintable(key));
            QCOMPARE(s.error().code, QStringLiteral("InvalidParameter.ObjectKey"));
        }
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("escape.jpg"))));
    }

    // Readers on this machine (the GUI's thumbnails) open local objects directly.
    void localPathOfNamesTheFileInsideTheRootOnly()
    {
        QTemporaryDir dir;
        LocalFolderStore store(dir.filePath(QStringLiteral("root")));
        QVERIFY(store.put(QStringLiteral("snapshot/a/1.jpg"), "jpeg").ok());
        const QString path = store.localPathOf(QStringLiteral("snapshot/a/1.jpg"));
        QCOMPARE(
            QFileInfo(path).canonicalFilePath(),
            QFileInfo(dir.filePath(QStringLiteral("root/snapshot/a/1.jpg"))).canonicalFilePath());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("jpeg"));
        QVERIFY(store.localPathOf(QStringLiteral("../escape.jpg")).isEmpty());
        const ObjectStore &asStore = store;
        QCOMPARE(asStore.localPathOf(QStringLiteral("snapshot/a/1.jpg")), path);
    }

    void probe()
    {
        QTemporaryDir dir;
        LocalFolderStore store(dir.path());
        QVERIFY(test::awaitProbe(store).ok());
        // Nothing is left behind.
        QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::Hidden),
                 QStringList());
    }

    void unwritableFolderGivesAClearError()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        LocalFolderStore store(dir.filePath(QStringLiteral("file/sub")));
        const Status s = store.put(QStringLiteral("a.jpg"), "x");
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, QStringLiteral("StorageUnavailable"));
        QVERIFY(!test::awaitProbe(store).ok());
    }

    // The asynchronous calls do the same work and answer later from the event loop, never
    // inside the call.
    void asynchronousCallsAnswerLater()
    {
        QTemporaryDir dir;
        LocalFolderStore store(dir.path());
        const QString key = QStringLiteral("snapshot/j/1/200.jpg");
        std::optional<Status> answer;
        store.put(key, "xyz", [&answer](const Status &s) { answer = s; });
        QVERIFY(!answer.has_value());
        QCOMPARE(store.inFlight(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 2000);
        QVERIFY(answer->ok());
        QCOMPARE(store.inFlight(), 0);
        QCOMPARE(*test::awaitGet(store, key), QByteArray("xyz"));
        QVERIFY(test::awaitRemove(store, key).ok());
        QVERIFY(!QFile::exists(dir.filePath(key)));
        QVERIFY(!test::awaitGet(store, key).ok());
    }
};

QTEST_GUILESS_MAIN(TestLocalFolderStore)
#include "tst_localfolderstore.moc"
