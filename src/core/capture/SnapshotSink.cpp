#include "capture/SnapshotSink.h"

#include "common/Logging.h"
#include "domain/ObjectKey.h"
#include "service/SnapshotService.h"
#include "storage/LocalFolderStore.h"

#include <QFile>
#include <QTimeZone>

namespace livesnap {

namespace {
constexpr int FirstRetryMs = 2000;
constexpr int MaxRetryMs = 60000;
} // namespace

SnapshotSink::SnapshotSink(SnapshotService &service, const Spool &spool, QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_spool(spool)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &SnapshotSink::retryFailed);
}

SnapshotSink::~SnapshotSink() = default;

void SnapshotSink::recover()
{
    const QList<SpoolEntry> left = m_spool.scan();
    if (!left.isEmpty()) {
        qCInfo(lcCapture) << "storing" << left.size() << "snapshot(s) left in the spool";
    }
    for (const SpoolEntry &entry : left) {
        store(entry);
    }
}

void SnapshotSink::store(const SpoolEntry &entry)
{
    if (storeOne(entry) == Outcome::Retry) {
        m_failed << entry;
        if (!m_retryTimer.isActive()) {
            m_retryDelayMs =
                m_retryDelayMs == 0 ? FirstRetryMs : qMin(m_retryDelayMs * 2, MaxRetryMs);
            m_retryTimer.start(m_retryDelayMs);
        }
    }
}

void SnapshotSink::retryFailed()
{
    const QList<SpoolEntry> failed = std::exchange(m_failed, {});
    bool anyStored = false;
    for (const SpoolEntry &entry : failed) {
        switch (storeOne(entry)) {
        case Outcome::Stored:
        case Outcome::Queued:
            anyStored = true;
            break;
        case Outcome::Dropped:
            break;
        case Outcome::Retry:
            m_failed << entry;
            break;
        }
    }
    if (anyStored) {
        m_retryDelayMs = 0;
    }
    if (!m_failed.isEmpty()) {
        m_retryDelayMs = m_retryDelayMs == 0 ? FirstRetryMs : qMin(m_retryDelayMs * 2, MaxRetryMs);
        m_retryTimer.start(m_retryDelayMs);
    }
}

SnapshotSink::Outcome SnapshotSink::storeOne(const SpoolEntry &entry)
{
    if (!QFile::exists(entry.path)) {
        return Outcome::Dropped; // already stored by an earlier attempt
    }
    auto job = m_service.getLiveSnapshotJob(entry.jobId);
    if (!job) {
        if (job.error().code == errc::JobNotFound) {
            qCWarning(lcCapture) << "dropping a snapshot of deleted job" << entry.jobId;
            m_spool.remove(entry);
            return Outcome::Dropped;
        }
        return Outcome::Retry;
    }
    auto claimed = m_service.claimSequence(entry.jobId, entry.wallMs);
    if (!claimed) {
        qCWarning(lcCapture) << "cannot claim a sequence number:" << claimed.error().message;
        return Outcome::Retry;
    }
    if (!claimed->has_value()) {
        m_spool.remove(entry); // recorded before a crash; only the spool file was left
        return Outcome::Dropped;
    }
    const qint64 sequence = **claimed;

    auto location = m_service.storageLocation(job->locationId);
    if (!location) {
        noteJobError(entry.jobId, location.error().message);
        return Outcome::Retry;
    }
    SnapshotFile base;
    base.jobId = entry.jobId;
    base.ossEndpoint = location->endpoint;
    base.ossBucket = location->bucket;
    base.createTimestamp = entry.wallMs;
    base.sequence = sequence;
    base.size = entry.size;
    base.width = entry.width;
    base.height = entry.height;
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(entry.wallMs, QTimeZone::utc());
    QList<SnapshotFile> objects;
    if (!job->sequenceFormat.isEmpty()) {
        SnapshotFile f = base;
        f.ossObject = objectkey::sequenceKey(job->sequenceFormat, entry.jobId, sequence, at);
        objects << f;
    }
    if (!job->overwriteFormat.isEmpty()) {
        SnapshotFile f = base;
        f.ossObject = objectkey::overwriteKey(job->overwriteFormat, entry.jobId);
        f.isOverlay = true;
        objects << f;
    }
    if (location->storageType != storage::Local) {
        // Remote stores are the network thread's business; the spool keeps it until then.
        UploadTask task;
        task.entry = entry;
        task.location = *location;
        task.objects = objects;
        task.overwriteOnly = job->sequenceFormat.isEmpty();
        emit uploadRequested(task);
        return Outcome::Queued;
    }
    auto it = m_stores.find(location->locationId);
    if (it == m_stores.end()) {
        auto opened = m_service.openLocalStore(*location);
        if (!opened) {
            noteJobError(entry.jobId, opened.error().message);
            return Outcome::Retry;
        }
        it = m_stores.emplace(location->locationId, std::move(*opened)).first;
    }
    for (const SnapshotFile &f : objects) {
        if (auto s = it->second->putFile(f.ossObject, entry.path); !s) {
            noteJobError(entry.jobId, s.error().message);
            m_stores.erase(it); // reopen next time, in case the location changed
            return Outcome::Retry;
        }
    }
    return finish(entry, objects, location->locationId) ? Outcome::Stored : Outcome::Retry;
}

