#pragma once

#include "domain/SnapshotJob.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QImage>
#include <QList>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QSet>
#include <QSize>
#include <QString>
#include <QThreadPool>
#include <QTimer>

#include <vector>

class QNetworkReply;

namespace livesnap {
class EngineHost;
}

namespace livesnap::ui {

// One tile per started job with its newest snapshot as a thumbnail, for the monitor wall.
//
// Jobs come from listLiveSnapshotJobs(Status=started) once, then from jobChanged / jobRemoved:
// changed ids are collected for a moment and fetched in one engine call (getLiveSnapshotJob
// each), so a burst of snapshots from a hundred jobs costs a few calls, not a full reload each.
//
// When a job's snapshot count or time moves, its newest file is looked up and linked on the
// engine thread, downloaded here (QNetworkAccessManager, async) and decoded at tile size on a
// bounded pool with ScaledJpegDecoder. A job has at most one such fetch in flight; a change
// during it triggers one more when it ends. Results for a tile that has left the wall (or
// whose fetch was superseded) or older than the image shown are dropped.
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
    };

    // Connects to the host's service and starts the first load.
    explicit MonitorWallModel(EngineHost &host, QObject *parent = nullptr);
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

    // How long changes are gathered before they are fetched in one call.
    void setCoalesceInterval(int ms) { m_coalesceTimer.setInterval(ms); }

    bool isLoading() const { return m_loadInFlight; }
    QString lastError() const { return m_lastError; }

public slots:
    // Lists the started jobs afresh (e.g. after an error).
    void reload();

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
        QPointer<QNetworkReply> reply;
    };
    // The newest stored snapshot of a job and a short-lived link to it.
    struct LatestSnapshot {
        qint64 createTimestamp = 0; // 0: the job has no file yet
        QUrl url;
    };

    void onJobChanged(const QString &jobId);
    void onJobRemoved(const QString &jobId);
    void fetchPending();
    void applyList(const QList<SnapshotJob> &jobs);
    void applyJob(const SnapshotJob &job);
    void removeJob(const QString &jobId);
    void startNextCall();

    Tile *tileOf(const QString &jobId);
    void emitTileChanged(const QString &jobId, const QList<int> &roles);
    void updateThumbnailIfNeeded(Tile &tile);
    void startThumbnailFetch(Tile &tile);
    void onLinkReady(const QString &jobId, quint64 token, const LatestSnapshot &latest,
                     const QString &error);
    void onDownloaded(const QString &jobId, quint64 token, qint64 createTimestamp,
                      QNetworkReply *reply);
    void onDecoded(const QString &jobId, quint64 token, qint64 createTimestamp, const QImage &image,
                   const QString &error);
    void finishThumbnailFetch(const QString &jobId, quint64 token, const QString &error);

    EngineHost &m_host;
    QList<Tile> m_tiles;
    QSize m_thumbnailSize{320, 180};

    // Engine calls for the job list: one at a time.
    bool m_loadInFlight = false;
    bool m_reloadWanted = false;
    QSet<QString> m_pendingIds;
    QTimer m_coalesceTimer;
    QString m_lastError;

    quint64 m_nextToken = 0;
    QNetworkAccessManager m_network;
    QThreadPool m_decodePool; // last member: destroyed (and waited for) first
};

} // namespace livesnap::ui
