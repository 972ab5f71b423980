// Where a PostgreSQL catalog's password comes from (a real PostgreSQL 15 with scram passwords,
// a private gnome-keyring): never the URL; PGPASSWORD, ~/.pgpass, or the keychain entry that
// `livesnapctl --catalog URL set-catalog-password` keeps. A missing or wrong one fails with the
// places to put it, and the password shows in no output.
#include "../support/Livesnapctl.h"
#include "../support/PostgresServer.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace livesnap;

class TestCatalogPassword : public QObject {
    Q_OBJECT

    test::PostgresServer m_server;
    QTemporaryDir m_home;
    QString m_ctl;

    struct Run {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    // livesnapctl with HOME = a folder of ours (for ~/.pgpass) and no PGPASSWORD.
    Run ctl(const QStringList &arguments, const QByteArray &stdinText = {})
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("PGPASSWORD"));
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("LIVESNAP_DATA_DIR"), m_home.filePath(QStringLiteral("data")));
        p.setProcessEnvironment(env);
        p.start(m_ctl,
                QStringList{QStringLiteral("--catalog"), m_server.url(QStringLiteral("livesnap"))} +
                    arguments);
        p.write(stdinText);
        p.closeWriteChannel();
        Run run;
        if (p.waitForFinished(60000)) {
            run.exitCode = p.exitCode();
        } else {
            p.kill();
            p.waitForFinished();
        }
        run.out = p.readAllStandardOutput();
        run.err = p.readAllStandardError();
        return run;
    }

    void checkNoLeak(const Run &run)
    {
        const QByteArray password = m_server.password().toUtf8();
        QVERIFY(!run.out.contains(password));
        QVERIFY(!run.err.contains(password));
    }

private slots:
    void initTestCase()
    {
        m_ctl = qEnvironmentVariable("LIVESNAPCTL");
        QVERIFY(!m_ctl.isEmpty());
        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
    }

    void withoutAPasswordItSaysWhereToPutOne()
    {
        const Run run = ctl({QStringLiteral("ListLiveSnapshotTemplates")});
        QCOMPARE(run.exitCode, 1);
        const QJsonObject answer = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(answer.value(QStringLiteral("Code")).toString(),
                 QStringLiteral("InternalError.Catalog"));
        const QString message = answer.value(QStringLiteral("Message")).toString();
        QVERIFY2(message.contains(QLatin1String("PGPASSWORD")) &&
                     message.contains(QLatin1String("set-catalog-password")),
                 qPrintable(message));
    }

    void theKeychainHoldsIt()
    {
        Run run =
            ctl({QStringLiteral("set-catalog-password")}, m_server.password().toUtf8() + '\n');
        QVERIFY2(run.exitCode == 0, QByteArray(run.out + run.err).constData());
        QCOMPARE(QJsonDocument::fromJson(run.out).object().value(QStringLiteral("PasswordStored")),
                 QJsonValue(true));
        checkNoLeak(run);
        run = ctl({QStringLiteral("ListLiveSnapshotTemplates")});
        QVERIFY2(run.exitCode == 0, QByteArray(run.out + run.err).constData());
        QCOMPARE(
            QJsonDocument::fromJson(run.out).object().value(QStringLiteral("TotalCount")).toInt(),
            3);
        checkNoLeak(run);

        // A wrong one in the keychain: refused, and not shown.
        run = ctl({QStringLiteral("set-catalog-password")}, "wrong-one\n");
        QCOMPARE(run.exitCode, 0);
        run = ctl({QStringLiteral("ListLiveSnapshotTemplates")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.contains("password authentication failed"));
        QVERIFY(!run.out.contains("wrong-one"));

        // An empty line removes it.
        run = ctl({QStringLiteral("set-catalog-password")}, "\n");
        QCOMPARE(QJsonDocument::fromJson(run.out).object().value(QStringLiteral("PasswordStored")),
                 QJsonValue(false));
    }

    void aPgpassFileHoldsIt()
    {
        QFile pgpass(m_home.filePath(QStringLiteral(".pgpass")));
        QVERIFY(pgpass.open(QIODevice::WriteOnly));
        QVERIFY(pgpass.write(QStringLiteral("127.0.0.1:%1:*:%2:%3\n")
                                 .arg(m_server.port())
                                 .arg(m_server.user(), m_server.password())
                                 .toUtf8()) > 0);
        pgpass.close();
        QVERIFY(pgpass.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        const Run run = ctl({QStringLiteral("ListLiveSnapshotTemplates")});
        QVERIFY2(run.exitCode == 0, QByteArray(run.out + run.err).constData());
        checkNoLeak(run);
        QVERIFY(pgpass.remove());
    }

    void notForAnSqliteCatalog()
    {
        QProcess p;
        p.start(m_ctl, {QStringLiteral("--catalog"), m_home.filePath(QStringLiteral("c.sqlite")),
                        QStringLiteral("set-catalog-password")});
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2);
        QCOMPARE(QJsonDocument::fromJson(p.readAllStandardOutput())
                     .object()
                     .value(QStringLiteral("Code"))
                     .toString(),
                 QStringLiteral("InvalidParameter.Catalog"));
    }

    void cleanupTestCase() { m_server.stop(); }
};

QTEST_GUILESS_MAIN(TestCatalogPassword)
#include "tst_catalogpassword.moc"
