#pragma once

#include <QObject>
#include <QString>

namespace livesnap {

// The service's change notifications, relayed to the thread that owns the EngineHost (the GUI
// thread). Views connect here, never to the engine-thread SnapshotService itself: these
// signals are emitted on the host's thread, so their slots may touch widgets and models.
class EngineEvents : public QObject {
    Q_OBJECT

public:
    using QObject::QObject;

signals:
    void templatesChanged();
    void jobChanged(const QString &jobId);
    void jobRemoved(const QString &jobId);
    void filesChanged(const QString &jobId);
    void storageLocationsChanged();
    void callbackSettingsChanged();
};

} // namespace livesnap
