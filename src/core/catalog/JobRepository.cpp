#include "catalog/JobRepository.h"

#include "catalog/SqlHelpers.h"

#include <QHash>

namespace livesnap {

namespace {
const QString Select = QStringLiteral(
    "SELECT j.job_id, j.job_name, j.status, j.template_id, t.template_name, t.time_interval,"
    " t.overwrite_format, t.sequence_format, j.stream_type, j.stream_url, l.storage_type,"
    " l.endpoint, l.bucket, j.callback_url, j.create_time, j.modified_time, j.stream_state,"
    " j.last_snapshot_time, j.snapshot_count, j.last_sequence, j.last_error,"
    " COALESCE(le.owner, ''), j.location_id, j.run_generation, j.stream_health,"
    " j.stream_health_since, t.width, t.height, t.jpeg_quality, t.capture_mode,"
    " j.stream_ca_file, j.stream_tls_verify, COALESCE(en.host, ''),"
    " (SELECT MIN(bl.host) FROM job_outputs bo JOIN storage_locations bl"
    "   ON bl.location_id = bo.location_id WHERE bo.job_id = j.job_id AND "
    "   bl.storage_type = 'local' AND bl.host <> '' AND bl.shared_mount = 0)"
    " FROM jobs j"
    " JOIN templates t ON t.template_id = j.template_id"
    " JOIN storage_locations l ON l.location_id = j.location_id"
    " LEFT JOIN job_leases le ON le.job_id = j.job_id AND le.expires_at >= ?"
    " LEFT JOIN engines en ON en.engine_id = le.owner");

SnapshotJob fromRow(const QSqlQuery &q)
{
    SnapshotJob j;
    j.jobId = q.value(0).toString();
    j.jobName = q.value(1).toString();
    j.status = q.value(2).toString();
    j.templateId = q.value(3).toString();
    j.templateName = q.value(4).toString();
    j.timeInterval = q.value(5).toInt();
    j.overwriteFormat = q.value(6).toString();
    j.sequenceFormat = q.value(7).toString();
    j.streamInput.type = q.value(8).toString();
    j.streamInput.url = q.value(9).toString();
    j.snapshotOutput.storageType = q.value(10).toString();
    j.snapshotOutput.endpoint = q.value(11).toString();
    j.snapshotOutput.bucket = q.value(12).toString();
    j.callbackUrl = q.value(13).toString();
    j.createTime = sql::time(q.value(14));
    j.modifiedTime = sql::time(q.value(15));
    j.streamState = q.value(16).toString();
    j.lastSnapshotTime = sql::time(q.value(17));
    j.snapshotCount = q.value(18).toLongLong();
    j.lastSequence = q.value(19).toLongLong();
    j.lastError = q.value(20).toString();
    j.leaseOwner = q.value(21).toString();
    j.locationId = q.value(22).toString();
    j.runGeneration = q.value(23).toLongLong();
    j.streamHealth = q.value(24).toString();
    j.streamHealthSince = sql::time(q.value(25));
    j.width = q.value(26).toInt();
    j.height = q.value(27).toInt();
    j.jpegQuality = q.value(28).toInt();
    j.captureMode = q.value(29).toString();
    j.streamInput.caFile = q.value(30).toString();
    j.streamInput.tlsVerify = q.value(31).toInt() != 0;
    j.engineHost = q.value(32).toString();
    // The stored stream state is the running engine's word; without a live lease no engine
    // runs the job, whatever it last reported.
    if (j.status != jobstatus::Started) {
        j.streamState = streamstate::Idle;
        j.streamHealth = streamhealth::Unknown;
    } else if (j.leaseOwner.isEmpty()) {
        j.streamState = streamstate::Waiting;
        // Only an engine on the host of its local folder may take it.
        j.waitingForHost = q.value(33).toString();
    }
    return j;
}

Result<bool> affected(Result<QSqlQuery> r)
{
    if (!r) {
        return r.error();
    }
    return r->numRowsAffected() > 0;
}
} // namespace

Status JobRepository::insert(const SnapshotJob &job)
{
    auto r = m_catalog.exec(
        QStringLiteral("INSERT INTO jobs (job_id, job_name, status, template_id, location_id, "
                       "stream_type, stream_url, callback_url, create_time, modified_time, "
                       "stream_ca_file, stream_tls_verify) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {job.jobId, job.jobName, job.status, job.templateId, job.locationId, job.streamInput.type,
         job.streamInput.url, job.callbackUrl, sql::ms(job.createTime), sql::ms(job.modifiedTime),
         job.streamInput.caFile, job.streamInput.tlsVerify ? 1 : 0});
    if (!r) {
        return r.error();
    }
    const QStringList stores =
        job.locationIds.isEmpty() ? QStringList{job.locationId} : job.locationIds;
    for (qsizetype i = 0; i < stores.size(); ++i) {
        if (auto o = m_catalog.exec(QStringLiteral("INSERT INTO job_outputs (job_id, location_id, "
                                                   "position) VALUES (?, ?, ?)"),
                                    {job.jobId, stores.at(i), int(i)});
            !o) {
            return o.error();
        }
    }
    return success();
}

Status JobRepository::attachOutputs(QList<SnapshotJob> &jobs) const
{
    if (jobs.isEmpty()) {
        return success();
    }
    QVariantList binds;
    for (const SnapshotJob &job : jobs) {
        binds << job.jobId;
    }
    auto r = m_catalog.exec(
        QStringLiteral("SELECT o.job_id, o.location_id, l.storage_type, l.endpoint, l.bucket "
                       "FROM job_outputs o JOIN storage_locations l ON l.location_id = "
                       "o.location_id WHERE o.job_id IN (") +
            sql::placeholders(binds.size()) + QStringLiteral(") ORDER BY o.job_id, o.position"),
        binds);
    if (!r) {
        return r.error();
    }
    QHash<QString, QList<std::pair<QString, SnapshotOutput>>> byJob;
    while (r->next()) {
        byJob[r->value(0).toString()].append(
            {r->value(1).toString(), SnapshotOutput{r->value(2).toString(), r->value(3).toString(),
                                                    r->value(4).toString()}});
    }
    for (SnapshotJob &job : jobs) {
        const auto outputs = byJob.value(job.jobId);
        if (outputs.isEmpty()) {
            // A job written without its outputs (never by the service): its one store.
            job.locationIds = {job.locationId};
            job.snapshotOutputs = {job.snapshotOutput};
            continue;
        }
        for (const auto &[locationId, output] : outputs) {
            job.locationIds << locationId;
            job.snapshotOutputs << output;
        }
    }
    return success();
}

Result<std::optional<SnapshotJob>> JobRepository::find(const QString &jobId, qint64 nowMs) const
{
    auto r = m_catalog.exec(Select + QStringLiteral(" WHERE j.job_id = ?"), {nowMs, jobId});
    if (!r) {
        return r.error();
    }
    if (!r->next()) {
        return std::optional<SnapshotJob>();
    }
    QList<SnapshotJob> one{fromRow(*r)};
    if (auto s = attachOutputs(one); !s) {
        return s.error();
    }
    return std::optional<SnapshotJob>(one.constFirst());
}

Result<Page<SnapshotJob>> JobRepository::list(const JobQuery &query, qint64 nowMs) const
{
    QString where = QStringLiteral(" WHERE 1 = 1");
    QVariantList binds;
    if (!query.status.isEmpty()) {
        where += QStringLiteral(" AND j.status = ?");
        binds << query.status;
    }
    if (!query.searchKeyWord.isEmpty()) {
        where +=
            QStringLiteral(" AND (j.job_name LIKE ? ESCAPE '!' OR j.job_id LIKE ? ESCAPE '!')");
        binds << sql::containsPattern(query.searchKeyWord)
              << sql::containsPattern(query.searchKeyWord);
    }
    if (query.startTime.isValid()) {
        where += QStringLiteral(" AND j.create_time >= ?");
        binds << sql::ms(query.startTime);
    }
    if (query.endTime.isValid()) {
        where += QStringLiteral(" AND j.create_time <= ?");
        binds << sql::ms(query.endTime);
    }
    Page<SnapshotJob> page;
    page.pageNo = query.pageNo;
    page.pageSize = query.pageSize;
    {
        auto count = m_catalog.exec(QStringLiteral("SELECT COUNT(*) FROM jobs j") + where, binds);
        if (!count) {
            return count.error();
        }
        page.totalCount = count->next() ? count->value(0).toLongLong() : 0;
    }
    QVariantList pageBinds{nowMs};
    pageBinds << binds << query.pageSize << qint64(query.pageNo - 1) * query.pageSize;
    auto rows = m_catalog.exec(Select + where + QStringLiteral(" ORDER BY j.create_time ") +
                                   sql::order(query.sortBy) + QStringLiteral(", j.job_id ") +
                                   sql::order(query.sortBy) + QStringLiteral(" LIMIT ? OFFSET ?"),
                               pageBinds);
    if (!rows) {
        return rows.error();
    }
    while (rows->next()) {
        page.items << fromRow(*rows);
    }
    if (auto s = attachOutputs(page.items); !s) {
        return s.error();
    }
    return page;
}

Result<qint64> JobRepository::countWithStatus(const QString &status) const
{
    auto r =
        m_catalog.scalar(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE status = ?"), {status});
    if (!r) {
        return r.error();
    }
    return r->toLongLong();
}

Result<bool> JobRepository::startIfBelowLimit(const QString &jobId, int maxStarted, qint64 nowMs)
{
    CatalogTransaction tx(m_catalog);
    if (m_catalog.isPostgres()) {
        // Under READ COMMITTED two starts on different rows would each count the other's job as
        // not started yet: the limit's row, locked first, makes them take turns (engines and
        // clients on any machine). SQLite already serialises writers, and a read before the
        // write would only risk a busy upgrade there.
        auto limit = m_catalog.scalar(
            QStringLiteral("SELECT value FROM settings WHERE name = 'max_started_jobs'") +
            m_catalog.forUpdate());
        if (!limit) {
            return limit.error();
        }
        bool ok = false;
        if (const int locked = limit->toString().toInt(&ok); ok && locked > 0) {
            maxStarted = locked;
        }
    }
    auto started = affected(m_catalog.exec(
        QStringLiteral("UPDATE jobs SET status = 'started', modified_time = ?, "
                       "stream_state = 'connecting', last_error = '', "
                       "stream_health = 'unknown', stream_health_since = ? "
                       "WHERE job_id = ? AND status <> 'started' "
                       "AND (SELECT COUNT(*) FROM jobs WHERE status = 'started') < ?"),
        {nowMs, nowMs, jobId, maxStarted}));
    if (!started) {
        return started;
    }
    if (auto s = tx.commit(); !s) {
        return s.error();
    }
    return started;
}

Result<bool> JobRepository::stop(const QString &jobId, qint64 nowMs)
{
    return affected(m_catalog.exec(
        QStringLiteral("UPDATE jobs SET status = 'paused', modified_time = ?, "
                       "stream_state = 'idle', stream_health = 'unknown', "
                       "stream_health_since = ? WHERE job_id = ? AND status = 'started'"),
        {nowMs, nowMs, jobId}));
}

Result<bool> JobRepository::restart(const QString &jobId, qint64 nowMs)
{
    return affected(m_catalog.exec(
        QStringLiteral("UPDATE jobs SET run_generation = run_generation + 1, modified_time = ?, "
                       "stream_state = 'connecting', last_error = '' "
                       "WHERE job_id = ? AND status = 'started'"),
        {nowMs, jobId}));
}

Result<bool> JobRepository::requestSnapshot(const QString &jobId)
{
    return affected(
        m_catalog.exec(QStringLiteral("UPDATE jobs SET snapshot_requests = snapshot_requests + 1 "
                                      "WHERE job_id = ? AND status = 'started'"),
                       {jobId}));
}

Result<bool> JobRepository::removeUnlessStarted(const QString &jobId)
{
    return affected(m_catalog.exec(
        QStringLiteral("DELETE FROM jobs WHERE job_id = ? AND status <> 'started'"), {jobId}));
}

Result<qint64> JobRepository::allocateSequence(const QString &jobId)
{
    CatalogTransaction tx(m_catalog);
    auto bumped = affected(m_catalog.exec(
        QStringLiteral("UPDATE jobs SET last_sequence = last_sequence + 1 WHERE job_id = ?"),
        {jobId}));
    if (!bumped) {
        return bumped.error();
    }
    if (!*bumped) {
        return Error::user(errc::JobNotFound, QStringLiteral("Job %1 does not exist.").arg(jobId));
    }
    auto value = m_catalog.scalar(QStringLiteral("SELECT last_sequence FROM jobs WHERE job_id = ?"),
                                  {jobId});
    if (!value) {
        return value.error();
    }
    if (auto s = tx.commit(); !s) {
        return s.error();
    }
    return value->toLongLong();
}

Status JobRepository::setStreamState(const QString &jobId, const QString &state,
                                     const QString &lastError)
{
    auto r = m_catalog.exec(
        QStringLiteral("UPDATE jobs SET stream_state = ?, last_error = ? WHERE job_id = ?"),
        {state, lastError, jobId});
    return r ? success() : Status(r.error());
}

Status JobRepository::setStreamHealth(const QString &jobId, const QString &health, qint64 sinceMs)
{
    auto r = m_catalog.exec(QStringLiteral("UPDATE jobs SET stream_health = ?, "
                                           "stream_health_since = ? WHERE job_id = ?"),
                            {health, sinceMs, jobId});
    return r ? success() : Status(r.error());
}

Status JobRepository::setLastError(const QString &jobId, const QString &lastError)
{
    auto r = m_catalog.exec(QStringLiteral("UPDATE jobs SET last_error = ? WHERE job_id = ?"),
                            {lastError, jobId});
    return r ? success() : Status(r.error());
}

Result<QList<JobEvent>> JobRepository::events(const QString &jobId, int limit) const
{
    auto r = m_catalog.exec(QStringLiteral("SELECT job_id, event_time, kind, message FROM "
                                           "job_events WHERE job_id = ? ORDER BY event_time DESC "
                                           "LIMIT ?"),
                            {jobId, limit});
    if (!r) {
        return r.error();
    }
    QList<JobEvent> events;
    while (r->next()) {
        events << JobEvent{r->value(0).toString(), sql::time(r->value(1)), r->value(2).toString(),
                           r->value(3).toString()};
    }
    return events;
}

} // namespace livesnap
