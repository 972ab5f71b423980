#include "domain/TemplateRules.h"

#include <QTest>

using namespace livesnap;

class TestTemplateRules : public QObject {
    Q_OBJECT

private slots:
    void timeInterval_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("4") << QStringLiteral("4") << false;
        QTest::newRow("5") << QStringLiteral("5") << true;
        QTest::newRow("3600") << QStringLiteral("3600") << true;
        QTest::newRow("3601") << QStringLiteral("3601") << false;
        QTest::newRow("0") << QStringLiteral("0") << false;
        QTest::newRow("-5") << QStringLiteral("-5") << false;
        QTest::newRow("5s") << QStringLiteral("5s") << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("5.5") << QStringLiteral("5.5") << false;
        QTest::newRow("huge") << QStringLiteral("99999999999999") << false;
        QTest::newRow("spaces") << QStringLiteral(" 10 ") << true;
    }
    void timeInterval()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        const auto r = rules::parseTimeInterval(text);
        QCOMPARE(r.ok(), valid);
        if (!valid) {
            QCOMPARE(r.error().code, QStringLiteral("InvalidParameter.TimeInterval"));
            QVERIFY(r.error().isUserError());
            // The message says how to fix it: it names the allowed range.
            QVERIFY2(r.error().message.contains(QStringLiteral("5")) &&
                         r.error().message.contains(QStringLiteral("3600")),
                     qPrintable(r.error().message));
        } else {
            QCOMPARE(r.value(), text.trimmed().toInt());
        }
    }

    void formats_data()
    {
        QTest::addColumn<QString>("overwrite");
        QTest::addColumn<QString>("sequence");
        QTest::addColumn<QString>("errorCode"); // empty = valid
        const QString ok;
        QTest::newRow("defaults") << rules::DefaultOverwriteFormat << rules::DefaultSequenceFormat
                                  << ok;
        QTest::newRow("overwrite only") << rules::DefaultOverwriteFormat << QString() << ok;
        QTest::newRow("sequence only") << QString() << rules::DefaultSequenceFormat << ok;
        QTest::newRow("all tokens")
            << QString() << QStringLiteral("a/{JobId}/{Date}/{Sequence}-{UnixTimestamp}.jpg") << ok;
        QTest::newRow("timestamp only")
            << QString() << QStringLiteral("x/{UnixTimestamp}.jpg") << ok;
        QTest::newRow("missing both")
            << QString() << QString() << QStringLiteral("InvalidParameter.Format");
        QTest::newRow("bad token overwrite")
            << QStringLiteral("snapshot/{Sequence}.jpg") << QString()
            << QStringLiteral("InvalidParameter.OverwriteFormat");
        QTest::newRow("unknown token")
            << QString() << QStringLiteral("snapshot/{Foo}/{Sequence}.jpg")
            << QStringLiteral("InvalidParameter.SequenceFormat");
        QTest::newRow("unbalanced brace") << QString() << QStringLiteral("snapshot/{Sequence.jpg")
                                          << QStringLiteral("InvalidParameter.SequenceFormat");
        QTest::newRow("neither sequence nor timestamp")
            << QString() << QStringLiteral("snapshot/{JobId}/{Date}.jpg")
            << QStringLiteral("InvalidParameter.SequenceFormat");
        QTest::newRow("leading slash") << QStringLiteral("/snapshot/{JobId}.jpg") << QString()
                                       << QStringLiteral("InvalidParameter.OverwriteFormat");
        QTest::newRow("png") << QStringLiteral("snapshot/{JobId}.png") << QString()
                             << QStringLiteral("InvalidParameter.OverwriteFormat");
        QTest::newRow("256 chars")
            << QString() << (QString(248, QLatin1Char('a')) + QStringLiteral("{Sequence}.jpg"))
            << QStringLiteral("InvalidParameter.SequenceFormat");
        QTest::newRow("255 chars")
            << QString() << (QString(241, QLatin1Char('a')) + QStringLiteral("{Sequence}.jpg"))
            << ok;
        QTest::newRow("dotdot") << QStringLiteral("snapshot/../{JobId}.jpg") << QString()
                                << QStringLiteral("InvalidParameter.OverwriteFormat");
        QTest::newRow("dotdot sequence") << QString() << QStringLiteral("a/..{Sequence}.jpg")
                                         << QStringLiteral("InvalidParameter.SequenceFormat");
        QTest::newRow("bad sequence with good overwrite")
            << rules::DefaultOverwriteFormat << QStringLiteral("x.jpg")
            << QStringLiteral("InvalidParameter.SequenceFormat");
    }
    void formats()
    {
        QFETCH(QString, overwrite);
        QFETCH(QString, sequence);
        QFETCH(QString, errorCode);
        const Status s = rules::validateFormats(overwrite, sequence);
        if (errorCode.isEmpty()) {
            QVERIFY2(s.ok(), s.ok() ? "" : qPrintable(s.error().message));
        } else {
            QVERIFY(!s.ok());
            QCOMPARE(s.error().code, errorCode);
            QVERIFY(!s.error().message.isEmpty());
        }
    }

    void names()
    {
        QVERIFY(!rules::validateTemplateName(QString()));
        QVERIFY(!rules::validateTemplateName(QStringLiteral("   ")));
        QVERIFY(rules::validateTemplateName(QString(128, QLatin1Char('x'))));
        QVERIFY(!rules::validateTemplateName(QString(129, QLatin1Char('x'))));
        QCOMPARE(rules::validateJobName(QString()).error().code,
                 QStringLiteral("InvalidParameter.JobName"));
        QVERIFY(rules::validateJobName(QStringLiteral("摄像头 1")));
        QVERIFY(!rules::validateJobName(QString(129, QLatin1Char('j'))));
    }

    void callbackUrl()
    {
        QVERIFY(rules::validateCallbackUrl(QString()));
        QVERIFY(rules::validateCallbackUrl(QStringLiteral("http://127.0.0.1:8080/cb")));
        QVERIFY(rules::validateCallbackUrl(QStringLiteral("https://example.com/cb")));
        QCOMPARE(rules::validateCallbackUrl(QStringLiteral("ftp://example.com/")).error().code,
                 QStringLiteral("InvalidParameter.CallbackUrl"));
        QVERIFY(!rules::validateCallbackUrl(QStringLiteral("example.com/cb")));
        QVERIFY(!rules::validateCallbackUrl(QStringLiteral("http://")));
    }
};

QTEST_GUILESS_MAIN(TestTemplateRules)
#include "tst_templaterules.moc"
