#pragma once

#include "domain/SnapshotJob.h"

#include <QList>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QMenu;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QTabWidget;
class QTableView;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

class JobBatch;
class JobCommandBar;
class JobDetailsPanel;
class JobListModel;
class MonitorWall;
class SubmitJobDialog;

// Job Management: every job with its status, stream state and health, sortable and filterable,
// the selected job's details and events below it, and the commands (submit, start, stop,
// restart, snap now, delete, preview, show files) on the selection of the view that is showing:
// the Jobs table (several rows at once) or the monitor wall. A command is enabled when it makes
// sense for some selected job and runs on those jobs only, one engine call per job (JobBatch)
// with one confirmation and one summary. The list is the first tab of an inner tab widget;
// addView() adds more views of the jobs (the monitor wall, whose selection, filter and context
// menu the page then serves too).
class JobPage : public QWidget {
    Q_OBJECT

public:
    explicit JobPage(EngineHost &host, QWidget *parent = nullptr);
    ~JobPage() override;

    JobListModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    JobDetailsPanel *details() const { return m_details; }
    QTabWidget *views() const { return m_views; }
    // The id of the first selected job of the showing view; empty when none is selected.
    QString selectedJobId() const;
    // The selected jobs of the showing view (the table's in its order, or the wall's).
    QStringList selectedJobIds() const;
    // Selects jobId's row (now, or when it appears in the list).
    void selectJob(const QString &jobId);

    // Adds a view of the jobs as a tab after "Jobs". A MonitorWall is also filtered by the
    // page's filter box, and the buttons act on its selection while its tab is current.
    void addView(QWidget *view, const QString &title);
    MonitorWall *monitorWall() const;

    // The running (or last) bulk command; null before the first.
    JobBatch *batch() const;
    // The menu the Jobs table shows on a right click (built anew each time).
    QMenu *createContextMenu();

public slots:
    void startSelectedJob();
    void stopSelectedJob();
    void restartSelectedJob();
    // Snap now: each selected running job takes one snapshot at its next keyframe.
    void snapSelectedJob();
    // Asks for confirmation, then deletes the selected jobs.
    void deleteSelectedJob();
    // Runs command (start, stop, restart, snapshot, delete) on those of jobIds it applies to,
    // asking first for delete, and for stop/restart of several jobs.
    void runCommand(const QString &command, const QStringList &jobIds);
    // "Show files" for the first selected job.
    void showFilesOfSelectedJob();
    // Copies the first selected job's stream URL, masked, to the clipboard.
    void copyStreamUrl();
    // Opens the Submit Job dialog (non-modal to the event loop) and returns it.
    SubmitJobDialog *openSubmitDialog();
    void previewSelectedJob();
    // Relists every job and refreshes the details.
    void refresh();
    // Puts the keyboard focus in the filter box (Ctrl+F).
    void focusFilter();

signals:
    // A command was refused or failed; the message is also shown to the user.
    void commandFailed(const QString &message);
    // A command on the selection has finished (summary as shown in the status line).
    void commandFinished(const QString &summary);
    // The operator wants to watch the job's live stream.
    void previewRequested(const QString &jobId);
    // "Configure…" in the Submit Job dialog: open the storage-locations dialog.
    void configureStorageRequested();
    // "Show files" on a job: the window shows the job's snapshots in File Management.
    void showFilesRequested(const QString &jobId);

private:
    // The model's rows of these ids (ids no longer listed are left out).
    QList<SnapshotJob> jobsOf(const QStringList &jobIds) const;
    QStringList tableSelectedJobIds() const;
    bool wallIsShowing() const;
    void createActions();
    void updateButtons();
    void selectionChanged();
    void fitColumns();
    void restoreLayout();
    void saveLayout() const;

    EngineHost &m_host;
    JobListModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_error = nullptr;
    QTabWidget *m_views = nullptr;
    QSplitter *m_splitter = nullptr;
    QTableView *m_view = nullptr;
    JobDetailsPanel *m_details = nullptr;
    QPushButton *m_submitButton = nullptr;
    QPushButton *m_startButton = nullptr;
    QPushButton *m_stopButton = nullptr;
    QPushButton *m_restartButton = nullptr;
    QPushButton *m_deleteButton = nullptr;
    QPushButton *m_previewButton = nullptr;
    QPushButton *m_refreshButton = nullptr;
    QPushButton *m_snapButton = nullptr;
    QAction *m_previewAction = nullptr;
    QAction *m_snapAction = nullptr;
    QAction *m_startAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_restartAction = nullptr;
    QAction *m_showFilesAction = nullptr;
    QAction *m_copyUrlAction = nullptr;
    QAction *m_deleteAction = nullptr;
    JobCommandBar *m_commands = nullptr;
    QPointer<MonitorWall> m_wall;
    bool m_layoutRestored = false; // a saved column layout: keep its widths
    QString m_pendingSelection;    // a submitted job to select once it is listed
};

} // namespace livesnap::ui
