#include "monitor/MonitorWallModel.h"

#include "engine/EngineHost.h"
#include "imaging/ScaledJpegDecoder.h"
#include "models/JobListModel.h"
#include "models/PagedFetch.h"
#include "monitor/MonitorLogging.h"

#include <QMetaEnum>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimeZone>

#include <utility>

namespace livesnap::ui {

namespace {

// The links to thumbnails are used at once; a short life keeps them useless to anyone else.
constexpr int kLinkTtlSeconds = 60;
constexpr int kDownloadTimeoutMs = 15000;
// A burst of jobChanged (every job snapshotting on the same keyframe) is gathered this long.
constexpr int kCoalesceMs = 200;

using JobFetch = std::vector<std::pair<QString, Result<SnapshotJob>>>;

QString downloadError(const QNetworkReply *reply)
{
    // Never errorString(): it quotes the signed link.
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid()) {
        return MonitorWallModel::tr("Could not download the newest snapshot (HTTP %1).")
            .arg(status.toInt());
    }
    const char *key = QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(reply->error());
    return MonitorWallModel::tr("Could not download the newest snapshot (%1).")
        .arg(key ? QString::fromLatin1(key) : QString::number(reply->error()));
}

} // namespace

MonitorWallModel::MonitorWallModel(EngineHost &host, QObject *parent)
    : QAbstractListModel(parent)
    , m_host(host)
{
    m_coalesceTimer.setSingleShot(true);
    m_coalesceTimer.setInterval(kCoalesceMs);
    connect(&m_coalesceTimer, &QTimer::timeout, this, &MonitorWallModel::fetchPending);
    // Decoding is short but CPU-bound: two threads keep the GUI and the engine responsive.
    m_decodePool.setMaxThreadCount(2);
    m_decodePool.setObjectName(QStringLiteral("thumbnails"));
    connect(host.events(), &EngineEvents::jobChanged, this, &MonitorWallModel::onJobChanged);
    connect(host.events(), &EngineEvents::jobRemoved, this, &MonitorWallModel::onJobRemoved);
    reload();
}

MonitorWallModel::~MonitorWallModel()
{
    // Decodes in progress post back to this object: let them finish before it goes.
    m_decodePool.clear();
    m_decodePool.waitForDone();
}

int MonitorWallModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_tiles.size());
}

QVariant MonitorWallModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Tile &tile = m_tiles.at(index.row());
    const SnapshotJob &job = tile.job;
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return job.jobName.isEmpty() ? job.jobId : job.jobName;
    case Qt::DecorationRole:
    case ThumbnailRole:
        return tile.thumbnail;
    case Qt::ToolTipRole: {
        QStringList lines{tr("Job: %1").arg(job.jobName), tr("Job ID: %1").arg(job.jobId),
                          tr("Stream: %1").arg(JobListModel::streamStateText(job.streamState))};
        if (!job.lastError.isEmpty()) {
            lines << maskSecretsInText(job.lastError);
        }
        if (!tile.thumbnailError.isEmpty()) {
            lines << tile.thumbnailError;
        }
        return lines.join(QLatin1Char('\n'));
    }
    case JobIdRole:
        return job.jobId;
    case StreamStateRole:
        return job.streamState;
    case LastSnapshotTimeRole:
        return job.lastSnapshotTime;
    case SnapshotCountRole:
        return job.snapshotCount;
    case ThumbnailTimeRole:
        return tile.thumbnailTimestamp > 0
                   ? QDateTime::fromMSecsSinceEpoch(tile.thumbnailTimestamp, QTimeZone::utc())
                   : QDateTime();
    case ThumbnailErrorRole:
        return tile.thumbnailError;
    case LastErrorRole:
        return maskSecretsInText(job.lastError);
    default:
        return {};
    }
}

QHash<int, QByteArray> MonitorWallModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(JobIdRole, "jobId");
    names.insert(NameRole, "name");
    names.insert(StreamStateRole, "streamState");
    names.insert(LastSnapshotTimeRole, "lastSnapshotTime");
    names.insert(SnapshotCountRole, "snapshotCount");
    names.insert(ThumbnailRole, "thumbnail");
    names.insert(ThumbnailTimeRole, "thumbnailTime");
    names.insert(ThumbnailErrorRole, "thumbnailError");
    names.insert(LastErrorRole, "lastError");
    return names;
}

