#pragma once

#include "service/Requests.h"
#include "service/ServiceContext.h"

#include <QCoreApplication>

namespace livesnap {

class CallbackQueue;
class SettingsOperations;
class StorageLocationOperations;
class TemplateOperations;

// Snapshot jobs: submit, get, list, command (start, stop, restart, snapshot), delete, and their
// event trail. A job names a template and a storage location; starting one is bounded by the engine
// settings' MaxStartedJobs, and a command queues the job's callback. Emits jobChanged and
// jobRemoved.
class JobOperations {
    Q_DECLARE_TR_FUNCTIONS(JobOperations)

public:
    JobOperations(ServiceContext &context, TemplateOperations &templates,
                  StorageLocationOperations &locations, SettingsOperations &settings,
                  CallbackQueue &callbacks);

    Result<QString> submitLiveSnapshotJob(const JobSpec &spec);
    Result<SnapshotJob> getLiveSnapshotJob(const QString &jobId);
    Result<Page<SnapshotJob>> listLiveSnapshotJobs(const JobQuery &query);
    Status sendLiveSnapshotJobCommand(const QString &jobId, const QString &command);
    Status deleteLiveSnapshotJob(const QString &jobId);
    Result<QList<JobEvent>> listLiveSnapshotJobEvents(const QString &jobId, int limit);

    // The job, or MissingParameter.JobId / JobNotFound.
    Result<SnapshotJob> requireJob(const QString &jobId);

private:
    Status requestSnapshot(const SnapshotJob &job, qint64 nowMs);

    ServiceContext &m_context;
    TemplateOperations &m_templates;
    StorageLocationOperations &m_locations;
    SettingsOperations &m_settings;
    CallbackQueue &m_callbacks;
};

} // namespace livesnap
