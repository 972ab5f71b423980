#!/usr/bin/env python3
"""LiveSnap fault soak: N jobs on local RTMP streams for 10 minutes while stores fail, streams
drop, a disk fills up and the engine is killed; then figures on what was captured, stored,
lost and duplicated, how fast every job came back, and what the engine cost.

  ./bench/soak.py                 100 jobs, 600 s of faults (about 12 minutes in all)
  ./bench/soak.py --short         10 jobs, 190 s of faults (about 4 minutes; the black-holed
                                  store alone must outlast the engine's 60 s HTTP timeout)
  ./bench/soak.py --build-dir DIR --json FILE --keep

It uses an existing build of livesnapctl (--build-dir, or LIVESNAP_BUILD_DIR, default build/)
and needs root, or an unprivileged user namespace: it re-runs itself in a private mount
namespace (tests/support/in-private-mount.sh) so that it can mount a small tmpfs for a local
store it fills up. Python 3 stdlib plus botocore (for moto's S3), nginx with the RTMP module,
ffmpeg and moto_server. It is not part of the CTest suite (too long).

What it sets up, all on 127.0.0.1:
  - nginx-rtmp and 4 ffmpeg publishers looping a small test pattern (2 at 320x180, 2 at
    640x360, 25 fps, GOP 2 s; encoded once into bench/.cache, published with -c copy).
  - moto_server (S3 that checks SigV4) behind a fault-injecting TCP proxy (bench/soak_proxy.py).
  - a data directory, one template (interval 5 s, 'snapshot/{JobId}/{Sequence}/{UnixTimestamp}.jpg'),
    three storage locations: S3 through the proxy, a local folder on a tmpfs ("tmpfs"), and the
    built-in local folder ("default", never faulted: the control group). Jobs are spread over
    the 4 streams and the stores (S3 half of them, tmpfs and default a quarter each).
  - `livesnapctl serve --credentials FILE` (the S3 keys in a 0600 file). Its RSS and CPU are
    sampled every second; an exit nobody asked for is a crash: counted, and the engine is
    restarted.
Faults (offsets from the moment every job has its first snapshot; see SCHEDULES):
  3 S3 outages through the proxy: refused, black-holed (longer than the 60 s HTTP timeout),
  slow (every response 5 s late); 5 publisher drops (ffmpeg killed, restarted later); the
  tmpfs store filled to the last byte and freed again; one `kill -9` of the engine, restarted
  at once. When the time is up the publishers stop (capture ends), every fault is off, and the
  spool gets up to --drain seconds (90) to empty before the engine is stopped and counted.

How each figure is measured (printed with the table too):
  captured   snapshots that reached the spool: every name <JobId>/<wallMs>_<W>x<H>.jpg that
             appears in <data-dir>/spool, seen by inotify from outside the engine
             (bench/soak_spoolwatch.py), plus any the catalog or the spool shows that the
             watcher missed (reported separately; should be 0).
  recorded   snapshot rows in catalog.sqlite (read-only, after the engine stopped).
  delivered  recorded snapshots whose object is in the store whole: local files read back
             (size = recorded size > 0, JPEG SOI..EOI), S3 objects read back from moto
             directly (not through the proxy), same checks.
  lost       captured snapshots that are neither delivered nor still in the spool: recorded
             but missing/empty/short in the store, or gone without a record.
  waiting    still in the spool after the drain (not lost, but not delivered either).
  seq gaps   numbers 1..last_sequence of a job that no recorded or pending snapshot holds
             (a number was claimed and its snapshot vanished).
  duplicates a job's sequence number recorded on two rows, or two stored objects for it.
  order      adjacent sequence numbers whose capture times go backwards.
  back after per fault and affected job: a stream drop is over when the job captures again
             (the first CreateTimestamp at or after the publisher restarted); a store fault or
             the engine kill when the first snapshot captured after it ended is in the store
             (its stored time: file ctime; moto's LastModified + 1 s, as moto keeps whole
             seconds). The table shows the worst job; the target is 2 intervals.
Targets: 0 lost, 0 waiting, 0 sequence gaps, 0 duplicates, 0 crashes, every job back within
2 intervals. It prints a markdown table, writes every figure to a JSON file, and exits 1 when
a target is missed (2 when the soak could not run).
"""
import argparse
import collections
import datetime
import errno
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SUPPORT = os.path.join(ROOT, "tests", "support")
sys.path.insert(0, SUPPORT)

import run_benchmark as rb  # noqa: E402  (free_port, wait_port, cpu_seconds, Ctl, start_nginx)
from soak_proxy import FaultProxy  # noqa: E402
from soak_spoolwatch import SpoolWatcher  # noqa: E402

