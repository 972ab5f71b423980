#include "service/SnapshotService.h"

#include "catalog/EngineRepository.h"

#include "service/CatalogWatcher.h"
#include "service/LocationCredentials.h"
#include "storage/LocalFolderStore.h"

namespace livesnap {

SnapshotService::SnapshotService(Catalog &catalog, DataDirectory dataDirectory, Clock clock,
                                 QObject *parent)
    : QObject(parent)
    , m_context(catalog, std::move(dataDirectory), std::move(clock))
    , m_areas(m_context)
{
    // The areas emit on the context's notifier; callers connect to this facade.
    const ServiceNotifier *n = &m_context.notifier();
    connect(n, &ServiceNotifier::templatesChanged, this, &SnapshotService::templatesChanged);
    connect(n, &ServiceNotifier::jobChanged, this, &SnapshotService::jobChanged);
    connect(n, &ServiceNotifier::jobRemoved, this, &SnapshotService::jobRemoved);
    connect(n, &ServiceNotifier::filesChanged, this, &SnapshotService::filesChanged);
    connect(n, &ServiceNotifier::storageLocationsChanged, this,
            &SnapshotService::storageLocationsChanged);
    connect(n, &ServiceNotifier::callbackQueued, this, &SnapshotService::callbackQueued);
    connect(n, &ServiceNotifier::callbackSettingsChanged, this,
            &SnapshotService::callbackSettingsChanged);
}

SnapshotService::~SnapshotService() = default;

void SnapshotService::watchCatalog(int intervalMs)
{
    if (!m_watcher) {
        m_watcher = std::make_unique<CatalogWatcher>(m_context);
    }
    m_watcher->start(intervalMs);
}

// ---- Templates ------------------------------------------------------------------------------

Result<QString> SnapshotService::createLiveSnapshotTemplate(const TemplateSpec &spec)
{
    return m_areas.templates.createLiveSnapshotTemplate(spec);
}

Result<SnapshotTemplate> SnapshotService::getLiveSnapshotTemplate(const QString &templateId)
{
    return m_areas.templates.getLiveSnapshotTemplate(templateId);
}

Status SnapshotService::updateLiveSnapshotTemplate(const TemplateUpdate &update)
{
    return m_areas.templates.updateLiveSnapshotTemplate(update);
}

Status SnapshotService::deleteLiveSnapshotTemplate(const QString &templateId)
{
    return m_areas.templates.deleteLiveSnapshotTemplate(templateId);
}

Result<Page<SnapshotTemplate>>
SnapshotService::listLiveSnapshotTemplates(const TemplateQuery &query)
{
    return m_areas.templates.listLiveSnapshotTemplates(query);
}

// ---- Jobs -----------------------------------------------------------------------------------

Result<QString> SnapshotService::submitLiveSnapshotJob(const JobSpec &spec)
{
    return m_areas.jobs.submitLiveSnapshotJob(spec);
}

Result<QList<EngineInfo>> SnapshotService::listEngines()
{
    return EngineRepository(catalog()).list(clock().nowMs(), EngineAliveWithinMs);
}

Result<SnapshotJob> SnapshotService::getLiveSnapshotJob(const QString &jobId)
{
    return m_areas.jobs.getLiveSnapshotJob(jobId);
}

Result<Page<SnapshotJob>> SnapshotService::listLiveSnapshotJobs(const JobQuery &query)
{
    return m_areas.jobs.listLiveSnapshotJobs(query);
}

Status SnapshotService::sendLiveSnapshotJobCommand(const QString &jobId, const QString &command)
{
    return m_areas.jobs.sendLiveSnapshotJobCommand(jobId, command);
}

Status SnapshotService::deleteLiveSnapshotJob(const QString &jobId)
{
    return m_areas.jobs.deleteLiveSnapshotJob(jobId);
}

Result<QList<JobOutcome>>
SnapshotService::sendLiveSnapshotJobCommand(const QStringList &jobIds, const QString &command,
                                            const JobOutcomeCallback &each)
{
    return m_areas.jobs.sendLiveSnapshotJobCommand(jobIds, command, each);
}

Result<QList<JobOutcome>> SnapshotService::deleteLiveSnapshotJob(const QStringList &jobIds,
                                                                 const JobOutcomeCallback &each)
{
    return m_areas.jobs.deleteLiveSnapshotJob(jobIds, each);
}

Result<QList<JobEvent>> SnapshotService::listLiveSnapshotJobEvents(const QString &jobId, int limit)
{
    return m_areas.jobs.listLiveSnapshotJobEvents(jobId, limit);
}

// ---- Files ----------------------------------------------------------------------------------

Result<FilePage> SnapshotService::listLiveSnapshotFiles(const FileQuery &query)
{
    return m_areas.files.listLiveSnapshotFiles(query);
}

Result<qint64> SnapshotService::countLiveSnapshotFiles(const FileQuery &query)
{
    return m_areas.files.countLiveSnapshotFiles(query);
}

Result<QList<SnapshotFile>>
SnapshotService::listLiveSnapshotFilesAt(const FileQuery &query, qint64 offset, qint64 rangeCount)
{
    return m_areas.files.listLiveSnapshotFilesAt(query, offset, rangeCount);
}

void SnapshotService::getLiveSnapshotFileUrl(const QString &jobId, const QString &ossObject,
                                             int ttlSeconds, Reply<SignedLink> done)
{
    m_areas.files.getLiveSnapshotFileUrl(jobId, ossObject, ttlSeconds, std::nullopt,
                                         std::move(done));
}

void SnapshotService::getLiveSnapshotFileUrl(const QString &jobId, const QString &ossObject,
                                             int ttlSeconds,
                                             const std::optional<SnapshotOutput> &store,
                                             Reply<SignedLink> done)
{
    m_areas.files.getLiveSnapshotFileUrl(jobId, ossObject, ttlSeconds, store, std::move(done));
}

void SnapshotService::deleteLiveSnapshotFiles(const QString &jobId,
                                              const QList<qint64> &createTimestamps,
                                              bool deleteOriginalFile,
                                              Reply<QList<FileDeleteResult>> done)
{
    m_areas.files.deleteLiveSnapshotFiles(jobId, createTimestamps, deleteOriginalFile,
                                          std::move(done));
}

// ---- Usage ----------------------------------------------------------------------------------

Result<UsageSummary> SnapshotService::describeLiveSnapshotUsage(const QDateTime &start,
                                                                const QDateTime &end,
                                                                const QString &jobId)
{
    return m_areas.usage.describeLiveSnapshotUsage(start, end, jobId);
}

void SnapshotService::exportLiveSnapshotUsage(const QDateTime &start, const QDateTime &end,
                                              const SnapshotOutput &output, Reply<SignedLink> done)
{
    m_areas.usage.exportLiveSnapshotUsage(start, end, output, std::move(done));
}

// ---- Storage locations ----------------------------------------------------------------------

void SnapshotService::addStorageLocation(const StorageLocation &location,
                                         const StorageCredentials &credentials, Reply<QString> done)
{
    m_areas.locations.addStorageLocation(location, credentials, std::move(done));
}

void SnapshotService::updateStorageLocation(const StorageLocation &location,
                                            const StorageCredentials &credentials, Done done)
{
    m_areas.locations.updateStorageLocation(location, credentials, std::move(done));
}

void SnapshotService::deleteStorageLocation(const QString &locationId, Done done)
{
    m_areas.locations.deleteStorageLocation(locationId, std::move(done));
}

Result<QList<StorageLocation>> SnapshotService::listStorageLocations()
{
    return m_areas.locations.listStorageLocations();
}

Result<StorageLocation> SnapshotService::storageLocation(const QString &locationId)
{
    return m_areas.locations.storageLocation(locationId);
}

Result<StorageLocation> SnapshotService::storageLocation(const SnapshotOutput &output)
{
    return m_areas.locations.storageLocation(output);
}

void SnapshotService::testStorageLocation(const QString &locationId, Done done)
{
    m_areas.locations.testStorageLocation(locationId, std::move(done));
}

Result<std::unique_ptr<LocalFolderStore>>
SnapshotService::openLocalStore(const StorageLocation &location)
{
    return m_areas.locations.openLocalStore(location);
}

QStringList SnapshotService::credentialKeys(const QString &locationId)
{
    return locationcredentials::keys(locationId);
}

Result<StorageCredentials> SnapshotService::readCredentials(SecretStore &secrets,
                                                            const QString &locationId)
{
    return locationcredentials::read(secrets, locationId);
}

void SnapshotService::setSecretStore(std::shared_ptr<SecretStore> secrets)
{
    m_context.setSecrets(std::move(secrets));
}

SecretStore *SnapshotService::secretStore() const
{
    return m_context.secrets().get();
}

// ---- Settings -------------------------------------------------------------------------------

int SnapshotService::linkServerPort() const
{
    return m_areas.settings.linkServerPort();
}

void SnapshotService::setLinkServerPort(int port)
{
    m_areas.settings.setLinkServerPort(port);
}

void SnapshotService::setCallbackSettings(const CallbackSettings &settings, Done done)
{
    m_areas.settings.setCallbackSettings(settings, std::move(done));
}

Result<CallbackSettings> SnapshotService::getCallbackSettings()
{
    return m_areas.settings.getCallbackSettings();
}

Result<EngineSettings> SnapshotService::getEngineSettings()
{
    return m_areas.settings.getEngineSettings();
}

Status SnapshotService::updateEngineSettings(const EngineSettings &settings)
{
    return m_areas.settings.updateEngineSettings(settings);
}

QString SnapshotService::callbackDeliveryHeld() const
{
    return m_areas.settings.callbackDeliveryHeld();
}

void SnapshotService::setCallbackDeliveryHeld(const QString &reason)
{
    m_areas.settings.setCallbackDeliveryHeld(reason);
}

// ---- Engine-facing --------------------------------------------------------------------------

Result<qint64> SnapshotService::allocateSequence(const QString &jobId)
{
    return m_areas.engineReports.allocateSequence(jobId);
}

Result<std::optional<qint64>> SnapshotService::claimSequence(const QString &jobId,
                                                             qint64 createTimestamp,
                                                             const LeaseFence &fence)
{
    return m_areas.engineReports.claimSequence(jobId, createTimestamp, fence);
}

Result<FileRecord> SnapshotService::recordSnapshot(const QList<SnapshotFile> &objects,
                                                   const QString &locationId,
                                                   const LeaseFence &fence)
{
    return m_areas.engineReports.recordSnapshot(objects, locationId, fence);
}

Result<QStringList> SnapshotService::locationsHolding(const QString &jobId,
                                                      const QStringList &ossObjects,
                                                      qint64 createTimestamp)
{
    return m_areas.engineReports.locationsHolding(jobId, ossObjects, createTimestamp);
}

Status SnapshotService::reportStreamState(const QString &jobId, const QString &state,
                                          const QString &error, const LeaseFence &fence)
{
    return m_areas.engineReports.reportStreamState(jobId, state, error, fence);
}

Status SnapshotService::reportStreamHealth(const QString &jobId, const QString &health,
                                           qint64 sinceMs, const QString &message)
{
    return m_areas.engineReports.reportStreamHealth(jobId, health, sinceMs, message);
}

Status SnapshotService::reportJobAlert(const QString &jobId, const QString &message)
{
    return m_areas.engineReports.reportJobAlert(jobId, message);
}

Status SnapshotService::addJobEvent(const QString &jobId, const QString &kind,
                                    const QString &message)
{
    return m_areas.engineReports.addJobEvent(jobId, kind, message);
}

} // namespace livesnap
