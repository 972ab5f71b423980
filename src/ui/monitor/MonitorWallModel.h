#pragma once

#include "domain/SnapshotJob.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QImage>
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

class ImagePipeline;

// One tile per started job with its newest snapshot as a thumbnail, for the monitor wall.
//
// Jobs come from listLiveSnapshotJobs(Status=started) once, then from jobChanged / jobRemoved:
// changed ids are collected for a moment and fetched in one engine call (getLiveSnapshotJob
// each), so a burst of snapshots from a hundred jobs costs a few calls, not a full reload each.
//
// When a job's snapshot count or time moves, its newest file is looked up on the engine thread
// and loaded at tile size by the window's ImagePipeline (a local folder's file read directly,
// an OSS / S3 object downloaded through its link), on the model's behalf. A job has at most
// one such fetch in flight; a change during it triggers one more when it ends. A tile that
// leaves the wall cancels its request; results older than the image shown are dropped.
class MonitorWallModel : public QAbstractListModel {
    Q_OBJECT

public:
    enum Role {
        JobIdRole = Qt::UserRole + 1,
        NameRole,             // QString (also DisplayRole)
        StreamStateRole,      // QString: a streamstate value
        LastSnapshotTimeRole, // QDateTime, invalid before the first snapshot
        SnapshotCountRole,    // qint64
        ThumbnailRole,        // QImage, null until the first snapshot is shown
        ThumbnailTimeRole,    // QDateTime the shown image was taken
        ThumbnailErrorRole,   // QString: why the newest image could not be shown; empty if fine
        LastErrorRole,        // QString: the job's LastError, masked
        MaskedUrlRole,        // QString: the stream URL, auth tokens masked
        ConditionRole,        // int: JobText::Condition (lower is worse), the wall's sort key
        BadgeTextRole,        // QString: the health / state word of the badge
        BadgeColorRole,       // QColor: the badge colour; invalid when nothing is to flag
        // QString: why the tile has no picture yet (the job's error, waiting for an engine,
        // connecting since ...); empty when it has one or nothing is wrong.
        ReasonRole,
        StaleRole, // bool: the stream is down or reconnecting, so the picture shown is old
    };

    // Connects to the host's events and starts the first load. images: the window's image
    // pipeline; null makes the model its own.
    explicit MonitorWallModel(EngineHost &host, ImagePipeline *images = nullptr,
                              QObject *parent = nullptr);
    ~MonitorWallModel() override;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The row of a job, or -1.
    int rowOfJob(const QString &jobId) const;

    // Thumbnails are decoded to fit these bounds (device pixels); images already shown keep
    // their size until the job's next snapshot.
    void setThumbnailSize(QSize size);
    QSize thumbnailSize() const { return m_thumbnailSize; }

    ImagePipeline *imagePipeline() const;
    // The pipeline's key of a tile image: the snapshot at this model's thumbnail size.
    QString imageKeyOf(const QString &jobId, const QString &ossObject,
                       qint64 createTimestamp) const;

    // How long changes are gathered before they are fetched in one call.
    void setCoalesceInterval(int ms) { m_coalesceTimer.setInterval(ms); }

    bool isLoading() const { return m_loadInFlight; }
    QString lastError() const { return m_lastError; }

public slots:
    // Lists the started jobs afresh (e.g. after an error).
    void reload();
    // Shows a job as given: a started job gets (or updates) its tile, any other loses it.
    // What a fetch after a change does; tests feed jobs (e.g. with a stream health) here.
    void applyJob(const SnapshotJob &job);

signals:
    // The full list of started jobs arrived (after construction or reload()).
    void loaded();
    void loadFailed(const QString &message);
    // Jobs fetched after a change (or the full list) were applied to the tiles.
    void updated();

private:
    struct Tile {
        SnapshotJob job;
        QImage thumbnail;
        qint64 thumbnailTimestamp = 0; // CreateTimestamp (ms) of the shown image
        QString thumbnailError;
        // The job's snapshot count and time the last fetch was started for.
        qint64 requestedCount = -1;
        QDateTime requestedTime;
        quint64 fetchToken = 0; // non-zero while a fetch runs
        QString imageKey;       // the pipeline key the fetch waits for
        qint64 imageTimestamp = 0;
    };
    // The newest stored snapshot of a job.
    struct LatestSnapshot {
        qint64 createTimestamp = 0; // 0: the job has no file yet
        QString ossObject;
    };

    void onJobChanged(const QString &jobId);
    void onJobRemoved(const QString &jobId);
    void fetchPending();
    void applyList(const QList<SnapshotJob> &jobs);
    static QString reasonOf(const SnapshotJob &job);
    void removeJob(const QString &jobId);
    void startNextCall();

    Tile *tileOf(const QString &jobId);
    void emitTileChanged(const QString &jobId, const QList<int> &roles);
    void updateThumbnailIfNeeded(Tile &tile);
    void startThumbnailFetch(Tile &tile);
    void onNewestFound(const QString &jobId, quint64 token, const LatestSnapshot &latest,
                       const QString &error);
    Tile *tileWaitingFor(const QString &key);
    void showImage(Tile &tile, qint64 createTimestamp, const QImage &image);
    void onImageReady(const QString &key, const QImage &image);
    void onImageFailed(const QString &key, const QString &message);
    void finishThumbnailFetch(const QString &jobId, quint64 token, const QString &error);

    EngineHost &m_host;
    QPointer<ImagePipeline> m_images;
    QList<Tile> m_tiles;
    QSize m_thumbnailSize{320, 180};

    // Engine calls for the job list: one at a time.
    bool m_loadInFlight = false;
    bool m_reloadWanted = false;
    QSet<QString> m_pendingIds;
    QTimer m_coalesceTimer;
    QString m_lastError;

    quint64 m_nextToken = 0;
};

} // namespace livesnap::ui