int MonitorWallModel::rowOfJob(const QString &jobId) const
{
    for (qsizetype row = 0; row < m_tiles.size(); ++row) {
        if (m_tiles.at(row).job.jobId == jobId) {
            return static_cast<int>(row);
        }
    }
    return -1;
}

MonitorWallModel::Tile *MonitorWallModel::tileOf(const QString &jobId)
{
    const int row = rowOfJob(jobId);
    return row < 0 ? nullptr : &m_tiles[row];
}

void MonitorWallModel::setThumbnailSize(QSize size)
{
    if (size.isEmpty() || size == m_thumbnailSize) {
        return;
    }
    m_thumbnailSize = size;
    // Fetch every shown image again at the new size; the old ones stay until then.
    for (Tile &tile : m_tiles) {
        tile.thumbnailTimestamp = 0;
        tile.requestedCount = -1;
        updateThumbnailIfNeeded(tile);
    }
}

// ---- The job list ---------------------------------------------------------------------------

void MonitorWallModel::reload()
{
    m_reloadWanted = true;
    startNextCall();
}

void MonitorWallModel::onJobChanged(const QString &jobId)
{
    m_pendingIds.insert(jobId);
    if (!m_coalesceTimer.isActive()) {
        m_coalesceTimer.start();
    }
}

void MonitorWallModel::onJobRemoved(const QString &jobId)
{
    m_pendingIds.remove(jobId);
    removeJob(jobId);
}

void MonitorWallModel::fetchPending()
{
    startNextCall();
}

void MonitorWallModel::startNextCall()
{
    if (m_loadInFlight) {
        return; // the running call's end starts the next one
    }
    if (!m_host.isRunning()) {
        m_lastError = tr("The engine is not running.");
        emit loadFailed(m_lastError);
        return;
    }
    if (m_reloadWanted) {
        m_reloadWanted = false;
        m_loadInFlight = true;
        m_host.call(
            this,
            [](SnapshotService &service) {
                JobQuery query;
                query.status = jobstatus::Started;
                query.sortBy = QStringLiteral("asc");
                return fetchAllPages<SnapshotJob>(query, [&service](const JobQuery &q) {
                    return service.listLiveSnapshotJobs(q);
                });
            },
            [this](Result<QList<SnapshotJob>> result) {
                m_loadInFlight = false;
                if (result) {
                    m_lastError.clear();
                    applyList(*result);
                    emit loaded();
                    emit updated();
                } else {
                    m_lastError = result.error().message;
                    emit loadFailed(m_lastError);
                }
                startNextCall();
            });
        return;
    }
    if (m_pendingIds.isEmpty() || m_coalesceTimer.isActive()) {
        return;
    }
    const QStringList ids(m_pendingIds.cbegin(), m_pendingIds.cend());
    m_pendingIds.clear();
    m_loadInFlight = true;
    m_host.call(
        this,
        [ids](SnapshotService &service) -> Result<JobFetch> {
            JobFetch fetched;
            fetched.reserve(static_cast<size_t>(ids.size()));
            for (const QString &id : ids) {
                fetched.emplace_back(id, service.getLiveSnapshotJob(id));
            }
            return fetched;
        },
        [this, ids](Result<JobFetch> result) {
            m_loadInFlight = false;
            if (!result) {
                // Keep the ids: the next change fetches them again (no retry loop on a
                // broken engine).
                for (const QString &id : ids) {
                    m_pendingIds.insert(id);
                }
                m_lastError = result.error().message;
                emit loadFailed(m_lastError);
                return;
            }
            for (const auto &[id, job] : *result) {
                if (job) {
                    applyJob(*job);
                } else if (job.error().code == errc::JobNotFound) {
                    removeJob(id);
                } else {
                    qCWarning(lcMonitor) << "cannot read job" << id << job.error().message;
                }
            }
            emit updated();
            startNextCall();
        });
}

