// Runs the built livesnapctl as a user would and checks its JSON contract.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

class TestLivesnapctl : public QObject {
    Q_OBJECT

private:
    struct Run {
        int exitCode = -1;
        QJsonObject json;
        QByteArray out;
        QByteArray err;
    };

    QString m_binary = qEnvironmentVariable("LIVESNAPCTL");
    std::unique_ptr<QTemporaryDir> m_dir;

    Run run(const QStringList &args, const QProcessEnvironment &env = {})
    {
        QProcess p;
        if (!env.isEmpty()) {
            p.setProcessEnvironment(env);
        }
        p.start(m_binary, args);
        Run r;
        if (!p.waitForFinished(30000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.exitCode = p.exitCode();
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
        if (error.error == QJsonParseError::NoError && doc.isObject()) {
            r.json = doc.object();
        }
        return r;
    }

    Run ctl(QStringList args)
    {
        args.prepend(m_dir->path());
        args.prepend(QStringLiteral("--data-dir"));
        return run(args);
    }

    // Exactly one JSON object on one line.
    static bool isOneJsonObject(const Run &r)
    {
        return !r.json.isEmpty() && r.out.trimmed().count('\n') == 0;
    }

    QString submitJob(const QString &name)
    {
        const Run r = ctl({QStringLiteral("SubmitLiveSnapshotJob"), QStringLiteral("--JobName"),
                           name, QStringLiteral("--TemplateId"),
                           QStringLiteral("system-overwrite-5s"), QStringLiteral("--StreamInput"),
                           QStringLiteral("{\"Type\":\"rtmp\",\"Url\":\"rtmp://127.0.0.1:1/live/"
                                          "%1?auth_key=SECRET\"}")
                               .arg(name),
                           QStringLiteral("--SnapshotOutput"),
                           QStringLiteral("{\"StorageType\":\"local\",\"Bucket\":\"default\"}")});
        return r.json.value(QStringLiteral("JobId")).toString();
    }

private slots:
    void initTestCase() { QVERIFY2(QFile::exists(m_binary), qPrintable(m_binary)); }
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }

    void help()
    {
        const Run all = run({QStringLiteral("--help")});
        QCOMPARE(all.exitCode, 0);
        for (const char *action :
             {"CreateLiveSnapshotTemplate", "GetLiveSnapshotTemplate", "UpdateLiveSnapshotTemplate",
              "DeleteLiveSnapshotTemplate", "ListLiveSnapshotTemplates", "SubmitLiveSnapshotJob",
              "GetLiveSnapshotJob", "ListLiveSnapshotJobs", "SendLiveSnapshotJobCommand",
              "DeleteLiveSnapshotJob", "ListLiveSnapshotFiles", "DeleteLiveSnapshotFiles",
              "AddStorageLocation", "ListStorageLocations", "SetCallbackSettings",
              "GetCallbackSettings", "serve"}) {
            QVERIFY2(all.out.contains(action), action);
        }
        const Run one = run({QStringLiteral("SubmitLiveSnapshotJob"), QStringLiteral("--help")});
        QCOMPARE(one.exitCode, 0);
        QVERIFY(one.out.contains("--StreamInput"));
        QVERIFY(one.out.contains("--CallbackUrl"));
        QCOMPARE(run({}).exitCode, 2);
    }

    void templateRoundTrip()
    {
        Run r =
            ctl({QStringLiteral("CreateLiveSnapshotTemplate"), QStringLiteral("--TemplateName"),
                 QStringLiteral("every 7"), QStringLiteral("--TimeInterval"), QStringLiteral("7"),
                 QStringLiteral("--SequenceFormat"), QStringLiteral("s/{JobId}/{Sequence}.jpg")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(isOneJsonObject(r));
        const QString id = r.json.value(QStringLiteral("TemplateId")).toString();
        QVERIFY(!id.isEmpty());
        QVERIFY(!r.json.value(QStringLiteral("RequestId")).toString().isEmpty());

        r = ctl({QStringLiteral("GetLiveSnapshotTemplate"), QStringLiteral("--TemplateId=") + id});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json.value(QStringLiteral("TimeInterval")).toInt(), 7);
        QCOMPARE(r.json.value(QStringLiteral("Type")).toString(), QStringLiteral("custom"));

        r = ctl({QStringLiteral("UpdateLiveSnapshotTemplate"), QStringLiteral("--TemplateId"), id,
                 QStringLiteral("--TimeInterval"), QStringLiteral("9")});
        QCOMPARE(r.exitCode, 0);
        r = ctl({QStringLiteral("ListLiveSnapshotTemplates"), QStringLiteral("--Type"),
                 QStringLiteral("custom")});
        QCOMPARE(r.json.value(QStringLiteral("TotalCount")).toInt(), 1);
        QCOMPARE(r.json.value(QStringLiteral("TemplateList"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("TimeInterval"))
                     .toInt(),
                 9);
        r = ctl({QStringLiteral("DeleteLiveSnapshotTemplate"), QStringLiteral("--TemplateId"), id});
        QCOMPARE(r.exitCode, 0);
        r = ctl({QStringLiteral("GetLiveSnapshotTemplate"), QStringLiteral("--TemplateId"), id});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.json.value(QStringLiteral("Code")).toString(),
                 QStringLiteral("TemplateNotFound"));
    }

    // Width, Height, JpegQuality and CaptureMode on the command line: created, shown, updated;
    // a bad value is a user error naming the field.
    void templateOutputFields()
    {
        Run r =
            ctl({QStringLiteral("CreateLiveSnapshotTemplate"), QStringLiteral("--TemplateName"),
                 QStringLiteral("wall"), QStringLiteral("--TimeInterval"), QStringLiteral("10"),
                 QStringLiteral("--OverwriteFormat"), QStringLiteral("wall/{JobId}.jpg"),
                 QStringLiteral("--Width"), QStringLiteral("320"), QStringLiteral("--JpegQuality"),
                 QStringLiteral("70"), QStringLiteral("--CaptureMode"), QStringLiteral("Exact")});
        QCOMPARE(r.exitCode, 0);
        const QString id = r.json.value(QStringLiteral("TemplateId")).toString();
        r = ctl({QStringLiteral("GetLiveSnapshotTemplate"), QStringLiteral("--TemplateId"), id});
        QCOMPARE(r.json.value(QStringLiteral("Width")).toInt(), 320);
        QCOMPARE(r.json.value(QStringLiteral("Height")).toInt(), 0);
        QCOMPARE(r.json.value(QStringLiteral("JpegQuality")).toInt(), 70);
        QCOMPARE(r.json.value(QStringLiteral("CaptureMode")).toString(), QStringLiteral("exact"));

        r = ctl({QStringLiteral("UpdateLiveSnapshotTemplate"), QStringLiteral("--TemplateId"), id,
                 QStringLiteral("--Width"), QStringLiteral("0"), QStringLiteral("--Height"),
                 QStringLiteral("240")});
        QCOMPARE(r.exitCode, 0);
        r = ctl({QStringLiteral("ListLiveSnapshotTemplates"), QStringLiteral("--Type"),
                 QStringLiteral("custom")});
        const QJsonObject listed =
            r.json.value(QStringLiteral("TemplateList")).toArray().first().toObject();
        QCOMPARE(listed.value(QStringLiteral("Width")).toInt(), 0);
        QCOMPARE(listed.value(QStringLiteral("Height")).toInt(), 240);
        QCOMPARE(listed.value(QStringLiteral("JpegQuality")).toInt(), 70);

        const QList<std::pair<QString, QString>> bad{
            {QStringLiteral("Width"), QStringLiteral("8")},
            {QStringLiteral("Height"), QStringLiteral("x")},
            {QStringLiteral("JpegQuality"), QStringLiteral("101")},
            {QStringLiteral("CaptureMode"), QStringLiteral("now")}};
        for (const auto &[field, value] : bad) {
            r = ctl({QStringLiteral("UpdateLiveSnapshotTemplate"), QStringLiteral("--TemplateId"),
                     id, QStringLiteral("--") + field, value});
            QCOMPARE(r.exitCode, 2);
            QCOMPARE(r.json.value(QStringLiteral("Code")).toString(),
                     QStringLiteral("InvalidParameter.") + field);
        }
        r = ctl({QStringLiteral("GetLiveSnapshotTemplate"), QStringLiteral("--TemplateId"), id});
        QCOMPARE(r.json.value(QStringLiteral("Height")).toInt(), 240); // unchanged
        QCOMPARE(r.json.value(QStringLiteral("CaptureMode")).toString(), QStringLiteral("exact"));
    }

    void userErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("code");
        const QString create = QStringLiteral("CreateLiveSnapshotTemplate");
        QTest::newRow("interval 4") << QStringList{create,
                                                   QStringLiteral("--TemplateName"),
                                                   QStringLiteral("t"),
                                                   QStringLiteral("--TimeInterval"),
                                                   QStringLiteral("4"),
                                                   QStringLiteral("--OverwriteFormat"),
                                                   QStringLiteral("snapshot/{JobId}.jpg")}
                                    << QStringLiteral("InvalidParameter.TimeInterval");
        QTest::newRow("interval 5s") << QStringList{create,
                                                    QStringLiteral("--TemplateName"),
                                                    QStringLiteral("t"),
                                                    QStringLiteral("--TimeInterval"),
                                                    QStringLiteral("5s"),
                                                    QStringLiteral("--OverwriteFormat"),
                                                    QStringLiteral("snapshot/{JobId}.jpg")}
                                     << QStringLiteral("InvalidParameter.TimeInterval");
        QTest::newRow("no formats")
            << QStringList{create, QStringLiteral("--TemplateName"), QStringLiteral("t"),
                           QStringLiteral("--TimeInterval"), QStringLiteral("5")}
            << QStringLiteral("InvalidParameter.Format");
        QTest::newRow("http url")
            << QStringList{QStringLiteral("SubmitLiveSnapshotJob"),
                           QStringLiteral("--JobName"),
                           QStringLiteral("x"),
                           QStringLiteral("--TemplateId"),
                           QStringLiteral("system-overwrite-5s"),
                           QStringLiteral("--StreamInput"),
                           QStringLiteral("{\"Type\":\"rtmp\",\"Url\":\"http://h/live/x\"}")}
            << QStringLiteral("InvalidParameter.StreamInput.Url");
        QTest::newRow("bad json") << QStringList{QStringLiteral("SubmitLiveSnapshotJob"),
                                                 QStringLiteral("--JobName"),
                                                 QStringLiteral("x"),
                                                 QStringLiteral("--TemplateId"),
                                                 QStringLiteral("system-overwrite-5s"),
                                                 QStringLiteral("--StreamInput"),
                                                 QStringLiteral("{not json")}
                                  << QStringLiteral("InvalidParameter.StreamInput");
        QTest::newRow("missing job name")
            << QStringList{QStringLiteral("SubmitLiveSnapshotJob"), QStringLiteral("--TemplateId"),
                           QStringLiteral("system-overwrite-5s")}
            << QStringLiteral("MissingParameter.JobName");
        QTest::newRow("unknown action")
            << QStringList{QStringLiteral("MakeCoffee")} << QStringLiteral("UnknownAction");
        QTest::newRow("unknown parameter")
            << QStringList{QStringLiteral("ListLiveSnapshotJobs"), QStringLiteral("--Colour"),
                           QStringLiteral("red")}
            << QStringLiteral("InvalidParameter.Colour");
        QTest::newRow("page size 101")
            << QStringList{QStringLiteral("ListLiveSnapshotJobs"), QStringLiteral("--PageSize"),
                           QStringLiteral("101")}
            << QStringLiteral("InvalidParameter.PageSize");
        QTest::newRow("page size text")
            << QStringList{QStringLiteral("ListLiveSnapshotJobs"), QStringLiteral("--PageSize"),
                           QStringLiteral("ten")}
            << QStringLiteral("InvalidParameter.PageSize");
        QTest::newRow("value missing")
            << QStringList{QStringLiteral("GetLiveSnapshotJob"), QStringLiteral("--JobId")}
            << QStringLiteral("MissingParameter.JobId");
        QTest::newRow("no such job")
            << QStringList{QStringLiteral("GetLiveSnapshotJob"), QStringLiteral("--JobId"),
                           QStringLiteral("nope")}
            << QStringLiteral("JobNotFound");
        QTest::newRow("sequence without job id")
            << QStringList{create,
                           QStringLiteral("--TemplateName"),
                           QStringLiteral("shared"),
                           QStringLiteral("--TimeInterval"),
                           QStringLiteral("5"),
                           QStringLiteral("--SequenceFormat"),
                           QStringLiteral("shared/{Sequence}.jpg")}
            << QStringLiteral("InvalidParameter.SequenceFormat");
        QTest::newRow("overwrite without job id")
            << QStringList{create,
                           QStringLiteral("--TemplateName"),
                           QStringLiteral("latest"),
                           QStringLiteral("--TimeInterval"),
                           QStringLiteral("5"),
                           QStringLiteral("--OverwriteFormat"),
                           QStringLiteral("snapshot/latest.jpg")}
            << QStringLiteral("InvalidParameter.OverwriteFormat");
        QTest::newRow("line break in a template name")
            << QStringList{create,
                           QStringLiteral("--TemplateName"),
                           QStringLiteral("two\nlines"),
                           QStringLiteral("--TimeInterval"),
                           QStringLiteral("5"),
                           QStringLiteral("--OverwriteFormat"),
                           QStringLiteral("snapshot/{JobId}.jpg")}
            << QStringLiteral("InvalidParameter.TemplateName");
        QTest::newRow("direction override in a job name")
            << QStringList{QStringLiteral("SubmitLiveSnapshotJob"),
                           QStringLiteral("--JobName"),
                           QStringLiteral("cam\u202egpj.exe"),
                           QStringLiteral("--TemplateId"),
                           QStringLiteral("system-overwrite-5s"),
                           QStringLiteral("--StreamInput"),
                           QStringLiteral("{\"Type\":\"rtmp\",\"Url\":\"rtmp://h/live/x\"}")}
            << QStringLiteral("InvalidParameter.JobName");
        for (const char *folder : {"/", "/etc", "/usr/lib/livesnap", "/proc"}) {
            QTest::addRow("local location on %s", folder)
                << QStringList{QStringLiteral("AddStorageLocation"),
                               QStringLiteral("--StorageType"),
                               QStringLiteral("local"),
                               QStringLiteral("--Bucket"),
                               QStringLiteral("sys"),
                               QStringLiteral("--Path"),
                               QString::fromLatin1(folder)}
                << QStringLiteral("InvalidParameter.Path");
        }
        QTest::newRow("serve with a typo")
            << QStringList{QStringLiteral("serve"), QStringLiteral("--credential"),
                           QStringLiteral("creds.json")}
            << QStringLiteral("InvalidParameter.credential");
        QTest::newRow("serve with an unknown flag")
            << QStringList{QStringLiteral("serve"), QStringLiteral("--Foo")}
            << QStringLiteral("InvalidParameter.Foo");
        QTest::newRow("serve with an unknown option=value")
            << QStringList{QStringLiteral("serve"), QStringLiteral("--Foo=1")}
            << QStringLiteral("InvalidParameter.Foo");
        QTest::newRow("serve after an unknown option")
            << QStringList{QStringLiteral("--Foo"), QStringLiteral("1"), QStringLiteral("serve")}
            << QStringLiteral("InvalidParameter.Foo");
        QTest::newRow("bad time") << QStringList{QStringLiteral("ListLiveSnapshotJobs"),
                                                 QStringLiteral("--StartTime"),
                                                 QStringLiteral("yesterday")}
                                  << QStringLiteral("InvalidParameter.StartTime");
    }
    void userErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, code);
        const Run before = ctl({QStringLiteral("ListLiveSnapshotTemplates")});
        const Run r = ctl(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(isOneJsonObject(r), r.out.constData());
        QCOMPARE(r.json.value(QStringLiteral("Code")).toString(), code);
        QVERIFY(!r.json.value(QStringLiteral("Message")).toString().isEmpty());
        QCOMPARE(r.json.size(), 2);
        const Run after = ctl({QStringLiteral("ListLiveSnapshotTemplates")});
        QCOMPARE(after.json.value(QStringLiteral("TotalCount")),
                 before.json.value(QStringLiteral("TotalCount")));
    }

