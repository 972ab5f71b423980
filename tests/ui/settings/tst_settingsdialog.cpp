#include "../../support/Await.h"
#include "UiTestSupport.h"
#include "common/UrlMasking.h"
#include "domain/TemplateRules.h"
#include "engine/EngineHost.h"
#include "settings/SettingsDialog.h"

#include <QCheckBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace livesnap;
using namespace livesnap::ui;
using namespace livesnap::uitest;

namespace {
const QString StoredUrl = QStringLiteral("https://hooks.example.com/livesnap/stored");

template <typename T> T *child(QWidget *parent, const char *name)
{
    return parent->findChild<T *>(QString::fromLatin1(name));
}

// Replaces a spin box's value by typing, as an operator would.
void typeValue(QSpinBox *spin, int value)
{
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, QString::number(value));
}
} // namespace

class TestSettingsDialog : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void loadingShowsStoredValues();
    void formIsDisabledWhileLoading();
    void savingLandsInCatalog();
    void authKeyIsWriteOnlyAndSent();
    void ftpCallbackIsRefusedInline();
    void callbackUrlMaskedUntilShown();
    void heldCallbacksAreExplained();
    void refusedEngineValueIsShownInline();
    void geometryIsRemembered();

private:
    // A shown dialog whose first load has finished.
    std::unique_ptr<SettingsDialog> openLoaded();
    CallbackSettings storedCallback();
    EngineSettings storedEngine();

    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_host;
};

void TestSettingsDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LiveSnapTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_settingsdialog"));
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    LIVESNAP_START_HOST(m_host, m_dir.path());

    const auto setUrl = test::awaitEngine<Status>(*m_host, [](SnapshotService &s, auto reply) {
        s.setCallbackSettings(CallbackSettings::withUrl(StoredUrl), reply);
    });
    QVERIFY(setUrl.has_value() && setUrl->ok());
    const auto setEngine = callEngine(*m_host, [](SnapshotService &s) {
        EngineSettings settings{42, 70, 512, 0};
        settings.health.downGraceSeconds = 77; // not on the form: a save must keep it
        settings.health.frozenSnapshots = 9;
        return s.updateEngineSettings(settings);
    });
    QVERIFY(setEngine.has_value() && setEngine->ok());
}

void TestSettingsDialog::cleanupTestCase()
{
    m_host.reset();
}

std::unique_ptr<SettingsDialog> TestSettingsDialog::openLoaded()
{
    auto dialog = std::make_unique<SettingsDialog>(*m_host);
    QSignalSpy loaded(dialog.get(), &SettingsDialog::loaded);
    dialog->show();
    if (!QTest::qWaitForWindowExposed(dialog.get()) ||
        !QTest::qWaitFor([&loaded] { return loaded.count() > 0; }, 5000)) {
        return nullptr;
    }
    return dialog;
}

CallbackSettings TestSettingsDialog::storedCallback()
{
    const auto got =
        callEngine(*m_host, [](SnapshotService &s) { return s.getCallbackSettings(); });
    return got.has_value() && got->ok() ? got->value() : CallbackSettings::withUrl(QString());
}

EngineSettings TestSettingsDialog::storedEngine()
{
    const auto got = callEngine(*m_host, [](SnapshotService &s) { return s.getEngineSettings(); });
    return got.has_value() && got->ok() ? got->value() : EngineSettings{-1, -1, -1, -1};
}

void TestSettingsDialog::loadingShowsStoredValues()
{
    const auto dialog = openLoaded();
    QVERIFY(dialog);
    QCOMPARE(child<QLineEdit>(dialog.get(), "callbackUrlEdit")->text(), StoredUrl);
    QCOMPARE(child<QSpinBox>(dialog.get(), "maxStartedJobsSpin")->value(), 42);
    QCOMPARE(child<QSpinBox>(dialog.get(), "jpegQualitySpin")->value(), 70);
    QCOMPARE(child<QSpinBox>(dialog.get(), "spoolLimitSpin")->value(), 512);
    auto *port = child<QSpinBox>(dialog.get(), "linkServerPortSpin");
    QCOMPARE(port->value(), 0);
    QCOMPARE(port->text(), QStringLiteral("Any free port"));
    QVERIFY(child<QGroupBox>(dialog.get(), "callbackGroup")->isEnabled());
    QVERIFY(child<QPushButton>(dialog.get(), "saveButton")->isEnabled());
    QVERIFY(dialog->errorText().isEmpty());
}

