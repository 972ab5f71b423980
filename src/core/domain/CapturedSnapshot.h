#pragma once

#include "domain/PictureStats.h"

#include <QByteArray>
#include <QString>

namespace livesnap {

// One JPEG taken from a due keyframe.
struct CapturedSnapshot {
    QString jobId;
    qint64 wallMs = 0;   // when the keyframe arrived (UTC ms): CreateTimestamp
    qint64 streamMs = 0; // the keyframe's timestamp on the stream's clock
    QByteArray jpeg;
    int width = 0;
    int height = 0;
    qint64 encodedMs = 0; // wall clock when the JPEG was ready (latency figures)
    PictureStats stats;   // of the decoded picture, for the stream health judge
};

} // namespace livesnap
