#include "domain/ObjectKey.h"
#include "domain/TemplateRules.h"

#include <QTest>
#include <QTimeZone>

using namespace livesnap;

class TestObjectKey : public QObject {
    Q_OBJECT

private slots:
    void overwrite()
    {
        QCOMPARE(objectkey::overwriteKey(rules::DefaultOverwriteFormat, QStringLiteral("abc")),
                 QStringLiteral("snapshot/abc.jpg"));
        QCOMPARE(
            objectkey::overwriteKey(QStringLiteral("{JobId}/{JobId}.jpg"), QStringLiteral("j1")),
            QStringLiteral("j1/j1.jpg"));
    }

    void sequenceEveryToken()
    {
        // 2026-11-25T23:59:59.900Z: seconds truncate, the date is UTC's.
        const QDateTime at =
            QDateTime(QDate(2026, 11, 25), QTime(23, 59, 59, 900), QTimeZone::utc());
        QCOMPARE(
            objectkey::sequenceKey(rules::DefaultSequenceFormat, QStringLiteral("job"), 42, at),
            QStringLiteral("snapshot/job/42/%1.jpg").arg(at.toSecsSinceEpoch()));
        QCOMPARE(
            objectkey::sequenceKey(QStringLiteral("{Date}/{JobId}-{Sequence}-{UnixTimestamp}.jpg"),
                                   QStringLiteral("J"), 7, at),
            QStringLiteral("2026-11-25/J-7-1795651199.jpg"));
    }

    void dateIsUtcWhateverTheInputZone()
    {
        // 01:30 at UTC+8 on the 26th is 17:30 UTC on the 25th.
        const QDateTime local(QDate(2026, 11, 26), QTime(1, 30), QTimeZone(8 * 3600));
        QCOMPARE(objectkey::sequenceKey(QStringLiteral("{Date}/{Sequence}.jpg"),
                                        QStringLiteral("J"), 1, local),
                 QStringLiteral("2026-11-25/1.jpg"));
    }
};

QTEST_GUILESS_MAIN(TestObjectKey)
#include "tst_objectkey.moc"
