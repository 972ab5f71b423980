#pragma once

#include "catalog/LeaseFence.h"
#include "domain/StreamHealthJudge.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <map>
#include <optional>

namespace livesnap {

class SnapshotService;

// Judges the stream health of the jobs this engine runs, one StreamHealthJudge each, from their
// stream states and the statistics of their snapshots, and reports every change to the service
// (catalog, job event, callback). Lives on the engine thread; capture workers reach it by
// queued calls. A precise single-shot timer wakes it when the earliest down grace runs out.
// The thresholds are the engine settings, read again at most every SettingsRefreshMs.
class StreamHealthMonitor : public QObject {
    Q_OBJECT

public:
    static constexpr qint64 SettingsRefreshMs = 5000;

    explicit StreamHealthMonitor(SnapshotService &service, QObject *parent = nullptr);
    ~StreamHealthMonitor() override;

    // A job this engine starts running: judged from now, keeping its recorded health until then.
    void watch(const QString &jobId);
    // A job this engine no longer runs; later reports about it are ignored.
    void forget(const QString &jobId);
    // The lease a job's health reports are made under (the supervisor's fenceOf): a change is
    // not reported once another engine holds the job (this one was paused past its lease).
    void setFenceLookup(std::function<LeaseFence(const QString &jobId)> lookup)
    {
        m_fenceOf = std::move(lookup);
    }
    // Thread-safe: hands a snapshot's picture statistics to the monitor's thread.
    static void postPicture(StreamHealthMonitor *monitor, const QString &jobId,
                            const PictureStats &stats, qint64 wallMs);

public slots:
    void onStreamState(const QString &jobId, const QString &state, const QString &error);
    void onPicture(const QString &jobId, const livesnap::PictureStats &stats, qint64 wallMs);

private:
    StreamHealthJudge *judge(const QString &jobId);
    void report(const QString &jobId, const std::optional<StreamHealthJudge::Change> &change);
    void checkDeadlines();
    void armTimer();
    void refreshSettings();

    SnapshotService &m_service;
    std::function<LeaseFence(const QString &jobId)> m_fenceOf;
    std::map<QString, StreamHealthJudge> m_judges;
    QTimer m_downTimer;
    StreamHealthSettings m_settings;
    qint64 m_settingsReadMs = 0;
    bool m_settingsRead = false;
};

} // namespace livesnap
