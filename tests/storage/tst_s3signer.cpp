// AWS Signature V4 for S3: AWS's published examples, and vectors that botocore's own S3 client
// produces at test time with a fixed clock (tests/support/vectors/s3_vectors.py).
#include "storage/S3Signer.h"
#include "storage/SigningUtil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <QTimeZone>

using namespace livesnap;

namespace {

const StorageCredentials AwsExampleKey{QStringLiteral("AKIAIOSFODNN7EXAMPLE"),
                                       QStringLiteral("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")};
const QByteArray EmptySha256 =
    QByteArrayLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

QDateTime utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toUTC();
}

// Runs a vector script with `input` on stdin; fails the test with its stderr otherwise.
QJsonObject runScript(const QString &program, const QString &script, const QJsonObject &input)
{
    QProcess process;
    process.start(program, {script});
    if (!process.waitForStarted(10000)) {
        qWarning("cannot start %s: %s", qPrintable(program), qPrintable(process.errorString()));
        return {};
    }
    process.write(QJsonDocument(input).toJson(QJsonDocument::Compact));
    process.closeWriteChannel();
    if (!process.waitForFinished(60000) || process.exitCode() != 0) {
        qWarning("%s %s failed: %s", qPrintable(program), qPrintable(script),
                 process.readAllStandardError().constData());
        return {};
    }
    return QJsonDocument::fromJson(process.readAllStandardOutput()).object();
}

QByteArray normalizedAuthorization(QByteArray value)
{
    return value.replace(", ", ",");
}

} // namespace

class TestS3Signer : public QObject {
    Q_OBJECT

private slots:
    void uriEncoding()
    {
        QCOMPARE(signing::uriEncode("a b/c+d~e_f-g.h", false), QByteArray("a%20b/c%2Bd~e_f-g.h"));
        QCOMPARE(signing::uriEncode("a b/c+d", true), QByteArray("a%20b%2Fc%2Bd"));
        QCOMPARE(signing::uriEncode(QStringLiteral("ü日").toUtf8(), false),
                 QByteArray("%C3%BC%E6%97%A5"));
        QCOMPARE(signing::uriEncode("!*'()$&=;,%", false),
                 QByteArray("%21%2A%27%28%29%24%26%3D%3B%2C%25"));
    }

    void objectUrls()
    {
        const QString key = QStringLiteral("snap shots/ü+1.jpg");
        QCOMPARE(S3Signer::objectUrl(QUrl(QStringLiteral("https://s3.eu-west-1.amazonaws.com")),
                                     QStringLiteral("bk"), key, false)
                     .toEncoded(),
                 QByteArray("https://bk.s3.eu-west-1.amazonaws.com/snap%20shots/%C3%BC%2B1.jpg"));
        QCOMPARE(S3Signer::objectUrl(QUrl(QStringLiteral("http://127.0.0.1:9000/")),
                                     QStringLiteral("bk"), key, true)
                     .toEncoded(),
                 QByteArray("http://127.0.0.1:9000/bk/snap%20shots/%C3%BC%2B1.jpg"));
    }

    // docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html, "GET Object".
    void awsGetObjectExample()
    {
        const S3Signer signer(AwsExampleKey, QStringLiteral("us-east-1"));
        const QUrl url(QStringLiteral("https://examplebucket.s3.amazonaws.com/test.txt"));
        const QDateTime now = utc("2013-05-24T00:00:00Z");
        const HttpHeaders toSign{{"Host", "examplebucket.s3.amazonaws.com"},
                                 {"Range", "bytes=0-9"},
                                 {"x-amz-content-sha256", EmptySha256},
                                 {"x-amz-date", "20130524T000000Z"}};
        const QByteArray canonical = S3Signer::canonicalRequest("GET", url, toSign, EmptySha256);
        QCOMPARE(canonical, QByteArray("GET\n/test.txt\n\n"
                                       "host:examplebucket.s3.amazonaws.com\n"
                                       "range:bytes=0-9\n"
                                       "x-amz-content-sha256:" +
                                       EmptySha256 +
                                       "\n"
                                       "x-amz-date:20130524T000000Z\n\n"
                                       "host;range;x-amz-content-sha256;x-amz-date\n" +
                                       EmptySha256));
        QCOMPARE(signer.stringToSign(canonical, now),
                 QByteArray("AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/"
                            "aws4_request\n"
                            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972"));

        const SignedRequest signedRequest =
            signer.sign("GET", url, {{"Range", "bytes=0-9"}}, EmptySha256, now);
        QCOMPARE(signedRequest.header("Authorization"),
                 QByteArray("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/"
                            "s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;"
                            "x-amz-date,Signature="
                            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));
        QCOMPARE(signedRequest.header("x-amz-date"), QByteArray("20130524T000000Z"));
        QCOMPARE(signedRequest.header("x-amz-content-sha256"), EmptySha256);
        QCOMPARE(signedRequest.header("Range"), QByteArray("bytes=0-9"));
        // The clock may be in any time zone: the same instant signs the same.
        const QDateTime tokyo = now.toTimeZone(QTimeZone(QByteArrayLiteral("Asia/Tokyo")));
        QCOMPARE(signer.sign("GET", url, {{"Range", "bytes=0-9"}}, EmptySha256, tokyo)
                     .header("Authorization"),
                 signedRequest.header("Authorization"));
    }

    // Same page, "PUT Object": a '$' in the key, a Date header and x-amz-storage-class.
    void awsPutObjectExample()
    {
        const S3Signer signer(AwsExampleKey, QStringLiteral("us-east-1"));
        const QUrl url = S3Signer::objectUrl(QUrl(QStringLiteral("https://s3.amazonaws.com")),
                                             QStringLiteral("examplebucket"),
                                             QStringLiteral("test$file.text"), false);
        QCOMPARE(url.toEncoded(),
                 QByteArray("https://examplebucket.s3.amazonaws.com/test%24file.text"));
        const QByteArray payload = signing::sha256Hex("Welcome to Amazon S3.");
        QCOMPARE(payload,
                 QByteArray("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"));
        const SignedRequest signedRequest =
            signer.sign("PUT", url,
                        {{"Date", "Fri, 24 May 2013 00:00:00 GMT"},
                         {"x-amz-storage-class", "REDUCED_REDUNDANCY"}},
                        payload, utc("2013-05-24T00:00:00Z"));
        QCOMPARE(signedRequest.header("Authorization"),
                 QByteArray("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/"
                            "s3/aws4_request,SignedHeaders=date;host;x-amz-content-sha256;"
                            "x-amz-date;x-amz-storage-class,Signature="
                            "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"));
    }

    // docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
    void awsPresignedUrlExample()
    {
        const S3Signer signer(AwsExampleKey, QStringLiteral("us-east-1"));
        const QUrl url = signer.presign(
            "GET", QUrl(QStringLiteral("https://examplebucket.s3.amazonaws.com/test.txt")), 86400,
            utc("2013-05-24T00:00:00Z"));
        QCOMPARE(url.toEncoded(),
                 QByteArray("https://examplebucket.s3.amazonaws.com/test.txt"
                            "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                            "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2F"
                            "aws4_request"
                            "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400"
                            "&X-Amz-SignedHeaders=host&X-Amz-Signature="
                            "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"));
    }

    void botocoreVectors()
    {
        const QString support = qEnvironmentVariable("LIVESNAP_TEST_SUPPORT");
        QVERIFY2(!support.isEmpty(), "LIVESNAP_TEST_SUPPORT is not set (run through ctest)");
        const StorageCredentials key{QStringLiteral("AKIDLIVESNAPTEST"),
                                     QStringLiteral("s3cr3t/Key+With=Odd/Chars")};
        const char *time = "2024-03-05T06:07:08Z";
        const QStringList keys{
            QStringLiteral("snapshots/job 1/frame 001.jpg"),
            QStringLiteral("ünïcödé/日本語 スナップ.jpg"),
            QStringLiteral("a+b/c+d+e.jpg"),
            QStringLiteral("deep/nested/path/x~y_z-1.2.jpg"),
            QStringLiteral("plus+and space +/$dollar&amp=eq;semi,comma.jpg"),
        };
        struct Target {
            const char *endpoint;
            const char *region;
            bool pathStyle;
            const char *bucket;
        };
        const QList<Target> targets{
            {"https://s3.eu-west-1.amazonaws.com", "eu-west-1", false, "livesnap-demo"},
            {"http://127.0.0.1:9000", "us-east-1", true, "local-bucket"},
        };
        struct Case {
            Target target;
            QString key;
            QString method;
            QByteArray body;
            int expires = 0;
        };
        QList<Case> cases;
        for (const Target &target : targets) {
            for (const QString &k : keys) {
                cases.append({target, k, QStringLiteral("PUT"), "jpeg bytes", 0});
                cases.append({target, k, QStringLiteral("GET"), {}, 0});
                cases.append({target, k, QStringLiteral("DELETE"), {}, 0});
                cases.append({target, k, QStringLiteral("PRESIGN"), {}, 900});
                cases.append({target, k, QStringLiteral("PRESIGN"), {}, 604800});
            }
        }
        QJsonArray jsonCases;
        for (const Case &c : cases) {
            jsonCases.append(QJsonObject{
                {QStringLiteral("endpoint"), QString::fromLatin1(c.target.endpoint)},
                {QStringLiteral("region"), QString::fromLatin1(c.target.region)},
                {QStringLiteral("pathStyle"), c.target.pathStyle},
                {QStringLiteral("bucket"), QString::fromLatin1(c.target.bucket)},
                {QStringLiteral("key"), c.key},
                {QStringLiteral("method"), c.method},
                {QStringLiteral("body"), QString::fromLatin1(c.body)},
                {QStringLiteral("expires"), c.expires},
            });
        }
        const QJsonObject output =
            runScript(QStringLiteral("python3"), support + QStringLiteral("/vectors/s3_vectors.py"),
                      QJsonObject{{QStringLiteral("accessKeyId"), key.accessKeyId},
                                  {QStringLiteral("accessKeySecret"), key.accessKeySecret},
                                  {QStringLiteral("time"), QString::fromLatin1(time)},
                                  {QStringLiteral("cases"), jsonCases}});
        const QJsonArray results = output.value(QStringLiteral("results")).toArray();
        QVERIFY2(results.size() == cases.size(),
                 "s3_vectors.py gave no vectors: needs python3 with botocore (see the warning)");
        qInfo("vectors from botocore %s",
              qPrintable(output.value(QStringLiteral("botocore")).toString()));

        for (qsizetype i = 0; i < cases.size(); ++i) {
            const Case &c = cases[i];
            const QJsonObject vector = results[i].toObject();
            const QByteArray expectedUrl = vector.value(QStringLiteral("url")).toString().toUtf8();
            const QJsonObject headers = vector.value(QStringLiteral("headers")).toObject();
            const S3Signer signer(key, QString::fromLatin1(c.target.region));
            const QUrl url = S3Signer::objectUrl(QUrl(QString::fromLatin1(c.target.endpoint)),
                                                 QString::fromLatin1(c.target.bucket), c.key,
                                                 c.target.pathStyle);
            const QByteArray label = (c.method + QLatin1Char(' ') + c.key).toUtf8();
            if (c.method == QLatin1String("PRESIGN")) {
                QCOMPARE_EQ(signer.presign("GET", url, c.expires, utc(time)).toEncoded(),
                            expectedUrl);
                continue;
            }
            QVERIFY2(url.toEncoded() == expectedUrl, label.constData());
            const SignedRequest signedRequest =
                signer.sign(c.method.toLatin1(), url, {}, signing::sha256Hex(c.body), utc(time));
            QCOMPARE_EQ(signedRequest.url, url);
            QCOMPARE_EQ(signedRequest.header("x-amz-date"),
                        headers.value(QStringLiteral("x-amz-date")).toString().toLatin1());
            QCOMPARE_EQ(
                signedRequest.header("x-amz-content-sha256"),
                headers.value(QStringLiteral("x-amz-content-sha256")).toString().toLatin1());
            QCOMPARE_EQ(signedRequest.header("Authorization"),
                        normalizedAuthorization(
                            headers.value(QStringLiteral("authorization")).toString().toLatin1()));
        }
    }
};

QTEST_GUILESS_MAIN(TestS3Signer)
#include "tst_s3signer.moc"
