#pragma once

#include "capture/CaptureWorker.h"
#include "catalog/Catalog.h"
#include "common/DataDirectory.h"
#include "engine/Supervisor.h"
#include "service/SnapshotService.h"

#include <QObject>
#include <QThread>

#include <memory>

namespace livesnap {

// One engine process's core: the catalog connection, the service facade and the supervisor
// that runs the jobs it leases. `livesnapctl serve` and the GUI each build one; both live on
// the thread that calls open() (the GUI's is a dedicated engine thread).
class CallbackDispatcher;
class CallbackSender;
class LinkServer;
class SecretStore;
class SnapshotSink;
class Spool;
class StreamHealthMonitor;
class StreamReaders;
class UploadQueue;

class Engine : public QObject {
    Q_OBJECT

public:
    explicit Engine(DataDirectory dataDirectory, QObject *parent = nullptr);
    ~Engine() override;

    // Where OSS / S3 credentials come from; the keychain unless set before open().
    void setSecretStore(std::unique_ptr<SecretStore> secrets);
    Status open(Clock clock = Clock());
    // Timeouts and backoff of the capture workers it starts (tests shorten them).
    void setCaptureDefaults(const CaptureOptions &defaults) { m_captureDefaults = defaults; }
    // Backoff of the upload queue's retries (default 1 s doubling to 8 s); after open().
    void setUploadBackoff(int firstMs, int maxMs);
    // Backoff of callback retries (default 2 s doubling to 60 s); after startSupervisor().
    void setCallbackBackoff(int firstMs, int maxMs);
    // Stores what the spool holds, then leases and runs started jobs.
    void startSupervisor(const QString &role, Supervisor::Options options = {});
    void shutdown();

    SnapshotService *service() const { return m_service.get(); }
    SnapshotSink *sink() const { return m_sink.get(); }
    UploadQueue *uploads() const { return m_uploads; }
    Spool *spool() const { return m_spool.get(); }
    // Serves signed links to local-folder objects; started with the supervisor.
    LinkServer *linkServer() const { return m_linkServer.get(); }
    Supervisor *supervisor() const { return m_supervisor.get(); }
    // Judges the stream health of the jobs the supervisor runs.
    StreamHealthMonitor *streamHealth() const { return m_health.get(); }
    // The stream connections the running jobs share; made with the supervisor.
    StreamReaders *streamReaders() const { return m_readers.get(); }
    // Delivers queued callbacks; runs with the supervisor.
    CallbackDispatcher *callbacks() const { return m_callbacks.get(); }
    Catalog &catalog() { return m_catalog; }
    const DataDirectory &dataDirectory() const { return m_dataDirectory; }

private:
    QString catalogPassword();
    void startLinkServer();

    DataDirectory m_dataDirectory;
    Catalog m_catalog;
    std::shared_ptr<SecretStore> m_secrets; // shared with work off the engine thread
    std::unique_ptr<SnapshotService> m_service;
    std::unique_ptr<Spool> m_spool;
    QThread m_networkThread;
    UploadQueue *m_uploads = nullptr;           // lives on m_networkThread
    CallbackSender *m_callbackSender = nullptr; // lives on m_networkThread
    std::unique_ptr<CallbackDispatcher> m_callbacks;
    std::unique_ptr<SnapshotSink> m_sink;
    std::unique_ptr<LinkServer> m_linkServer;
    std::unique_ptr<StreamHealthMonitor> m_health;
    std::unique_ptr<StreamReaders> m_readers; // outlives the supervisor's running jobs
    std::unique_ptr<Supervisor> m_supervisor;
    CaptureOptions m_captureDefaults;
};

} // namespace livesnap