void MonitorWallModel::applyList(const QList<SnapshotJob> &jobs)
{
    QSet<QString> listed;
    for (const SnapshotJob &job : jobs) {
        listed.insert(job.jobId);
    }
    for (qsizetype row = m_tiles.size() - 1; row >= 0; --row) {
        if (!listed.contains(m_tiles.at(row).job.jobId)) {
            removeJob(m_tiles.at(row).job.jobId);
        }
    }
    for (const SnapshotJob &job : jobs) {
        applyJob(job);
    }
}

void MonitorWallModel::applyJob(const SnapshotJob &job)
{
    if (job.status != jobstatus::Started) {
        removeJob(job.jobId);
        return;
    }
    if (Tile *tile = tileOf(job.jobId)) {
        if (tile->job != job) {
            tile->job = job;
            emitTileChanged(job.jobId, {Qt::DisplayRole, Qt::ToolTipRole, NameRole, StreamStateRole,
                                        LastSnapshotTimeRole, SnapshotCountRole, LastErrorRole});
        }
        updateThumbnailIfNeeded(*tile);
        return;
    }
    const int row = static_cast<int>(m_tiles.size());
    beginInsertRows(QModelIndex(), row, row);
    Tile tile;
    tile.job = job;
    m_tiles.append(std::move(tile));
    endInsertRows();
    updateThumbnailIfNeeded(m_tiles.last());
}

void MonitorWallModel::removeJob(const QString &jobId)
{
    const int row = rowOfJob(jobId);
    if (row < 0) {
        return;
    }
    beginRemoveRows(QModelIndex(), row, row);
    const Tile tile = m_tiles.takeAt(row);
    endRemoveRows();
    // After the removal: abort() finishes the reply at once, and its handler must not find it.
    if (tile.reply) {
        tile.reply->abort();
    }
}

void MonitorWallModel::emitTileChanged(const QString &jobId, const QList<int> &roles)
{
    const int row = rowOfJob(jobId);
    if (row >= 0) {
        emit dataChanged(index(row), index(row), roles);
    }
}

// ---- Thumbnails -----------------------------------------------------------------------------

void MonitorWallModel::updateThumbnailIfNeeded(Tile &tile)
{
    const SnapshotJob &job = tile.job;
    if (tile.fetchToken != 0) {
        return; // its end checks again
    }
    if (job.snapshotCount <= 0 && !job.lastSnapshotTime.isValid()) {
        return;
    }
    if (job.snapshotCount == tile.requestedCount && job.lastSnapshotTime == tile.requestedTime) {
        return;
    }
    startThumbnailFetch(tile);
}

void MonitorWallModel::startThumbnailFetch(Tile &tile)
{
    const quint64 token = ++m_nextToken;
    tile.fetchToken = token;
    tile.requestedCount = tile.job.snapshotCount;
    tile.requestedTime = tile.job.lastSnapshotTime;
    const QString jobId = tile.job.jobId;
    m_host.callAsync<Result<LatestSnapshot>>(
        this,
        [jobId](SnapshotService &service, std::function<void(Result<LatestSnapshot>)> reply) {
            FileQuery query;
            query.jobId = jobId;
            query.limit = 1;
            query.sortBy = QStringLiteral("desc");
            auto page = service.listLiveSnapshotFiles(query);
            if (!page) {
                reply(page.error());
                return;
            }
            if (page->files.isEmpty()) {
                reply(LatestSnapshot{});
                return;
            }
            // The newest timestamp may hold an overwrite object and its real-time twin; the
            // twin never changes under the link.
            SnapshotFile newest = page->files.constFirst();
            for (const SnapshotFile &file : std::as_const(page->files)) {
                if (file.createTimestamp == newest.createTimestamp && !file.isOverlay) {
                    newest = file;
                    break;
                }
            }
            service.getLiveSnapshotFileUrl(
                jobId, newest.ossObject, kLinkTtlSeconds,
                [reply, at = newest.createTimestamp](const Result<SignedLink> &link) {
                    reply(link ? Result<LatestSnapshot>(LatestSnapshot{at, link->url})
                               : Result<LatestSnapshot>(link.error()));
                });
        },
        [this, jobId, token](Result<LatestSnapshot> result) {
            if (result) {
                onLinkReady(jobId, token, *result, QString());
            } else {
                onLinkReady(jobId, token, LatestSnapshot{}, result.error().message);
            }
        });
}

