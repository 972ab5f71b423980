#include "domain/ObjectKey.h"

#include <QTimeZone>

namespace livesnap::objectkey {

QString overwriteKey(const QString &format, const QString &jobId)
{
    QString key = format;
    key.replace(QLatin1String("{JobId}"), jobId);
    return key;
}

QString sequenceKey(const QString &format, const QString &jobId, qint64 sequence,
                    const QDateTime &capturedAt)
{
    const QDateTime utc = capturedAt.toUTC();
    QString key = format;
    key.replace(QLatin1String("{JobId}"), jobId);
    key.replace(QLatin1String("{Date}"), utc.date().toString(Qt::ISODate));
    key.replace(QLatin1String("{Sequence}"), QString::number(sequence));
    key.replace(QLatin1String("{UnixTimestamp}"), QString::number(utc.toSecsSinceEpoch()));
    return key;
}

} // namespace livesnap::objectkey
