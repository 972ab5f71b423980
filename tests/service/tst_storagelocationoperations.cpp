#include "ServiceFixture.h"
#include "storage/LocalFolderStore.h"

#include <QSignalSpy>
#include <QTest>

using namespace livesnap;

// StorageLocationOperations over a real catalog and local folders (jobs only to hold a location).
class TestStorageLocationOperations : public QObject {
    Q_OBJECT

private:
    test::ServiceFixture m_fx;

    ServiceAreas &a() { return m_fx.areas(); }

    Result<QString> addLocation(const StorageLocation &location,
                                const StorageCredentials &credentials = StorageCredentials())
    {
        return test::await<Result<QString>>(
            [&](auto reply) { a().locations.addStorageLocation(location, credentials, reply); });
    }
    Status updateLocation(const StorageLocation &location)
    {
        return test::await<Status>([&](auto reply) {
            a().locations.updateStorageLocation(location, StorageCredentials(), reply);
        });
    }
    Status testLocation(const QString &locationId)
    {
        return test::await<Status>(
            [&](auto reply) { a().locations.testStorageLocation(locationId, reply); });
    }

private slots:
    void init() { QVERIFY(m_fx.reset()); }

    void storageLocations()
    {
        auto all = a().locations.listStorageLocations();
        QVERIFY(all);
        QCOMPARE(all->size(), 1);
        QCOMPARE(all->first().path, m_fx.filePath(QStringLiteral("storage/default")));
        QVERIFY(testLocation(schema::DefaultLocationId).ok());

        StorageLocation l;
        l.storageType = QStringLiteral("local");
        l.bucket = QStringLiteral("archive");
        l.path = m_fx.filePath(QStringLiteral("archive-folder"));
        auto id = addLocation(l);
        QVERIFY2(id, id ? "" : qPrintable(id.error().message));
        QCOMPARE(addLocation(l).error().code, QStringLiteral("StorageLocationAlreadyExists"));
        QVERIFY(testLocation(*id).ok());
        JobSpec spec = test::ServiceFixture::jobSpec(QStringLiteral("archived"));
        spec.snapshotOutput.bucket = QStringLiteral("archive");
        auto job = a().jobs.submitLiveSnapshotJob(spec);
        QVERIFY(job);
        QCOMPARE(m_fx.deleteLocation(*id).error().code, QStringLiteral("StorageLocationInUse"));
        QVERIFY(a().jobs.deleteLiveSnapshotJob(*job).ok());
        QVERIFY(m_fx.deleteLocation(*id).ok());
        QCOMPARE(a().locations.storageLocation(*id).error().code,
                 QStringLiteral("StorageLocationNotFound"));

        const QString before = m_fx.dump();
        StorageLocation bad;
        bad.storageType = QStringLiteral("ftp");
        bad.bucket = QStringLiteral("x");
        QCOMPARE(addLocation(bad).error().code, QStringLiteral("InvalidParameter.StorageType"));
        bad.storageType = QStringLiteral("local");
        bad.bucket = QStringLiteral("../up");
        QCOMPARE(addLocation(bad).error().code, QStringLiteral("InvalidParameter.Bucket"));
        bad.bucket = QStringLiteral("rel");
        bad.path = QStringLiteral("relative/path");
        QCOMPARE(addLocation(bad).error().code, QStringLiteral("InvalidParameter.Path"));
        QCOMPARE(m_fx.dump(), before);
    }

    void locationSignalsAndRefusals()
    {
        QSignalSpy changed(&m_fx.notifier(), &ServiceNotifier::storageLocationsChanged);
        StorageLocation l;
        l.storageType = QStringLiteral("LOCAL"); // the type is taken in any case
        l.bucket = QStringLiteral("archive");
        l.path = m_fx.filePath(QStringLiteral("archive-folder"));
        auto id = addLocation(l);
        QVERIFY2(id, id ? "" : qPrintable(id.error().message));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(a().locations.storageLocation(*id)->storageType, QStringLiteral("local"));
        StorageLocation moved = *a().locations.storageLocation(*id);
        moved.path = m_fx.filePath(QStringLiteral("archive-moved"));
        QVERIFY(updateLocation(moved).ok());
        QCOMPARE(changed.count(), 2);
        QCOMPARE(a().locations.storageLocation(*id)->path, moved.path);

        const QString before = m_fx.dump();
        StorageLocation builtIn = *a().locations.storageLocation(schema::DefaultLocationId);
        QCOMPARE(updateLocation(builtIn).error().code, QStringLiteral("StorageLocationReadOnly"));
        // An S3 location needs its access key; this context has no keychain.
        StorageLocation s3;
        s3.storageType = QStringLiteral("s3");
        s3.endpoint = QStringLiteral("http://127.0.0.1:9");
        s3.bucket = QStringLiteral("snapshots");
        QCOMPARE(addLocation(s3).error().code, QStringLiteral("MissingParameter.AccessKeySecret"));
        QCOMPARE(addLocation(s3, StorageCredentials{QStringLiteral("id"), QStringLiteral("secret")})
                     .error()
                     .code,
                 QStringLiteral("KeychainUnavailable"));
        QCOMPARE(m_fx.dump(), before);
        QCOMPARE(changed.count(), 2);

        // Only a local folder's store opens here.
        QVERIFY(a().locations.openLocalStore(builtIn));
        s3.locationId = QStringLiteral("s3-id");
        QCOMPARE(a().locations.openLocalStore(s3).error().code, QStringLiteral("InternalError"));
    }
};

QTEST_GUILESS_MAIN(TestStorageLocationOperations)
#include "tst_storagelocationoperations.moc"
