#!/usr/bin/env python3
"""LiveSnap scale-out benchmark: several `livesnapctl serve` engines sharing one PostgreSQL
catalog. What each engine costs, how the jobs spread, what the catalog is asked per second and
per supervisor tick, how many rows it writes, and how long a killed engine's jobs take to come
back on the others.

  ./bench/run_scaleout.py              points 1x20, 3x20, 3x60 (engines x jobs), 60 s windows,
                                       3 kills per multi-engine point, then the synthetic
                                       100x100 catalog (about 6 minutes)
  ./bench/run_scaleout.py --quick      point 3x30, 20 s window, 2 kills (about 90 s)
  ./bench/run_scaleout.py --points 2x10,4x40 --window 30 --kills 5 --lease-ttl 10
                          --build-dir build --json FILE --workdir DIR --keep --same-host

Needs what ./scripts/test.sh needs (PostgreSQL 15 server and psql, nginx with the RTMP module,
ffmpeg, Python 3 stdlib) and a build of livesnapctl (--build-dir, default build/). PostgreSQL
refuses to run as root: when root, it runs as `nobody` (runuser), as tests/support does.

Set-up, all on 127.0.0.1:
  - PostgreSQL 15 in a temporary directory (initdb, scram password in PGPASSWORD; default
    durability settings, fsync on), with pg_stat_statements (track = all, so the statements the
    change-log triggers run are counted too, as their own kind) and one database per point.
  - nginx-rtmp and one ffmpeg publishing a looped 640x360 25 fps clip (GOP 2 s, 400 kbit/s,
    bench/.cache, shared with soak.py) under STREAMS names with -c copy.
  - E engines: `livesnapctl --catalog postgresql://engineN@... --data-dir <own> serve
    --capacity C --lease-ttl T`. Each engine logs in as its own PostgreSQL role (engine1..E,
    superusers of the bench cluster), so pg_stat_statements splits the statements per engine.
    Unless --same-host, each engine runs in its own UTS namespace with its own host name
    (unshare --uts; root only), so that the engines behave as on separate machines: a dead
    engine's jobs wait for its leases to expire (on one host the others notice at once that its
    pid is gone and take its jobs on their next tick). C = J when E = 1, else ceil(J / (E - 1))
    so the survivors of a kill can hold every job.
  - J jobs, interval 5 s, sequence template, spread round-robin over the streams, submitted and
    started through livesnapctl once every engine runs.
Per point (engines x jobs), in order:
  settle   from the last start until every job has a lease and a recorded snapshot.
  window   --window seconds: pg_stat_statements and pg_stat_user_tables are reset at its start
           and read at its end; only the engines' roles count (the benchmark's own queries run
           as the bootstrap role).
           snapshots        files whose CreateTimestamp lies in the window, and per snapshot the
                            statements of each kind
           jobs/engine      leases held per engine at the window's start
           engine CPU       utime + stime of each engine over the window (/proc), % of one core
           PostgreSQL CPU   the postmaster and its children (/proc), % of one core
           statements/s     pg_stat_statements calls / window, all engines (client statements;
                            trigger-run statements separately), and per engine-tick (the
                            supervisor ticks once a second) split by kind (KINDS below)
           rows/hour        n_tup_ins / n_tup_upd / n_tup_del per table, scaled to an hour
                            (the server's statistics are flushed by each backend at most once a
                            second, so the edges of the window blur by about a second)
           WAL/hour         pg_current_wal_lsn() delta, scaled to an hour
           connections      pg_stat_activity rows per engine role
  after    duplicate sequence numbers (0 expected), engines that exited unasked, bytes per
           row of snapshot_files and file_copies (whole relation / rows, and row data)
  takeover (E > 1) --kills times: `kill -9` of the engine holding most jobs; every 0.25 s psql
           reads who holds its jobs and their newest snapshot. Per job: "lease moved" = first
           poll where another engine holds it, "back" = first poll where it has a snapshot
           captured after the kill. A kill's takeover time is its slowest job's "back"; the
           distribution over kills is min / median / max. The killed engine is then restarted
           (fresh data directory) so the next kill finds E engines.
Last (--synthetic 100x100): a catalog of 100 x 100 started jobs, every one leased (rows written
straight into a migrated catalog, no engine running), on which one engine's tick statements are
timed by the server (EXPLAIN ANALYZE, median of 10) and the WAL of a lease renewal is measured.
A benchmark prints; it asserts nothing. Every figure also goes to a JSON file (--json, default
bench/.cache/scaleout-MODE-TIME.json), with each statement's text and calls.
"""
import argparse
import concurrent.futures
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import run_benchmark as rb  # noqa: E402  (free_port, cpu_seconds, Nginx, publish, stop, percentile)
import soak  # noqa: E402  (encode_inputs: the small cached test clips)

PG_BIN = "/usr/lib/postgresql/15/bin/"
INTERVAL = 5
STREAMS = 4
TICK_S = 1.0  # the supervisor's tick
POLL_S = 0.25
OWNER_PID = re.compile(r"@(.+):([0-9]+):[0-9a-f]+$")

