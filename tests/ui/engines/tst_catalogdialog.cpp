// File > Catalog…: the URL is checked by the core's rules (no password, a database, a known
// scheme), the choice is saved for the next start and a change says that a restart is needed;
// the saved catalog applies only when neither --catalog nor LIVESNAP_CATALOG chose one; the
// status bar and the hand-off on the embedded SQLite catalog; the engine host in a job's
// engine id.

#include "MainWindow.h"
#include "UiTestSupport.h"
#include "engine/EngineHost.h"
#include "engines/CatalogDialog.h"
#include "engines/CatalogSettings.h"
#include "engines/EnginesDialog.h"
#include "engines/EnginesModel.h"
#include "jobs/JobText.h"
#include "shell/EngineHandOff.h"

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace livesnap;
using namespace livesnap::ui;

namespace {
const QString SharedUrl = QStringLiteral("postgresql://livesnap@db.example.com:5432/livesnap");
}

class TestCatalogDialog : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void refusesAUrlTheCoreRefuses_data();
    void refusesAUrlTheCoreRefuses();
    void savesTheChoiceAndSaysARestartIsNeeded();
    void emptyMeansTheLocalCatalog();
    void savedCatalogYieldsToOptionAndEnvironment();
    void statusBarAndMenusOnTheLocalCatalog();
    void handOffWithoutASharedCatalog();
    void engineHostFromEngineId();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_host;
};

void TestCatalogDialog::initTestCase()
{
    qunsetenv("LIVESNAP_CATALOG");
    QVERIFY(m_dir.isValid());
    LIVESNAP_START_HOST(m_host, m_dir.path());
}

void TestCatalogDialog::init()
{
    uitest::useFreshSettings();
}

void TestCatalogDialog::refusesAUrlTheCoreRefuses_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("says");
    QTest::newRow("password") << QStringLiteral("postgresql://livesnap:secret@db:5432/livesnap")
                              << QStringLiteral("must not hold a password");
    QTest::newRow("scheme") << QStringLiteral("mysql://livesnap@db/livesnap")
                            << QStringLiteral("postgresql://");
    QTest::newRow("no database") << QStringLiteral("postgresql://livesnap@db:5432/")
                                 << QStringLiteral("names no database");
}

void TestCatalogDialog::refusesAUrlTheCoreRefuses()
{
    QFETCH(QString, url);
    QFETCH(QString, says);
    CatalogDialog dialog(*m_host);
    dialog.show();
    QSignalSpy saved(&dialog, &CatalogDialog::saved);
    dialog.urlField()->setText(url);
    dialog.save();
    QVERIFY2(dialog.errorText().contains(says), qPrintable(dialog.errorText()));
    QVERIFY(!dialog.errorText().contains(QStringLiteral("secret")));
    QVERIFY(dialog.isVisible()); // stays open with the input
    QCOMPARE(saved.size(), 0);
    QCOMPARE(CatalogSettings::savedCatalog(), QString());
}

void TestCatalogDialog::savesTheChoiceAndSaysARestartIsNeeded()
{
    CatalogDialog dialog(*m_host);
    QVERIFY2(dialog.sessionText().contains(QStringLiteral("SQLite catalog")),
             qPrintable(dialog.sessionText()));
    dialog.show();
    QSignalSpy saved(&dialog, &CatalogDialog::saved);
    dialog.urlField()->setText(QStringLiteral("  ") + SharedUrl);
    dialog.consoleOnlyBox()->setChecked(true);
    dialog.save();
    QCOMPARE(dialog.errorText(), QString());
    QCOMPARE(saved.size(), 1);
    QCOMPARE(saved.at(0).at(0).toBool(), true);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(CatalogSettings::savedCatalog(), SharedUrl);
    QVERIFY(CatalogSettings::savedConsoleOnly());

    // Reopened, it shows what was saved, and says this window still runs on SQLite.
    CatalogDialog again(*m_host);
    QCOMPARE(again.urlField()->text(), SharedUrl);
    QVERIFY(again.consoleOnlyBox()->isChecked());
    QVERIFY2(again.sessionText().contains(QStringLiteral("--catalog or LIVESNAP_CATALOG")),
             qPrintable(again.sessionText()));

    // From the menu, saving a change tells the operator to restart.
    MainWindow window(*m_host);
    window.findChild<QAction *>(QStringLiteral("catalogAction"))->trigger();
    auto *menuDialog = window.findChild<CatalogDialog *>();
    QVERIFY(menuDialog);
    menuDialog->urlField()->setText(QString());
    menuDialog->save();
    QVERIFY(menuDialog->restartNeeded()); // console only is still on, this window captures
    QTRY_VERIFY(window.findChild<QMessageBox *>(QStringLiteral("catalogRestartNote")));
}

