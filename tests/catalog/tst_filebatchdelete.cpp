#include "catalog/Catalog.h"
#include "catalog/FileRepository.h"
#include "catalog/Schema.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace livesnap;

// Deleting many files is one transaction per batch: one commit, and all or nothing.
class TestFileBatchDelete : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    static constexpr int Files = 150;

    QString path() const { return m_dir.filePath(QStringLiteral("catalog.db")); }

    static QString object(int i) { return QStringLiteral("snapshot/j/%1.jpg").arg(i); }

    // A job with `Files` snapshot files, recorded one by one as the sink records them.
    static void fill(Catalog &c)
    {
        QVERIFY(c.exec(QStringLiteral("INSERT INTO jobs (job_id, job_name, status, template_id, "
                                      "location_id, stream_type, stream_url, create_time, "
                                      "modified_time) VALUES ('j', 'n', 'init', ?, "
                                      "'local-default', 'rtmp', 'rtmp://h/a/b', 1, 1)"),
                       {schema::SystemRealtime10s})
                    .ok());
        FileRepository files(c);
        for (int i = 0; i < Files; ++i) {
            SnapshotFile f;
            f.jobId = QStringLiteral("j");
            f.ossBucket = QStringLiteral("default");
            f.ossObject = object(i);
            f.createTimestamp = 1000 + i;
            f.sequence = i + 1;
            QVERIFY(files.record({f}, schema::DefaultLocationId).ok());
        }
    }

    static qint64 rows(Catalog &c)
    {
        return c.scalar(QStringLiteral("SELECT COUNT(*) FROM snapshot_files")).value().toLongLong();
    }

private slots:
    void batchIsOneCommit()
    {
        Catalog c;
        QVERIFY(c.open(path()).ok());
        fill(c);
        QCOMPARE(rows(c), qint64(Files));
        // Another connection sees data_version move once per commit made by others.
        QSqlDatabase watcher =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("watcher"));
        watcher.setDatabaseName(path());
        QVERIFY(watcher.open());
        auto version = [&watcher] {
            QSqlQuery q(watcher);
            return q.exec(QStringLiteral("PRAGMA data_version")) && q.next()
                       ? q.value(0).toLongLong()
                       : -1;
        };
        const qint64 before = version();
        QVERIFY(before >= 0);
        QStringList objects;
        for (int i = 0; i < Files; i += 2) {
            objects << object(i);
        }
        QVERIFY(FileRepository(c).removeAll(QStringLiteral("j"), objects).ok());
        QCOMPARE(rows(c), qint64(Files - objects.size()));
        QCOMPARE(version(), before + 1);
        watcher.close();
        watcher = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("watcher"));
    }

    void failureRemovesNothing()
    {
        Catalog c;
        QVERIFY(c.open(m_dir.filePath(QStringLiteral("failing.db"))).ok());
        fill(c);
        // A trigger makes the delete of one row in the middle of the batch fail.
        QVERIFY(c.exec(QStringLiteral("CREATE TRIGGER refuse BEFORE DELETE ON snapshot_files "
                                      "WHEN OLD.oss_object = 'snapshot/j/77.jpg' BEGIN "
                                      "SELECT RAISE(ABORT, 'refused'); END"))
                    .ok());
        QStringList objects;
        for (int i = 0; i < Files; ++i) {
            objects << object(i);
        }
        QVERIFY(!FileRepository(c).removeAll(QStringLiteral("j"), objects).ok());
        QCOMPARE(rows(c), qint64(Files));
    }
};

QTEST_GUILESS_MAIN(TestFileBatchDelete)
#include "tst_filebatchdelete.moc"
