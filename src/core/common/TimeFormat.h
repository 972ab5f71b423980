#pragma once

#include "common/Result.h"

#include <QDateTime>
#include <QString>

namespace livesnap {

// The API's time format: ISO 8601 in UTC, e.g. 2026-11-25T13:32:57Z.
QString formatApiTime(const QDateTime &time);
// Accepts ISO 8601 (with Z or an offset; without one it is taken as UTC) or UNIX milliseconds.
Result<QDateTime> parseApiTime(const QString &text, const QString &field);

} // namespace livesnap
