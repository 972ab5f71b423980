#include "domain/PictureStats.h"

#include <QtGlobal>

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace livesnap {

namespace {

constexpr int Cells = PictureStats::GridColumns * PictureStats::GridRows;

// Limited-range luma (16-235) on the full 0-255 scale.
double stretch(double value, bool limitedRange)
{
    return limitedRange ? std::clamp((value - 16.0) * 255.0 / 219.0, 0.0, 255.0) : value;
}

template <typename Sample>
PictureStats measureSamples(const unsigned char *plane, int strideBytes, int width, int height,
                            int shift, bool limitedRange)
{
    std::array<int, PictureStats::GridColumns + 1> columnEdge{};
    for (int c = 0; c <= PictureStats::GridColumns; ++c) {
        columnEdge[c] = int(qint64(c) * width / PictureStats::GridColumns);
    }
    std::array<quint64, Cells> cellSum{};
    std::array<quint64, Cells> cellCount{};
    quint64 sum = 0;
    quint64 sumOfSquares = 0;
    const int rows = std::min(height, PictureStats::MaxSampledRows);
    for (int i = 0; i < rows; ++i) {
        // The middle row of each of `rows` equal bands.
        const int y = int((2 * qint64(i) + 1) * height / (2 * qint64(rows)));
        const auto *row = reinterpret_cast<const Sample *>(plane + std::ptrdiff_t(y) * strideBytes);
        const int gridRow = int(qint64(y) * PictureStats::GridRows / height);
        for (int c = 0; c < PictureStats::GridColumns; ++c) {
            // Per cell of the row in 32 bits, which the compiler vectorises (a cell is far
            // narrower than the 66,000 samples that would overflow the squares).
            quint32 cellRowSum = 0;
            quint32 cellRowSquares = 0;
            for (int x = columnEdge[c]; x < columnEdge[c + 1]; ++x) {
                const quint32 v = quint32(row[x]) >> shift;
                cellRowSum += v;
                cellRowSquares += v * v;
            }
            const int cell = gridRow * PictureStats::GridColumns + c;
            cellSum[cell] += cellRowSum;
            cellCount[cell] += quint64(columnEdge[c + 1] - columnEdge[c]);
            sum += cellRowSum;
            sumOfSquares += cellRowSquares;
        }
    }
    const double count = double(qint64(rows) * width);
    PictureStats stats;
    stats.valid = true;
    const double mean = double(sum) / count;
    const double variance = std::max(0.0, double(sumOfSquares) / count - mean * mean);
    stats.meanLuma = stretch(mean, limitedRange);
    stats.lumaSpread = std::sqrt(variance) * (limitedRange ? 255.0 / 219.0 : 1.0);
    for (int cell = 0; cell < Cells; ++cell) {
        // A picture smaller than the grid leaves cells empty: they take the picture's mean.
        const double cellMean =
            cellCount[cell] ? double(cellSum[cell]) / double(cellCount[cell]) : mean;
        stats.signature[cell] = float(stretch(cellMean, limitedRange));
    }
    return stats;
}

} // namespace

PictureStats PictureStats::measure(const void *luma, int strideBytes, int width, int height,
                                   int bitDepth, bool limitedRange)
{
    if (!luma || width <= 0 || height <= 0 || bitDepth < 8 || bitDepth > 16) {
        return {};
    }
    const auto *plane = static_cast<const unsigned char *>(luma);
    if (bitDepth == 8) {
        if (strideBytes < width) {
            return {};
        }
        return measureSamples<quint8>(plane, strideBytes, width, height, 0, limitedRange);
    }
    if (strideBytes < 2 * width) {
        return {};
    }
    return measureSamples<quint16>(plane, strideBytes, width, height, bitDepth - 8, limitedRange);
}

double PictureStats::difference(const PictureStats &other) const
{
    if (!valid || !other.valid) {
        return 255.0;
    }
    double largest = 0;
    for (int cell = 0; cell < Cells; ++cell) {
        largest = std::max(largest, double(std::abs(signature[cell] - other.signature[cell])));
    }
    return largest;
}

} // namespace livesnap
