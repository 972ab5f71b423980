// Storage location rules: local folders that must not hold snapshots, typed names with
// invisible characters.
#include "domain/StorageLocation.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace livesnap;

class TestStorageLocation : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

    QString home() const { return m_tmp.filePath(QStringLiteral("home/op")); }
    QString dataDir() const { return m_tmp.filePath(QStringLiteral("home/op/.local/LiveSnap")); }

    Status check(const QString &path) const
    {
        return storage::validateLocalFolder(path, dataDir(), home());
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY(QDir().mkpath(dataDir()));
    }

    void systemFoldersAreRefused_data()
    {
        QTest::addColumn<QString>("path");
        for (const char *path : {"/",
                                 "/etc",
                                 "/etc/livesnap",
                                 "/usr",
                                 "/usr/share/livesnap",
                                 "/bin",
                                 "/sbin",
                                 "/lib",
                                 "/lib64/x",
                                 "/boot",
                                 "/dev",
                                 "/dev/shm/x",
                                 "/proc",
                                 "/proc/self",
                                 "/sys",
                                 "/run",
                                 "/run/user/1000/x",
                                 "/var",
                                 "/var/lib",
                                 "/home",
                                 "/srv",
                                 "/mnt",
                                 "/media",
                                 "/opt",
                                 "/tmp",
                                 "/var/tmp",
                                 "/root"}) {
            QTest::newRow(path) << QString::fromLatin1(path);
        }
    }
    void systemFoldersAreRefused()
    {
        QFETCH(QString, path);
        const Status s = check(path);
        QVERIFY2(!s.ok(), qPrintable(path));
        QCOMPARE(s.error().code, QStringLiteral("InvalidParameter.Path"));
        QVERIFY(s.error().isUserError());
        // The message names the path and what to choose instead.
        QVERIFY2(s.error().message.contains(path) &&
                     s.error().message.contains(QStringLiteral("system folder")) &&
                     s.error().message.contains(QStringLiteral("livesnap")),
                 qPrintable(s.error().message));
    }

    void foldersOfTheirOwnAreAccepted_data()
    {
        QTest::addColumn<QString>("path");
        for (const char *path : {"/var/lib/livesnap", "/srv/livesnap", "/mnt/disk1/snapshots",
                                 "/media/usb/snaps", "/home/someone/Snapshots", "/opt/livesnap"}) {
            QTest::newRow(path) << QString::fromLatin1(path);
        }
    }
    void foldersOfTheirOwnAreAccepted()
    {
        QFETCH(QString, path);
        const Status s = check(path);
        QVERIFY2(s.ok(), s.ok() ? "" : qPrintable(s.error().message));
        QVERIFY(check(m_tmp.filePath(QStringLiteral("snaps"))).ok()); // under /tmp
    }

    void homeFolderItselfIsRefused()
    {
        for (const QString &path : QStringList{home(), home() + QLatin1Char('/'),
                                               home() + QStringLiteral("/Videos/..")}) {
            const Status s = check(QDir::cleanPath(path));
            QCOMPARE(s.error().code, QStringLiteral("InvalidParameter.Path"));
            QVERIFY2(s.error().message.contains(QStringLiteral("home folder")),
                     qPrintable(s.error().message));
        }
        QVERIFY(check(home() + QStringLiteral("/Snapshots")).ok());
    }

    void dataDirectoryItselfIsRefused()
    {
        const Status s = check(dataDir());
        QCOMPARE(s.error().code, QStringLiteral("InvalidParameter.Path"));
        QVERIFY2(s.error().message.contains(QStringLiteral("data directory")) &&
                     s.error().message.contains(dataDir() + QStringLiteral("/storage/")),
                 qPrintable(s.error().message));
        QVERIFY(check(dataDir() + QStringLiteral("/storage/archive")).ok());
    }

    // The check is made where a folder really is: through symbolic links, also of a parent of a
    // folder that does not exist yet.
    void symbolicLinksAreResolved()
    {
        const QString toEtc = m_tmp.filePath(QStringLiteral("to-etc"));
        QVERIFY(QFile::link(QStringLiteral("/etc"), toEtc));
        for (const QString &path : QStringList{toEtc, toEtc + QStringLiteral("/livesnap/new")}) {
            const Status s = check(path);
            QCOMPARE(s.error().code, QStringLiteral("InvalidParameter.Path"));
            QVERIFY2(s.error().message.contains(path) &&
                         s.error().message.contains(QStringLiteral("really /etc")),
                     qPrintable(s.error().message));
        }
        const QString toData = m_tmp.filePath(QStringLiteral("to-data"));
        QVERIFY(QFile::link(dataDir(), toData));
        QCOMPARE(check(toData).error().code, QStringLiteral("InvalidParameter.Path"));
        QVERIFY(check(toData + QStringLiteral("/storage/x")).ok());
        const QString toRoot = m_tmp.filePath(QStringLiteral("to-root"));
        QVERIFY(QFile::link(QStringLiteral("/"), toRoot));
        QCOMPARE(check(toRoot).error().code, QStringLiteral("InvalidParameter.Path"));
        QCOMPARE(check(toRoot + QStringLiteral("/usr/lib")).error().code,
                 QStringLiteral("InvalidParameter.Path"));
    }

    void invisibleCharactersInTypedFields()
    {
        StorageLocation local;
        local.storageType = storage::Local;
        local.bucket = QStringLiteral("archive");
        local.path = QStringLiteral("/srv/live\nsnap");
        QCOMPARE(local.validate().error().code, QStringLiteral("InvalidParameter.Path"));
        local.path = QStringLiteral("/srv/live\u202esnap");
        QCOMPARE(local.validate().error().code, QStringLiteral("InvalidParameter.Path"));
        local.path = QStringLiteral("/srv/livesnap");
        QVERIFY(local.validate().ok());

        StorageLocation s3;
        s3.storageType = storage::S3;
        s3.bucket = QStringLiteral("snaps");
        s3.endpoint = QStringLiteral("https://s3.example.com");
        s3.region = QStringLiteral("us-east-1");
        QVERIFY(s3.validate().ok());
        s3.region = QStringLiteral("us-east-1\u2066");
        QCOMPARE(s3.validate().error().code, QStringLiteral("InvalidParameter.Region"));
        s3.region = QStringLiteral("us\teast");
        QCOMPARE(s3.validate().error().code, QStringLiteral("InvalidParameter.Region"));
        s3.region = QStringLiteral("us-east-1");
        s3.bucket = QStringLiteral("snaps\u0085");
        QCOMPARE(s3.validate().error().code, QStringLiteral("InvalidParameter.Bucket"));
    }
};

QTEST_GUILESS_MAIN(TestStorageLocation)
#include "tst_storagelocation.moc"