void TestSettingsDialog::formIsDisabledWhileLoading()
{
    SettingsDialog dialog(*m_host);
    QSignalSpy loaded(&dialog, &SettingsDialog::loaded);
    // The load is in flight on the engine thread: nothing can be typed over or saved yet.
    QVERIFY(dialog.isBusy());
    QVERIFY(!child<QGroupBox>(&dialog, "callbackGroup")->isEnabled());
    QVERIFY(!child<QGroupBox>(&dialog, "engineGroup")->isEnabled());
    QVERIFY(!child<QPushButton>(&dialog, "saveButton")->isEnabled());
    QVERIFY(loaded.wait(5000));
    QVERIFY(!dialog.isBusy());
    QVERIFY(child<QGroupBox>(&dialog, "callbackGroup")->isEnabled());
    QVERIFY(child<QGroupBox>(&dialog, "engineGroup")->isEnabled());
    QVERIFY(child<QPushButton>(&dialog, "saveButton")->isEnabled());
}

void TestSettingsDialog::savingLandsInCatalog()
{
    const auto dialog = openLoaded();
    QVERIFY(dialog);
    const QString newUrl = QStringLiteral("http://127.0.0.1:8080/hook?x=1");
    auto *url = child<QLineEdit>(dialog.get(), "callbackUrlEdit");
    url->clear();
    QTest::keyClicks(url, newUrl);
    typeValue(child<QSpinBox>(dialog.get(), "maxStartedJobsSpin"), 250);
    typeValue(child<QSpinBox>(dialog.get(), "jpegQualitySpin"), 93);
    typeValue(child<QSpinBox>(dialog.get(), "spoolLimitSpin"), 4096);
    typeValue(child<QSpinBox>(dialog.get(), "linkServerPortSpin"), 18080);

    QTest::mouseClick(child<QPushButton>(dialog.get(), "saveButton"), Qt::LeftButton);
    QVERIFY(dialog->isBusy());
    QVERIFY(!child<QGroupBox>(dialog.get(), "engineGroup")->isEnabled());
    QTRY_VERIFY(!dialog->isVisible());
    QCOMPARE(dialog->result(), int(QDialog::Accepted));

    QCOMPARE(storedCallback().callbackUrl, newUrl);
    const EngineSettings engine = storedEngine();
    QCOMPARE(engine.maxStartedJobs, 250);
    QCOMPARE(engine.jpegQuality, 93);
    QCOMPARE(engine.spoolLimitMb, 4096);
    QCOMPARE(engine.linkServerPort, 18080);
    // The stream-health thresholds, not on the form, keep what was stored.
    QCOMPARE(engine.health.downGraceSeconds, 77);
    QCOMPARE(engine.health.frozenSnapshots, 9);

    // A fresh dialog shows what was saved.
    const auto again = openLoaded();
    QVERIFY(again);
    // Every query value masked until Show is pressed.
    QCOMPARE(child<QLineEdit>(again.get(), "callbackUrlEdit")->text(), maskUrl(newUrl));
    QTest::mouseClick(child<QToolButton>(again.get(), "revealCallbackUrlButton"), Qt::LeftButton);
    QCOMPARE(child<QLineEdit>(again.get(), "callbackUrlEdit")->text(), newUrl);
    QCOMPARE(child<QSpinBox>(again.get(), "linkServerPortSpin")->value(), 18080);
}

void TestSettingsDialog::authKeyIsWriteOnlyAndSent()
{
    const auto dialog = openLoaded();
    QVERIFY(dialog);
    auto *key = child<QLineEdit>(dialog.get(), "authKeyEdit");
    auto *clear = child<QCheckBox>(dialog.get(), "clearAuthKeyCheck");
    QCOMPARE(key->echoMode(), QLineEdit::Password);
    QVERIFY(key->text().isEmpty()); // never read back
    const bool stored = storedCallback().hasAuthKey;
    QCOMPARE(key->placeholderText(),
             stored ? QStringLiteral("(stored)") : QStringLiteral("(none)"));
    QCOMPARE(clear->isEnabled(), stored);

    QTest::keyClicks(key, QStringLiteral("k3y-Secret"));
    const CallbackSettings sent = dialog->callbackSettingsFromForm();
    QCOMPARE(sent.authKey, QStringLiteral("k3y-Secret"));
    QVERIFY(!sent.clearAuthKey);
    QCOMPARE(sent.callbackUrl, storedCallback().callbackUrl); // shown masked, sent as stored

    // Only the key changed: Save still sends the callback settings, and the form keeps no copy.
    QTest::mouseClick(child<QPushButton>(dialog.get(), "saveButton"), Qt::LeftButton);
    QVERIFY(dialog->isBusy());
    QTRY_VERIFY(!dialog->isVisible());
    QCOMPARE(dialog->result(), int(QDialog::Accepted));
    QVERIFY(key->text().isEmpty());
    QVERIFY(storedCallback().hasAuthKey); // in the keychain now

    // A fresh dialog says a key is stored, never shows it, and can clear it.
    const auto again = openLoaded();
    QVERIFY(again);
    auto *againKey = child<QLineEdit>(again.get(), "authKeyEdit");
    auto *againClear = child<QCheckBox>(again.get(), "clearAuthKeyCheck");
    QVERIFY(againKey->text().isEmpty());
    QCOMPARE(againKey->placeholderText(), QStringLiteral("(stored)"));
    QVERIFY(againClear->isEnabled());
    againClear->setChecked(true);
    QVERIFY(!againKey->isEnabled());
    QTest::mouseClick(child<QPushButton>(again.get(), "saveButton"), Qt::LeftButton);
    QTRY_VERIFY(!again->isVisible());
    QVERIFY(!storedCallback().hasAuthKey);
}

