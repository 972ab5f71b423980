#include "../support/Await.h"
#include "../support/CatalogSnapshot.h"
#include "catalog/Schema.h"
#include "service/SnapshotService.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace livesnap;

namespace {
SnapshotOutput defaultOutput()
{
    return SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
}
} // namespace

class TestSnapshotService : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Catalog> m_catalog;
    std::unique_ptr<SnapshotService> m_service;
    qint64 m_nowMs = 0;

    SnapshotService &svc() { return *m_service; }
    QString dump() { return test::catalogSnapshot(*m_catalog); }

    QString createTemplate(const QString &name, int interval = 10)
    {
        auto id = svc().createLiveSnapshotTemplate(
            TemplateSpec{name, interval, QString(), rules_sequence()});
        if (!id) {
            qWarning() << id.error().message;
            return QString();
        }
        return *id;
    }
    static QString rules_sequence()
    {
        return QStringLiteral("snapshot/{JobId}/{Sequence}/{UnixTimestamp}.jpg");
    }
    JobSpec jobSpec(const QString &name, const QString &templateId = schema::SystemRealtime10s)
    {
        JobSpec spec;
        spec.jobName = name;
        spec.templateId = templateId;
        spec.streamInput.url = QStringLiteral("rtmp://127.0.0.1/live/") + name;
        spec.snapshotOutput = defaultOutput();
        return spec;
    }
    QString submit(const QString &name, const QString &templateId = schema::SystemRealtime10s)
    {
        auto id = svc().submitLiveSnapshotJob(jobSpec(name, templateId));
        return id ? *id : QString();
    }

    // The operations that answer later, awaited.
    Result<QString> addLocation(const StorageLocation &location)
    {
        return test::await<Result<QString>>(
            [&](auto reply) { svc().addStorageLocation(location, StorageCredentials(), reply); });
    }
    Status deleteLocation(const QString &locationId)
    {
        return test::await<Status>(
            [&](auto reply) { svc().deleteStorageLocation(locationId, reply); });
    }
    Status testLocation(const QString &locationId)
    {
        return test::await<Status>(
            [&](auto reply) { svc().testStorageLocation(locationId, reply); });
    }
    Result<QList<FileDeleteResult>> deleteFiles(const QString &jobId, const QList<qint64> &stamps,
                                                bool deleteOriginalFile)
    {
        return test::await<Result<QList<FileDeleteResult>>>([&](auto reply) {
            svc().deleteLiveSnapshotFiles(jobId, stamps, deleteOriginalFile, reply);
        });
    }
    Status setCallbacks(const CallbackSettings &settings)
    {
        return test::await<Status>([&](auto reply) { svc().setCallbackSettings(settings, reply); });
    }

