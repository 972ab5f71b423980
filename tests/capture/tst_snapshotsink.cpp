#include "capture/CaptureWorker.h"
#include "catalog/LeaseRepository.h"
#include "catalog/Schema.h"
#include "engine/SnapshotSink.h"
#include "service/SnapshotService.h"
#include "spool/Spool.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace livesnap;

class TestSnapshotSink : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Catalog> m_catalog;
    std::unique_ptr<SnapshotService> m_service;
    std::unique_ptr<Spool> m_spool;
    std::unique_ptr<SnapshotSink> m_sink;
    QString m_jobId;

    QString storageRoot() const { return m_dir->filePath(QStringLiteral("storage/default")); }

    CapturedSnapshot snapshot(qint64 wallMs) const
    {
        CapturedSnapshot s;
        s.jobId = m_jobId;
        s.wallMs = wallMs;
        s.width = 4;
        s.height = 2;
        s.jpeg = QByteArray("\xff\xd8 fake jpeg ") + QByteArray::number(wallMs);
        return s;
    }

    SpoolEntry spooled(qint64 wallMs) const
    {
        auto e = m_spool->write(snapshot(wallMs));
        return e ? *e : SpoolEntry{};
    }

    QList<SnapshotFile> files()
    {
        FileQuery q;
        q.jobId = m_jobId;
        q.limit = 100;
        auto page = m_service->listLiveSnapshotFiles(q);
        return page ? page->files : QList<SnapshotFile>();
    }

    QList<qint64> sequences()
    {
        QList<qint64> seq;
        for (const auto &f : files()) {
            if (!f.isOverlay) {
                seq << f.sequence;
            }
        }
        return seq;
    }

