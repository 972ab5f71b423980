// The catalog on its two backends: a PostgreSQL catalog opened by URL (a real PostgreSQL 15
// from tests/support), migrations from an empty database and from the previous version on both,
// the URL rules, the failures an operator meets (a wrong password, a server that is not there),
// engines migrating one database at once, SKIP LOCKED claims and late change-log rows.
#include "../support/Livesnapctl.h"
#include "../support/LocalJobs.h"
#include "../support/PostgresServer.h"
#include "../support/ServerProcess.h"
#include "catalog/Catalog.h"
#include "catalog/CatalogUrl.h"
#include "catalog/ChangeLog.h"
#include "catalog/LeaseRepository.h"
#include "catalog/Schema.h"
#include "service/SnapshotService.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace livesnap;

class TestCatalogBackends : public QObject {
    Q_OBJECT

private:
    test::PostgresServer m_server;
    QTemporaryDir m_dir;
    int m_databases = 0;

    // A new, empty database on the server; its URL.
    QString newDatabase()
    {
        const QString name = QStringLiteral("t%1").arg(++m_databases);
        if (!m_server.createDatabase(name)) {
            qWarning() << m_server.error();
            return QString();
        }
        return m_server.url(name);
    }

    static qint64 count(Catalog &c, const QString &sql)
    {
        auto r = c.scalar(sql);
        return r && r->isValid() ? r->toLongLong() : -1;
    }

    // A catalog at the previous schema version, with one started job, written step by step as
    // the previous LiveSnap did.
    static bool writePreviousVersion(QSqlDatabase db, SqlDialect dialect)
    {
        QSqlQuery q(db);
        for (const schema::Migration &m : schema::migrations(dialect)) {
            if (m.version >= Catalog::currentSchemaVersion()) {
                break;
            }
            for (QString sql : m.statements) {
                sql.replace(QLatin1String(":now"), QStringLiteral("1000"));
                if (!q.exec(sql)) {
                    qWarning() << q.lastError().text() << sql;
                    return false;
                }
            }
            if (!q.exec(QStringLiteral("INSERT INTO schema_version VALUES (%1, 1000)")
                            .arg(m.version))) {
                return false;
            }
        }
        return q.exec(QStringLiteral(
                   "INSERT INTO jobs (job_id, job_name, status, template_id, location_id, "
                   "stream_type, stream_url, create_time, modified_time) VALUES ('old', 'cam', "
                   "'started', 'system-realtime-10s', 'local-default', 'rtmp', 'rtmp://h/a/b', 1, "
                   "1)")) &&
               q.exec(QStringLiteral("INSERT INTO job_leases (job_id, owner, acquired_at, "
                                     "expires_at) VALUES ('old', 'serve@h:1:aa', 1, 2)"));
    }

    static void checkMigratedFromPrevious(Catalog &c)
    {
        QCOMPARE(c.schemaVersion(), Catalog::currentSchemaVersion());
        QCOMPARE(count(c, QStringLiteral("SELECT COUNT(*) FROM jobs WHERE job_id = 'old' AND "
                                         "lease_epoch = 0 AND status = 'started'")),
                 1);
        QCOMPARE(count(c, QStringLiteral("SELECT COUNT(*) FROM job_leases WHERE epoch = 0")), 1);
        QCOMPARE(count(c, QStringLiteral("SELECT COUNT(*) FROM engines")), 0);
        QCOMPARE(count(c, QStringLiteral("SELECT COUNT(*) FROM storage_locations WHERE "
                                         "location_id = 'local-default' AND host = '' AND "
                                         "shared_mount = 0")),
                 1);
        // The expired lease of the old engine is claimed under a new epoch.
        LeaseRepository leases(c);
        auto claimed = leases.claimUnleased(QStringLiteral("serve@h:2:bb"), 10000, 5000, 10);
        QVERIFY(claimed);
        QCOMPARE(claimed->size(), 1);
        QCOMPARE(claimed->first().epoch, 1);
    }

private slots:
    void initTestCase() { QVERIFY2(m_server.start(), qPrintable(m_server.error())); }
    void cleanupTestCase() { m_server.stop(); }

