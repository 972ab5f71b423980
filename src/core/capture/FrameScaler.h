#pragma once

#include "media/FfmpegSupport.h"

#include <QCoreApplication>
#include <QString>

#include <memory>
#include <vector>

struct AVFrame;
struct SwsContext;

namespace livesnap {

struct OutputSize {
    int width = 0;
    int height = 0;

    bool operator==(const OutputSize &) const = default;
};

// Scales decoded pictures down to a template's output size with libswscale, on the decoder's
// YUV planes (no RGB round trip). One per pool thread: it keeps a SwsContext and a picture per
// output size (the few most recent), so jobs of several sizes on one stream do not rebuild
// them at every keyframe; not thread-safe.
class FrameScaler {
    Q_DECLARE_TR_FUNCTIONS(livesnap::FrameScaler)

public:
    FrameScaler() = default;
    ~FrameScaler();
    FrameScaler(const FrameScaler &) = delete;
    FrameScaler &operator=(const FrameScaler &) = delete;

    // The size a sourceWidth x sourceHeight picture is stored at for a template's Width and
    // Height (0 = not given). Neither: the source size. One: that side, the other following
    // the aspect ratio. Both: the largest picture with the source's aspect ratio that fits in
    // the box. Never larger than the source (then the source size); a side that follows the
    // aspect ratio is rounded to an even number (4:2:0 chroma), at least 2.
    static OutputSize fit(int sourceWidth, int sourceHeight, int width, int height);

    // The frame at `size` (area averaging, as pictures only shrink here), in a planar format the
    // JPEG encoder takes as it is: the source's when it is 8-bit planar YUV or gray, else
    // yuv420p; the colour range is kept. Valid until the next call for the same size (or
    // MaxSizes other sizes); nullptr, and *error says why, when swscale cannot do it.
    const AVFrame *scale(const AVFrame &frame, OutputSize size, QString *error);

    static constexpr size_t MaxSizes = 4;

private:
    struct SwsFreer {
        void operator()(SwsContext *context) const;
    };
    // One output size: its context (for one source size, format and range) and its picture.
    struct Target {
        OutputSize size;
        std::unique_ptr<SwsContext, SwsFreer> sws;
        int sourceWidth = 0;
        int sourceHeight = 0;
        int sourceFormat = -1;
        bool fullRange = false;
        ffmpeg::FramePtr scaled;
    };
    // A context for `frame` at `size`, reusing the target's when it fits; false and *error.
    static bool prepare(Target &target, const AVFrame &frame, QString *error);

    std::vector<Target> m_targets; // most recently used first
};

} // namespace livesnap
