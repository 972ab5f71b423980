#include "service/Engine.h"

#include "capture/CaptureRunner.h"
#include "capture/SnapshotSink.h"
#include "capture/Spool.h"
#include "common/Logging.h"

#include <QDir>

#include <malloc.h>

namespace livesnap {

Engine::Engine(DataDirectory dataDirectory, QObject *parent)
    : QObject(parent)
    , m_dataDirectory(std::move(dataDirectory))
{
}

Engine::~Engine() { shutdown(); }

Status Engine::open(Clock clock)
{
    // Decoded 1080p pictures are megabytes; with glibc's adaptive threshold they end up on
    // arena heaps that many capture threads fragment and never give back. A fixed threshold
    // keeps them mmapped, so a job's memory is returned once its snapshot is done.
    static const bool tuned = mallopt(M_MMAP_THRESHOLD, 256 * 1024) == 1;
    Q_UNUSED(tuned);
    if (!QDir().mkpath(m_dataDirectory.root())) {
        return Error::internal(errc::InternalError,
                           tr("Cannot create the data directory %1; choose another with "
                              "--data-dir or LIVESNAP_DATA_DIR.")
                               .arg(m_dataDirectory.root()));
    }
    if (auto s = m_catalog.open(m_dataDirectory.catalogPath()); !s) {
        return s;
    }
    m_service = std::make_unique<SnapshotService>(m_catalog, m_dataDirectory, std::move(clock));
    m_spool = std::make_unique<Spool>(m_dataDirectory.spoolPath());
    m_sink = std::make_unique<SnapshotSink>(*m_service, *m_spool);
    return success();
}

void Engine::startSupervisor(const QString &role, Supervisor::Options options)
{
    if (!m_service || m_supervisor) {
        return;
    }
    m_sink->recover();
    m_supervisor =
        std::make_unique<Supervisor>(*m_service, Supervisor::makeOwnerId(role), options);
    m_supervisor->setRunnerFactory([this](const SnapshotJob &job) {
        CaptureOptions capture = m_captureDefaults;
        capture.jobId = job.jobId;
        capture.url = job.streamInput.url;
        capture.intervalSeconds = job.timeInterval;
        if (auto settings = m_service->getEngineSettings()) {
            capture.jpegQuality = settings->jpegQuality;
        }
        return std::make_unique<CaptureRunner>(capture, *m_spool, m_sink.get());
    });
    m_supervisor->start();
}

void Engine::shutdown()
{
    if (m_supervisor) {
        m_supervisor->shutdown();
        m_supervisor.reset();
    }
}

} // namespace livesnap
