#include "files/FileListModel.h"

#include "engine/EngineHost.h"
#include "files/ZonedTime.h"

#include <QLocale>

#include <utility>

namespace livesnap::ui {

namespace {

constexpr int RecountDelayMs = 1000;

struct FetchedPage {
    QList<FileEntry> entries;
    QDateTime next;
};

// Runs on the engine thread: one page, each object with the kind of store that holds it (its
// bytes are reached through the ImagePipeline, which asks the engine for a link).
Result<FetchedPage> fetchPage(SnapshotService &service, const FileQuery &query)
{
    auto job = service.getLiveSnapshotJob(query.jobId);
    if (!job) {
        return job.error();
    }
    auto page = service.listLiveSnapshotFiles(query);
    if (!page) {
        return page.error();
    }
    struct Resolved {
        bool local = false;
        QString error;
    };
    QHash<QString, Resolved> locations;
    FetchedPage out;
    out.next = query.sortBy == QLatin1String("desc") ? page->nextEndTime : page->nextStartTime;
    out.entries.reserve(page->files.size());
    for (const SnapshotFile &file : std::as_const(page->files)) {
        const QString where = file.ossEndpoint + QLatin1Char('\n') + file.ossBucket;
        auto found = locations.find(where);
        if (found == locations.end()) {
            Resolved resolved;
            auto location = service.storageLocation(
                SnapshotOutput{job->snapshotOutput.storageType, file.ossEndpoint, file.ossBucket});
            if (!location) {
                resolved.error = location.error().message;
            } else {
                resolved.local = location->storageType == storage::Local;
            }
            found = locations.insert(where, resolved);
        }
        FileEntry entry;
        entry.file = file;
        entry.local = found->local;
        entry.locationError = found->error;
        out.entries << entry;
    }
    return out;
}

} // namespace

FileListModel::FileListModel(EngineHost &host, QObject *parent)
    : QAbstractListModel(parent)
    , m_host(host)
{
    m_recount.setSingleShot(true);
    m_recount.setInterval(RecountDelayMs);
    connect(&m_recount, &QTimer::timeout, this, [this] {
        startCount();
        fetchNewer();
    });
    connect(host.events(), &EngineEvents::filesChanged, this, [this](const QString &jobId) {
        if (!m_jobId.isEmpty() && jobId == m_jobId) {
            m_recount.start();
        }
    });
}

void FileListModel::setImagePipeline(ImagePipeline *images)
{
    if (m_images) {
        disconnect(m_images, nullptr, this, nullptr);
        m_images->cancelAllExcept({}, this);
    }
    m_images = images;
    if (images) {
        connect(images, &ImagePipeline::imageReady, this,
                [this](const QString &key) { thumbnailChanged(key); });
        connect(images, &ImagePipeline::imageFailed, this,
                [this](const QString &key) { thumbnailChanged(key); });
    }
}

QString FileListModel::keyOf(const SnapshotFile &file)
{
    return ImagePipeline::snapshotKey(file.jobId, file.ossObject, file.createTimestamp);
}

void FileListModel::setQuery(const QString &jobId, const QDateTime &start, const QDateTime &end,
                             bool newestFirst)
{
    m_jobId = jobId;
    m_start = start;
    m_end = end;
    m_newestFirst = newestFirst;
    refresh();
}

void FileListModel::clear()
{
    m_jobId.clear();
    refresh();
}

void FileListModel::refresh()
{
    beginResetModel();
    m_rows.clear();
    m_rowOfKey.clear();
    ++m_generation;
    m_inFlight = false;
    m_newerInFlight = false;
    m_newerAgain = false;
    m_exhausted = m_jobId.isEmpty();
    m_cursor = m_newestFirst ? m_end : m_start;
    m_lastError.clear();
    m_total = m_jobId.isEmpty() ? 0 : -1;
    endResetModel();
    if (m_images) {
        m_images->cancelAllExcept({}, this); // the rows that asked are gone
        m_images->clearFailures();           // a refresh retries what failed
    }
    emit totalCountChanged(m_total);
    if (!m_jobId.isEmpty()) {
        startCount();
        fetchMore();
    }
}

int FileListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

bool FileListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_exhausted;
}

void FileListModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || m_exhausted || m_inFlight) {
        return;
    }
    FileQuery query;
    query.jobId = m_jobId;
    query.limit = m_pageSize;
    query.sortBy = m_newestFirst ? QStringLiteral("desc") : QStringLiteral("asc");
    query.startTime = m_newestFirst ? m_start : m_cursor;
    query.endTime = m_newestFirst ? m_cursor : m_end;
    m_inFlight = true;
    const quint64 generation = m_generation;
    m_host.call(
        this, [query](SnapshotService &service) { return fetchPage(service, query); },
        [this, generation](Result<FetchedPage> page) {
            if (generation != m_generation) {
                return;
            }
            m_inFlight = false;
            if (std::exchange(m_newerAgain, false)) {
                QTimer::singleShot(0, this, &FileListModel::fetchNewer);
            }
            if (!page) {
                // Stop paging: the view would otherwise ask again at once, forever.
                m_exhausted = true;
                m_lastError = page.error().message;
                emit loadFailed(m_lastError);
                return;
            }
            m_lastError.clear();
            m_cursor = page->next;
            m_exhausted = !m_cursor.isValid();
            // Rows a concurrent change moved across a page boundary could come twice.
            QList<FileEntry> fresh;
            fresh.reserve(page->entries.size());
            for (FileEntry &entry : page->entries) {
                if (!m_rowOfKey.contains(keyOf(entry.file))) {
                    fresh << std::move(entry);
                }
            }
            if (!fresh.isEmpty()) {
                const int first = static_cast<int>(m_rows.size());
                beginInsertRows(QModelIndex(), first, first + static_cast<int>(fresh.size()) - 1);
                for (FileEntry &entry : fresh) {
                    m_rowOfKey.insert(keyOf(entry.file), static_cast<int>(m_rows.size()));
                    m_rows << std::move(entry);
                }
                endInsertRows();
            }
            emit pageLoaded();
        });
}

void FileListModel::fetchNewer()
{
    if (m_jobId.isEmpty()) {
        return;
    }
    if (m_inFlight || m_newerInFlight) {
        m_newerAgain = true; // look again once the answer in flight is in
        return;
    }
    if (m_rows.isEmpty() || !m_newestFirst) {
        // Nothing loaded yet, or oldest first: go on paging from where the range was exhausted
        // (from its start, or from the newest row; rows already here are not added twice).
        // Paging that is not exhausted reaches the new ones as the view scrolls.
        if (m_rows.isEmpty() || m_exhausted) {
            m_exhausted = false;
            m_cursor = m_rows.isEmpty() ? (m_newestFirst ? m_end : m_start)
                                        : m_rows.constLast().file.createTime();
            fetchMore();
        }
        return;
    }
    fetchNewerFrom(m_rows.constFirst().file.createTime());
}

void FileListModel::fetchNewerFrom(const QDateTime &from)
{
    FileQuery query;
    query.jobId = m_jobId;
    query.limit = m_pageSize;
    query.sortBy = QStringLiteral("asc"); // from the newest row on, up to the range's end
    query.startTime = from;
    query.endTime = m_end;
    m_newerInFlight = true;
    const quint64 generation = m_generation;
    m_host.call(
        this, [query](SnapshotService &service) { return fetchPage(service, query); },
        [this, generation](Result<FetchedPage> page) {
            if (generation != m_generation) {
                return;
            }
            m_newerInFlight = false;
            if (!page) {
                m_lastError = page.error().message;
                emit loadFailed(m_lastError);
                return;
            }
            insertNewer(std::move(page->entries));
            if (page->next.isValid()) {
                fetchNewerFrom(page->next);
            } else if (std::exchange(m_newerAgain, false)) {
                fetchNewer();
            }
        });
}

void FileListModel::insertNewer(QList<FileEntry> entries)
{
    // Oldest first from the engine; the newest goes on top.
    QList<FileEntry> fresh;
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
        if (!m_rowOfKey.contains(keyOf(it->file))) {
            fresh << std::move(*it);
        }
    }
    if (fresh.isEmpty()) {
        return;
    }
    // The overwrite object is one object re-recorded with every snapshot: its older row goes.
    QSet<QString> replaced;
    for (const FileEntry &entry : std::as_const(fresh)) {
        if (entry.file.isOverlay) {
            replaced.insert(entry.file.ossObject);
        }
    }
    for (qsizetype row = m_rows.size() - 1; !replaced.isEmpty() && row >= 0; --row) {
        if (m_rows.at(row).file.isOverlay && replaced.contains(m_rows.at(row).file.ossObject)) {
            beginRemoveRows(QModelIndex(), static_cast<int>(row), static_cast<int>(row));
            m_rows.remove(row);
            rebuildKeyIndex(); // before the signal: a viewer finds its row by key
            endRemoveRows();
        }
    }
    beginInsertRows(QModelIndex(), 0, static_cast<int>(fresh.size()) - 1);
    m_rows = fresh + m_rows;
    rebuildKeyIndex();
    endInsertRows();
    emit pageLoaded();
}

