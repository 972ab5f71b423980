#include "service/SnapshotService.h"

#include "common/Logging.h"
#include "domain/TemplateRules.h"
#include "notify/CallbackEvent.h"
#include "storage/LocalFolderStore.h"

#include <QUuid>

namespace livesnap {

namespace {

// Undelivered callbacks kept per job; older ones are dropped beyond this.
constexpr int MaxQueuedCallbacksPerJob = 1000;

Error templateNotFound(const QString &id)
{
    return Error::user(errc::TemplateNotFound,
                       SnapshotService::tr("Template %1 does not exist; list templates with "
                                           "ListLiveSnapshotTemplates.")
                           .arg(id));
}

Error jobNotFound(const QString &id)
{
    return Error::user(errc::JobNotFound,
                       SnapshotService::tr("Job %1 does not exist; list jobs with "
                                           "ListLiveSnapshotJobs.")
                           .arg(id));
}

} // namespace

SnapshotService::SnapshotService(Catalog &catalog, DataDirectory dataDirectory, Clock clock,
                                 QObject *parent)
    : QObject(parent)
    , m_catalog(catalog)
    , m_dataDirectory(std::move(dataDirectory))
    , m_clock(std::move(clock))
    , m_templates(catalog)
    , m_jobs(catalog)
    , m_files(catalog)
    , m_locations(catalog)
    , m_callbacks(catalog)
    , m_channel(std::make_shared<ReplyChannel>(this))
{}

SnapshotService::~SnapshotService()
{
    // Work still running off this thread answers into nothing.
    m_channel->close();
}

QString SnapshotService::newId()
{
    return QUuid::createUuid().toString(QUuid::Id128);
}

// ---- Templates ------------------------------------------------------------------------------

Result<QString> SnapshotService::createLiveSnapshotTemplate(const TemplateSpec &spec)
{
    if (auto s = rules::validateTemplateName(spec.templateName); !s) {
        return s.error();
    }
    if (auto s = rules::validateTimeInterval(spec.timeInterval); !s) {
        return s.error();
    }
    if (auto s = rules::validateFormats(spec.overwriteFormat, spec.sequenceFormat); !s) {
        return s.error();
    }
    SnapshotTemplate t;
    t.templateId = newId();
    t.templateName = spec.templateName;
    t.type = QStringLiteral("custom");
    t.timeInterval = spec.timeInterval;
    t.overwriteFormat = spec.overwriteFormat;
    t.sequenceFormat = spec.sequenceFormat;
    t.createTime = t.modifiedTime = m_clock.now();
    if (auto s = m_templates.insert(t); !s) {
        return s.error();
    }
    qCInfo(lcService) << "created template" << t.templateId;
    emit templatesChanged();
    return t.templateId;
}

Result<SnapshotTemplate> SnapshotService::requireTemplate(const QString &templateId)
{
    if (templateId.isEmpty()) {
        return Error::user(errc::MissingParameter + QStringLiteral(".TemplateId"),
                           tr("TemplateId is required."));
    }
    auto found = m_templates.find(templateId);
    if (!found) {
        return found.error();
    }
    if (!found->has_value()) {
        return templateNotFound(templateId);
    }
    return **found;
}

Result<SnapshotTemplate> SnapshotService::getLiveSnapshotTemplate(const QString &templateId)
{
    return requireTemplate(templateId);
}

Status SnapshotService::updateLiveSnapshotTemplate(const TemplateUpdate &update)
{
    auto current = requireTemplate(update.templateId);
    if (!current) {
        return current.error();
    }
    if (current->isSystem()) {
        return Error::user(errc::TemplateReadOnly,
                           tr("Template %1 is a system template and cannot be changed; create a "
                              "custom template instead.")
                               .arg(update.templateId));
    }
    SnapshotTemplate t = *current;
    if (update.templateName) {
        t.templateName = *update.templateName;
    }
    if (update.timeInterval) {
        t.timeInterval = *update.timeInterval;
    }
    if (update.overwriteFormat) {
        t.overwriteFormat = *update.overwriteFormat;
    }
    if (update.sequenceFormat) {
        t.sequenceFormat = *update.sequenceFormat;
    }
    if (auto s = rules::validateTemplateName(t.templateName); !s) {
        return s;
    }
    if (auto s = rules::validateTimeInterval(t.timeInterval); !s) {
        return s;
    }
    if (auto s = rules::validateFormats(t.overwriteFormat, t.sequenceFormat); !s) {
        return s;
    }
    t.modifiedTime = m_clock.now();
    if (auto s = m_templates.update(t); !s) {
        return s;
    }
    emit templatesChanged();
    return success();
}

Status SnapshotService::deleteLiveSnapshotTemplate(const QString &templateId)
{
    CatalogTransaction tx(m_catalog);
    auto current = requireTemplate(templateId);
    if (!current) {
        return current.error();
    }
    if (current->isSystem()) {
        return Error::user(
            errc::TemplateReadOnly,
            tr("Template %1 is a system template and cannot be deleted.").arg(templateId));
    }
    auto inUse = m_templates.jobCount(templateId);
    if (!inUse) {
        return inUse.error();
    }
    if (*inUse > 0) {
        return Error::user(errc::TemplateInUse,
                           tr("Template %1 is used by %n job(s); delete those jobs or submit "
                              "them with another template first.",
                              nullptr, int(*inUse))
                               .arg(templateId));
    }
    if (auto removed = m_templates.remove(templateId); !removed) {
        return removed.error();
    }
    if (auto s = tx.commit(); !s) {
        return s;
    }
    emit templatesChanged();
    return success();
}

Result<Page<SnapshotTemplate>>
SnapshotService::listLiveSnapshotTemplates(const TemplateQuery &query)
{
    if (auto s = validatePage(query); !s) {
        return s.error();
    }
    if (!query.type.isEmpty() && query.type != QLatin1String("system") &&
        query.type != QLatin1String("custom")) {
        return invalidParameter(QStringLiteral("Type"),
                                tr("Type is \"%1\"; use system or custom.").arg(query.type));
    }
    return m_templates.list(query);
}

// ---- Jobs -----------------------------------------------------------------------------------

Result<QString> SnapshotService::submitLiveSnapshotJob(const JobSpec &spec)
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
    auto t = requireTemplate(spec.templateId);
    if (!t) {
        return t.error();
    }
    if (auto s = rules::validateTemplateForJobs(t->templateId, t->templateName, t->overwriteFormat,
                                                t->sequenceFormat);
        !s) {
        return s.error();
    }
    auto location = storageLocation(spec.snapshotOutput);
    if (!location) {
        return location.error();
    }
    SnapshotJob job;
    job.jobId = newId();
    job.jobName = spec.jobName;
    job.status = jobstatus::Init;
    job.templateId = spec.templateId;
    job.streamInput = spec.streamInput;
    job.streamInput.type = QStringLiteral("rtmp");
    job.locationId = location->locationId;
    job.callbackUrl = spec.callbackUrl;
    job.createTime = job.modifiedTime = m_clock.now();
    CatalogTransaction tx(m_catalog);
    if (auto s = m_jobs.insert(job); !s) {
        return s.error();
    }
    if (auto s = m_catalog.addJobEvent(job.jobId, m_clock.nowMs(), QStringLiteral("submitted"),
                                       tr("Job submitted with template %1.").arg(t->templateName));
        !s) {
        return s.error();
    }
    if (auto s = tx.commit(); !s) {
        return s.error();
    }
    qCInfo(lcService) << "submitted job" << job.jobId << maskStreamUrl(job.streamInput.url);
    emit jobChanged(job.jobId);
    return job.jobId;
}

