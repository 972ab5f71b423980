#include "engine/EngineHost.h"

namespace livesnap {

EngineHost::EngineHost(DataDirectory dataDirectory, QObject *parent)
    : QObject(parent)
    , m_dataDirectory(std::move(dataDirectory))
{
    m_thread.setObjectName(QStringLiteral("livesnap-engine"));
}

EngineHost::~EngineHost()
{
    stop();
}

Status EngineHost::start(const QString &role, Supervisor::Options options, Mode mode)
{
    if (m_engine) {
        return success();
    }
    m_mode = mode;
    m_thread.start();
    m_engine = new Engine(m_dataDirectory);
    m_engine->moveToThread(&m_thread);
    Status status = success();
    QMetaObject::invokeMethod(
        m_engine,
        [this, &status, role, options, mode] {
            status = m_engine->open();
            if (status) {
                relayEvents(*m_engine->service());
                Supervisor::Options chosen = options;
                if (mode == Mode::ConsoleOnly) {
                    // Registered (ListEngines shows the console) but takes no lease.
                    chosen.capacity = 0;
                    chosen.capture = false;
                }
                m_engine->startSupervisor(
                    mode == Mode::ConsoleOnly ? QStringLiteral("console") : role, chosen);
                m_engineId = m_engine->supervisor() ? m_engine->supervisor()->ownerId() : QString();
            }
        },
        Qt::BlockingQueuedConnection);
    if (!status) {
        stop();
    }
    return status;
}

void EngineHost::relayEvents(SnapshotService &service)
{
    // Queued: the service emits on the engine thread, views listen on this host's thread.
    const auto queued = Qt::QueuedConnection;
    connect(&service, &SnapshotService::templatesChanged, &m_events,
            &EngineEvents::templatesChanged, queued);
    connect(&service, &SnapshotService::jobChanged, &m_events, &EngineEvents::jobChanged, queued);
    connect(&service, &SnapshotService::jobRemoved, &m_events, &EngineEvents::jobRemoved, queued);
    connect(&service, &SnapshotService::filesChanged, &m_events, &EngineEvents::filesChanged,
            queued);
    connect(&service, &SnapshotService::storageLocationsChanged, &m_events,
            &EngineEvents::storageLocationsChanged, queued);
    connect(&service, &SnapshotService::callbackSettingsChanged, &m_events,
            &EngineEvents::callbackSettingsChanged, queued);
}

void EngineHost::stop()
{
    if (!m_engine) {
        return;
    }
    // Shut down and delete the engine on its own thread (its catalog connection belongs there).
    Engine *engine = m_engine;
    m_engine = nullptr;
    m_engineId.clear();
    QMetaObject::invokeMethod(
        engine,
        [engine] {
            engine->shutdown();
            delete engine;
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

} // namespace livesnap
