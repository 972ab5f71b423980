"""Counts the snapshots that reach the engine's spool, independently of the engine (bench/soak.py).

The spool's layout is <spool>/<JobId>/<wallMs>_<W>x<H>.jpg, and a snapshot gets that name
only once it is whole (QSaveFile writes a temporary file, fsyncs it and then links or renames
it to the name). Linux inotify reports that moment as IN_CREATE (linkat of an O_TMPFILE) or
IN_MOVED_TO (rename): each such event is one snapshot that reached the spool. A watcher
thread reads the events; job folders that appear later are watched as they appear and scanned
once, so a file created before its folder's watch was added is counted too. An inotify queue
overflow is reported (the count is then a lower bound).
"""
import ctypes
import os
import re
import select
import struct
import threading
import time

IN_CREATE = 0x00000100
IN_MOVED_TO = 0x00000080
IN_Q_OVERFLOW = 0x00004000
IN_ISDIR = 0x40000000
IN_NONBLOCK = os.O_NONBLOCK
IN_CLOEXEC = os.O_CLOEXEC
NAME = re.compile(r"^([0-9]+)_([0-9]+)x([0-9]+)\.jpg$")
EVENT = struct.Struct("iIII")


class SpoolWatcher:
    def __init__(self, spool_root):
        self.root = spool_root
        self.arrivals = {}        # (job, wallMs) -> first time seen (epoch s)
        self.repeats = 0          # the same snapshot named twice (should not happen)
        self.overflowed = False
        self._lock = threading.Lock()
        self._libc = ctypes.CDLL("libc.so.6", use_errno=True)
        self._fd = self._libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        if self._fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1")
        self._dirs = {}           # wd -> job id ('' for the root)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="spool-watch", daemon=True)
        os.makedirs(spool_root, exist_ok=True)
        self._watch(spool_root, "")

    def add_job_folder(self, job_id):
        """Creates and watches <spool>/<job_id> before the engine writes there."""
        path = os.path.join(self.root, job_id)
        os.makedirs(path, exist_ok=True)
        self._watch(path, job_id)

    def start(self):
        self._thread.start()

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=5)
        os.close(self._fd)

    def snapshot(self):
        with self._lock:
            return dict(self.arrivals)

    def jobs_seen(self):
        with self._lock:
            return {job for job, _ in self.arrivals}

    # -- internals ---------------------------------------------------------------------------
    def _watch(self, path, job_id):
        if job_id and job_id in self._dirs.values():
            return
        mask = IN_CREATE | IN_MOVED_TO
        wd = self._libc.inotify_add_watch(self._fd, os.fsencode(path), mask)
        if wd < 0:
            raise OSError(ctypes.get_errno(), f"inotify_add_watch {path}")
        self._dirs[wd] = job_id
        if job_id:
            for name in os.listdir(path):  # what came before the watch
                self._seen(job_id, name, from_event=False)

    def _seen(self, job_id, name, from_event=True):
        m = NAME.match(name)
        if not m:
            return
        key = (job_id, int(m.group(1)))
        with self._lock:
            if key in self.arrivals:
                self.repeats += from_event  # a scan may overlap the first events
            else:
                self.arrivals[key] = time.time()

    def _run(self):
        while not self._stop.is_set():
            ready, _, _ = select.select([self._fd], [], [], 0.2)
            if not ready:
                continue
            try:
                buf = os.read(self._fd, 1 << 20)
            except BlockingIOError:
                continue
            offset = 0
            while offset < len(buf):
                wd, mask, _cookie, length = EVENT.unpack_from(buf, offset)
                raw = buf[offset + EVENT.size:offset + EVENT.size + length]
                offset += EVENT.size + length
                name = raw.split(b"\0", 1)[0].decode(errors="replace")
                if mask & IN_Q_OVERFLOW:
                    self.overflowed = True
                    continue
                job_id = self._dirs.get(wd)
                if job_id is None:
                    continue
                if job_id == "" and mask & IN_ISDIR:
                    self._watch(os.path.join(self.root, name), name)
                elif job_id and not mask & IN_ISDIR:
                    self._seen(job_id, name)
