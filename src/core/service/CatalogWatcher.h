#pragma once

#include "catalog/ChangeLog.h"
#include "service/ServiceContext.h"

#include <QObject>
#include <QSet>
#include <QTimer>

namespace livesnap {

// Notices what other processes (another engine, livesnapctl) changed in the catalog and emits
// the service's own precise signals for it (jobChanged, jobRemoved, filesChanged,
// templatesChanged, storageLocationsChanged, callbackSettingsChanged), so views and the
// callback sender stay current without a refresh.
//
// Each tick reads SQLite's data_version, which moves only when another connection committed;
// only then are the change-log rows after the last one seen read (never the catalog itself),
// coalesced (one signal per job and kind) and emitted. While only this process writes, the last
// seen row just follows the log, so this process's own changes are not signalled a second time
// (except, coalesced, those that share a tick with another process's). Rows pruned before they
// were read (a very long stall) make it signal every job and list once. Lives on the service's
// thread (the catalog's), with its timer.
class CatalogWatcher : public QObject {
    Q_OBJECT

public:
    static constexpr int DefaultIntervalMs = 500;

    explicit CatalogWatcher(ServiceContext &context, QObject *parent = nullptr);

    // Starts from the log as it is now (earlier changes are not signalled).
    void start(int intervalMs = DefaultIntervalMs);
    void stop();
    bool isRunning() const { return m_timer.isActive(); }
    // One look: what the timer runs.
    void check();

private:
    void emitChanges(const QList<CatalogChange> &changes);
    void resynchronise();

    ServiceContext &m_context;
    CatalogChangeLog m_log;
    QTimer m_timer;
    qint64 m_lastSeq = 0;
    // PostgreSQL: rows seen within the look-back window (CatalogChangeLog::lateRowWindow), so
    // a row that became visible late is signalled once, and the others not again.
    QSet<qint64> m_recentSeqs;
    void rememberRecentRows();
    qint64 m_dataVersion = -1;
    bool m_warned = false;
};

} // namespace livesnap