Result<SnapshotJob> SnapshotService::requireJob(const QString &jobId)
{
    if (jobId.isEmpty()) {
        return Error::user(errc::MissingParameter + QStringLiteral(".JobId"),
                           tr("JobId is required."));
    }
    auto found = m_jobs.find(jobId, m_clock.nowMs());
    if (!found) {
        return found.error();
    }
    if (!found->has_value()) {
        return jobNotFound(jobId);
    }
    return **found;
}

Result<SnapshotJob> SnapshotService::getLiveSnapshotJob(const QString &jobId)
{
    return requireJob(jobId);
}

Result<Page<SnapshotJob>> SnapshotService::listLiveSnapshotJobs(const JobQuery &query)
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
    return m_jobs.list(query, m_clock.nowMs());
}

Status SnapshotService::sendLiveSnapshotJobCommand(const QString &jobId, const QString &command)
{
    auto job = requireJob(jobId);
    if (!job) {
        return job.error();
    }
    const qint64 now = m_clock.nowMs();
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
                tr("Job %1 is already started; use restart to start it afresh.").arg(jobId));
        }
        auto settings = getEngineSettings();
        if (!settings) {
            return settings.error();
        }
        auto started = m_jobs.startIfBelowLimit(jobId, settings->maxStartedJobs, now);
        if (!started) {
            return started.error();
        }
        if (!*started) {
            // Either the limit, or another process started it in between.
            auto again = requireJob(jobId);
            if (again && again->status == jobstatus::Started) {
                return Error::user(errc::JobAlreadyStarted,
                                   tr("Job %1 is already started.").arg(jobId));
            }
            return Error::user(errc::JobLimitExceeded,
                               tr("%1 jobs are already started, the most allowed; stop a job "
                                  "or raise the running-jobs limit (MaxStartedJobs) first.")
                                   .arg(settings->maxStartedJobs));
        }
        event = tr("Job started.");
    } else if (command == jobcommand::Stop) {
        auto stopped = m_jobs.stop(jobId, now);
        if (!stopped) {
            return stopped.error();
        }
        if (!*stopped) {
            return Error::user(
                errc::JobNotStarted,
                tr("Job %1 is %2, not started; there is nothing to stop.").arg(jobId, job->status));
        }
        event = tr("Job stopped.");
    } else if (command == jobcommand::Restart) {
        auto restarted = m_jobs.restart(jobId, now);
        if (!restarted) {
            return restarted.error();
        }
        event = tr("Job restarted.");
    } else {
        return invalidParameter(QStringLiteral("Command"),
                                tr("Command is \"%1\"; use start, stop or restart.").arg(command));
    }
    if (auto s = m_catalog.addJobEvent(jobId, now, QStringLiteral("command"), event); !s) {
        qCWarning(lcService) << "could not record the event of job" << jobId;
    }
    const Status queued =
        command == jobcommand::Stop
            ? queueCallback(*job, callbackevent::JobStopped,
                            callbackbody::jobStopped(jobId, job->jobName, command))
            : queueCallback(*job, callbackevent::JobStarted,
                            callbackbody::jobStarted(jobId, job->jobName, command));
    if (!queued) {
        qCWarning(lcService) << "could not queue the callback of job" << jobId << ":"
                             << queued.error().message;
    }
    qCInfo(lcService) << "job" << jobId << command;
    emit jobChanged(jobId);
    return success();
}