void TestSettingsDialog::callbackUrlMaskedUntilShown()
{
    const QString secretUrl = QStringLiteral("https://u:pw@hooks.example.com/cb?token=SECRET");
    const auto set = test::awaitEngine<Status>(
        *m_host, [secretUrl](SnapshotService &s, std::function<void(Status)> reply) {
            s.setCallbackSettings(CallbackSettings::withUrl(secretUrl), reply);
        });
    QVERIFY(set.has_value() && set->ok());
    const auto restore = qScopeGuard([this] {
        test::awaitEngine<Status>(
            *m_host, [](SnapshotService &s, std::function<void(Status)> reply) {
                CallbackSettings settings = CallbackSettings::withUrl(StoredUrl);
                settings.clearAuthKey = true;
                s.setCallbackSettings(settings, reply);
            });
    });
    {
        const auto dialog = openLoaded();
        QVERIFY(dialog);
        auto *url = child<QLineEdit>(dialog.get(), "callbackUrlEdit");
        auto *show = child<QToolButton>(dialog.get(), "revealCallbackUrlButton");
        QCOMPARE(url->text(), QStringLiteral("https://***:***@hooks.example.com/cb?token=***"));
        QVERIFY(show->isVisible() && show->isEnabled());
        // Edited around the masked parts: refused, nothing saved.
        QTest::keyClick(url, Qt::Key_End);
        QTest::keyClicks(url, QStringLiteral("&more=1"));
        QSignalSpy failed(dialog.get(), &SettingsDialog::saveFailed);
        QTest::mouseClick(child<QPushButton>(dialog.get(), "saveButton"), Qt::LeftButton);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("InvalidParameter.CallbackUrl"));
        QCOMPARE(storedCallback().callbackUrl, secretUrl);
        url->setText(QStringLiteral("https://***:***@hooks.example.com/cb?token=***"));
        // Saved unchanged, the stored URL stays: never the masked text.
        QCOMPARE(dialog->callbackSettingsFromForm().callbackUrl, secretUrl);
        // Only the key changes: the callback settings are written, with the stored URL.
        QTest::keyClicks(child<QLineEdit>(dialog.get(), "authKeyEdit"), QStringLiteral("k"));
        QTest::mouseClick(child<QPushButton>(dialog.get(), "saveButton"), Qt::LeftButton);
        QTRY_VERIFY(!dialog->isVisible());
        QCOMPARE(storedCallback().callbackUrl, secretUrl);
    }
    const auto dialog = openLoaded();
    QVERIFY(dialog);
    auto *url = child<QLineEdit>(dialog.get(), "callbackUrlEdit");
    QTest::mouseClick(child<QToolButton>(dialog.get(), "revealCallbackUrlButton"), Qt::LeftButton);
    QCOMPARE(url->text(), secretUrl);
    url->clear();
    QTest::keyClicks(url, QStringLiteral("https://hooks.example.com/cb?token=NEW"));
    QCOMPARE(dialog->callbackSettingsFromForm().callbackUrl,
             QStringLiteral("https://hooks.example.com/cb?token=NEW"));
}

void TestSettingsDialog::heldCallbacksAreExplained()
{
    const auto dialog = openLoaded();
    QVERIFY(dialog);
    QVERIFY(child<QLabel>(dialog.get(), "authKeyProblemLabel")->isHidden());
    dialog->close();
    // An engine found the AuthKey set but unreadable and holds the callbacks.
    const auto held = test::awaitEngine<Status>(
        *m_host, [](SnapshotService &s, std::function<void(Status)> reply) {
            CallbackSettings settings = CallbackSettings::withUrl(StoredUrl);
            settings.authKey = QStringLiteral("held-key");
            s.setCallbackSettings(settings, [&s, reply](const Status &st) {
                if (st) {
                    s.setCallbackDeliveryHeld(
                        QStringLiteral("The callback AuthKey is set but cannot be read"));
                }
                reply(st);
            });
        });
    QVERIFY(held.has_value() && held->ok());
    const auto restore = qScopeGuard([this] {
        test::awaitEngine<Status>(*m_host,
                                  [](SnapshotService &s, std::function<void(Status)> reply) {
                                      s.setCallbackDeliveryHeld(QString());
                                      CallbackSettings clear = CallbackSettings::withUrl(StoredUrl);
                                      clear.clearAuthKey = true;
                                      s.setCallbackSettings(clear, reply);
                                  });
    });
    const auto again = openLoaded();
    QVERIFY(again);
    auto *problem = child<QLabel>(again.get(), "authKeyProblemLabel");
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->text().contains(QStringLiteral("cannot be read")),
             qPrintable(problem->text()));
}

