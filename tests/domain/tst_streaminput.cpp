#include "domain/StreamInput.h"

#include <QJsonObject>
#include <QTest>

using namespace livesnap;

class TestStreamInput : public QObject {
    Q_OBJECT

private slots:
    void urls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("valid");
        QTest::newRow("rtmp") << QStringLiteral("rtmp://127.0.0.1/live/cam1") << true;
        QTest::newRow("rtmp port") << QStringLiteral("rtmp://127.0.0.1:1935/live/cam1") << true;
        QTest::newRow("rtmps") << QStringLiteral("rtmps://example.com/live/cam1?auth_key=x")
                               << true;
        QTest::newRow("http") << QStringLiteral("http://example.com/live/cam1") << false;
        QTest::newRow("rtsp") << QStringLiteral("rtsp://example.com/live/cam1") << false;
        QTest::newRow("no path") << QStringLiteral("rtmp://example.com") << false;
        QTest::newRow("no host") << QStringLiteral("rtmp:///live/x") << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("garbage") << QStringLiteral("not a url") << false;
    }
    void urls()
    {
        QFETCH(QString, url);
        QFETCH(bool, valid);
        const Status s = StreamInput{QStringLiteral("rtmp"), url}.validate();
        QCOMPARE(s.ok(), valid);
        if (!valid) {
            QCOMPARE(s.error().code, QStringLiteral("InvalidParameter.StreamInput.Url"));
        }
    }

    void typeMustBeRtmp()
    {
        auto r = StreamInput::fromJson(
            QJsonObject{{QStringLiteral("Type"), QStringLiteral("hls")},
                        {QStringLiteral("Url"), QStringLiteral("rtmp://h/a/b")}});
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("InvalidParameter.StreamInput.Type"));
    }

    void errorMessagesMaskTokens()
    {
        const Status s =
            StreamInput{QStringLiteral("rtmp"), QStringLiteral("http://h/a/b?auth_key=TOPSECRET")}
                .validate();
        QVERIFY(!s);
        QVERIFY2(!s.error().message.contains(QStringLiteral("TOPSECRET")),
                 qPrintable(s.error().message));
    }

    void masking()
    {
        const QString masked = maskStreamUrl(
            QStringLiteral("rtmp://user:pw123@h:1935/live/s?auth_key=1700000000-0-0-abcdef&x=1"));
        QVERIFY2(!masked.contains(QStringLiteral("abcdef")), qPrintable(masked));
        QVERIFY2(!masked.contains(QStringLiteral("pw123")), qPrintable(masked));
        QVERIFY(masked.contains(QStringLiteral("x=***")));
        QVERIFY(masked.contains(QStringLiteral("/live/s")));
        const QString text = maskSecretsInText(
            QStringLiteral("cannot open rtmp://h/live/s?token=SECRET1&a=2: Connection refused"));
        QVERIFY2(!text.contains(QStringLiteral("SECRET1")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("Connection refused")));
        QVERIFY(text.contains(QStringLiteral("a=***")));
    }
};

QTEST_GUILESS_MAIN(TestStreamInput)
#include "tst_streaminput.moc"
