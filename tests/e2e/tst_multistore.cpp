// One job, two stores: the default local folder and an S3 bucket (moto_server, checking
// signatures) reached through a FaultProxy, with a real RTMP stream and `livesnapctl serve`.
// Both copies of each snapshot are confirmed; while S3 is unreachable the local copies keep
// coming (sequences continue) and the S3 copies stay pending; once S3 is back they catch up in
// order. A link per store, and a delete that removes both copies.
#include "../support/FaultProxy.h"
#include "../support/HttpFetch.h"
#include "../support/MotoServer.h"
#include "../support/RtmpServer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace livesnap;

class TestMultiStore : public QObject {
    Q_OBJECT

private:
    QString m_ctl = qEnvironmentVariable("LIVESNAPCTL");
    QTemporaryDir m_data;
    test::MotoServer m_moto;
    test::RtmpServer m_rtmp;
    std::unique_ptr<test::FaultProxy> m_proxy;
    QString m_s3Endpoint; // the proxy's

    struct Run {
        int exitCode = -1;
        QJsonObject json;
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
        // The proxy lives on this thread: keep its event loop turning while the CLI runs.
        QElapsedTimer waited;
        waited.start();
        while (!p.waitForFinished(20) && waited.elapsed() < 60000) {
            QCoreApplication::processEvents();
        }
        if (p.state() != QProcess::NotRunning) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.exitCode = p.exitCode();
        r.json = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        return r;
    }

    static QString compact(const QJsonValue &v)
    {
        return QString::fromUtf8(v.isArray()
                                     ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                                     : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    }

    QJsonObject s3Output() const
    {
        return {{QStringLiteral("StorageType"), QStringLiteral("s3")},
                {QStringLiteral("Endpoint"), m_s3Endpoint},
                {QStringLiteral("Bucket"), test::Bucket}};
    }

    static QJsonObject localOutput()
    {
        return {{QStringLiteral("StorageType"), QStringLiteral("local")},
                {QStringLiteral("Bucket"), QStringLiteral("default")}};
    }

    Run submit(const QString &templateId, const QJsonArray &outputs)
    {
        return ctl(
            {QStringLiteral("SubmitLiveSnapshotJob"), QStringLiteral("--JobName"),
             QStringLiteral("two-stores"), QStringLiteral("--TemplateId"), templateId,
             QStringLiteral("--StreamInput"),
             compact(QJsonObject{{QStringLiteral("Type"), QStringLiteral("rtmp")},
                                 {QStringLiteral("Url"), m_rtmp.url(QStringLiteral("cam"))}}),
             QStringLiteral("--SnapshotOutput"), compact(outputs)});
    }

    QJsonArray files(const QString &jobId)
    {
        const Run r = ctl({QStringLiteral("ListLiveSnapshotFiles"), QStringLiteral("--JobId"),
                           jobId, QStringLiteral("--Limit"), QStringLiteral("100")});
        return r.json.value(QStringLiteral("FileList")).toArray();
    }

    // A file's copy in the store of that type.
    static QJsonObject copyIn(const QJsonObject &file, const QString &type)
    {
        for (const QJsonValue &v : file.value(QStringLiteral("Stores")).toArray()) {
            if (v.toObject().value(QStringLiteral("StorageType")).toString() == type) {
                return v.toObject();
            }
        }
        return {};
    }

    static bool confirmedIn(const QJsonObject &file, const QString &type)
    {
        return copyIn(file, type).value(QStringLiteral("Confirmed")).toBool();
    }

    QString localFile(const QString &key) const
    {
        return m_data.filePath(QStringLiteral("storage/default/") + key);
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(m_ctl), qPrintable(m_ctl));
        const QString why = m_moto.start(true);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        m_proxy = std::make_unique<test::FaultProxy>(quint16(m_moto.endpoint.port()));
        QVERIFY(m_proxy->start());
        m_s3Endpoint = QStringLiteral("http://127.0.0.1:%1").arg(m_proxy->port());
        QVERIFY2(m_rtmp.start(), qPrintable(m_rtmp.errorString()));
        test::RtmpServer::PublisherOptions options;
        options.width = 320;
        options.height = 240;
        options.gopSeconds = 1;
        auto *publisher = m_rtmp.startPublisher(QStringLiteral("cam"), options);
        QVERIFY2(publisher, qPrintable(m_rtmp.errorString()));
        QVERIFY(m_rtmp.waitForPublishing(publisher));
        const Run added =
            ctl({QStringLiteral("AddStorageLocation"), QStringLiteral("--StorageType"),
                 QStringLiteral("s3"), QStringLiteral("--Endpoint"), m_s3Endpoint,
                 QStringLiteral("--Bucket"), test::Bucket, QStringLiteral("--Region"),
                 QStringLiteral("us-east-1"), QStringLiteral("--PathStyle"), QStringLiteral("true"),
                 QStringLiteral("--AccessKeyId"), m_moto.credentials.accessKeyId,
                 QStringLiteral("--AccessKeySecret"), QStringLiteral("-")},
                m_moto.credentials.accessKeySecret.toUtf8() + '\n');
        QCOMPARE(added.exitCode, 0);
    }

