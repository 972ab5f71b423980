#include "files/FileListModel.h"

#include "engine/EngineHost.h"
#include "files/ZonedTime.h"

#include <QLocale>

#include <algorithm>
#include <utility>

namespace livesnap::ui {

namespace {
constexpr int RecountDelayMs = 1000;
constexpr int MaxPagesInFlight = 3;
constexpr int MaxPagesWanted = 8; // older wishes (rows scrolled past) are forgotten
} // namespace

FileListModel::FileListModel(EngineHost &host, QObject *parent)
    : QAbstractListModel(parent)
    , m_host(host)
{
    m_recount.setSingleShot(true);
    m_recount.setInterval(RecountDelayMs);
    connect(&m_recount, &QTimer::timeout, this, &FileListModel::followChanges);
    m_dispatch.setSingleShot(true);
    m_dispatch.setInterval(0);
    connect(&m_dispatch, &QTimer::timeout, this, &FileListModel::dispatch);
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
    ++m_epoch;
    m_pending.clear();
    m_wanted.clear();
    m_focus = 0;
    m_syncInFlight = false;
    m_syncAgain = false;
    m_bound = QDateTime();
    m_lastError.clear();
    m_total = m_jobId.isEmpty() ? 0 : -1;
    endResetModel();
    if (m_images) {
        m_images->cancelAllExcept({}, this); // the rows that asked are gone
        m_images->clearFailures();           // a refresh retries what failed
    }
    emit totalCountChanged(m_total);
    followChanges();
}

FileQuery FileListModel::baseQuery() const
{
    FileQuery query;
    query.jobId = m_jobId;
    query.limit = m_pageSize;
    query.sortBy = m_newestFirst ? QStringLiteral("desc") : QStringLiteral("asc");
    query.startTime = m_start;
    query.endTime = m_end;
    return query;
}

int FileListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || m_total < 0 ? 0 : static_cast<int>(m_total);
}

const FileEntry &FileListModel::entryAt(int row) const
{
    static const FileEntry placeholder;
    const auto found = m_rows.constFind(row);
    return found == m_rows.constEnd() ? placeholder : *found;
}

void FileListModel::followChanges()
{
    if (m_jobId.isEmpty()) {
        return;
    }
    if (m_syncInFlight) {
        m_syncAgain = true; // look again once the answer in flight is in
        return;
    }
    m_syncInFlight = true;
    const quint64 generation = m_generation;
    const quint64 epoch = m_epoch;
    m_host.call(
        this,
        [query = baseQuery(), bound = m_bound](SnapshotService &service) {
            return rangereader::sync(service, query, bound);
        },
        [this, generation, epoch](Result<RangeSync> sync) {
            if (generation != m_generation) {
                return;
            }
            m_syncInFlight = false;
            if (!sync) {
                fail(sync.error().message);
            } else if (epoch != m_epoch) {
                m_syncAgain = true; // rows moved meanwhile: this answer may not fit them
            } else {
                applySync(std::move(*sync));
            }
            if (std::exchange(m_syncAgain, false)) {
                QTimer::singleShot(0, this, &FileListModel::followChanges);
            }
        });
}

void FileListModel::applySync(RangeSync sync)
{
    m_lastError.clear();
    const qint64 before = m_total;
    if (m_total < 0 || !m_bound.isValid() || sync.overflow) {
        // First count (or too much news to list): take the count and the first page as they are.
        m_bound = sync.bound;
        resync(sync.count, sync.first);
    } else {
        insertNewer(std::move(sync.newer));
        m_bound = sync.bound;
        if (sync.count != m_total) {
            resync(sync.count, sync.first); // something changed inside the range
        } else {
            storePage(0, sync.first);
        }
    }
    if (m_total != before) {
        emit totalCountChanged(m_total);
    }
    emit pageLoaded();
}

