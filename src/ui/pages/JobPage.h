#pragma once

#include <QString>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QTabWidget;
class QTableView;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

class JobDetailsPanel;
class JobListModel;
class SubmitJobDialog;

// Job Management: every job with its status and stream state, sortable and filterable, the
// selected job's details and events below it, and the commands (submit, start, stop, restart,
// delete, preview). Whether a command is allowed is the service's call; its error message is
// shown as it comes. The list is the first tab of an inner tab widget; addView() adds more
// views of the jobs (the monitor wall).
class JobPage : public QWidget {
    Q_OBJECT

public:
    explicit JobPage(EngineHost &host, QWidget *parent = nullptr);
    ~JobPage() override;

    JobListModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    JobDetailsPanel *details() const { return m_details; }
    QTabWidget *views() const { return m_views; }
    // The id of the selected job; empty when none is selected.
    QString selectedJobId() const;
    // Selects jobId's row (now, or when it appears in the list).
    void selectJob(const QString &jobId);

    // Adds a view of the jobs as a tab after "Jobs".
    void addView(QWidget *view, const QString &title);

public slots:
    void startSelectedJob();
    void stopSelectedJob();
    void restartSelectedJob();
    // Asks for confirmation, then deletes the selected job.
    void deleteSelectedJob();
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
    // The operator wants to watch the job's live stream.
    void previewRequested(const QString &jobId);
    // "Configure…" in the Submit Job dialog: open the storage-locations dialog.
    void configureStorageRequested();
    // "Show files" on a job: the window shows the job's snapshots in File Management.
    void showFilesRequested(const QString &jobId);

private:
    void sendCommand(const QString &command);
    void deleteJob(const QString &jobId);
    void showCommandError(const QString &message);
    void updateButtons();
    void selectionChanged();
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
    QString m_pendingSelection; // a submitted job to select once it is listed
};

} // namespace livesnap::ui