void FileListModel::startCount()
{
    if (m_jobId.isEmpty()) {
        return;
    }
    FileQuery query;
    query.jobId = m_jobId;
    query.startTime = m_start;
    query.endTime = m_end;
    const quint64 generation = ++m_countGeneration;
    m_host.call(
        this, [query](SnapshotService &service) { return service.countLiveSnapshotFiles(query); },
        [this, generation](Result<qint64> total) {
            if (generation != m_countGeneration || !total) {
                return; // stale, or the page fetch reports the same error
            }
            if (*total != m_total) {
                m_total = *total;
                emit totalCountChanged(m_total);
            }
        });
}

void FileListModel::thumbnailChanged(const QString &key)
{
    const int row = rowOfKey(key);
    if (row < 0) {
        return;
    }
    const QModelIndex changed = index(row);
    emit dataChanged(changed, changed, {ThumbnailRole, ThumbnailStateRole, ThumbnailErrorRole});
}

void FileListModel::rebuildKeyIndex()
{
    m_rowOfKey.clear();
    m_rowOfKey.reserve(m_rows.size());
    for (qsizetype row = 0; row < m_rows.size(); ++row) {
        m_rowOfKey.insert(keyOf(m_rows.at(row).file), static_cast<int>(row));
    }
}

void FileListModel::removeTimestamps(const QSet<qint64> &timestamps)
{
    if (timestamps.isEmpty()) {
        return;
    }
    auto gone = [&](qsizetype row) {
        return timestamps.contains(m_rows.at(row).file.createTimestamp);
    };
    qint64 removed = 0;
    // Bottom-up, one contiguous run at a time.
    for (qsizetype last = m_rows.size() - 1; last >= 0;) {
        if (!gone(last)) {
            --last;
            continue;
        }
        qsizetype first = last;
        while (first > 0 && gone(first - 1)) {
            --first;
        }
        beginRemoveRows(QModelIndex(), static_cast<int>(first), static_cast<int>(last));
        m_rows.remove(first, last - first + 1);
        endRemoveRows();
        removed += last - first + 1;
        last = first - 1;
    }
    if (removed == 0) {
        return;
    }
    rebuildKeyIndex();
    if (m_total >= 0) {
        m_total = qMax<qint64>(0, m_total - removed);
        emit totalCountChanged(m_total);
    }
}

QVariant FileListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const FileEntry &entry = m_rows.at(index.row());
    const SnapshotFile &file = entry.file;
    switch (role) {
    case Qt::DisplayRole:
        return file.createTime().toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Qt::ToolTipRole:
        return tr("%1 (%2)\nSequence %3, %4 x %5, %6\n%7")
            .arg(zonedtime::localText(file.createTime()),
                 file.isOverlay ? tr("overwrite") : tr("real-time"))
            .arg(file.sequence)
            .arg(file.width)
            .arg(file.height)
            .arg(QLocale().formattedDataSize(file.size), file.ossObject);
    case KeyRole:
        return keyOf(file);
    case CreateTimestampRole:
        return file.createTimestamp;
    case SequenceRole:
        return file.sequence;
    case IsOverlayRole:
        return file.isOverlay;
    case SizeRole:
        return file.size;
    case ObjectRole:
        return file.ossObject;
    case SourceRole:
        return QVariant::fromValue(ImageSource::object(file.jobId, file.ossObject));
    case ThumbnailRole:
        return m_images ? m_images->image(keyOf(file)) : QImage();
    case ThumbnailStateRole:
        if (!entry.locationError.isEmpty()) {
            return int(ImagePipeline::State::Failed);
        }
        return int(m_images ? m_images->state(keyOf(file)) : ImagePipeline::State::None);
    case ThumbnailErrorRole:
        if (!entry.locationError.isEmpty()) {
            return entry.locationError;
        }
        return m_images ? m_images->errorString(keyOf(file)) : QString();
    default:
        return {};
    }
}

} // namespace livesnap::ui
