#include "../support/PostgresServer.h"
#include "catalog/Catalog.h"
#include "catalog/FileRepository.h"
#include "catalog/JobRepository.h"
#include "catalog/LocationRepository.h"
#include "catalog/Schema.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace livesnap;

// Schema 8: a job's stores and each snapshot object's copy in each of them. A version-7 catalog
// migrates (its jobs keep their one store, its files get their one confirmed copy); a snapshot
// of a job with two stores is recorded once, its copies confirmed store by store, and its
// sequence claim is settled only once both hold it.
class TestFileCopies : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    const QString S3 = QStringLiteral("s3-offsite");

    // Where the repository cases open their catalog: path(), or on the _pg twin a PostgreSQL
    // database (tests/support/PostgresServer); SQLite-only cases use path() on both.
    QString location() const { return m_location; }
    QString m_location;
    QString path() const { return m_dir.filePath(QStringLiteral("catalog.sqlite")); }

    static qint64 count(Catalog &c, const QString &sql)
    {
        auto r = c.scalar(sql);
        return r && r->isValid() ? r->toLongLong() : -1;
    }

    // A catalog file at schema 7, with a job and its two files, written by plain SQL.
    void writeVersion7()
    {
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v7"));
            db.setDatabaseName(path());
            QVERIFY(db.open());
            QSqlQuery q(db);
            for (const schema::Migration &m : schema::migrations(SqlDialect::Sqlite)) {
                if (m.version > 7) {
                    break;
                }
                for (QString sql : m.statements) {
                    sql.replace(QLatin1String(":now"), QStringLiteral("1000"));
                    QVERIFY2(q.exec(sql),
                             qPrintable(q.lastError().text() + QLatin1Char(' ') + sql));
                }
                QVERIFY(q.exec(
                    QStringLiteral("INSERT INTO schema_version VALUES (%1, 1000)").arg(m.version)));
            }
            QVERIFY(q.exec(QStringLiteral(
                "INSERT INTO jobs (job_id, job_name, status, template_id, location_id, "
                "stream_type, stream_url, create_time, modified_time) VALUES ('old', 'cam', "
                "'init', 'system-realtime-10s', 'local-default', 'rtmp', 'rtmp://h/a/b', 1, 1)")));
            for (int i = 1; i <= 2; ++i) {
                QVERIFY(q.exec(
                    QStringLiteral("INSERT INTO snapshot_files (job_id, oss_object, location_id, "
                                   "oss_bucket, create_timestamp, sequence, size) VALUES ('old', "
                                   "'snapshot/old/%1.jpg', 'local-default', 'default', %2, %1, 77)")
                        .arg(i)
                        .arg(5000 * i)));
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v7"));
    }

    // A job that keeps a copy in the default folder and in an S3 bucket.
    void addTwoStoreJob(Catalog &c, const QString &templateId)
    {
        StorageLocation s3;
        s3.locationId = S3;
        s3.storageType = storage::S3;
        s3.endpoint = QStringLiteral("http://127.0.0.1:9");
        s3.bucket = QStringLiteral("offsite");
        s3.createTime = s3.modifiedTime = QDateTime::currentDateTimeUtc();
        QVERIFY(LocationRepository(c).insert(s3).ok());
        SnapshotJob job;
        job.jobId = QStringLiteral("two");
        job.jobName = QStringLiteral("cam");
        job.templateId = templateId;
        job.streamInput.url = QStringLiteral("rtmp://h/a/b");
        job.locationId = schema::DefaultLocationId;
        job.locationIds = {schema::DefaultLocationId, S3};
        job.createTime = job.modifiedTime = QDateTime::currentDateTimeUtc();
        QVERIFY(JobRepository(c).insert(job).ok());
    }

    static SnapshotFile file(const QString &object, qint64 ts, qint64 sequence, bool overlay)
    {
        SnapshotFile f;
        f.jobId = QStringLiteral("two");
        f.ossObject = object;
        f.createTimestamp = ts;
        f.sequence = sequence;
        f.isOverlay = overlay;
        f.size = 100;
        return f;
    }

private slots:
    void init()
    {
        // The SQLite file goes; on the _pg twin the PostgreSQL database is emptied too.
        m_location = test::freshCatalogLocation(path());
        QVERIFY(!m_location.isEmpty());
    }

    void migratesFromVersion7()
    {
        writeVersion7();
        Catalog c;
        const Status opened = c.open(path());
        QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
        QCOMPARE(c.schemaVersion(), Catalog::currentSchemaVersion());
        QCOMPARE(count(c, QStringLiteral("SELECT COUNT(*) FROM job_outputs WHERE job_id = 'old' "
                                         "AND location_id = 'local-default' AND position = 0")),
                 1);
        QCOMPARE(count(c, QStringLiteral("SELECT COUNT(*) FROM file_copies WHERE job_id = 'old' "
                                         "AND location_id = 'local-default' AND confirmed = 1 "
                                         "AND size = 77")),
                 2);
        auto job = JobRepository(c).find(QStringLiteral("old"), 0);
        QVERIFY(job && job->has_value());
        QCOMPARE((*job)->locationIds, QStringList{schema::DefaultLocationId});
        QCOMPARE((*job)->snapshotOutputs.size(), 1);
        QCOMPARE((*job)
                     ->toJson()
                     .value(QStringLiteral("SnapshotOutput"))
                     .toObject()
                     .value(QStringLiteral("Bucket")),
                 QStringLiteral("default"));
        FileQuery query;
        query.jobId = QStringLiteral("old");
        auto page = FileRepository(c).list(query);
        QVERIFY(page);
        QCOMPARE(page->files.size(), 2);
        for (const SnapshotFile &f : page->files) {
            QCOMPARE(f.stores.size(), 1);
            QVERIFY(f.stores.constFirst().confirmed);
            QCOMPARE(f.stores.constFirst().store.bucket, QStringLiteral("default"));
        }
        // The location is in use by the migrated job (through job_outputs too).
        QCOMPARE(*LocationRepository(c).jobCount(schema::DefaultLocationId), 1);
    }

    void copiesAreConfirmedStoreByStore()
    {
        Catalog c;
        QVERIFY(c.open(location()).ok());
        addTwoStoreJob(c, schema::SystemRealtime10s);
        auto job = JobRepository(c).find(QStringLiteral("two"), 0);
        QVERIFY(job && job->has_value());
        QCOMPARE((*job)->locationIds, (QStringList{schema::DefaultLocationId, S3}));
        QVERIFY((*job)->toJson().value(QStringLiteral("SnapshotOutput")).isArray());
        QCOMPARE(*LocationRepository(c).jobCount(S3), 1);

        FileRepository files(c);
        auto claimed = files.claimSequence(QStringLiteral("two"), 5000);
        QVERIFY(claimed && claimed->has_value());
        const qint64 sequence = **claimed;
        const QString object = QStringLiteral("snapshot/two/1.jpg");
        auto local = files.record({file(object, 5000, sequence, false)}, schema::DefaultLocationId);
        QVERIFY(local);
        QVERIFY(local->newSnapshot);
        QVERIFY(!local->whole);
        // Listed once, with the S3 copy pending.
        FileQuery query;
        query.jobId = QStringLiteral("two");
        auto page = files.list(query);
        QVERIFY(page);
        QCOMPARE(page->files.size(), 1);
        QCOMPARE(page->files.constFirst().stores.size(), 2);
        QCOMPARE(page->files.constFirst().stores.at(0).locationId, schema::DefaultLocationId);
        QVERIFY(page->files.constFirst().stores.at(0).confirmed);
        QCOMPARE(page->files.constFirst().stores.at(1).store.bucket, QStringLiteral("offsite"));
        QVERIFY(!page->files.constFirst().stores.at(1).confirmed);
        QCOMPARE(*files.locationsHolding(QStringLiteral("two"), {object}, 5000),
                 QStringList{schema::DefaultLocationId});
        // The claim stands until the S3 copy is there: a restart stores it under the same number.
        QCOMPARE(*files.claimSequence(QStringLiteral("two"), 5000), std::optional(sequence));

        auto s3 = files.record({file(object, 5000, sequence, false)}, S3);
        QVERIFY(s3);
        QVERIFY(!s3->newSnapshot);
        QVERIFY(s3->whole);
        QCOMPARE(count(c, QStringLiteral("SELECT COUNT(*) FROM pending_snapshots")), 0);
        QCOMPARE(count(c, QStringLiteral("SELECT snapshot_count FROM jobs WHERE job_id = 'two'")),
                 1);
        QCOMPARE(count(c, QStringLiteral("SELECT COUNT(*) FROM snapshot_files")), 1);
        auto found = files.find(QStringLiteral("two"), object);
        QVERIFY(found && found->has_value());
        QVERIFY((*found)->stores.at(0).confirmed && (*found)->stores.at(1).confirmed);
        QVERIFY(!files.claimSequence(QStringLiteral("two"), 5000)->has_value());
        // The next snapshot continues the sequence.
        QCOMPARE(**files.claimSequence(QStringLiteral("two"), 10000), sequence + 1);
    }

    void overwriteCopiesFollowTheNewestSnapshot()
    {
        Catalog c;
        QVERIFY(c.open(location()).ok());
        addTwoStoreJob(c, schema::SystemOverwrite5s);
        FileRepository files(c);
        const QString object = QStringLiteral("snapshot/two.jpg");
        QVERIFY(files.claimSequence(QStringLiteral("two"), 5000).ok());
        QVERIFY(files.claimSequence(QStringLiteral("two"), 10000).ok());
        QVERIFY(files.record({file(object, 5000, 1, true)}, schema::DefaultLocationId).ok());
        QVERIFY(files.record({file(object, 10000, 2, true)}, schema::DefaultLocationId).ok());
        auto found = files.find(QStringLiteral("two"), object);
        QVERIFY(found && found->has_value());
        QCOMPARE((*found)->createTimestamp, 10000);
        QVERIFY((*found)->stores.at(0).confirmed);
        QVERIFY(!(*found)->stores.at(1).confirmed);
        // The S3 store catches up in order: the older one first (no regression), then the newer.
        auto late = files.record({file(object, 5000, 1, true)}, S3);
        QVERIFY(late && !late->newSnapshot);
        QVERIFY(!(*files.find(QStringLiteral("two"), object))->stores.at(1).confirmed);
        QCOMPARE((*files.find(QStringLiteral("two"), object))->createTimestamp, 10000);
        auto newest = files.record({file(object, 10000, 2, true)}, S3);
        QVERIFY(newest && newest->whole);
        QVERIFY((*files.find(QStringLiteral("two"), object))->stores.at(1).confirmed);
        QCOMPARE(count(c, QStringLiteral("SELECT snapshot_count FROM jobs WHERE job_id = 'two'")),
                 2);
    }

    void aDeletedFileIsNotBroughtBackByALateCopy()
    {
        Catalog c;
        QVERIFY(c.open(location()).ok());
        addTwoStoreJob(c, schema::SystemRealtime10s);
        FileRepository files(c);
        const QString object = QStringLiteral("snapshot/two/1.jpg");
        QVERIFY(files.claimSequence(QStringLiteral("two"), 5000).ok());
        QVERIFY(files.record({file(object, 5000, 1, false)}, schema::DefaultLocationId).ok());
        QVERIFY(files.removeAll(QStringLiteral("two"), {object}).ok());
        QCOMPARE(count(c, QStringLiteral("SELECT COUNT(*) FROM file_copies")), 0);
        auto late = files.record({file(object, 5000, 1, false)}, S3);
        QVERIFY(late && late->whole);
        QCOMPARE(count(c, QStringLiteral("SELECT COUNT(*) FROM snapshot_files")), 0);
        QCOMPARE(count(c, QStringLiteral("SELECT COUNT(*) FROM pending_snapshots")), 0);
    }
};

QTEST_GUILESS_MAIN(TestFileCopies)
#include "tst_filecopies.moc"
