// Alibaba OSS signing (V4 OSS4-HMAC-SHA256 and V1) against vectors that the official ali-oss
// npm SDK produces at test time with a fixed clock (tests/support/vectors/oss_vectors.js).
#include "storage/OssSigner.h"
#include "storage/SigningUtil.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace livesnap;

namespace {

QDateTime utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toUTC();
}

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

} // namespace

class TestOssSigner : public QObject {
    Q_OBJECT

private slots:
    void regions()
    {
        QCOMPARE(OssSigner::standardRegion(QStringLiteral("oss-cn-hangzhou")),
                 QStringLiteral("cn-hangzhou"));
        QCOMPARE(OssSigner::standardRegion(QStringLiteral("cn-beijing")),
                 QStringLiteral("cn-beijing"));
        QCOMPARE(OssSigner::regionFromEndpoint(
                     QUrl(QStringLiteral("https://oss-ap-southeast-1-internal.aliyuncs.com"))),
                 QStringLiteral("ap-southeast-1"));
        const OssSigner derived({}, QUrl(QStringLiteral("https://oss-cn-shanghai.aliyuncs.com")),
                                QStringLiteral("b"), QString());
        QCOMPARE(derived.region(), QStringLiteral("cn-shanghai"));
    }

    void virtualHostedUrls()
    {
        const OssSigner signer({}, QUrl(QStringLiteral("https://oss-cn-hangzhou.aliyuncs.com")),
                               QStringLiteral("bk"), QStringLiteral("cn-hangzhou"));
        QCOMPARE(signer.objectUrl(QStringLiteral("a b/ü+1.jpg")).toEncoded(),
                 QByteArray("https://bk.oss-cn-hangzhou.aliyuncs.com/a%20b/%C3%BC%2B1.jpg"));
    }