    void opensByUrlAndMigratesAnEmptyDatabase()
    {
        const QString url = newDatabase();
        Catalog c;
        const Status s = c.open(url);
        QVERIFY2(s.ok(), s.ok() ? "" : qPrintable(s.error().message));
        QVERIFY(c.isPostgres());
        QCOMPARE(c.filePath(), url);
        QCOMPARE(c.schemaVersion(), Catalog::currentSchemaVersion());
        QCOMPARE(count(c, QStringLiteral("SELECT COUNT(*) FROM schema_version")),
                 Catalog::currentSchemaVersion());
        QCOMPARE(count(c, QStringLiteral("SELECT COUNT(*) FROM templates WHERE type = 'system'")),
                 3);
        // The change-log triggers run as PL/pgSQL: a job and its removal are logged.
        SnapshotService service(c, DataDirectory(m_dir.path()));
        auto id = service.submitLiveSnapshotJob(
            test::localJobSpec(schema::SystemRealtime10s, QStringLiteral("cam"),
                               QStringLiteral("rtmp://127.0.0.1/live/cam")));
        QVERIFY(id);
        QVERIFY(service.deleteLiveSnapshotJob(*id));
        QVERIFY(count(c, QStringLiteral("SELECT COUNT(*) FROM catalog_changes WHERE kind = 'job' "
                                        "AND item_id = '%1'")
                             .arg(*id)) >= 1);
        QCOMPARE(count(c, QStringLiteral("SELECT COUNT(*) FROM catalog_changes WHERE kind = "
                                         "'job-removed' AND item_id = '%1'")
                              .arg(*id)),
                 1);
        // Reopening neither migrates nor seeds again.
        c.close();
        QVERIFY(c.open(url).ok());
        QCOMPARE(count(c, QStringLiteral("SELECT COUNT(*) FROM templates WHERE type = 'system'")),
                 3);
    }

