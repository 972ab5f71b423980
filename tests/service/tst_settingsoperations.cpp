#include "ServiceFixture.h"

#include <QSignalSpy>
#include <QTest>

using namespace livesnap;

// SettingsOperations over a real catalog: callback and engine settings, the link server port.
class TestSettingsOperations : public QObject {
    Q_OBJECT

private:
    test::ServiceFixture m_fx;

    ServiceAreas &a() { return m_fx.areas(); }

    Status setCallbacks(const CallbackSettings &settings)
    {
        return test::await<Status>(
            [&](auto reply) { a().settings.setCallbackSettings(settings, reply); });
    }

private slots:
    void init() { QVERIFY(m_fx.reset()); }

    void callbackSettings()
    {
        QCOMPARE(a().settings.getCallbackSettings()->callbackUrl, QString());
        QVERIFY(
            setCallbacks(CallbackSettings::withUrl(QStringLiteral("http://127.0.0.1:9/cb"))).ok());
        QCOMPARE(a().settings.getCallbackSettings()->callbackUrl,
                 QStringLiteral("http://127.0.0.1:9/cb"));
        QCOMPARE(setCallbacks(CallbackSettings::withUrl(QStringLiteral("file:///etc/passwd")))
                     .error()
                     .code,
                 QStringLiteral("InvalidParameter.CallbackUrl"));
        QCOMPARE(a().settings.getCallbackSettings()->callbackUrl,
                 QStringLiteral("http://127.0.0.1:9/cb"));
    }

    void callbackSettingsSignalAndKeychain()
    {
        QSignalSpy changed(&m_fx.notifier(), &ServiceNotifier::callbackSettingsChanged);
        QVERIFY(
            setCallbacks(CallbackSettings::withUrl(QStringLiteral("https://example.com/cb"))).ok());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(a().settings.globalCallbackUrl(), QStringLiteral("https://example.com/cb"));
        // An AuthKey needs a keychain; this context has none, and nothing changes.
        CallbackSettings withKey = CallbackSettings::withUrl(QStringLiteral("https://x.test/cb"));
        withKey.authKey = QStringLiteral("secret");
        QCOMPARE(setCallbacks(withKey).error().code, QStringLiteral("KeychainUnavailable"));
        withKey.authKey = QString(257, QLatin1Char('k'));
        QCOMPARE(setCallbacks(withKey).error().code, QStringLiteral("InvalidParameter.AuthKey"));
        QCOMPARE(a().settings.globalCallbackUrl(), QStringLiteral("https://example.com/cb"));
        QCOMPARE(changed.count(), 1);
        QVERIFY(!a().settings.getCallbackSettings()->hasAuthKey);

        // Held delivery is recorded once per reason.
        a().settings.setCallbackDeliveryHeld(QStringLiteral("the keychain is locked"));
        a().settings.setCallbackDeliveryHeld(QStringLiteral("the keychain is locked"));
        QCOMPARE(changed.count(), 2);
        QCOMPARE(a().settings.callbackDeliveryHeld(), QStringLiteral("the keychain is locked"));
        a().settings.setCallbackDeliveryHeld(QString());
        QCOMPARE(changed.count(), 3);
        QCOMPARE(a().settings.callbackDeliveryHeld(), QString());
    }

