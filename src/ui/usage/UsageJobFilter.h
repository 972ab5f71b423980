#pragma once

#include <QComboBox>
#include <QString>

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

// Picks the job a usage report is limited to: "All jobs" or one job (by name; the id is the
// item's data and tooltip). The list follows new and removed jobs without reloading on every
// change of a known job (running jobs change every snapshot).
class UsageJobFilter : public QComboBox {
    Q_OBJECT

public:
    explicit UsageJobFilter(EngineHost &host, QWidget *parent = nullptr);

    // Empty for all jobs.
    QString selectedJobId() const;
    // Selects a job by id (all jobs when it is not listed); returns whether it was found.
    bool selectJob(const QString &jobId);

public slots:
    void reload();

signals:
    void loaded();
    // The user (or selectJob) picked another job.
    void jobSelected(const QString &jobId);

private:
    EngineHost &m_host;
    bool m_inFlight = false;
    bool m_dirty = false;
};

} // namespace livesnap::ui
