#include "catalog/Schema.h"

namespace livesnap::schema {

namespace {

// Portable SQL: VARCHAR/TEXT/INTEGER/BIGINT, times as BIGINT ms since the epoch, no
// AUTOINCREMENT, no SQLite-only syntax.
QStringList version1()
{
    return {
        QStringLiteral("CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, "
                       "applied_at BIGINT NOT NULL)"),
        QStringLiteral("CREATE TABLE settings (name VARCHAR(64) NOT NULL PRIMARY KEY, "
                       "value TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE templates ("
                       " template_id VARCHAR(64) NOT NULL PRIMARY KEY,"
                       " template_name VARCHAR(128) NOT NULL,"
                       " type VARCHAR(16) NOT NULL,"
                       " time_interval INTEGER NOT NULL,"
                       " overwrite_format VARCHAR(255) NOT NULL DEFAULT '',"
                       " sequence_format VARCHAR(255) NOT NULL DEFAULT '',"
                       " create_time BIGINT NOT NULL,"
                       " modified_time BIGINT NOT NULL)"),
        QStringLiteral("CREATE INDEX templates_by_time ON templates (create_time)"),
        QStringLiteral("CREATE TABLE storage_locations ("
                       " location_id VARCHAR(64) NOT NULL PRIMARY KEY,"
                       " storage_type VARCHAR(16) NOT NULL,"
                       " endpoint VARCHAR(255) NOT NULL DEFAULT '',"
                       " bucket VARCHAR(63) NOT NULL,"
                       " region VARCHAR(64) NOT NULL DEFAULT '',"
                       " path_style INTEGER NOT NULL DEFAULT 0,"
                       " path TEXT NOT NULL DEFAULT '',"
                       " built_in INTEGER NOT NULL DEFAULT 0,"
                       " create_time BIGINT NOT NULL,"
                       " modified_time BIGINT NOT NULL,"
                       " UNIQUE (storage_type, endpoint, bucket))"),
        QStringLiteral(
            "CREATE TABLE jobs ("
            " job_id VARCHAR(64) NOT NULL PRIMARY KEY,"
            " job_name VARCHAR(128) NOT NULL,"
            " status VARCHAR(16) NOT NULL,"
            " template_id VARCHAR(64) NOT NULL REFERENCES templates (template_id),"
            " location_id VARCHAR(64) NOT NULL REFERENCES storage_locations (location_id),"
            " stream_type VARCHAR(16) NOT NULL,"
            " stream_url TEXT NOT NULL,"
            " callback_url TEXT NOT NULL DEFAULT '',"
            " last_sequence BIGINT NOT NULL DEFAULT 0,"
            " snapshot_count BIGINT NOT NULL DEFAULT 0,"
            " stream_state VARCHAR(16) NOT NULL DEFAULT 'idle',"
            " last_snapshot_time BIGINT NOT NULL DEFAULT 0,"
            " last_error TEXT NOT NULL DEFAULT '',"
            " run_generation BIGINT NOT NULL DEFAULT 0,"
            " create_time BIGINT NOT NULL,"
            " modified_time BIGINT NOT NULL)"),
        QStringLiteral("CREATE INDEX jobs_by_status ON jobs (status)"),
        QStringLiteral("CREATE INDEX jobs_by_time ON jobs (create_time)"),
        QStringLiteral("CREATE INDEX jobs_by_template ON jobs (template_id)"),
        QStringLiteral("CREATE TABLE job_leases ("
                       " job_id VARCHAR(64) NOT NULL PRIMARY KEY"
                       "  REFERENCES jobs (job_id) ON DELETE CASCADE,"
                       " owner VARCHAR(128) NOT NULL,"
                       " acquired_at BIGINT NOT NULL,"
                       " expires_at BIGINT NOT NULL)"),
        QStringLiteral("CREATE INDEX job_leases_by_owner ON job_leases (owner)"),
        QStringLiteral("CREATE TABLE snapshot_files ("
                       " job_id VARCHAR(64) NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,"
                       " oss_object VARCHAR(1024) NOT NULL,"
                       " location_id VARCHAR(64) NOT NULL,"
                       " oss_endpoint VARCHAR(255) NOT NULL DEFAULT '',"
                       " oss_bucket VARCHAR(63) NOT NULL,"
                       " create_timestamp BIGINT NOT NULL,"
                       " sequence BIGINT NOT NULL,"
                       " is_overlay INTEGER NOT NULL DEFAULT 0,"
                       " size BIGINT NOT NULL DEFAULT 0,"
                       " width INTEGER NOT NULL DEFAULT 0,"
                       " height INTEGER NOT NULL DEFAULT 0,"
                       " PRIMARY KEY (job_id, oss_object))"),
        QStringLiteral("CREATE INDEX snapshot_files_by_time ON snapshot_files (job_id, "
                       "create_timestamp)"),
        // A sequence number handed to a spooled snapshot whose objects are not stored yet: a
        // crash between the two resumes with the same number (no gap, no duplicate).
        QStringLiteral("CREATE TABLE pending_snapshots ("
                       " job_id VARCHAR(64) NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,"
                       " create_timestamp BIGINT NOT NULL,"
                       " sequence BIGINT NOT NULL,"
                       " PRIMARY KEY (job_id, create_timestamp))"),
        QStringLiteral("CREATE TABLE usage_intervals ("
                       " job_id VARCHAR(64) NOT NULL,"
                       " owner VARCHAR(128) NOT NULL,"
                       " start_time BIGINT NOT NULL,"
                       " end_time BIGINT NOT NULL,"
                       " PRIMARY KEY (job_id, start_time))"),
        QStringLiteral("CREATE INDEX usage_intervals_by_time ON usage_intervals (start_time)"),
        QStringLiteral("CREATE TABLE job_events ("
                       " event_id VARCHAR(40) NOT NULL PRIMARY KEY,"
                       " job_id VARCHAR(64) NOT NULL,"
                       " event_time BIGINT NOT NULL,"
                       " kind VARCHAR(32) NOT NULL,"
                       " message TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX job_events_by_job ON job_events (job_id, event_time)"),
        // Shipped, read-only presets.
        QStringLiteral(
            "INSERT INTO templates VALUES ('system-overwrite-5s', "
            "'Overwrite every 5 s', 'system', 5, 'snapshot/{JobId}.jpg', '', :now, :now)"),
        QStringLiteral("INSERT INTO templates VALUES ('system-realtime-10s', "
                       "'Real-time every 10 s', 'system', 10, '', "
                       "'snapshot/{JobId}/{Sequence}/{UnixTimestamp}.jpg', :now, :now)"),
        QStringLiteral("INSERT INTO templates VALUES ('system-realtime-60s', "
                       "'Real-time every 60 s', 'system', 60, '', "
                       "'snapshot/{JobId}/{Sequence}/{UnixTimestamp}.jpg', :now, :now)"),
        // The embedded default location: a folder under the data directory (path resolved at run
        // time, so the data directory can move).
        QStringLiteral(
            "INSERT INTO storage_locations (location_id, storage_type, endpoint, bucket, "
            "built_in, create_time, modified_time) VALUES ('local-default', 'local', '', "
            "'default', 1, :now, :now)"),
        QStringLiteral("INSERT INTO settings (name, value) VALUES ('max_started_jobs', '100')"),
        QStringLiteral("INSERT INTO settings (name, value) VALUES ('jpeg_quality', '85')"),
    };
}

} // namespace

// OSS signature version per location (v4 by default, v1 for older endpoints).
QStringList version2()
{
    return {
        QStringLiteral("ALTER TABLE storage_locations ADD COLUMN signature_version VARCHAR(8) "
                       "NOT NULL DEFAULT 'v4'"),
        QStringLiteral("INSERT INTO settings (name, value) VALUES ('spool_limit_mb', '2048')"),
    };
}

// Usage keeps the job's name as it was, so a report still names a job deleted since.
QStringList version3()
{
    return {
        QStringLiteral("ALTER TABLE usage_intervals ADD COLUMN job_name VARCHAR(128) NOT NULL "
                       "DEFAULT ''"),
    };
}

// The callback outbox: events waiting for their receiver, delivered in `seq` order per job.
// No foreign key to jobs: a deleted job's last events are still delivered.
QStringList version4()
{
    return {
        QStringLiteral("CREATE TABLE callback_outbox ("
                       " event_id VARCHAR(40) NOT NULL PRIMARY KEY,"
                       " seq BIGINT NOT NULL,"
                       " job_id VARCHAR(64) NOT NULL,"
                       " event_type VARCHAR(64) NOT NULL,"
                       " url TEXT NOT NULL,"
                       " body TEXT NOT NULL,"
                       " created_ms BIGINT NOT NULL,"
                       " attempts INTEGER NOT NULL DEFAULT 0,"
                       " next_attempt_ms BIGINT NOT NULL,"
                       " claimed_by VARCHAR(128) NOT NULL DEFAULT '',"
                       " claimed_until_ms BIGINT NOT NULL DEFAULT 0,"
                       " last_error TEXT NOT NULL DEFAULT '')"),
        QStringLiteral("CREATE INDEX callback_outbox_by_job ON callback_outbox (job_id, seq)"),
    };
}

namespace {

// One AFTER trigger that appends (kind, item) to catalog_changes. `when` (may be empty) is a
// condition on NEW; `onlyIfJobExists` skips rows of a job being deleted (its job-removed row
// says it all).
QString changeTrigger(SqlDialect dialect, const QString &name, const QString &event,
                      const QString &table, const QString &kind, const QString &item,
                      const QString &when = QString(), bool onlyIfJobExists = false)
{
    if (dialect == SqlDialect::Postgres) {
        // One PL/pgSQL function (log_catalog_change) serves every trigger: its arguments are the
        // kind, the column holding the item ('' for none) and whether the job must still exist.
        QString column = item;
        column.remove(QLatin1String("NEW.")).remove(QLatin1String("OLD."));
        if (column == QLatin1String("''")) {
            column.clear();
        }
        return QStringLiteral("CREATE TRIGGER %1 AFTER %2 ON %3 FOR EACH ROW%4 EXECUTE FUNCTION "
                              "log_catalog_change('%5', '%6', '%7')")
            .arg(name, event, table,
                 when.isEmpty() ? QString() : QStringLiteral(" WHEN (%1)").arg(when), kind, column,
                 onlyIfJobExists ? QStringLiteral("job-exists") : QString());
    }
    QString condition = when;
    if (onlyIfJobExists) {
        condition = QStringLiteral("EXISTS (SELECT 1 FROM jobs WHERE job_id = OLD.job_id)");
    }
    return QStringLiteral("CREATE TRIGGER %1 AFTER %2 ON %3%4 BEGIN INSERT INTO catalog_changes "
                          "(kind, item_id) VALUES ('%5', %6); END")
        .arg(name, event, table,
             condition.isEmpty() ? QString() : QStringLiteral(" WHEN ") + condition, kind, item);
}

// PostgreSQL's side of the change log: the function every trigger calls, and the pruning.
QStringList postgresChangeLogFunctions()
{
    return {
        QStringLiteral(
            "CREATE FUNCTION log_catalog_change() RETURNS trigger LANGUAGE plpgsql AS $body$ "
            "DECLARE row_data jsonb; item text := ''; "
            "BEGIN "
            " IF TG_OP = 'DELETE' THEN row_data := to_jsonb(OLD); "
            " ELSE row_data := to_jsonb(NEW); END IF; "
            " IF TG_ARGV[1] <> '' THEN item := row_data ->> TG_ARGV[1]; END IF; "
            " IF TG_ARGV[2] = 'job-exists' AND NOT EXISTS "
            "  (SELECT 1 FROM jobs WHERE job_id = item) THEN RETURN NULL; END IF; "
            " INSERT INTO catalog_changes (kind, item_id) VALUES (TG_ARGV[0], item); "
            " RETURN NULL; "
            "END $body$"),
        QStringLiteral("CREATE FUNCTION prune_catalog_changes() RETURNS trigger LANGUAGE plpgsql "
                       "AS $body$ BEGIN DELETE FROM catalog_changes WHERE seq <= NEW.seq - %1; "
                       "RETURN NULL; END $body$")
            .arg(ChangeLogKeep),
    };
}

} // namespace

// The change log: every change to jobs, templates, snapshot files, storage locations and the
// callback settings, by any
// process, appends (seq, kind, item) here in the same transaction, so an engine notices what other
// processes changed by reading the rows after the last one it saw (CatalogChangeLog) instead of
// the whole catalog. Rows of a deleted job's files and lease (removed by the cascade) are left
// out: its job-removed row says it all. The log keeps about its last ChangeLogKeep rows.
QStringList version5(SqlDialect dialect)
{
    const QString job = QStringLiteral("job");
    const bool postgres = dialect == SqlDialect::Postgres;
    // SQLite numbers an INTEGER PRIMARY KEY itself; PostgreSQL takes it from a sequence.
    QStringList sql{
        // On PostgreSQL each row also names the connection (backend) that wrote it, so a reader
        // can pass over its own changes (SQLite's data_version does that there).
        postgres ? QStringLiteral("CREATE TABLE catalog_changes ("
                                  " seq BIGSERIAL NOT NULL PRIMARY KEY,"
                                  " kind VARCHAR(32) NOT NULL,"
                                  " item_id VARCHAR(64) NOT NULL DEFAULT '',"
                                  " origin INTEGER NOT NULL DEFAULT pg_backend_pid())")
                 : QStringLiteral("CREATE TABLE catalog_changes ("
                                  " seq INTEGER NOT NULL PRIMARY KEY,"
                                  " kind VARCHAR(32) NOT NULL,"
                                  " item_id VARCHAR(64) NOT NULL DEFAULT '')"),
    };
    if (postgres) {
        sql << postgresChangeLogFunctions();
    }
    sql << QStringList{
        changeTrigger(dialect, QStringLiteral("jobs_insert_log"), QStringLiteral("INSERT"),
                      QStringLiteral("jobs"), job, QStringLiteral("NEW.job_id")),
        changeTrigger(dialect, QStringLiteral("jobs_update_log"), QStringLiteral("UPDATE"),
                      QStringLiteral("jobs"), job, QStringLiteral("NEW.job_id")),
        changeTrigger(dialect, QStringLiteral("jobs_delete_log"), QStringLiteral("DELETE"),
                      QStringLiteral("jobs"), QStringLiteral("job-removed"),
                      QStringLiteral("OLD.job_id")),
        // Events and the engine holding a job (not its lease renewals) show with the job.
        changeTrigger(dialect, QStringLiteral("job_events_insert_log"), QStringLiteral("INSERT"),
                      QStringLiteral("job_events"), job, QStringLiteral("NEW.job_id")),
        changeTrigger(dialect, QStringLiteral("job_leases_insert_log"), QStringLiteral("INSERT"),
                      QStringLiteral("job_leases"), job, QStringLiteral("NEW.job_id")),
        changeTrigger(dialect, QStringLiteral("job_leases_owner_log"),
                      QStringLiteral("UPDATE OF owner"), QStringLiteral("job_leases"), job,
                      QStringLiteral("NEW.job_id")),
        changeTrigger(dialect, QStringLiteral("job_leases_delete_log"), QStringLiteral("DELETE"),
                      QStringLiteral("job_leases"), job, QStringLiteral("OLD.job_id"), QString(),
                      true),
        changeTrigger(dialect, QStringLiteral("snapshot_files_insert_log"),
                      QStringLiteral("INSERT"), QStringLiteral("snapshot_files"),
                      QStringLiteral("files"), QStringLiteral("NEW.job_id")),
        changeTrigger(dialect, QStringLiteral("snapshot_files_update_log"),
                      QStringLiteral("UPDATE"), QStringLiteral("snapshot_files"),
                      QStringLiteral("files"), QStringLiteral("NEW.job_id")),
        changeTrigger(dialect, QStringLiteral("snapshot_files_delete_log"),
                      QStringLiteral("DELETE"), QStringLiteral("snapshot_files"),
                      QStringLiteral("files"), QStringLiteral("OLD.job_id"), QString(), true),
        postgres ? QStringLiteral("CREATE TRIGGER catalog_changes_prune AFTER INSERT ON "
                                  "catalog_changes FOR EACH ROW WHEN (NEW.seq % %1 = 0) EXECUTE "
                                  "FUNCTION prune_catalog_changes()")
                       .arg(ChangeLogPruneEvery)
                 : QStringLiteral("CREATE TRIGGER catalog_changes_prune AFTER INSERT ON "
                                  "catalog_changes WHEN NEW.seq % %1 = 0 BEGIN DELETE FROM "
                                  "catalog_changes WHERE seq <= NEW.seq - %2; END")
                       .arg(ChangeLogPruneEvery)
                       .arg(ChangeLogKeep),
    };
    // The callback settings (not the engine's own notes there, which would echo between engines).
    const QString callbackSetting =
        QStringLiteral("NEW.name IN ('callback_url', 'callback_auth_key_set')");
    for (const char *event : {"INSERT", "UPDATE"}) {
        const QString e = QString::fromLatin1(event);
        sql << changeTrigger(dialect, QStringLiteral("settings_%1_log").arg(e.toLower()), e,
                             QStringLiteral("settings"), QStringLiteral("callback-settings"),
                             QStringLiteral("''"), callbackSetting);
    }
    for (const char *event : {"INSERT", "UPDATE", "DELETE"}) {
        const QString e = QString::fromLatin1(event);
        sql << changeTrigger(dialect, QStringLiteral("templates_%1_log").arg(e.toLower()), e,
                             QStringLiteral("templates"), QStringLiteral("templates"),
                             QStringLiteral("''"));
        sql << changeTrigger(dialect, QStringLiteral("storage_locations_%1_log").arg(e.toLower()),
                             e, QStringLiteral("storage_locations"), QStringLiteral("locations"),
                             QStringLiteral("''"));
    }
    return sql;
}

// Stream health as the engine running a job judges it (and since when), and the count of
// "snapshot" commands, which that engine compares with the ones it has carried out.
QStringList version6()
{
    return {
        QStringLiteral("ALTER TABLE jobs ADD COLUMN stream_health VARCHAR(16) NOT NULL DEFAULT "
                       "'unknown'"),
        QStringLiteral("ALTER TABLE jobs ADD COLUMN stream_health_since BIGINT NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE jobs ADD COLUMN snapshot_requests BIGINT NOT NULL DEFAULT 0"),
    };
}

// Capture options: a template's output size, JPEG quality and capture mode; a job's TLS
// settings for its stream (a private CA file, and the flagged opt-out of verification).
QStringList version7()
{
    return {
        QStringLiteral("ALTER TABLE templates ADD COLUMN width INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE templates ADD COLUMN height INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE templates ADD COLUMN jpeg_quality INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE templates ADD COLUMN capture_mode VARCHAR(16) NOT NULL "
                       "DEFAULT 'keyframe'"),
        QStringLiteral("ALTER TABLE jobs ADD COLUMN stream_ca_file TEXT NOT NULL DEFAULT ''"),
        QStringLiteral("ALTER TABLE jobs ADD COLUMN stream_tls_verify INTEGER NOT NULL DEFAULT 1"),
    };
}

// Several stores per job: a job's stores in order (jobs.location_id stays its first), each
// snapshot object's copy in each store with whether that store holds it whole, and on a claimed
// sequence number whether a first copy of it was recorded (the claim is settled only once every
// copy is). Existing jobs keep their one store; existing files have their one, confirmed copy.
QStringList version8(SqlDialect dialect)
{
    return {
        QStringLiteral("CREATE TABLE job_outputs ("
                       " job_id VARCHAR(64) NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,"
                       " location_id VARCHAR(64) NOT NULL"
                       "  REFERENCES storage_locations (location_id),"
                       " position INTEGER NOT NULL,"
                       " PRIMARY KEY (job_id, location_id))"),
        QStringLiteral("CREATE INDEX job_outputs_by_location ON job_outputs (location_id)"),
        QStringLiteral("INSERT INTO job_outputs (job_id, location_id, position) "
                       "SELECT job_id, location_id, 0 FROM jobs"),
        // create_timestamp: the snapshot the copy is (or will be) of; an overwrite object's
        // copies follow its newest snapshot.
        QStringLiteral("CREATE TABLE file_copies ("
                       " job_id VARCHAR(64) NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,"
                       " oss_object VARCHAR(1024) NOT NULL,"
                       " location_id VARCHAR(64) NOT NULL,"
                       " create_timestamp BIGINT NOT NULL,"
                       " confirmed INTEGER NOT NULL DEFAULT 0,"
                       " size BIGINT NOT NULL DEFAULT 0,"
                       " PRIMARY KEY (job_id, oss_object, location_id))"),
        QStringLiteral("CREATE INDEX file_copies_by_time ON file_copies (job_id, "
                       "create_timestamp)"),
        QStringLiteral("INSERT INTO file_copies (job_id, oss_object, location_id, "
                       "create_timestamp, confirmed, size) SELECT job_id, oss_object, location_id, "
                       "create_timestamp, 1, size FROM snapshot_files"),
        QStringLiteral("ALTER TABLE pending_snapshots ADD COLUMN first_copy_recorded INTEGER NOT "
                       "NULL DEFAULT 0"),
        // A copy confirmed later than the first changes no file row: log it. (Copies are
        // inserted and deleted with their file row, which logs those.)
        changeTrigger(dialect, QStringLiteral("file_copies_update_log"), QStringLiteral("UPDATE"),
                      QStringLiteral("file_copies"), QStringLiteral("files"),
                      QStringLiteral("NEW.job_id")),
    };
}

// Several engines on one catalog (one PostgreSQL shared by machines): each engine's row
// (heartbeat, capacity, jobs held), an epoch on every lease (jobs.lease_epoch is the last one
// handed out, so a job's epochs only grow, even across released leases; writes by an engine are
// accepted only under the epoch it holds), and which host a local-folder location belongs to
// ('' for the built-in one and for a folder every engine reaches: shared_mount).
QStringList version9()
{
    return {
        QStringLiteral("CREATE TABLE engines ("
                       " engine_id VARCHAR(128) NOT NULL PRIMARY KEY,"
                       " host VARCHAR(255) NOT NULL,"
                       " pid BIGINT NOT NULL,"
                       " version VARCHAR(32) NOT NULL,"
                       " start_time BIGINT NOT NULL,"
                       " last_heartbeat BIGINT NOT NULL,"
                       " capacity INTEGER NOT NULL,"
                       " job_count INTEGER NOT NULL DEFAULT 0,"
                       " capture INTEGER NOT NULL DEFAULT 1)"),
        QStringLiteral("CREATE INDEX engines_by_heartbeat ON engines (last_heartbeat)"),
        QStringLiteral("ALTER TABLE job_leases ADD COLUMN epoch BIGINT NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE jobs ADD COLUMN lease_epoch BIGINT NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE storage_locations ADD COLUMN host VARCHAR(255) NOT NULL "
                       "DEFAULT ''"),
        QStringLiteral("ALTER TABLE storage_locations ADD COLUMN shared_mount INTEGER NOT NULL "
                       "DEFAULT 0"),
    };
}

QList<Migration> migrations(SqlDialect dialect)
{
    return {{1, version1()}, {2, version2()},        {3, version3()},
            {4, version4()}, {5, version5(dialect)}, {6, version6()},
            {7, version7()}, {8, version8(dialect)}, {9, version9()}};
}

int currentVersion()
{
    return 9;
}

} // namespace livesnap::schema