bool SnapshotSink::finish(const SpoolEntry &entry, const QList<SnapshotFile> &objects,
                          const QString &locationId)
{
    if (auto s = m_service.recordSnapshot(objects, locationId); !s) {
        // Stored but not recorded: the spool file stays, and the next attempt (or start) stores
        // it again under the same, still pending, sequence number and records it.
        qCWarning(lcCapture) << "cannot record a snapshot:" << s.error().message;
        return false;
    }
    m_spool.remove(entry);
    if (m_lastError.remove(entry.jobId) > 0) {
        (void)m_service.addJobEvent(entry.jobId, QStringLiteral("storage"),
                                    tr("Snapshots are being stored again."));
    }
    emit snapshotStored(entry.jobId, objects.constFirst().sequence, entry.wallMs);
    return true;
}

void SnapshotSink::onUploaded(const UploadTask &task)
{
    if (task.objects.isEmpty() || finish(task.entry, task.objects, task.location.locationId)) {
        return;
    }
    // Uploaded but not recorded: retry like any failed store. The claim is still pending, so
    // the retry uploads the same keys again (an overwrite, not a duplicate) and records them.
    m_failed << task.entry;
    if (!m_retryTimer.isActive()) {
        m_retryDelayMs = m_retryDelayMs == 0 ? FirstRetryMs : qMin(m_retryDelayMs * 2, MaxRetryMs);
        m_retryTimer.start(m_retryDelayMs);
    }
}

void SnapshotSink::onUploadFailed(const UploadTask &task, const QString &error, int retryInMs)
{
    Q_UNUSED(retryInMs);
    noteJobError(task.entry.jobId, error);
}

void SnapshotSink::onSuperseded(const UploadTask &task)
{
    m_spool.remove(task.entry);
}

void SnapshotSink::noteJobError(const QString &jobId, const QString &message)
{
    qCWarning(lcCapture) << "job" << jobId << "cannot store a snapshot:" << message;
    if (m_lastError.value(jobId) == message) {
        return;
    }
    m_lastError.insert(jobId, message);
    (void)m_service.addJobEvent(jobId, QStringLiteral("storage"),
                                tr("Cannot store snapshots: %1 They stay in the spool and are "
                                   "retried.")
                                    .arg(message));
}

void SnapshotSink::reportStreamState(const QString &jobId, const QString &state,
                                     const QString &error)
{
    const QString key = state + QLatin1Char('\n') + error;
    if (m_lastState.value(jobId) == key) {
        return;
    }
    m_lastState.insert(jobId, key);
    if (auto s = m_service.reportStreamState(jobId, state, error); !s) {
        qCWarning(lcCapture) << "cannot record the stream state:" << s.error().message;
    }
    const QString message =
        error.isEmpty() ? tr("Stream %1.").arg(state) : tr("Stream %1: %2").arg(state, error);
    (void)m_service.addJobEvent(jobId, QStringLiteral("stream"), message);
}

void SnapshotSink::reportSpoolFailure(const QString &jobId, const QString &message)
{
    // An alert on the job (its LastError) as well as an event: snapshots are being missed.
    if (m_lastError.value(jobId) != message) {
        (void)m_service.reportJobAlert(jobId, message);
    }
    noteJobError(jobId, message);
}

} // namespace livesnap
