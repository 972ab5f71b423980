#include "files/ZonedTime.h"

namespace livesnap::ui::zonedtime {

QString zoneLabel(const QDateTime &time)
{
    const int offset = time.offsetFromUtc();
    if (offset == 0) {
        return QStringLiteral("UTC");
    }
    const int minutes = qAbs(offset) / 60;
    QString label = QStringLiteral("UTC") + (offset > 0 ? QLatin1Char('+') : QLatin1Char('-')) +
                    QString::number(minutes / 60);
    if (minutes % 60 != 0) {
        label += QLatin1Char(':') + QStringLiteral("%1").arg(minutes % 60, 2, 10, QLatin1Char('0'));
    }
    return label;
}

QString localText(const QDateTime &time, bool withMs)
{
    const QDateTime local = time.toLocalTime();
    return local.toString(withMs ? QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")
                                 : QStringLiteral("yyyy-MM-dd HH:mm:ss")) +
           QLatin1Char(' ') + zoneLabel(local);
}

} // namespace livesnap::ui::zonedtime
