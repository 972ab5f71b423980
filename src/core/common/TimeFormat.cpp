#include "common/TimeFormat.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QTimeZone>

namespace livesnap {

QString formatApiTime(const QDateTime &time)
{
    if (!time.isValid()) {
        return QString();
    }
    return time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss'Z'"));
}

Result<QDateTime> parseApiTime(const QString &text, const QString &field)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]{1,15}$"));
    const QString t = text.trimmed();
    if (digits.match(t).hasMatch()) {
        return QDateTime::fromMSecsSinceEpoch(t.toLongLong(), QTimeZone::utc());
    }
    QDateTime parsed = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (parsed.isValid() && parsed.timeSpec() == Qt::LocalTime) {
        parsed.setTimeZone(QTimeZone::utc());
    }
    if (!parsed.isValid()) {
        return invalidParameter(field, QCoreApplication::translate(
                                           "livesnap::TimeFormat",
                                           "%1 \"%2\" is not a time; use ISO 8601 in UTC such as "
                                           "2026-11-25T08:00:00Z, or UNIX milliseconds.")
                                           .arg(field, text));
    }
    return parsed.toUTC();
}

} // namespace livesnap
