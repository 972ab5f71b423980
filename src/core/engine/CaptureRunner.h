#pragma once

#include "capture/CaptureWorker.h"
#include "engine/Supervisor.h"

#include <QThread>

namespace livesnap {

class SnapshotSink;
class Spool;

// One running job: a CaptureWorker on its own thread. Snapshots are spooled on that thread
// (fsync off the engine thread) and handed to the sink by queued calls. Destroying the runner
// stops the worker and joins its thread.
class CaptureRunner final : public RunningJob {
public:
    CaptureRunner(const CaptureOptions &options, const Spool &spool, SnapshotSink *sink);
    ~CaptureRunner() override;

    void requestStop() override;

private:
    QThread m_thread;
    CaptureWorker *m_worker = nullptr; // lives on m_thread
};

} // namespace livesnap
