#include "engine/StreamHealthMonitor.h"

#include "catalog/LeaseRepository.h"
#include "common/Logging.h"
#include "service/SnapshotService.h"

namespace livesnap {

StreamHealthMonitor::StreamHealthMonitor(SnapshotService &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{
    m_downTimer.setSingleShot(true);
    m_downTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_downTimer, &QTimer::timeout, this, &StreamHealthMonitor::checkDeadlines);
}

StreamHealthMonitor::~StreamHealthMonitor() = default;

void StreamHealthMonitor::watch(const QString &jobId)
{
    refreshSettings();
    const qint64 now = m_service.clock().nowMs();
    QString recorded = streamhealth::Unknown;
    if (auto job = m_service.getLiveSnapshotJob(jobId)) {
        recorded = job->streamHealth;
    }
    m_judges.erase(jobId);
    m_judges.emplace(jobId, StreamHealthJudge(m_settings, recorded, now));
    armTimer();
}

void StreamHealthMonitor::forget(const QString &jobId)
{
    m_judges.erase(jobId);
    armTimer();
}

void StreamHealthMonitor::postPicture(StreamHealthMonitor *monitor, const QString &jobId,
                                      const PictureStats &stats, qint64 wallMs)
{
    QMetaObject::invokeMethod(
        monitor, [monitor, jobId, stats, wallMs] { monitor->onPicture(jobId, stats, wallMs); },
        Qt::QueuedConnection);
}

void StreamHealthMonitor::onStreamState(const QString &jobId, const QString &state,
                                        const QString &error)
{
    Q_UNUSED(error);
    if (StreamHealthJudge *j = judge(jobId)) {
        report(jobId, j->onStreamState(state, m_service.clock().nowMs()));
        armTimer();
    }
}

void StreamHealthMonitor::onPicture(const QString &jobId, const PictureStats &stats, qint64 wallMs)
{
    if (StreamHealthJudge *j = judge(jobId)) {
        report(jobId, j->onPicture(stats, wallMs));
        armTimer();
    }
}

StreamHealthJudge *StreamHealthMonitor::judge(const QString &jobId)
{
    const auto it = m_judges.find(jobId);
    if (it == m_judges.end()) {
        return nullptr; // a report from a job's worker after the job was released
    }
    refreshSettings();
    return &it->second;
}

void StreamHealthMonitor::report(const QString &jobId,
                                 const std::optional<StreamHealthJudge::Change> &change)
{
    if (!change) {
        return;
    }
    if (const LeaseFence fence = m_fenceOf ? m_fenceOf(jobId) : LeaseFence{}; fence.isSet()) {
        if (auto ours = LeaseRepository(m_service.catalog()).holds(jobId, fence.owner, fence.epoch);
            ours && !*ours) {
            qCInfo(lcCapture) << "job" << jobId << "is no longer ours: its health is not reported";
            return;
        }
    }
    qCInfo(lcCapture).noquote() << "job" << jobId << "stream health" << change->previous << "->"
                                << change->health;
    if (auto s =
            m_service.reportStreamHealth(jobId, change->health, change->sinceMs, change->message);
        !s) {
        qCWarning(lcCapture) << "cannot record the stream health of job" << jobId << ":"
                             << s.error().message;
    }
}

void StreamHealthMonitor::checkDeadlines()
{
    const qint64 now = m_service.clock().nowMs();
    refreshSettings();
    for (auto &[jobId, j] : m_judges) {
        report(jobId, j.onTime(now));
    }
    armTimer();
}

void StreamHealthMonitor::armTimer()
{
    std::optional<qint64> earliest;
    for (const auto &[jobId, j] : m_judges) {
        if (const auto at = j.downAtMs(); at && (!earliest || *at < *earliest)) {
            earliest = at;
        }
    }
    if (!earliest) {
        m_downTimer.stop();
        return;
    }
    const qint64 waitMs = std::max<qint64>(0, *earliest - m_service.clock().nowMs());
    m_downTimer.start(int(std::min<qint64>(waitMs, 24LL * 3600 * 1000)));
}

void StreamHealthMonitor::refreshSettings()
{
    const qint64 now = m_service.clock().nowMs();
    if (m_settingsRead && now - m_settingsReadMs < SettingsRefreshMs) {
        return;
    }
    m_settingsRead = true;
    m_settingsReadMs = now;
    auto settings = m_service.getEngineSettings();
    if (!settings) {
        qCWarning(lcCapture) << "cannot read the stream health settings:"
                             << settings.error().message;
        return;
    }
    m_settings = settings->health;
    for (auto &[jobId, j] : m_judges) {
        j.setSettings(m_settings);
    }
}

} // namespace livesnap
