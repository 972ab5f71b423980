#include "engine/SnapshotSink.h"

#include "capture/CaptureWorker.h"
#include "common/Logging.h"
#include "domain/ObjectKey.h"
#include "service/SnapshotService.h"
#include "storage/LocalFolderStore.h"

#include <QFile>
#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>

namespace livesnap {

namespace {
constexpr int FirstRetryMs = 2000;
constexpr int MaxRetryMs = 60000;

// A LastError this sink raises: "Code: message" with a storage or spool code.
bool isStorageAlert(const QString &lastError)
{
    static const QRegularExpression alert(QStringLiteral(
        "^(Storage[A-Za-z]*|SpoolFull|Keychain[A-Za-z]*|SecretNotFound|CredentialsFile[A-Za-z]*"
        "): "));
    return alert.match(lastError).hasMatch();
}
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

void SnapshotSink::spoolAndStore(SnapshotSink *sink, const Spool &spool,
                                 const CapturedSnapshot &snapshot)
{
    auto entry = spool.write(snapshot);
    if (entry) {
        QMetaObject::invokeMethod(
            sink, [sink, e = *entry] { sink->store(e); }, Qt::QueuedConnection);
        return;
    }
    QMetaObject::invokeMethod(
        sink,
        [sink, id = snapshot.jobId, error = entry.error()] {
            sink->reportSpoolFailure(id, error.message, error.code);
        },
        Qt::QueuedConnection);
}

void SnapshotSink::store(const SpoolEntry &entry)
{
    // Behind the job's older snapshots that wait for a retry: sequence numbers follow capture
    // order.
    if (auto it = m_waiting.find(entry.jobId); it != m_waiting.end() && !it->second.isEmpty()) {
        queueForRetry(entry);
        return;
    }
    if (storeOne(entry) == Outcome::Retry) {
        queueForRetry(entry);
    }
}

void SnapshotSink::queueForRetry(const SpoolEntry &entry)
{
    QList<SpoolEntry> &line = m_waiting[entry.jobId];
    const auto at = std::find_if(line.begin(), line.end(), [&](const SpoolEntry &waiting) {
        return waiting.wallMs >= entry.wallMs;
    });
    if (at != line.end() && at->wallMs == entry.wallMs) {
        return; // already waiting (the same snapshot reported twice)
    }
    line.insert(at, entry);
    if (!m_retryTimer.isActive()) {
        scheduleRetry();
    }
}

void SnapshotSink::scheduleRetry()
{
    m_retryDelayMs = m_retryDelayMs == 0 ? FirstRetryMs : qMin(m_retryDelayMs * 2, MaxRetryMs);
    m_retryTimer.start(m_retryDelayMs);
}

void SnapshotSink::retryFailed()
{
    bool anyStored = false;
    for (auto it = m_waiting.begin(); it != m_waiting.end();) {
        QList<SpoolEntry> &line = it->second;
        // Oldest first; the first that fails again holds the rest of its job back.
        while (!line.isEmpty()) {
            const Outcome outcome = storeOne(line.constFirst());
            if (outcome == Outcome::Retry) {
                break;
            }
            anyStored = anyStored || outcome != Outcome::Dropped;
            line.removeFirst();
        }
        it = line.isEmpty() ? m_waiting.erase(it) : std::next(it);
    }
    if (anyStored) {
        m_retryDelayMs = 0;
    }
    if (!m_waiting.empty()) {
        scheduleRetry();
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
    const LeaseFence fence = fenceOf(entry.jobId);
    auto claimed = m_service.claimSequence(entry.jobId, entry.wallMs, fence);
    if (!claimed && LeaseFence::isLost(claimed.error())) {
        dropFencedOut(entry, claimed.error());
        return Outcome::Dropped;
    }
    if (!claimed) {
        qCWarning(lcCapture) << "cannot claim a sequence number:" << claimed.error().message;
        return Outcome::Retry;
    }
    if (!claimed->has_value()) {
        m_spool.remove(entry); // recorded before a crash; only the spool file was left
        return Outcome::Dropped;
    }
    const qint64 sequence = **claimed;

    if (!m_alerts.contains(entry.jobId) && isStorageAlert(job->lastError)) {
        m_alerts.insert(entry.jobId, job->lastError); // raised by an earlier run: clear it too
    }
    SnapshotFile base;
    base.jobId = entry.jobId;
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
    QStringList keys;
    for (const SnapshotFile &f : objects) {
        keys << f.ossObject;
    }
    // The copies still missing: one per store that does not hold this snapshot yet.
    auto holding = m_service.locationsHolding(entry.jobId, keys, entry.wallMs);
    if (!holding) {
        qCWarning(lcCapture) << "cannot read a snapshot's copies:" << holding.error().message;
        return Outcome::Retry;
    }
    const QStringList stores =
        job->locationIds.isEmpty() ? QStringList{job->locationId} : job->locationIds;
    bool retry = false;
    bool queued = false;
    for (const QString &locationId : stores) {
        if (holding->contains(locationId)) {
            continue;
        }
        auto location = m_service.storageLocation(locationId);
        if (!location) {
            noteJobError(entry.jobId, location.error(), locationId);
            retry = true;
            continue;
        }
        QList<SnapshotFile> copy = objects;
        for (SnapshotFile &f : copy) {
            f.ossEndpoint = location->endpoint;
            f.ossBucket = location->bucket;
        }
        if (location->storageType != storage::Local) {
            // Remote stores are the network thread's business (a queue per store, so one that
            // is down holds back only its own copies); the spool keeps the snapshot until then.
            const QString key = copyKey(entry, locationId);
            if (!m_uploading.contains(key)) {
                m_uploading.insert(key);
                UploadTask task;
                task.entry = entry;
                task.location = *location;
                task.objects = copy;
                task.overwriteOnly = job->sequenceFormat.isEmpty();
                emit uploadRequested(task);
            }
            queued = true;
            continue;
        }
        if (!storeLocally(entry, *location, copy)) {
            retry = true;
            continue;
        }
        auto recorded = recordCopy(entry, copy, locationId);
        if (!recorded && LeaseFence::isLost(recorded.error())) {
            return Outcome::Dropped;
        }
        if (!recorded) {
            retry = true;
        } else if (*recorded) {
            return Outcome::Stored; // every copy is there
        }
    }
    if (retry) {
        return Outcome::Retry;
    }
    if (!queued) {
        // Every store holds it (recorded before a crash): only the spool file was left.
        m_spool.remove(entry);
        return Outcome::Dropped;
    }
    return Outcome::Queued;
}

QString SnapshotSink::copyKey(const SpoolEntry &entry, const QString &locationId)
{
    return entry.jobId + QLatin1Char('\n') + QString::number(entry.wallMs) + QLatin1Char('\n') +
           locationId;
}

bool SnapshotSink::storeLocally(const SpoolEntry &entry, const StorageLocation &location,
                                const QList<SnapshotFile> &objects)
{
    auto it = m_stores.find(location.locationId);
    if (it == m_stores.end()) {
        auto opened = m_service.openLocalStore(location);
        if (!opened) {
            noteJobError(entry.jobId, opened.error(), location.locationId);
            return false;
        }
        it = m_stores.emplace(location.locationId, std::move(*opened)).first;
    }
    for (const SnapshotFile &f : objects) {
        // A local store reports success only for an object it holds whole (its size checked).
        if (auto s = it->second->putFile(f.ossObject, entry.path); !s) {
            noteJobError(entry.jobId, s.error(), location.locationId);
            m_stores.erase(it); // reopen next time, in case the location changed
            return false;
        }
    }
    return true;
}

Result<bool> SnapshotSink::recordCopy(const SpoolEntry &entry, const QList<SnapshotFile> &objects,
                                      const QString &locationId)
{
    auto recorded = m_service.recordSnapshot(objects, locationId, fenceOf(entry.jobId));
    if (!recorded && LeaseFence::isLost(recorded.error())) {
        dropFencedOut(entry, recorded.error());
        return recorded.error();
    }
    if (!recorded) {
        // Stored but not recorded: the spool file stays, and the next attempt (or start) stores
        // it again under the same, still pending, sequence number and records it.
        qCWarning(lcCapture) << "cannot record a snapshot:" << recorded.error().message;
        return recorded.error();
    }
    clearAlert(entry.jobId, locationId);
    if (recorded->newSnapshot) {
        emit snapshotStored(entry.jobId, objects.constFirst().sequence, entry.wallMs);
    }
    if (recorded->whole) {
        m_spool.remove(entry);
    }
    return recorded->whole;
}

void SnapshotSink::onUploaded(const UploadTask &task)
{
    m_uploading.remove(copyKey(task.entry, task.location.locationId));
    if (task.objects.isEmpty() ||
        recordCopy(task.entry, task.objects, task.location.locationId).ok()) {
        return;
    }
    // Uploaded but not recorded: retry like any failed store. The claim is still pending, so
    // the retry uploads the same keys again (an overwrite, not a duplicate) and records them.
    queueForRetry(task.entry);
}

void SnapshotSink::onUploadFailed(const UploadTask &task, const QString &error, int retryInMs)
{
    Q_UNUSED(retryInMs);
    noteJobError(
        task.entry.jobId,
        Error::user(task.lastErrorCode.isEmpty() ? errc::StorageUnavailable : task.lastErrorCode,
                    error),
        task.location.locationId);
}

void SnapshotSink::onSuperseded(const UploadTask &task)
{
    m_uploading.remove(copyKey(task.entry, task.location.locationId));
    // A newer overwrite snapshot replaces this one there; the spool file goes once no other
    // store still uploads it.
    const QString prefix = copyKey(task.entry, QString());
    const bool elsewhere = std::any_of(m_uploading.cbegin(), m_uploading.cend(),
                                       [&](const QString &key) { return key.startsWith(prefix); });
    if (!elsewhere) {
        m_spool.remove(task.entry);
    }
}

void SnapshotSink::noteJobError(const QString &jobId, const Error &error, const QString &locationId)
{
    m_alertStores.insert(jobId, locationId);
    qCWarning(lcCapture) << "job" << jobId << "cannot store a snapshot:" << error.code
                         << error.message;
    raiseAlert(jobId, error.code + QStringLiteral(": ") + error.message,
               tr("Cannot store snapshots: %1 They stay in the spool and are retried.")
                   .arg(error.message));
}

void SnapshotSink::raiseAlert(const QString &jobId, const QString &alert,
                              const QString &eventMessage)
{
    const bool isNew = m_alerts.value(jobId) != alert;
    if (!isNew) {
        auto job = m_service.getLiveSnapshotJob(jobId);
        if (!job || job->lastError == alert) {
            return;
        }
    }
    // Remembered only once written, so that a catalog that refused it is asked again.
    if (auto s = m_service.reportJobAlert(jobId, alert); !s) {
        qCWarning(lcCapture) << "cannot record an alert on job" << jobId << s.error().message;
        return;
    }
    m_alerts.insert(jobId, alert);
    if (isNew) {
        (void)m_service.addJobEvent(jobId, QStringLiteral("storage"), eventMessage);
    }
}

void SnapshotSink::clearAlert(const QString &jobId, const QString &locationId)
{
    const auto it = m_alerts.constFind(jobId);
    if (it == m_alerts.cend()) {
        return;
    }
    // A copy stored in one store does not clear the alert of another that still fails.
    if (const QString failing = m_alertStores.value(jobId);
        !failing.isEmpty() && failing != locationId) {
        return;
    }
    m_alertStores.remove(jobId);
    const QString alert = *it;
    m_alerts.erase(it);
    // Only this sink's alert: a stream error that replaced it stays.
    if (auto job = m_service.getLiveSnapshotJob(jobId); job && job->lastError == alert) {
        (void)m_service.reportJobAlert(jobId, QString());
    }
    (void)m_service.addJobEvent(jobId, QStringLiteral("storage"),
                                tr("Snapshots are being stored again."));
}

void SnapshotSink::reportStreamState(const QString &jobId, const QString &state,
                                     const QString &error)
{
    const QString key = state + QLatin1Char('\n') + error;
    if (m_lastState.value(jobId) == key) {
        return;
    }
    m_lastState.insert(jobId, key);
    if (auto s = m_service.reportStreamState(jobId, state, error, fenceOf(jobId)); !s) {
        if (LeaseFence::isLost(s.error())) {
            emit leaseLost(jobId); // another engine runs the job: its state is not ours to tell
            return;
        }
        qCWarning(lcCapture) << "cannot record the stream state:" << s.error().message;
    } else if (error.isEmpty() && m_alerts.contains(jobId)) {
        // A stream that is fine again does not hide that its snapshots cannot be kept.
        (void)m_service.reportJobAlert(jobId, m_alerts.value(jobId));
    }
    const QString message =
        error.isEmpty() ? tr("Stream %1.").arg(state) : tr("Stream %1: %2").arg(state, error);
    (void)m_service.addJobEvent(jobId, QStringLiteral("stream"), message);
}

void SnapshotSink::reportSpoolFailure(const QString &jobId, const QString &message,
                                      const QString &code)
{
    // Snapshots are being missed: an alert on the job (its LastError) and an event.
    qCWarning(lcCapture) << "job" << jobId << "cannot spool a snapshot:" << code << message;
    raiseAlert(jobId, code.isEmpty() ? message : code + QStringLiteral(": ") + message,
               tr("Snapshots are being lost: %1").arg(message));
}

void SnapshotSink::dropFencedOut(const SpoolEntry &entry, const Error &error)
{
    // Recording it would give the job a sequence number out of capture order (the new holder
    // numbers its own snapshots by now); the new holder captures afresh instead.
    qCWarning(lcCapture) << "dropping a snapshot of job" << entry.jobId << ":" << error.message;
    m_spool.remove(entry);
    const QString at =
        QDateTime::fromMSecsSinceEpoch(entry.wallMs, QTimeZone::utc()).toString(Qt::ISODateWithMs);
    (void)m_service.addJobEvent(
        entry.jobId, QStringLiteral("engine"),
        tr("The snapshot taken at %1 was not recorded: %2").arg(at, error.message));
    emit leaseLost(entry.jobId);
}

} // namespace livesnap
