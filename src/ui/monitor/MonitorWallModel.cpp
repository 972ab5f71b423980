#include "monitor/MonitorWallModel.h"

#include "engine/EngineHost.h"
#include "imaging/ImagePipeline.h"
#include "jobs/JobText.h"
#include "models/PagedFetch.h"
#include "monitor/MonitorLogging.h"

#include <QTimeZone>

#include <utility>
#include <vector>

namespace livesnap::ui {

namespace {

// A burst of jobChanged (every job snapshotting on the same keyframe) is gathered this long.
constexpr int kCoalesceMs = 200;

using JobFetch = std::vector<std::pair<QString, Result<SnapshotJob>>>;

} // namespace

MonitorWallModel::MonitorWallModel(EngineHost &host, ImagePipeline *images, QObject *parent)
    : QAbstractListModel(parent)
    , m_host(host)
    , m_images(images ? images : new ImagePipeline(&host, this))
{
    m_coalesceTimer.setSingleShot(true);
    m_coalesceTimer.setInterval(kCoalesceMs);
    connect(&m_coalesceTimer, &QTimer::timeout, this, &MonitorWallModel::fetchPending);
    connect(m_images, &ImagePipeline::imageReady, this, &MonitorWallModel::onImageReady);
    connect(m_images, &ImagePipeline::imageFailed, this, &MonitorWallModel::onImageFailed);
    connect(host.events(), &EngineEvents::jobChanged, this, &MonitorWallModel::onJobChanged);
    connect(host.events(), &EngineEvents::jobRemoved, this, &MonitorWallModel::onJobRemoved);
    reload();
}

MonitorWallModel::~MonitorWallModel()
{
    if (m_images) {
        m_images->cancelAllExcept({}, this); // a shared pipeline need not finish them
    }
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
                          tr("Stream: %1").arg(JobText::streamState(job.streamState))};
        if (const QString problem = JobText::problem(job); !problem.isEmpty()) {
            lines << maskSecretsInText(problem);
            if (job.streamHealthSince.isValid()) {
                lines << tr("Since: %1").arg(JobText::time(job.streamHealthSince));
            }
        } else if (!job.lastError.isEmpty()) {
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
    case MaskedUrlRole:
        return maskStreamUrl(job.streamInput.url);
    case ConditionRole:
        return static_cast<int>(JobText::condition(job));
    case BadgeTextRole: {
        const JobText::Condition condition = JobText::condition(job);
        const bool health = condition == JobText::Condition::Down ||
                            condition == JobText::Condition::Black ||
                            condition == JobText::Condition::Frozen;
        return health ? JobText::streamHealth(job.streamHealth)
                      : JobText::streamState(job.streamState);
    }
    case BadgeColorRole:
        return JobText::healthColor(job);
    case ReasonRole:
        return tile.thumbnail.isNull() ? reasonOf(job) : QString();
    case StaleRole: {
        const JobText::Condition condition = JobText::condition(job);
        return !tile.thumbnail.isNull() && (condition == JobText::Condition::Down ||
                                            condition == JobText::Condition::Reconnecting);
    }
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
    names.insert(MaskedUrlRole, "maskedUrl");
    names.insert(ConditionRole, "condition");
    names.insert(BadgeTextRole, "badgeText");
    names.insert(BadgeColorRole, "badgeColor");
    names.insert(ReasonRole, "reason");
    names.insert(StaleRole, "stale");
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
            emitTileChanged(job.jobId, {}); // every role: most follow the job's fields
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

QString MonitorWallModel::reasonOf(const SnapshotJob &job)
{
    if (!job.lastError.isEmpty()) {
        return maskSecretsInText(job.lastError);
    }
    const QDateTime since =
        job.streamHealthSince.isValid() ? job.streamHealthSince : job.modifiedTime;
    const QString sinceText =
        since.isValid() ? since.toLocalTime().toString(QStringLiteral("HH:mm:ss")) : QString();
    QString what;
    if (job.streamHealth == streamhealth::Down) {
        what = JobText::streamHealth(job.streamHealth);
    } else if (job.streamState == streamstate::Waiting || job.streamState == streamstate::Failed) {
        what = JobText::streamState(job.streamState);
    } else if (job.streamState != streamstate::Live) {
        what = tr("Connecting…");
    } else {
        return tr("Waiting for the first snapshot");
    }
    return sinceText.isEmpty() ? what : tr("%1 (since %2)").arg(what, sinceText);
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
    if (!tile.imageKey.isEmpty() && m_images) {
        m_images->cancel(tile.imageKey, this);
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

ImagePipeline *MonitorWallModel::imagePipeline() const
{
    return m_images;
}

QString MonitorWallModel::imageKeyOf(const QString &jobId, const QString &ossObject,
                                     qint64 createTimestamp) const
{
    return QStringLiteral("wall|%1x%2|")
               .arg(m_thumbnailSize.width())
               .arg(m_thumbnailSize.height()) +
           ImagePipeline::snapshotKey(jobId, ossObject, createTimestamp);
}

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
    m_host.call(
        this,
        [jobId](SnapshotService &service) -> Result<LatestSnapshot> {
            FileQuery query;
            query.jobId = jobId;
            query.limit = 1;
            query.sortBy = QStringLiteral("desc");
            auto page = service.listLiveSnapshotFiles(query);
            if (!page) {
                return page.error();
            }
            if (page->files.isEmpty()) {
                return LatestSnapshot{};
            }
            // The newest timestamp may hold an overwrite object and its real-time twin; the
            // twin never changes under the reader.
            SnapshotFile newest = page->files.constFirst();
            for (const SnapshotFile &file : std::as_const(page->files)) {
                if (file.createTimestamp == newest.createTimestamp && !file.isOverlay) {
                    newest = file;
                    break;
                }
            }
            return LatestSnapshot{newest.createTimestamp, newest.ossObject};
        },
        [this, jobId, token](Result<LatestSnapshot> result) {
            if (result) {
                onNewestFound(jobId, token, *result, QString());
            } else {
                onNewestFound(jobId, token, LatestSnapshot{}, result.error().message);
            }
        });
}

void MonitorWallModel::onNewestFound(const QString &jobId, quint64 token,
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
    if (latest.createTimestamp <= tile->thumbnailTimestamp || !m_images) {
        finishThumbnailFetch(jobId, token, QString()); // nothing newer than what is shown
        return;
    }
    const QString key = imageKeyOf(jobId, latest.ossObject, latest.createTimestamp);
    switch (m_images->state(key)) {
    case ImagePipeline::State::Ready:
        showImage(*tile, latest.createTimestamp, m_images->image(key));
        finishThumbnailFetch(jobId, token, QString());
        return;
    case ImagePipeline::State::Failed:
        finishThumbnailFetch(
            jobId, token,
            tr("Could not show the newest snapshot: %1").arg(m_images->errorString(key)));
        return;
    default:
        tile->imageKey = key;
        tile->imageTimestamp = latest.createTimestamp;
        m_images->request(key, ImageSource::object(jobId, latest.ossObject), m_thumbnailSize, this,
                          ImagePipeline::Fit::Within);
        return;
    }
}

MonitorWallModel::Tile *MonitorWallModel::tileWaitingFor(const QString &key)
{
    for (Tile &tile : m_tiles) {
        if (tile.fetchToken != 0 && tile.imageKey == key) {
            return &tile;
        }
    }
    return nullptr;
}

void MonitorWallModel::showImage(Tile &tile, qint64 createTimestamp, const QImage &image)
{
    if (createTimestamp > tile.thumbnailTimestamp) {
        tile.thumbnail = image;
        tile.thumbnailTimestamp = createTimestamp;
        emitTileChanged(tile.job.jobId, {Qt::DecorationRole, ThumbnailRole, ThumbnailTimeRole,
                                         ReasonRole, StaleRole});
    }
}

void MonitorWallModel::onImageReady(const QString &key, const QImage &image)
{
    Tile *tile = tileWaitingFor(key);
    if (!tile) {
        return; // another user's image, or a tile that has left
    }
    tile->imageKey.clear();
    showImage(*tile, tile->imageTimestamp, image);
    finishThumbnailFetch(tile->job.jobId, tile->fetchToken, QString());
}

void MonitorWallModel::onImageFailed(const QString &key, const QString &message)
{
    Tile *tile = tileWaitingFor(key);
    if (!tile) {
        return;
    }
    tile->imageKey.clear();
    finishThumbnailFetch(tile->job.jobId, tile->fetchToken,
                         tr("Could not show the newest snapshot: %1").arg(message));
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