void TestCatalogDialog::emptyMeansTheLocalCatalog()
{
    CatalogSettings::setSavedCatalog(SharedUrl);
    CatalogDialog dialog(*m_host);
    dialog.show();
    dialog.urlField()->clear();
    dialog.consoleOnlyBox()->setChecked(false);
    dialog.save();
    QCOMPARE(dialog.errorText(), QString());
    QCOMPARE(CatalogSettings::savedCatalog(), QString());
    QVERIFY(!dialog.restartNeeded()); // the same as this window runs on
}

void TestCatalogDialog::savedCatalogYieldsToOptionAndEnvironment()
{
    CatalogSettings::setSavedCatalog(SharedUrl);
    DataDirectory plain = DataDirectory::resolve(m_dir.path());
    CatalogSettings::applySaved(plain);
    QVERIFY(plain.hasSharedCatalog());
    QCOMPARE(plain.catalogLocation(), SharedUrl);
    QCOMPARE(CatalogSettings::describe(plain), SharedUrl);

    const QString option = QStringLiteral("postgresql://ops@option.example.com/livesnap");
    DataDirectory fromOption = DataDirectory::resolve(m_dir.path(), option);
    CatalogSettings::applySaved(fromOption);
    QCOMPARE(fromOption.catalogLocation(), option);

    const QString env = QStringLiteral("postgresql://ops@env.example.com/livesnap");
    qputenv("LIVESNAP_CATALOG", env.toUtf8());
    DataDirectory fromEnv = DataDirectory::resolve(m_dir.path());
    CatalogSettings::applySaved(fromEnv);
    qunsetenv("LIVESNAP_CATALOG");
    QCOMPARE(fromEnv.catalogLocation(), env);

    CatalogSettings::setSavedCatalog(QString());
    DataDirectory local = DataDirectory::resolve(m_dir.path());
    CatalogSettings::applySaved(local);
    QVERIFY(!local.hasSharedCatalog());
    QCOMPARE(CatalogSettings::describe(local),
             QStringLiteral("SQLite in %1").arg(QDir::toNativeSeparators(m_dir.path())));
}

void TestCatalogDialog::statusBarAndMenusOnTheLocalCatalog()
{
    MainWindow window(*m_host);
    const auto *catalog = window.statusBar()->findChild<QLabel *>(QStringLiteral("catalogLabel"));
    QVERIFY(catalog);
    QCOMPARE(catalog->text(),
             QStringLiteral("Catalog: SQLite in %1").arg(QDir::toNativeSeparators(m_dir.path())));
    // A capturing engine names itself, not "console only".
    bool namesEngine = false;
    for (const QLabel *label : window.statusBar()->findChildren<QLabel *>()) {
        namesEngine |= label->text() == QStringLiteral("Engine: ") + m_host->engineId();
    }
    QVERIFY(namesEngine);
    QVERIFY(!m_host->isConsoleOnly());

    window.findChild<QAction *>(QStringLiteral("enginesAction"))->trigger();
    auto *engines = window.findChild<EnginesDialog *>();
    QVERIFY(engines);
    QVERIFY(engines->isPolling());
    QTRY_VERIFY2(engines->summaryText().contains(m_host->engineId()),
                 qPrintable(engines->summaryText()));
    QCOMPARE(engines->model()->lastError(), QString());
}

void TestCatalogDialog::handOffWithoutASharedCatalog()
{
    QCOMPARE(EngineHandOff::arguments(m_host->dataDirectory()),
             (QStringList{QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("serve")}));
}

void TestCatalogDialog::engineHostFromEngineId()
{
    QCOMPARE(JobText::engineHost(QStringLiteral("serve@cam-host-3:4242:9f2c")),
             QStringLiteral("cam-host-3"));
    QCOMPARE(JobText::engineHost(QStringLiteral("gui@laptop:17")), QStringLiteral("laptop"));
    QCOMPARE(JobText::engineHost(QString()), QString());
    QCOMPARE(JobText::engineHost(QStringLiteral("no-host")), QString());
}

QTEST_MAIN(TestCatalogDialog)
#include "tst_catalogdialog.moc"