# Statement kinds, first match wins (on pg_stat_statements' normalised text, Qt's "PREPARE
# qpsqlpstmt_N AS" removed; constants are $N there). The third field is what the kind grows
# with: every engine's supervisor tick (1 s), its change-log poll (0.5 s), its callback poll
# (1 s), each snapshot, each job (usage heartbeat, 5 s). "trigger" kinds are run by the change-log
# triggers inside another statement (pg_stat_statements.track = all) and counted apart.
KINDS = [
    ("trigger: change-log insert", "trigger", "snapshot",
     re.compile(r"INSERT INTO catalog_changes", re.I)),
    ("trigger: change-log prune", "trigger", "snapshot",
     re.compile(r"DELETE FROM catalog_changes", re.I)),
    ("trigger: IF job-exists test (every call)", "trigger", "snapshot",
     re.compile(r"FROM jobs WHERE job_id = item", re.I)),
    ("lease renew", "client", "tick", re.compile(r"^UPDATE job_leases SET expires_at", re.I)),
    ("leases held (after renew)", "client", "tick",
     re.compile(r"^SELECT job_id FROM job_leases WHERE owner = ", re.I)),
    ("held started jobs", "client", "tick", re.compile(r"FROM job_leases le JOIN jobs j", re.I)),
    ("others' leases", "client", "tick", re.compile(r"FROM job_leases WHERE owner <>", re.I)),
    ("claim: free started jobs (SKIP LOCKED)", "client", "tick",
     re.compile(r"FROM jobs j WHERE j\.status = \S+ AND NOT EXISTS", re.I)),
    ("claim: grant (epoch, lease row)", "client", "claim",
     re.compile(r"lease_epoch|^INSERT INTO job_leases|^DELETE FROM job_leases WHERE job_id = \$1$",
                re.I)),
    ("engine heartbeat", "client", "engine", re.compile(r"\bengines\b", re.I)),
    ("usage heartbeat", "client", "job", re.compile(r"usage_intervals", re.I)),
    ("job load (job + template row)", "client", "snapshot",
     re.compile(r"^SELECT j\.job_id, j\.job_name", re.I)),
    ("job stores (job_outputs + locations)", "client", "snapshot",
     re.compile(r"FROM job_outputs o JOIN storage_locations|FROM storage_locations", re.I)),
    ("settings read", "client", "snapshot", re.compile(r"FROM settings", re.I)),
    ("sequence claim", "client", "snapshot", re.compile(r"last_sequence|pending_snapshots", re.I)),
    ("file record", "client", "snapshot",
     re.compile(r"snapshot_files|file_copies|snapshot_count|FROM job_outputs", re.I)),
    ("fence check", "client", "snapshot", re.compile(r"job_leases fence", re.I)),
    ("change-log poll", "client", "watch", re.compile(r"catalog_changes", re.I)),
    ("job events", "client", "—", re.compile(r"job_events", re.I)),
    ("callback outbox poll", "client", "tick", re.compile(r"callback_outbox", re.I)),
    ("stream state/health", "client", "—",
     re.compile(r"stream_state|stream_health|last_error", re.I)),
    ("transaction control", "client", "—",
     re.compile(r"^(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SAVEPOINT|RELEASE)", re.I)),
    ("session set-up", "client", "—",
     re.compile(r"^(SET|SHOW|select version|SELECT pg_advisory)", re.I)),
]
PREPARED = re.compile(r"^PREPARE \S+ AS ", re.I)


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def kind_of(query):
    query = PREPARED.sub("", query.strip())
    for name, group, per, pattern in KINDS:
        if pattern.search(query):
            return name, group, per
    return "other", "client", "—"


