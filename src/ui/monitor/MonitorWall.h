#pragma once

#include <QString>
#include <QStringList>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QListView;
class QMenu;
class QStackedWidget;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

class ImagePipeline;
class MonitorTileDelegate;
class MonitorWallFilter;
class MonitorWallModel;

// The monitor wall of Job Management: a grid with a tile per started job showing its newest
// snapshot, its name, its health / stream state and the snapshot's age, problems first. Ages
// are refreshed once a second by repainting (no fetching) while the wall is visible.
// Double-click (or Enter) on a tile asks for its live preview. The wall owns its selection
// (several tiles at once) and filter; it never runs a command itself: its context menu asks
// for one (commandRequested and friends) and the page runs it.
//
// For tests and screenshots: LIVESNAP_OPEN_PREVIEW=<job id> in the environment asks once for
// that job's preview as soon as its tile appears.
class MonitorWall : public QWidget {
    Q_OBJECT

public:
    // images: the window's image pipeline for the tiles; null makes the wall its own.
    explicit MonitorWall(EngineHost &host, ImagePipeline *images = nullptr,
                         QWidget *parent = nullptr);

    MonitorWallModel *model() const { return m_model; }
    // What the view shows: the model sorted (problems first) and filtered.
    MonitorWallFilter *filterModel() const { return m_filter; }
    QListView *view() const { return m_view; }
    MonitorTileDelegate *delegate() const { return m_delegate; }
    // The view's index of a job's tile (invalid when it has none or it is filtered out).
    QModelIndex indexOfJob(const QString &jobId) const;
    QString filterText() const;

    enum class TileSize { Small, Medium, Large };
    // Remembered in QSettings (monitor/tileSize).
    void setTileSize(TileSize size);
    TileSize tileSize() const { return m_tileSize; }
    // The id of the selected tile's job; empty when none is selected.
    QString selectedJobId() const;
    // The ids of every selected tile's job, in the wall's order.
    QStringList selectedJobIds() const;
    // The context menu for the selected tiles (built afresh; the caller owns it).
    QMenu *createContextMenu(QWidget *parent);

public slots:
    // Shows only the tiles whose job name, id or stream URL (masked) contains text.
    void setFilterText(const QString &text);

signals:
    // Double-click / Enter on a tile, or Preview in its context menu.
    void previewRequested(const QString &jobId);
    // The set of selected tiles changed (selectedJobIds()).
    void selectedJobsChanged();
    // From a tile's context menu.
    void showFilesRequested(const QString &jobId);
    // From a tile's context menu: "start", "stop", "restart", "snapshot" or "delete" on these
    // jobs (the selection). The receiver confirms (delete) and runs it; the wall only asks.
    void commandRequested(const QStringList &jobIds, const QString &command);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void updateEmptyState();
    void updateSelection();
    void updateThumbnailSize();
    void openRequestedPreview();

    MonitorWallModel *m_model = nullptr;
    MonitorWallFilter *m_filter = nullptr;
    MonitorTileDelegate *m_delegate = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_emptyLabel = nullptr;
    QLabel *m_errorLabel = nullptr;
    QListView *m_view = nullptr;
    QComboBox *m_sizeBox = nullptr;
    QTimer m_ageTimer;
    TileSize m_tileSize = TileSize::Medium;
    QStringList m_selection; // sorted: what selectedJobsChanged last announced
    QString m_previewToOpen; // LIVESNAP_OPEN_PREVIEW, until its tile appeared
};

} // namespace livesnap::ui
