#include "domain/ObjectKey.h"
#include "domain/TemplateRules.h"

#include <QTest>
#include <QTimeZone>
#include <QUuid>

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
            << QString() << QStringLiteral("x/{JobId}-{UnixTimestamp}.jpg") << ok;
        QTest::newRow("job id inside a name") << QStringLiteral("cam-{JobId}-latest.jpg")
                                              << QStringLiteral("{JobId}{Sequence}.jpg") << ok;
        // Without {JobId} two jobs would write, and delete, the same objects.
        QTest::newRow("sequence without job id")
            << QString() << QStringLiteral("shared/{Sequence}.jpg")
            << QStringLiteral("InvalidParameter.SequenceFormat");
        QTest::newRow("timestamp without job id")
            << QString() << QStringLiteral("x/{UnixTimestamp}.jpg")
            << QStringLiteral("InvalidParameter.SequenceFormat");
        QTest::newRow("overwrite without job id")
            << QStringLiteral("snapshot/latest.jpg") << QString()
            << QStringLiteral("InvalidParameter.OverwriteFormat");
        QTest::newRow("good sequence, overwrite without job id")
            << QStringLiteral("latest.jpg") << rules::DefaultSequenceFormat
            << QStringLiteral("InvalidParameter.OverwriteFormat");
        QTest::newRow("bidi override in a format")
            << QStringLiteral("snapshot/{JobId}\u202e.jpg") << QString()
            << QStringLiteral("InvalidParameter.OverwriteFormat");
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
            << QString()
            << (QString(235, QLatin1Char('a')) + QStringLiteral("{JobId}{Sequence}.jpg"))
            << QStringLiteral("InvalidParameter.SequenceFormat");
        QTest::newRow("255 chars")
            << QString()
            << (QString(234, QLatin1Char('a')) + QStringLiteral("{JobId}{Sequence}.jpg")) << ok;
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

    void jobIdRuleIsNamed()
    {
        const Status s = rules::validateSequenceFormat(QStringLiteral("shared/{Sequence}.jpg"));
        QCOMPARE(s.error().code, QStringLiteral("InvalidParameter.SequenceFormat"));
        QVERIFY2(s.error().message.contains(QStringLiteral("must contain {JobId}")) &&
                     s.error().message.contains(rules::DefaultSequenceFormat),
                 qPrintable(s.error().message));
        const Status o = rules::validateOverwriteFormat(QStringLiteral("latest.jpg"));
        QCOMPARE(o.error().code, QStringLiteral("InvalidParameter.OverwriteFormat"));
        QVERIFY2(o.error().message.contains(QStringLiteral("must contain {JobId}")) &&
                     o.error().message.contains(rules::DefaultOverwriteFormat),
                 qPrintable(o.error().message));
    }

    // Every format the rules accept puts the job id in the key, so two jobs (ids unique, of
    // one fixed length) never get the same key, whichever formats, sequence and time they have.
    void keysOfTwoJobsNeverCollide()
    {
        const QStringList sequenceFormats{rules::DefaultSequenceFormat,
                                          QStringLiteral("{JobId}{Sequence}.jpg"),
                                          QStringLiteral("{Sequence}{JobId}.jpg"),
                                          QStringLiteral("a/{Date}/{JobId}-{UnixTimestamp}.jpg")};
        const QStringList overwriteFormats{rules::DefaultOverwriteFormat,
                                           QStringLiteral("{JobId}.jpg"),
                                           QStringLiteral("latest/{JobId}/1.jpg")};
        const QString jobA = QUuid::createUuid().toString(QUuid::Id128);
        const QString jobB = QUuid::createUuid().toString(QUuid::Id128);
        const QDateTime at = QDateTime::fromSecsSinceEpoch(1700000000, QTimeZone::utc());
        QStringList keysA;
        QStringList keysB;
        for (const QString &f : sequenceFormats) {
            QVERIFY2(rules::validateSequenceFormat(f), qPrintable(f));
            for (const qint64 sequence : {1, 2, 10, 11}) {
                keysA << objectkey::sequenceKey(f, jobA, sequence, at);
                keysB << objectkey::sequenceKey(f, jobB, sequence, at.addSecs(sequence));
            }
        }
        for (const QString &f : overwriteFormats) {
            QVERIFY2(rules::validateOverwriteFormat(f), qPrintable(f));
            keysA << objectkey::overwriteKey(f, jobA);
            keysB << objectkey::overwriteKey(f, jobB);
        }
        for (const QString &key : keysA) {
            QVERIFY(key.contains(jobA));
            QVERIFY2(!keysB.contains(key), qPrintable(key));
        }
        for (const QString &key : keysB) {
            QVERIFY(key.contains(jobB));
        }
    }

    // A template saved before {JobId} was required is refused for jobs, with what to do.
    void storedTemplateWithoutJobIdIsRefusedForJobs()
    {
        const Status s =
            rules::validateTemplateForJobs(QStringLiteral("t-1"), QStringLiteral("old shared"),
                                           QString(), QStringLiteral("shared/{Sequence}.jpg"));
        QCOMPARE(s.error().code, QStringLiteral("TemplateFormatUnsafe"));
        QVERIFY(s.error().isUserError());
        const QString m = s.error().message;
        QVERIFY2(m.contains(QStringLiteral("old shared")) && m.contains(QStringLiteral("t-1")) &&
                     m.contains(QStringLiteral("{JobId}")) &&
                     m.contains(QStringLiteral(
                         "UpdateLiveSnapshotTemplate --TemplateId t-1 --SequenceFormat")),
                 qPrintable(m));
        QCOMPARE(rules::validateTemplateForJobs(QStringLiteral("t-2"), QStringLiteral("old"),
                                                QStringLiteral("latest.jpg"), QString())
                     .error()
                     .code,
                 QStringLiteral("TemplateFormatUnsafe"));
        QVERIFY(rules::validateTemplateForJobs(QStringLiteral("t-3"), QStringLiteral("good"),
                                               rules::DefaultOverwriteFormat,
                                               rules::DefaultSequenceFormat));
    }

    void invisibleCharactersInNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << QStringLiteral("Lobby cam 1") << true;
        QTest::newRow("cjk") << QStringLiteral("摄像头 1") << true;
        QTest::newRow("accents and emoji") << QStringLiteral("Café \U0001F4F7") << true;
        QTest::newRow("nul") << QStringLiteral("a") + QChar(0) + QStringLiteral("b") << false;
        QTest::newRow("newline") << QStringLiteral("a\nb") << false;
        QTest::newRow("carriage return") << QStringLiteral("a\rb") << false;
        QTest::newRow("tab") << QStringLiteral("a\tb") << false;
        QTest::newRow("escape") << QStringLiteral("a\x1b[31mred") << false;
        QTest::newRow("del") << QStringLiteral("a\x7f") << false;
        QTest::newRow("c1 next line") << QStringLiteral("a\u0085b") << false;
        QTest::newRow("c1 csi") << QStringLiteral("a\u009bb") << false;
        QTest::newRow("line separator") << QStringLiteral("a\u2028b") << false;
        QTest::newRow("paragraph separator") << QStringLiteral("a\u2029b") << false;
        QTest::newRow("lre") << QStringLiteral("a\u202ab") << false;
        QTest::newRow("rlo") << QStringLiteral("cam\u202egpj.exe") << false;
        QTest::newRow("lri") << QStringLiteral("a\u2066b") << false;
        QTest::newRow("pdi") << QStringLiteral("a\u2069b") << false;
        QTest::newRow("nbsp is fine") << QStringLiteral("a\u00a0b") << true;
    }
    void invisibleCharactersInNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        const Status t = rules::validateTemplateName(name);
        const Status j = rules::validateJobName(name);
        QCOMPARE(t.ok(), valid);
        QCOMPARE(j.ok(), valid);
        if (!valid) {
            QCOMPARE(t.error().code, QStringLiteral("InvalidParameter.TemplateName"));
            QCOMPARE(j.error().code, QStringLiteral("InvalidParameter.JobName"));
            QVERIFY2(j.error().message.contains(QStringLiteral("The job name contains")) &&
                         j.error().message.contains(QStringLiteral("U+")),
                     qPrintable(j.error().message));
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

    // Output size and quality: 0 keeps the stream's size / the engine setting; else in range.
    void outputFieldsInRange()
    {
        QVERIFY(rules::validateOutputSize(0, 0));
        QVERIFY(rules::validateOutputSize(320, 0));
        QVERIFY(rules::validateOutputSize(0, 16));
        QVERIFY(rules::validateOutputSize(7680, 7680));
        QVERIFY(rules::validateJpegQuality(0));
        QVERIFY(rules::validateJpegQuality(1));
        QVERIFY(rules::validateJpegQuality(100));
        QVERIFY(rules::validateCaptureMode(QStringLiteral("keyframe")));
        QVERIFY(rules::validateCaptureMode(QStringLiteral("exact")));

        const Status narrow = rules::validateOutputSize(8, 0);
        QCOMPARE(narrow.error().code, QStringLiteral("InvalidParameter.Width"));
        QCOMPARE(narrow.error().message,
                 QStringLiteral("The snapshot width is 8 pixels; use 0 to keep the stream's "
                                "size, or 16 to 7680 pixels (give one side and the other "
                                "follows the picture's aspect ratio)."));
        QCOMPARE(rules::validateOutputSize(-1, 0).error().code,
                 QStringLiteral("InvalidParameter.Width"));
        QCOMPARE(rules::validateOutputSize(320, 7681).error().code,
                 QStringLiteral("InvalidParameter.Height"));
        const Status quality = rules::validateJpegQuality(101);
        QCOMPARE(quality.error().code, QStringLiteral("InvalidParameter.JpegQuality"));
        QVERIFY2(quality.error().message.contains(QStringLiteral("use 1")),
                 qPrintable(quality.error().message));
        QCOMPARE(rules::validateJpegQuality(-5).error().code,
                 QStringLiteral("InvalidParameter.JpegQuality"));
    }

    void captureModeParsed()
    {
        QCOMPARE(*rules::parseCaptureMode(QString()), QStringLiteral("keyframe"));
        QCOMPARE(*rules::parseCaptureMode(QStringLiteral(" Exact ")), QStringLiteral("exact"));
        QCOMPARE(*rules::parseCaptureMode(QStringLiteral("KEYFRAME")), QStringLiteral("keyframe"));
        const auto bad = rules::parseCaptureMode(QStringLiteral("precise"));
        QVERIFY(!bad);
        QCOMPARE(bad.error().code, QStringLiteral("InvalidParameter.CaptureMode"));
        QVERIFY2(bad.error().message.contains(QStringLiteral("\"precise\"")) &&
                     bad.error().message.contains(QStringLiteral("keyframe")) &&
                     bad.error().message.contains(QStringLiteral("exact")),
                 qPrintable(bad.error().message));
        // Stored values are exact: validate does not fold case.
        QCOMPARE(rules::validateCaptureMode(QStringLiteral("Exact")).error().code,
                 QStringLiteral("InvalidParameter.CaptureMode"));
    }
};

QTEST_GUILESS_MAIN(TestTemplateRules)
#include "tst_templaterules.moc"
