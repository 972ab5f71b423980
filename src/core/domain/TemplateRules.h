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
// A template's output size: 0 keeps the stream's; else MinOutputSide..MaxOutputSide pixels (8K
// either way round, so portrait streams get the same room as landscape ones).
inline constexpr int MinOutputSide = 16;
inline constexpr int MaxOutputSide = 7680;
inline constexpr int MaxJpegQuality = 100; // 1..100; 0 = the engine setting

inline const QString CaptureModeKeyframe = QStringLiteral("keyframe");
inline const QString CaptureModeExact = QStringLiteral("exact");

inline const QString DefaultOverwriteFormat = QStringLiteral("snapshot/{JobId}.jpg");
inline const QString DefaultSequenceFormat =
    QStringLiteral("snapshot/{JobId}/{Sequence}/{UnixTimestamp}.jpg");

// How a message names an API field: the words of the console's form beside it ("The template
// name" for TemplateName); an unknown field as it is.
QString fieldWords(const QString &field);

// Characters no typed name may hold: C0 and C1 control characters, DEL, the Unicode line and
// paragraph separators, and the bidirectional embeddings, overrides and isolates (U+202A-U+202E,
// U+2066-U+2069), which make a name display differently from what it is.
bool isForbiddenInName(QChar c);
// InvalidParameter.<field> naming the first such character and where it is.
Status validateNameCharacters(const QString &text, const QString &field);

Status validateTemplateName(const QString &name);
// Parses a TimeInterval as given on the wire ("5", not "5s"), then range-checks it.
Result<int> parseTimeInterval(const QString &text);
Status validateTimeInterval(int seconds);
// Both formats must contain {JobId}: two jobs must never write (or delete) the same object.
Status validateOverwriteFormat(const QString &format);
Status validateSequenceFormat(const QString &format);
// At least one of the two; each one that is set must be valid.
Status validateFormats(const QString &overwriteFormat, const QString &sequenceFormat);

// A template from the catalog about to be used by a job (submit, start, restart). Templates saved
// before a rule was added (e.g. a format without {JobId}) are refused with TemplateFormatUnsafe
// and a message that says to edit the template; they are not rewritten, because that would move
// the operator's files without telling.
Status validateTemplateForJobs(const QString &templateId, const QString &templateName,
                               const QString &overwriteFormat, const QString &sequenceFormat);

// Width or Height (`field`): 0, or MinOutputSide..MaxOutputSide.
Status validateOutputSide(int pixels, const QString &field);
// Both sides of a template's output size.
Status validateOutputSize(int width, int height);
// 0 (the engine setting) or 1..100.
Status validateJpegQuality(int quality);
// "keyframe" or "exact" (lower case, as stored).
Status validateCaptureMode(const QString &mode);
// The mode as given on the wire, any case; empty is "keyframe".
Result<QString> parseCaptureMode(const QString &text);

Status validateJobName(const QString &name);
// Empty is allowed (falls back to the global Callback Settings URL); else http:// or https://.
Status validateCallbackUrl(const QString &url,
                           const QString &field = QStringLiteral("CallbackUrl"));

} // namespace livesnap::rules
