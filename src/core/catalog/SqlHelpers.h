#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QTimeZone>
#include <QVariant>

namespace livesnap::sql {

inline QVariant ms(const QDateTime &t)
{
    return t.isValid() ? t.toMSecsSinceEpoch() : 0;
}
inline QDateTime time(const QVariant &v)
{
    const qint64 m = v.toLongLong();
    return m > 0 ? QDateTime::fromMSecsSinceEpoch(m, QTimeZone::utc()) : QDateTime();
}

// A LIKE pattern matching `text` literally anywhere, with '!' as the escape character.
inline QString containsPattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('!'), QLatin1String("!!"));
    escaped.replace(QLatin1Char('%'), QLatin1String("!%"));
    escaped.replace(QLatin1Char('_'), QLatin1String("!_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

// "?, ?, ..." for n bindings (an IN list).
inline QString placeholders(qsizetype n)
{
    QStringList marks;
    marks.fill(QStringLiteral("?"), n);
    return marks.join(QStringLiteral(", "));
}

inline QString order(const QString &sortBy)
{
    return sortBy == QLatin1String("asc") ? QStringLiteral("ASC") : QStringLiteral("DESC");
}

} // namespace livesnap::sql
