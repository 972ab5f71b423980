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

Status EngineHost::start(const QString &role, Supervisor::Options options)
{
    if (m_engine) {
        return success();
    }
    m_thread.start();
    m_engine = new Engine(m_dataDirectory);
    m_engine->moveToThread(&m_thread);
    Status status = success();
    QMetaObject::invokeMethod(
        m_engine,
        [this, &status, role, options] {
            status = m_engine->open();
            if (status) {
                m_engine->startSupervisor(role, options);
            }
        },
        Qt::BlockingQueuedConnection);
    if (!status) {
        stop();
    }
    return status;
}

void EngineHost::stop()
{
    if (!m_engine) {
        return;
    }
    // Shut down and delete the engine on its own thread (its catalog connection belongs there).
    Engine *engine = m_engine;
    m_engine = nullptr;
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
