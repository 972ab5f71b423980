#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QImage>
#include <QSize>
#include <QString>

namespace livesnap::ui {

// Decodes a JPEG at reduced size with libjpeg-turbo's DCT scaling (1/8 .. 1/1), so a thumbnail
// of a 1080p snapshot costs a fraction of a full decode. Thread-safe: each call uses its own
// TurboJPEG handle, so it can run on any pool thread.
class ScaledJpegDecoder {
    Q_DECLARE_TR_FUNCTIONS(livesnap::ui::ScaledJpegDecoder)

public:
    struct Result {
        QImage image;     // null on failure
        QString error;    // why, when image is null
        QSize sourceSize; // the JPEG's own size
        bool ok() const { return !image.isNull(); }
    };

    // The smallest libjpeg-turbo scaled size of `source` that still covers `bounds` in both
    // dimensions (so the caller only ever scales down); the source size when nothing smaller
    // does, or when bounds is empty.
    static QSize scaledSize(QSize source, QSize bounds);

    // Decodes `jpeg` at scaledSize(its size, bounds). An empty bounds decodes at full size.
    static Result decode(const QByteArray &jpeg, QSize bounds = QSize());
};

} // namespace livesnap::ui
