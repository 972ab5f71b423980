#include "../support/Await.h"
#include "storage/LocalFolderStore.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

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
        QVERIFY(!store.get(QStringLiteral("snapshot/none.jpg")).ok());
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
