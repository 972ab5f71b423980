#pragma once

#include <QString>
#include <QStringList>
#include <QTimer>
#include <QWidget>

class QLabel;
class QListView;
class QStackedWidget;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

class ImagePipeline;
class MonitorTileDelegate;
class MonitorWallModel;

// The monitor wall of Job Management: a grid with a tile per started job showing its newest
// snapshot, its name, its stream state and the snapshot's age. Ages are refreshed once a
// second by repainting (no fetching) while the wall is visible. Double-click (or Enter) on a
// tile asks for its live preview.
class MonitorWall : public QWidget {
    Q_OBJECT

public:
    // images: the window's image pipeline for the tiles; null makes the wall its own.
    explicit MonitorWall(EngineHost &host, ImagePipeline *images = nullptr,
                         QWidget *parent = nullptr);

    MonitorWallModel *model() const { return m_model; }
    QListView *view() const { return m_view; }
    // The id of the selected tile's job; empty when none is selected.
    QString selectedJobId() const;
    // The ids of every selected tile's job, in the wall's order.
    QStringList selectedJobIds() const;

public slots:
    // Shows only the tiles whose job name, id or stream URL (masked) contains text.
    void setFilterText(const QString &text);

signals:
    void previewRequested(const QString &jobId);
    void selectedJobsChanged();
    // From a tile's context menu.
    void showFilesRequested(const QString &jobId);
    // From a tile's context menu: start, stop, restart, snapshot or delete on these jobs.
    void commandRequested(const QStringList &jobIds, const QString &command);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void updateEmptyState();
    void updateThumbnailSize();

    MonitorWallModel *m_model = nullptr;
    MonitorTileDelegate *m_delegate = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_emptyLabel = nullptr;
    QLabel *m_errorLabel = nullptr;
    QListView *m_view = nullptr;
    QTimer m_ageTimer;
};

} // namespace livesnap::ui