Status SnapshotService::deleteLiveSnapshotJob(const QString &jobId)
{
    auto job = requireJob(jobId);
    if (!job) {
        return job.error();
    }
    auto removed = m_jobs.removeUnlessStarted(jobId);
    if (!removed) {
        return removed.error();
    }
    if (!*removed) {
        return Error::user(errc::JobNotStopped,
                           tr("Job %1 is started; stop it (SendLiveSnapshotJobCommand "
                              "--Command stop) before deleting it.")
                               .arg(jobId));
    }
    qCInfo(lcService) << "deleted job" << jobId;
    emit jobRemoved(jobId);
    return success();
}

Result<QList<JobEvent>> SnapshotService::listLiveSnapshotJobEvents(const QString &jobId, int limit)
{
    if (auto job = requireJob(jobId); !job) {
        return job.error();
    }
    if (limit < 1 || limit > MaxPageSize) {
        return invalidParameter(QStringLiteral("Limit"),
                                tr("Limit is %1; use 1 to %2.").arg(limit).arg(MaxPageSize));
    }
    return m_jobs.events(jobId, limit);
}

// ---- Engine-facing --------------------------------------------------------------------------

Result<qint64> SnapshotService::allocateSequence(const QString &jobId)
{
    return m_jobs.allocateSequence(jobId);
}

