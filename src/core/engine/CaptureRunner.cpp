#include "engine/CaptureRunner.h"

#include "engine/SnapshotSink.h"
#include "spool/Spool.h"

namespace livesnap {

CaptureRunner::CaptureRunner(const CaptureOptions &options, const Spool &spool, SnapshotSink *sink)
    : m_worker(new CaptureWorker(options))
{
    m_thread.setObjectName(QStringLiteral("capture-") + options.jobId.left(8));
    m_worker->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::started, m_worker, &CaptureWorker::run);
    QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    // Runs on the worker's thread: spool first, then tell the sink.
    QObject::connect(
        m_worker, &CaptureWorker::snapshotTaken, m_worker,
        [&spool, sink](const CapturedSnapshot &snapshot) {
            SnapshotSink::spoolAndStore(sink, spool, snapshot);
        },
        Qt::DirectConnection);
    QObject::connect(m_worker, &CaptureWorker::streamStateChanged, sink,
                     &SnapshotSink::reportStreamState, Qt::QueuedConnection);
    m_thread.start();
}

CaptureRunner::~CaptureRunner()
{
    requestStop();
    m_thread.quit();
    m_thread.wait();
}

void CaptureRunner::requestStop()
{
    m_worker->requestStop();
}

} // namespace livesnap
