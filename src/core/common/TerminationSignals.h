#pragma once

#include <functional>

namespace livesnap {

// Turns SIGINT and SIGTERM into a call of `handler` on the thread running the Qt event loop
// (a self-pipe read by a QSocketNotifier; the signal handler itself only writes one byte).
// Call once, from the main thread, after the QCoreApplication exists. False when the pipe
// cannot be made.
bool onTerminationSignal(std::function<void()> handler);

} // namespace livesnap
