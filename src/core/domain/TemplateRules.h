#pragma once

#include "common/Result.h"

#include <QString>

namespace livesnap::rules {

inline constexpr int MinTimeInterval = 5;
inline constexpr int MaxTimeInterval = 3600;
inline constexpr int MaxTemplateNameLength = 128;
inline constexpr int MaxJobNameLength = 128;
inline constexpr int MaxFormatLength = 255;
inline constexpr int MaxUrlLength = 2048;

inline const QString DefaultOverwriteFormat = QStringLiteral("snapshot/{JobId}.jpg");
inline const QString DefaultSequenceFormat =
    QStringLiteral("snapshot/{JobId}/{Sequence}/{UnixTimestamp}.jpg");

Status validateTemplateName(const QString &name);
// Parses a TimeInterval as given on the wire ("5", not "5s"), then range-checks it.
Result<int> parseTimeInterval(const QString &text);
Status validateTimeInterval(int seconds);
Status validateOverwriteFormat(const QString &format);
Status validateSequenceFormat(const QString &format);
// At least one of the two; each one that is set must be valid.
Status validateFormats(const QString &overwriteFormat, const QString &sequenceFormat);

Status validateJobName(const QString &name);
// Empty is allowed (falls back to the global Callback Settings URL); else http:// or https://.
Status validateCallbackUrl(const QString &url,
                           const QString &field = QStringLiteral("CallbackUrl"));

} // namespace livesnap::rules
