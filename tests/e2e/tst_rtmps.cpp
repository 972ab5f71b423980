// RTMPS is verified by default: the engine reads nginx-rtmp through nginx's stream module
// terminating TLS with certificates the test made (tests/support/TlsFront). Without the test CA
// the valid certificate is refused (unknown CA), with it a snapshot is stored; a certificate
// for another host and an expired one are refused with their reason in LastError; TlsVerify
// false reads even the expired one, and the job's details and events say it is insecure.
#include "../support/LocalJobs.h"
#include "../support/RtmpServer.h"
#include "../support/SnapshotFiles.h"
#include "../support/TlsFront.h"
#include "engine/Engine.h"
#include "media/TlsCertificateCheck.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace livesnap;
using Certificate = test::TlsFront::Certificate;

namespace {

QString lastError(SnapshotService &service, const QString &jobId)
{
    auto job = service.getLiveSnapshotJob(jobId);
    return job ? job->lastError : job.error().message;
}

QString streamState(SnapshotService &service, const QString &jobId)
{
    auto job = service.getLiveSnapshotJob(jobId);
    return job ? job->streamState : QString();
}

bool hasEvent(SnapshotService &service, const QString &jobId, const QString &text)
{
    auto events = service.listLiveSnapshotJobEvents(jobId, 100);
    if (!events)
        return false;
    for (const JobEvent &event : *events) {
        if (event.message.contains(text))
            return true;
    }
    return false;
}

} // namespace

class TestRtmps : public QObject {
    Q_OBJECT

private:
    test::RtmpServer m_server;
    test::TlsFront m_front;

    StreamInput input(Certificate certificate, const QString &caFile, bool verify = true) const
    {
        StreamInput in;
        in.url = m_front.url(certificate, QStringLiteral("cam"));
        in.caFile = caFile;
        in.tlsVerify = verify;
        return in;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        test::RtmpServer::PublisherOptions options;
        options.width = 320;
        options.height = 180;
        options.fps = 15;
        options.gopSeconds = 1;
        test::RtmpPublisher *publisher = m_server.startPublisher(QStringLiteral("cam"), options);
        QVERIFY2(publisher && m_server.waitForPublishing(publisher),
                 qPrintable(m_server.errorString()));
        QVERIFY2(m_front.start(m_server.port()), qPrintable(m_front.errorString()));
    }

