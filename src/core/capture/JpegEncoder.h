#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <memory>
#include <vector>

struct AVFrame;
struct SwsContext;

namespace livesnap {

struct JpegResult {
    QByteArray jpeg;
    QString error; // empty on success
    int width = 0;
    int height = 0;

    bool ok() const { return error.isEmpty(); }
};

// What one job's snapshots look like: the JPEG quality and the template's Width and Height
// (0 = not given; FrameScaler::fit() turns them into the stored size).
struct JpegOutput {
    int quality = 85;
    int width = 0;
    int height = 0;

    bool operator==(const JpegOutput &) const = default;
};

// Encodes decoded video frames to JPEG with libjpeg-turbo, straight from the decoder's planes.
//
// Planar 8-bit YUV (4:2:0, 4:2:2, 4:4:4, 4:4:0, 4:1:1, full or limited range) and gray go to
// tjCompressFromYUVPlanes without a copy. Anything else (nv12, 10-bit, RGB, ...) is first
// converted to yuv420p with a cached SwsContext. One encoder per capture worker; it reuses its
// TurboJPEG handle and buffers, and is not thread-safe.
class JpegEncoder {
    Q_DECLARE_TR_FUNCTIONS(livesnap::JpegEncoder)

public:
    static constexpr int kDefaultQuality = 85;

    JpegEncoder();
    ~JpegEncoder();
    JpegEncoder(const JpegEncoder &) = delete;
    JpegEncoder &operator=(const JpegEncoder &) = delete;

    // quality is clamped to 1..100.
    JpegResult encode(const AVFrame *frame, int quality = kDefaultQuality);

private:
    JpegResult compress(const unsigned char *const planes[3], const int strides[3], int subsamp,
                        int width, int height, int quality);
    bool convert(const AVFrame &frame, QString *error);
    const unsigned char *padLuma(const unsigned char *plane, int stride, int width, int height,
                                 int paddedWidth, int paddedHeight);

    void *m_tj = nullptr; // tjhandle
    unsigned char *m_jpegBuf = nullptr;
    unsigned long m_jpegBufCapacity = 0;
    std::vector<unsigned char> m_paddedLuma;

    SwsContext *m_sws = nullptr;
    int m_swsWidth = 0;
    int m_swsHeight = 0;
    int m_swsFormat = -1;
    bool m_swsFullRange = false;
    struct FrameDeleter {
        void operator()(AVFrame *frame) const;
    };
    std::unique_ptr<AVFrame, FrameDeleter> m_converted;
};

} // namespace livesnap
