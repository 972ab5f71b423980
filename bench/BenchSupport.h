#pragma once

#include "BenchOptions.h"

#include "engine/EngineHost.h"

#include <QJsonArray>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

namespace livesnap::bench {

// Progress and the summary go to stderr; stdout carries only the JSON result.
QTextStream &err();
void say(const QString &line);

// Runs the event loop (the GUI stays live) until pred() holds or timeoutMs passed.
bool waitUntil(const std::function<bool()> &pred, int timeoutMs);

// Runs the event loop for ms.
void spin(int ms);

// host.call, waiting for the result (empty when none came within timeoutMs). The receiver is
// local: a late result is dropped by EngineHost, never written to a dead variable.
template <typename Fn> auto callAndWait(EngineHost &host, Fn fn, int timeoutMs)
{
    using R = std::invoke_result_t<Fn, SnapshotService &>;
    auto out = std::make_shared<std::optional<R>>();
    QObject receiver;
    host.call(&receiver, std::move(fn), [out](R result) { out->emplace(std::move(result)); });
    waitUntil([&out] { return out->has_value(); }, timeoutMs);
    return *out;
}

// A clip of the test pattern (H.264, fixed GOP) encoded once and cached, so the publishers
// only copy it (`-re -stream_loop -1 -c copy`, as bench/run_benchmark.py does): cameras encode
// elsewhere, their encoders' CPU is not the GUI's.
QString prepareClip(const Options &o, QString *error);

// What the catalog says about the benchmark's jobs.
struct CatalogCounts {
    QString error;
    int jobsWithSnapshot = 0; // snapshotCount >= 1
    int jobsLive = 0;         // streamState live
    qint64 filesInWindow = 0; // real-time files with CreateTimestamp in the window
    qint64 minPerJob = 0;     // of those, per job
    qint64 maxPerJob = 0;
    int jobsWithFilesInWindow = 0;
};

// Counts on the engine thread: the jobs' snapshot state, and (when fromMs > 0) their real-time
// files with a CreateTimestamp in [fromMs, toMs].
CatalogCounts countCatalog(SnapshotService &service, const QStringList &jobIds, qint64 fromMs,
                           qint64 toMs);

// The GUI thread's frames in a gdb dump ("#0 ..." lines), shortened.
QJsonArray framesOf(const QString &file);

} // namespace livesnap::bench
