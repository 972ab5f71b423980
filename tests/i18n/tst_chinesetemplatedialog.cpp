#include "../ui/UiTestSupport.h"
#include "I18nTestSupport.h"
#include "domain/TemplateRules.h"
#include "engine/EngineHost.h"
#include "shell/AppTranslations.h"
#include "templates/TemplateDialog.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace livesnap;
using namespace livesnap::ui;
using namespace livesnap::uitest;
using namespace livesnap::i18ntest;

// The GUI on a Chinese desktop (LANG/LC_ALL zh_CN.UTF-8, set by CTest): the application's own
// installTranslators finds the catalogue where the package installs it
// (<bin>/../share/livesnap/translations; this test has no embedded :/i18n), and the template
// dialog then shows the core's validation error in Chinese.
class TestChineseTemplateDialog : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void intervalOfFourIsRefusedInChinese();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<EngineHost> m_host;
};

void TestChineseTemplateDialog::initTestCase()
{
    QCOMPARE(QLocale().name(), QStringLiteral("zh_CN"));
    // Only the installed folder can provide the catalogue here.
    QVERIFY(!QFile::exists(QStringLiteral(":/i18n/livesnap_zh_CN.qm")));
    QVERIFY(QFile::exists(QCoreApplication::applicationDirPath() +
                          QStringLiteral("/../share/livesnap/translations/livesnap_zh_CN.qm")));
    useFreshSettings();
    installTranslators(*QCoreApplication::instance());
    QVERIFY(m_dir.isValid());
    LIVESNAP_START_HOST(m_host, m_dir.path());
}

void TestChineseTemplateDialog::cleanupTestCase()
{
    m_host.reset();
}

void TestChineseTemplateDialog::intervalOfFourIsRefusedInChinese()
{
    const char *source = "The snapshot interval is %1 s; it must be between %2 and %3 seconds.";
    const QString translation = zhCnTranslation("livesnap::TemplateRules", source);
    QVERIFY2(hasChinese(translation), qPrintable(translation));
    QVERIFY(translation != QLatin1String(source));

    TemplateDialog dialog(*m_host, TemplateDialog::Mode::Create, {});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *name = dialog.findChild<QLineEdit *>(QStringLiteral("nameEdit"));
    auto *interval = dialog.findChild<QLineEdit *>(QStringLiteral("intervalEdit"));
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("intervalError"));
    auto *ok = dialog.findChild<QPushButton *>(QStringLiteral("okButton"));
    QVERIFY(name && interval && error && ok);
    QTest::keyClicks(name, QStringLiteral("four"));
    QTest::keyClicks(interval, QStringLiteral("4"));

    QTRY_VERIFY(error->isVisible());
    QCOMPARE(error->text(),
             translation.arg(4).arg(rules::MinTimeInterval).arg(rules::MaxTimeInterval));
    QVERIFY(!ok->isEnabled());
    // The dialog's own texts are Chinese too.
    QVERIFY2(hasChinese(ok->text()), qPrintable(ok->text()));
}

QTEST_MAIN(TestChineseTemplateDialog)
#include "tst_chinesetemplatedialog.moc"
