#pragma once

#include "common/Error.h"

#include <QList>
#include <QObject>
#include <QString>

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

namespace jobaction {
// The commands the console runs on a selection: the service's job commands, "snapshot" (Snap
// now, a job command too) and "delete" (DeleteLiveSnapshotJob).
inline const QString Snapshot = QStringLiteral("snapshot");
inline const QString Delete = QStringLiteral("delete");
} // namespace jobaction

// One command on several jobs: one engine call per job (the existing single-job facade calls),
// one after the other, so the GUI never waits and the catalog is not flooded. Reports progress
// and, at the end, one summary naming the jobs by name (never by id).
class JobBatch : public QObject {
    Q_OBJECT

public:
    struct Job {
        QString id;
        QString name;
    };
    struct Failure {
        Job job;
        Error error;
    };

    // command: start, stop, restart, snapshot or delete.
    JobBatch(EngineHost &host, const QString &command, const QList<Job> &jobs,
             QObject *parent = nullptr);

    // Sends the first call; the rest follow as answers arrive.
    void start();

    QString command() const { return m_command; }
    int total() const { return static_cast<int>(m_jobs.size()); }
    int done() const { return m_done; }
    bool isFinished() const { return m_done == total(); }
    const QList<Failure> &failures() const { return m_failures; }

    // "Stopping 3 of 30 jobs…"
    QString progressText() const;
    // "Stopped 28 of 30 jobs; 2 failed: “a”: it is not running; …" or, for one job,
    // "Stopped “a”." / "Could not stop “a”: it is not running."
    QString summary() const;
    // One line per failed job with the service's code and message, for a Details section.
    QString details() const;

signals:
    void progressed(int done, int total);
    void finished();

private:
    void runNext();

    EngineHost &m_host;
    QString m_command;
    QList<Job> m_jobs;
    QList<Failure> m_failures;
    int m_done = 0;
    bool m_started = false;
};

} // namespace livesnap::ui