    void refusesDuplicateAndUnknownStores()
    {
        const Run twice =
            submit(realtimeTemplate(), QJsonArray{s3Output(), localOutput(), s3Output()});
        QCOMPARE(twice.exitCode, 2);
        QCOMPARE(twice.json.value(QStringLiteral("Code")).toString(),
                 QStringLiteral("InvalidParameter.SnapshotOutput"));
        QVERIFY(twice.json.value(QStringLiteral("Message"))
                    .toString()
                    .contains(QStringLiteral("twice")));
        QJsonObject unknown = s3Output();
        unknown.insert(QStringLiteral("Bucket"), QStringLiteral("no-such-location"));
        const Run missing = submit(realtimeTemplate(), QJsonArray{localOutput(), unknown});
        QCOMPARE(missing.exitCode, 2);
        QCOMPARE(missing.json.value(QStringLiteral("Code")).toString(),
                 QStringLiteral("StorageLocationNotFound"));
        // Nothing was submitted.
        QCOMPARE(ctl({QStringLiteral("ListLiveSnapshotJobs")})
                     .json.value(QStringLiteral("TotalCount"))
                     .toInt(),
                 0);
    }

    void copiesInBothStoresAndAnOutageDelaysOnlyOne()
    {
        const Run tpl =
            ctl({QStringLiteral("CreateLiveSnapshotTemplate"), QStringLiteral("--TemplateName"),
                 QStringLiteral("two"), QStringLiteral("--TimeInterval"), QStringLiteral("5"),
                 QStringLiteral("--SequenceFormat"),
                 QStringLiteral("snapshot/{JobId}/{Sequence}.jpg")});
        QCOMPARE(tpl.exitCode, 0);
        const Run job = submit(tpl.json.value(QStringLiteral("TemplateId")).toString(),
                               QJsonArray{localOutput(), s3Output()});
        QCOMPARE(job.exitCode, 0);
        const QString jobId = job.json.value(QStringLiteral("JobId")).toString();
        const Run got =
            ctl({QStringLiteral("GetLiveSnapshotJob"), QStringLiteral("--JobId"), jobId});
        const QJsonArray outputs = got.json.value(QStringLiteral("SnapshotOutput")).toArray();
        QCOMPARE(outputs.size(), 2);
        QCOMPARE(outputs.at(1).toObject().value(QStringLiteral("Endpoint")).toString(),
                 m_s3Endpoint);
        QCOMPARE(ctl({QStringLiteral("SendLiveSnapshotJobCommand"), QStringLiteral("--JobId"),
                      jobId, QStringLiteral("--Command"), QStringLiteral("start")})
                     .exitCode,
                 0);

        QProcess serve;
        serve.setProcessChannelMode(QProcess::MergedChannels);
        serve.start(m_ctl, {QStringLiteral("--data-dir"), m_data.path(), QStringLiteral("serve")});
        QVERIFY(serve.waitForStarted());
        auto stopServe = qScopeGuard([&] {
            ::kill(pid_t(serve.processId()), SIGTERM);
            serve.waitForFinished(15000);
        });

        // 1. Both copies confirmed, each store holding the object.
        auto bothConfirmed = [&](const QJsonArray &list) {
            int n = 0;
            for (const QJsonValue &v : list) {
                n += confirmedIn(v.toObject(), QStringLiteral("local")) &&
                             confirmedIn(v.toObject(), QStringLiteral("s3"))
                         ? 1
                         : 0;
            }
            return n;
        };
        QTRY_VERIFY_WITH_TIMEOUT(bothConfirmed(files(jobId)) >= 2, 40000);
        QJsonArray list = files(jobId);
        const QStringList inBucket = m_moto.listedKeys();
        for (const QJsonValue &v : list) {
            const QJsonObject f = v.toObject();
            if (!confirmedIn(f, QStringLiteral("s3"))) {
                continue;
            }
            const QString key = f.value(QStringLiteral("OssObject")).toString();
            QVERIFY2(inBucket.contains(key), qPrintable(key));
            QVERIFY2(QFile::exists(localFile(key)), qPrintable(localFile(key)));
            QCOMPARE(copyIn(f, QStringLiteral("s3")).value(QStringLiteral("Bucket")).toString(),
                     test::Bucket);
        }

        // 2. S3 goes away: local copies keep coming with the next sequence numbers, S3's wait.
        m_proxy->setMode(test::FaultProxy::Mode::Refuse);
        const qint64 lastBefore =
            list.last().toObject().value(QStringLiteral("Sequence")).toInteger();
        auto pendingInS3 = [&](const QJsonArray &l) {
            int n = 0;
            for (const QJsonValue &v : l) {
                const QJsonObject f = v.toObject();
                n += confirmedIn(f, QStringLiteral("local")) &&
                             !confirmedIn(f, QStringLiteral("s3")) &&
                             !copyIn(f, QStringLiteral("s3")).isEmpty()
                         ? 1
                         : 0;
            }
            return n;
        };
        QTRY_VERIFY_WITH_TIMEOUT(pendingInS3(files(jobId)) >= 3, 40000);
        list = files(jobId);
        qint64 expected = list.first().toObject().value(QStringLiteral("Sequence")).toInteger();
        for (const QJsonValue &v : list) {
            // One sequence, no gap, no duplicate, across the outage.
            QCOMPARE(v.toObject().value(QStringLiteral("Sequence")).toInteger(), expected++);
        }
        QVERIFY(expected - 1 > lastBefore + 2);
        const Run during =
            ctl({QStringLiteral("GetLiveSnapshotJob"), QStringLiteral("--JobId"), jobId});
        QVERIFY2(during.json.value(QStringLiteral("LastError"))
                     .toString()
                     .startsWith(QStringLiteral("Storage")),
                 qPrintable(during.json.value(QStringLiteral("LastError")).toString()));

        // 3. S3 is back: its copies catch up in capture order (the confirmed ones are always the
        // oldest), until every copy is confirmed.
        m_proxy->setMode(test::FaultProxy::Mode::Pass);
        const qint64 lastDuring = expected - 1;
        bool inOrder = true;
        auto caughtUp = [&] {
            const QJsonArray l = files(jobId);
            bool seenPending = false;
            qint64 confirmedUpTo = 0;
            for (const QJsonValue &v : l) {
                const bool s3 = confirmedIn(v.toObject(), QStringLiteral("s3"));
                if (s3 && seenPending) {
                    inOrder = false;
                }
                seenPending = seenPending || !s3;
                if (s3) {
                    confirmedUpTo = v.toObject().value(QStringLiteral("Sequence")).toInteger();
                }
            }
            return confirmedUpTo >= lastDuring;
        };
        QTRY_VERIFY_WITH_TIMEOUT(caughtUp(), 40000);
        QVERIFY(inOrder);
        const QStringList after = m_moto.listedKeys();
        for (const QJsonValue &v : files(jobId)) {
            const QJsonObject f = v.toObject();
            if (f.value(QStringLiteral("Sequence")).toInteger() <= lastDuring) {
                QVERIFY(after.contains(f.value(QStringLiteral("OssObject")).toString()));
            }
        }
        // The alert went with the outage.
        QTRY_COMPARE_WITH_TIMEOUT(
            ctl({QStringLiteral("GetLiveSnapshotJob"), QStringLiteral("--JobId"), jobId})
                .json.value(QStringLiteral("LastError"))
                .toString(),
            QString(), 20000);

        // 4. A link per store (the local one served by the running engine, with the stored JPG).
        const QJsonObject first = files(jobId).first().toObject();
        const QString key = first.value(QStringLiteral("OssObject")).toString();
        const QStringList base{QStringLiteral("GetLiveSnapshotFileUrl"), QStringLiteral("--JobId"),
                               jobId, QStringLiteral("--OssObject"), key};
        const Run s3Link =
            ctl(base + QStringList{QStringLiteral("--StorageType"), QStringLiteral("s3"),
                                   QStringLiteral("--Endpoint"), m_s3Endpoint,
                                   QStringLiteral("--Bucket"), test::Bucket});
        QCOMPARE(s3Link.exitCode, 0);
        const QUrl s3Url(s3Link.json.value(QStringLiteral("Url")).toString());
        QCOMPARE(s3Url.port(), int(m_proxy->port()));
        QVERIFY(s3Url.query().contains(QStringLiteral("X-Amz-Signature=")));
        const Run localLink =
            ctl(base + QStringList{QStringLiteral("--StorageType"), QStringLiteral("local"),
                                   QStringLiteral("--Bucket"), QStringLiteral("default")});
        QCOMPARE(localLink.exitCode, 0);
        const QUrl localUrl(localLink.json.value(QStringLiteral("Url")).toString());
        QVERIFY2(localUrl.path().startsWith(QStringLiteral("/o/local-default/")),
                 qPrintable(localUrl.toString()));
        // Without a store: the first confirmed copy (the local one, the job's first store).
        const Run defaultLink = ctl(base);
        QCOMPARE(defaultLink.exitCode, 0);
        QCOMPARE(QUrl(defaultLink.json.value(QStringLiteral("Url")).toString()).path(),
                 localUrl.path());
        QFile stored(localFile(key));
        QVERIFY(stored.open(QIODevice::ReadOnly));
        const QByteArray jpeg = stored.readAll();
        QVERIFY(jpeg.startsWith("\xFF\xD8"));
        // moto answers presigned GETs with IAM on with an error (tst_cloudjob checks only the
        // link too): the S3 link is checked for its store, object and signature.
        QVERIFY2(s3Url.path().endsWith(QLatin1Char('/') + test::Bucket + QLatin1Char('/') + key),
                 qPrintable(s3Url.toString()));
        QCOMPARE(test::fetch(localUrl).second, jpeg);
        // A store the job does not use is refused with its stores named.
        const Run other =
            ctl(base + QStringList{QStringLiteral("--StorageType"), QStringLiteral("s3"),
                                   QStringLiteral("--Endpoint"), m_s3Endpoint,
                                   QStringLiteral("--Bucket"), QStringLiteral("elsewhere")});
        QCOMPARE(other.exitCode, 2);
        QCOMPARE(other.json.value(QStringLiteral("Code")).toString(),
                 QStringLiteral("InvalidParameter.Bucket"));
        QVERIFY(other.json.value(QStringLiteral("Message")).toString().contains(test::Bucket));

        // 5. Delete with DeleteOriginalFile removes both copies and the record.
        const Run deleted = ctl(
            {QStringLiteral("DeleteLiveSnapshotFiles"), QStringLiteral("--JobId"), jobId,
             QStringLiteral("--CreateTimestampList"),
             QStringLiteral("[%1]").arg(first.value(QStringLiteral("CreateTimestamp")).toInteger()),
             QStringLiteral("--DeleteOriginalFile"), QStringLiteral("true")});
        QCOMPARE(deleted.exitCode, 0);
        QCOMPARE(deleted.json.value(QStringLiteral("DeleteFileResultList"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("Result"))
                     .toString(),
                 QStringLiteral("success"));
        QVERIFY(!QFile::exists(localFile(key)));
        QVERIFY(!m_moto.listedKeys().contains(key));
        for (const QJsonValue &v : files(jobId)) {
            QVERIFY(v.toObject().value(QStringLiteral("OssObject")).toString() != key);
        }
    }

private:
    static QString realtimeTemplate() { return QStringLiteral("system-realtime-10s"); }
};

QTEST_GUILESS_MAIN(TestMultiStore)
#include "tst_multistore.moc"
