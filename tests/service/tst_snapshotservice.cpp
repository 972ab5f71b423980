#include "../support/Await.h"
#include "catalog/Schema.h"
#include "service/SnapshotService.h"
#include "storage/LocalFolderStore.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace livesnap;

// The facade: every signal of an area reaches SnapshotService's own, at once, and each call
// reaches its area. The areas' behaviour is tested in tst_<area>operations and
// tst_enginereports.
class TestSnapshotService : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Catalog> m_catalog;
    std::unique_ptr<SnapshotService> m_service;

    SnapshotService &svc() { return *m_service; }

    static SnapshotOutput defaultOutput()
    {
        return SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
    }
    QString submit(const QString &name, const QString &callbackUrl = QString())
    {
        JobSpec spec;
        spec.jobName = name;
        spec.templateId = schema::SystemRealtime10s;
        spec.streamInput.url = QStringLiteral("rtmp://127.0.0.1/live/") + name;
        spec.snapshotOutput = defaultOutput();
        spec.callbackUrl = callbackUrl;
        auto id = svc().submitLiveSnapshotJob(spec);
        return id ? *id : QString();
    }

private slots:
    void init()
    {
        m_service.reset();
        m_catalog = std::make_unique<Catalog>();
        QFile::remove(m_dir.filePath(QStringLiteral("catalog.sqlite")));
        QVERIFY(m_catalog->open(m_dir.filePath(QStringLiteral("catalog.sqlite"))).ok());
        m_service = std::make_unique<SnapshotService>(*m_catalog, DataDirectory(m_dir.path()));
    }

    void templateSignals()
    {
        QSignalSpy changed(m_service.get(), &SnapshotService::templatesChanged);
        auto id = svc().createLiveSnapshotTemplate(TemplateSpec{
            QStringLiteral("tpl"), 30, QStringLiteral("snapshot/{JobId}.jpg"), QString()});
        QVERIFY(id);
        QCOMPARE(changed.count(), 1);
        TemplateUpdate update;
        update.templateId = *id;
        update.timeInterval = 60;
        QVERIFY(svc().updateLiveSnapshotTemplate(update).ok());
        QCOMPARE(changed.count(), 2);
        QCOMPARE(svc().getLiveSnapshotTemplate(*id)->timeInterval, 60);
        QCOMPARE(svc().listLiveSnapshotTemplates(TemplateQuery())->totalCount, 4);
        QVERIFY(svc().deleteLiveSnapshotTemplate(*id).ok());
        QCOMPARE(changed.count(), 3);
        // Refused: no signal.
        QCOMPARE(svc().deleteLiveSnapshotTemplate(*id).error().code,
                 QStringLiteral("TemplateNotFound"));
        QCOMPARE(changed.count(), 3);
    }

    void jobSignals()
    {
        QSignalSpy changed(m_service.get(), &SnapshotService::jobChanged);
        QSignalSpy removed(m_service.get(), &SnapshotService::jobRemoved);
        QSignalSpy queued(m_service.get(), &SnapshotService::callbackQueued);
        const QString id = submit(QStringLiteral("cam"), QStringLiteral("http://127.0.0.1:9/cb"));
        QVERIFY(!id.isEmpty());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().first().toString(), id);
        QVERIFY(svc().sendLiveSnapshotJobCommand(id, QStringLiteral("start")).ok());
        QCOMPARE(changed.count(), 2);
        QCOMPARE(queued.count(), 1);
        QCOMPARE(*svc().callbacks().pendingCount(id), 1);
        QCOMPARE(svc().getLiveSnapshotJob(id)->status, QStringLiteral("started"));
        QCOMPARE(svc().listLiveSnapshotJobs(JobQuery())->totalCount, 1);
        QCOMPARE(svc().deleteLiveSnapshotJob(id).error().code, QStringLiteral("JobNotStopped"));
        QCOMPARE(removed.count(), 0);
        QVERIFY(svc().sendLiveSnapshotJobCommand(id, QStringLiteral("stop")).ok());
        QCOMPARE(queued.count(), 2);
        QCOMPARE(svc().listLiveSnapshotJobEvents(id, 10)->size(), 3);
        QVERIFY(svc().deleteLiveSnapshotJob(id).ok());
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.first().first().toString(), id);
        QCOMPARE(changed.count(), 3);
    }

    void engineReportSignals()
    {
        const QString id = submit(QStringLiteral("cam"));
        QSignalSpy changed(m_service.get(), &SnapshotService::jobChanged);
        QSignalSpy files(m_service.get(), &SnapshotService::filesChanged);
        QCOMPARE(*svc().allocateSequence(id), 1);
        const qint64 ts = 1795000000000;
        auto sequence = svc().claimSequence(id, ts);
        QVERIFY(sequence && sequence->has_value());
        SnapshotFile file{id,
                          QString(),
                          QStringLiteral("default"),
                          QStringLiteral("snapshot/%1.jpg").arg(id),
                          ts,
                          **sequence,
                          true,
                          3,
                          2,
                          2};
        QVERIFY(svc().recordSnapshot({file}, schema::DefaultLocationId).ok());
        QCOMPARE(files.count(), 1);
        QCOMPARE(changed.count(), 1);
        FileQuery q;
        q.jobId = id;
        QCOMPARE(*svc().countLiveSnapshotFiles(q), 1);
        QCOMPARE(svc().listLiveSnapshotFiles(q)->files.size(), 1);
        QVERIFY(svc().reportStreamState(id, QStringLiteral("live"), QString()).ok());
        QVERIFY(svc().reportJobAlert(id, QStringLiteral("full")).ok());
        QVERIFY(svc().addJobEvent(id, QStringLiteral("capture"), QStringLiteral("late")).ok());
        QCOMPARE(changed.count(), 4);
        QCOMPARE(svc().getLiveSnapshotJob(id)->lastError, QStringLiteral("full"));
        auto deleted = test::await<Result<QList<FileDeleteResult>>>(
            [&](auto reply) { svc().deleteLiveSnapshotFiles(id, {ts}, false, reply); });
        QVERIFY(deleted && deleted->first().deleted);
        QCOMPARE(files.count(), 2);
    }

    void storageAndSettingsSignals()
    {
        QSignalSpy locations(m_service.get(), &SnapshotService::storageLocationsChanged);
        QSignalSpy settings(m_service.get(), &SnapshotService::callbackSettingsChanged);
        StorageLocation l;
        l.storageType = QStringLiteral("local");
        l.bucket = QStringLiteral("archive");
        l.path = m_dir.filePath(QStringLiteral("archive-folder"));
        auto id = test::await<Result<QString>>(
            [&](auto reply) { svc().addStorageLocation(l, StorageCredentials(), reply); });
        QVERIFY2(id, id ? "" : qPrintable(id.error().message));
        QCOMPARE(locations.count(), 1);
        QCOMPARE(svc().listStorageLocations()->size(), 2);
        QCOMPARE(svc()
                     .storageLocation(SnapshotOutput{QStringLiteral("local"), QString(),
                                                     QStringLiteral("archive")})
                     ->locationId,
                 *id);
        QVERIFY(svc().openLocalStore(*svc().storageLocation(*id)));
        QVERIFY(
            test::await<Status>([&](auto reply) { svc().testStorageLocation(*id, reply); }).ok());
        QVERIFY(test::await<Status>([&](auto reply) {
                    svc().updateStorageLocation(*svc().storageLocation(*id), StorageCredentials(),
                                                reply);
                }).ok());
        QCOMPARE(locations.count(), 2);
        QVERIFY(
            test::await<Status>([&](auto reply) { svc().deleteStorageLocation(*id, reply); }).ok());
        QCOMPARE(locations.count(), 3);

        QVERIFY(test::await<Status>([&](auto reply) {
                    svc().setCallbackSettings(
                        CallbackSettings::withUrl(QStringLiteral("https://example.com/cb")), reply);
                }).ok());
        QCOMPARE(settings.count(), 1);
        QCOMPARE(svc().getCallbackSettings()->callbackUrl,
                 QStringLiteral("https://example.com/cb"));
        svc().setCallbackDeliveryHeld(QStringLiteral("locked"));
        QCOMPARE(settings.count(), 2);
        QCOMPARE(svc().callbackDeliveryHeld(), QStringLiteral("locked"));

        EngineSettings engine{7};
        QVERIFY(svc().updateEngineSettings(engine).ok());
        QCOMPARE(svc().getEngineSettings()->maxStartedJobs, 7);
        svc().setLinkServerPort(4242);
        QCOMPARE(svc().linkServerPort(), 4242);
        QCOMPARE(SnapshotService::credentialKeys(QStringLiteral("L")),
                 QStringList({QStringLiteral("storage/L/AccessKeyId"),
                              QStringLiteral("storage/L/AccessKeySecret")}));
        QCOMPARE(svc().secretStore(), nullptr);
        QCOMPARE(&svc().catalog(), m_catalog.get());
        QCOMPARE(svc().dataDirectory().root(), m_dir.path());
    }

    void usageThroughTheFacade()
    {
        const QDateTime from =
            QDateTime::fromString(QStringLiteral("2026-03-01T00:00:00Z"), Qt::ISODate);
        auto usage = svc().describeLiveSnapshotUsage(from, from.addDays(1));
        QVERIFY(usage);
        QCOMPARE(usage->totalSeconds, 0);
        auto link = test::await<Result<SignedLink>>(
            [&](auto reply) { svc().exportLiveSnapshotUsage(from, from, defaultOutput(), reply); });
        QCOMPARE(link.error().code, QStringLiteral("InvalidParameter.EndTime"));
    }

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

    // Work still running when the service goes answers into nothing.
    void noAnswerAfterTheServiceIsGone()
    {
        bool answered = false;
        svc().testStorageLocation(schema::DefaultLocationId,
                                  [&answered](const Status &) { answered = true; });
        m_service.reset();
        QTest::qWait(300);
        QVERIFY(!answered);
    }
};

QTEST_GUILESS_MAIN(TestSnapshotService)
#include "tst_snapshotservice.moc"
