#include "engine/SnapshotSink.h"

#include "capture/CaptureWorker.h"
#include "common/Logging.h"
#include "domain/ObjectKey.h"
#include "service/SnapshotService.h"
#include "storage/LocalFolderStore.h"

#include <QFile>
#include <QRegularExpression>
#include <QTimeZone>

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

    if (!m_alerts.contains(entry.jobId) && isStorageAlert(job->lastError)) {
        m_alerts.insert(entry.jobId, job->lastError); // raised by an earlier run: clear it too
    }
    auto location = m_service.storageLocation(job->locationId);
    if (!location) {
        noteJobError(entry.jobId, location.error());
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
            noteJobError(entry.jobId, opened.error());
            return Outcome::Retry;
        }
        it = m_stores.emplace(location->locationId, std::move(*opened)).first;
    }
    for (const SnapshotFile &f : objects) {
        // A local store reports success only for an object it holds whole (its size checked).
        if (auto s = it->second->putFile(f.ossObject, entry.path); !s) {
            noteJobError(entry.jobId, s.error());
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
    clearAlert(entry.jobId);
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
    queueForRetry(task.entry);
}

void SnapshotSink::onUploadFailed(const UploadTask &task, const QString &error, int retryInMs)
{
    Q_UNUSED(retryInMs);
    noteJobError(
        task.entry.jobId,
        Error::user(task.lastErrorCode.isEmpty() ? errc::StorageUnavailable : task.lastErrorCode,
                    error));
}

void SnapshotSink::onSuperseded(const UploadTask &task)
{
    m_spool.remove(task.entry);
}

void SnapshotSink::noteJobError(const QString &jobId, const Error &error)
{
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

void SnapshotSink::clearAlert(const QString &jobId)
{
    const auto it = m_alerts.constFind(jobId);
    if (it == m_alerts.cend()) {
        return;
    }
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
    if (auto s = m_service.reportStreamState(jobId, state, error); !s) {
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

} // namespace livesnap
