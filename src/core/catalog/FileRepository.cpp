#include "catalog/FileRepository.h"

#include "catalog/FileCopyRepository.h"
#include "catalog/SqlHelpers.h"

#include <algorithm>

namespace livesnap {

namespace {
const QString Select = QStringLiteral(
    "SELECT job_id, oss_endpoint, oss_bucket, oss_object, create_timestamp, sequence, "
    "is_overlay, size, width, height FROM snapshot_files");

SnapshotFile fromRow(const QSqlQuery &q)
{
    SnapshotFile f;
    f.jobId = q.value(0).toString();
    f.ossEndpoint = q.value(1).toString();
    f.ossBucket = q.value(2).toString();
    f.ossObject = q.value(3).toString();
    f.createTimestamp = q.value(4).toLongLong();
    f.sequence = q.value(5).toLongLong();
    f.isOverlay = q.value(6).toInt() != 0;
    f.size = q.value(7).toLongLong();
    f.width = q.value(8).toInt();
    f.height = q.value(9).toInt();
    return f;
}
} // namespace

Result<FileRecord> FileRepository::record(const QList<SnapshotFile> &objects,
                                          const QString &locationId, const LeaseFence &fence)
{
    FileRecord out;
    if (objects.isEmpty()) {
        return out;
    }
    const QString jobId = objects.constFirst().jobId;
    const qint64 ts = objects.constFirst().createTimestamp;
    CatalogTransaction tx(m_catalog);
    if (auto s = LeaseFence::hold(m_catalog, jobId, fence); !s) {
        return s.error();
    }
    // Was a first copy recorded? Its claim says so while it is pending; after that its rows do.
    // (The same copy can be recorded twice, e.g. by two engines draining one spool after a
    // crash: it counts once.)
    auto claim = m_catalog.exec(QStringLiteral("SELECT first_copy_recorded FROM pending_snapshots "
                                               "WHERE job_id = ? AND create_timestamp = ?"),
                                {jobId, ts});
    if (!claim) {
        return claim.error();
    }
    const bool pending = claim->next();
    bool firstRecorded = pending && claim->value(0).toInt() != 0;
    if (!pending) {
        auto seen = m_catalog.scalar(QStringLiteral("SELECT COUNT(*) FROM snapshot_files WHERE "
                                                    "job_id = ? AND create_timestamp = ?"),
                                     {jobId, ts});
        if (!seen) {
            return seen.error();
        }
        firstRecorded = seen->toLongLong() > 0;
    }
    out.newSnapshot = !firstRecorded;
    FileCopyRepository copies(m_catalog);
    QStringList kept;
    for (const SnapshotFile &f : objects) {
        auto held = m_catalog.scalar(QStringLiteral("SELECT create_timestamp FROM snapshot_files "
                                                    "WHERE job_id = ? AND oss_object = ?"),
                                     {f.jobId, f.ossObject});
        if (!held) {
            return held.error();
        }
        if (!held->isValid()) {
            if (firstRecorded) {
                continue; // deleted since its first copy was recorded
            }
            if (auto r = m_catalog.exec(
                    QStringLiteral("INSERT INTO snapshot_files (job_id, oss_object, location_id, "
                                   "oss_endpoint, oss_bucket, create_timestamp, sequence, "
                                   "is_overlay, size, width, height) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                    {f.jobId, f.ossObject, locationId, f.ossEndpoint, f.ossBucket, ts, f.sequence,
                     f.isOverlay ? 1 : 0, f.size, f.width, f.height});
                !r) {
                return r.error();
            }
        } else if (held->toLongLong() < ts) {
            // An overwrite object: the newer snapshot takes its row.
            if (auto r = m_catalog.exec(
                    QStringLiteral("UPDATE snapshot_files SET location_id = ?, oss_endpoint = ?, "
                                   "oss_bucket = ?, create_timestamp = ?, sequence = ?, "
                                   "is_overlay = ?, size = ?, width = ?, height = ? "
                                   "WHERE job_id = ? AND oss_object = ?"),
                    {locationId, f.ossEndpoint, f.ossBucket, ts, f.sequence, f.isOverlay ? 1 : 0,
                     f.size, f.width, f.height, f.jobId, f.ossObject});
                !r) {
                return r.error();
            }
        }
        kept << f.ossObject;
        if (auto c = copies.confirm(f, locationId); !c) {
            return c.error();
        }
    }
    auto whole = copies.heldEverywhere(jobId, kept, ts);
    if (!whole) {
        return whole.error();
    }
    out.whole = *whole;
    const QString settle =
        out.whole ? QStringLiteral("DELETE FROM pending_snapshots WHERE job_id = ? AND "
                                   "create_timestamp = ?")
                  : QStringLiteral("UPDATE pending_snapshots SET first_copy_recorded = 1 WHERE "
                                   "job_id = ? AND create_timestamp = ?");
    if (auto r = m_catalog.exec(settle, {jobId, ts}); !r) {
        return r.error();
    }
    if (out.newSnapshot) {
        if (auto r = m_catalog.exec(
                QStringLiteral("UPDATE jobs SET snapshot_count = snapshot_count + 1, "
                               "last_snapshot_time = CASE WHEN last_snapshot_time < ? THEN ? "
                               "ELSE last_snapshot_time END WHERE job_id = ?"),
                {ts, ts, jobId});
            !r) {
            return r.error();
        }
    }
    if (auto s = tx.commit(); !s) {
        return s.error();
    }
    return out;
}

Result<QStringList> FileRepository::locationsHolding(const QString &jobId,
                                                     const QStringList &ossObjects,
                                                     qint64 createTimestamp) const
{
    return FileCopyRepository(m_catalog).locationsHolding(jobId, ossObjects, createTimestamp);
}

Result<std::optional<qint64>>
FileRepository::claimSequence(const QString &jobId, qint64 createTimestamp, const LeaseFence &fence)
{
    CatalogTransaction tx(m_catalog);
    if (auto s = LeaseFence::hold(m_catalog, jobId, fence); !s) {
        return s.error();
    }
    // Pending first: a snapshot whose first copy is recorded keeps its claim until every store
    // holds it.
    auto pending = m_catalog.scalar(QStringLiteral("SELECT sequence FROM pending_snapshots WHERE "
                                                   "job_id = ? AND create_timestamp = ?"),
                                    {jobId, createTimestamp});
    if (!pending) {
        return pending.error();
    }
    if (pending->isValid()) {
        return std::optional<qint64>(pending->toLongLong());
    }
    auto recorded = m_catalog.scalar(QStringLiteral("SELECT COUNT(*) FROM snapshot_files WHERE "
                                                    "job_id = ? AND create_timestamp = ?"),
                                     {jobId, createTimestamp});
    if (!recorded) {
        return recorded.error();
    }
    if (recorded->toLongLong() > 0) {
        return std::optional<qint64>();
    }
    auto bumped = m_catalog.exec(
        QStringLiteral("UPDATE jobs SET last_sequence = last_sequence + 1 WHERE job_id = ?"),
        {jobId});
    if (!bumped) {
        return bumped.error();
    }
    if (bumped->numRowsAffected() == 0) {
        return Error::user(errc::JobNotFound, QStringLiteral("Job %1 does not exist.").arg(jobId));
    }
    auto sequence = m_catalog.scalar(
        QStringLiteral("SELECT last_sequence FROM jobs WHERE job_id = ?"), {jobId});
    if (!sequence) {
        return sequence.error();
    }
    if (auto r = m_catalog.exec(QStringLiteral("INSERT INTO pending_snapshots (job_id, "
                                               "create_timestamp, sequence) VALUES (?, ?, ?)"),
                                {jobId, createTimestamp, sequence->toLongLong()});
        !r) {
        return r.error();
    }
    if (auto s = tx.commit(); !s) {
        return s.error();
    }
    return std::optional<qint64>(sequence->toLongLong());
}

namespace {
// " WHERE …" for the query's job and time range (both ends inclusive), with its bindings.
QString jobAndRange(const FileQuery &query, QVariantList *binds)
{
    QString where = QStringLiteral(" WHERE job_id = ?");
    *binds << query.jobId;
    if (query.startTime.isValid()) {
        where += QStringLiteral(" AND create_timestamp >= ?");
        *binds << query.startTime.toMSecsSinceEpoch();
    }
    if (query.endTime.isValid()) {
        where += QStringLiteral(" AND create_timestamp <= ?");
        *binds << query.endTime.toMSecsSinceEpoch();
    }
    return where;
}

// " ORDER BY …" of the listing order (ascending or not); the primary key makes it total.
QString orderBy(bool asc)
{
    const QString dir = asc ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
    return QStringLiteral(" ORDER BY create_timestamp") + dir + QStringLiteral(", is_overlay") +
           dir + QStringLiteral(", oss_object") + dir;
}
} // namespace

Result<qint64> FileRepository::count(const FileQuery &query) const
{
    QVariantList binds;
    const QString where = jobAndRange(query, &binds);
    auto r = m_catalog.exec(QStringLiteral("SELECT COUNT(*) FROM snapshot_files") + where, binds);
    if (!r) {
        return r.error();
    }
    return r->next() ? r->value(0).toLongLong() : 0;
}

Result<FilePage> FileRepository::list(const FileQuery &query) const
{
    const bool asc = query.sortBy == QLatin1String("asc");
    QVariantList binds;
    QString sql = Select + jobAndRange(query, &binds);
    sql += orderBy(asc) + QStringLiteral(" LIMIT ?");
    // Two more than a page: enough to see past a group of rows sharing one timestamp.
    binds << query.limit + 2;
    auto r = m_catalog.exec(sql, binds);
    if (!r) {
        return r.error();
    }
    QList<SnapshotFile> rows;
    while (r->next()) {
        rows << fromRow(*r);
    }
    if (auto s = FileCopyRepository(m_catalog).attach(rows); !s) {
        return s.error();
    }
    FilePage page;
    if (rows.size() <= query.limit) {
        page.files = rows;
        return page;
    }
    // Pages are cut by time, so a page must not split the rows of one timestamp (an overwrite
    // object and its real-time twin share it): end the page before that group, unless the
    // group is the whole page.
    const qint64 boundary = rows.at(query.limit).createTimestamp;
    qsizetype end = query.limit;
    while (end > 0 && rows.at(end - 1).createTimestamp == boundary) {
        --end;
    }
    if (end == 0) {
        end = query.limit;
        while (end < rows.size() && rows.at(end).createTimestamp == boundary) {
            ++end;
        }
    }
    page.files = rows.mid(0, end);
    if (end < rows.size()) {
        const QDateTime next = rows.at(end).createTime();
        (asc ? page.nextStartTime : page.nextEndTime) = next;
    }
    return page;
}

Result<QList<SnapshotFile>> FileRepository::listAt(const FileQuery &query, qint64 offset,
                                                   qint64 rangeCount) const
{
    bool asc = query.sortBy == QLatin1String("asc");
    qint64 limit = query.limit;
    const bool fromOtherEnd = rangeCount > 0 && offset > rangeCount / 2;
    if (fromOtherEnd) {
        // The same rows, counted from the other end of the range and read backwards.
        const qint64 last = qMin(rangeCount, offset + limit);
        limit = last - offset;
        offset = rangeCount - last;
        asc = !asc;
    }
    QList<SnapshotFile> rows;
    if (limit <= 0 || offset < 0) {
        return rows;
    }
    QVariantList binds;
    const QString where = jobAndRange(query, &binds);
    const QString dir = asc ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
    // 1. The time at that position: a walk over the index alone.
    QVariantList at = binds;
    at << 1 << offset;
    auto time = m_catalog.exec(QStringLiteral("SELECT create_timestamp FROM snapshot_files") +
                                   where + QStringLiteral(" ORDER BY create_timestamp") + dir +
                                   QStringLiteral(" LIMIT ? OFFSET ?"),
                               at);
    if (!time) {
        return time.error();
    }
    if (!time->next()) {
        return rows;
    }
    const qint64 ts = time->value(0).toLongLong();
    // 2. How many come before that time (index only), so the rest skips only within its group.
    QVariantList before = binds;
    before << ts;
    const QString beyond = asc ? QStringLiteral(" AND create_timestamp < ?")
                               : QStringLiteral(" AND create_timestamp > ?");
    auto ahead = m_catalog.exec(
        QStringLiteral("SELECT COUNT(*) FROM snapshot_files") + where + beyond, before);
    if (!ahead) {
        return ahead.error();
    }
    const qint64 skip = offset - (ahead->next() ? ahead->value(0).toLongLong() : 0);
    // 3. The rows from that time on.
    QVariantList from = binds;
    from << ts << limit << qMax<qint64>(0, skip);
    const QString onward = asc ? QStringLiteral(" AND create_timestamp >= ?")
                               : QStringLiteral(" AND create_timestamp <= ?");
    auto r = m_catalog.exec(
        Select + where + onward + orderBy(asc) + QStringLiteral(" LIMIT ? OFFSET ?"), from);
    if (!r) {
        return r.error();
    }
    while (r->next()) {
        rows << fromRow(*r);
    }
    if (fromOtherEnd) {
        std::reverse(rows.begin(), rows.end());
    }
    return rows;
}

Result<QList<SnapshotFile>> FileRepository::withTimestamp(const QString &jobId,
                                                          qint64 createTimestamp) const
{
    auto r = m_catalog.exec(Select + QStringLiteral(" WHERE job_id = ? AND create_timestamp = ?"),
                            {jobId, createTimestamp});
    if (!r) {
        return r.error();
    }
    QList<SnapshotFile> files;
    while (r->next()) {
        files << fromRow(*r);
    }
    if (auto s = FileCopyRepository(m_catalog).attach(files); !s) {
        return s.error();
    }
    return files;
}

Result<std::optional<SnapshotFile>> FileRepository::find(const QString &jobId,
                                                         const QString &ossObject) const
{
    auto r = m_catalog.exec(Select + QStringLiteral(" WHERE job_id = ? AND oss_object = ?"),
                            {jobId, ossObject});
    if (!r) {
        return r.error();
    }
    if (!r->next()) {
        return std::optional<SnapshotFile>();
    }
    QList<SnapshotFile> one{fromRow(*r)};
    if (auto s = FileCopyRepository(m_catalog).attach(one); !s) {
        return s.error();
    }
    return std::optional<SnapshotFile>(one.constFirst());
}

Status FileRepository::remove(const QString &jobId, const QString &ossObject)
{
    CatalogTransaction tx(m_catalog);
    for (const QString &table : {QStringLiteral("file_copies"), QStringLiteral("snapshot_files")}) {
        auto r = m_catalog.exec(QStringLiteral("DELETE FROM ") + table +
                                    QStringLiteral(" WHERE job_id = ? AND oss_object = ?"),
                                {jobId, ossObject});
        if (!r) {
            return r.error();
        }
    }
    return tx.commit();
}

Status FileRepository::removeAll(const QString &jobId, const QStringList &ossObjects)
{
    if (ossObjects.isEmpty()) {
        return success();
    }
    CatalogTransaction tx(m_catalog);
    for (const QString &object : ossObjects) {
        if (auto s = remove(jobId, object); !s) {
            return s; // the transaction rolls back: none of them goes
        }
    }
    return tx.commit();
}

} // namespace livesnap