    void engineSettings()
    {
        const EngineSettings defaults = *a().settings.getEngineSettings();
        QCOMPARE(defaults.maxStartedJobs, EngineSettings().maxStartedJobs);
        EngineSettings s{250};
        s.jpegQuality = 70;
        s.spoolLimitMb = 64;
        s.linkServerPort = 8081;
        QVERIFY(a().settings.updateEngineSettings(s).ok());
        auto read = a().settings.getEngineSettings();
        QCOMPARE(read->maxStartedJobs, 250);
        QCOMPARE(read->jpegQuality, 70);
        QCOMPARE(read->spoolLimitMb, 64);
        QCOMPARE(read->linkServerPort, 8081);

        const QString before = m_fx.dump();
        auto bad = [&](auto change) {
            EngineSettings b = s;
            change(b);
            return a().settings.updateEngineSettings(b).error().code;
        };
        QCOMPARE(bad([](EngineSettings &b) { b.maxStartedJobs = 10001; }),
                 QStringLiteral("InvalidParameter.MaxStartedJobs"));
        QCOMPARE(bad([](EngineSettings &b) { b.jpegQuality = 0; }),
                 QStringLiteral("InvalidParameter.JpegQuality"));
        QCOMPARE(bad([](EngineSettings &b) { b.spoolLimitMb = 15; }),
                 QStringLiteral("InvalidParameter.SpoolLimitMb"));
        QCOMPARE(bad([](EngineSettings &b) { b.linkServerPort = 65536; }),
                 QStringLiteral("InvalidParameter.LinkServerPort"));
        QCOMPARE(m_fx.dump(), before);

        // The stream health thresholds: defaults, kept, and each refused outside its range
        // with a message that gives the range.
        const StreamHealthSettings health = defaults.health;
        QCOMPARE(health.blackLumaMax, 24);
        QCOMPARE(health.blackSpreadMax, 10);
        QCOMPARE(health.frozenSnapshots, 3);
        QCOMPARE(health.frozenTolerance, 1);
        QCOMPARE(health.downGraceSeconds, 30);
        QCOMPARE(read->health.downGraceSeconds, 30);
        s.health = {40, 12, 0, 3, 5};
        QVERIFY(a().settings.updateEngineSettings(s).ok());
        read = a().settings.getEngineSettings();
        QCOMPARE(read->health.blackLumaMax, 40);
        QCOMPARE(read->health.blackSpreadMax, 12);
        QCOMPARE(read->health.frozenSnapshots, 0); // 0: frozen is off
        QCOMPARE(read->health.frozenTolerance, 3);
        QCOMPARE(read->health.downGraceSeconds, 5);
        const QString withHealth = m_fx.dump();
        auto badHealth = [&](auto change) {
            EngineSettings b = s;
            change(b.health);
            return a().settings.updateEngineSettings(b).error();
        };
        const Error luma = badHealth([](StreamHealthSettings &h) { h.blackLumaMax = 256; });
        QCOMPARE(luma.code, QStringLiteral("InvalidParameter.BlackLumaMax"));
        QVERIFY2(luma.message.contains(QStringLiteral("use 0-255")), qPrintable(luma.message));
        QCOMPARE(badHealth([](StreamHealthSettings &h) { h.blackSpreadMax = -1; }).code,
                 QStringLiteral("InvalidParameter.BlackSpreadMax"));
        const Error one = badHealth([](StreamHealthSettings &h) { h.frozenSnapshots = 1; });
        QCOMPARE(one.code, QStringLiteral("InvalidParameter.FrozenSnapshots"));
        QVERIFY2(one.message.contains(QStringLiteral("or 0 to never")), qPrintable(one.message));
        QCOMPARE(badHealth([](StreamHealthSettings &h) { h.frozenTolerance = 300; }).code,
                 QStringLiteral("InvalidParameter.FrozenTolerance"));
        QCOMPARE(badHealth([](StreamHealthSettings &h) { h.downGraceSeconds = 0; }).code,
                 QStringLiteral("InvalidParameter.DownGraceSeconds"));
        QCOMPARE(m_fx.dump(), withHealth);

        // The bound port of a running engine's link server is apart from the configured one.
        QCOMPARE(a().settings.linkServerPort(), 0);
        a().settings.setLinkServerPort(40123);
        QCOMPARE(a().settings.linkServerPort(), 40123);
        QCOMPARE(a().settings.getEngineSettings()->linkServerPort, 8081);
    }
};

QTEST_GUILESS_MAIN(TestSettingsOperations)
#include "tst_settingsoperations.moc"
