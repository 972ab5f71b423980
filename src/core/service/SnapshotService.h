#pragma once

#include "domain/EngineInfo.h"
#include "service/Requests.h"
#include "service/ServiceAreas.h"
#include "service/ServiceContext.h"

#include <QObject>

#include <memory>

namespace livesnap {

class CatalogWatcher;
class LocalFolderStore;
class SecretStore;

// The one facade: the reference service's operations (with its field names and error codes)
// plus the desktop's own (storage locations, callback and engine settings). The CLI, the GUI
// and the tests all drive this class. It is confined to the thread that owns its Catalog;
// every operation is a catalog transaction, and user errors leave the catalog unchanged.
// Each area is a class of its own (ServiceAreas: TemplateOperations, JobOperations,
// FileOperations, StorageLocationOperations, SettingsOperations, UsageOperations, EngineReports,
// CallbackQueue) over one ServiceContext; this class hands each call to its area and forwards
// the signals the areas emit on the context's ServiceNotifier.
class SnapshotService : public QObject {
    Q_OBJECT

public:
    // Operations that wait on the keychain or a store answer through these, later, on this
    // service's thread (never inside the call).
    using Done = ServiceContext::Done;
    template <typename T> using Reply = ServiceContext::Reply<T>;

    SnapshotService(Catalog &catalog, DataDirectory dataDirectory, Clock clock = Clock(),
                    QObject *parent = nullptr);
    ~SnapshotService() override;

    // Templates
    Result<QString> createLiveSnapshotTemplate(const TemplateSpec &spec);
    Result<SnapshotTemplate> getLiveSnapshotTemplate(const QString &templateId);
    Status updateLiveSnapshotTemplate(const TemplateUpdate &update);
    Status deleteLiveSnapshotTemplate(const QString &templateId);
    Result<Page<SnapshotTemplate>> listLiveSnapshotTemplates(const TemplateQuery &query);

    // Jobs
    Result<QString> submitLiveSnapshotJob(const JobSpec &spec);
    Result<SnapshotJob> getLiveSnapshotJob(const QString &jobId);
    Result<Page<SnapshotJob>> listLiveSnapshotJobs(const JobQuery &query);
    Status sendLiveSnapshotJobCommand(const QString &jobId, const QString &command);
    Status deleteLiveSnapshotJob(const QString &jobId);
    // Bulk forms (--JobIds): each job as the single-job call would, reported one by one
    // through each and all together in the result (see JobOperations).
    Result<QList<JobOutcome>> sendLiveSnapshotJobCommand(const QStringList &jobIds,
                                                         const QString &command,
                                                         const JobOutcomeCallback &each = {});
    Result<QList<JobOutcome>> deleteLiveSnapshotJob(const QStringList &jobIds,
                                                    const JobOutcomeCallback &each = {});
    Result<QList<JobEvent>> listLiveSnapshotJobEvents(const QString &jobId, int limit);

    // Files
    Result<FilePage> listLiveSnapshotFiles(const FileQuery &query);
    // How many objects listLiveSnapshotFiles would page through (one indexed count).
    Result<qint64> countLiveSnapshotFiles(const FileQuery &query);
    // Objects from a position of the range (see FileOperations::listLiveSnapshotFilesAt).
    Result<QList<SnapshotFile>> listLiveSnapshotFilesAt(const FileQuery &query, qint64 offset,
                                                        qint64 rangeCount = -1);
    // A signed link to one stored snapshot object (presigned for OSS/S3; served by the engine's
    // link server for local folders), valid for ttlSeconds. The credentials of an OSS/S3
    // location come from the keychain, read off this thread.
    void getLiveSnapshotFileUrl(const QString &jobId, const QString &ossObject, int ttlSeconds,
                                Reply<SignedLink> done);
    // The link to the copy in `store` (one of the job's stores), or without one to the first
    // confirmed copy.
    void getLiveSnapshotFileUrl(const QString &jobId, const QString &ossObject, int ttlSeconds,
                                const std::optional<SnapshotOutput> &store, Reply<SignedLink> done);
    // Deleting stored objects runs off this thread; records go once their object is gone.
    void deleteLiveSnapshotFiles(const QString &jobId, const QList<qint64> &createTimestamps,
                                 bool deleteOriginalFile, Reply<QList<FileDeleteResult>> done);

    // Usage: how long engines ran each job, per UTC day, within [start, end).
    Result<UsageSummary> describeLiveSnapshotUsage(const QDateTime &start, const QDateTime &end,
                                                   const QString &jobId = QString());
    // Writes the usage of [start, end) as CSV under usage/ in a storage location and returns a
    // link that lives exactly 30 minutes (each call makes a new file and link). The catalog is
    // read here; the upload and the signing run off this thread.
    void exportLiveSnapshotUsage(const QDateTime &start, const QDateTime &end,
                                 const SnapshotOutput &output, Reply<SignedLink> done);

