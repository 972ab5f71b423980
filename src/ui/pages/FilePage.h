#pragma once

#include <QPointer>
#include <QSize>
#include <QStringList>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QPushButton;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

class FileDeleter;
class FileGridView;
class FileListModel;
class SnapshotViewer;
class ThumbnailDelegate;
class ImagePipeline;

// File Management: a job's snapshots within a time range as a thumbnail grid that pages in as
// it scrolls, a viewer for one snapshot, and deletion of the selected ones (optionally with
// their stored objects) in batches with progress.
class FilePage : public QWidget {
    Q_OBJECT

public:
    // images: the window's one image pipeline (the grid's thumbnails and the viewer's images);
    // null makes the page its own.
    explicit FilePage(EngineHost &host, ImagePipeline *images = nullptr, QWidget *parent = nullptr);
    ~FilePage() override;

    static constexpr QSize ThumbnailSize{160, 90};

    FileListModel *model() const { return m_model; }
    FileGridView *view() const { return m_view; }
    ImagePipeline *imagePipeline() const { return m_images; }
    SnapshotViewer *viewer() const;
    QString currentJobId() const;
    // Capture times per DeleteLiveSnapshotFiles call.
    void setDeleteBatchSize(int size) { m_deleteBatchSize = size; }

public slots:
    void reloadJobs();
    void refresh();
    // From 24 hours ago, open to new snapshots.
    void showLast24Hours();
    void deleteSelected();
    SnapshotViewer *openViewer(int row);
    // Shows jobId's snapshots (now, or once the job list has it).
    void showJob(const QString &jobId);
    // Puts the keyboard focus on the job chooser (Ctrl+F).
    void focusFilter();

signals:
    void jobsLoaded();
    void deleteFinished(int deleted, const QStringList &failures);

private:
    void jobsArrived(const QList<QPair<QString, QString>> &jobs);
    void jobRemoved(const QString &jobId);
    void startDelete(const QString &jobId, const QList<qint64> &timestamps, bool objects);
    void updateCount();
    void updateButtons();

    EngineHost &m_host;
    ImagePipeline *m_images = nullptr;
    FileListModel *m_model = nullptr;
    ThumbnailDelegate *m_delegate = nullptr;
    QComboBox *m_jobCombo = nullptr;
    QDateTimeEdit *m_startEdit = nullptr;
    QDateTimeEdit *m_endEdit = nullptr;
    QPushButton *m_last24Hours = nullptr;
    QComboBox *m_sortCombo = nullptr;
    QPushButton *m_refreshButton = nullptr;
    QLabel *m_zone = nullptr; // the time edits' zone
    QLabel *m_count = nullptr;
    QLabel *m_error = nullptr;
    FileGridView *m_view = nullptr;
    QPushButton *m_openButton = nullptr;
    QPushButton *m_deleteButton = nullptr;
    QPointer<SnapshotViewer> m_viewer;
    QPointer<FileDeleter> m_deleter;
    QTimer m_rangeEdited;        // debounces typing in the time edits
    bool m_endFollowsNow = true; // until the user sets an end: open to new snapshots
    QString m_pendingJobId;      // showJob() of a job the list did not have yet
    bool m_jobsLoading = false;
    bool m_jobsDirty = false;
    int m_deleteBatchSize = 100;
};

} // namespace livesnap::ui
