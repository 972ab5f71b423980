#include "service/SnapshotService.h"

#include "service/LocationCredentials.h"
#include "storage/LocalFolderStore.h"

namespace livesnap {

SnapshotService::SnapshotService(Catalog &catalog, DataDirectory dataDirectory, Clock clock,
                                 QObject *parent)
    : QObject(parent)
    , m_context(catalog, std::move(dataDirectory), std::move(clock))
    , m_settings(m_context)
    , m_locations(m_context, m_settings)
    , m_templates(m_context)
    , m_callbackQueue(m_context, m_settings)
    , m_jobs(m_context, m_templates, m_locations, m_settings, m_callbackQueue)
    , m_files(m_context, m_jobs, m_locations)
    , m_usage(m_context, m_locations)
    , m_engineReports(m_context, m_jobs, m_callbackQueue)
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

// ---- Templates ------------------------------------------------------------------------------

Result<QString> SnapshotService::createLiveSnapshotTemplate(const TemplateSpec &spec)
{
    return m_templates.createLiveSnapshotTemplate(spec);
}

Result<SnapshotTemplate> SnapshotService::getLiveSnapshotTemplate(const QString &templateId)
{
    return m_templates.getLiveSnapshotTemplate(templateId);
}

Status SnapshotService::updateLiveSnapshotTemplate(const TemplateUpdate &update)
{
    return m_templates.updateLiveSnapshotTemplate(update);
}

Status SnapshotService::deleteLiveSnapshotTemplate(const QString &templateId)
{
    return m_templates.deleteLiveSnapshotTemplate(templateId);
}

Result<Page<SnapshotTemplate>>
SnapshotService::listLiveSnapshotTemplates(const TemplateQuery &query)
{
    return m_templates.listLiveSnapshotTemplates(query);
}

// ---- Jobs -----------------------------------------------------------------------------------

Result<QString> SnapshotService::submitLiveSnapshotJob(const JobSpec &spec)
{
    return m_jobs.submitLiveSnapshotJob(spec);
}

Result<SnapshotJob> SnapshotService::getLiveSnapshotJob(const QString &jobId)
{
    return m_jobs.getLiveSnapshotJob(jobId);
}

Result<Page<SnapshotJob>> SnapshotService::listLiveSnapshotJobs(const JobQuery &query)
{
    return m_jobs.listLiveSnapshotJobs(query);
}

Status SnapshotService::sendLiveSnapshotJobCommand(const QString &jobId, const QString &command)
{
    return m_jobs.sendLiveSnapshotJobCommand(jobId, command);
}

Status SnapshotService::deleteLiveSnapshotJob(const QString &jobId)
{
    return m_jobs.deleteLiveSnapshotJob(jobId);
}

Result<QList<JobEvent>> SnapshotService::listLiveSnapshotJobEvents(const QString &jobId, int limit)
{
    return m_jobs.listLiveSnapshotJobEvents(jobId, limit);
}

// ---- Files ----------------------------------------------------------------------------------

Result<FilePage> SnapshotService::listLiveSnapshotFiles(const FileQuery &query)
{
    return m_files.listLiveSnapshotFiles(query);
}

Result<qint64> SnapshotService::countLiveSnapshotFiles(const FileQuery &query)
{
    return m_files.countLiveSnapshotFiles(query);
}

void SnapshotService::getLiveSnapshotFileUrl(const QString &jobId, const QString &ossObject,
                                             int ttlSeconds, Reply<SignedLink> done)
{
    m_files.getLiveSnapshotFileUrl(jobId, ossObject, ttlSeconds, std::move(done));
}

void SnapshotService::deleteLiveSnapshotFiles(const QString &jobId,
                                              const QList<qint64> &createTimestamps,
                                              bool deleteOriginalFile,
                                              Reply<QList<FileDeleteResult>> done)
{
    m_files.deleteLiveSnapshotFiles(jobId, createTimestamps, deleteOriginalFile, std::move(done));
}

// ---- Usage ----------------------------------------------------------------------------------

Result<UsageSummary> SnapshotService::describeLiveSnapshotUsage(const QDateTime &start,
                                                                const QDateTime &end,
                                                                const QString &jobId)
{
    return m_usage.describeLiveSnapshotUsage(start, end, jobId);
}

void SnapshotService::exportLiveSnapshotUsage(const QDateTime &start, const QDateTime &end,
                                              const SnapshotOutput &output, Reply<SignedLink> done)
{
    m_usage.exportLiveSnapshotUsage(start, end, output, std::move(done));
}

// ---- Storage locations ----------------------------------------------------------------------

void SnapshotService::addStorageLocation(const StorageLocation &location,
                                         const StorageCredentials &credentials, Reply<QString> done)
{
    m_locations.addStorageLocation(location, credentials, std::move(done));
}

void SnapshotService::updateStorageLocation(const StorageLocation &location,
                                            const StorageCredentials &credentials, Done done)
{
    m_locations.updateStorageLocation(location, credentials, std::move(done));
}

void SnapshotService::deleteStorageLocation(const QString &locationId, Done done)
{
    m_locations.deleteStorageLocation(locationId, std::move(done));
}

Result<QList<StorageLocation>> SnapshotService::listStorageLocations()
{
    return m_locations.listStorageLocations();
}

Result<StorageLocation> SnapshotService::storageLocation(const QString &locationId)
{
    return m_locations.storageLocation(locationId);
}

Result<StorageLocation> SnapshotService::storageLocation(const SnapshotOutput &output)
{
    return m_locations.storageLocation(output);
}

void SnapshotService::testStorageLocation(const QString &locationId, Done done)
{
    m_locations.testStorageLocation(locationId, std::move(done));
}

Result<std::unique_ptr<LocalFolderStore>>
SnapshotService::openLocalStore(const StorageLocation &location)
{
    return m_locations.openLocalStore(location);
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
    return m_settings.linkServerPort();
}

void SnapshotService::setLinkServerPort(int port)
{
    m_settings.setLinkServerPort(port);
}

void SnapshotService::setCallbackSettings(const CallbackSettings &settings, Done done)
{
    m_settings.setCallbackSettings(settings, std::move(done));
}

Result<CallbackSettings> SnapshotService::getCallbackSettings()
{
    return m_settings.getCallbackSettings();
}

Result<EngineSettings> SnapshotService::getEngineSettings()
{
    return m_settings.getEngineSettings();
}

Status SnapshotService::updateEngineSettings(const EngineSettings &settings)
{
    return m_settings.updateEngineSettings(settings);
}

QString SnapshotService::callbackDeliveryHeld() const
{
    return m_settings.callbackDeliveryHeld();
}

void SnapshotService::setCallbackDeliveryHeld(const QString &reason)
{
    m_settings.setCallbackDeliveryHeld(reason);
}

// ---- Engine-facing --------------------------------------------------------------------------

Result<qint64> SnapshotService::allocateSequence(const QString &jobId)
{
    return m_engineReports.allocateSequence(jobId);
}

Result<std::optional<qint64>> SnapshotService::claimSequence(const QString &jobId,
                                                             qint64 createTimestamp)
{
    return m_engineReports.claimSequence(jobId, createTimestamp);
}

Status SnapshotService::recordSnapshot(const QList<SnapshotFile> &objects,
                                       const QString &locationId)
{
    return m_engineReports.recordSnapshot(objects, locationId);
}

Status SnapshotService::reportStreamState(const QString &jobId, const QString &state,
                                          const QString &error)
{
    return m_engineReports.reportStreamState(jobId, state, error);
}

Status SnapshotService::reportJobAlert(const QString &jobId, const QString &message)
{
    return m_engineReports.reportJobAlert(jobId, message);
}

Status SnapshotService::addJobEvent(const QString &jobId, const QString &kind,
                                    const QString &message)
{
    return m_engineReports.addJobEvent(jobId, kind, message);
}

} // namespace livesnap