void MonitorWallModel::onLinkReady(const QString &jobId, quint64 token,
                                   const LatestSnapshot &latest, const QString &error)
{
    Tile *tile = tileOf(jobId);
    if (!tile || tile->fetchToken != token) {
        return;
    }
    if (!error.isEmpty()) {
        finishThumbnailFetch(jobId, token, error);
        return;
    }
    if (latest.createTimestamp <= tile->thumbnailTimestamp) {
        finishThumbnailFetch(jobId, token, QString()); // nothing newer than what is shown
        return;
    }
    QNetworkRequest request(latest.url);
    request.setTransferTimeout(kDownloadTimeoutMs);
    QNetworkReply *reply = m_network.get(request);
    tile->reply = reply;
    const qint64 createTimestamp = latest.createTimestamp;
    connect(reply, &QNetworkReply::finished, this, [this, jobId, token, createTimestamp, reply] {
        onDownloaded(jobId, token, createTimestamp, reply);
    });
}

void MonitorWallModel::onDownloaded(const QString &jobId, quint64 token, qint64 createTimestamp,
                                    QNetworkReply *reply)
{
    reply->deleteLater();
    Tile *tile = tileOf(jobId);
    if (!tile || tile->fetchToken != token) {
        return;
    }
    tile->reply = nullptr;
    if (reply->error() != QNetworkReply::NoError) {
        finishThumbnailFetch(jobId, token, downloadError(reply));
        return;
    }
    const QByteArray jpeg = reply->readAll();
    const QSize bounds = m_thumbnailSize;
    m_decodePool.start([this, jobId, token, createTimestamp, jpeg, bounds] {
        const ScaledJpegDecoder::Result decoded = ScaledJpegDecoder::decode(jpeg, bounds);
        QImage image = decoded.image;
        if (!image.isNull() &&
            (image.width() > bounds.width() || image.height() > bounds.height())) {
            image = image.scaled(bounds, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        }
        const QString error = decoded.error;
        // The destructor waits for this pool, so `this` outlives the post.
        QMetaObject::invokeMethod(
            this,
            [this, jobId, token, createTimestamp, image, error] {
                onDecoded(jobId, token, createTimestamp, image, error);
            },
            Qt::QueuedConnection);
    });
}

void MonitorWallModel::onDecoded(const QString &jobId, quint64 token, qint64 createTimestamp,
                                 const QImage &image, const QString &error)
{
    Tile *tile = tileOf(jobId);
    if (!tile || tile->fetchToken != token) {
        return;
    }
    if (image.isNull()) {
        finishThumbnailFetch(jobId, token,
                             tr("Could not decode the newest snapshot: %1").arg(error));
        return;
    }
    if (createTimestamp > tile->thumbnailTimestamp) {
        tile->thumbnail = image;
        tile->thumbnailTimestamp = createTimestamp;
        emitTileChanged(jobId, {Qt::DecorationRole, ThumbnailRole, ThumbnailTimeRole});
    }
    finishThumbnailFetch(jobId, token, QString());
}

void MonitorWallModel::finishThumbnailFetch(const QString &jobId, quint64 token,
                                            const QString &error)
{
    Tile *tile = tileOf(jobId);
    if (!tile || tile->fetchToken != token) {
        return;
    }
    tile->fetchToken = 0;
    if (!error.isEmpty()) {
        qCInfo(lcMonitor).noquote() << "job" << jobId << "thumbnail:" << error;
    }
    if (tile->thumbnailError != error) {
        tile->thumbnailError = error;
        emitTileChanged(jobId, {Qt::ToolTipRole, ThumbnailErrorRole});
    }
    // A snapshot that came during this fetch gets one more.
    updateThumbnailIfNeeded(*tile);
}

} // namespace livesnap::ui
