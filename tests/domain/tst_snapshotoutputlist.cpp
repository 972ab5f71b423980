#include "domain/StorageLocation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace livesnap;

// SnapshotOutput as SubmitLiveSnapshotJob takes it: one object (as before) or an array.
class TestSnapshotOutputList : public QObject {
    Q_OBJECT

    static QJsonValue json(const char *text)
    {
        const QJsonDocument doc = QJsonDocument::fromJson(text);
        return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    }

private slots:
    void oneObjectStaysValidAndStaysAnObject()
    {
        auto one = SnapshotOutput::listFromJson(
            json("{\"StorageType\":\"local\",\"Bucket\":\"default\"}"));
        QVERIFY(one);
        QCOMPARE(one->size(), 1);
        QVERIFY(SnapshotOutput::listToJson(*one).isObject());
    }

    void anArrayNamesSeveralStores()
    {
        auto two =
            SnapshotOutput::listFromJson(json("[{\"StorageType\":\"local\",\"Bucket\":\"default\"},"
                                              " {\"StorageType\":\"s3\",\"Endpoint\":\"http://"
                                              "127.0.0.1:9000/\",\"Bucket\":\"offsite\"}]"));
        QVERIFY2(two, two ? "" : qPrintable(two.error().message));
        QCOMPARE(two->size(), 2);
        QCOMPARE(two->at(1).endpoint, QStringLiteral("http://127.0.0.1:9000"));
        const QJsonValue out = SnapshotOutput::listToJson(*two);
        QVERIFY(out.isArray());
        QCOMPARE(out.toArray().at(1).toObject().value(QStringLiteral("Bucket")),
                 QStringLiteral("offsite"));
    }

    void refusesBadArrays_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("says");
        QTest::newRow("empty") << "[]"
                               << "1 to 8";
        QTest::newRow("not objects") << "[\"local\"]"
                                     << "must be an object";
        QTest::newRow("duplicate") << "[{\"StorageType\":\"local\",\"Bucket\":\"default\"}, "
                                      "{\"StorageType\":\"LOCAL\",\"Bucket\":\"default\"}]"
                                   << "twice";
        QTest::newRow("duplicate endpoint spelled twice")
            << "[{\"StorageType\":\"s3\",\"Endpoint\":\"http://h:9000\",\"Bucket\":\"b\"}, "
               "{\"StorageType\":\"s3\",\"Endpoint\":\"http://h:9000/\",\"Bucket\":\"b\"}]"
            << "twice";
        QTest::newRow("bad item") << "[{\"StorageType\":\"ftp\",\"Bucket\":\"x\"}]"
                                  << "ftp";
        QTest::newRow("too many")
            << "[{\"Bucket\":\"a\"},{\"Bucket\":\"b\"},{\"Bucket\":\"c\"},{\"Bucket\":\"d\"},{"
               "\"Bucket\":\"e\"}, "
               "{\"Bucket\":\"f\"},{\"Bucket\":\"g\"},{\"Bucket\":\"h\"},{\"Bucket\":\"i\"}]"
            << "1 to 8";
    }

    void refusesBadArrays()
    {
        QFETCH(QString, text);
        QFETCH(QString, says);
        auto r = SnapshotOutput::listFromJson(json(text.toUtf8().constData()));
        QVERIFY(!r);
        QVERIFY2(r.error().code.startsWith(QStringLiteral("InvalidParameter")),
                 qPrintable(r.error().code));
        QVERIFY2(r.error().message.contains(says), qPrintable(r.error().message));
    }
};

QTEST_GUILESS_MAIN(TestSnapshotOutputList)
#include "tst_snapshotoutputlist.moc"