void FileListModel::insertNewer(QList<FileEntry> entries)
{
    if (entries.isEmpty()) {
        return;
    }
    // The overwrite object is one object re-recorded with every snapshot: its older row goes.
    for (const FileEntry &entry : std::as_const(entries)) {
        if (!entry.file.isOverlay) {
            continue;
        }
        for (auto it = m_rows.cbegin(); it != m_rows.cend(); ++it) {
            if (it->file.isOverlay && it->file.ossObject == entry.file.ossObject) {
                removeRowsHeld(it.key(), it.key());
                break;
            }
        }
    }
    const int count = static_cast<int>(entries.size());
    if (m_newestFirst) {
        // Oldest first from the engine; the newest goes on top.
        std::reverse(entries.begin(), entries.end());
        beginInsertRows(QModelIndex(), 0, count - 1);
        shiftRows(0, count);
        m_total += count;
        endInsertRows();
        storePage(0, entries);
    } else {
        const int first = static_cast<int>(m_total);
        beginInsertRows(QModelIndex(), first, first + count - 1);
        m_total += count;
        endInsertRows();
        storePage(first, entries);
    }
}

void FileListModel::resync(qint64 count, const QList<FileEntry> &first)
{
    ++m_epoch;
    m_rows.clear();
    m_rowOfKey.clear();
    m_pending.clear();
    setRowCount(count);
    storePage(0, first);
    if (m_total > 0) {
        // Every other row is read again as the view asks for it.
        emit dataChanged(index(0), index(static_cast<int>(m_total) - 1));
    }
}

void FileListModel::setRowCount(qint64 count)
{
    const qint64 now = qMax<qint64>(0, m_total);
    if (m_total < 0) {
        m_total = 0;
    }
    if (count > now) {
        beginInsertRows(QModelIndex(), static_cast<int>(now), static_cast<int>(count) - 1);
        m_total = count;
        endInsertRows();
    } else if (count < now) {
        beginRemoveRows(QModelIndex(), static_cast<int>(count), static_cast<int>(now) - 1);
        m_total = count;
        endRemoveRows();
    }
}

void FileListModel::fetchRows(int first, int last)
{
    first = qMax(0, first);
    last = qMin(last, rowCount() - 1);
    last = qMin(last, first + m_capacity - m_pageSize);
    for (int row = first; row <= last; row += m_pageSize) {
        requestRow(row);
    }
    if (last >= first) {
        requestRow(last);
    }
}

void FileListModel::requestRow(int row) const
{
    m_focus = row;
    const int page = row / m_pageSize;
    if (m_pending.contains(page) || m_wanted.contains(page)) {
        return;
    }
    m_wanted << page;
    if (m_wanted.size() > MaxPagesWanted) {
        m_wanted.removeFirst();
    }
    m_dispatch.start();
}

void FileListModel::dispatch()
{
    while (m_pending.size() < MaxPagesInFlight && !m_wanted.isEmpty()) {
        const int page = m_wanted.takeLast();
        const int offset = page * m_pageSize;
        if (offset >= m_total ||
            (isRowLoaded(offset) && isRowLoaded(qMin<qint64>(offset + m_pageSize, m_total) - 1))) {
            continue;
        }
        m_pending.insert(page);
        const quint64 generation = m_generation;
        const quint64 epoch = m_epoch;
        FileQuery query = baseQuery();
        query.endTime = m_bound; // positions are counted up to the bound
        m_host.call(
            this,
            [query, offset, total = m_total](SnapshotService &service) {
                return rangereader::readAt(service, query, offset, total);
            },
            [this, generation, epoch, page, offset](Result<QList<FileEntry>> entries) {
                if (generation != m_generation) {
                    return;
                }
                m_pending.remove(page);
                if (!entries) {
                    fail(entries.error().message);
                } else if (epoch == m_epoch) {
                    m_lastError.clear();
                    storePage(offset, *entries);
                    evictFarRows();
                    emit pageLoaded();
                } else if (offset < m_total) {
                    // Read before rows moved: have the view ask again for what it shows.
                    const int last = static_cast<int>(qMin<qint64>(offset + m_pageSize, m_total));
                    emit dataChanged(index(offset), index(last - 1));
                }
                dispatch();
            });
    }
}

void FileListModel::storePage(int offset, const QList<FileEntry> &entries)
{
    const int count = static_cast<int>(qMin<qint64>(entries.size(), m_total - offset));
    if (count <= 0) {
        return;
    }
    for (int i = 0; i < count; ++i) {
        const int row = offset + i;
        if (const auto old = m_rows.constFind(row); old != m_rows.constEnd()) {
            m_rowOfKey.remove(keyOf(old->file));
        }
        m_rows.insert(row, entries.at(i));
        m_rowOfKey.insert(keyOf(entries.at(i).file), row);
    }
    emit dataChanged(index(offset), index(offset + count - 1));
}

