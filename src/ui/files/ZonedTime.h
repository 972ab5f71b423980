#pragma once

#include <QDateTime>
#include <QString>

namespace livesnap::ui {

// The console's rule for times: every time shown says its zone. Snapshot times are shown in
// the computer's local time with its offset ("2026-12-06 19:03:05 UTC+1"); usage, metered per
// UTC day like the reference service, is shown in UTC and labelled so.
namespace zonedtime {

// "UTC", "UTC+1", "UTC+5:30", "UTC-3": the offset of `time`'s local time from UTC.
QString zoneLabel(const QDateTime &time);
// `time` in local time with its zone: "yyyy-MM-dd HH:mm:ss UTC+1" (with ".zzz" if withMs).
QString localText(const QDateTime &time, bool withMs = false);

} // namespace zonedtime
} // namespace livesnap::ui