    // Storage locations; a location is named by its id or by {StorageType, Endpoint, Bucket}.
    // OSS / S3 locations need credentials; they go to the secret store, never the catalog.
    // Credentials are written to the keychain off this thread, before the catalog changes.
    void addStorageLocation(const StorageLocation &location, const StorageCredentials &credentials,
                            Reply<QString> done);
    // Empty credentials keep the stored ones.
    void updateStorageLocation(const StorageLocation &location,
                               const StorageCredentials &credentials, Done done);
    void deleteStorageLocation(const QString &locationId, Done done);
    Result<QList<StorageLocation>> listStorageLocations();
    Result<StorageLocation> storageLocation(const QString &locationId);
    Result<StorageLocation> storageLocation(const SnapshotOutput &output);
    // Writes, reads back and removes a probe object, off this thread.
    void testStorageLocation(const QString &locationId, Done done);
    // A local folder's store (disk only, no keychain); an error for OSS / S3 locations, whose
    // stores are opened off this thread (StoreTasks, openerFor).
    Result<std::unique_ptr<LocalFolderStore>> openLocalStore(const StorageLocation &location);
    // The names an OSS / S3 location's credentials go by in the keychain or a credentials file.
    static QStringList credentialKeys(const QString &locationId);
    // Reads those credentials; needs no catalog, so the network thread can use it too.
    static Result<StorageCredentials> readCredentials(SecretStore &secrets,
                                                      const QString &locationId);

    // The port the link server of a running engine on this data directory listens on (0: none).
    int linkServerPort() const;
    void setLinkServerPort(int port);

    // Where OSS / S3 credentials live: the keychain, or an operator's credentials file. Shared
    // with work running off this thread.
    void setSecretStore(std::shared_ptr<SecretStore> secrets);
    SecretStore *secretStore() const;

    // Settings. The AuthKey goes to the keychain off this thread, then the catalog changes.
    void setCallbackSettings(const CallbackSettings &settings, Done done);
    Result<CallbackSettings> getCallbackSettings();
    // The engines on this catalog (ListEngines), newest first; an engine is alive while its
    // heartbeat is younger than EngineAliveWithinMs.
    static constexpr qint64 EngineAliveWithinMs = 15000;
    Result<QList<EngineInfo>> listEngines();

    Result<EngineSettings> getEngineSettings();
    Status updateEngineSettings(const EngineSettings &settings);

    // Engine-facing: used by the supervisor and capture workers of this process.
    Result<qint64> allocateSequence(const QString &jobId);
    // See FileRepository::claimSequence.
    // With a fence: refused (LeaseFence::lostCode) once the job's lease is not that one.
    Result<std::optional<qint64>> claimSequence(const QString &jobId, qint64 createTimestamp,
                                                const LeaseFence &fence = {});
    // One store's copy of a snapshot; see FileRepository::record.
    Result<FileRecord> recordSnapshot(const QList<SnapshotFile> &objects, const QString &locationId,
                                      const LeaseFence &fence = {});
    // See FileRepository::locationsHolding.
    Result<QStringList> locationsHolding(const QString &jobId, const QStringList &ossObjects,
                                         qint64 createTimestamp);
    Status reportStreamState(const QString &jobId, const QString &state, const QString &error,
                             const LeaseFence &fence = {});
    // A running job's stream health changed: recorded with an event and a callback.
    Status reportStreamHealth(const QString &jobId, const QString &health, qint64 sinceMs,
                              const QString &message);
    // An alert on a running job (e.g. the spool is full), shown as its LastError.
    Status reportJobAlert(const QString &jobId, const QString &message);
    Status addJobEvent(const QString &jobId, const QString &kind, const QString &message);
    // Callback delivery held because the AuthKey is set but cannot be read: why (recorded by
    // the engine that found it out, shown by getCallbackSettings); empty when delivering.
    QString callbackDeliveryHeld() const;
    void setCallbackDeliveryHeld(const QString &reason);
    CallbackRepository &callbacks() { return m_context.callbacks(); }

    // Notice changes other processes make to the catalog (checked every intervalMs on this
    // service's thread, see CatalogWatcher) and emit the signals below for them. Engines do.
    void watchCatalog(int intervalMs = 500);

    Catalog &catalog() { return m_context.catalog(); }
    const DataDirectory &dataDirectory() const { return m_context.dataDirectory(); }
    const Clock &clock() const { return m_context.clock(); }

signals:
    void templatesChanged();
    void jobChanged(const QString &jobId); // created, commanded, state, snapshot, event
    void jobRemoved(const QString &jobId);
    void filesChanged(const QString &jobId);
    void storageLocationsChanged();
    void callbackQueued();
    void callbackSettingsChanged();

private:
    ServiceContext m_context;
    ServiceAreas m_areas;
    std::unique_ptr<CatalogWatcher> m_watcher;
};

} // namespace livesnap