void FileListModel::evictFarRows()
{
    if (m_rows.size() <= m_capacity) {
        return;
    }
    // The first page stays (newest first, the overwrite object a new snapshot replaces is
    // there); of the rest, those farthest from the rows asked for last go.
    QList<int> rows;
    rows.reserve(m_rows.size());
    for (auto it = m_rows.cbegin(); it != m_rows.cend(); ++it) {
        if (it.key() >= m_pageSize) {
            rows << it.key();
        }
    }
    const int keep = qMax(0, m_capacity - 2 * m_pageSize);
    if (rows.size() <= keep) {
        return;
    }
    const int focus = m_focus;
    auto nearer = [focus](int a, int b) { return std::abs(a - focus) < std::abs(b - focus); };
    std::nth_element(rows.begin(), rows.begin() + keep, rows.end(), nearer);
    for (auto it = rows.cbegin() + keep; it != rows.cend(); ++it) {
        m_rowOfKey.remove(keyOf(m_rows.value(*it).file));
        m_rows.remove(*it);
    }
}

void FileListModel::shiftRows(int from, int delta)
{
    QHash<int, FileEntry> moved;
    moved.reserve(m_rows.size());
    for (auto it = m_rows.begin(); it != m_rows.end(); ++it) {
        moved.insert(it.key() >= from ? it.key() + delta : it.key(), std::move(it.value()));
    }
    m_rows = std::move(moved);
    m_rowOfKey.clear();
    for (auto it = m_rows.cbegin(); it != m_rows.cend(); ++it) {
        m_rowOfKey.insert(keyOf(it->file), it.key());
    }
    ++m_epoch;
    m_focus = qMax(0, m_focus + (m_focus >= from ? delta : 0));
}

void FileListModel::removeRowsHeld(int first, int last)
{
    beginRemoveRows(QModelIndex(), first, last);
    for (int row = first; row <= last; ++row) {
        m_rows.remove(row);
    }
    m_total -= last - first + 1;
    shiftRows(last + 1, -(last - first + 1)); // before the signal: a viewer finds its row by key
    endRemoveRows();
}

void FileListModel::removeTimestamps(const QSet<qint64> &timestamps)
{
    if (timestamps.isEmpty() || m_total <= 0) {
        return;
    }
    QList<int> gone;
    for (auto it = m_rows.cbegin(); it != m_rows.cend(); ++it) {
        if (timestamps.contains(it->file.createTimestamp)) {
            gone << it.key();
        }
    }
    std::sort(gone.begin(), gone.end());
    // Bottom-up, one contiguous run at a time.
    for (qsizetype last = gone.size() - 1; last >= 0;) {
        qsizetype first = last;
        while (first > 0 && gone.at(first - 1) == gone.at(first) - 1) {
            --first;
        }
        removeRowsHeld(gone.at(first), gone.at(last));
        last = first - 1;
    }
    if (!gone.isEmpty()) {
        emit totalCountChanged(m_total);
    }
    // Rows not held may have gone too: the count tells.
    m_recount.start();
}

bool FileListModel::canFetchMore(const QModelIndex &parent) const
{
    if (parent.isValid() || m_total <= 0 || m_total > m_capacity || m_rows.size() >= m_total) {
        return false;
    }
    return true;
}

void FileListModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent)) {
        return;
    }
    for (int row = 0; row < m_total; ++row) {
        if (!isRowLoaded(row)) {
            requestRow(row);
            dispatch();
            return;
        }
    }
}

void FileListModel::fail(const QString &message)
{
    m_lastError = message;
    emit loadFailed(m_lastError);
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

QVariant FileListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const auto held = m_rows.constFind(index.row());
    if (held == m_rows.constEnd()) {
        if (role == Qt::DisplayRole || role == ThumbnailStateRole || role == LoadedRole) {
            requestRow(index.row()); // what is painted is what is read
        }
        if (role == ThumbnailStateRole) {
            return int(ImagePipeline::State::Loading);
        }
        return role == LoadedRole ? QVariant(false) : QVariant();
    }
    const FileEntry &entry = *held;
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
    case LoadedRole:
        return true;
    default:
        return {};
    }
}

} // namespace livesnap::ui