    void verifiedByDefaultWithReasons()
    {
        QTemporaryDir dir;
        Engine engine{DataDirectory(dir.path())};
        QVERIFY(engine.open().ok());
        SnapshotService &service = *engine.service();
        auto tpl = service.createLiveSnapshotTemplate(
            TemplateSpec{QStringLiteral("every 5 s"), 5, QString(),
                         QStringLiteral("snapshot/{JobId}/{Sequence}.jpg")});
        QVERIFY(tpl);
        const QString ca = m_front.caFile();
        const QString noCa = test::startLocalJob(service, *tpl, QStringLiteral("no CA file"),
                                                 input(Certificate::Valid, QString()));
        const QString trusted = test::startLocalJob(service, *tpl, QStringLiteral("CA file"),
                                                    input(Certificate::Valid, ca));
        const QString wrongHost = test::startLocalJob(service, *tpl, QStringLiteral("wrong host"),
                                                      input(Certificate::WrongHost, ca));
        const QString expired = test::startLocalJob(service, *tpl, QStringLiteral("expired"),
                                                    input(Certificate::Expired, ca));
        const QString insecure =
            test::startLocalJob(service, *tpl, QStringLiteral("verification off"),
                                input(Certificate::Expired, QString(), false));
        for (const QString &job : {noCa, trusted, wrongHost, expired, insecure})
            QVERIFY(!job.isEmpty());

        Supervisor::Options options;
        options.tickMs = 200;
        engine.startSupervisor(QStringLiteral("rtmps-test"), options);

        // Accepted with the CA file, and with verification off (even an expired certificate).
        QTRY_VERIFY_WITH_TIMEOUT(!test::realtimeFiles(service, trusted).isEmpty(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!test::realtimeFiles(service, insecure).isEmpty(), 20000);
        QCOMPARE(streamState(service, trusted), QStringLiteral("live"));

        // Refused, each with its reason; the state says the stream cannot be read as it is.
        const struct {
            QString job;
            QString reason;
        } refused[] = {{noCa, QStringLiteral("StreamTlsFailed: unknown CA")},
                       {wrongHost, QStringLiteral("StreamTlsFailed: wrong host")},
                       {expired, QStringLiteral("StreamTlsFailed: expired")}};
        for (const auto &r : refused) {
            QTRY_VERIFY2_WITH_TIMEOUT(lastError(service, r.job).startsWith(r.reason),
                                      qPrintable(lastError(service, r.job)), 15000);
            QCOMPARE(streamState(service, r.job), QStringLiteral("failed"));
            QVERIFY(test::realtimeFiles(service, r.job).isEmpty());
        }
        QVERIFY2(lastError(service, noCa).contains(QStringLiteral("StreamInput.CaFile")),
                 qPrintable(lastError(service, noCa)));
        QVERIFY2(lastError(service, wrongHost).contains(QStringLiteral("127.0.0.1")),
                 qPrintable(lastError(service, wrongHost)));

        // The opt-out is flagged: in the job's details and its events; verified jobs are not.
        auto details = service.getLiveSnapshotJob(insecure);
        QVERIFY(details);
        QCOMPARE(details->toJson()
                     .value(QStringLiteral("StreamInput"))
                     .toObject()
                     .value(QStringLiteral("TlsVerify"))
                     .toBool(true),
                 false);
        const QString flag = QStringLiteral("TLS verification is off");
        QVERIFY(hasEvent(service, insecure, flag));
        QVERIFY(!hasEvent(service, trusted, flag));
        QVERIFY(lastError(service, insecure).isEmpty());
        engine.shutdown();
    }

    // The check that names a failure, alone: each certificate, a server that does not answer
    // TLS, a port nobody listens on, and a CA file that holds no certificate.
    void certificateCheckNamesEachOutcome()
    {
        using Outcome = TlsCertificateCheck::Outcome;
        const auto check = [this](quint16 port, const QString &caFile, bool verify = true) {
            return TlsCertificateCheck::run(QStringLiteral("127.0.0.1"), port, caFile, verify,
                                            std::chrono::seconds(5), [] { return false; })
                .outcome;
        };
        const QString ca = m_front.caFile();
        QCOMPARE(check(m_front.port(Certificate::Valid), ca), Outcome::Verified);
        QCOMPARE(check(m_front.port(Certificate::Valid), QString()), Outcome::UnknownCa);
        QCOMPARE(check(m_front.port(Certificate::WrongHost), ca), Outcome::WrongHost);
        QCOMPARE(check(m_front.port(Certificate::Expired), ca), Outcome::Expired);
        QCOMPARE(check(m_front.port(Certificate::Expired), QString(), false), Outcome::Verified);
        // Plain RTMP waits for the rest of an RTMP handshake and never answers a ClientHello.
        QCOMPARE(TlsCertificateCheck::run(QStringLiteral("127.0.0.1"), m_server.port(), ca, true,
                                          std::chrono::seconds(1), [] { return false; })
                     .outcome,
                 Outcome::NoAnswer);
        QCOMPARE(check(1, ca), Outcome::NoAnswer);

        QTemporaryDir dir;
        const QString notPem = dir.filePath(QStringLiteral("ca.pem"));
        QFile file(notPem);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write("not a certificate\n") > 0);
        file.close();
        const auto result =
            TlsCertificateCheck::run(QStringLiteral("127.0.0.1"), m_front.port(Certificate::Valid),
                                     notPem, true, std::chrono::seconds(5), [] { return false; });
        QCOMPARE(result.outcome, Outcome::CaFileFailed);
        const QString text =
            TlsCertificateCheck::describe(result, QStringLiteral("127.0.0.1"), notPem);
        QVERIFY2(text.startsWith(QStringLiteral("StreamTlsFailed: cannot load the CA file")),
                 qPrintable(text));

        // A stop request ends the check at once, whatever the server does.
        const auto stopped =
            TlsCertificateCheck::run(QStringLiteral("127.0.0.1"), m_front.port(Certificate::Valid),
                                     ca, true, std::chrono::seconds(5), [] { return true; });
        QCOMPARE(stopped.outcome, Outcome::NoAnswer);
    }
};

QTEST_GUILESS_MAIN(TestRtmps)
#include "tst_rtmps.moc"
