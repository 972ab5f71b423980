// A user's path to S3 through the CLI, with a real keychain (gnome-keyring, via
// tests/support/with-keyring.sh), a real signature-checking S3 server (moto_server) and a real
// RTMP stream: add and test a location, submit a job to it, run `livesnapctl serve`, and see
// the snapshots arrive in the bucket. The secret never reaches the data directory or the logs.
#include "../support/MotoServer.h"
#include "../support/RtmpServer.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace livesnap;

class TestCloudJob : public QObject {
    Q_OBJECT

private:
    QString m_ctl = qEnvironmentVariable("LIVESNAPCTL");
    QTemporaryDir m_data;
    test::MotoServer m_moto;
    test::RtmpServer m_rtmp;

    struct Run {
        int exitCode = -1;
        QJsonObject json;
        QByteArray err;
    };

    Run ctl(QStringList args, const QByteArray &stdinData = {})
    {
        args.prepend(m_data.path());
        args.prepend(QStringLiteral("--data-dir"));
        QProcess p;
        p.start(m_ctl, args);
        p.write(stdinData);
        p.closeWriteChannel();
        Run r;
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.exitCode = p.exitCode();
        r.json = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        r.err = p.readAllStandardError();
        return r;
    }

    Run addLocation(const QString &endpoint, const QString &bucket, const QString &secret)
    {
        return ctl({QStringLiteral("AddStorageLocation"), QStringLiteral("--StorageType"),
                    QStringLiteral("s3"), QStringLiteral("--Endpoint"), endpoint,
                    QStringLiteral("--Bucket"), bucket, QStringLiteral("--Region"),
                    QStringLiteral("us-east-1"), QStringLiteral("--PathStyle"),
                    QStringLiteral("true"), QStringLiteral("--AccessKeyId"),
                    m_moto.credentials.accessKeyId, QStringLiteral("--AccessKeySecret"),
                    QStringLiteral("-")},
                   secret.toUtf8() + '\n');
    }

    QString testLocation(const QString &locationId)
    {
        const Run r = ctl(
            {QStringLiteral("TestStorageLocation"), QStringLiteral("--LocationId"), locationId});
        return r.exitCode == 0 ? QStringLiteral("success")
                               : r.json.value(QStringLiteral("Code")).toString();
    }

