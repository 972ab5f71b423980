// URL masking (common/UrlMasking): the userinfo, every query value and token-like path segments
// are masked in URLs of many shapes and in free text, while the scheme, host, port and
// ordinary names stay readable.
#include "common/Logging.h"
#include "common/UrlMasking.h"
#include "domain/StreamInput.h"

#include <QProcess>
#include <QTest>

#include <cstdio>

using namespace livesnap;

class TestUrlMasking : public QObject {
    Q_OBJECT

private slots:
    void maskUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("masked");
        auto row = [](const char *name, const char *url, const char *masked) {
            QTest::newRow(name) << QString::fromUtf8(url) << QString::fromUtf8(masked);
        };
        row("plain", "rtmp://127.0.0.1/live/cam1", "rtmp://127.0.0.1/live/cam1");
        row("port and names", "rtmps://cdn.example.com:1936/app/stream_720p",
            "rtmps://cdn.example.com:1936/app/stream_720p");
        row("aliyun auth_key", "rtmp://push.example.com/live/demo?auth_key=1700000000-0-0-abcdef",
            "rtmp://push.example.com/live/demo?auth_key=***");
        row("every value, names kept", "rtmp://h/live/s?token=T0K&x=1&quality=hd",
            "rtmp://h/live/s?token=***&x=***&quality=***");
        row("empty value", "rtmp://h/live/s?a=&b=2", "rtmp://h/live/s?a=&b=***");
        row("bare query value", "rtmp://h/live/s?SECRETVALUE", "rtmp://h/live/s?***");
        row("user and password", "rtmp://alice:pw123@h:1935/live/s",
            "rtmp://***:***@h:1935/live/s");
        row("user only", "rtsp://alice@cam.local/stream1", "rtsp://***@cam.local/stream1");
        row("rtsp camera credentials", "rtsp://admin:Cam3ra!pw@192.0.2.10:554/Streaming/101",
            "rtsp://***:***@192.0.2.10:554/Streaming/101");
        row("rtsps credentials and query", "rtsps://viewer:s3cret@cam.example.com/live?channel=1",
            "rtsps://***:***@cam.example.com/live?channel=***");
        row("srt passphrase", "srt://192.0.2.20:9000?passphrase=LongSrtPassphrase1&streamid=cam1",
            "srt://192.0.2.20:9000?passphrase=***&streamid=***");
        row("srt passphrase after a slash", "srt://h:9000/?mode=caller&passphrase=abcdefghij",
            "srt://h:9000/?mode=***&passphrase=***");
        row("hls query token", "https://cdn.example.com/live/cam1/index.m3u8?token=abc&expires=9",
            "https://cdn.example.com/live/cam1/index.m3u8?token=***&expires=***");
        row("hls signed path", "http://cdn/hls/9f86d081884c7d659a2feaa0c55ad015/cam1.m3u8",
            "http://cdn/hls/***/cam1.m3u8");
        row("password with @ and :", "rtmp://u:p@ss:w@rd@h/live/s", "rtmp://***:***@h/live/s");
        row("hex path key", "rtmp://h/live/9f86d081884c7d659a2feaa0c55ad015", "rtmp://h/live/***");
        row("uuid stream key", "rtmp://h/live/550e8400-e29b-41d4-a716-446655440000",
            "rtmp://h/live/***");
        row("youtube-like key", "rtmp://a.rtmp.youtube.com/live2/8qxz-3m7d-p0ab-k9ty-2wfs",
            "rtmp://a.rtmp.youtube.com/live2/***");
        row("twitch-like key", "rtmp://live.twitch.tv/app/live_123456789_AbCdEfGhIjKlMnOpQrSt",
            "rtmp://live.twitch.tv/app/***");
        row("base64 key", "rtmp://h/app/Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==", "rtmp://h/app/***");
        row("random mixed case", "rtmp://h/app/QwErTyUiOpAsDfGhJkLz", "rtmp://h/app/***");
        row("jwt", "https://h/cb/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
            "https://h/cb/***");
        row("long number", "rtmp://h/live/12345678901234567890", "rtmp://h/live/***");
        row("percent-encoded key", "rtmp://h/live/9f86d081%2D884c7d659a2feaa0c55ad015",
            "rtmp://h/live/***");
        row("names stay", "rtmp://h/live/camera01_backup_stream2",
            "rtmp://h/live/camera01_backup_stream2");
        row("camel case stays", "rtmp://h/LiveSnapshotDemoStream/ChannelOneMainStream",
            "rtmp://h/LiveSnapshotDemoStream/ChannelOneMainStream");
        row("dated name stays", "rtmp://h/live/stream-2024-01-15-backup",
            "rtmp://h/live/stream-2024-01-15-backup");
        row("key in the app", "rtmp://h/9f86d081884c7d659a2feaa0c55ad015/cam1?x=1",
            "rtmp://h/***/cam1?x=***");
        row("fragment", "https://h/cb#access_token=abc", "https://h/cb#***");
        row("callback with token", "https://hooks.example.com/cb?sig=abc&v=2",
            "https://hooks.example.com/cb?sig=***&v=***");
        row("ipv6 host", "rtmp://u:p@[::1]:1935/live/s?k=v",
            "rtmp://***:***@[::1]:1935/live/s?k=***");
        row("no path", "http://h:8080?token=x", "http://h:8080?token=***");
        row("not a url", "live/cam1?token=x", "live/cam1?token=***");
        row("empty", "", "");
    }

    void maskUrl()
    {
        QFETCH(QString, url);
        QFETCH(QString, masked);
        QCOMPARE(livesnap::maskUrl(url), masked);
        QCOMPARE(maskStreamUrl(url), masked);
        // Masking is idempotent, and free text holding just the URL masks it the same way.
        QCOMPARE(livesnap::maskUrl(masked), masked);
        QCOMPARE(maskSecretsInText(url), masked);
    }

    void tokensAndNames_data()
    {
        QTest::addColumn<QString>("segment");
        QTest::addColumn<bool>("token");
        for (const char *name :
             {"live", "cam1", "demo", "stream_720p", "stream1080p", "camera01_backup_stream2",
              "live_stream_1080p_primary", "cam1-entrance-north-2024", "ChannelOneMainStream",
              "deadbeefcafebabe", "kqzjvmwpxtrhlbnd", "ordinary.name-with-dots"}) {
            QTest::newRow(name) << QString::fromLatin1(name) << false;
        }
        for (const char *key :
             {"9f86d081884c7d659a2feaa0c55ad015", "550e8400-e29b-41d4-a716-446655440000",
              "1700000000-0-0-abcdef0123", "8qxz-3m7d-p0ab-k9ty-2wfs", "a1B2c3D4e5F6g7H8",
              "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "1234567890123456"}) {
            QTest::newRow(key) << QString::fromLatin1(key) << true;
        }
    }

    void tokensAndNames()
    {
        QFETCH(QString, segment);
        QFETCH(bool, token);
        QCOMPARE(looksLikeToken(segment), token);
    }

    void maskText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("masked");
        auto row = [](const char *name, const char *text, const char *masked) {
            QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(masked);
        };
        row("error with url", "cannot open rtmp://h/live/s?token=SECRET1&a=2: Connection refused",
            "cannot open rtmp://h/live/s?token=***&a=***: Connection refused");
        row("quoted in ffmpeg log", "[rtmp] Opening 'rtmp://u:pw@h/live/s?auth_key=K' for reading",
            "[rtmp] Opening 'rtmp://***:***@h/live/s?auth_key=***' for reading");
        row("two urls", "from rtmp://h/a/b?k=1 to https://cb/x?t=2.",
            "from rtmp://h/a/b?k=*** to https://cb/x?t=***.");
        row("playpath without scheme", "playpath 'cam1?token=abc&x=y'",
            "playpath 'cam1?token=***&x=***'");
        row("secret pair", "Server error: auth_key=1700000000-0-0-abc expired",
            "Server error: auth_key=*** expired");
        row("password pair", "login password=hunter2, user=bob", "login password=***, user=bob");
        row("token path in url", "HTTP 404 for rtmp://h/live/550e8400-e29b-41d4-a716-446655440000)",
            "HTTP 404 for rtmp://h/live/***)");
        row("srt passphrase option", "[srt] option passphrase=LongSrtPassphrase1 ignored",
            "[srt] option passphrase=*** ignored");
        row("rtsp basic authorization",
            "Sending: DESCRIBE\r\nAuthorization: Basic YWRtaW46cHc=\r\n",
            "Sending: DESCRIBE\r\nAuthorization: Basic ***\r\n");
        row("rtsp url in ffmpeg log", "[rtsp] method DESCRIBE failed: 401 rtsp://admin:pw@cam/s1",
            "[rtsp] method DESCRIBE failed: 401 rtsp://***:***@cam/s1");
        row("nothing secret", "Connection refused after 3 tries (timeout=10s)",
            "Connection refused after 3 tries (timeout=10s)");
        row("file paths stay", "cannot write /var/lib/livesnap/storage/default/a.jpg: disk full",
            "cannot write /var/lib/livesnap/storage/default/a.jpg: disk full");
    }

    void maskText()
    {
        QFETCH(QString, text);
        QFETCH(QString, masked);
        QCOMPARE(maskSecretsInText(text), masked);
    }

    // Any log line of a program linking the core is masked, whoever wrote it: the test runs
    // itself with LIVESNAP_LOG_PROBE set (see main), which logs a URL unmasked.
    void logLinesAreMasked()
    {
        QProcess self;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LIVESNAP_LOG_PROBE"), QStringLiteral("1"));
        self.setProcessEnvironment(env);
        self.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(self.waitForFinished(10000));
        const QByteArray log = self.readAllStandardError();
        QVERIFY2(log.contains("probe rtmp://***:***@h:1935/live/***?token=***"), log.constData());
        QVERIFY2(log.contains("password=***"), log.constData());
        QVERIFY2(!log.contains("SECRET") && !log.contains("pw9") && !log.contains("hunter2"),
                 log.constData());
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet("LIVESNAP_LOG_PROBE")) {
        // Through a LiveSnap category, like the engine (which links common/Logging with it).
        qCWarning(lcCapture).noquote()
            << "probe rtmp://u:pw9@h:1935/live/9f86d081884c7d659a2feaa0c55ad015?token=SECRET";
        qInfo() << "login with password=hunter2";
        return 0;
    }
    TestUrlMasking test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_urlmasking.moc"