    void migratesFromThePreviousVersionOnPostgres()
    {
        const QString url = newDatabase();
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("prev"));
            db.setHostName(QStringLiteral("127.0.0.1"));
            db.setPort(m_server.port());
            db.setUserName(m_server.user());
            db.setDatabaseName(url.section(QLatin1Char('/'), -1));
            QVERIFY(db.open());
            QVERIFY(writePreviousVersion(db, SqlDialect::Postgres));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("prev"));
        Catalog c;
        const Status s = c.open(url);
        QVERIFY2(s.ok(), s.ok() ? "" : qPrintable(s.error().message));
        checkMigratedFromPrevious(c);
    }

    void migratesFromThePreviousVersionOnSqlite()
    {
        const QString path = m_dir.filePath(QStringLiteral("previous.sqlite"));
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("prev"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QVERIFY(writePreviousVersion(db, SqlDialect::Sqlite));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("prev"));
        Catalog c;
        const Status s = c.open(path);
        QVERIFY2(s.ok(), s.ok() ? "" : qPrintable(s.error().message));
        checkMigratedFromPrevious(c);
    }

    void urlRules_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("says");
        QTest::newRow("password") << QStringLiteral("postgresql://livesnap:hunter2@db:5432/ls")
                                  << QStringLiteral("PGPASSWORD");
        QTest::newRow("password option") << QStringLiteral("postgresql://livesnap@db/ls?password=x")
                                         << QStringLiteral("PGPASSWORD");
        QTest::newRow("no database") << QStringLiteral("postgresql://livesnap@db:5432/")
                                     << QStringLiteral("names no database");
        QTest::newRow("other scheme")
            << QStringLiteral("mysql://livesnap@db/ls") << QStringLiteral("postgresql://");
    }
    void urlRules()
    {
        QFETCH(QString, url);
        QFETCH(QString, says);
        Catalog c;
        const Status s = c.open(url);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, QStringLiteral("InvalidParameter.Catalog"));
        QVERIFY2(s.error().message.contains(says), qPrintable(s.error().message));
        QVERIFY(!s.error().message.contains(QLatin1String("hunter2")));
        // A path stays a path; postgres:// is the other spelling libpq accepts.
        QVERIFY(
            !CatalogUrl::parse(QStringLiteral("/var/lib/livesnap/catalog.sqlite"))->isPostgres());
        auto other = CatalogUrl::parse(QStringLiteral("postgres://u@h:6000/db?sslmode=require"));
        QVERIFY(other);
        QCOMPARE(other->port(), 6000);
        QCOMPARE(other->connectOptions(), QStringLiteral("sslmode=require"));
    }

    void wrongPasswordAndMissingServerFailClearly()
    {
        const QString url = newDatabase();
        const QByteArray saved = qgetenv("PGPASSWORD");
        qputenv("PGPASSWORD", "not-the-password");
        Catalog c;
        Status s = c.open(url);
        qputenv("PGPASSWORD", saved);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, errc::CatalogError);
        QVERIFY2(s.error().message.contains(QLatin1String("password authentication failed")),
                 qPrintable(s.error().message));
        QVERIFY(s.error().message.contains(url));
        QVERIFY(!s.error().message.contains(QLatin1String("not-the-password")));

        // Nobody listens on that port: refused at once, with the URL named.
        const quint16 port = test::freeLoopbackPort();
        const QString nowhere = QStringLiteral("postgresql://livesnap@127.0.0.1:%1/x").arg(port);
        QElapsedTimer timer;
        timer.start();
        s = c.open(nowhere);
        QVERIFY(!s.ok());
        QVERIFY2(s.error().message.contains(nowhere), qPrintable(s.error().message));
        QVERIFY(timer.elapsed() < 15000);
    }

    void enginesStartingTogetherMigrateOnce()
    {
        const QString url = newDatabase();
        const QString ctl = qEnvironmentVariable("LIVESNAPCTL");
        QVERIFY(!ctl.isEmpty());
        QList<QProcess *> runs;
        for (int i = 0; i < 4; ++i) {
            auto *p = new QProcess(this);
            p->start(ctl,
                     {QStringLiteral("--data-dir"), m_dir.filePath(QStringLiteral("d%1").arg(i)),
                      QStringLiteral("--catalog"), url,
                      QStringLiteral("ListLiveSnapshotTemplates")});
            runs << p;
        }
        for (QProcess *p : runs) {
            QVERIFY(p->waitForFinished(30000));
            QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
            const QJsonObject answer = QJsonDocument::fromJson(p->readAllStandardOutput()).object();
            QCOMPARE(answer.value(QStringLiteral("TotalCount")).toInt(), 3);
        }
        Catalog c;
        QVERIFY(c.open(url).ok());
        QCOMPARE(count(c, QStringLiteral("SELECT COUNT(*) FROM schema_version")),
                 Catalog::currentSchemaVersion());
        QCOMPARE(count(c, QStringLiteral("SELECT COUNT(*) FROM templates")), 3);
    }

    void claimsPassOverRowsAnotherEngineIsClaiming()
    {
        const QString url = newDatabase();
        Catalog a;
        Catalog b;
        QVERIFY(a.open(url).ok());
        QVERIFY(b.open(url).ok());
        for (int i = 0; i < 4; ++i) {
            QVERIFY(a.exec(QStringLiteral(
                               "INSERT INTO jobs (job_id, job_name, status, template_id, "
                               "location_id, stream_type, stream_url, create_time, modified_time) "
                               "VALUES (?, 'cam', 'started', 'system-realtime-10s', "
                               "'local-default', 'rtmp', 'rtmp://h/a/b', 1, ?)"),
                           {QStringLiteral("j%1").arg(i), i})
                        .ok());
        }
        LeaseRepository leasesA(a);
        LeaseRepository leasesB(b);
        // A claims two and has not committed yet: B, claiming all it can, gets the other two at
        // once instead of waiting for A's locks.
        QVERIFY(a.beginTransaction());
        auto firstTwo = leasesA.claimUnleased(QStringLiteral("A"), 1000, 10000, 2);
        QVERIFY(firstTwo);
        QCOMPARE(firstTwo->size(), 2);
        QElapsedTimer timer;
        timer.start();
        auto rest = leasesB.claimUnleased(QStringLiteral("B"), 1000, 10000, 10);
        QVERIFY(rest);
        QVERIFY(timer.elapsed() < 5000);
        QCOMPARE(rest->size(), 2);
        QVERIFY(a.commit());
        QStringList all;
        for (const StartedJob &j : *firstTwo + *rest) {
            all << j.jobId;
            QCOMPARE(j.epoch, 1);
        }
        all.sort();
        QCOMPARE(all, (QStringList{QStringLiteral("j0"), QStringLiteral("j1"), QStringLiteral("j2"),
                                   QStringLiteral("j3")}));
        QCOMPARE(count(a, QStringLiteral("SELECT COUNT(*) FROM job_leases WHERE owner = 'A'")), 2);
        QCOMPARE(count(a, QStringLiteral("SELECT COUNT(*) FROM job_leases WHERE owner = 'B'")), 2);
        // Fencing: only the holder under its epoch passes.
        QVERIFY(*leasesA.holds(firstTwo->first().jobId, QStringLiteral("A"), 1));
        QVERIFY(!*leasesA.holds(firstTwo->first().jobId, QStringLiteral("A"), 0));
        QVERIFY(!*leasesA.holds(firstTwo->first().jobId, QStringLiteral("B"), 1));
    }

    void aChangeCommittedLateIsSignalledOnce()
    {
        const QString url = newDatabase();
        Catalog a;
        Catalog b;
        Catalog watching;
        QVERIFY(a.open(url).ok());
        QVERIFY(b.open(url).ok());
        QVERIFY(watching.open(url).ok());
        SnapshotService service(watching, DataDirectory(m_dir.path()));
        QSignalSpy templates(&service, &SnapshotService::templatesChanged);
        QSignalSpy locations(&service, &SnapshotService::storageLocationsChanged);
        service.watchCatalog(50);
        // A's change takes a lower seq but commits after B's.
        QVERIFY(a.beginTransaction());
        QVERIFY(a.exec(QStringLiteral("UPDATE templates SET modified_time = 5 WHERE template_id = "
                                      "'system-realtime-10s'"))
                    .ok());
        QVERIFY(b.exec(QStringLiteral("UPDATE storage_locations SET modified_time = 5")).ok());
        QTRY_COMPARE(locations.count(), 1);
        QTest::qWait(200);
        QCOMPARE(templates.count(), 0);
        QVERIFY(a.commit());
        QTRY_COMPARE(templates.count(), 1);
        QTest::qWait(300);
        QCOMPARE(templates.count(), 1);
        QCOMPARE(locations.count(), 1);
    }
};

QTEST_GUILESS_MAIN(TestCatalogBackends)
#include "tst_catalogbackends.moc"
