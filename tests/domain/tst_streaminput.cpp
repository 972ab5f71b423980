#include "domain/StreamInput.h"

#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>
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

    void typeMustBeKnown()
    {
        auto r = StreamInput::fromJson(
            QJsonObject{{QStringLiteral("Type"), QStringLiteral("dash")},
                        {QStringLiteral("Url"), QStringLiteral("rtmp://h/a/b")}});
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("InvalidParameter.StreamInput.Type"));
        // The message lists every type with its schemes.
        for (const char *word : {"rtmp", "rtsp://", "srt://", "hls", "https://"}) {
            QVERIFY2(r.error().message.contains(QLatin1String(word)),
                     qPrintable(r.error().message));
        }
        QCOMPARE(StreamInput::types(), QStringList({QStringLiteral("rtmp"), QStringLiteral("rtsp"),
                                                    QStringLiteral("srt"), QStringLiteral("hls")}));
    }

    void typesAndSchemes_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("valid");
        auto row = [](const char *name, const char *type, const char *url, bool valid) {
            QTest::newRow(name) << QString::fromLatin1(type) << QString::fromLatin1(url) << valid;
        };
        row("rtsp", "rtsp", "rtsp://192.0.2.10:554/stream1", true);
        row("rtsp upper-case type", "RTSP", "rtsp://192.0.2.10/stream1", true);
        row("rtsp credentials", "rtsp", "rtsp://admin:pw@192.0.2.10/Streaming/101", true);
        row("rtsps", "rtsp", "rtsps://cam.example.com/live", true);
        row("rtsp without path", "rtsp", "rtsp://192.0.2.10:554", true);
        row("rtsp with rtmp url", "rtsp", "rtmp://h/live/cam1", false);
        row("srt", "srt", "srt://192.0.2.20:9000?streamid=cam1", true);
        row("srt passphrase", "srt", "srt://192.0.2.20:9000?passphrase=abcdefghij", true);
        row("srt caller", "srt", "srt://192.0.2.20:9000?mode=caller", true);
        row("srt listener", "srt", "srt://192.0.2.20:9000?mode=listener", false);
        row("srt without port", "srt", "srt://192.0.2.20", false);
        row("srt with udp url", "srt", "udp://192.0.2.20:9000", false);
        row("hls https", "hls", "https://cdn.example.com/live/cam1/index.m3u8?token=x", true);
        row("hls http", "hls", "http://127.0.0.1:8080/hls/cam1.m3u8", true);
        row("hls without playlist", "hls", "https://cdn.example.com/", false);
        row("hls with rtmp url", "hls", "rtmp://h/live/cam1", false);
        row("rtmp with rtsp url", "rtmp", "rtsp://h/live/cam1", false);
        row("rtmp with https url", "rtmp", "https://h/live/cam1.m3u8", false);
    }
    void typesAndSchemes()
    {
        QFETCH(QString, type);
        QFETCH(QString, url);
        QFETCH(bool, valid);
        const Status s = StreamInput{type, url}.validate();
        QVERIFY2(s.ok() == valid, s.ok() ? "valid" : qPrintable(s.error().message));
        if (!valid) {
            QCOMPARE(s.error().code, QStringLiteral("InvalidParameter.StreamInput.Url"));
            // Every message says what to write instead.
            QVERIFY2(s.error().message.contains(QLatin1String("://")),
                     qPrintable(s.error().message));
        }
    }

    // A URL of another type's scheme names the type to set.
    void mismatchNamesTheType()
    {
        const Status s =
            StreamInput{QStringLiteral("rtmp"), QStringLiteral("rtsp://u:SECRETPW@cam/stream1")}
                .validate();
        QVERIFY(!s);
        QVERIFY2(s.error().message.contains(QLatin1String("StreamInput.Type to rtsp")),
                 qPrintable(s.error().message));
        QVERIFY2(!s.error().message.contains(QLatin1String("SECRETPW")),
                 qPrintable(s.error().message));
        const Status hls =
            StreamInput{QStringLiteral("srt"), QStringLiteral("https://cdn/live/a.m3u8")}
                .validate();
        QVERIFY(!hls);
        QVERIFY2(hls.error().message.contains(QLatin1String("StreamInput.Type to hls")),
                 qPrintable(hls.error().message));
    }

    void typeForUrl()
    {
        QCOMPARE(StreamInput::typeForUrl(QStringLiteral("rtmps://h/a/b")), QStringLiteral("rtmp"));
        QCOMPARE(StreamInput::typeForUrl(QStringLiteral("RTSPS://h/a")), QStringLiteral("rtsp"));
        QCOMPARE(StreamInput::typeForUrl(QStringLiteral("srt://h:1")), QStringLiteral("srt"));
        QCOMPARE(StreamInput::typeForUrl(QStringLiteral("https://h/a.m3u8")),
                 QStringLiteral("hls"));
        QCOMPARE(StreamInput::typeForUrl(QStringLiteral("garbage")), QStringLiteral("rtmp"));
        QVERIFY(StreamInput::exampleUrl(QStringLiteral("srt")).startsWith(QLatin1String("srt://")));
        QVERIFY(StreamInput::exampleUrl(QStringLiteral("dash")).isEmpty());
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

    // CaFile: an absolute, readable file, only on a TLS URL with verification on; TlsVerify
    // false only on a TLS URL. Each refusal names the field.
    void tlsOptions_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("caFile"); // "@" = a readable PEM file in a temp dir
        QTest::addColumn<bool>("verify");
        QTest::addColumn<QString>("code"); // empty: valid
        const QString tls = QStringLiteral("rtmps://example.com/live/cam1");
        const QString plain = QStringLiteral("rtmp://example.com/live/cam1");
        const QString caCode = QStringLiteral("InvalidParameter.StreamInput.CaFile");
        const QString verifyCode = QStringLiteral("InvalidParameter.StreamInput.TlsVerify");
        QTest::newRow("rtmps default") << tls << QString() << true << QString();
        QTest::newRow("rtmps ca file") << tls << QStringLiteral("@") << true << QString();
        QTest::newRow("rtmps verify off") << tls << QString() << false << QString();
        QTest::newRow("relative ca file") << tls << QStringLiteral("ca.pem") << true << caCode;
        QTest::newRow("missing ca file")
            << tls << QStringLiteral("/nonexistent/livesnap/ca.pem") << true << caCode;
        QTest::newRow("directory as ca file") << tls << QStringLiteral("/tmp") << true << caCode;
        QTest::newRow("ca file with verify off") << tls << QStringLiteral("@") << false << caCode;
        QTest::newRow("ca file on rtmp") << plain << QStringLiteral("@") << true << caCode;
        QTest::newRow("verify off on rtmp") << plain << QString() << false << verifyCode;
    }
    void tlsOptions()
    {
        QFETCH(QString, url);
        QFETCH(QString, caFile);
        QFETCH(bool, verify);
        QFETCH(QString, code);
        QTemporaryDir dir;
        if (caFile == QLatin1String("@")) {
            caFile = dir.filePath(QStringLiteral("ca.pem"));
            QFile file(caFile);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QVERIFY(file.write("-----BEGIN CERTIFICATE-----\n") > 0);
        }
        const Status s = StreamInput{QStringLiteral("rtmp"), url, caFile, verify}.validate();
        QVERIFY2(s.ok() == code.isEmpty(), qPrintable(s.ok() ? QString() : s.error().message));
        if (!code.isEmpty()) {
            QCOMPARE(s.error().code, code);
        }
    }

    void tlsVerifyFromJson()
    {
        const QJsonObject base{{QStringLiteral("Url"), QStringLiteral("rtmps://h/a/b")}};
        auto defaulted = StreamInput::fromJson(base);
        QVERIFY(defaulted);
        QVERIFY(defaulted->tlsVerify);
        QJsonObject off = base;
        off.insert(QStringLiteral("TlsVerify"), false);
        auto parsed = StreamInput::fromJson(off);
        QVERIFY(parsed);
        QVERIFY(!parsed->tlsVerify);
        QCOMPARE(parsed->toJson().value(QStringLiteral("TlsVerify")).toBool(true), false);
    }
};

QTEST_GUILESS_MAIN(TestStreamInput)
#include "tst_streaminput.moc"