Result<std::optional<qint64>> SnapshotService::claimSequence(const QString &jobId,
                                                             qint64 createTimestamp)
{
    return m_files.claimSequence(jobId, createTimestamp);
}

Status SnapshotService::recordSnapshot(const QList<SnapshotFile> &objects,
                                       const QString &locationId)
{
    if (objects.isEmpty()) {
        return success();
    }
    // The files and their callbacks commit together: a crash leaves both or neither.
    CatalogTransaction tx(m_catalog);
    auto recorded = m_files.record(objects, locationId);
    if (!recorded) {
        return recorded.error();
    }
    if (*recorded) {
        auto job = requireJob(objects.constFirst().jobId);
        if (!job) {
            return job.error();
        }
        for (const SnapshotFile &file : objects) {
            if (auto s = queueCallback(*job, callbackevent::SnapshotCreated,
                                       callbackbody::snapshotCreated(file));
                !s) {
                return s;
            }
        }
    }
    if (auto s = tx.commit(); !s) {
        return s;
    }
    emit filesChanged(objects.constFirst().jobId);
    emit jobChanged(objects.constFirst().jobId);
    return success();
}

Status SnapshotService::reportStreamState(const QString &jobId, const QString &state,
                                          const QString &error)
{
    auto job = requireJob(jobId);
    if (!job) {
        return job.error();
    }
    CatalogTransaction tx(m_catalog);
    if (auto s = m_jobs.setStreamState(jobId, state, error); !s) {
        return s;
    }
    if (job->streamState != state) {
        if (auto s = queueCallback(
                *job, callbackevent::StreamStateChanged,
                callbackbody::streamStateChanged(jobId, state, job->streamState, error));
            !s) {
            return s;
        }
    }
    if (auto s = tx.commit(); !s) {
        return s;
    }
    emit jobChanged(jobId);
    return success();
}

Status SnapshotService::reportJobAlert(const QString &jobId, const QString &message)
{
    if (auto s = m_jobs.setLastError(jobId, message); !s) {
        return s;
    }
    emit jobChanged(jobId);
    return success();
}

Status SnapshotService::queueCallback(const SnapshotJob &job, const QString &eventType,
                                      const QJsonObject &messageBody)
{
    const QString url = job.callbackUrl.isEmpty() ? globalCallbackUrl() : job.callbackUrl;
    if (url.isEmpty()) {
        return success();
    }
    const qint64 now = m_clock.nowMs();
    PendingCallback callback;
    callback.eventId = newId();
    callback.jobId = job.jobId;
    callback.eventType = eventType;
    callback.url = url;
    callback.body = callbackbody::envelope(eventType, m_clock.now(), job.jobId, messageBody);
    if (auto s = m_callbacks.enqueue(callback, now); !s) {
        return s;
    }
    // A receiver that is gone for long must not grow the catalog without bound: keep the newest
    // MaxQueuedCallbacksPerJob of a job, and say so in its events when older ones are dropped.
    auto dropped = m_callbacks.trim(job.jobId, MaxQueuedCallbacksPerJob, now);
    if (dropped && *dropped > 0) {
        (void)m_catalog.addJobEvent(
            job.jobId, now, QStringLiteral("callback"),
            tr("%n undelivered callback(s) dropped: more than %1 were waiting for %2.", nullptr,
               *dropped)
                .arg(MaxQueuedCallbacksPerJob)
                .arg(maskStreamUrl(url)));
    }
    emit callbackQueued();
    return success();
}

Status SnapshotService::addJobEvent(const QString &jobId, const QString &kind,
                                    const QString &message)
{
    if (auto s = m_catalog.addJobEvent(jobId, m_clock.nowMs(), kind, message); !s) {
        return s;
    }
    emit jobChanged(jobId); // its event trail changed
    return success();
}

} // namespace livesnap
