#include "I18nTestSupport.h"
#include "api/ApiDispatcher.h"
#include "common/DataDirectory.h"
#include "engine/Engine.h"
#include "shell/AppTranslations.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTemporaryDir>
#include <QTest>

using namespace livesnap;
using namespace livesnap::i18ntest;

using Parameters = QMap<QString, QString>;

// The core's errors, reached the way every front end reaches them (the API dispatcher, in
// process), come out in Chinese once the application's translators are installed: one error of
// each area of the core, so a message whose run-time context differs from the one lupdate put
// in the .ts (and so is never found) fails here. The catalogue comes from the embedded :/i18n,
// as in the application run from the build directory.
class TestCoreMessagesInChinese : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void errorsAreEnglishWithoutTranslators_data() { errors(); }
    void errorsAreEnglishWithoutTranslators();
    void installTranslators();
    void errorsAreChineseWithTranslators_data() { errors(); }
    void errorsAreChineseWithTranslators();

private:
    static void errors();
    Error callForError(const QString &action, const QMap<QString, QString> &parameters);

    QTemporaryDir m_dir;
    std::unique_ptr<Engine> m_engine;
};

void TestCoreMessagesInChinese::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_engine = std::make_unique<Engine>(DataDirectory(m_dir.path()));
    const Status opened = m_engine->open();
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
}

void TestCoreMessagesInChinese::errors()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<Parameters>("parameters");
    QTest::addColumn<QString>("code");
    using P = Parameters;
    const auto s = [](const char *text) { return QString::fromUtf8(text); };
    QTest::newRow("Queries: page size")
        << s("ListLiveSnapshotTemplates") << P{{s("PageSize"), s("0")}}
        << s("InvalidParameter.PageSize");
    QTest::newRow("ApiArguments: not a number")
        << s("ListLiveSnapshotJobs") << P{{s("PageNo"), s("abc")}} << s("InvalidParameter.PageNo");
    QTest::newRow("TemplateRules: interval") << s("CreateLiveSnapshotTemplate")
                                             << P{{s("TemplateName"), s("t")},
                                                  {s("TimeInterval"), s("4")},
                                                  {s("OverwriteFormat"), s("snapshot/{JobId}.jpg")}}
                                             << s("InvalidParameter.TimeInterval");
    QTest::newRow("TemplateRules: format") << s("CreateLiveSnapshotTemplate")
                                           << P{{s("TemplateName"), s("t")},
                                                {s("TimeInterval"), s("10")},
                                                {s("OverwriteFormat"), s("/snapshot/{JobId}.jpg")}}
                                           << s("InvalidParameter.OverwriteFormat");
    QTest::newRow("TemplateOperations: unknown template")
        << s("GetLiveSnapshotTemplate") << P{{s("TemplateId"), s("nope")}} << s("TemplateNotFound");
    QTest::newRow("JobOperations: unknown job")
        << s("GetLiveSnapshotJob") << P{{s("JobId"), s("nope")}} << s("JobNotFound");
    QTest::newRow("StreamInput: bad URL")
        << s("SubmitLiveSnapshotJob")
        << P{{s("JobName"), s("j")},
             {s("TemplateId"), s("x")},
             {s("StreamInput"), s(R"({"Type":"rtmp","Url":"http://x"})")}}
        << s("InvalidParameter.StreamInput.Url");
    QTest::newRow("StorageLocation: bad StorageType")
        << s("AddStorageLocation") << P{{s("StorageType"), s("ftp")}, {s("Bucket"), s("x")}}
        << s("InvalidParameter.StorageType");
    QTest::newRow("SettingsOperations: JPEG quality")
        << s("UpdateEngineSettings") << P{{s("JpegQuality"), s("0")}}
        << s("InvalidParameter.JpegQuality");
    QTest::newRow("SettingsOperations: health hint (QT_TRANSLATE_NOOP)")
        << s("UpdateEngineSettings") << P{{s("BlackLumaMax"), s("300")}}
        << s("InvalidParameter.BlackLumaMax");
    QTest::newRow("UsageOperations: no StartTime")
        << s("DescribeLiveSnapshotUsage") << P{} << s("MissingParameter.StartTime");
    QTest::newRow("TimeFormat: not a time") << s("ListLiveSnapshotFiles")
                                            << P{{s("JobId"), s("x")},
                                                 {s("StartTime"), s("abc")},
                                                 {s("EndTime"), s("2026-01-01T00:00:00Z")}}
                                            << s("InvalidParameter.StartTime");
    QTest::newRow("ApiDispatcher: unknown action")
        << s("NoSuchAction") << P{} << s("UnknownAction");
}

Error TestCoreMessagesInChinese::callForError(const QString &action,
                                              const QMap<QString, QString> &parameters)
{
    const Result<QJsonObject> answer = callApi(*m_engine->service(), action, parameters);
    if (answer.ok()) {
        return Error::user(QStringLiteral("NoError"), QStringLiteral("no error came back"));
    }
    return answer.error();
}

void TestCoreMessagesInChinese::errorsAreEnglishWithoutTranslators()
{
    QFETCH(QString, action);
    QFETCH(Parameters, parameters);
    QFETCH(QString, code);
    const Error error = callForError(action, parameters);
    QCOMPARE(error.code, code);
    QVERIFY2(!error.message.isEmpty() && !hasChinese(error.message), qPrintable(error.message));
}

void TestCoreMessagesInChinese::installTranslators()
{
    QCOMPARE(QLocale().name(), QStringLiteral("zh_CN"));
    ui::installTranslators(*QCoreApplication::instance());
    QVERIFY(hasChinese(ApiDispatcher::tr("Show one template.")));
}

void TestCoreMessagesInChinese::errorsAreChineseWithTranslators()
{
    QFETCH(QString, action);
    QFETCH(Parameters, parameters);
    QFETCH(QString, code);
    const Error error = callForError(action, parameters);
    QCOMPARE(error.code, code);
    QVERIFY2(hasChinese(error.message), qPrintable(error.message));
}

QTEST_GUILESS_MAIN(TestCoreMessagesInChinese)
#include "tst_coremessagesinchinese.moc"
