#pragma once

#include "catalog/CallbackRepository.h"
#include "catalog/Catalog.h"
#include "catalog/FileRepository.h"
#include "catalog/JobRepository.h"
#include "catalog/LocationRepository.h"
#include "catalog/TemplateRepository.h"
#include "common/Clock.h"
#include "common/DataDirectory.h"
#include "common/ReplyChannel.h"
#include "service/Requests.h"
#include "storage/StoreTasks.h"

#include <QObject>

#include <QHash>

#include <functional>
#include <memory>

namespace livesnap {

class LocalFolderStore;
class ObjectStore;
class SecretStore;

// The one facade: the reference service's operations (with its field names and error codes)
// plus the desktop's own (storage locations, callback and engine settings). The CLI, the GUI
// and the tests all drive this class. It is confined to the thread that owns its Catalog;
// every operation is a catalog transaction, and user errors leave the catalog unchanged.
class SnapshotService : public QObject {
    Q_OBJECT

public:
    // Operations that wait on the keychain or a store answer through these, later, on this
    // service's thread (never inside the call).
    using Done = std::function<void(Status)>;
    template <typename T> using Reply = std::function<void(Result<T>)>;

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
    Result<QList<JobEvent>> listLiveSnapshotJobEvents(const QString &jobId, int limit);

    // Files
    Result<FilePage> listLiveSnapshotFiles(const FileQuery &query);
    // How many objects listLiveSnapshotFiles would page through (one indexed count).
    Result<qint64> countLiveSnapshotFiles(const FileQuery &query);
    // A signed link to one stored snapshot object (presigned for OSS/S3; served by the engine's
    // link server for local folders), valid for ttlSeconds. The credentials of an OSS/S3
    // location come from the keychain, read off this thread.
    void getLiveSnapshotFileUrl(const QString &jobId, const QString &ossObject, int ttlSeconds,
                                Reply<SignedLink> done);
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
    void setSecretStore(std::shared_ptr<SecretStore> secrets) { m_secrets = std::move(secrets); }
    SecretStore *secretStore() const { return m_secrets.get(); }

    // Settings. The AuthKey goes to the keychain off this thread, then the catalog changes.
    void setCallbackSettings(const CallbackSettings &settings, Done done);
    Result<CallbackSettings> getCallbackSettings();
    Result<EngineSettings> getEngineSettings();
    Status updateEngineSettings(const EngineSettings &settings);

    // Engine-facing: used by the supervisor and capture workers of this process.
    Result<qint64> allocateSequence(const QString &jobId);
    // See FileRepository::claimSequence.
    Result<std::optional<qint64>> claimSequence(const QString &jobId, qint64 createTimestamp);
    Status recordSnapshot(const QList<SnapshotFile> &objects, const QString &locationId);
    Status reportStreamState(const QString &jobId, const QString &state, const QString &error);
    // An alert on a running job (e.g. the spool is full), shown as its LastError.
    Status reportJobAlert(const QString &jobId, const QString &message);
    Status addJobEvent(const QString &jobId, const QString &kind, const QString &message);
    // Callback delivery held because the AuthKey is set but cannot be read: why (recorded by
    // the engine that found it out, shown by getCallbackSettings); empty when delivering.
    QString callbackDeliveryHeld() const;
    void setCallbackDeliveryHeld(const QString &reason);
    CallbackRepository &callbacks() { return m_callbacks; }

    Catalog &catalog() { return m_catalog; }
    const DataDirectory &dataDirectory() const { return m_dataDirectory; }
    const Clock &clock() const { return m_clock; }

signals:
    void templatesChanged();
    void jobChanged(const QString &jobId); // created, commanded, state, snapshot, event
    void jobRemoved(const QString &jobId);
    void filesChanged(const QString &jobId);
    void storageLocationsChanged();
    void callbackQueued();
    void callbackSettingsChanged();

private:
    Result<SnapshotJob> requireJob(const QString &jobId);
    Result<SnapshotTemplate> requireTemplate(const QString &templateId);
    StorageLocation withResolvedPath(StorageLocation location) const;
    // Runs work() on a pool thread (it may wait on the keychain), then then(result) here.
    template <typename Work, typename Then> void offThread(Work work, Then then)
    {
        runOffThread(m_channel, std::move(work), std::move(then));
    }
    // Runs then(result) here from the event loop: answers never come inside the call.
    template <typename T> void answer(std::function<void(T)> done, T result)
    {
        m_channel->post([done = std::move(done), result = std::move(result)] { done(result); });
    }
    StoreTasks &storeTasks();
    // How StoreTasks gets this location's store: a local folder's is made here, an OSS / S3
    // one on the pool thread (its credentials come from the keychain).
    StoreTasks::Opener openerFor(const StorageLocation &location);
    Result<FileDeleteResult> deleteRecordsOf(const QString &jobId, FileDeleteResult result,
                                             const QList<SnapshotFile> &files,
                                             const QHash<QString, QString> &failures);
    void insertStorageLocation(const StorageLocation &location, bool wroteCredentials,
                               Reply<QString> done);
    void finishUpdateStorageLocation(const StorageLocation &updated, Done done);
    void finishCallbackSettings(const CallbackSettings &settings, bool keyChanged, Done done);
    static QString newId();
    Status validateFileQuery(const FileQuery &query, bool paged);
    QString globalCallbackUrl() const;
    // Queues an event for the job's callback URL (or the global one; nothing when neither is
    // set), in the caller's transaction if there is one.
    Status queueCallback(const SnapshotJob &job, const QString &eventType,
                         const QJsonObject &messageBody);

    Catalog &m_catalog;
    DataDirectory m_dataDirectory;
    Clock m_clock;
    TemplateRepository m_templates;
    JobRepository m_jobs;
    FileRepository m_files;
    LocationRepository m_locations;
    CallbackRepository m_callbacks;
    std::shared_ptr<SecretStore> m_secrets;
    ReplyChannelPtr m_channel;
    std::unique_ptr<StoreTasks> m_storeTasks; // started on first use
    QByteArray m_linkKey;                     // loaded on first use
};

} // namespace livesnap