INTERVAL = 5
BUCKET = "soak"
SEQUENCE_FORMAT = "snapshot/{JobId}/{Sequence}/{UnixTimestamp}.jpg"
KEY = re.compile(r"^snapshot/([0-9a-f]+)/([0-9]+)/([0-9]+)\.jpg$")
STORES = ("s3", "tmpfs", "s3", "default")
STREAMS = (("320x180", 0), ("640x360", 1), ("320x180", 2), ("640x360", 3))
FILLER = ".soak-filler"

# (kind, target, start, end) in seconds after the warm-up. Kinds: s3-refuse, s3-blackhole,
# s3-slow, disk-full, drop (target: the stream), kill (end = restart, at once).
SCHEDULES = {
    "full": {"seconds": 600, "tmpfs_mb": 256, "faults": [
        ("drop", 0, 20, 35),
        ("s3-refuse", None, 45, 105),
        ("drop", 1, 75, 90),
        ("s3-blackhole", None, 120, 210),
        ("drop", 2, 140, 155),
        ("disk-full", None, 230, 290),
        ("drop", 3, 250, 265),
        ("s3-slow", None, 310, 370),
        ("drop", 0, 330, 345),
        ("kill", None, 400, 400),
    ]},
    "short": {"seconds": 190, "tmpfs_mb": 32, "faults": [
        ("drop", 0, 5, 15),
        ("s3-refuse", None, 20, 40),
        ("drop", 1, 45, 55),
        ("s3-blackhole", None, 60, 125),
        ("drop", 2, 70, 80),
        ("disk-full", None, 85, 105),
        ("drop", 3, 110, 120),
        ("s3-slow", None, 130, 150),
        ("drop", 0, 135, 145),
        ("kill", None, 160, 160),
    ]},
}


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%H:%M:%S.%f")[:-3]


# -- the parts ---------------------------------------------------------------------------------

class Publisher:
    """One ffmpeg looping an encoded file into nginx-rtmp; kill() is a publisher drop."""

    def __init__(self, source, url, log_path):
        self.source, self.url, self.log_path = source, url, log_path
        self.proc = None

    def start(self):
        with open(self.log_path, "a") as out:
            self.proc = subprocess.Popen(
                ["ffmpeg", "-hide_banner", "-loglevel", "warning", "-nostdin", "-re",
                 "-stream_loop", "-1", "-i", self.source, "-c", "copy", "-f", "flv", self.url],
                stdout=out, stderr=subprocess.STDOUT)

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class Engine:
    """`livesnapctl serve`, sampled every second; an exit nobody asked for is a crash."""

    def __init__(self, binary, data_dir, credentials, log_path):
        self.args = [binary, "--data-dir", data_dir, "serve", "--credentials", credentials]
        self.log_path = log_path
        self.env = dict(os.environ, QT_LOGGING_RULES="livesnap.*.debug=false")
        self.proc = None
        self.lock = threading.Lock()
        self.starts, self.crashes, self.samples = [], [], []
        self.cpu_by_pid, self.hwm_by_pid = {}, {}
        self.stopping = False
        self.shutdown_rc = None
        self.stopped_at = None
        self._log_offset = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="engine-watch", daemon=True)

    def start(self):
        with self.lock:
            self._spawn()
        self._thread.start()

    def _spawn(self):
        with open(self.log_path, "a") as out:
            self._log_offset = out.tell()
            out.write(f"==== soak: engine start {iso(time.time())}\n")
            out.flush()
            self.proc = subprocess.Popen(self.args, env=self.env, stdout=out,
                                         stderr=subprocess.STDOUT)
        self.starts.append(time.time())

    def kill9_and_restart(self):
        """The fault: SIGKILL, then a new engine at once. Returns the restart time."""
        with self.lock:
            self._sample(self.proc.pid)
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
            self._spawn()
            return self.starts[-1]

    def stop(self):
        with self.lock:
            self.stopping = True
            self._sample(self.proc.pid)
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.shutdown_rc = self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.shutdown_rc = "did not stop within 60 s of SIGTERM"
                self.proc.wait()
            self.stopped_at = time.time()
        self._done.set()
        self._thread.join(timeout=5)
        if self.shutdown_rc not in (0,):
            self.crashes.append({"time": time.time(), "exit": self.shutdown_rc,
                                 "when": "at SIGTERM", "log_tail": self._log_tail()})

    def _sample(self, pid):
        try:
            cpu = rb.cpu_seconds(pid)
            rss = hwm = 0
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss = int(line.split()[1])
                    elif line.startswith("VmHWM:"):
                        hwm = int(line.split()[1])
        except (OSError, IndexError, ValueError):
            return  # between death and reaping
        self.cpu_by_pid[pid] = cpu
        self.hwm_by_pid[pid] = max(hwm, self.hwm_by_pid.get(pid, 0))
        self.samples.append((time.time(), pid, rss, cpu))

    def _log_tail(self, lines=40):
        with open(self.log_path, errors="replace") as f:
            f.seek(self._log_offset)
            return f.read().splitlines()[-lines:]

    def _watch(self):
        while not self._done.wait(1.0):
            with self.lock:
                if self.stopping:
                    return
                rc = self.proc.poll()
                if rc is None:
                    self._sample(self.proc.pid)
                    continue
                what = f"signal {-rc}" if rc < 0 else f"exit status {rc}"
                log(f"ENGINE CRASHED ({what}); restarting it")
                self.crashes.append({"time": time.time(), "exit": what, "when": "during the run",
                                     "log_tail": self._log_tail()})
                self._spawn()