class Postgres:
    """A private PostgreSQL 15 in `workdir`, as `nobody` when we are root."""

    def __init__(self, workdir):
        self.dir = os.path.join(workdir, "pg")
        os.makedirs(self.dir)
        self.root = os.geteuid() == 0
        if self.root:
            shutil.chown(self.dir, "nobody", "nogroup")
        os.chmod(self.dir, 0o700)
        self.user = "livesnap"
        self.password = uuid.uuid4().hex
        os.environ["PGPASSWORD"] = self.password  # libpq (psql, every livesnapctl) reads it
        pwfile = os.path.join(self.dir, "password")
        with open(pwfile, "w") as f:
            f.write(self.password + "\n")
        if self.root:
            shutil.chown(pwfile, "nobody", "nogroup")
        data = os.path.join(self.dir, "data")
        subprocess.run(self._as_pg([PG_BIN + "initdb", "-D", data, "-U", self.user,
                                    f"--pwfile={pwfile}", "-A", "scram-sha-256", "-E", "UTF8",
                                    "--locale=C"]),
                       cwd=self.dir, check=True, capture_output=True)
        os.remove(pwfile)
        self.port = rb.free_port()
        self.log_path = os.path.join(self.dir, "postgres.log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            self._as_pg([PG_BIN + "postgres", "-D", data, "-k", self.dir, "-h", "127.0.0.1",
                         "-p", str(self.port), "-c", "max_connections=300",
                         "-c", "shared_preload_libraries=pg_stat_statements",
                         "-c", "pg_stat_statements.track=all",
                         "-c", "pg_stat_statements.max=5000"]),
            cwd=self.dir, stdout=self.log, stderr=subprocess.STDOUT)
        end = time.time() + 30
        while time.time() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"postgres exited; see {self.log_path}")
            if subprocess.run(["psql", self.url("postgres"), "-XAtqc", "SELECT 1"],
                              capture_output=True).returncode == 0:
                break
            time.sleep(0.2)
        else:
            raise RuntimeError(f"postgres did not start; see {self.log_path}")
        with open(os.path.join(data, "postmaster.pid")) as f:
            self.postmaster = int(f.readline())

    def _as_pg(self, args):
        return ["runuser", "-u", "nobody", "--"] + args if self.root else args

    def url(self, database, user=None):
        return f"postgresql://{user or self.user}@127.0.0.1:{self.port}/{database}"

    def sql(self, database, query):
        """Rows of `query` as lists of strings (tab-separated psql output)."""
        out = subprocess.run(["psql", self.url(database), "-XAtq", "-F", "\t",
                              "-v", "ON_ERROR_STOP=1", "-c", query],
                             capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(f"psql: {query[:80]}: {out.stderr.strip()}")
        return [line.split("\t") for line in out.stdout.splitlines() if line]

    def text(self, database, query):
        """`query`'s whole output as one string (e.g. EXPLAIN's JSON)."""
        out = subprocess.run(["psql", self.url(database), "-XAtq", "-v", "ON_ERROR_STOP=1",
                              "-c", query], capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(f"psql: {query[:80]}: {out.stderr.strip()}")
        return out.stdout

    def cpu_seconds(self):
        """CPU of the postmaster (with its reaped children) and every live child."""
        total = 0.0
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(pid) == self.postmaster:
                total += sum(int(x) for x in fields[11:15]) / rb.TICK
            elif int(fields[1]) == self.postmaster:
                total += (int(fields[11]) + int(fields[12])) / rb.TICK
        return total

    def close(self):
        try:
            os.kill(self.postmaster, signal.SIGQUIT)
        except OSError:
            pass
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


class Ctl:
    """livesnapctl against the point's catalog, as the bootstrap role."""

    def __init__(self, binary, catalog, data_dir):
        self.binary, self.catalog, self.data_dir = binary, catalog, data_dir

    def __call__(self, action, **params):
        args = [self.binary, "--catalog", self.catalog, "--data-dir", self.data_dir, action]
        for k, v in params.items():
            args += [f"--{k}", str(v)]
        out = subprocess.run(args, capture_output=True, text=True)
        try:
            result = json.loads(out.stdout)
        except ValueError:
            raise RuntimeError(f"{action}: {out.stdout} {out.stderr}")
        if out.returncode != 0:
            raise RuntimeError(f"{action}: {result}")
        return result


class Engine:
    def __init__(self, binary, pg, database, index, workdir, capacity, ttl, same_host, run=0):
        self.index, self.role = index, f"engine{index}"
        self.host = None if same_host else f"scaleout-engine{index}"
        self.data = os.path.join(workdir, f"{database}-engine{index}-run{run}")
        os.makedirs(self.data)
        self.log_path = self.data + ".log"
        args = [binary, "--catalog", pg.url(database, self.role), "--data-dir", self.data,
                "serve", "--capacity", str(capacity), "--lease-ttl", str(ttl)]
        if self.host:
            # Its own host name: the others cannot see that its pid died, as on another machine.
            args = ["unshare", "--uts", "--", "sh", "-c", 'hostname "$0" && exec "$@"',
                    self.host] + args
        with open(self.log_path, "w") as out:
            self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=out)
        self.pid = self.proc.pid  # sh execs livesnapctl: same pid

    def alive(self):
        return self.proc.poll() is None

    def cpu(self):
        return rb.cpu_seconds(self.pid)

    def stop(self):
        if self.alive():
            rb.stop(self.proc, signal.SIGTERM, timeout=20)


def leases(pg, db):
    """{job_id: (owner pid, owner)} of every live lease."""
    rows = pg.sql(db, "SELECT job_id, owner FROM job_leases WHERE expires_at >= "
                      "(extract(epoch from now()) * 1000)::bigint")
    out = {}
    for job, owner in rows:
        m = OWNER_PID.search(owner)
        out[job] = (int(m.group(2)) if m else -1, owner)
    return out


def wait_settled(pg, db, jobs, timeout):
    """Seconds until every job has a lease and a recorded snapshot (None on timeout)."""
    start = time.time()
    while time.time() - start < timeout:
        rows = pg.sql(db, "SELECT count(DISTINCT l.job_id) FROM job_leases l JOIN snapshot_files f "
                          "ON f.job_id = l.job_id")
        if int(rows[0][0]) >= jobs:
            return time.time() - start
        time.sleep(0.5)
    return None


def measure_window(pg, db, engines, seconds):
    pg.sql("postgres", "SELECT pg_stat_statements_reset()")  # the extension lives there
    pg.sql(db, "SELECT pg_stat_reset()")
    lsn0 = pg.sql(db, "SELECT pg_current_wal_lsn()")[0][0]
    cpu0 = {e.role: e.cpu() for e in engines}
    pg_cpu0, t0 = pg.cpu_seconds(), time.time()
    time.sleep(seconds)
    cpu1 = {e.role: e.cpu() for e in engines}
    pg_cpu1, t1 = pg.cpu_seconds(), time.time()
    # Snapshots captured in the window (their records may land a moment later).
    time.sleep(1)
    snapshots = int(pg.sql(db, "SELECT count(*) FROM snapshot_files WHERE create_timestamp "
                               f"BETWEEN {int(t0 * 1000)} AND {int(t1 * 1000)}")[0][0])
    wal = int(pg.sql(db, f"SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '{lsn0}')")[0][0])
    elapsed = t1 - t0
    statements = [
        {"role": r, "calls": int(c), "rows": int(n), "ms": float(ms), "query": q}
        for r, c, n, ms, q in pg.sql(
            "postgres", "SELECT r.rolname, s.calls, s.rows, s.total_exec_time, "
                "regexp_replace(s.query, '\\s+', ' ', 'g') FROM pg_stat_statements s "
                "JOIN pg_roles r ON r.oid = s.userid JOIN pg_database d ON d.oid = s.dbid "
                f"WHERE d.datname = '{db}' AND r.rolname LIKE 'engine%' ORDER BY s.calls DESC")]
    tables = {t: {"ins": int(i), "upd": int(u), "hot_upd": int(h), "del": int(d)}
              for t, i, u, h, d in pg.sql(
                  db, "SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del "
                      "FROM pg_stat_user_tables ORDER BY relname")}
    connections = {r: int(n) for r, n in pg.sql(
        db, f"SELECT usename, count(*) FROM pg_stat_activity WHERE datname = '{db}' "
            "GROUP BY usename")}
    by_kind, by_role = {}, {}
    for s in statements:
        s["kind"], s["group"], per = kind_of(s["query"])
        k = by_kind.setdefault(s["kind"], {"group": s["group"], "per": per, "calls": 0,
                                           "ms": 0.0})
        k["calls"] += s["calls"]
        k["ms"] += s["ms"]
        if s["group"] == "client":
            by_role[s["role"]] = by_role.get(s["role"], 0) + s["calls"]
    client = sum(k["calls"] for k in by_kind.values() if k["group"] == "client")
    trigger = sum(k["calls"] for k in by_kind.values() if k["group"] == "trigger")
    ticks = len(engines) * elapsed / TICK_S
    per_hour = 3600 / elapsed
    return {
        "seconds": elapsed,
        "snapshots": snapshots,
        "snapshots_per_s": snapshots / elapsed,
        "client_statements_per_snapshot": client / snapshots if snapshots else None,
        "engine_cpu_pct": {r: 100 * (cpu1[r] - cpu0[r]) / elapsed for r in cpu0},
        "postgres_cpu_pct": 100 * (pg_cpu1 - pg_cpu0) / elapsed,
        "client_statements_per_s": client / elapsed,
        "trigger_statements_per_s": trigger / elapsed,
        "client_statements_per_engine_tick": client / ticks,
        "client_statements_per_s_by_engine": {r: c / elapsed for r, c in sorted(by_role.items())},
        "catalog_ms_per_s": sum(k["ms"] for k in by_kind.values() if k["group"] == "client")
        / elapsed,
        "by_kind": {name: {"group": k["group"], "grows_with": k["per"],
                           "per_s": k["calls"] / elapsed,
                           "per_engine_tick": k["calls"] / ticks,
                           "per_snapshot": k["calls"] / snapshots if snapshots else None,
                           "ms_per_call": k["ms"] / k["calls"] if k["calls"] else 0}
                    for name, k in sorted(by_kind.items(), key=lambda kv: -kv[1]["calls"])},
        "rows_per_hour": {t: {f: v * per_hour for f, v in c.items()} for t, c in tables.items()
                          if any(c.values())},
        "wal_mb_per_hour": wal * per_hour / 1e6,
        "connections": connections,
        "statements": statements,
    }


def kill_and_time(pg, db, engines, victim, timeout):
    """kill -9 `victim`; per job of it, seconds until another engine holds it and until it has
    a snapshot captured after the kill."""
    held = leases(pg, db)
    jobs = sorted(j for j, (pid, _) in held.items() if pid == victim.pid)
    if not jobs:
        return None
    job_list = ",".join(f"'{j}'" for j in jobs)
    t0 = time.time()
    kill_ms = int(t0 * 1000)
    os.kill(victim.pid, signal.SIGKILL)
    victim.proc.wait()
    moved, back = {}, {}
    while len(back) < len(jobs) and time.time() - t0 < timeout:
        time.sleep(POLL_S)
        rows = pg.sql(db, "SELECT j.job_id, COALESCE(l.owner, ''), COALESCE((SELECT "
                          "max(create_timestamp) FROM snapshot_files f WHERE f.job_id = "
                          f"j.job_id), 0) FROM jobs j LEFT JOIN job_leases l ON l.job_id = "
                          f"j.job_id WHERE j.job_id IN ({job_list})")
        now = time.time() - t0
        for job, owner, newest in rows:
            m = OWNER_PID.search(owner)
            if m and int(m.group(2)) != victim.pid and job not in moved:
                moved[job] = now
            if int(newest) > kill_ms and job not in back:
                back[job] = now
    return {"jobs": len(jobs), "moved": moved, "back": back,
            "all_moved_s": max(moved.values()) if len(moved) == len(jobs) else None,
            "all_back_s": max(back.values()) if len(back) == len(jobs) else None,
            "not_back": len(jobs) - len(back)}


def run_point(args, binary, pg, nginx, n_engines, n_jobs, workdir):
    db = f"scaleout_{n_engines}x{n_jobs}"
    pg.sql("postgres", f"CREATE DATABASE {db}")
    capacity = n_jobs if n_engines == 1 else math.ceil(n_jobs / (n_engines - 1))
    ctl = Ctl(binary, pg.url(db), os.path.join(workdir, f"{db}-ctl"))
    ctl("UpdateEngineSettings", MaxStartedJobs=max(100, n_jobs))  # migrates the new catalog
    tpl = ctl("CreateLiveSnapshotTemplate", TemplateName="scaleout", TimeInterval=INTERVAL,
              SequenceFormat="snapshot/{JobId}/{Sequence}.jpg")["TemplateId"]
    log(f"{n_engines}x{n_jobs}: starting {n_engines} engine(s), capacity {capacity} each, "
        f"lease TTL {args.lease_ttl} s")
    engines = [Engine(binary, pg, db, i + 1, workdir, capacity, args.lease_ttl, args.same_host)
               for i in range(n_engines)]
    time.sleep(2)
    for e in engines:
        if not e.alive():
            raise RuntimeError(f"engine {e.role} exited; see {e.log_path}")

    def submit(i):
        url = nginx.url(f"cam{i % STREAMS}")
        job = ctl("SubmitLiveSnapshotJob", JobName=f"scaleout-{i}", TemplateId=tpl,
                  StreamInput=json.dumps({"Type": "rtmp", "Url": url}))["JobId"]
        ctl("SendLiveSnapshotJobCommand", JobId=job, Command="start")
        return job

    t_submit = time.time()
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        jobs = list(pool.map(submit, range(n_jobs)))
    submit_s = time.time() - t_submit
    settle = wait_settled(pg, db, n_jobs, timeout=90)
    log(f"  {n_jobs} jobs submitted and started in {submit_s:.1f} s; every job held and "
        f"snapshotted {'after %.1f s' % settle if settle is not None else 'NOT within 90 s'}")
    held = leases(pg, db)
    per_engine = {e.role: sum(1 for pid, _ in held.values() if pid == e.pid) for e in engines}
    log(f"  jobs per engine: {per_engine}; measuring for {args.window} s")
    window = measure_window(pg, db, engines, args.window)
    result = {"engines": n_engines, "jobs": n_jobs, "capacity": capacity,
              "lease_ttl_s": args.lease_ttl, "submit_s": submit_s, "settle_s": settle,
              "jobs_per_engine": per_engine, "window": window, "kills": []}
    print_window(n_engines, n_jobs, per_engine, window)
    if n_engines > 1:
        for k in range(args.kills):
            held = leases(pg, db)
            victim = max(engines, key=lambda e: sum(1 for p, _ in held.values() if p == e.pid))
            r = kill_and_time(pg, db, engines, victim, timeout=args.lease_ttl + 45)
            if r is None:
                log("  no engine holds a job: no kill")
                break
            r["victim"] = victim.role
            result["kills"].append(r)
            log(f"  kill -9 {victim.role} ({r['jobs']} jobs): every lease moved after "
                f"{fmt(r['all_moved_s'])} s, every job back (new snapshot) after "
                f"{fmt(r['all_back_s'])} s" + (f"; {r['not_back']} NOT back" if r["not_back"]
                                                else ""))
            # Restart it (its machine came back), fresh data directory, same role.
            i = engines.index(victim)
            engines[i] = Engine(binary, pg, db, victim.index, workdir, capacity, args.lease_ttl,
                                args.same_host, run=k + 1)
            time.sleep(3)
        result["takeover"] = takeover_summary(result["kills"])
    ended = [e.role for e in engines if not e.alive()]
    result["engines_exited_unasked"] = ended
    for e in engines:
        e.stop()
    result["snapshots"] = int(pg.sql(db, "SELECT count(*) FROM snapshot_files")[0][0])
    dupes = pg.sql(db, "SELECT count(*) FROM (SELECT job_id, sequence FROM snapshot_files "
                       "GROUP BY job_id, sequence HAVING count(*) > 1) d")[0][0]
    result["duplicate_sequences"] = int(dupes)
    # Bytes per row (heap + indexes + TOAST) of the tables that grow with every snapshot.
    result["bytes_per_row"] = {}
    for table in ("snapshot_files", "file_copies"):
        size, rows, tuple_bytes = pg.sql(
            db, f"SELECT pg_total_relation_size('{table}'), count(*), "
                f"COALESCE(avg(pg_column_size(t.*)), 0) FROM {table} t")[0]
        if int(rows):
            # Whole pages over few rows overstate it; the row's own data is the lower bound.
            result["bytes_per_row"][table] = {"total": int(size) / int(rows),
                                              "row_data": float(tuple_bytes)}
    result["job_ids"] = jobs
    return result


SYNTHETIC_REPEATS = 10


def catalog_at_scale(binary, pg, workdir, n_engines, per_engine):
    """The per-tick lease statements of one engine, timed by the server (EXPLAIN ANALYZE,
    median of SYNTHETIC_REPEATS) on a catalog holding n_engines x per_engine started, leased jobs
    (rows written straight into a migrated catalog; no engine runs), and the WAL one lease
    renewal writes. What a catalog of that size asks per engine-tick without 100 engines."""
    db = "scaleout_synthetic"
    pg.sql("postgres", f"CREATE DATABASE {db}")
    ctl = Ctl(binary, pg.url(db), os.path.join(workdir, f"{db}-ctl"))
    ctl("UpdateEngineSettings", MaxStartedJobs=n_engines * per_engine)
    tpl = ctl("CreateLiveSnapshotTemplate", TemplateName="synthetic", TimeInterval=INTERVAL,
              SequenceFormat="snapshot/{JobId}/{Sequence}.jpg")["TemplateId"]
    n = n_engines * per_engine
    now = int(time.time() * 1000)
    t = time.time()
    pg.sql(db, "INSERT INTO jobs (job_id, job_name, status, template_id, location_id, "
               "stream_type, stream_url, create_time, modified_time, lease_epoch) SELECT "
               "'job-' || lpad(g::text, 6, '0'), 'synthetic ' || g, 'started', "
               f"'{tpl}', 'local-default', 'rtmp', 'rtmp://127.0.0.1/live/cam' || (g % 100), "
               f"{now}, {now}, 1 FROM generate_series(1, {n}) g")
    owner = "'serve@host' || ((g - 1) / %d + 1) || ':' || (1000 + (g - 1) / %d) || ':0abc'" % (
        per_engine, per_engine)
    pg.sql(db, "INSERT INTO job_leases (job_id, owner, acquired_at, expires_at, epoch) SELECT "
               f"'job-' || lpad(g::text, 6, '0'), {owner}, {now}, {now + 3600_000}, 1 "
               f"FROM generate_series(1, {n}) g")
    pg.sql(db, "VACUUM ANALYZE")
    log(f"synthetic catalog: {n} started jobs leased by {n_engines} engines, written in "
        f"{time.time() - t:.1f} s; timing one engine's tick statements")
    me = "serve@host1:1000:0abc"
    at = now + 1000
    queries = {
        "lease renew": f"UPDATE job_leases SET expires_at = {at + 10_000} WHERE owner = '{me}' "
                       f"AND expires_at >= {at}",
        "leases held (after renew)": f"SELECT job_id FROM job_leases WHERE owner = '{me}' AND "
                                     f"expires_at >= {at} ORDER BY job_id",
        "held started jobs": "SELECT j.job_id, j.run_generation, j.snapshot_requests, le.epoch "
                             "FROM job_leases le JOIN jobs j ON j.job_id = le.job_id WHERE "
                             f"le.owner = '{me}' AND j.status = 'started'",
        "others' leases": f"SELECT job_id, owner FROM job_leases WHERE owner <> '{me}' AND "
                          f"expires_at >= {at}",
        "claim: free started jobs (SKIP LOCKED)":
            "SELECT j.job_id, j.run_generation, j.snapshot_requests FROM jobs j WHERE j.status = "
            "'started' AND NOT EXISTS (SELECT 1 FROM job_leases le WHERE le.job_id = j.job_id "
            f"AND le.expires_at >= {at}) ORDER BY j.modified_time ASC, j.job_id ASC LIMIT 10 "
            "FOR UPDATE SKIP LOCKED",
        "change-log poll": "SELECT MAX(seq) FROM catalog_changes",
    }
    result = {"engines": n_engines, "jobs_per_engine": per_engine, "statements": {}}
    for name, query in queries.items():
        runs = []
        for _ in range(SYNTHETIC_REPEATS):
            plan = json.loads(pg.text(db, "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + query))[0]
            top = plan["Plan"]
            if top["Node Type"] == "ModifyTable":  # it returns nothing: count what it updated
                top = dict(top, **{"Actual Rows": top["Plans"][0]["Actual Rows"]})
            runs.append((plan["Execution Time"], top.get("Actual Rows", 0),
                         top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0)))
        runs.sort()
        ms, rows, blocks = runs[len(runs) // 2]
        result["statements"][name] = {"ms": ms, "rows": rows, "blocks": blocks,
                                      "min_ms": runs[0][0], "max_ms": runs[-1][0]}
        print(f"    {name:40s} {ms:8.3f} ms (min {runs[0][0]:.3f}, max {runs[-1][0]:.3f}), "
              f"{rows} rows, {blocks} buffers", flush=True)
    lsn = pg.sql(db, "SELECT pg_current_wal_lsn()")[0][0]
    for _ in range(SYNTHETIC_REPEATS):
        at += 1000
        pg.sql(db, f"UPDATE job_leases SET expires_at = {at + 10_000} WHERE owner = '{me}' AND "
                   f"expires_at >= {at - 1000}")
    wal = int(pg.sql(db, f"SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '{lsn}')")[0][0])
    result["wal_bytes_per_lease_renewal"] = wal / (SYNTHETIC_REPEATS * per_engine)
    print(f"    WAL per lease renewal (one row of {per_engine} renewed per tick): "
          f"{result['wal_bytes_per_lease_renewal']:.0f} bytes", flush=True)
    pg.sql("postgres", f"DROP DATABASE {db}")
    return result


def takeover_summary(kills):
    per_kill = [k["all_back_s"] for k in kills if k["all_back_s"] is not None]
    moved = [k["all_moved_s"] for k in kills if k["all_moved_s"] is not None]
    per_job = sorted(v for k in kills for v in k["back"].values())
    return {
        "kills": len(kills),
        "kills_fully_back": len(per_kill),
        "all_back_s": {"min": min(per_kill, default=None),
                       "median": rb.percentile(per_kill, 50) if per_kill else None,
                       "max": max(per_kill, default=None)},
        "all_moved_s": {"min": min(moved, default=None),
                        "median": rb.percentile(moved, 50) if moved else None,
                        "max": max(moved, default=None)},
        "per_job_back_s": {"p50": rb.percentile(per_job, 50) if per_job else None,
                           "p90": rb.percentile(per_job, 90) if per_job else None,
                           "max": max(per_job, default=None), "n": len(per_job)},
    }


def fmt(v, spec=".1f"):
    return "n/a" if v is None else format(v, spec)


def print_window(n_engines, n_jobs, per_engine, w):
    cpu = ", ".join(f"{r} {v:.1f} %" for r, v in sorted(w["engine_cpu_pct"].items()))
    print(f"  window {w['seconds']:.0f} s: engine CPU {cpu}; PostgreSQL "
          f"{w['postgres_cpu_pct']:.1f} % of one core", flush=True)
    print(f"  catalog: {w['client_statements_per_s']:.1f} client statements/s "
          f"({w['client_statements_per_engine_tick']:.1f} per engine-tick, "
          f"{w['catalog_ms_per_s']:.1f} ms of execution per s), "
          f"{w['trigger_statements_per_s']:.1f} trigger statements/s; "
          f"WAL {w['wal_mb_per_hour']:.0f} MB/h; connections {w['connections']}", flush=True)
    per_engine = ", ".join(f"{r} {v:.1f}" for r, v in
                           w["client_statements_per_s_by_engine"].items())
    print(f"  client statements/s per engine: {per_engine}", flush=True)
    print(f"  {w['snapshots']} snapshots in the window ({w['snapshots_per_s']:.1f}/s), "
          f"{fmt(w['client_statements_per_snapshot'])} client statements per snapshot "
          "(all kinds)", flush=True)
    print("    kind                                  grows with   per s  per engine-tick  "
          "per snapshot  ms/call")
    for name, k in w["by_kind"].items():
        print(f"    {name:38s} {k['grows_with']:>10s} {k['per_s']:7.2f} "
              f"{k['per_engine_tick']:16.3f} {fmt(k['per_snapshot'], '13.3f')} "
              f"{k['ms_per_call']:8.3f}")
    print("    table                 inserts/h   updates/h (HOT)        deletes/h")
    for t, c in w["rows_per_hour"].items():
        print(f"    {t:20s} {c['ins']:10.0f} {c['upd']:11.0f} ({c['hot_upd']:.0f}) "
              f"{c['del']:12.0f}")


def print_summary(points, args, machine):
    print("\n| engines × jobs | jobs per engine | CPU per engine (% of a core) | PostgreSQL CPU "
          "| statements/s (client + trigger) | per engine-tick | lease renews/s | claim scans/s "
          "| file rows/h | change-log rows/h | WAL MB/h | takeover after kill -9: all jobs back, "
          "min / median / max |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for p in points:
        w = p["window"]
        kinds = w["by_kind"]
        per = "/".join(str(v) for v in p["jobs_per_engine"].values())
        cpu = " / ".join(f"{v:.1f}" for v in w["engine_cpu_pct"].values())
        rows = w["rows_per_hour"]
        take = p.get("takeover")
        take_s = (f"{fmt(take['all_back_s']['min'])} / {fmt(take['all_back_s']['median'])} / "
                  f"{fmt(take['all_back_s']['max'])} s ({take['kills']} kills)" if take else "—")
        print(f"| {p['engines']} × {p['jobs']} | {per} | {cpu} | {w['postgres_cpu_pct']:.1f} % "
              f"| {w['client_statements_per_s']:.1f} + {w['trigger_statements_per_s']:.1f} "
              f"| {w['client_statements_per_engine_tick']:.1f} "
              f"| {kinds.get('lease renew', {}).get('per_s', 0):.2f} "
              f"| {kinds.get('claim: free started jobs (SKIP LOCKED)', {}).get('per_s', 0):.2f} "
              f"| {rows.get('snapshot_files', {}).get('ins', 0):.0f} "
              f"| {rows.get('catalog_changes', {}).get('ins', 0):.0f} "
              f"| {w['wal_mb_per_hour']:.0f} | {take_s} |")
    print(f"\n{machine}; lease TTL {args.lease_ttl} s, interval {INTERVAL} s, window "
          f"{args.window} s, {'one host' if args.same_host else 'one host name per engine'}",
          flush=True)


def machine_line():
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    return (f"{os.cpu_count()} cores ({model}), load average before the run "
            f"{' '.join(load)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="3x30, 20 s window, 2 kills")
    parser.add_argument("--points", help="engines x jobs, comma-separated (default "
                        "1x20,3x20,3x60; 3x30 with --quick)")
    parser.add_argument("--window", type=int, help="measurement window, s (60; 20 with --quick)")
    parser.add_argument("--kills", type=int, help="kill -9 per multi-engine point (3; 2 with "
                        "--quick)")
    parser.add_argument("--lease-ttl", type=int, default=10, help="serve --lease-ttl (10 s)")
    parser.add_argument("--same-host", action="store_true",
                        help="all engines under this host's name (takeover by the dead pid, "
                        "not by lease expiry)")
    parser.add_argument("--synthetic", default="100x100",
                        help="engines x jobs of the synthetic catalog whose tick statements are "
                        "timed (100x100; 'none' to skip)")
    parser.add_argument("--build-dir", default=os.environ.get("LIVESNAP_BUILD_DIR",
                                                              os.path.join(ROOT, "build")))
    parser.add_argument("--json", help="where to write the figures (default "
                        "bench/.cache/scaleout-MODE-TIME.json)")
    parser.add_argument("--workdir", help="where to put everything (default: a new /tmp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the work dir")
    args = parser.parse_args()
    args.points = args.points or ("3x30" if args.quick else "1x20,3x20,3x60")
    args.window = args.window or (20 if args.quick else 60)
    args.kills = args.kills if args.kills is not None else (2 if args.quick else 3)
    if not args.same_host and os.geteuid() != 0:
        print("not root: no UTS namespaces, so every engine runs under this host's name "
              "(--same-host)", flush=True)
        args.same_host = True
    binary = os.path.join(args.build_dir, "src", "cli", "livesnapctl")
    if not os.access(binary, os.X_OK):
        sys.exit(f"no livesnapctl in {args.build_dir}/src/cli (build it, or --build-dir)")
    points = [tuple(int(x) for x in p.split("x")) for p in args.points.split(",")]
    mode = "quick" if args.quick else "full"
    json_path = args.json or os.path.join(HERE, ".cache", f"scaleout-{mode}-"
                                          f"{time.strftime('%Y%m%d-%H%M%S')}.json")
    cache = os.path.join(HERE, ".cache")
    os.makedirs(cache, exist_ok=True)
    clip = soak.encode_inputs(cache)["640x360"]
    workdir = args.workdir or tempfile.mkdtemp(prefix="livesnap-scaleout-")
    os.makedirs(workdir, exist_ok=True)
    os.chmod(workdir, 0o755)  # nobody (PostgreSQL) must reach its own directory below
    machine = machine_line()
    log(f"work dir {workdir}; {machine}")
    pg = nginx = publisher = synthetic = None
    results = []
    started = time.time()
    try:
        pg = Postgres(workdir)
        pg.sql("postgres", "CREATE EXTENSION pg_stat_statements")
        for i in range(1, max(e for e, _ in points) + 1):
            pg.sql("postgres", f"CREATE ROLE engine{i} LOGIN SUPERUSER PASSWORD "
                               f"'{pg.password}'")
        log(f"PostgreSQL 15 on 127.0.0.1:{pg.port}")
        nginx = rb.Nginx(os.path.join(workdir, "nginx"))
        publisher = rb.publish(nginx, clip, [f"cam{i}" for i in range(STREAMS)])
        for e, j in points:
            results.append(run_point(args, binary, pg, nginx, e, j, workdir))
        if args.synthetic != "none":
            e, j = (int(x) for x in args.synthetic.split("x"))
            synthetic = catalog_at_scale(binary, pg, workdir, e, j)
    finally:
        for proc in (publisher,):
            if proc:
                rb.stop(proc, signal.SIGTERM)
        if nginx:
            nginx.close()
        if pg:
            pg.close()
    summary = {"machine": machine, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
               "mode": mode, "lease_ttl_s": args.lease_ttl, "interval_s": INTERVAL,
               "window_s": args.window, "same_host": args.same_host, "streams": STREAMS,
               "wall_s": time.time() - started, "points": results, "synthetic": synthetic}
    print_summary(results, args, machine)
    with open(json_path, "w") as f:
        json.dump(summary, f, indent=1)
    print(f"figures: {json_path} (whole run {summary['wall_s']:.0f} s)", flush=True)
    if not args.keep and not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
