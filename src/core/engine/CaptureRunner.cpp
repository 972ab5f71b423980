#include "engine/CaptureRunner.h"

#include "engine/SnapshotSink.h"
#include "engine/StreamHealthMonitor.h"
#include "spool/Spool.h"

namespace livesnap {

CaptureRunner::CaptureRunner(const CaptureOptions &options, const Spool &spool, SnapshotSink *sink,
                             StreamHealthMonitor *health)
    : m_worker(new CaptureWorker(options))
{
    m_thread.setObjectName(QStringLiteral("capture-") + options.jobId.left(8));
    m_worker->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::started, m_worker, &CaptureWorker::run);
    QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    // Runs on the worker's thread: the picture to the health monitor, then spool and tell the
    // sink.
    QObject::connect(
        m_worker, &CaptureWorker::snapshotTaken, m_worker,
        [&spool, sink, health](const CapturedSnapshot &snapshot) {
            if (health) {
                StreamHealthMonitor::postPicture(health, snapshot.jobId, snapshot.stats,
                                                 snapshot.wallMs);
            }
            SnapshotSink::spoolAndStore(sink, spool, snapshot);
        },
        Qt::DirectConnection);
    QObject::connect(m_worker, &CaptureWorker::streamStateChanged, sink,
                     &SnapshotSink::reportStreamState, Qt::QueuedConnection);
    if (health) {
        QObject::connect(m_worker, &CaptureWorker::streamStateChanged, health,
                         &StreamHealthMonitor::onStreamState, Qt::QueuedConnection);
    }
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

void CaptureRunner::requestSnapshot()
{
    m_worker->requestSnapshot();
}

} // namespace livesnap