    // Files of the data directory whose bytes contain `needle`.
    QStringList filesContaining(const QByteArray &needle) const
    {
        QStringList hits;
        QDirIterator it(m_data.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle)) {
                hits << f.fileName();
            }
        }
        return hits;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(m_ctl), qPrintable(m_ctl));
        const QString why = m_moto.start(true);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QVERIFY2(m_rtmp.start(), qPrintable(m_rtmp.errorString()));
        test::RtmpServer::PublisherOptions options;
        options.width = 320;
        options.height = 240;
        options.gopSeconds = 1;
        auto *publisher = m_rtmp.startPublisher(QStringLiteral("cam"), options);
        QVERIFY2(publisher, qPrintable(m_rtmp.errorString()));
        QVERIFY(m_rtmp.waitForPublishing(publisher));
    }

    void locationsGiveClearErrors()
    {
        const QString endpoint = m_moto.endpoint.toString();
        const QString secret = m_moto.credentials.accessKeySecret;
        Run wrongKey = addLocation(endpoint, QStringLiteral("wrong-key"), QStringLiteral("nope"));
        QCOMPARE(wrongKey.exitCode, 0);
        QCOMPARE(testLocation(wrongKey.json.value(QStringLiteral("LocationId")).toString()),
                 QStringLiteral("StorageAuthFailed"));
        Run missing = addLocation(endpoint, QStringLiteral("no-such-bucket"), secret);
        QCOMPARE(missing.exitCode, 0);
        QCOMPARE(testLocation(missing.json.value(QStringLiteral("LocationId")).toString()),
                 QStringLiteral("StorageBucketNotFound"));
        Run closed = addLocation(QStringLiteral("http://127.0.0.1:%1").arg(test::freePort()),
                                 test::Bucket, secret);
        QCOMPARE(closed.exitCode, 0);
        QCOMPARE(testLocation(closed.json.value(QStringLiteral("LocationId")).toString()),
                 QStringLiteral("StorageUnreachable"));
        // Credentials are required for a cloud location, and nothing is added without them.
        const Run noKey =
            ctl({QStringLiteral("AddStorageLocation"), QStringLiteral("--StorageType"),
                 QStringLiteral("s3"), QStringLiteral("--Endpoint"), endpoint,
                 QStringLiteral("--Bucket"), QStringLiteral("keyless")});
        QCOMPARE(noKey.exitCode, 2);
        QCOMPARE(noKey.json.value(QStringLiteral("Code")).toString(),
                 QStringLiteral("MissingParameter.AccessKeySecret"));
    }

    void snapshotsArriveInTheBucket()
    {
        const QString secret = m_moto.credentials.accessKeySecret;
        const Run added = addLocation(m_moto.endpoint.toString(), test::Bucket, secret);
        QCOMPARE(added.exitCode, 0);
        QCOMPARE(testLocation(added.json.value(QStringLiteral("LocationId")).toString()),
                 QStringLiteral("success"));

        const Run tpl =
            ctl({QStringLiteral("CreateLiveSnapshotTemplate"), QStringLiteral("--TemplateName"),
                 QStringLiteral("s3"), QStringLiteral("--TimeInterval"), QStringLiteral("5"),
                 QStringLiteral("--SequenceFormat"),
                 QStringLiteral("snapshot/{JobId}/{Sequence}.jpg")});
        QCOMPARE(tpl.exitCode, 0);
        const QJsonObject output{{QStringLiteral("StorageType"), QStringLiteral("s3")},
                                 {QStringLiteral("Endpoint"), m_moto.endpoint.toString()},
                                 {QStringLiteral("Bucket"), test::Bucket}};
        const Run job =
            ctl({QStringLiteral("SubmitLiveSnapshotJob"), QStringLiteral("--JobName"),
                 QStringLiteral("to-s3"), QStringLiteral("--TemplateId"),
                 tpl.json.value(QStringLiteral("TemplateId")).toString(),
                 QStringLiteral("--StreamInput"),
                 QString::fromUtf8(
                     QJsonDocument(
                         QJsonObject{{QStringLiteral("Type"), QStringLiteral("rtmp")},
                                     {QStringLiteral("Url"), m_rtmp.url(QStringLiteral("cam"))}})
                         .toJson(QJsonDocument::Compact)),
                 QStringLiteral("--SnapshotOutput"),
                 QString::fromUtf8(QJsonDocument(output).toJson(QJsonDocument::Compact))});
        QCOMPARE(job.exitCode, 0);
        const QString jobId = job.json.value(QStringLiteral("JobId")).toString();
        QCOMPARE(ctl({QStringLiteral("SendLiveSnapshotJobCommand"), QStringLiteral("--JobId"),
                      jobId, QStringLiteral("--Command"), QStringLiteral("start")})
                     .exitCode,
                 0);

        QProcess serve;
        serve.setProcessChannelMode(QProcess::MergedChannels);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("livesnap.*=true"));
        serve.setProcessEnvironment(env);
        serve.start(m_ctl, {QStringLiteral("--data-dir"), m_data.path(), QStringLiteral("serve")});
        QVERIFY(serve.waitForStarted());
        const QString prefix = QStringLiteral("snapshot/%1/").arg(jobId);
        auto uploaded = [&] {
            int n = 0;
            for (const QString &key : m_moto.listedKeys()) {
                n += key.startsWith(prefix) ? 1 : 0;
            }
            return n;
        };
        QTRY_VERIFY_WITH_TIMEOUT(uploaded() >= 2, 30000);
        ::kill(pid_t(serve.processId()), SIGTERM);
        QVERIFY(serve.waitForFinished(15000));
        const QByteArray log = serve.readAll();

        // The catalog knows where each file went.
        const Run files = ctl({QStringLiteral("ListLiveSnapshotFiles"), QStringLiteral("--JobId"),
                               jobId, QStringLiteral("--Limit"), QStringLiteral("100")});
        QCOMPARE(files.exitCode, 0);
        const QJsonArray list = files.json.value(QStringLiteral("FileList")).toArray();
        QVERIFY(list.size() >= 2);
        const QStringList inBucket = m_moto.listedKeys();
        for (const QJsonValue &v : list) {
            const QJsonObject f = v.toObject();
            QCOMPARE(f.value(QStringLiteral("OssBucket")).toString(), test::Bucket);
            QCOMPARE(f.value(QStringLiteral("OssEndpoint")).toString(), m_moto.endpoint.toString());
            QVERIFY2(inBucket.contains(f.value(QStringLiteral("OssObject")).toString()),
                     qPrintable(f.value(QStringLiteral("OssObject")).toString()));
        }
        // A presigned link for a stored file: SigV4 query auth that lives 30 minutes.
        const Run link =
            ctl({QStringLiteral("GetLiveSnapshotFileUrl"), QStringLiteral("--JobId"), jobId,
                 QStringLiteral("--OssObject"),
                 list.first().toObject().value(QStringLiteral("OssObject")).toString()});
        QCOMPARE(link.exitCode, 0);
        const QUrl url(link.json.value(QStringLiteral("Url")).toString());
        QCOMPARE(url.host(), QStringLiteral("127.0.0.1"));
        QVERIFY(url.query().contains(QStringLiteral("X-Amz-Expires=1800")));
        QVERIFY(url.query().contains(QStringLiteral("X-Amz-Signature=")));
        QVERIFY(!url.toString().contains(secret));

        // The secret is in the keychain only: not in the data directory, not in the logs.
        QVERIFY(!secret.isEmpty());
        QCOMPARE(filesContaining(secret.toUtf8()), QStringList());
        QVERIFY(!log.contains(secret.toUtf8()));
        QVERIFY(log.contains("livesnap.")); // the log was captured at all
    }

    void headlessCredentialsFileMustBePrivate()
    {
        QFile file(m_data.filePath(QStringLiteral("credentials.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{}");
        file.close();
        QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup |
                                    QFile::ReadOther));
        QProcess serve;
        serve.start(m_ctl, {QStringLiteral("--data-dir"), m_data.path(), QStringLiteral("serve"),
                            QStringLiteral("--credentials"), file.fileName()});
        QVERIFY(serve.waitForFinished(15000));
        QCOMPARE(serve.exitCode(), 2);
        QVERIFY(serve.readAllStandardError().contains("600"));

        // Without a keychain: the location is added with no secret, the answer names the keys
        // the file must hold, and with them in the (private) file the location works.
        QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
        const QString credentials = QStringLiteral("--credentials=") + file.fileName();
        const Run added =
            ctl({credentials, QStringLiteral("AddStorageLocation"), QStringLiteral("--StorageType"),
                 QStringLiteral("s3"), QStringLiteral("--Endpoint"), m_moto.endpoint.toString(),
                 QStringLiteral("--Bucket"), QStringLiteral("from-file"),
                 QStringLiteral("--PathStyle"), QStringLiteral("true")});
        QCOMPARE(added.exitCode, 0);
        const QString locationId = added.json.value(QStringLiteral("LocationId")).toString();
        const QJsonArray keys = added.json.value(QStringLiteral("CredentialKeys")).toArray();
        QCOMPARE(keys.size(), 2);
        QCOMPARE(ctl({credentials, QStringLiteral("TestStorageLocation"),
                      QStringLiteral("--LocationId"), locationId})
                     .json.value(QStringLiteral("Code"))
                     .toString(),
                 QStringLiteral("SecretNotFound"));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(
            QJsonDocument(QJsonObject{{keys.at(0).toString(), m_moto.credentials.accessKeyId},
                                      {keys.at(1).toString(), m_moto.credentials.accessKeySecret}})
                .toJson());
        file.close();
        // moto has no bucket "from-file": a signed request that reaches it says so.
        QCOMPARE(ctl({credentials, QStringLiteral("TestStorageLocation"),
                      QStringLiteral("--LocationId"), locationId})
                     .json.value(QStringLiteral("Code"))
                     .toString(),
                 QStringLiteral("StorageBucketNotFound"));
    }
};

QTEST_GUILESS_MAIN(TestCloudJob)
#include "tst_cloudjob.moc"
