#pragma once

#include "domain/SnapshotJob.h"

#include <QList>
#include <QPointer>
#include <QString>
#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

class JobBatch;

// Runs one command (start, stop, restart, snapshot, delete) on a selection of jobs and shows
// how it goes: a question first where one is due (delete; stop or restart of several), naming
// the count and the jobs, then a JobBatch with a progress bar, then one line with the result
// and, when some failed, "Details…" with the service's codes. A single failed job also gets an
// error dialog (the console's words as text, the API's in its Details section).
class JobCommandBar : public QWidget {
    Q_OBJECT

public:
    explicit JobCommandBar(EngineHost &host, QWidget *parent = nullptr);

    // Whether command makes sense for job now; a command runs on these jobs only.
    static bool appliesTo(const QString &command, const SnapshotJob &job);

    // Runs command on those of selected it applies to (after asking, when due).
    void run(const QString &command, const QList<SnapshotJob> &selected);
    // A command is running (one at a time).
    bool isBusy() const;
    // The running (or last) command; null before the first.
    JobBatch *batch() const;

signals:
    void busyChanged();
    void finished(const QString &summary);
    void failed(const QString &summary);

private:
    void startBatch(const QString &command, const QList<SnapshotJob> &jobs);
    void finishBatch();
    void showDetails();
    void showError(const QString &message, const QString &details);

    EngineHost &m_host;
    QProgressBar *m_batchProgress = nullptr;
    QLabel *m_batchLabel = nullptr;
    QToolButton *m_batchDetails = nullptr;
    QPointer<JobBatch> m_batch;
};

} // namespace livesnap::ui