private slots:
    void init()
    {
        m_service.reset();
        m_catalog = std::make_unique<Catalog>();
        QFile::remove(m_dir.filePath(QStringLiteral("catalog.sqlite")));
        QVERIFY(m_catalog->open(m_dir.filePath(QStringLiteral("catalog.sqlite"))).ok());
        // A clock that moves one second per reading keeps CreateTime orders distinct.
        // Starts after the shipped templates' creation, so custom ones sort after them.
        m_nowMs = QDateTime::currentMSecsSinceEpoch() + 3600 * 1000;
        m_service = std::make_unique<SnapshotService>(
            *m_catalog, DataDirectory(m_dir.path()), Clock([this] {
                m_nowMs += 1000;
                return QDateTime::fromMSecsSinceEpoch(m_nowMs, QTimeZone::utc());
            }));
    }

    // ---- templates ----

    void templateLifecycle()
    {
        QSignalSpy changed(m_service.get(), &SnapshotService::templatesChanged);
        const QString id = createTemplate(QStringLiteral("tpl"), 30);
        QVERIFY(!id.isEmpty());
        QCOMPARE(changed.count(), 1);
        auto t = svc().getLiveSnapshotTemplate(id);
        QVERIFY(t);
        QCOMPARE(t->templateName, QStringLiteral("tpl"));
        QCOMPARE(t->type, QStringLiteral("custom"));
        QCOMPARE(t->timeInterval, 30);

        TemplateUpdate update;
        update.templateId = id;
        update.timeInterval = 60;
        update.overwriteFormat = QStringLiteral("snapshot/{JobId}.jpg");
        QVERIFY(svc().updateLiveSnapshotTemplate(update).ok());
        t = svc().getLiveSnapshotTemplate(id);
        QCOMPARE(t->timeInterval, 60);
        QCOMPARE(t->overwriteFormat, QStringLiteral("snapshot/{JobId}.jpg"));
        QCOMPARE(t->sequenceFormat, rules_sequence());
        QVERIFY(t->modifiedTime > t->createTime);

        QVERIFY(svc().deleteLiveSnapshotTemplate(id).ok());
        QCOMPARE(svc().getLiveSnapshotTemplate(id).error().code,
                 QStringLiteral("TemplateNotFound"));
        QCOMPARE(svc().deleteLiveSnapshotTemplate(id).error().code,
                 QStringLiteral("TemplateNotFound"));
    }

    void badTemplatesChangeNothing_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("interval");
        QTest::addColumn<QString>("overwrite");
        QTest::addColumn<QString>("sequence");
        QTest::addColumn<QString>("code");
        const QString seq = rules_sequence();
        QTest::newRow("interval 4")
            << "t" << 4 << QString() << seq << "InvalidParameter.TimeInterval";
        QTest::newRow("interval 3601")
            << "t" << 3601 << QString() << seq << "InvalidParameter.TimeInterval";
        QTest::newRow("interval 0")
            << "t" << 0 << QString() << seq << "InvalidParameter.TimeInterval";
        QTest::newRow("interval -5")
            << "t" << -5 << QString() << seq << "InvalidParameter.TimeInterval";
        QTest::newRow("no formats")
            << "t" << 10 << QString() << QString() << "InvalidParameter.Format";
        QTest::newRow("empty name")
            << "" << 10 << QString() << seq << "InvalidParameter.TemplateName";
        QTest::newRow("png") << "t" << 10 << "snapshot/{JobId}.png" << QString()
                             << "InvalidParameter.OverwriteFormat";
        QTest::newRow("leading slash") << "t" << 10 << QString() << "/x/{Sequence}.jpg"
                                       << "InvalidParameter.SequenceFormat";
        QTest::newRow("bad token") << "t" << 10 << QString() << "x/{Seq}.jpg"
                                   << "InvalidParameter.SequenceFormat";
    }
    void badTemplatesChangeNothing()
    {
        QFETCH(QString, name);
        QFETCH(int, interval);
        QFETCH(QString, overwrite);
        QFETCH(QString, sequence);
        QFETCH(QString, code);
        const QString before = dump();
        auto r =
            svc().createLiveSnapshotTemplate(TemplateSpec{name, interval, overwrite, sequence});
        QVERIFY(!r);
        QCOMPARE(r.error().code, code);
        QVERIFY(r.error().isUserError());
        QCOMPARE(dump(), before);
    }

    void badUpdateChangesNothing()
    {
        const QString id = createTemplate(QStringLiteral("keep"));
        const QString before = dump();
        TemplateUpdate update;
        update.templateId = id;
        update.timeInterval = 4;
        QCOMPARE(svc().updateLiveSnapshotTemplate(update).error().code,
                 QStringLiteral("InvalidParameter.TimeInterval"));
        TemplateUpdate clearBoth;
        clearBoth.templateId = id;
        clearBoth.sequenceFormat = QString();
        QCOMPARE(svc().updateLiveSnapshotTemplate(clearBoth).error().code,
                 QStringLiteral("InvalidParameter.Format"));
        QCOMPARE(dump(), before);
    }

    void systemTemplatesAreReadOnly()
    {
        const QString before = dump();
        TemplateUpdate update;
        update.templateId = schema::SystemOverwrite5s;
        update.timeInterval = 20;
        QCOMPARE(svc().updateLiveSnapshotTemplate(update).error().code,
                 QStringLiteral("TemplateReadOnly"));
        QCOMPARE(svc().deleteLiveSnapshotTemplate(schema::SystemOverwrite5s).error().code,
                 QStringLiteral("TemplateReadOnly"));
        QCOMPARE(dump(), before);
    }

    void templatePaging()
    {
        for (int i = 0; i < 25; ++i) {
            QVERIFY(!createTemplate(QStringLiteral("custom-%1").arg(i, 2, 10, QLatin1Char('0')))
                         .isEmpty());
        }
        TemplateQuery q;
        q.pageSize = 10;
        qint64 seen = 0;
        QStringList names;
        for (int page = 1; page <= 3; ++page) {
            q.pageNo = page;
            auto r = svc().listLiveSnapshotTemplates(q);
            QVERIFY(r);
            QCOMPARE(r->totalCount, 28);
            QCOMPARE(r->items.size(), page < 3 ? 10 : 8);
            seen += r->items.size();
            for (const auto &t : r->items) {
                names << t.templateName;
            }
        }
        QCOMPARE(seen, 28);
        QCOMPARE(names.first(), QStringLiteral("custom-24")); // desc by CreateTime by default
        names.removeDuplicates();
        QCOMPARE(names.size(), 28);

        q.pageNo = 4;
        auto beyond = svc().listLiveSnapshotTemplates(q);
        QVERIFY(beyond);
        QCOMPARE(beyond->items.size(), 0);
        QCOMPARE(beyond->totalCount, 28);

        q.pageNo = 1;
        q.pageSize = 100;
        q.sortBy = QStringLiteral("asc");
        q.type = QStringLiteral("custom");
        auto asc = svc().listLiveSnapshotTemplates(q);
        QCOMPARE(asc->totalCount, 25);
        QCOMPARE(asc->items.first().templateName, QStringLiteral("custom-00"));
        q.type = QStringLiteral("system");
        QCOMPARE(svc().listLiveSnapshotTemplates(q)->totalCount, 3);

        for (int bad : {0, 101, -1}) {
            TemplateQuery b;
            b.pageSize = bad;
            QCOMPARE(svc().listLiveSnapshotTemplates(b).error().code,
                     QStringLiteral("InvalidParameter.PageSize"));
        }
        TemplateQuery b;
        b.pageNo = 0;
        QCOMPARE(svc().listLiveSnapshotTemplates(b).error().code,
                 QStringLiteral("InvalidParameter.PageNo"));
        b.pageNo = 1;
        b.sortBy = QStringLiteral("up");
        QCOMPARE(svc().listLiveSnapshotTemplates(b).error().code,
                 QStringLiteral("InvalidParameter.SortBy"));
        b.sortBy = QStringLiteral("desc");
        b.type = QStringLiteral("mine");
        QCOMPARE(svc().listLiveSnapshotTemplates(b).error().code,
                 QStringLiteral("InvalidParameter.Type"));
    }

    void templateSearch()
    {
        createTemplate(QStringLiteral("lobby 100%"));
        createTemplate(QStringLiteral("lobby_a"));
        createTemplate(QStringLiteral("garage"));
        TemplateQuery q;
        q.searchKeyWord = QStringLiteral("lobby");
        QCOMPARE(svc().listLiveSnapshotTemplates(q)->totalCount, 2);
        q.searchKeyWord = QStringLiteral("%"); // literal, not a wildcard
        auto r = svc().listLiveSnapshotTemplates(q);
        QCOMPARE(r->totalCount, 1);
        QCOMPARE(r->items.first().templateName, QStringLiteral("lobby 100%"));
        q.searchKeyWord = QStringLiteral("_");
        QCOMPARE(svc().listLiveSnapshotTemplates(q)->totalCount, 1);
        q.searchKeyWord = QString();
        q.templateIds = {schema::SystemRealtime10s, schema::SystemRealtime60s};
        QCOMPARE(svc().listLiveSnapshotTemplates(q)->totalCount, 2);
    }

    // ---- jobs ----

    void submitAndGet()
    {
        QSignalSpy changed(m_service.get(), &SnapshotService::jobChanged);
        JobSpec spec = jobSpec(QStringLiteral("cam1"));
        spec.callbackUrl = QStringLiteral("https://example.com/cb");
        auto id = svc().submitLiveSnapshotJob(spec);
        QVERIFY(id);
        QCOMPARE(changed.count(), 1);
        auto job = svc().getLiveSnapshotJob(*id);
        QVERIFY(job);
        QCOMPARE(job->jobName, QStringLiteral("cam1"));
        QCOMPARE(job->status, QStringLiteral("init"));
        QCOMPARE(job->templateName, QStringLiteral("Real-time every 10 s"));
        QCOMPARE(job->timeInterval, 10);
        QCOMPARE(job->streamInput.url, QStringLiteral("rtmp://127.0.0.1/live/cam1"));
        QCOMPARE(job->snapshotOutput, defaultOutput());
        QCOMPARE(job->callbackUrl, QStringLiteral("https://example.com/cb"));
        QCOMPARE(job->streamState, QStringLiteral("idle"));
        QCOMPARE(job->lastSequence, 0);
        QCOMPARE(svc().getLiveSnapshotJob(QStringLiteral("nope")).error().code,
                 QStringLiteral("JobNotFound"));
        auto events = svc().listLiveSnapshotJobEvents(*id, 10);
        QVERIFY(events);
        QCOMPARE(events->size(), 1);
        QCOMPARE(events->first().kind, QStringLiteral("submitted"));
    }

    void badJobsChangeNothing_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("code");
        QTest::newRow("http url") << "url"
                                  << "http://127.0.0.1/live/x"
                                  << "InvalidParameter.StreamInput.Url";
        QTest::newRow("rtsp url") << "url"
                                  << "rtsp://127.0.0.1/live/x"
                                  << "InvalidParameter.StreamInput.Url";
        QTest::newRow("empty url") << "url"
                                   << ""
                                   << "InvalidParameter.StreamInput.Url";
        QTest::newRow("empty name") << "name"
                                    << ""
                                    << "InvalidParameter.JobName";
        QTest::newRow("unknown template") << "template"
                                          << "nope"
                                          << "TemplateNotFound";
        QTest::newRow("unknown bucket") << "bucket"
                                        << "nope"
                                        << "StorageLocationNotFound";
        QTest::newRow("ftp callback") << "callback"
                                      << "ftp://example.com/"
                                      << "InvalidParameter.CallbackUrl";
    }
    void badJobsChangeNothing()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, code);
        JobSpec spec = jobSpec(QStringLiteral("ok"));
        if (field == QLatin1String("url")) {
            spec.streamInput.url = value;
        } else if (field == QLatin1String("name")) {
            spec.jobName = value;
        } else if (field == QLatin1String("template")) {
            spec.templateId = value;
        } else if (field == QLatin1String("bucket")) {
            spec.snapshotOutput.bucket = value;
        } else {
            spec.callbackUrl = value;
        }
        const QString before = dump();
        auto r = svc().submitLiveSnapshotJob(spec);
        QVERIFY(!r);
        QCOMPARE(r.error().code, code);
        QCOMPARE(dump(), before);
    }

    void commandsAndTransitions()
    {
        const QString id = submit(QStringLiteral("cam"));
        auto status = [&] { return svc().getLiveSnapshotJob(id)->status; };
        QCOMPARE(svc().sendLiveSnapshotJobCommand(id, QStringLiteral("stop")).error().code,
                 QStringLiteral("JobNotStarted"));
        QVERIFY(svc().sendLiveSnapshotJobCommand(id, QStringLiteral("start")).ok());
        QCOMPARE(status(), QStringLiteral("started"));
        // Started but no engine holds it yet.
        QCOMPARE(svc().getLiveSnapshotJob(id)->streamState, QStringLiteral("waiting"));
        QCOMPARE(svc().sendLiveSnapshotJobCommand(id, QStringLiteral("start")).error().code,
                 QStringLiteral("JobAlreadyStarted"));
        const qint64 generation = svc().getLiveSnapshotJob(id)->runGeneration;
        QVERIFY(svc().sendLiveSnapshotJobCommand(id, QStringLiteral("restart")).ok());
        QCOMPARE(status(), QStringLiteral("started"));
        QCOMPARE(svc().getLiveSnapshotJob(id)->runGeneration, generation + 1);
        QVERIFY(svc().sendLiveSnapshotJobCommand(id, QStringLiteral("stop")).ok());
        QCOMPARE(status(), QStringLiteral("paused"));
        QCOMPARE(svc().sendLiveSnapshotJobCommand(id, QStringLiteral("stop")).error().code,
                 QStringLiteral("JobNotStarted"));
        QVERIFY(svc().sendLiveSnapshotJobCommand(id, QStringLiteral("restart")).ok());
        QCOMPARE(status(), QStringLiteral("started"));

        const QString before = dump();
        QCOMPARE(svc().sendLiveSnapshotJobCommand(id, QStringLiteral("pause")).error().code,
                 QStringLiteral("InvalidParameter.Command"));
        QCOMPARE(svc()
                     .sendLiveSnapshotJobCommand(QStringLiteral("nope"), QStringLiteral("start"))
                     .error()
                     .code,
                 QStringLiteral("JobNotFound"));
        QCOMPARE(dump(), before);
    }

    void deletesThatMustBeRefused()
    {
        const QString tpl = createTemplate(QStringLiteral("used"));
        const QString id = submit(QStringLiteral("cam"), tpl);
        QVERIFY(svc().sendLiveSnapshotJobCommand(id, QStringLiteral("start")).ok());
        const QString before = dump();
        QCOMPARE(svc().deleteLiveSnapshotJob(id).error().code, QStringLiteral("JobNotStopped"));
        QCOMPARE(svc().deleteLiveSnapshotTemplate(tpl).error().code,
                 QStringLiteral("TemplateInUse"));
        QCOMPARE(deleteLocation(schema::DefaultLocationId).error().code,
                 QStringLiteral("StorageLocationReadOnly"));
        QCOMPARE(dump(), before);

        QVERIFY(svc().sendLiveSnapshotJobCommand(id, QStringLiteral("stop")).ok());
        QSignalSpy removed(m_service.get(), &SnapshotService::jobRemoved);
        QVERIFY(svc().deleteLiveSnapshotJob(id).ok());
        QCOMPARE(removed.count(), 1);
        QCOMPARE(svc().getLiveSnapshotJob(id).error().code, QStringLiteral("JobNotFound"));
        QVERIFY(svc().deleteLiveSnapshotTemplate(tpl).ok());
    }

    void jobLimit()
    {
        QStringList ids;
        for (int i = 0; i < 101; ++i) {
            ids << submit(QStringLiteral("cam%1").arg(i));
            QVERIFY(!ids.last().isEmpty());
        }
        for (int i = 0; i < 100; ++i) {
            QVERIFY(svc().sendLiveSnapshotJobCommand(ids.at(i), QStringLiteral("start")).ok());
        }
        const QString before = dump();
        auto refused = svc().sendLiveSnapshotJobCommand(ids.at(100), QStringLiteral("start"));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QStringLiteral("JobLimitExceeded"));
        QVERIFY(refused.error().message.contains(QStringLiteral("100")));
        QCOMPARE(dump(), before);
        JobQuery started;
        started.status = QStringLiteral("started");
        QCOMPARE(svc().listLiveSnapshotJobs(started)->totalCount, 100);

        QVERIFY(svc().sendLiveSnapshotJobCommand(ids.at(0), QStringLiteral("stop")).ok());
        QVERIFY(svc().sendLiveSnapshotJobCommand(ids.at(100), QStringLiteral("start")).ok());

        // The limit is a setting.
        QVERIFY(svc().updateEngineSettings(EngineSettings{101}).ok());
        QVERIFY(svc().sendLiveSnapshotJobCommand(ids.at(0), QStringLiteral("start")).ok());
        QCOMPARE(svc().getEngineSettings()->maxStartedJobs, 101);
        QCOMPARE(svc().updateEngineSettings(EngineSettings{0}).error().code,
                 QStringLiteral("InvalidParameter.MaxStartedJobs"));
    }

    void jobListing()
    {
        for (int i = 0; i < 12; ++i) {
            submit(QStringLiteral("front-%1").arg(i));
        }
        const QString back = submit(QStringLiteral("back-door"));
        QVERIFY(svc().sendLiveSnapshotJobCommand(back, QStringLiteral("start")).ok());
        JobQuery q;
        q.pageSize = 5;
        q.pageNo = 3;
        auto page3 = svc().listLiveSnapshotJobs(q);
        QVERIFY(page3);
        QCOMPARE(page3->totalCount, 13);
        QCOMPARE(page3->items.size(), 3);
        q.pageNo = 1;
        q.searchKeyWord = QStringLiteral("back");
        auto found = svc().listLiveSnapshotJobs(q);
        QCOMPARE(found->totalCount, 1);
        QCOMPARE(found->items.first().jobId, back);
        q.searchKeyWord = QString();
        q.status = QStringLiteral("init");
        QCOMPARE(svc().listLiveSnapshotJobs(q)->totalCount, 12);
        q.status = QStringLiteral("running");
        QCOMPARE(svc().listLiveSnapshotJobs(q).error().code,
                 QStringLiteral("InvalidParameter.Status"));
        JobQuery range;
        const auto all =
            svc().listLiveSnapshotJobs(JobQuery{{1, 100, QStringLiteral("asc"), {}}, {}, {}, {}});
        QVERIFY(all);
        range.startTime = all->items.at(3).createTime;
        range.endTime = all->items.at(5).createTime;
        QCOMPARE(svc().listLiveSnapshotJobs(range)->totalCount, 3);
    }

    // ---- files ----

    void filesPagingAndDelete()
    {
        const QString id = submit(QStringLiteral("cam"));
        const QString root = m_dir.filePath(QStringLiteral("storage/default"));
        QDir().mkpath(root);
        const qint64 t0 = 1795000000000;
        // 7 snapshots, each with a real-time object; the overwrite object is re-recorded with
        // the newest one's time (same timestamp as its twin).
        for (int i = 0; i < 7; ++i) {
            const qint64 ts = t0 + i * 5000;
            SnapshotFile seq{id,
                             QString(),
                             QStringLiteral("default"),
                             QStringLiteral("snapshot/%1/%2.jpg").arg(id).arg(i + 1),
                             ts,
                             i + 1,
                             false,
                             3,
                             2,
                             2};
            SnapshotFile overlay = seq;
            overlay.ossObject = QStringLiteral("snapshot/%1.jpg").arg(id);
            overlay.isOverlay = true;
            QFile::remove(root + QLatin1Char('/') + overlay.ossObject);
            for (const auto &f : {seq, overlay}) {
                QDir().mkpath(QFileInfo(root + QLatin1Char('/') + f.ossObject).absolutePath());
                QFile file(root + QLatin1Char('/') + f.ossObject);
                QVERIFY(file.open(QIODevice::WriteOnly));
                file.write("jpg");
            }
            QVERIFY(svc().recordSnapshot({seq, overlay}, schema::DefaultLocationId).ok());
        }
        auto job = svc().getLiveSnapshotJob(id);
        QCOMPARE(job->snapshotCount, 7);
        QCOMPARE(job->lastSnapshotTime.toMSecsSinceEpoch(), t0 + 6 * 5000);

        // Walk every page, ascending, for every limit: each object exactly once.
        for (int limit = 1; limit <= 9; ++limit) {
            FileQuery q;
            q.jobId = id;
            q.limit = limit;
            QStringList objects;
            int pages = 0;
            while (true) {
                auto page = svc().listLiveSnapshotFiles(q);
                QVERIFY(page);
                QVERIFY(!page->files.isEmpty());
                QVERIFY(page->files.size() <= qMax(limit, 2));
                for (const auto &f : page->files) {
                    objects << f.ossObject;
                }
                QVERIFY(++pages < 20);
                if (!page->nextStartTime.isValid()) {
                    break;
                }
                q.startTime = page->nextStartTime;
            }
            QCOMPARE(objects.size(), 8);
            objects.removeDuplicates();
            QCOMPARE(objects.size(), 8);
        }
        // Descending pages chain through NextEndTime.
        {
            FileQuery q;
            q.jobId = id;
            q.limit = 3;
            q.sortBy = QStringLiteral("desc");
            auto first = svc().listLiveSnapshotFiles(q);
            QVERIFY(first);
            QCOMPARE(first->files.first().createTimestamp, t0 + 6 * 5000);
            QVERIFY(first->nextEndTime.isValid());
            QVERIFY(!first->nextStartTime.isValid());
        }
        // Time range, inclusive.
        {
            FileQuery q;
            q.jobId = id;
            q.limit = 100;
            q.startTime = QDateTime::fromMSecsSinceEpoch(t0 + 5000, QTimeZone::utc());
            q.endTime = QDateTime::fromMSecsSinceEpoch(t0 + 15000, QTimeZone::utc());
            QCOMPARE(svc().listLiveSnapshotFiles(q)->files.size(), 3);
            // The count agrees with the listing, in the range and without one.
            QCOMPARE(*svc().countLiveSnapshotFiles(q), 3);
            q.startTime = q.endTime = QDateTime();
            QCOMPARE(*svc().countLiveSnapshotFiles(q), 8);
            q.jobId = QStringLiteral("nope");
            QCOMPARE(svc().countLiveSnapshotFiles(q).error().code, QStringLiteral("JobNotFound"));
        }
        // Bad queries.
        FileQuery bad;
        bad.jobId = id;
        bad.limit = 0;
        QCOMPARE(svc().listLiveSnapshotFiles(bad).error().code,
                 QStringLiteral("InvalidParameter.Limit"));
        bad.limit = 101;
        QCOMPARE(svc().listLiveSnapshotFiles(bad).error().code,
                 QStringLiteral("InvalidParameter.Limit"));
        bad.limit = 10;
        bad.jobId = QStringLiteral("nope");
        QCOMPARE(svc().listLiveSnapshotFiles(bad).error().code, QStringLiteral("JobNotFound"));

        // Delete two snapshots (one of them the newest, with its overwrite object) and a
        // timestamp that matches nothing.
        const QString before = dump();
        QCOMPARE(deleteFiles(id, {}, true).error().code,
                 QStringLiteral("InvalidParameter.CreateTimestampList"));
        QCOMPARE(deleteFiles(id, QList<qint64>(201, t0), true).error().code,
                 QStringLiteral("InvalidParameter.CreateTimestampList"));
        QCOMPARE(dump(), before);
        QSignalSpy filesChanged(m_service.get(), &SnapshotService::filesChanged);
        auto results = deleteFiles(id, {t0, t0 + 6 * 5000, 42}, true);
        QVERIFY(results);
        QCOMPARE(results->size(), 3);
        QVERIFY(results->at(0).deleted);
        QVERIFY(results->at(1).deleted);
        QVERIFY(!results->at(2).deleted);
        QVERIFY(!results->at(2).message.isEmpty());
        QCOMPARE(filesChanged.count(), 1);
        QVERIFY(!QFile::exists(root + QStringLiteral("/snapshot/%1/1.jpg").arg(id)));
        QVERIFY(!QFile::exists(root + QStringLiteral("/snapshot/%1.jpg").arg(id)));
        QVERIFY(QFile::exists(root + QStringLiteral("/snapshot/%1/2.jpg").arg(id)));
        // Without DeleteOriginalFile the object stays on disk, the record goes.
        auto kept = deleteFiles(id, {t0 + 5000}, false);
        QVERIFY(kept && kept->first().deleted);
        QVERIFY(QFile::exists(root + QStringLiteral("/snapshot/%1/2.jpg").arg(id)));
        FileQuery rest;
        rest.jobId = id;
        rest.limit = 100;
        QCOMPARE(svc().listLiveSnapshotFiles(rest)->files.size(), 4);
    }

    // ---- storage locations and settings ----

    void storageLocations()
    {
        auto all = svc().listStorageLocations();
        QVERIFY(all);
        QCOMPARE(all->size(), 1);
        QCOMPARE(all->first().path, m_dir.filePath(QStringLiteral("storage/default")));
        QVERIFY(testLocation(schema::DefaultLocationId).ok());

        StorageLocation l;
        l.storageType = QStringLiteral("local");
        l.bucket = QStringLiteral("archive");
        l.path = m_dir.filePath(QStringLiteral("archive-folder"));
        auto id = addLocation(l);
        QVERIFY2(id, id ? "" : qPrintable(id.error().message));
        QCOMPARE(addLocation(l).error().code, QStringLiteral("StorageLocationAlreadyExists"));
        QVERIFY(testLocation(*id).ok());
        JobSpec spec = jobSpec(QStringLiteral("archived"));
        spec.snapshotOutput.bucket = QStringLiteral("archive");
        auto job = svc().submitLiveSnapshotJob(spec);
        QVERIFY(job);
        QCOMPARE(deleteLocation(*id).error().code, QStringLiteral("StorageLocationInUse"));
        QVERIFY(svc().deleteLiveSnapshotJob(*job).ok());
        QVERIFY(deleteLocation(*id).ok());
        QCOMPARE(svc().storageLocation(*id).error().code,
                 QStringLiteral("StorageLocationNotFound"));

        const QString before = dump();
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
        QCOMPARE(dump(), before);
    }

    void callbackSettings()
    {
        QCOMPARE(svc().getCallbackSettings()->callbackUrl, QString());
        QVERIFY(
            setCallbacks(CallbackSettings::withUrl(QStringLiteral("http://127.0.0.1:9/cb"))).ok());
        QCOMPARE(svc().getCallbackSettings()->callbackUrl, QStringLiteral("http://127.0.0.1:9/cb"));
        QCOMPARE(setCallbacks(CallbackSettings::withUrl(QStringLiteral("file:///etc/passwd")))
                     .error()
                     .code,
                 QStringLiteral("InvalidParameter.CallbackUrl"));
        QCOMPARE(svc().getCallbackSettings()->callbackUrl, QStringLiteral("http://127.0.0.1:9/cb"));
    }

    // The operations that answer through a callback answer later, from the event loop, never
    // inside the call: also when they refuse at once.
    void callbacksComeLater()
    {
        QStringList answered;
        svc().setCallbackSettings(
            CallbackSettings::withUrl(QStringLiteral("ftp://x")),
            [&answered](const Status &) { answered << QStringLiteral("set"); });
        svc().deleteStorageLocation(schema::DefaultLocationId, [&answered](const Status &) {
            answered << QStringLiteral("delete");
        });
        svc().testStorageLocation(QStringLiteral("nope"), [&answered](const Status &) {
            answered << QStringLiteral("test");
        });
        svc().deleteLiveSnapshotFiles(QStringLiteral("nope"), {}, true,
                                      [&answered](const Result<QList<FileDeleteResult>> &) {
                                          answered << QStringLiteral("files");
                                      });
        QVERIFY(answered.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(answered.size(), 4, 5000);
    }
};

QTEST_GUILESS_MAIN(TestSnapshotService)
#include "tst_snapshotservice.moc"
