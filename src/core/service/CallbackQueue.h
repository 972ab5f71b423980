#pragma once

#include "domain/SnapshotJob.h"
#include "service/ServiceContext.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace livesnap {

class SettingsOperations;

// Queues the callbacks of a job's events (commands, snapshots, stream states) in the catalog,
// for the engine's CallbackDispatcher to deliver. Emits callbackQueued.
class CallbackQueue {
    Q_DECLARE_TR_FUNCTIONS(livesnap::CallbackQueue)

public:
    CallbackQueue(ServiceContext &context, SettingsOperations &settings);

    // Queues an event for the job's callback URL (or the global one; nothing when neither is
    // set), in the caller's transaction if there is one.
    Status queueCallback(const SnapshotJob &job, const QString &eventType,
                         const QJsonObject &messageBody);

private:
    ServiceContext &m_context;
    SettingsOperations &m_settings;
};

} // namespace livesnap
