#include "I18nTestSupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace livesnap::i18ntest;

// livesnapctl is for scripts: its JSON answers stay English on a Chinese system (it installs no
// translator), although the catalogue has a Chinese text for the same message.
class TestCliInEnglish : public QObject {
    Q_OBJECT

private slots:
    void intervalOfFourIsRefusedInEnglish();
};

void TestCliInEnglish::intervalOfFourIsRefusedInEnglish()
{
    const char *source = "The snapshot interval is %1 s; it must be between %2 and %3 seconds.";
    QVERIFY(hasChinese(zhCnTranslation("livesnap::TemplateRules", source)));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcess cli;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LANG"), QStringLiteral("zh_CN.UTF-8"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("zh_CN.UTF-8"));
    env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("zh_CN"));
    cli.setProcessEnvironment(env);
    cli.start(QStringLiteral(LIVESNAPCTL),
              {QStringLiteral("--data-dir"), dir.path(),
               QStringLiteral("CreateLiveSnapshotTemplate"), QStringLiteral("--TemplateName"),
               QStringLiteral("four"), QStringLiteral("--TimeInterval"), QStringLiteral("4"),
               QStringLiteral("--OverwriteFormat"), QStringLiteral("snapshot/{JobId}.jpg")});
    QVERIFY(cli.waitForFinished(30000));
    QCOMPARE(cli.exitCode(), 2);
    const QJsonObject answer = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
    QCOMPARE(answer.value(QLatin1String("Code")).toString(),
             QStringLiteral("InvalidParameter.TimeInterval"));
    QCOMPARE(answer.value(QLatin1String("Message")).toString(),
             QString::fromLatin1(source).arg(4).arg(5).arg(3600));
}

QTEST_GUILESS_MAIN(TestCliInEnglish)
#include "tst_cliinenglish.moc"
