#pragma once

#include "catalog/Catalog.h"
#include "service/DataDirectory.h"
#include "service/SnapshotService.h"
#include "service/Supervisor.h"

#include <QObject>

#include <memory>

namespace livesnap {

// One engine process's core: the catalog connection, the service facade and the supervisor
// that runs the jobs it leases. `livesnapctl serve` and the GUI each build one; both live on
// the thread that calls open() (the GUI's is a dedicated engine thread).
class Engine : public QObject {
    Q_OBJECT

public:
    explicit Engine(DataDirectory dataDirectory, QObject *parent = nullptr);
    ~Engine() override;

    Status open(Clock clock = Clock());
    // Starts supervising (leasing and running started jobs).
    void startSupervisor(const QString &role, Supervisor::Options options = {});
    void shutdown();

    SnapshotService *service() const { return m_service.get(); }
    Supervisor *supervisor() const { return m_supervisor.get(); }
    Catalog &catalog() { return m_catalog; }
    const DataDirectory &dataDirectory() const { return m_dataDirectory; }

private:
    DataDirectory m_dataDirectory;
    Catalog m_catalog;
    std::unique_ptr<SnapshotService> m_service;
    std::unique_ptr<Supervisor> m_supervisor;
};

} // namespace livesnap