    void sdkVectors()
    {
        const QString support = qEnvironmentVariable("LIVESNAP_TEST_SUPPORT");
        QVERIFY2(!support.isEmpty(), "LIVESNAP_TEST_SUPPORT is not set (run through ctest)");
        const QString vectors = support + QStringLiteral("/vectors");
        QVERIFY2(QFileInfo::exists(vectors + QStringLiteral("/node_modules/ali-oss/package.json")),
                 qPrintable(QStringLiteral("ali-oss is not installed in %1: run npm ci --prefix "
                                           "%1 --no-audit --no-fund (scripts/test.sh does)")
                                .arg(vectors)));

        const StorageCredentials key{QStringLiteral("LTAI5tLiveSnapTest"),
                                     QStringLiteral("s3cr3t/Key+With=Odd/Chars")};
        const QUrl endpoint(QStringLiteral("https://oss-cn-hangzhou.aliyuncs.com"));
        const QString bucket = QStringLiteral("livesnap-demo");
        const char *time = "2024-03-05T06:07:08Z";
        const QStringList keys{
            QStringLiteral("snapshots/job 1/frame 001.jpg"),
            QStringLiteral("ünïcödé/日本語 スナップ.jpg"),
            QStringLiteral("a+b/c+d+e.jpg"),
            QStringLiteral("deep/nested/path/x~y_z-1.2.jpg"),
            QStringLiteral("plus+and space +/$dollar&amp=eq;semi,comma.jpg"),
        };
        struct Case {
            QString key;
            QString method;
            QByteArray body;
            int expires = 0;
        };
        QList<Case> cases;
        for (const QString &k : keys) {
            cases.append({k, QStringLiteral("PUT"), "jpeg bytes", 0});
            cases.append({k, QStringLiteral("GET"), {}, 0});
            cases.append({k, QStringLiteral("DELETE"), {}, 0});
            cases.append({k, QStringLiteral("PRESIGN"), {}, 900});
            cases.append({k, QStringLiteral("PRESIGN"), {}, 86400});
        }
        QJsonArray jsonCases;
        for (const Case &c : cases) {
            jsonCases.append(QJsonObject{{QStringLiteral("key"), c.key},
                                         {QStringLiteral("method"), c.method},
                                         {QStringLiteral("body"), QString::fromLatin1(c.body)},
                                         {QStringLiteral("expires"), c.expires}});
        }
        const QJsonObject output =
            runScript(QStringLiteral("node"), vectors + QStringLiteral("/oss_vectors.js"),
                      QJsonObject{{QStringLiteral("accessKeyId"), key.accessKeyId},
                                  {QStringLiteral("accessKeySecret"), key.accessKeySecret},
                                  {QStringLiteral("region"), QStringLiteral("oss-cn-hangzhou")},
                                  {QStringLiteral("bucket"), bucket},
                                  {QStringLiteral("time"), QString::fromLatin1(time)},
                                  {QStringLiteral("cases"), jsonCases}});
        const QJsonArray results = output.value(QStringLiteral("results")).toArray();
        QVERIFY2(results.size() == cases.size(),
                 "oss_vectors.js gave no vectors: needs node (see the warning)");
        qInfo("vectors from ali-oss %s",
              qPrintable(output.value(QStringLiteral("aliOss")).toString()));

        const OssSigner v1(key, endpoint, bucket, QStringLiteral("oss-cn-hangzhou"),
                           OssSigner::Version::V1);
        const OssSigner v4(key, endpoint, bucket, QStringLiteral("oss-cn-hangzhou"),
                           OssSigner::Version::V4);
        for (qsizetype i = 0; i < cases.size(); ++i) {
            const Case &c = cases[i];
            for (const OssSigner *signer : {&v1, &v4}) {
                const bool isV4 = signer->version() == OssSigner::Version::V4;
                const QJsonObject vector =
                    results[i]
                        .toObject()
                        .value(isV4 ? QStringLiteral("v4") : QStringLiteral("v1"))
                        .toObject();
                const QByteArray expectedUrl =
                    vector.value(QStringLiteral("url")).toString().toUtf8();
                const QByteArray label =
                    (c.method + (isV4 ? QStringLiteral(" V4 ") : QStringLiteral(" V1 ")) + c.key)
                        .toUtf8();
                if (c.method == QLatin1String("PRESIGN")) {
                    QVERIFY2(signer->presign("GET", c.key, c.expires, utc(time)).toEncoded() ==
                                 expectedUrl,
                             label.constData());
                    continue;
                }
                const QJsonObject sdkHeaders = vector.value(QStringLiteral("headers")).toObject();
                // The headers the SDK chose that take part in signing, as the store passes them.
                HttpHeaders headers;
                for (const char *name : {"content-type", "content-md5"}) {
                    const QString value = sdkHeaders.value(QLatin1String(name)).toString();
                    if (!value.isEmpty()) {
                        headers.append({QByteArray(name), value.toLatin1()});
                    }
                }
                const SignedRequest signedRequest =
                    signer->sign(c.method.toLatin1(), c.key, headers, utc(time));
                QVERIFY2(signedRequest.url.toEncoded() == expectedUrl, label.constData());
                QVERIFY2(signedRequest.header("x-oss-date") ==
                             sdkHeaders.value(QStringLiteral("x-oss-date")).toString().toLatin1(),
                         label.constData());
                QVERIFY2(signedRequest.header("x-oss-content-sha256") ==
                             sdkHeaders.value(QStringLiteral("x-oss-content-sha256"))
                                 .toString()
                                 .toLatin1(),
                         label.constData());
                QVERIFY2(
                    signedRequest.header("Authorization") ==
                        sdkHeaders.value(QStringLiteral("authorization")).toString().toLatin1(),
                    qPrintable(QString::fromUtf8(label) + QStringLiteral(": ") +
                               QString::fromLatin1(signedRequest.header("Authorization")) +
                               QStringLiteral(" != ") +
                               sdkHeaders.value(QStringLiteral("authorization")).toString()));
            }
        }
    }

    // A different secret must give a different signature (the comparison above is not vacuous).
    void secretMatters()
    {
        const QUrl endpoint(QStringLiteral("https://oss-cn-hangzhou.aliyuncs.com"));
        const OssSigner a({QStringLiteral("id"), QStringLiteral("one")}, endpoint,
                          QStringLiteral("b"), QStringLiteral("cn-hangzhou"));
        const OssSigner b({QStringLiteral("id"), QStringLiteral("two")}, endpoint,
                          QStringLiteral("b"), QStringLiteral("cn-hangzhou"));
        const QDateTime now = utc("2024-03-05T06:07:08Z");
        QVERIFY(a.sign("GET", QStringLiteral("k.jpg"), {}, now).header("Authorization") !=
                b.sign("GET", QStringLiteral("k.jpg"), {}, now).header("Authorization"));
        QVERIFY(!a.presign("GET", QStringLiteral("k.jpg"), 60, now)
                     .toEncoded()
                     .contains(QByteArrayLiteral("one")));
    }
};

QTEST_GUILESS_MAIN(TestOssSigner)
#include "tst_osssigner.moc"
