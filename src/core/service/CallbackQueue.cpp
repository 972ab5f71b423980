#include "service/CallbackQueue.h"

#include "domain/StreamInput.h"
#include "notify/CallbackEvent.h"
#include "service/SettingsOperations.h"

namespace livesnap {

namespace {
// Undelivered callbacks kept per job; older ones are dropped beyond this.
constexpr int MaxQueuedCallbacksPerJob = 1000;
} // namespace

CallbackQueue::CallbackQueue(ServiceContext &context, SettingsOperations &settings)
    : m_context(context)
    , m_settings(settings)
{}

Status CallbackQueue::queueCallback(const SnapshotJob &job, const QString &eventType,
                                    const QJsonObject &messageBody)
{
    const QString url =
        job.callbackUrl.isEmpty() ? m_settings.globalCallbackUrl() : job.callbackUrl;
    if (url.isEmpty()) {
        return success();
    }
    const qint64 now = m_context.clock().nowMs();
    PendingCallback callback;
    callback.eventId = ServiceContext::newId();
    callback.jobId = job.jobId;
    callback.eventType = eventType;
    callback.url = url;
    callback.body =
        callbackbody::envelope(eventType, m_context.clock().now(), job.jobId, messageBody);
    if (auto s = m_context.callbacks().enqueue(callback, now); !s) {
        return s;
    }
    // A receiver that is gone for long must not grow the catalog without bound: keep the newest
    // MaxQueuedCallbacksPerJob of a job, and say so in its events when older ones are dropped.
    auto dropped = m_context.callbacks().trim(job.jobId, MaxQueuedCallbacksPerJob, now);
    if (dropped && *dropped > 0) {
        (void)m_context.catalog().addJobEvent(
            job.jobId, now, QStringLiteral("callback"),
            tr("%n undelivered callback(s) dropped: more than %1 were waiting for %2.", nullptr,
               *dropped)
                .arg(MaxQueuedCallbacksPerJob)
                .arg(maskStreamUrl(url)));
    }
    emit m_context.notifier().callbackQueued();
    return success();
}

} // namespace livesnap
