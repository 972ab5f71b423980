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
#include "storage/StoreTasks.h"

#include <QObject>

#include <functional>
#include <memory>

namespace livesnap {

class SecretStore;

// The signals of the service's operations. The areas emit them here; SnapshotService forwards
// each to its own signal of the same name.
class ServiceNotifier : public QObject {
    Q_OBJECT

public:
    using QObject::QObject;

signals:
    void templatesChanged();
    void jobChanged(const QString &jobId); // created, commanded, state, snapshot, event
    void jobRemoved(const QString &jobId);
    void filesChanged(const QString &jobId);
    void storageLocationsChanged();
    void callbackQueued();
    void callbackSettingsChanged();
};

// What every area of the service shares: the catalog and its repositories, the data directory,
// the clock, the secret store, and the way back to this thread for work that runs elsewhere.
// Confined, like the areas, to the thread that owns the catalog.
class ServiceContext {
public:
    // Operations that wait on the keychain or a store answer through these, later, on this
    // thread (never inside the call).
    using Done = std::function<void(Status)>;
    template <typename T> using Reply = std::function<void(Result<T>)>;

    ServiceContext(Catalog &catalog, DataDirectory dataDirectory, Clock clock);
    ~ServiceContext();
    ServiceContext(const ServiceContext &) = delete;
    ServiceContext &operator=(const ServiceContext &) = delete;

    static QString newId();

    // Runs work() on a pool thread (it may wait on the keychain), then then(result) here.
    template <typename Work, typename Then> void offThread(Work work, Then then)
    {
        runOffThread(m_channel, std::move(work), std::move(then));
    }
    // Runs done(result) here from the event loop: answers never come inside the call.
    template <typename T> void answer(std::function<void(T)> done, T result)
    {
        m_channel->post([done = std::move(done), result = std::move(result)] { done(result); });
    }
    // Started on first use.
    StoreTasks &storeTasks();

    Catalog &catalog() { return m_catalog; }
    const DataDirectory &dataDirectory() const { return m_dataDirectory; }
    const Clock &clock() const { return m_clock; }
    TemplateRepository &templates() { return m_templates; }
    JobRepository &jobs() { return m_jobs; }
    FileRepository &files() { return m_files; }
    LocationRepository &locations() { return m_locations; }
    CallbackRepository &callbacks() { return m_callbacks; }
    // Where OSS / S3 credentials and the callback AuthKey live; shared with work running off
    // this thread. Empty when there is no keychain.
    const std::shared_ptr<SecretStore> &secrets() const { return m_secrets; }
    void setSecrets(std::shared_ptr<SecretStore> secrets) { m_secrets = std::move(secrets); }
    const ReplyChannelPtr &channel() const { return m_channel; }
    ServiceNotifier &notifier() { return m_notifier; }

private:
    ServiceNotifier m_notifier; // first: work posted to it is dropped with it, last
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
    std::unique_ptr<StoreTasks> m_storeTasks;
};

} // namespace livesnap
