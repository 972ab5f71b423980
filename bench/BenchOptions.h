#pragma once

#include "StallMeter.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace livesnap::bench {

// The benchmark's command line.
struct Options {
    int jobs = 100;
    int streams = 4;
    int seconds = 60;
    int warmupMaxSeconds = 30;
    int width = 1280;
    int height = 720;
    int fps = 30;
    int gopSeconds = 2;
    int intervalSeconds = 5;
    bool livePublishers = false; // encode live (x264 per stream) instead of copying a clip
    QString dataDir;
    QString cacheDir = QStringLiteral(LIVESNAP_BENCH_CACHE_DIR);
    int periodMs = 5;
    int actionMs = 3000;
    int scrollMs = 400;
    bool drive = true;
    bool traceEvents = true;
    StallMeter::GdbOptions gdb;
    StallMeter::SamplerOptions sampler;
    QString jsonOut;
};

// Parses the command line (--help exits); nullopt with *error set when a value is wrong.
std::optional<Options> parseOptions(const QCoreApplication &app, QString *error);

} // namespace livesnap::bench
