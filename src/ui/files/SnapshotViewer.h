#pragma once

#include <QDateTime>
#include <QDialog>
#include <QPointer>
#include <QString>
#include <QUrl>

class QLabel;
class QPushButton;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

struct FileEntry;
class FileListModel;
class ImageCanvas;
class ImagePipeline;

// One snapshot at full size (decoded off the GUI thread by the image pipeline), with previous /
// next over the model's order (← / →), its facts, its containing folder (local folders only)
// and a signed link to it on the clipboard.
class SnapshotViewer : public QDialog {
    Q_OBJECT

public:
    // images decodes the full images (and finds a local snapshot's file); it must outlive the
    // viewer (the main window or the page owns it).
    SnapshotViewer(EngineHost &host, FileListModel *model, ImagePipeline *images, int row,
                   QWidget *parent = nullptr);

    int currentRow() const { return m_row; }
    QString currentKey() const { return m_key; }
    ImageCanvas *canvas() const { return m_canvas; }

    // How long a copied link stays valid: 30 minutes, as README and livesnapctl say.
    static constexpr int LinkSeconds = 30 * 60;

public slots:
    void showRow(int row);
    void showPrevious();
    void showNext();
    void copyLink();
    void openContainingFolder();

signals:
    void currentRowChanged(int row);
    void imageShown(const QString &key);
    void linkCopied(const QUrl &url, const QDateTime &expires);
    void linkFailed(const QString &message);

private:
    QString imageKey(int row) const;
    void requestImage(int row);
    void imageReady(const QString &key);
    void imageFailed(const QString &key, const QString &message);
    void locateFile(const FileEntry &entry);
    void rowsRemoved();
    void rowsInserted();
    void updateNavigation();
    void showLinkStatus(const QString &text, bool error);

    EngineHost &m_host;
    QPointer<FileListModel> m_model;
    QPointer<ImagePipeline> m_images;
    QSize m_imageSize;
    int m_row = -1;
    QString m_key;       // the model's key of the shown row
    QString m_localPath; // the shown snapshot's file, once the engine named it (local folders)
    bool m_waitingForRow = false; // m_row is not read yet: shown once its page is in

    ImageCanvas *m_canvas = nullptr;
    QLabel *m_position = nullptr;
    QLabel *m_time = nullptr;
    QLabel *m_kind = nullptr;
    QLabel *m_sequence = nullptr;
    QLabel *m_dimensions = nullptr;
    QLabel *m_size = nullptr;
    QLabel *m_object = nullptr;
    QLabel *m_location = nullptr;
    QLabel *m_linkStatus = nullptr;
    QPushButton *m_previous = nullptr;
    QPushButton *m_next = nullptr;
    QPushButton *m_openFolder = nullptr;
    QPushButton *m_copyLink = nullptr;
};

} // namespace livesnap::ui