private slots:
    void init()
    {
        m_sink.reset();
        m_service.reset();
        m_catalog.reset();
        m_dir = std::make_unique<QTemporaryDir>();
        m_catalog = std::make_unique<Catalog>();
        QVERIFY(m_catalog->open(m_dir->filePath(QStringLiteral("catalog.sqlite"))).ok());
        m_service = std::make_unique<SnapshotService>(*m_catalog, DataDirectory(m_dir->path()));
        m_spool = std::make_unique<Spool>(m_dir->filePath(QStringLiteral("spool")));
        m_sink = std::make_unique<SnapshotSink>(*m_service, *m_spool);
        // Both formats: each snapshot writes an overwrite object and a real-time one.
        auto tpl = m_service->createLiveSnapshotTemplate(
            TemplateSpec{QStringLiteral("both"), 5, QStringLiteral("snap/{JobId}.jpg"),
                         QStringLiteral("snap/{JobId}/{Date}/{Sequence}-{UnixTimestamp}.jpg")});
        QVERIFY(tpl);
        JobSpec spec;
        spec.jobName = QStringLiteral("cam");
        spec.templateId = *tpl;
        spec.streamInput.url = QStringLiteral("rtmp://127.0.0.1/live/cam");
        spec.snapshotOutput =
            SnapshotOutput{QStringLiteral("local"), QString(), QStringLiteral("default")};
        auto job = m_service->submitLiveSnapshotJob(spec);
        QVERIFY(job);
        m_jobId = *job;
    }

    // A snapshot spooled under a lease that another engine has taken over since (this engine
    // was paused) is not recorded: no sequence number, no file row; it leaves the spool, the
    // job's events say so, and leaseLost tells the supervisor.
    void snapshotUnderLostLeaseIsDroppedWithEvent()
    {
        QVERIFY(m_service->sendLiveSnapshotJobCommand(m_jobId, QStringLiteral("start")).ok());
        LeaseRepository leases(*m_catalog);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const QString a = QStringLiteral("serve@host-a:1:aaaa");
        auto held = leases.claimUnleased(a, now, 1000, 10);
        QVERIFY(held && held->size() == 1);
        const LeaseFence fence{a, held->constFirst().epoch};
        m_sink->setFenceLookup([&](const QString &) { return fence; });
        QSignalSpy lost(m_sink.get(), &SnapshotSink::leaseLost);

        m_sink->store(spooled(1795651190000));
        QCOMPARE(sequences(), QList<qint64>{1});
        QCOMPARE(lost.count(), 0);

        auto taken =
            leases.claimUnleased(QStringLiteral("serve@host-b:2:bbbb"), now + 5000, 1000, 10);
        QVERIFY(taken && taken->size() == 1);
        const SpoolEntry late = spooled(1795651195000);
        m_sink->store(late);
        QCOMPARE(sequences(), QList<qint64>{1});
        QVERIFY(!QFile::exists(late.path));
        QCOMPARE(lost.count(), 1);
        QCOMPARE(lost.constFirst().constFirst().toString(), m_jobId);
        auto events = m_service->listLiveSnapshotJobEvents(m_jobId, 20);
        QVERIFY(events);
        QVERIFY(std::any_of(events->cbegin(), events->cend(), [](const JobEvent &e) {
            return e.message.contains(QStringLiteral("was not recorded")) &&
                   e.message.contains(QStringLiteral("serve@host-a:1:aaaa"));
        }));
        // The next number is still 2: the refused snapshot took none.
        auto next = m_service->claimSequence(m_jobId, 1795651196000);
        QVERIFY(next && next->has_value());
        QCOMPARE(**next, 2);
    }

    void storesBothObjectsAndRecordsThem()
    {
        QSignalSpy stored(m_sink.get(), &SnapshotSink::snapshotStored);
        const qint64 t = 1795651199900; // 2026-11-25T23:59:59.900Z
        const SpoolEntry e = spooled(t);
        QVERIFY(QFile::exists(e.path));
        m_sink->store(e);
        QCOMPARE(stored.count(), 1);
        QVERIFY(!QFile::exists(e.path)); // the spool is emptied only once stored
        const QString seqKey = QStringLiteral("snap/%1/2026-11-25/1-1795651199.jpg").arg(m_jobId);
        const QString overlayKey = QStringLiteral("snap/%1.jpg").arg(m_jobId);
        QFile seqFile(storageRoot() + QLatin1Char('/') + seqKey);
        QVERIFY2(seqFile.open(QIODevice::ReadOnly), qPrintable(seqFile.fileName()));
        QCOMPARE(seqFile.readAll(), snapshot(t).jpeg);
        QVERIFY(QFile::exists(storageRoot() + QLatin1Char('/') + overlayKey));
        const auto list = files();
        QCOMPARE(list.size(), 2);
        for (const auto &f : list) {
            QCOMPARE(f.createTimestamp, t);
            QCOMPARE(f.sequence, 1);
            QCOMPARE(f.ossBucket, QStringLiteral("default"));
            QCOMPARE(f.width, 4);
            QCOMPARE(f.ossObject, f.isOverlay ? overlayKey : seqKey);
        }
        auto job = m_service->getLiveSnapshotJob(m_jobId);
        QCOMPARE(job->snapshotCount, 1);
        QCOMPARE(job->lastSnapshotTime.toMSecsSinceEpoch(), t);
        // Recording the same snapshot again (two engines draining one spool) counts it once.
        QVERIFY(m_service->recordSnapshot(list, QStringLiteral("local-default")).ok());
        QCOMPARE(m_service->getLiveSnapshotJob(m_jobId)->snapshotCount, 1);
        QCOMPARE(files().size(), 2);

        // The overwrite object is replaced, not duplicated.
        m_sink->store(spooled(t + 5000));
        QCOMPARE(files().size(), 3);
        QFile overlay(storageRoot() + QLatin1Char('/') + overlayKey);
        QVERIFY(overlay.open(QIODevice::ReadOnly));
        QCOMPARE(overlay.readAll(), snapshot(t + 5000).jpeg);
        QCOMPARE(sequences(), (QList<qint64>{1, 2}));
    }

    void crashAfterClaimKeepsTheNumber()
    {
        const qint64 t = 1795000000000;
        m_sink->store(spooled(t));
        // A crash after the claim, before the objects were recorded:
        auto claimed = m_service->claimSequence(m_jobId, t + 5000);
        QVERIFY(claimed && claimed->has_value());
        QCOMPARE(**claimed, 2);
        spooled(t + 5000);
        // ...and one after the record, before the spool file was removed.
        spooled(t);
        // A new engine starts and stores what the spool holds.
        SnapshotSink restarted(*m_service, *m_spool);
        restarted.recover();
        m_sink->store(spooled(t + 10000));
        QCOMPARE(sequences(), (QList<qint64>{1, 2, 3})); // no gap, no duplicate
        QCOMPARE(m_spool->scan().size(), 0);
        QCOMPARE(m_service->getLiveSnapshotJob(m_jobId)->snapshotCount, 3);
    }

    void staleTemporaryFilesAreCleanedAtStart()
    {
        const SpoolEntry kept = spooled(1795000000000);
        const QString folder = QFileInfo(kept.path).absolutePath();
        QFile stale(folder + QStringLiteral("/1795000005000_4x2.jpg.Ab12Cd"));
        QFile fresh(folder + QStringLiteral("/1795000010000_4x2.jpg.Ef34Gh"));
        for (QFile *f : {&stale, &fresh}) {
            QVERIFY(f->open(QIODevice::WriteOnly));
            f->write("partial");
            f->close();
        }
        QVERIFY(stale.open(QIODevice::ReadWrite));
        QVERIFY(stale.setFileTime(QDateTime::currentDateTimeUtc().addSecs(-3600),
                                  QFileDevice::FileModificationTime));
        stale.close();
        const Spool reopened(m_spool->root());
        QVERIFY(!QFile::exists(stale.fileName()));
        QVERIFY(QFile::exists(fresh.fileName())); // maybe another engine's write in progress
        QVERIFY(QFile::exists(kept.path));
        QCOMPARE(reopened.usedBytes(), kept.size);
    }

    void snapshotOfADeletedJobIsDropped()
    {
        CapturedSnapshot s = snapshot(1795000000000);
        s.jobId = QStringLiteral("gone");
        auto e = m_spool->write(s);
        QVERIFY(e);
        m_sink->store(*e);
        QVERIFY(!QFile::exists(e->path));
    }

    void failingStoreKeepsTheSnapshotAndRetries()
    {
        // The storage folder cannot be created: a regular file is in the way.
        QVERIFY(QDir().mkpath(m_dir->filePath(QStringLiteral("storage"))));
        QFile blocker(storageRoot());
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QSignalSpy stored(m_sink.get(), &SnapshotSink::snapshotStored);
        const SpoolEntry e = spooled(1795000000000);
        m_sink->store(e);
        QCOMPARE(stored.count(), 0);
        QVERIFY(QFile::exists(e.path)); // nothing lost
        QVERIFY(files().isEmpty());
        auto events = m_service->listLiveSnapshotJobEvents(m_jobId, 10);
        QVERIFY(events);
        QVERIFY(std::any_of(events->cbegin(), events->cend(), [](const JobEvent &ev) {
            return ev.kind == QLatin1String("storage");
        }));
        // The folder comes back; the retry stores it.
        QVERIFY(QFile::remove(storageRoot()));
        QTRY_COMPARE_WITH_TIMEOUT(stored.count(), 1, 10000);
        QVERIFY(!QFile::exists(e.path));
        QCOMPARE(sequences(), QList<qint64>{1});
    }

    void streamStateIsRecordedOnChange()
    {
        QVERIFY(m_service->sendLiveSnapshotJobCommand(m_jobId, QStringLiteral("start")).ok());
        m_sink->reportStreamState(m_jobId, QStringLiteral("reconnecting"),
                                  QStringLiteral("connection refused"));
        m_sink->reportStreamState(m_jobId, QStringLiteral("reconnecting"),
                                  QStringLiteral("connection refused"));
        auto events = m_service->listLiveSnapshotJobEvents(m_jobId, 50);
        const auto streamEvents =
            std::count_if(events->cbegin(), events->cend(),
                          [](const JobEvent &ev) { return ev.kind == QLatin1String("stream"); });
        QCOMPARE(streamEvents, 1);
    }
};

QTEST_GUILESS_MAIN(TestSnapshotSink)
#include "tst_snapshotsink.moc"
