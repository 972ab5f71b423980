#include "service/EngineReports.h"

#include "notify/CallbackEvent.h"
#include "service/CallbackQueue.h"
#include "service/JobOperations.h"

#include <QTimeZone>

namespace livesnap {

EngineReports::EngineReports(ServiceContext &context, JobOperations &jobs, CallbackQueue &callbacks)
    : m_context(context)
    , m_jobs(jobs)
    , m_callbacks(callbacks)
{}

Result<qint64> EngineReports::allocateSequence(const QString &jobId)
{
    return m_context.jobs().allocateSequence(jobId);
}

Result<std::optional<qint64>>
EngineReports::claimSequence(const QString &jobId, qint64 createTimestamp, const LeaseFence &fence)
{
    return m_context.files().claimSequence(jobId, createTimestamp, fence);
}

Result<FileRecord> EngineReports::recordSnapshot(const QList<SnapshotFile> &objects,
                                                 const QString &locationId, const LeaseFence &fence)
{
    if (objects.isEmpty()) {
        return FileRecord{};
    }
    // The files and their callbacks commit together: a crash leaves both or neither.
    CatalogTransaction tx(m_context.catalog());
    auto recorded = m_context.files().record(objects, locationId, fence);
    if (!recorded) {
        return recorded.error();
    }
    if (recorded->newSnapshot) {
        auto job = m_jobs.requireJob(objects.constFirst().jobId);
        if (!job) {
            return job.error();
        }
        for (const SnapshotFile &file : objects) {
            if (auto s = m_callbacks.queueCallback(*job, callbackevent::SnapshotCreated,
                                                   callbackbody::snapshotCreated(file));
                !s) {
                return s.error();
            }
        }
    }
    if (auto s = tx.commit(); !s) {
        return s.error();
    }
    emit m_context.notifier().filesChanged(objects.constFirst().jobId);
    emit m_context.notifier().jobChanged(objects.constFirst().jobId);
    return *recorded;
}

Result<QStringList> EngineReports::locationsHolding(const QString &jobId,
                                                    const QStringList &ossObjects,
                                                    qint64 createTimestamp)
{
    return m_context.files().locationsHolding(jobId, ossObjects, createTimestamp);
}

Status EngineReports::reportStreamState(const QString &jobId, const QString &state,
                                        const QString &error, const LeaseFence &fence)
{
    auto job = m_jobs.requireJob(jobId);
    if (!job) {
        return job.error();
    }
    CatalogTransaction tx(m_context.catalog());
    if (auto s = LeaseFence::hold(m_context.catalog(), jobId, fence); !s) {
        return s;
    }
    if (auto s = m_context.jobs().setStreamState(jobId, state, error); !s) {
        return s;
    }
    if (job->streamState != state) {
        if (auto s = m_callbacks.queueCallback(
                *job, callbackevent::StreamStateChanged,
                callbackbody::streamStateChanged(jobId, state, job->streamState, error));
            !s) {
            return s;
        }
    }
    return commitJobChange(tx, jobId);
}

Status EngineReports::reportStreamHealth(const QString &jobId, const QString &health,
                                         qint64 sinceMs, const QString &message)
{
    auto job = m_jobs.requireJob(jobId);
    if (!job) {
        return job.error();
    }
    if (job->status != jobstatus::Started) {
        return success(); // stopped meanwhile: its health is unknown, and stays so
    }
    CatalogTransaction tx(m_context.catalog());
    if (auto s = m_context.jobs().setStreamHealth(jobId, health, sinceMs); !s) {
        return s;
    }
    if (auto s = m_context.catalog().addJobEvent(jobId, m_context.clock().nowMs(),
                                                 QStringLiteral("health"), message);
        !s) {
        return s;
    }
    if (job->streamHealth != health) {
        const QDateTime since = QDateTime::fromMSecsSinceEpoch(sinceMs, QTimeZone::utc());
        if (auto s = m_callbacks.queueCallback(
                *job, callbackevent::StreamHealthChanged,
                callbackbody::streamHealthChanged(jobId, job->jobName, health, job->streamHealth,
                                                  since, message));
            !s) {
            return s;
        }
    }
    return commitJobChange(tx, jobId);
}

Status EngineReports::commitJobChange(CatalogTransaction &tx, const QString &jobId)
{
    if (auto s = tx.commit(); !s) {
        return s;
    }
    emit m_context.notifier().jobChanged(jobId);
    return success();
}

Status EngineReports::reportJobAlert(const QString &jobId, const QString &message)
{
    if (auto s = m_context.jobs().setLastError(jobId, message); !s) {
        return s;
    }
    emit m_context.notifier().jobChanged(jobId);
    return success();
}

Status EngineReports::addJobEvent(const QString &jobId, const QString &kind, const QString &message)
{
    if (auto s = m_context.catalog().addJobEvent(jobId, m_context.clock().nowMs(), kind, message);
        !s) {
        return s;
    }
    emit m_context.notifier().jobChanged(jobId); // its event trail changed
    return success();
}

} // namespace livesnap
