#include "engine/Engine.h"

#include "catalog/CatalogUrl.h"

#include "common/Logging.h"
#include "engine/CallbackDispatcher.h"
#include "engine/SnapshotSink.h"
#include "engine/StreamHealthMonitor.h"
#include "engine/StreamReaders.h"
#include "notify/CallbackAuthKey.h"
#include "notify/CallbackSender.h"
#include "secrets/SecretStore.h"
#include "spool/Spool.h"
#include "storage/LinkServer.h"
#include "storage/LinkSigner.h"
#include "storage/ObjectStore.h"
#include "storage/StoreFactory.h"
#include "storage/UploadQueue.h"

#include <QDir>
#include <QThreadPool>

#include <malloc.h>

namespace livesnap {

Engine::Engine(DataDirectory dataDirectory, QObject *parent)
    : QObject(parent)
    , m_dataDirectory(std::move(dataDirectory))
{}

Engine::~Engine()
{
    shutdown();
    // The upload queue and the callback sender live on the network thread and are deleted there
    // when it finishes.
    m_uploads = nullptr;
    m_callbackSender = nullptr;
    m_networkThread.quit();
    m_networkThread.wait();
}

QString Engine::catalogPassword()
{
    // A PostgreSQL catalog's password: libpq's own places first (PGPASSWORD, ~/.pgpass), else
    // the keychain. Read before anything runs, so the short wait on the keychain holds up no one.
    auto url = CatalogUrl::parse(m_dataDirectory.catalogLocation());
    if (!url || !url->isPostgres() || CatalogUrl::libpqHasPassword()) {
        return QString();
    }
    if (!m_secrets) {
        m_secrets = std::make_unique<KeychainSecretStore>();
    }
    auto password = m_secrets->read(url->secretKey());
    return password ? *password : QString();
}

void Engine::setSecretStore(std::unique_ptr<SecretStore> secrets)
{
    m_secrets = std::move(secrets);
    if (m_service) {
        m_service->setSecretStore(m_secrets);
    }
}

Status Engine::open(Clock clock)
{
    // Decoded 1080p pictures are megabytes; with glibc's adaptive threshold they end up on
    // arena heaps that many capture threads fragment and never give back. A fixed threshold
    // keeps them mmapped, so a job's memory is returned once its snapshot is done.
    static const bool tuned = mallopt(M_MMAP_THRESHOLD, 256 * 1024) == 1;
    Q_UNUSED(tuned);
    // One allocator arena per thread: with one capture thread per job, glibc's default (8 per
    // core) has a GUI thread share an arena, and wait on its lock, with capture threads
    // (bench/run_gui_stall.sh: 52-86 ms GUI stalls while 100 jobs start; none with this). Set
    // before the capture threads start; memory stays the same (mmapped pictures, above).
    static const bool arenas = mallopt(M_ARENA_MAX, 1024) == 1;
    Q_UNUSED(arenas);
    if (auto s = m_dataDirectory.prepare(); !s) {
        return s;
    }
    if (auto s = m_catalog.open(m_dataDirectory.catalogLocation(), catalogPassword()); !s) {
        return s;
    }
    m_service = std::make_unique<SnapshotService>(m_catalog, m_dataDirectory, std::move(clock));
    // Changes by other processes (livesnapctl, another engine) reach this engine's views.
    m_service->watchCatalog();
    if (!m_secrets) {
        m_secrets = std::make_unique<KeychainSecretStore>();
    }
    m_service->setSecretStore(m_secrets);
    m_spool = std::make_unique<Spool>(m_dataDirectory.spoolPath());
    if (auto settings = m_service->getEngineSettings()) {
        m_spool->setLimitBytes(qint64(settings->spoolLimitMb) * 1024 * 1024);
    }
    m_sink = std::make_unique<SnapshotSink>(*m_service, *m_spool);

    // Uploads to OSS / S3 run on one network thread. A store's credentials are read from the
    // keychain on a pool thread when it is opened (the keychain may keep a caller waiting), and
    // never travel with the snapshots.
    std::shared_ptr<SecretStore> secrets = m_secrets;
    m_uploads = new UploadQueue(
        [secrets](const StorageLocation &location, UploadQueue::StoreOpened opened) {
            QThreadPool::globalInstance()->start([secrets, location, opened = std::move(opened)] {
                auto credentials = SnapshotService::readCredentials(*secrets, location.locationId);
                if (!credentials) {
                    opened(credentials.error());
                    return;
                }
                opened(openRemoteStore(location, *credentials));
            });
        });
    m_networkThread.setObjectName(QStringLiteral("livesnap-network"));
    m_uploads->moveToThread(&m_networkThread);
    connect(&m_networkThread, &QThread::finished, m_uploads, &QObject::deleteLater);
    // Callbacks go out on the same thread; the AuthKey is read there, off the catalog thread.
    m_callbackSender =
        new CallbackSender([secrets] { return notify::readCallbackAuthKey(secrets.get()); });
    m_callbackSender->moveToThread(&m_networkThread);
    connect(&m_networkThread, &QThread::finished, m_callbackSender, &QObject::deleteLater);
    connect(m_service.get(), &SnapshotService::callbackSettingsChanged, m_callbackSender,
            &CallbackSender::forgetAuthKey, Qt::QueuedConnection);
    m_networkThread.start();
    connect(m_sink.get(), &SnapshotSink::uploadRequested, m_uploads, &UploadQueue::enqueue,
            Qt::QueuedConnection);
    connect(m_uploads, &UploadQueue::uploaded, m_sink.get(), &SnapshotSink::onUploaded,
            Qt::QueuedConnection);
    connect(m_uploads, &UploadQueue::uploadFailed, m_sink.get(), &SnapshotSink::onUploadFailed,
            Qt::QueuedConnection);
    connect(m_uploads, &UploadQueue::superseded, m_sink.get(), &SnapshotSink::onSuperseded,
            Qt::QueuedConnection);
    return success();
}

void Engine::startSupervisor(const QString &role, Supervisor::Options options)
{
    if (!m_service || m_supervisor) {
        return;
    }
    m_sink->recover();
    startLinkServer();
    m_health = std::make_unique<StreamHealthMonitor>(*m_service);
    m_readers = std::make_unique<StreamReaders>(*m_spool, m_sink.get(), m_health.get());
    m_supervisor = std::make_unique<Supervisor>(*m_service, Supervisor::makeOwnerId(role), options);
    // Writes of running jobs are fenced with their leases (see SnapshotSink::setFenceLookup).
    Supervisor *supervisor = m_supervisor.get();
    const auto fenceOf = [supervisor](const QString &jobId) { return supervisor->fenceOf(jobId); };
    m_sink->setFenceLookup(fenceOf);
    m_health->setFenceLookup(fenceOf);
    connect(m_sink.get(), &SnapshotSink::leaseLost, supervisor, &Supervisor::onLeaseLost,
            Qt::QueuedConnection);
    // A job is watched before its worker's first report is handled (both on this thread).
    connect(m_supervisor.get(), &Supervisor::jobAcquired, m_health.get(),
            &StreamHealthMonitor::watch);
    connect(m_supervisor.get(), &Supervisor::jobReleased, m_health.get(),
            &StreamHealthMonitor::forget);
    m_supervisor->setRunnerFactory([this](const SnapshotJob &job) {
        CaptureOptions capture = m_captureDefaults;
        capture.jobId = job.jobId;
        capture.url = job.streamInput.url;
        capture.streamType = job.streamInput.type;
        capture.caFile = job.streamInput.caFile;
        capture.tlsVerify = job.streamInput.tlsVerify;
        capture.intervalSeconds = job.timeInterval;
        capture.width = job.width;
        capture.height = job.height;
        capture.captureMode = job.captureMode;
        if (job.jpegQuality > 0) {
            capture.jpegQuality = job.jpegQuality;
        } else if (auto settings = m_service->getEngineSettings()) {
            capture.jpegQuality = settings->jpegQuality;
        }
        return m_readers->subscribe(capture);
    });
    m_supervisor->start();
    m_callbacks =
        std::make_unique<CallbackDispatcher>(*m_service, m_callbackSender, m_supervisor->ownerId());
    m_callbacks->start();
}

void Engine::setCallbackBackoff(int firstMs, int maxMs)
{
    if (m_callbacks) {
        m_callbacks->setBackoff(firstMs, maxMs);
    }
}

void Engine::setUploadBackoff(int firstMs, int maxMs)
{
    if (!m_uploads) {
        return;
    }
    // The queue lives on the network thread: change it there.
    UploadQueue *uploads = m_uploads;
    QMetaObject::invokeMethod(
        uploads, [uploads, firstMs, maxMs] { uploads->setBackoff(firstMs, maxMs); },
        Qt::QueuedConnection);
}

void Engine::startLinkServer()
{
    auto key = LinkSigner::loadOrCreateKey(m_dataDirectory.root());
    if (!key) {
        qCWarning(lcService) << "no link server:" << key.error().message;
        return;
    }
    SnapshotService *service = m_service.get();
    m_linkServer = std::make_unique<LinkServer>(
        *key,
        [service](const QString &locationId) -> std::optional<QString> {
            auto location = service->storageLocation(locationId);
            if (!location || location->storageType != storage::Local) {
                return std::nullopt;
            }
            return location->path;
        },
        m_service->clock());
    const int wanted =
        m_service->getEngineSettings() ? m_service->getEngineSettings()->linkServerPort : 0;
    auto listening = m_linkServer->listen(quint16(wanted));
    if (!listening && wanted != 0) {
        qCWarning(lcService) << "link server port" << wanted
                             << "is taken:" << listening.error().message << "- using a free port";
        listening = m_linkServer->listen(0);
    }
    if (!listening) {
        qCWarning(lcService) << "no link server:" << listening.error().message;
        m_linkServer.reset();
        return;
    }
    m_service->setLinkServerPort(m_linkServer->port());
}

void Engine::shutdown()
{
    if (m_callbacks) {
        m_callbacks->stop();
        m_callbacks.reset();
    }
    if (m_linkServer) {
        if (m_service && m_service->linkServerPort() == m_linkServer->port()) {
            m_service->setLinkServerPort(0);
        }
        m_linkServer.reset();
    }
    if (m_supervisor) {
        m_supervisor->shutdown();
        m_sink->setFenceLookup({});
        m_health->setFenceLookup({});
        m_supervisor.reset();
    }
    m_readers.reset();
    m_health.reset();
}

} // namespace livesnap
