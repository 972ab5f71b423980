#pragma once

#include <QDateTime>
#include <QString>

namespace livesnap {

// Object keys from a template's formats. Formats are validated before they reach here.
namespace objectkey {

// OverwriteFormat: only {JobId}.
QString overwriteKey(const QString &format, const QString &jobId);

// SequenceFormat: {JobId}, {Date} (YYYY-MM-DD, UTC), {Sequence} (the job's counter),
// {UnixTimestamp} (seconds, UTC) of the moment the keyframe arrived.
QString sequenceKey(const QString &format, const QString &jobId, qint64 sequence,
                    const QDateTime &capturedAt);

} // namespace objectkey
} // namespace livesnap
