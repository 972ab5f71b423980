#pragma once

#include "domain/SnapshotFile.h"
#include "imaging/ImagePipeline.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QSize>
#include <QString>
#include <QTimer>

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

// One stored snapshot object as the grid shows it.
struct FileEntry {
    SnapshotFile file;
    bool local = false;    // in a local folder (else OSS / S3)
    QString locationError; // why its storage location could not be resolved, if it could not
};

// The snapshot objects of one job within a time range, paged in from ListLiveSnapshotFiles on
// the engine thread as the view asks for more (fetchMore), so a job with 100,000 files never
// loads in one go. The total is one indexed count on the engine thread. Thumbnails come
// from the ImagePipeline (requested on the model's behalf: it is their owner); each finished
// thumbnail changes only its own row.
class FileListModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        KeyRole = Qt::UserRole, // names the object and its capture: the thumbnail key
        CreateTimestampRole,
        SequenceRole,
        IsOverlayRole,
        SizeRole,
        ObjectRole,
        SourceRole,         // ImageSource: the stored object, linked by the engine
        ThumbnailRole,      // QImage, null until loaded
        ThumbnailStateRole, // int(ImagePipeline::State)
        ThumbnailErrorRole,
    };

    explicit FileListModel(EngineHost &host, QObject *parent = nullptr);

    void setImagePipeline(ImagePipeline *images);
    ImagePipeline *imagePipeline() const { return m_images; }
    // Rows per ListLiveSnapshotFiles call (1..100).
    void setPageSize(int size) { m_pageSize = qBound(1, size, 100); }

    // Starts over with a job and an inclusive time range (either end may be invalid: open).
    void setQuery(const QString &jobId, const QDateTime &start, const QDateTime &end,
                  bool newestFirst = true);
    // Loads the same query again from its first page.
    void refresh();
    void clear();

    QString jobId() const { return m_jobId; }
    bool isLoading() const { return m_inFlight; }
    // Every matching object, once counted; -1 while counting.
    qint64 totalCount() const { return m_total; }
    QString lastError() const { return m_lastError; }

    const FileEntry &entryAt(int row) const { return m_rows.at(row); }
    int rowOfKey(const QString &key) const { return m_rowOfKey.value(key, -1); }
    static QString keyOf(const SnapshotFile &file);

    // Drops the rows of these capture times (deleted through the service).
    void removeTimestamps(const QSet<qint64> &timestamps);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent = QModelIndex()) const override;
    void fetchMore(const QModelIndex &parent = QModelIndex()) override;
    // Loads the snapshots recorded since the rows were loaded (called when the engine reports
    // new files of the job): newest first, they go on top; oldest first, paging goes on from
    // the last row. Without it an open range would only ever show what the first pages held.
    void fetchNewer();

signals:
    void pageLoaded();
    void loadFailed(const QString &message);
    void totalCountChanged(qint64 total);

private:
    void startCount();
    void fetchNewerFrom(const QDateTime &from);
    void insertNewer(QList<FileEntry> entries);
    void thumbnailChanged(const QString &key);
    void rebuildKeyIndex();

    EngineHost &m_host;
    QPointer<ImagePipeline> m_images;
    QString m_jobId;
    QDateTime m_start;
    QDateTime m_end;
    bool m_newestFirst = true;
    int m_pageSize = 100;

    QList<FileEntry> m_rows;
    QHash<QString, int> m_rowOfKey;
    QDateTime m_cursor; // where the next page starts (desc: its EndTime; asc: its StartTime)
    bool m_exhausted = true;
    bool m_inFlight = false;
    quint64 m_generation = 0; // bumped on every new query: older answers are dropped
    QString m_lastError;

    qint64 m_total = -1;
    quint64 m_countGeneration = 0;
    QTimer m_recount; // coalesces filesChanged bursts
    bool m_newerInFlight = false;
    bool m_newerAgain = false; // files changed while newer ones were being fetched
};

} // namespace livesnap::ui
