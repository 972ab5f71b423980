#include "service/ServiceContext.h"

#include <QUuid>

namespace livesnap {

ServiceContext::ServiceContext(Catalog &catalog, DataDirectory dataDirectory, Clock clock)
    : m_catalog(catalog)
    , m_dataDirectory(std::move(dataDirectory))
    , m_clock(std::move(clock))
    , m_templates(catalog)
    , m_jobs(catalog)
    , m_files(catalog)
    , m_locations(catalog)
    , m_callbacks(catalog)
    , m_channel(std::make_shared<ReplyChannel>(&m_notifier))
{}

ServiceContext::~ServiceContext()
{
    // Work still running off this thread answers into nothing.
    m_channel->close();
}

QString ServiceContext::newId()
{
    return QUuid::createUuid().toString(QUuid::Id128);
}

StoreTasks &ServiceContext::storeTasks()
{
    if (!m_storeTasks) {
        m_storeTasks = std::make_unique<StoreTasks>();
    }
    return *m_storeTasks;
}

} // namespace livesnap