def encode_inputs(cache):
    paths = {}
    for size, _ in STREAMS:
        path = os.path.join(cache, f"soak-{size}-25fps-gop2.flv")
        if not os.path.exists(path):
            log(f"encoding the {size} test input once …")
            subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                            "-i", f"testsrc2=size={size}:rate=25", "-t", "30", "-c:v", "libx264",
                            "-preset", "veryfast", "-b:v", "400k", "-g", "50", "-keyint_min", "50",
                            "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-f", "flv",
                            path + ".tmp"], check=True)
            os.rename(path + ".tmp", path)
        paths[size] = path
    return paths


def start_moto(workdir):
    port = rb.free_port()
    env = dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT="4")
    with open(os.path.join(workdir, "moto.log"), "w") as out:
        proc = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)], env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    if not rb.wait_port(port, timeout=30):
        raise RuntimeError("moto_server did not start (pip install 'moto[server]')")
    endpoint = f"http://127.0.0.1:{port}"
    out = subprocess.run([sys.executable, os.path.join(SUPPORT, "moto_setup.py"), "setup",
                          endpoint, BUCKET], capture_output=True, text=True, check=True)
    return proc, endpoint, json.loads(out.stdout)


def fill_disk(folder):
    """Writes a file until the filesystem has not one byte left."""
    fd = os.open(os.path.join(folder, FILLER), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for size in (1 << 20, 1 << 12, 1):
            block = b"\0" * size
            try:
                while True:
                    os.write(fd, block)
            except OSError as e:
                if e.errno != errno.ENOSPC:
                    raise
    finally:
        os.close(fd)
    st = os.statvfs(folder)
    return st.f_bavail * st.f_frsize


def free_disk(folder):
    os.remove(os.path.join(folder, FILLER))


def spool_files(spool):
    left = []
    for job in os.listdir(spool) if os.path.isdir(spool) else []:
        folder = os.path.join(spool, job)
        for name in os.listdir(folder) if os.path.isdir(folder) else []:
            m = re.match(r"^([0-9]+)_[0-9]+x[0-9]+\.jpg$", name)
            if m:
                left.append((job, int(m.group(1))))
    return left


def catalog(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        files = db.execute("SELECT job_id, oss_object, create_timestamp, sequence, size, "
                           "is_overlay FROM snapshot_files").fetchall()
        pending = db.execute("SELECT job_id, create_timestamp, sequence "
                             "FROM pending_snapshots").fetchall()
        jobs = db.execute("SELECT job_id, last_sequence, last_error FROM jobs").fetchall()
        events = db.execute("SELECT kind, COUNT(*) FROM job_events GROUP BY kind").fetchall()
    finally:
        db.close()
    return files, pending, jobs, events


def pending_count(path):
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            return db.execute("SELECT COUNT(*) FROM pending_snapshots").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return -1


def whole_jpeg(data, size):
    return len(data) == size and size > 0 and data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9"


def local_objects(folder):
    """key -> (bytes, stored time) for every snapshot object under a local store folder."""
    objects = {}
    for dirpath, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(dirpath, name)
            key = os.path.relpath(path, folder)
            if KEY.match(key):
                with open(path, "rb") as f:
                    objects[key] = (f.read(), os.stat(path).st_ctime)
    return objects


def s3_objects(endpoint, keys):
    from moto_setup import client
    s3 = client("s3", endpoint, keys["accessKeyId"], keys["accessKeySecret"])
    objects = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for item in page.get("Contents", []):
            if KEY.match(item["Key"]):
                body = s3.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
                # moto keeps whole seconds: the object was stored within the second after.
                objects[item["Key"]] = (body, item["LastModified"].timestamp() + 1.0)
    return objects


# -- the figures -------------------------------------------------------------------------------

def analyse(jobs, watcher_arrivals, files, pending, job_rows, stores, spool_left, faults):
    per_job = {}
    totals = collections.Counter()
    capture_times, stored_times = {}, {}
    last_seq = {j: s for j, s, _ in job_rows}
    last_error = {j: e for j, _, e in job_rows}
    rows_by_job = collections.defaultdict(list)
    for job, obj, ts, seq, size, overlay in files:
        if not overlay:
            rows_by_job[job].append((obj, ts, seq, size))
    pending_by_job = collections.defaultdict(list)
    for job, ts, seq in pending:
        pending_by_job[job].append((ts, seq))
    spool_by_job = collections.defaultdict(set)
    for job, ts in spool_left:
        spool_by_job[job].add(ts)
    seen_by_job = collections.defaultdict(set)
    for job, ts in watcher_arrivals:
        seen_by_job[job].add(ts)

    keys_by_job = {name: collections.defaultdict(list) for name in stores}
    for name, objects in stores.items():
        for key in objects:
            m = KEY.match(key)
            keys_by_job[name][m.group(1)].append((key, int(m.group(2))))

    for job in jobs:
        jid, store = job["id"], stores[job["store"]]
        job_keys = keys_by_job[job["store"]][jid]
        rows = rows_by_job[jid]
        c = collections.Counter()
        delivered_ts, bad_ts = {}, set()
        for obj, ts, seq, size in rows:
            body, stored = store.get(obj, (None, None))
            if body is not None and whole_jpeg(body, size):
                delivered_ts[ts] = stored
            else:
                bad_ts.add(ts)
                c["bad " + ("missing" if body is None else "empty" if not body else "short")] += 1
        recorded_ts = {ts for _, ts, _, _ in rows}
        captured = (seen_by_job[jid] | recorded_ts | {ts for ts, _ in pending_by_job[jid]}
                    | spool_by_job[jid])
        c["captured"] = len(captured)
        c["unseen by watcher"] = len(captured - seen_by_job[jid])
        c["recorded"] = len(rows)
        c["delivered"] = len(delivered_ts)
        waiting = (captured - set(delivered_ts)) & spool_by_job[jid]
        c["waiting"] = len(waiting)
        lost = captured - set(delivered_ts) - waiting
        c["lost"] = len(lost)
        c["lost recorded bad"] = len(lost & bad_ts)
        c["lost vanished"] = len(lost - bad_ts)
        # Sequence numbers: every claimed one must be recorded or pending, once.
        seqs = collections.Counter(seq for _, _, seq, _ in rows)
        held = set(seqs) | {seq for _, seq in pending_by_job[jid]}
        c["seq gaps"] = sum(1 for n in range(1, last_seq.get(jid, 0) + 1) if n not in held)
        dup_seqs = {s for s, n in seqs.items() if n > 1}
        objects_per_seq = collections.Counter(seq for _, seq in job_keys)
        dup_seqs |= {s for s, n in objects_per_seq.items() if n > 1}
        c["duplicates"] = len(dup_seqs)
        c["orphans"] = len({k for k, _ in job_keys} - {obj for obj, _, _, _ in rows})
        by_seq = sorted((seq, ts) for _, ts, seq, _ in rows)
        c["out of order"] = sum(1 for (_, a), (_, b) in zip(by_seq, by_seq[1:]) if b < a)
        times = sorted(captured)
        gaps = [(b - a) / 1000 for a, b in zip(times, times[1:])]
        per_job[jid] = dict(c, store=job["store"], stream=job["stream"],
                            largest_capture_gap_s=max(gaps, default=None),
                            last_error=last_error.get(jid, ""),
                            dup_sequences=sorted(dup_seqs))
        totals.update(c)
        capture_times[jid] = times
        stored_times[jid] = delivered_ts

    fault_rows = []
    for f in faults:
        end_ms = f["end"] * 1000
        worst, worst_job, never, backs = None, None, 0, {}
        for job in jobs:
            if job["id"] not in f["jobs"]:
                continue
            jid = job["id"]
            after = [ts for ts in capture_times[jid] if ts >= end_ms]
            if f["measure"] == "capture":
                back = (after[0] - end_ms) / 1000 if after else None
            else:
                stored = [max(stored_times[jid][ts], ts / 1000) for ts in after
                          if ts in stored_times[jid]]
                back = (min(stored) - f["end"]) if stored else None
            backs[jid] = back
            if back is None:
                never += 1
            elif worst is None or back > worst:
                worst, worst_job = back, jid
        fault_rows.append(dict(f, worst_back_s=worst, worst_job=worst_job, never_back=never,
                               back_s=backs, jobs=len(f["jobs"])))
    return per_job, totals, fault_rows


def usage_figures(engine, t_start, t_end):
    rss = [r for t, _, r, _ in engine.samples if t_start <= t <= t_end]
    cpu = sum(engine.cpu_by_pid.values())
    seconds = max(t_end - t_start, 1)
    return {
        "rss_avg_mb": sum(rss) / len(rss) / 1024 if rss else None,
        "rss_peak_mb": max(list(engine.hwm_by_pid.values()) or [0]) / 1024,
        "cpu_seconds": cpu,
        "cpu_percent_of_one_core": 100 * cpu / seconds,
        "engine_processes": len(engine.cpu_by_pid),
    }


def fmt(v, unit="", digits=1):
    if v is None:
        return "never" if unit == " s" else "n/a"
    if isinstance(v, float):
        return f"{v:.{digits}f}{unit}"
    return f"{v}{unit}"


def report(totals, fault_rows, usage, crashes, watcher, args, run):
    ok = lambda good: "yes" if good else "**NO**"  # noqa: E731
    limit = 2 * INTERVAL
    targets = {
        "lost": totals["lost"] == 0,
        "waiting": totals["waiting"] == 0,
        "seq gaps": totals["seq gaps"] == 0,
        "duplicates": totals["duplicates"] == 0,
        "crashes": len(crashes) == 0,
        "back": all(r["never_back"] == 0 and r["worst_back_s"] is not None
                    and r["worst_back_s"] <= limit for r in fault_rows),
    }
    lines = [
        f"### Fault soak: {args.jobs} jobs, {run['seconds']} s, interval {INTERVAL} s "
        f"({time.strftime('%Y-%m-%d')})",
        "",
        "| figure | value | target | met |",
        "| --- | ---: | --- | --- |",
        f"| snapshots captured (reached the spool) | {totals['captured']} | | |",
        f"| recorded in the catalog | {totals['recorded']} | | |",
        f"| delivered (recorded, whole in the store) | {totals['delivered']} | | |",
        f"| lost | {totals['lost']} | 0 | {ok(targets['lost'])} |",
        f"| · recorded, but missing/empty/short in the store | {totals['lost recorded bad']} "
        "| | |",
        f"| · vanished (neither recorded nor in the spool) | {totals['lost vanished']} | | |",
        f"| still in the spool after the drain | {totals['waiting']} | 0 | "
        f"{ok(targets['waiting'])} |",
        f"| sequence gaps (claimed numbers without a snapshot) | {totals['seq gaps']} | 0 | "
        f"{ok(targets['seq gaps'])} |",
        f"| duplicated sequence numbers | {totals['duplicates']} | 0 | "
        f"{ok(targets['duplicates'])} |",
        f"| sequence numbers out of capture order | {totals['out of order']} | | |",
        f"| stored objects the catalog does not list | {totals['orphans']} | | |",
        f"| engine crashes | {len(crashes)} | 0 | {ok(targets['crashes'])} |",
        f"| engine RSS avg / peak | {fmt(usage['rss_avg_mb'], ' MB', 0)} / "
        f"{fmt(usage['rss_peak_mb'], ' MB', 0)} | | |",
        f"| engine CPU | {usage['cpu_seconds']:.1f} CPU-s = "
        f"{usage['cpu_percent_of_one_core']:.1f} % of one core | | |",
        "",
        f"| fault | jobs | start | duration | worst job back after | jobs never back | "
        f"target ≤ {limit} s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in fault_rows:
        good = r["never_back"] == 0 and r["worst_back_s"] is not None and r["worst_back_s"] <= limit
        lines.append(f"| {r['label']} | {r['jobs']} | {r['start'] - run['t0']:.0f} s | "
                     f"{r['end'] - r['start']:.0f} s | {fmt(r['worst_back_s'], ' s')} | "
                     f"{r['never_back']} | {ok(good)} |")
    notes = []
    if totals["unseen by watcher"]:
        notes.append(f"{totals['unseen by watcher']} snapshot(s) were in the catalog or the spool "
                     "but not seen arriving by the spool watcher (counted as captured).")
    if watcher.overflowed:
        notes.append("the inotify queue overflowed: 'captured' is a lower bound.")
    for c in crashes:
        notes.append(f"crash {c['when']} at +{c['time'] - run['t0']:.0f} s: {c['exit']}")
    lines += [""] + [f"- {n}" for n in notes]
    return "\n".join(lines), targets


def self_check():
    """Runs analyse() on made-up data with one of each outcome: the counting itself is tested."""
    jpeg = b"\xff\xd8" + b"x" * 10 + b"\xff\xd9"
    size = len(jpeg)
    key = lambda seq, ts: f"snapshot/aa/{seq}/{ts}.jpg"  # noqa: E731
    files = [("aa", key(1, 1), 1000, 1, size, 0),      # delivered
             ("aa", "snapshot/aa.jpg", 1000, 1, size, 1),  # an overlay row: not counted
             ("aa", key(2, 2), 2000, 2, size, 0),      # stored empty
             ("aa", key(3, 3), 3000, 3, size, 0),      # not in the store
             ("aa", key(6, 6), 6000, 6, size, 0),      # sequence 6 twice
             ("aa", key(6, 7), 7000, 6, size, 0),
             ("aa", key(7, 6), 6500, 7, size, 0)]      # out of capture order
    store = {key(1, 1): (jpeg, 1.2), key(2, 2): (b"", 2.1), key(6, 6): (jpeg, 6.2),
             key(6, 7): (jpeg, 7.1), key(7, 6): (jpeg, 7.2), key(9, 9): (jpeg, 9.0)}
    faults = [{"kind": "drop", "label": "d", "jobs": ["aa"], "start": 1.5, "end": 2.5,
               "measure": "capture"},
              {"kind": "disk-full", "label": "s", "jobs": ["aa"], "start": 3.0, "end": 3.5,
               "measure": "stored"}]
    per_job, totals, rows = analyse(
        [{"id": "aa", "store": "default", "stream": 0}],
        [("aa", 1000), ("aa", 2000), ("aa", 4000), ("aa", 5000), ("aa", 6000)],  # watcher
        files, [("aa", 5000, 4)], [("aa", 7, "")], {"default": store}, [("aa", 5000)], faults)
    expected = {"captured": 8, "unseen by watcher": 3, "recorded": 6, "delivered": 4,
                "waiting": 1, "lost": 3, "lost recorded bad": 2, "lost vanished": 1,
                "seq gaps": 1, "duplicates": 1, "out of order": 1, "orphans": 1,
                "bad empty": 1, "bad missing": 1}
    wrong = {k: (totals[k], v) for k, v in expected.items() if totals[k] != v}
    backs = [round(r["worst_back_s"], 3) for r in rows]
    if wrong or backs != [0.5, 2.7]:
        sys.exit(f"self-check FAILED: (got, expected) {wrong}; back after {backs} != [0.5, 2.7]")
    print("self-check passed: every outcome counted once, in the right column")
    return 0


# -- the run -----------------------------------------------------------------------------------

def reexec_in_private_mount():
    if os.environ.get("LIVESNAP_SOAK_NAMESPACE") == "1":
        return
    env = dict(os.environ, LIVESNAP_SOAK_NAMESPACE="1")
    helper = os.path.join(SUPPORT, "in-private-mount.sh")
    os.execvpe("sh", ["sh", helper, sys.executable, os.path.abspath(__file__)] + sys.argv[1:],
               env)


def make_faults(schedule, jobs, t0):
    labels = {"s3-refuse": "S3 store refuses connections",
              "s3-blackhole": "S3 store black-holed (accepts, never answers)",
              "s3-slow": "S3 store slow (every response +5 s)",
              "disk-full": "local store's disk full",
              "kill": "engine kill -9, restarted at once"}
    faults, drops = [], 0
    for kind, target, start, end in schedule:
        if kind == "drop":
            drops += 1
            affected = [j["id"] for j in jobs if j["stream"] == target]
            label = f"publisher drop {drops} (stream {target})"
        elif kind.startswith("s3-"):
            affected = [j["id"] for j in jobs if j["store"] == "s3"]
            label = labels[kind]
        elif kind == "disk-full":
            affected = [j["id"] for j in jobs if j["store"] == "tmpfs"]
            label = labels[kind]
        else:
            affected = [j["id"] for j in jobs]
            label = labels[kind]
        faults.append({"kind": kind, "target": target, "label": label, "jobs": affected,
                       "planned_start": t0 + start, "planned_end": t0 + end,
                       "measure": "capture" if kind == "drop" else "stored"})
    return faults


def run_schedule(faults, proxy, publishers, engine, tmpfs, run_end):
    actions = []
    for f in faults:
        actions.append((f["planned_start"], 0, "begin", f))
        if f["kind"] != "kill":
            actions.append((f["planned_end"], 1, "end", f))
    actions.sort(key=lambda a: (a[0], a[1]))
    for when, _, what, f in actions:
        time.sleep(max(0.0, when - time.time()))
        kind = f["kind"]
        if what == "begin":
            f["start"] = time.time()
            if kind.startswith("s3-"):
                proxy.set_mode(kind[3:])
            elif kind == "disk-full":
                f["bytes_left"] = fill_disk(tmpfs)
            elif kind == "drop":
                publishers[f["target"]].kill()
            elif kind == "kill":
                f["end"] = engine.kill9_and_restart()
            log(f"fault on:  {f['label']}")
        else:
            if kind.startswith("s3-"):
                proxy.set_mode("pass")
            elif kind == "disk-full":
                free_disk(tmpfs)
            elif kind == "drop":
                publishers[f["target"]].start()
            f["end"] = time.time()
            log(f"fault off: {f['label']}")
    time.sleep(max(0.0, run_end - time.time()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--short", action="store_true", help="10 jobs, 190 s (about 4 min)")
    parser.add_argument("--jobs", type=int, help="jobs (default 100; 10 with --short)")
    parser.add_argument("--build-dir",
                        default=os.environ.get("LIVESNAP_BUILD_DIR", os.path.join(ROOT, "build")))
    parser.add_argument("--drain", type=int, default=90,
                        help="most seconds to let the spool empty after the run (default 90)")
    parser.add_argument("--json", help="where to write the figures "
                        "(default: bench/.cache/soak-MODE-TIME.json)")
    parser.add_argument("--workdir", help="where to put everything (default: a new /tmp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the work dir")
    parser.add_argument("--self-check", action="store_true",
                        help="only test the counting on made-up data (no servers, seconds)")
    args = parser.parse_args()
    if args.self_check:
        return self_check()
    mode = "short" if args.short else "full"
    schedule = SCHEDULES[mode]
    args.jobs = args.jobs or (10 if args.short else 100)

    ctl_binary = os.path.join(args.build_dir, "src", "cli", "livesnapctl")
    if not os.path.exists(ctl_binary):
        sys.exit(f"{ctl_binary} not found: build it first "
                 "(cmake --build build --target livesnapctl) or give --build-dir")
    for tool in ("ffmpeg", "moto_server"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not on PATH")
    reexec_in_private_mount()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(2))

    workdir = args.workdir or tempfile.mkdtemp(prefix="livesnap-soak-")
    os.makedirs(workdir, exist_ok=True)
    json_path = args.json or os.path.join(
        HERE, ".cache", f"soak-{mode}-{time.strftime('%Y%m%d-%H%M%S')}.json")
    data = os.path.join(workdir, "data")
    tmpfs = os.path.join(workdir, "tmpfs-store")
    os.makedirs(tmpfs, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={schedule['tmpfs_mb']}m,mode=0700",
                    "soak-store", tmpfs], check=True)
    cache = os.path.join(HERE, ".cache")
    os.makedirs(cache, exist_ok=True)
    inputs = encode_inputs(cache)
    log(f"soak ({mode}): {args.jobs} jobs, {schedule['seconds']} s, work dir {workdir}")

    cleanup = []
    proxy = engine = watcher = None
    publishers = []
    began = time.time()
    try:
        rtmp_port = rb.free_port()
        nginx = rb.start_nginx(os.path.join(workdir, "nginx"), rtmp_port)
        cleanup.append(nginx)
        for i, (size, _) in enumerate(STREAMS):
            p = Publisher(inputs[size], f"rtmp://127.0.0.1:{rtmp_port}/live/soak{i}",
                          os.path.join(workdir, f"publisher{i}.log"))
            p.start()
            publishers.append(p)
        moto, moto_endpoint, keys = start_moto(workdir)
        cleanup.append(moto)
        proxy = FaultProxy(rb.free_port(), int(moto_endpoint.rsplit(":", 1)[1]))
        proxy.start()
        proxy_endpoint = f"http://127.0.0.1:{proxy.listen_port}"

        credentials = os.path.join(workdir, "credentials.json")
        with open(os.open(credentials, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            f.write("{}")
        ctl = rb.Ctl(ctl_binary, data)
        ctl("UpdateEngineSettings", MaxStartedJobs=max(100, args.jobs))
        template = ctl("CreateLiveSnapshotTemplate", TemplateName="soak", TimeInterval=INTERVAL,
                       SequenceFormat=SEQUENCE_FORMAT)["TemplateId"]
        ctl("AddStorageLocation", StorageType="local", Bucket="soak-tmpfs", Path=tmpfs)
        added = ctl("AddStorageLocation", StorageType="s3", Endpoint=proxy_endpoint,
                    Bucket=BUCKET, Region="us-east-1", PathStyle="true", credentials=credentials)
        secrets = {k: keys["accessKeyId"] if k.endswith("AccessKeyId") else keys["accessKeySecret"]
                   for k in added["CredentialKeys"]}
        with open(credentials, "w") as f:
            json.dump(secrets, f)
        outputs = {
            "s3": {"StorageType": "s3", "Endpoint": proxy_endpoint, "Bucket": BUCKET},
            "tmpfs": {"StorageType": "local", "Bucket": "soak-tmpfs"},
            "default": {"StorageType": "local", "Bucket": "default"},
        }
        watcher = SpoolWatcher(os.path.join(data, "spool"))
        jobs = []
        for i in range(args.jobs):
            stream, store = i % len(STREAMS), STORES[(i + i // len(STREAMS)) % len(STORES)]
            jid = ctl("SubmitLiveSnapshotJob", JobName=f"soak{i}", TemplateId=template,
                      StreamInput=json.dumps({"Type": "rtmp", "Url": publishers[stream].url}),
                      SnapshotOutput=json.dumps(outputs[store]))["JobId"]
            ctl("SendLiveSnapshotJobCommand", JobId=jid, Command="start")
            watcher.add_job_folder(jid)
            jobs.append({"id": jid, "stream": stream, "store": store})
        watcher.start()
        log(f"{args.jobs} jobs: " + ", ".join(
            f"{n} on {s}" for s, n in collections.Counter(j["store"] for j in jobs).items()))

        engine = Engine(ctl_binary, data, credentials, os.path.join(workdir, "engine.log"))
        engine.start()
        deadline = time.time() + 60
        while len(watcher.jobs_seen()) < len(jobs) and time.time() < deadline:
            time.sleep(0.5)
        t0 = time.time()
        log(f"{len(watcher.jobs_seen())}/{len(jobs)} jobs have a first snapshot after "
            f"{t0 - engine.starts[0]:.1f} s; faults begin")

        faults = make_faults(schedule["faults"], jobs, t0)
        run_end = t0 + schedule["seconds"]
        run_schedule(faults, proxy, publishers, engine, tmpfs, run_end)

        log("time is up: publishers stop, every fault is off; draining the spool")
        for p in publishers:
            p.kill()
        capture_end = time.time()
        spool = os.path.join(data, "spool")
        catalog_path = os.path.join(data, "catalog.sqlite")
        drain_end = time.time() + args.drain
        empty_polls = 0
        while time.time() < drain_end and empty_polls < 3:
            time.sleep(1)
            left, pend = len(spool_files(spool)), pending_count(catalog_path)
            empty_polls = empty_polls + 1 if left == 0 and pend == 0 else 0
        drained = time.time() - capture_end
        engine.stop()
        log(f"drained in {drained:.0f} s; engine stopped ({engine.shutdown_rc}); counting")
        time.sleep(0.5)
        watcher.stop()

        files, pending, job_rows, events = catalog(catalog_path)
        stores = {"tmpfs": local_objects(tmpfs),
                  "default": local_objects(os.path.join(data, "storage", "default")),
                  "s3": s3_objects(moto_endpoint, keys)}
        per_job, totals, fault_rows = analyse(jobs, watcher.snapshot().keys(), files, pending,
                                              job_rows, stores, spool_files(spool), faults)
        run = {"t0": t0, "seconds": schedule["seconds"], "capture_end": capture_end,
               "drain_s": drained, "mode": mode}
        usage = usage_figures(engine, engine.starts[0], engine.stopped_at)
        table, targets = report(totals, fault_rows, usage, engine.crashes, watcher, args, run)
        print()
        print(table)
        print()
        result = {
            "mode": mode, "jobs": args.jobs, "interval_s": INTERVAL, "run": run,
            "totals": dict(totals), "targets_met": targets, "usage": usage,
            "faults": [{k: v for k, v in r.items()} for r in fault_rows],
            "crashes": engine.crashes, "job_events": dict(events), "per_job": per_job,
            "watcher": {"overflowed": watcher.overflowed, "repeats": watcher.repeats},
            "proxy_connections": proxy.accepted,
            "wall_clock_s": time.time() - began,
            "build_dir": os.path.abspath(args.build_dir),
        }
        with open(json_path, "w") as f:
            json.dump(result, f, indent=1, default=str)
        log(f"figures in {json_path}; whole soak took {time.time() - began:.0f} s")
        return 0 if all(targets.values()) else 1
    finally:
        if engine and not engine.stopping:
            engine.stop()
        for p in publishers:
            p.kill()
        if proxy:
            proxy.stop()
        for proc in cleanup:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        if args.keep:  # the tmpfs dies with this mount namespace
            shutil.copytree(tmpfs, tmpfs + ".copy", dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns(FILLER))
        subprocess.run(["umount", "-l", tmpfs], check=False)
        if not args.keep and not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, subprocess.CalledProcessError) as e:
        print(f"soak: {e}", file=sys.stderr)
        sys.exit(2)
