#pragma once

#include <array>
#include <cstdint>

namespace livesnap {

// What one decoded picture's luma says, cheaply: its mean and spread (standard deviation) and a
// small signature (the mean of each cell of a 16x9 grid), all on a 0-255 full-range scale. The
// stream health judge tells black pictures by mean and spread, and frozen ones by signatures
// that stay within a tolerance. Measured from the picture the engine decodes anyway.
struct PictureStats {
    static constexpr int GridColumns = 16;
    static constexpr int GridRows = 9;
    using Signature = std::array<float, GridColumns * GridRows>;

    bool valid = false; // false: the picture had no luma plane we read (e.g. RGB)
    double meanLuma = 0;
    double lumaSpread = 0;
    Signature signature{};

    // Measures a luma plane of 8-bit samples (bitDepth 8) or of native-endian 16-bit samples
    // holding bitDepth (9-16) significant bits. Limited range (16-235) is stretched to 0-255 so
    // that the thresholds mean the same for either range. Reads every column of at most
    // MaxSampledRows evenly spaced rows: a 1080p picture costs well under a millisecond.
    static PictureStats measure(const void *luma, int strideBytes, int width, int height,
                                int bitDepth, bool limitedRange);
    static constexpr int MaxSampledRows = 144; // 16 per grid row

    // The largest difference between two signatures' cells (0-255); 255 when either is invalid.
    double difference(const PictureStats &other) const;
};

} // namespace livesnap
