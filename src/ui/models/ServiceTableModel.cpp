#include "models/ServiceTableModel.h"

#include "engine/EngineHost.h"

namespace livesnap::ui {

ServiceTableModel::ServiceTableModel(EngineHost &host, QObject *parent)
    : QAbstractTableModel(parent)
    , m_host(host)
{}

void ServiceTableModel::reload()
{
    if (m_inFlight) {
        m_dirty = true;
        return;
    }
    if (!m_host.isRunning()) {
        m_lastError = tr("The engine is not running.");
        emit loadFailed(m_lastError);
        return;
    }
    m_inFlight = true;
    m_dirty = false;
    startFetch();
}

void ServiceTableModel::finishFetch(const QString &errorMessage)
{
    m_inFlight = false;
    m_lastError = errorMessage;
    if (errorMessage.isEmpty()) {
        emit loaded();
    } else {
        emit loadFailed(errorMessage);
    }
    if (m_dirty) {
        reload();
    }
}

} // namespace livesnap::ui
