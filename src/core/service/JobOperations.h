#pragma once

#include "service/Requests.h"
#include "service/ServiceContext.h"

#include <QCoreApplication>
#include <QStringList>

#include <functional>

namespace livesnap {

class CallbackQueue;
class SettingsOperations;
class StorageLocationOperations;
class TemplateOperations;

// One job's outcome in a bulk call: the job and what the single-job operation returned.
struct JobOutcome {
    QString jobId;
    Status status = success();
};
// Called after each job of a bulk call, in the order of the ids given (for progress).
using JobOutcomeCallback = std::function<void(const JobOutcome &)>;

// Snapshot jobs: submit, get, list, command (start, stop, restart, snapshot), delete, and their
// event trail. A job names a template and a storage location; starting one is bounded by the engine
// settings' MaxStartedJobs, and a command queues the job's callback. Emits jobChanged and
// jobRemoved.
class JobOperations {
    Q_DECLARE_TR_FUNCTIONS(livesnap::JobOperations)

public:
    JobOperations(ServiceContext &context, TemplateOperations &templates,
                  StorageLocationOperations &locations, SettingsOperations &settings,
                  CallbackQueue &callbacks);

    Result<QString> submitLiveSnapshotJob(const JobSpec &spec);
    Result<SnapshotJob> getLiveSnapshotJob(const QString &jobId);
    Result<Page<SnapshotJob>> listLiveSnapshotJobs(const JobQuery &query);
    Status sendLiveSnapshotJobCommand(const QString &jobId, const QString &command);
    Status deleteLiveSnapshotJob(const QString &jobId);
    // The bulk forms (--JobIds): the single-job operation on each job in turn, each on its own
    // (one failing does not stop the others). An error only when the call itself is wrong: no
    // ids, an empty or repeated id, too many ids, or an unknown command.
    Result<QList<JobOutcome>> sendLiveSnapshotJobCommand(const QStringList &jobIds,
                                                         const QString &command,
                                                         const JobOutcomeCallback &each = {});
    Result<QList<JobOutcome>> deleteLiveSnapshotJob(const QStringList &jobIds,
                                                    const JobOutcomeCallback &each = {});
    static constexpr int MaxBulkJobs = 1000;
    Result<QList<JobEvent>> listLiveSnapshotJobEvents(const QString &jobId, int limit);

    // The job, or MissingParameter.JobId / JobNotFound.
    Result<SnapshotJob> requireJob(const QString &jobId);

private:
    static Status validateJobIds(const QStringList &jobIds);
    static QList<JobOutcome> forEachJob(const QStringList &jobIds, const JobOutcomeCallback &each,
                                        const std::function<Status(const QString &)> &operation);
    Status requestSnapshot(const SnapshotJob &job, qint64 nowMs);

    ServiceContext &m_context;
    TemplateOperations &m_templates;
    StorageLocationOperations &m_locations;
    SettingsOperations &m_settings;
    CallbackQueue &m_callbacks;
};

} // namespace livesnap
