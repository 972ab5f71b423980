#pragma once

#include "capture/CaptureWorker.h"
#include "engine/Supervisor.h"

#include <QThread>

namespace livesnap {

class SnapshotSink;
class Spool;
class StreamHealthMonitor;

// One running job: a CaptureWorker on its own thread. Snapshots are spooled on that thread
// (fsync off the engine thread) and handed to the sink by queued calls; their picture
// statistics and the stream states go to the health monitor the same way. Destroying the
// runner stops the worker and joins its thread.
class CaptureRunner final : public RunningJob {
public:
    CaptureRunner(const CaptureOptions &options, const Spool &spool, SnapshotSink *sink,
                  StreamHealthMonitor *health);
    ~CaptureRunner() override;

    void requestStop() override;
    void requestSnapshot() override;

private:
    QThread m_thread;
    CaptureWorker *m_worker = nullptr; // lives on m_thread
};

} // namespace livesnap
