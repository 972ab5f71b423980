#include "service/JobOperations.h"

#include "common/Logging.h"
#include "domain/TemplateRules.h"
#include "notify/CallbackEvent.h"
#include "service/CallbackQueue.h"
#include "service/SettingsOperations.h"
#include "service/StorageLocationOperations.h"
#include "service/TemplateOperations.h"

#include <QSet>

namespace livesnap {

JobOperations::JobOperations(ServiceContext &context, TemplateOperations &templates,
                             StorageLocationOperations &locations, SettingsOperations &settings,
                             CallbackQueue &callbacks)
    : m_context(context)
    , m_templates(templates)
    , m_locations(locations)
    , m_settings(settings)
    , m_callbacks(callbacks)
{}

Result<QString> JobOperations::submitLiveSnapshotJob(const JobSpec &spec)
{
    if (auto s = rules::validateJobName(spec.jobName); !s) {
        return s.error();
    }
    if (auto s = spec.streamInput.validate(); !s) {
        return s.error();
    }
    if (auto s = rules::validateCallbackUrl(spec.callbackUrl); !s) {
        return s.error();
    }
    auto t = m_templates.requireTemplate(spec.templateId);
    if (!t) {
        return t.error();
    }
    if (auto s = rules::validateTemplateForJobs(t->templateId, t->templateName, t->overwriteFormat,
                                                t->sequenceFormat);
        !s) {
        return s.error();
    }
    const QList<SnapshotOutput> outputs = spec.snapshotOutputs.isEmpty()
                                              ? QList<SnapshotOutput>{spec.snapshotOutput}
                                              : spec.snapshotOutputs;
    if (outputs.size() > SnapshotOutput::MaxOutputs) {
        return invalidParameter(QStringLiteral("SnapshotOutput"),
                                tr("SnapshotOutput names %1 stores; a job keeps at most %2 copies.")
                                    .arg(outputs.size())
                                    .arg(SnapshotOutput::MaxOutputs));
    }
    QStringList locationIds;
    QString boundHost; // the machine whose engines write a local folder among the outputs
    for (const SnapshotOutput &output : outputs) {
        auto location = m_locations.storageLocation(output);
        if (!location) {
            return location.error();
        }
        if (location->storageType == storage::Local && !location->host.isEmpty() &&
            !location->sharedMount) {
            if (!boundHost.isEmpty() && boundHost != location->host) {
                return invalidParameter(
                    QStringLiteral("SnapshotOutput"),
                    tr("SnapshotOutput names local folders of two machines (%1 and %2); no engine "
                       "writes to both. Use the folders of one machine, or mark a folder every "
                       "machine mounts with UpdateStorageLocation --SharedMount true.")
                        .arg(boundHost, location->host));
            }
            boundHost = location->host;
        }
        if (locationIds.contains(location->locationId)) {
            return invalidParameter(
                QStringLiteral("SnapshotOutput"),
                tr("SnapshotOutput names the store %1 twice; list each store once.")
                    .arg(location->storageType + QLatin1Char(' ') + location->bucket));
        }
        locationIds << location->locationId;
    }
    SnapshotJob job;
    job.jobId = ServiceContext::newId();
    job.jobName = spec.jobName;
    job.status = jobstatus::Init;
    job.templateId = spec.templateId;
    job.streamInput = spec.streamInput;
    job.streamInput.type = spec.streamInput.type.toLower(); // validated above
    job.locationId = locationIds.constFirst();
    job.locationIds = locationIds;
    job.callbackUrl = spec.callbackUrl;
    job.createTime = job.modifiedTime = m_context.clock().now();
    CatalogTransaction tx(m_context.catalog());
    if (auto s = m_context.jobs().insert(job); !s) {
        return s.error();
    }
    if (auto s = m_context.catalog().addJobEvent(
            job.jobId, m_context.clock().nowMs(), QStringLiteral("submitted"),
            tr("Job submitted with template %1.").arg(t->templateName));
        !s) {
        return s.error();
    }
    if (auto s = tx.commit(); !s) {
        return s.error();
    }
    qCInfo(lcService) << "submitted job" << job.jobId << maskStreamUrl(job.streamInput.url);
    emit m_context.notifier().jobChanged(job.jobId);
    return job.jobId;
}

Result<SnapshotJob> JobOperations::requireJob(const QString &jobId)
{
    if (jobId.isEmpty()) {
        return Error::user(errc::MissingParameter + QStringLiteral(".JobId"),
                           tr("JobId is required."));
    }
    auto found = m_context.jobs().find(jobId, m_context.clock().nowMs());
    if (!found) {
        return found.error();
    }
    if (!found->has_value()) {
        return Error::user(errc::JobNotFound,
                           tr("Job %1 does not exist; it may have been deleted.").arg(jobId));
    }
    return **found;
}

Result<SnapshotJob> JobOperations::getLiveSnapshotJob(const QString &jobId)
{
    return requireJob(jobId);
}

Result<Page<SnapshotJob>> JobOperations::listLiveSnapshotJobs(const JobQuery &query)
{
    if (auto s = validatePage(query); !s) {
        return s.error();
    }
    if (!query.status.isEmpty() && !jobstatus::isKnown(query.status)) {
        return invalidParameter(
            QStringLiteral("Status"),
            tr("Status is \"%1\"; use init, started or paused.").arg(query.status));
    }
    if (query.startTime.isValid() && query.endTime.isValid() && query.startTime > query.endTime) {
        return invalidParameter(QStringLiteral("EndTime"), tr("EndTime is before StartTime."));
    }
    return m_context.jobs().list(query, m_context.clock().nowMs());
}

Status JobOperations::sendLiveSnapshotJobCommand(const QString &jobId, const QString &command)
{
    auto job = requireJob(jobId);
    if (!job) {
        return job.error();
    }
    const qint64 now = m_context.clock().nowMs();
    if (command == jobcommand::Snapshot) {
        return requestSnapshot(*job, now);
    }
    if (command == jobcommand::Start || command == jobcommand::Restart) {
        if (auto s = rules::validateTemplateForJobs(job->templateId, job->templateName,
                                                    job->overwriteFormat, job->sequenceFormat);
            !s) {
            return s;
        }
    }
    QString event;
    if (command == jobcommand::Start ||
        (command == jobcommand::Restart && job->status != jobstatus::Started)) {
        if (command == jobcommand::Start && job->status == jobstatus::Started) {
            return Error::user(
                errc::JobAlreadyStarted,
                tr("Job \"%1\" is already running; restart it to start afresh.").arg(job->jobName));
        }
        auto settings = m_settings.getEngineSettings();
        if (!settings) {
            return settings.error();
        }
        auto started = m_context.jobs().startIfBelowLimit(jobId, settings->maxStartedJobs, now);
        if (!started) {
            return started.error();
        }
        if (!*started) {
            // Either the limit, or another process started it in between.
            auto again = requireJob(jobId);
            if (again && again->status == jobstatus::Started) {
                return Error::user(errc::JobAlreadyStarted,
                                   tr("Job \"%1\" is already running.").arg(job->jobName));
            }
            return Error::user(errc::JobLimitExceeded,
                               tr("%n jobs are already running, the most allowed; stop a job or "
                                  "raise the running jobs limit in Settings first.",
                                  nullptr, settings->maxStartedJobs));
        }
        event = tr("Job started.");
    } else if (command == jobcommand::Stop) {
        auto stopped = m_context.jobs().stop(jobId, now);
        if (!stopped) {
            return stopped.error();
        }
        if (!*stopped) {
            return Error::user(
                errc::JobNotStarted,
                tr("Job \"%1\" is not running; there is nothing to stop.").arg(job->jobName));
        }
        event = tr("Job stopped.");
    } else if (command == jobcommand::Restart) {
        auto restarted = m_context.jobs().restart(jobId, now);
        if (!restarted) {
            return restarted.error();
        }
        event = tr("Job restarted.");
    } else {
        return invalidParameter(
            QStringLiteral("Command"),
            tr("Command is \"%1\"; use start, stop, restart or snapshot.").arg(command));
    }
    if (auto s = m_context.catalog().addJobEvent(jobId, now, QStringLiteral("command"), event);
        !s) {
        qCWarning(lcService) << "could not record the event of job" << jobId;
    }
    const Status queued =
        command == jobcommand::Stop
            ? m_callbacks.queueCallback(*job, callbackevent::JobStopped,
                                        callbackbody::jobStopped(jobId, job->jobName, command))
            : m_callbacks.queueCallback(*job, callbackevent::JobStarted,
                                        callbackbody::jobStarted(jobId, job->jobName, command));
    if (!queued) {
        qCWarning(lcService) << "could not queue the callback of job" << jobId << ":"
                             << queued.error().message;
    }
    qCInfo(lcService) << "job" << jobId << command;
    emit m_context.notifier().jobChanged(jobId);
    return success();
}

Status JobOperations::requestSnapshot(const SnapshotJob &job, qint64 nowMs)
{
    // The engine running the job sees the request count go up within a supervisor tick.
    auto requested = m_context.jobs().requestSnapshot(job.jobId);
    if (!requested) {
        return requested.error();
    }
    if (!*requested) {
        return Error::user(errc::JobNotStarted,
                           tr("Job %1 is %2, not started; start it before asking for a snapshot.")
                               .arg(job.jobId, job.status));
    }
    if (auto s = m_context.catalog().addJobEvent(
            job.jobId, nowMs, QStringLiteral("command"),
            tr("Snapshot requested: one is taken at the stream's next keyframe."));
        !s) {
        qCWarning(lcService) << "could not record the event of job" << job.jobId;
    }
    qCInfo(lcService) << "job" << job.jobId << "snapshot requested";
    emit m_context.notifier().jobChanged(job.jobId);
    return success();
}

Status JobOperations::deleteLiveSnapshotJob(const QString &jobId)
{
    auto job = requireJob(jobId);
    if (!job) {
        return job.error();
    }
    auto removed = m_context.jobs().removeUnlessStarted(jobId);
    if (!removed) {
        return removed.error();
    }
    if (!*removed) {
        return Error::user(
            errc::JobNotStopped,
            tr("Job \"%1\" is running. Stop the job before deleting it.").arg(job->jobName));
    }
    qCInfo(lcService) << "deleted job" << jobId;
    emit m_context.notifier().jobRemoved(jobId);
    return success();
}

Status JobOperations::validateJobIds(const QStringList &jobIds)
{
    const QString field = QStringLiteral("JobIds");
    if (jobIds.isEmpty()) {
        return invalidParameter(field, tr("JobIds is empty; give at least one job id, e.g. "
                                          "[\"id1\",\"id2\"]."));
    }
    if (jobIds.size() > MaxBulkJobs) {
        return invalidParameter(field, tr("JobIds lists %n jobs; give at most %1 at a time.",
                                          nullptr, int(jobIds.size()))
                                           .arg(MaxBulkJobs));
    }
    QSet<QString> seen;
    for (const QString &id : jobIds) {
        if (id.isEmpty()) {
            return invalidParameter(field, tr("JobIds holds an empty id; give job ids as listed "
                                              "by ListLiveSnapshotJobs."));
        }
        if (seen.contains(id)) {
            return invalidParameter(field,
                                    tr("JobIds lists %1 twice; give each job once.").arg(id));
        }
        seen.insert(id);
    }
    return success();
}

QList<JobOutcome> JobOperations::forEachJob(const QStringList &jobIds,
                                            const JobOutcomeCallback &each,
                                            const std::function<Status(const QString &)> &operation)
{
    QList<JobOutcome> outcomes;
    outcomes.reserve(jobIds.size());
    for (const QString &id : jobIds) {
        outcomes.append(JobOutcome{id, operation(id)});
        if (each) {
            each(outcomes.constLast());
        }
    }
    return outcomes;
}

Result<QList<JobOutcome>> JobOperations::sendLiveSnapshotJobCommand(const QStringList &jobIds,
                                                                    const QString &command,
                                                                    const JobOutcomeCallback &each)
{
    if (auto s = validateJobIds(jobIds); !s) {
        return s.error();
    }
    // A wrong command is the call's error, not each job's.
    static const QStringList known{jobcommand::Start, jobcommand::Stop, jobcommand::Restart,
                                   jobcommand::Snapshot};
    if (!known.contains(command)) {
        return invalidParameter(QStringLiteral("Command"),
                                tr("Command is \"%1\"; use %2.").arg(command, known.join(u", ")));
    }
    return forEachJob(jobIds, each,
                      [&](const QString &id) { return sendLiveSnapshotJobCommand(id, command); });
}

Result<QList<JobOutcome>> JobOperations::deleteLiveSnapshotJob(const QStringList &jobIds,
                                                               const JobOutcomeCallback &each)
{
    if (auto s = validateJobIds(jobIds); !s) {
        return s.error();
    }
    return forEachJob(jobIds, each,
                      [this](const QString &id) { return deleteLiveSnapshotJob(id); });
}

Result<QList<JobEvent>> JobOperations::listLiveSnapshotJobEvents(const QString &jobId, int limit)
{
    if (auto job = requireJob(jobId); !job) {
        return job.error();
    }
    if (limit < 1 || limit > MaxPageSize) {
        return invalidParameter(QStringLiteral("Limit"),
                                tr("Limit is %1; use 1 to %2.").arg(limit).arg(MaxPageSize));
    }
    return m_context.jobs().events(jobId, limit);
}

} // namespace livesnap
