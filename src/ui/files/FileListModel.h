#pragma once

#include "files/FileRangeReader.h"
#include "imaging/ImagePipeline.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QTimer>

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

// The snapshot objects of one job within a time range, for a grid of any size (a million rows
// in one job). The range is counted once (one indexed count, up to its newest time: the bound)
// and the model has that many rows at once, so the scroll bar spans the whole range; rows are
// read by position in pages on the engine thread only when something asks for them (the view
// painting them): data() of a row not held yet answers a placeholder and asks for its page.
// At most cacheCapacity() rows are held; pages far from the rows asked for last are dropped.
// Snapshots newer than the bound come in on filesChanged: on top when newest first, at the
// bottom when oldest first, and the bound moves on, so positions held stay right. A count that
// disagrees with the rows (something changed inside the range) drops the held rows and reads
// the shown ones again. Thumbnails come from the ImagePipeline; each finished thumbnail changes
// only its own row.
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
        ThumbnailStateRole, // int(ImagePipeline::State); Loading while the row is not held
        ThumbnailErrorRole,
        LoadedRole, // bool: the row's object is held (else every other role is a placeholder)
    };

    explicit FileListModel(EngineHost &host, QObject *parent = nullptr);

    void setImagePipeline(ImagePipeline *images);
    ImagePipeline *imagePipeline() const { return m_images; }
    // Rows per read (1..100).
    void setPageSize(int size) { m_pageSize = qBound(1, size, 100); }
    int pageSize() const { return m_pageSize; }
    // Rows held at most (at least a few pages).
    void setCacheCapacity(int rows) { m_capacity = qMax(rows, 4 * m_pageSize); }
    int cacheCapacity() const { return m_capacity; }

    // Starts over with a job and an inclusive time range (either end may be invalid: open).
    void setQuery(const QString &jobId, const QDateTime &start, const QDateTime &end,
                  bool newestFirst = true);
    // Counts and loads the same query again.
    void refresh();
    void clear();

    QString jobId() const { return m_jobId; }
    // A count or a page is on its way.
    bool isLoading() const { return m_syncInFlight || !m_pending.isEmpty(); }
    // Every matching object, once counted; -1 while counting.
    qint64 totalCount() const { return m_total; }
    QString lastError() const { return m_lastError; }

    // The row's object; an empty entry while it is not held (ask with fetchRows()).
    const FileEntry &entryAt(int row) const;
    bool isRowLoaded(int row) const { return m_rows.contains(row); }
    // Asks for the pages of these rows (at most what the cache holds).
    void fetchRows(int first, int last);
    // Rows held now (bounded by cacheCapacity()).
    int loadedRowCount() const { return static_cast<int>(m_rows.size()); }
    int rowOfKey(const QString &key) const { return m_rowOfKey.value(key, -1); }
    static QString keyOf(const SnapshotFile &file);

    // Drops the rows of these capture times (deleted through the service).
    void removeTimestamps(const QSet<qint64> &timestamps);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    // Every row is there once counted; when the whole range fits the cache, fetchMore() loads
    // the next page not held yet (so a caller can load a small range completely).
    bool canFetchMore(const QModelIndex &parent = QModelIndex()) const override;
    void fetchMore(const QModelIndex &parent = QModelIndex()) override;
    // Looks for snapshots newer than the bound and counts the range again (called, coalesced,
    // when the engine reports changed files of the job).
    void followChanges();

signals:
    void pageLoaded();
    void loadFailed(const QString &message);
    void totalCountChanged(qint64 total);

private:
    FileQuery baseQuery() const;
    void applySync(RangeSync sync);
    void insertNewer(QList<FileEntry> entries);
    void resync(qint64 count, const QList<FileEntry> &first);
    void setRowCount(qint64 count);
    void requestRow(int row) const;
    void dispatch();
    void storePage(int offset, const QList<FileEntry> &entries);
    void evictFarRows();
    void removeRowsHeld(int first, int last);
    void shiftRows(int from, int delta);
    void thumbnailChanged(const QString &key);
    void fail(const QString &message);

    EngineHost &m_host;
    QPointer<ImagePipeline> m_images;
    QString m_jobId;
    QDateTime m_start;
    QDateTime m_end;
    bool m_newestFirst = true;
    int m_pageSize = 100;
    int m_capacity = 2000;

    qint64 m_total = -1; // rows (and the count of [start, bound]); -1 while counting
    QDateTime m_bound;   // the newest time counted; invalid: nothing counted yet
    QHash<int, FileEntry> m_rows;
    QHash<QString, int> m_rowOfKey;
    // Bumped whenever rows move (newer on top, removals, a recount): answers read before are
    // dropped. m_generation is bumped on a new query.
    quint64 m_epoch = 0;
    quint64 m_generation = 0;
    QSet<int> m_pending;         // pages being read
    mutable QList<int> m_wanted; // pages asked for, the latest last
    mutable int m_focus = 0;     // the row asked for last: eviction keeps what is near it
    mutable QTimer m_dispatch;   // reads what data() asked for, after the paint
    bool m_syncInFlight = false;
    bool m_syncAgain = false;
    QString m_lastError;
    QTimer m_recount; // coalesces filesChanged bursts
};

} // namespace livesnap::ui
