#include "../support/LocalJobs.h"
#include "../support/PostgresServer.h"
#include "catalog/Catalog.h"
#include "catalog/Schema.h"
#include "service/SnapshotService.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace livesnap;

class TestCatalog : public QObject {
    Q_OBJECT

private:
    // Where the repository cases open their catalog: path(), or on the _pg twin a PostgreSQL
    // database (tests/support/PostgresServer); SQLite-only cases use path() on both.
    QString location() const { return m_location; }
    QString m_location;
    QString path() const { return m_dir.filePath(QStringLiteral("catalog.sqlite")); }
    QTemporaryDir m_dir;

    static qint64 count(Catalog &c, const char *sql)
    {
        auto r = c.scalar(QString::fromLatin1(sql));
        return r ? r->toLongLong() : -1;
    }

    static QString submitJob(SnapshotService &service)
    {
        auto id = service.submitLiveSnapshotJob(
            test::localJobSpec(schema::SystemRealtime10s, QStringLiteral("cam"),
                               QStringLiteral("rtmp://127.0.0.1/live/cam")));
        return id ? *id : QString();
    }

private slots:
    void init()
    {
        // The SQLite file goes; on the _pg twin the PostgreSQL database is emptied too.
        m_location = test::freshCatalogLocation(path());
        QVERIFY(!m_location.isEmpty());
    }

    void migratesAnEmptyFile()
    {
        Catalog c;
        const Status s = c.open(path());
        QVERIFY2(s.ok(), s.ok() ? "" : qPrintable(s.error().message));
        QCOMPARE(c.schemaVersion(), Catalog::currentSchemaVersion());
        QVERIFY(Catalog::currentSchemaVersion() >= 1);
        for (const char *table :
             {"templates", "jobs", "job_leases", "storage_locations", "snapshot_files",
              "usage_intervals", "job_events", "settings", "schema_version"}) {
            QVERIFY2(c.database().tables().contains(QString::fromLatin1(table)), table);
        }
        QCOMPARE(count(c, "SELECT COUNT(*) FROM templates WHERE type = 'system'"), 3);
        QCOMPARE(count(c, "SELECT COUNT(*) FROM storage_locations WHERE built_in = 1 AND "
                          "storage_type = 'local' AND bucket = 'default'"),
                 1);
        auto mode = c.scalar(QStringLiteral("PRAGMA journal_mode"));
        QVERIFY(mode);
        QCOMPARE(mode->toString().toLower(), QStringLiteral("wal"));
        auto fk = c.scalar(QStringLiteral("PRAGMA foreign_keys"));
        QVERIFY(fk);
        QCOMPARE(fk->toInt(), 1);
    }

    void reopeningKeepsDataAndDoesNotReseed()
    {
        {
            Catalog c;
            QVERIFY(c.open(location()).ok());
            QVERIFY(c.setSetting(QStringLiteral("probe"), QStringLiteral("kept")).ok());
        }
        Catalog c;
        QVERIFY(c.open(location()).ok());
        QCOMPARE(c.schemaVersion(), Catalog::currentSchemaVersion());
        QCOMPARE(count(c, "SELECT COUNT(*) FROM templates WHERE type = 'system'"), 3);
        QCOMPARE(count(c, "SELECT COUNT(*) FROM schema_version"),
                 qint64(schema::migrations(SqlDialect::Sqlite).size()));
        QCOMPARE(c.setting(QStringLiteral("probe")), QStringLiteral("kept"));
    }

    void foreignKeysAreEnforced()
    {
        Catalog c;
        QVERIFY(c.open(location()).ok());
        auto r = c.exec(QStringLiteral("INSERT INTO jobs (job_id, job_name, status, template_id, "
                                       "location_id, stream_type, stream_url, create_time, "
                                       "modified_time) VALUES ('j', 'n', 'init', 'no-such', "
                                       "'local-default', 'rtmp', 'rtmp://h/a/b', 1, 1)"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("InternalError.Catalog"));
        QCOMPARE(count(c, "SELECT COUNT(*) FROM jobs"), 0);
    }

    void refusesANewerSchema()
    {
        {
            Catalog c;
            QVERIFY(c.open(location()).ok());
            QVERIFY(c.exec(QStringLiteral("INSERT INTO schema_version VALUES (999, 0)")).ok());
        }
        Catalog c;
        const Status s = c.open(location());
        QVERIFY(!s.ok());
        QVERIFY2(s.error().message.contains(QStringLiteral("999")), qPrintable(s.error().message));
        QVERIFY(!c.isOpen());
    }

    void refusesAFileThatIsNotACatalog()
    {
        QFile f(path());
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        Catalog c;
        const Status s = c.open(path());
        QVERIFY(!s.ok());
        QVERIFY(!s.error().message.isEmpty());
    }

    void sequenceIsNeverReusedAcrossRestarts()
    {
        QString jobId;
        {
            Catalog c;
            QVERIFY(c.open(location()).ok());
            SnapshotService service(c, DataDirectory(m_dir.path()));
            jobId = submitJob(service);
            QVERIFY(!jobId.isEmpty());
            QCOMPARE(*service.allocateSequence(jobId), 1);
            QCOMPARE(*service.allocateSequence(jobId), 2);
            QCOMPARE(*service.allocateSequence(jobId), 3);
        }
        Catalog c;
        QVERIFY(c.open(location()).ok());
        SnapshotService service(c, DataDirectory(m_dir.path()));
        QCOMPARE(*service.allocateSequence(jobId), 4);
        QCOMPARE(service.getLiveSnapshotJob(jobId)->lastSequence, 4);
        QCOMPARE(service.allocateSequence(QStringLiteral("nope")).error().code,
                 QStringLiteral("JobNotFound"));
    }

    void twoConnectionsShareOneFile()
    {
        Catalog a;
        Catalog b;
        QVERIFY(a.open(location()).ok());
        QVERIFY(b.open(location()).ok());
        QVERIFY(a.setSetting(QStringLiteral("k"), QStringLiteral("from a")).ok());
        QCOMPARE(b.setting(QStringLiteral("k")), QStringLiteral("from a"));
    }
};

QTEST_GUILESS_MAIN(TestCatalog)
#include "tst_catalog.moc"