void TestSettingsDialog::ftpCallbackIsRefusedInline()
{
    const CallbackSettings callbackBefore = storedCallback();
    const EngineSettings engineBefore = storedEngine();
    const auto dialog = openLoaded();
    QVERIFY(dialog);
    QSignalSpy failed(dialog.get(), &SettingsDialog::saveFailed);
    auto *url = child<QLineEdit>(dialog.get(), "callbackUrlEdit");
    url->clear();
    QTest::keyClicks(url, QStringLiteral("ftp://x"));
    typeValue(child<QSpinBox>(dialog.get(), "jpegQualitySpin"), 11);

    QTest::mouseClick(child<QPushButton>(dialog.get(), "saveButton"), Qt::LeftButton);
    QVERIFY(failed.wait(5000));
    const QString code = failed.at(0).at(0).toString();
    const QString message = failed.at(0).at(1).toString();
    QCOMPARE(code, QStringLiteral("InvalidParameter.CallbackUrl"));
    // The service's own words, as the core rule states them.
    const Status rule = rules::validateCallbackUrl(QStringLiteral("ftp://x"));
    QVERIFY(!rule.ok());
    QCOMPARE(message, rule.error().message);

    auto *error = child<QLabel>(dialog.get(), "errorLabel");
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(message), qPrintable(error->text()));
    // No API code in the sentence; it is under Details (the tooltip).
    QVERIFY2(!error->text().contains(code), qPrintable(error->text()));
    QVERIFY(error->toolTip().contains(code));
    QVERIFY(dialog->isVisible()); // stays open with the input
    QCOMPARE(url->text(), QStringLiteral("ftp://x"));
    QCOMPARE(child<QSpinBox>(dialog.get(), "jpegQualitySpin")->value(), 11);
    QVERIFY(child<QGroupBox>(dialog.get(), "callbackGroup")->isEnabled());

    QCOMPARE(storedCallback().callbackUrl, callbackBefore.callbackUrl);
    QCOMPARE(storedEngine().jpegQuality, engineBefore.jpegQuality);
}

void TestSettingsDialog::refusedEngineValueIsShownInline()
{
    const EngineSettings before = storedEngine();
    const auto dialog = openLoaded();
    QVERIFY(dialog);
    QSignalSpy failed(dialog.get(), &SettingsDialog::saveFailed);
    // The spin box takes it; the service decides it is too small.
    typeValue(child<QSpinBox>(dialog.get(), "spoolLimitSpin"), 1);
    QCOMPARE(child<QSpinBox>(dialog.get(), "spoolLimitSpin")->value(), 1);
    QTest::mouseClick(child<QPushButton>(dialog.get(), "saveButton"), Qt::LeftButton);
    QVERIFY(failed.wait(5000));
    QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("InvalidParameter.SpoolLimitMb"));
    QVERIFY2(dialog->errorText().contains(failed.at(0).at(1).toString()),
             qPrintable(dialog->errorText()));
    QVERIFY(dialog->errorText().startsWith(QStringLiteral("Engine:")));
    QVERIFY(dialog->isVisible());
    QCOMPARE(storedEngine().spoolLimitMb, before.spoolLimitMb);

    // Fixing the value and saving again succeeds and clears the message.
    typeValue(child<QSpinBox>(dialog.get(), "spoolLimitSpin"), 64);
    QTest::mouseClick(child<QPushButton>(dialog.get(), "saveButton"), Qt::LeftButton);
    QTRY_VERIFY(!dialog->isVisible());
    QVERIFY(dialog->errorText().isEmpty());
    QCOMPARE(storedEngine().spoolLimitMb, 64);
}

void TestSettingsDialog::geometryIsRemembered()
{
    {
        const auto dialog = openLoaded();
        QVERIFY(dialog);
        dialog->resize(733, 511);
        QTest::mouseClick(child<QPushButton>(dialog.get(), "cancelButton"), Qt::LeftButton);
        QVERIFY(!dialog->isVisible());
    }
    QVERIFY(!QSettings().value(QStringLiteral("settingsDialog/geometry")).toByteArray().isEmpty());
    SettingsDialog again(*m_host);
    QCOMPARE(again.size(), QSize(733, 511));
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