    void internalErrorExitsOne()
    {
        QFile blocker(m_dir->filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const Run r = run({QStringLiteral("--data-dir"), m_dir->filePath(QStringLiteral("file/x")),
                           QStringLiteral("ListLiveSnapshotJobs")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(isOneJsonObject(r));
        QVERIFY(!r.json.value(QStringLiteral("Code")).toString().isEmpty());
    }

    void jobLifecycle()
    {
        const QString id = submitJob(QStringLiteral("cam1"));
        QVERIFY(!id.isEmpty());
        Run r = ctl({QStringLiteral("SendLiveSnapshotJobCommand"), QStringLiteral("--JobId"), id,
                     QStringLiteral("--Command"), QStringLiteral("start")});
        QCOMPARE(r.exitCode, 0);
        r = ctl({QStringLiteral("SendLiveSnapshotJobCommand"), QStringLiteral("--JobId"), id,
                 QStringLiteral("--Command"), QStringLiteral("start")});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.json.value(QStringLiteral("Code")).toString(),
                 QStringLiteral("JobAlreadyStarted"));
        r = ctl({QStringLiteral("GetLiveSnapshotJob"), QStringLiteral("--JobId"), id});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json.value(QStringLiteral("Status")).toString(), QStringLiteral("started"));
        QCOMPARE(r.json.value(QStringLiteral("JobName")).toString(), QStringLiteral("cam1"));
        QCOMPARE(
            r.json.value(QStringLiteral("StreamInput")).toObject().value(QStringLiteral("Type")),
            QJsonValue(QStringLiteral("rtmp")));
        QCOMPARE(r.json.value(QStringLiteral("SnapshotOutput"))
                     .toObject()
                     .value(QStringLiteral("Bucket"))
                     .toString(),
                 QStringLiteral("default"));
        r = ctl({QStringLiteral("DeleteLiveSnapshotJob"), QStringLiteral("--JobId"), id});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.json.value(QStringLiteral("Code")).toString(), QStringLiteral("JobNotStopped"));
        r = ctl({QStringLiteral("ListLiveSnapshotFiles"), QStringLiteral("--JobId"), id});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.json.value(QStringLiteral("FileList")).isArray());
        QVERIFY(!r.json.contains(QStringLiteral("NextStartTime")));
        r = ctl({QStringLiteral("ListLiveSnapshotJobs"), QStringLiteral("--Status"),
                 QStringLiteral("started")});
        QCOMPARE(r.json.value(QStringLiteral("TotalCount")).toInt(), 1);
        r = ctl({QStringLiteral("SendLiveSnapshotJobCommand"), QStringLiteral("--JobId"), id,
                 QStringLiteral("--Command"), QStringLiteral("stop")});
        QCOMPARE(r.exitCode, 0);
        r = ctl({QStringLiteral("DeleteLiveSnapshotJob"), QStringLiteral("--JobId"), id});
        QCOMPARE(r.exitCode, 0);
        r = ctl({QStringLiteral("GetLiveSnapshotJob"), QStringLiteral("--JobId"), id});
        QCOMPARE(r.json.value(QStringLiteral("Code")).toString(), QStringLiteral("JobNotFound"));
    }

    // --JobIds: a result per job; exit 0 when the call is valid even if some jobs failed, exit 2
    // (and nothing changed) when the call itself is wrong.
    void bulkCommandAndDelete()
    {
        const QString a1 = submitJob(QStringLiteral("a1"));
        const QString a2 = submitJob(QStringLiteral("a2"));
        QVERIFY(!a1.isEmpty() && !a2.isEmpty());
        const QString ids = QStringLiteral("[\"%1\",\"missing\",\"%2\"]").arg(a1, a2);
        Run r = ctl({QStringLiteral("SendLiveSnapshotJobCommand"), QStringLiteral("--JobIds"), ids,
                     QStringLiteral("--Command"), QStringLiteral("start")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(isOneJsonObject(r), r.out.constData());
        QVERIFY(!r.json.value(QStringLiteral("RequestId")).toString().isEmpty());
        QCOMPARE(r.json.value(QStringLiteral("SucceededCount")).toInt(), 2);
        QCOMPARE(r.json.value(QStringLiteral("FailedCount")).toInt(), 1);
        const QJsonArray results = r.json.value(QStringLiteral("Results")).toArray();
        QCOMPARE(results.size(), 3);
        QCOMPARE(results.at(0).toObject(),
                 (QJsonObject{{QStringLiteral("JobId"), a1},
                              {QStringLiteral("Code"), QStringLiteral("OK")}}));
        const QJsonObject missing = results.at(1).toObject();
        QCOMPARE(missing.value(QStringLiteral("JobId")).toString(), QStringLiteral("missing"));
        QCOMPARE(missing.value(QStringLiteral("Code")).toString(), QStringLiteral("JobNotFound"));
        QVERIFY(!missing.value(QStringLiteral("Message")).toString().isEmpty());
        QCOMPARE(results.at(2).toObject().value(QStringLiteral("Code")).toString(),
                 QStringLiteral("OK"));
        r = ctl({QStringLiteral("ListLiveSnapshotJobs"), QStringLiteral("--Status"),
                 QStringLiteral("started")});
        QCOMPARE(r.json.value(QStringLiteral("TotalCount")).toInt(), 2);

        // Wrong calls: exit 2, {Code, Message} only, nothing stopped.
        const QList<std::pair<QStringList, QString>> wrong{
            {{QStringLiteral("--JobIds"), QStringLiteral("[]")},
             QStringLiteral("InvalidParameter.JobIds")},
            {{QStringLiteral("--JobIds"), QStringLiteral("[\"a\"")},
             QStringLiteral("InvalidParameter.JobIds")},
            {{QStringLiteral("--JobIds"), QStringLiteral("{\"a\":1}")},
             QStringLiteral("InvalidParameter.JobIds")},
            {{QStringLiteral("--JobIds"), QStringLiteral("[1,2]")},
             QStringLiteral("InvalidParameter.JobIds")},
            {{QStringLiteral("--JobIds"), QStringLiteral("[\"%1\",\"%1\"]").arg(a1)},
             QStringLiteral("InvalidParameter.JobIds")},
            {{QStringLiteral("--JobIds"), QStringLiteral("[\"%1\"]").arg(a1),
              QStringLiteral("--JobId"), a1},
             QStringLiteral("InvalidParameter.JobIds")},
            {{}, QStringLiteral("MissingParameter.JobId")},
        };
        for (const auto &[args, code] : wrong) {
            r = ctl(QStringList{QStringLiteral("SendLiveSnapshotJobCommand"),
                                QStringLiteral("--Command"), QStringLiteral("stop")} +
                    args);
            QCOMPARE(r.exitCode, 2);
            QCOMPARE(r.json.size(), 2);
            QCOMPARE(r.json.value(QStringLiteral("Code")).toString(), code);
            r = ctl(QStringList{QStringLiteral("DeleteLiveSnapshotJob")} + args);
            QCOMPARE(r.exitCode, 2);
            QCOMPARE(r.json.value(QStringLiteral("Code")).toString(), code);
        }
        r = ctl({QStringLiteral("SendLiveSnapshotJobCommand"), QStringLiteral("--JobIds"), ids,
                 QStringLiteral("--Command"), QStringLiteral("pause")});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.json.value(QStringLiteral("Code")).toString(),
                 QStringLiteral("InvalidParameter.Command"));
        r = ctl({QStringLiteral("ListLiveSnapshotJobs"), QStringLiteral("--Status"),
                 QStringLiteral("started")});
        QCOMPARE(r.json.value(QStringLiteral("TotalCount")).toInt(), 2);

        // Stop one, then delete both: one deleted, one refused because it still runs.
        r = ctl({QStringLiteral("SendLiveSnapshotJobCommand"), QStringLiteral("--JobIds"),
                 QStringLiteral("[\"%1\"]").arg(a1), QStringLiteral("--Command"),
                 QStringLiteral("stop")});
        QCOMPARE(r.json.value(QStringLiteral("SucceededCount")).toInt(), 1);
        r = ctl({QStringLiteral("DeleteLiveSnapshotJob"), QStringLiteral("--JobIds"),
                 QStringLiteral("[\"%1\",\"%2\"]").arg(a1, a2)});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json.value(QStringLiteral("SucceededCount")).toInt(), 1);
        QCOMPARE(r.json.value(QStringLiteral("FailedCount")).toInt(), 1);
        QCOMPARE(r.json.value(QStringLiteral("Results"))
                     .toArray()
                     .at(1)
                     .toObject()
                     .value(QStringLiteral("Code"))
                     .toString(),
                 QStringLiteral("JobNotStopped"));
        r = ctl({QStringLiteral("ListLiveSnapshotJobs")});
        QCOMPARE(r.json.value(QStringLiteral("TotalCount")).toInt(), 1);

        const Run help = run({QStringLiteral("DeleteLiveSnapshotJob"), QStringLiteral("--help")});
        QVERIFY(help.out.contains("--JobIds"));
        QVERIFY(help.out.contains("Exits 0"));
    }

    void storageAndSettings()
    {
        Run r = ctl({QStringLiteral("ListStorageLocations")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json.value(QStringLiteral("TotalCount")).toInt(), 1);
        r = ctl({QStringLiteral("AddStorageLocation"), QStringLiteral("--StorageType"),
                 QStringLiteral("local"), QStringLiteral("--Bucket"), QStringLiteral("b2"),
                 QStringLiteral("--Path"), m_dir->filePath(QStringLiteral("b2"))});
        QCOMPARE(r.exitCode, 0);
        const QString locationId = r.json.value(QStringLiteral("LocationId")).toString();
        r = ctl({QStringLiteral("TestStorageLocation"), QStringLiteral("--StorageType"),
                 QStringLiteral("local"), QStringLiteral("--Bucket"), QStringLiteral("b2")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json.value(QStringLiteral("Result")).toString(), QStringLiteral("success"));
        r = ctl(
            {QStringLiteral("DeleteStorageLocation"), QStringLiteral("--LocationId"), locationId});
        QCOMPARE(r.exitCode, 0);
        r = ctl({QStringLiteral("SetCallbackSettings"), QStringLiteral("--CallbackUrl"),
                 QStringLiteral("https://example.com/cb")});
        QCOMPARE(r.exitCode, 0);
        r = ctl({QStringLiteral("GetCallbackSettings")});
        QCOMPARE(r.json.value(QStringLiteral("CallbackUrl")).toString(),
                 QStringLiteral("https://example.com/cb"));
    }

    void dataDirFromEnvironment()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LIVESNAP_DATA_DIR"), m_dir->path());
        const QString id = submitJob(QStringLiteral("envcam")); // via --data-dir
        const Run r =
            run({QStringLiteral("GetLiveSnapshotJob"), QStringLiteral("--JobId"), id}, env);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json.value(QStringLiteral("JobName")).toString(), QStringLiteral("envcam"));
    }

    void serveRefusesUnknownOptions()
    {
        const Run r = ctl({QStringLiteral("serve"), QStringLiteral("--credential"),
                           m_dir->filePath(QStringLiteral("creds.json"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(isOneJsonObject(r), r.out.constData());
        const QString message = r.json.value(QStringLiteral("Message")).toString();
        QVERIFY2(message.contains(QStringLiteral("--credential;")) &&
                     message.contains(QStringLiteral("--credentials FILE")) &&
                     message.contains(QStringLiteral("--data-dir DIR")),
                 qPrintable(message));
        QVERIFY(!r.err.contains("running")); // the engine never started
        const Run help = ctl({QStringLiteral("serve"), QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--credentials FILE"));
    }

    void dataDirectoryItselfIsNotALocation()
    {
        Run r = ctl({QStringLiteral("AddStorageLocation"), QStringLiteral("--StorageType"),
                     QStringLiteral("local"), QStringLiteral("--Bucket"), QStringLiteral("here"),
                     QStringLiteral("--Path"), m_dir->path()});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.json.value(QStringLiteral("Code")).toString(),
                 QStringLiteral("InvalidParameter.Path"));
        QVERIFY2(r.json.value(QStringLiteral("Message"))
                     .toString()
                     .contains(QStringLiteral("data directory")),
                 r.out.constData());
        r = ctl({QStringLiteral("AddStorageLocation"), QStringLiteral("--StorageType"),
                 QStringLiteral("local"), QStringLiteral("--Bucket"), QStringLiteral("here"),
                 QStringLiteral("--Path"), m_dir->filePath(QStringLiteral("archive"))});
        QCOMPARE(r.exitCode, 0);
        // Nor can an existing one be moved there.
        r = ctl({QStringLiteral("UpdateStorageLocation"), QStringLiteral("--LocationId"),
                 r.json.value(QStringLiteral("LocationId")).toString(), QStringLiteral("--Path"),
                 QStringLiteral("/etc")});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.json.value(QStringLiteral("Code")).toString(),
                 QStringLiteral("InvalidParameter.Path"));
    }

    // A template saved before {JobId} was required (put into the catalog with SQL, as an older
    // version could have) is refused for new jobs and for starting old ones, with what to do.
    void legacyTemplateWithoutJobIdIsRefusedForJobs()
    {
        Run r = ctl({QStringLiteral("CreateLiveSnapshotTemplate"), QStringLiteral("--TemplateName"),
                     QStringLiteral("old shared"), QStringLiteral("--TimeInterval"),
                     QStringLiteral("5"), QStringLiteral("--SequenceFormat"),
                     QStringLiteral("shared/{JobId}/{Sequence}.jpg")});
        QCOMPARE(r.exitCode, 0);
        const QString templateId = r.json.value(QStringLiteral("TemplateId")).toString();
        const auto submit = [&](const QString &name) {
            return ctl({QStringLiteral("SubmitLiveSnapshotJob"), QStringLiteral("--JobName"), name,
                        QStringLiteral("--TemplateId"), templateId, QStringLiteral("--StreamInput"),
                        QStringLiteral("{\"Type\":\"rtmp\",\"Url\":\"rtmp://127.0.0.1:1/l/x\"}")});
        };
        r = submit(QStringLiteral("before"));
        QCOMPARE(r.exitCode, 0);
        const QString jobId = r.json.value(QStringLiteral("JobId")).toString();
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("legacy"));
            db.setDatabaseName(m_dir->filePath(QStringLiteral("catalog.sqlite")));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.prepare(
                QStringLiteral("UPDATE templates SET sequence_format = ? WHERE template_id = ?")));
            q.addBindValue(QStringLiteral("shared/{Sequence}.jpg"));
            q.addBindValue(templateId);
            QVERIFY(q.exec());
            QCOMPARE(q.numRowsAffected(), 1);
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("legacy"));

        const auto checkRefusal = [&](const Run &refused) {
            QCOMPARE(refused.exitCode, 2);
            QVERIFY(isOneJsonObject(refused));
            QCOMPARE(refused.json.value(QStringLiteral("Code")).toString(),
                     QStringLiteral("TemplateFormatUnsafe"));
            const QString message = refused.json.value(QStringLiteral("Message")).toString();
            QVERIFY2(
                message.contains(QStringLiteral("old shared")) &&
                    message.contains(QStringLiteral("{JobId}")) &&
                    message.contains(QStringLiteral("UpdateLiveSnapshotTemplate --TemplateId ") +
                                     templateId + QStringLiteral(" --SequenceFormat")),
                qPrintable(message));
        };
        checkRefusal(submit(QStringLiteral("after")));
        const QStringList start{QStringLiteral("SendLiveSnapshotJobCommand"),
                                QStringLiteral("--JobId"), jobId, QStringLiteral("--Command"),
                                QStringLiteral("start")};
        checkRefusal(ctl(start));
        r = ctl({QStringLiteral("GetLiveSnapshotJob"), QStringLiteral("--JobId"), jobId});
        QCOMPARE(r.json.value(QStringLiteral("Status")).toString(), QStringLiteral("init"));
        r = ctl({QStringLiteral("ListLiveSnapshotJobs")});
        QCOMPARE(r.json.value(QStringLiteral("TotalCount")).toInt(), 1); // "after" was not made

        // Editing the template as the message says makes it usable again.
        r = ctl({QStringLiteral("UpdateLiveSnapshotTemplate"), QStringLiteral("--TemplateId"),
                 templateId, QStringLiteral("--TimeInterval"), QStringLiteral("6")});
        QCOMPARE(r.json.value(QStringLiteral("Code")).toString(),
                 QStringLiteral("InvalidParameter.SequenceFormat"));
        r = ctl({QStringLiteral("UpdateLiveSnapshotTemplate"), QStringLiteral("--TemplateId"),
                 templateId, QStringLiteral("--SequenceFormat"),
                 QStringLiteral("shared/{JobId}/{Sequence}.jpg")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(ctl(start).exitCode, 0);
        QCOMPARE(submit(QStringLiteral("after")).exitCode, 0);
    }

    void serveLeasesAndReleasesOnSigterm()
    {
        const QString id = submitJob(QStringLiteral("served"));
        QCOMPARE(ctl({QStringLiteral("SendLiveSnapshotJobCommand"), QStringLiteral("--JobId"), id,
                      QStringLiteral("--Command"), QStringLiteral("start")})
                     .exitCode,
                 0);
        QProcess serve;
        serve.start(m_binary,
                    {QStringLiteral("--data-dir"), m_dir->path(), QStringLiteral("serve")});
        QVERIFY(serve.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(
            !ctl({QStringLiteral("GetLiveSnapshotJob"), QStringLiteral("--JobId"), id})
                 .json.value(QStringLiteral("EngineId"))
                 .toString()
                 .isEmpty(),
            10000);
        ::kill(pid_t(serve.processId()), SIGTERM);
        QVERIFY(serve.waitForFinished(10000));
        QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
        QCOMPARE(serve.exitCode(), 0);
        const Run after =
            ctl({QStringLiteral("GetLiveSnapshotJob"), QStringLiteral("--JobId"), id});
        QCOMPARE(after.json.value(QStringLiteral("EngineId")).toString(), QString());
        QCOMPARE(after.json.value(QStringLiteral("Status")).toString(), QStringLiteral("started"));
        QCOMPARE(after.json.value(QStringLiteral("StreamState")).toString(),
                 QStringLiteral("waiting"));
    }
};

QTEST_GUILESS_MAIN(TestLivesnapctl)
#include "tst_livesnapctl.moc"
