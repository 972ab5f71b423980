#!/usr/bin/env python3
"""LiveSnap capture benchmark: CPU per stream, latency and memory of `livesnapctl serve`
against the ways people snapshot RTMP streams with the ffmpeg CLI today, and against the
minimal keyframe probe (the physical limit of keyframe mode).

It encodes two 1080p30 H.264 FLVs (4 Mbit/s, 2 s GOP, no scene-cut keyframes) once, cached in
bench/.cache: `pattern` (ffmpeg's testsrc2) and `camera` (ffmpeg's mandelbrot zoom with
temporal noise, `noise=alls=20:allf=t`: motion, texture and noise make heavier frames, like a
camera's). For each content in turn it publishes the clip in a loop to a private nginx-rtmp on
127.0.0.1 with one `ffmpeg -re -stream_loop -1 -c copy` process writing the same packets to 10
stream names (so the 10 streams' keyframes coincide), then runs each scenario for --seconds:
  a      ffmpeg -threads 1 -i URL -vf fps=1/5 out%d.jpg
  b      ffmpeg -skip_frame nokey -threads 1 -i URL -vf fps=1/5 out%d.jpg
  d      ffmpeg -i URL -c copy -f null -             (demux only: the floor)
  probe  bench/keyframe_probe.cpp: demux, and every 5 s of stream time decode the next keyframe
         alone (one thread; send, drain, flush) and JPEG-encode it (TurboJPEG, quality 85)
  SxJ    LiveSnap: one `serve` process with J jobs (interval 5 s) on each of S streams, e.g.
         1x1, 1x10, 1x50, 1x100 (J jobs on one stream) and 10x10 (100 jobs on 10 streams)
  exact  LiveSnap, one job in CaptureMode exact (decode forward from the keyframe to the frame
         at each due moment) on one stream, next to a 1x1 run in keyframe mode
  rtmps  LiveSnap, 1 job reading the stream as rtmps:// through nginx's stream module terminating
         TLS (a CA and a certificate for 127.0.0.1 made with openssl; verified with CaFile)
  scaled LiveSnap, 10 streams x 1 job twice: at the stream's size, then with a template of
         Width 320 (each snapshot scaled 1920x1080 -> 320x180 with libswscale); prints the CPU
         a scaled snapshot costs more (or less: a smaller JPEG is cheaper to encode) and the
         JPEG sizes. Not in the default list; ask for it with --scenarios scaled.

Figures (every row, both contents):
  CPU-s per stream    the process's CPU (utime + stime) over the run, divided by the distinct
                      streams it reads (1 for the ffmpeg ways and the probe; S for SxJ)
  CPU-s per job       divided by the jobs instead (S*J); each ffmpeg way and the probe is one
                      "job": it takes one stream's snapshots. The ratios "x probe" and "x (d)"
                      compare per-job figures (a LiveSnap job does what one probe does).
  JPGs                snapshots stored
  connections         subscribers nginx-rtmp logged during the run (`play: name=` lines at info)
  decodes/keyframe    `decoded once for N job(s)` lines on serve's stderr (with
                      QT_LOGGING_RULES=livesnap.capture.debug=true) divided by the distinct
                      keyframes snapshotted (the snapshots of one stream whose CreateTimestamps
                      lie within 1 s of each other: the GOP is 2 s); "n/a" when serve logs none
  peak RSS            VmHWM of the process
  p50 / p99           keyframe-to-file latency: the stored file's ctime (when it got its name in
                      the store) minus the snapshot's CreateTimestamp (when its keyframe arrived)
  first snapshot      from starting `serve` to each job's first snapshot (min-max over jobs)
  idle RSS per job    (peak RSS of 1x100 - peak RSS of 1x1) / 99, when both ran
At the end it prints all rows as a Markdown table (the README's format).

Run: ./bench/run_benchmark.py [--seconds 60] [--content pattern,camera]
       [--scenarios a,b,d,probe,1x1,rtmps,1x10,1x50,1x100,10x10] [--build-dir build]
     --jobs 1,10 is short for the scenarios 1x1,1x10 (plus a,b,d,probe unless --skip-ffmpeg).
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TICK = os.sysconf("SC_CLK_TCK")
INTERVAL = 5
PUBLISHED_STREAMS = 10
ALL_SCENARIOS = "a,b,d,probe,1x1,rtmps,1x10,1x50,1x100,10x10"
CONTENTS = {
    # name: (cache file, lavfi source)
    "pattern": ("bench-1080p30-gop2.flv", "testsrc2=size=1920x1080:rate=30"),
    "camera": ("bench-camera-1080p30-gop2.flv",
               "mandelbrot=size=1920x1080:rate=30,noise=alls=20:allf=t"),
}
FFMPEG_WAYS = {
    "a": ("(a) decode all + fps=1/5",
          lambda url: ["-threads", "1", "-i", url, "-vf", "fps=1/5", "out%d.jpg"],
          "`ffmpeg -threads 1 -i URL -vf fps=1/5 out%d.jpg`"),
    "b": ("(b) -skip_frame nokey + fps=1/5",
          lambda url: ["-skip_frame", "nokey", "-threads", "1", "-i", url, "-vf", "fps=1/5",
                       "out%d.jpg"],
          "(b) the same with `-skip_frame nokey`"),
    "d": ("(d) demux only (-c copy -f null)",
          lambda url: ["-i", url, "-c", "copy", "-f", "null", "-"],
          "(d) `ffmpeg -i URL -c copy -f null -` (demux only, the floor)"),
}
DECODED_ONCE = re.compile(r"decoded once for (\d+) job")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def cpu_seconds(pid):
    """utime + stime of a live process, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def stop(proc, sig=signal.SIGINT, timeout=10):
    proc.send_signal(sig)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class Ctl:
    def __init__(self, binary, data_dir):
        self.binary, self.data_dir = binary, data_dir

    def __call__(self, action, **params):
        args = [self.binary, "--data-dir", self.data_dir, action]
        for k, v in params.items():
            args += [f"--{k}", str(v)]
        out = subprocess.run(args, capture_output=True, text=True)
        result = json.loads(out.stdout)
        if out.returncode != 0:
            raise RuntimeError(f"{action}: {result}")
        return result


def make_input(cache_dir, content):
    name, source = CONTENTS[content]
    path = os.path.join(cache_dir, name)
    if not os.path.exists(path):
        print(f"encoding the 1080p30 {content} input once (camera: about 2 min) …", flush=True)
        subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                        "-i", source, "-t", "30", "-c:v", "libx264",
                        "-preset", "veryfast", "-b:v", "4M", "-maxrate", "4M", "-bufsize", "8M",
                        "-g", "60", "-keyint_min", "60", "-sc_threshold", "0",
                        "-pix_fmt", "yuv420p", "-f", "flv", path + ".tmp"], check=True)
        os.rename(path + ".tmp", path)
    return path


class Nginx:
    """A private nginx-rtmp logging at info level, so that every subscriber leaves a
    `play: name='STREAM'` line in its error log."""

    def __init__(self, workdir):
        self.port = free_port()
        self.log = os.path.join(workdir, "logs", "error.log")
        os.makedirs(os.path.dirname(self.log), exist_ok=True)
        conf = os.path.join(workdir, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off; master_process off; worker_processes 1;
pid {workdir}/nginx.pid; error_log {self.log} info;
events {{ worker_connections 4096; }}
rtmp {{ server {{ listen 127.0.0.1:{self.port}; chunk_size 4096;
  application live {{ live on; record off; wait_key on; wait_video on; }} }} }}
""")
        self.proc = subprocess.Popen(["nginx", "-c", conf, "-p", workdir + "/", "-e", self.log],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not wait_port(self.port):
            raise RuntimeError("nginx did not start")

    def url(self, name):
        return f"rtmp://127.0.0.1:{self.port}/live/{name}"

    def log_size(self):
        return os.path.getsize(self.log)

    def plays_since(self, offset):
        """Subscribers (play commands) nginx logged after byte offset `offset` of its log."""
        with open(self.log, "rb") as f:
            f.seek(offset)
            return f.read().decode(errors="replace").count("play: name=")

    def close(self):
        stop(self.proc, signal.SIGTERM)


def publish(nginx, source, names):
    """One ffmpeg reading the clip once in real time and writing its packets to every name:
    the streams' keyframes reach nginx together."""
    args = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-re",
            "-stream_loop", "-1", "-i", source]
    for name in names:
        args += ["-map", "0", "-c", "copy", "-f", "flv", nginx.url(name)]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(3)
    if proc.poll() is not None:
        raise RuntimeError("the publisher exited")
    return proc


def run_process(args, seconds, cwd):
    """Runs one process for `seconds`, then returns its CPU-s and peak RSS and stops it."""
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(seconds)
    if proc.poll() is not None:
        raise RuntimeError(f"{args[0]} exited early ({proc.returncode})")
    cpu, rss = cpu_seconds(proc.pid), peak_rss_mb(proc.pid)
    stop(proc)
    return cpu, rss


def count_jpgs(directory):
    return len([f for f in os.listdir(directory) if f.endswith(".jpg")])


def run_ffmpeg_way(key, url, seconds, workdir):
    out = os.path.join(workdir, f"ffmpeg-{key}")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    cpu, rss = run_process(["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin"]
                           + FFMPEG_WAYS[key][1](url), seconds, out)
    return {"cpu": cpu, "rss": rss, "count": count_jpgs(out)}


def run_probe(probe_binary, url, seconds, workdir):
    out = os.path.join(workdir, "probe")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    cpu, rss = run_process([probe_binary, url, "--interval", str(INTERVAL), "--out", out],
                           seconds, out)
    return {"cpu": cpu, "rss": rss, "count": count_jpgs(out)}


def distinct_keyframes(stamps_by_stream):
    """Keyframes snapshotted: per stream, CreateTimestamps (ms) closer than 1 s belong to one
    keyframe (keyframes are 2 s apart)."""
    total = 0
    for stamps in stamps_by_stream.values():
        last = None
        for t in sorted(stamps):
            if last is None or t - last > 1000:
                total += 1
            last = t
    return total


def run_livesnap(ctl_binary, urls, jobs_per_stream, seconds, workdir, template=None, tag="",
                 extra_input=None):
    """`template`: more CreateLiveSnapshotTemplate parameters (e.g. Width, CaptureMode); `tag`
    names the run's data directory and log apart from others of the same shape; `extra_input`:
    more StreamInput fields (e.g. CaFile)."""
    jobs = len(urls) * jobs_per_stream
    data = os.path.join(workdir, f"livesnap-{len(urls)}x{jobs_per_stream}{tag}")
    shutil.rmtree(data, ignore_errors=True)
    ctl = Ctl(ctl_binary, data)
    ctl("UpdateEngineSettings", MaxStartedJobs=max(100, jobs))
    tpl = ctl("CreateLiveSnapshotTemplate", TemplateName="bench", TimeInterval=INTERVAL,
              SequenceFormat="snapshot/{JobId}/{Sequence}.jpg", **(template or {}))["TemplateId"]
    stream_of = {}
    for i in range(jobs_per_stream):
        for s, url in enumerate(urls):
            job = ctl("SubmitLiveSnapshotJob", JobName=f"bench{s}-{i}", TemplateId=tpl,
                      StreamInput=json.dumps({"Type": "rtmp", "Url": url,
                                              **(extra_input or {})}))["JobId"]
            ctl("SendLiveSnapshotJobCommand", JobId=job, Command="start")
            stream_of[job] = s
    env = dict(os.environ, QT_LOGGING_RULES="livesnap.*.info=false;livesnap.capture.debug=true")
    log_path = os.path.join(workdir, f"serve-{len(urls)}x{jobs_per_stream}{tag}.log")
    with open(log_path, "w") as log:
        started = time.time()
        proc = subprocess.Popen([ctl_binary, "--data-dir", data, "serve"], env=env,
                                stdout=subprocess.DEVNULL, stderr=log)
        time.sleep(seconds)
        if proc.poll() is not None:
            raise RuntimeError(f"serve exited early ({proc.returncode}); see {log_path}")
        cpu, rss = cpu_seconds(proc.pid), peak_rss_mb(proc.pid)
        stop(proc, signal.SIGTERM, timeout=30)

    decodes, decoded_jobs, engine_connections = 0, 0, 0
    with open(log_path, errors="replace") as f:
        for line in f:
            m = DECODED_ONCE.search(line)
            if m:
                decodes += 1
                decoded_jobs += int(m.group(1))
            if "connected in" in line:
                engine_connections += 1

    latencies, gaps, firsts, count, sizes = [], [], [], 0, []
    stamps_by_stream = {s: [] for s in range(len(urls))}
    root = os.path.join(data, "storage", "default")
    for job, s in stream_of.items():
        files = ctl("ListLiveSnapshotFiles", JobId=job, Limit=100)["FileList"]
        stamps = sorted(f["CreateTimestamp"] for f in files)
        stamps_by_stream[s] += stamps
        count += len(stamps)
        if stamps:
            firsts.append(stamps[0] / 1000 - started)
        gaps += [(b - a) / 1000 for a, b in zip(stamps, stamps[1:])]
        for f in files:
            st = os.stat(os.path.join(root, f["OssObject"]))
            latencies.append(st.st_ctime_ns / 1e6 - f["CreateTimestamp"])
            sizes.append(st.st_size)
    keyframes = distinct_keyframes(stamps_by_stream)
    return {"cpu": cpu, "rss": rss, "count": count, "latencies": latencies, "gaps": gaps,
            "firsts": firsts, "decodes": decodes, "decoded_jobs": decoded_jobs,
            "keyframes": keyframes, "engine_connections": engine_connections, "sizes": sizes}


SCALED_STREAMS = 10
SCALED_WIDTH = 320
# serve's debug line per keyframe: from its arrival to its JPEGs (queue wait, decode, scale,
# encode); the fastest ones waited least.
DECODE_MS = re.compile(r"decoded once for \d+ job\(s\) in (\d+) ms")


def keyframe_ms(workdir, urls, tag):
    """Arrival-to-JPEG times (ms) of the keyframes of one run, from its serve log."""
    with open(os.path.join(workdir, f"serve-{len(urls)}x1{tag}.log"), errors="replace") as f:
        return [int(m.group(1)) for m in map(DECODE_MS.search, f) if m]


def run_scaled(ctl_binary, urls, seconds, workdir):
    """One job on each stream at the stream's size, then at SCALED_WIDTH wide: what a scaled
    snapshot costs next to a full-size one. Returns the scaled run's row."""
    full = run_livesnap(ctl_binary, urls, 1, seconds, workdir, tag="-full")
    scaled = run_livesnap(ctl_binary, urls, 1, seconds, workdir,
                          template={"Width": SCALED_WIDTH}, tag=f"-w{SCALED_WIDTH}")

    def per_snapshot_ms(r):
        return 1000 * r["cpu"] / r["count"] if r["count"] else None

    def mean_kb(r):
        return sum(r["sizes"]) / len(r["sizes"]) / 1024 if r["sizes"] else None

    def fastest(tag):
        times = sorted(keyframe_ms(workdir, urls, tag))
        return f"{times[0]} / {percentile(times, 50):.0f}" if times else "n/a"

    full_ms, scaled_ms = per_snapshot_ms(full), per_snapshot_ms(scaled)
    print(f"    scaled: {len(urls)} streams x 1 job, {seconds} s each; full size "
          f"{full['cpu']:.2f} CPU-s for {full['count']} JPGs ({fmt(full_ms, '.1f')} ms each, "
          f"mean {fmt(mean_kb(full), '.0f')} KB, p50 {percentile(full['latencies'], 50):.0f} ms); "
          f"{SCALED_WIDTH} wide {scaled['cpu']:.2f} CPU-s for {scaled['count']} JPGs "
          f"({fmt(scaled_ms, '.1f')} ms each, mean {fmt(mean_kb(scaled), '.1f')} KB, p50 "
          f"{percentile(scaled['latencies'], 50):.0f} ms)", flush=True)
    if full_ms is not None and scaled_ms is not None:
        print(f"    a {SCALED_WIDTH}-wide snapshot costs {scaled_ms - full_ms:+.1f} ms of CPU "
              f"next to a full-size one (whole process, demux included)", flush=True)
    print(f"    keyframe arrival to JPEG, min / p50: full size {fastest('-full')} ms, "
          f"{SCALED_WIDTH} wide {fastest(f'-w{SCALED_WIDTH}')} ms (decode + scale + encode; "
          f"the 10 streams' keyframes coincide, so most wait for a pool thread)", flush=True)
    scaled["label"] = f"LiveSnap, {len(urls)} streams x 1 job, {SCALED_WIDTH} wide"
    scaled["full"] = full
    scaled["runs"] = 2  # nginx saw both runs' connections
    return scaled


def run_exact(ctl_binary, url, seconds, workdir):
    """One job in CaptureMode exact on one stream, and for comparison one in keyframe mode."""
    keyframe = run_livesnap(ctl_binary, [url], 1, seconds, workdir)
    exact = run_livesnap(ctl_binary, [url], 1, seconds, workdir,
                         template={"CaptureMode": "exact"}, tag="exact")
    exact["keyframe_cpu"] = keyframe["cpu"]
    print(f"    keyframe mode, same stream and interval: {keyframe['cpu']:.3f} CPU-s, "
          f"{keyframe['count']} JPGs; exact mode costs {exact['cpu'] / keyframe['cpu']:.2f}x",
          flush=True)
    return exact


def run_rtmps(ctl_binary, nginx, name, seconds, workdir):
    """One LiveSnap job reading `name` as rtmps:// through nginx's stream module terminating TLS
    in front of `nginx`, with a test CA and a certificate for 127.0.0.1 made by openssl."""
    tls = os.path.join(workdir, "tls")
    os.makedirs(tls, exist_ok=True)
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]

    def openssl(*args):
        subprocess.run(["openssl", *args], cwd=tls, check=True, capture_output=True)
    openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=LiveSnap bench CA")
    openssl("req", "-new", *ec, "-keyout", "server.key", "-out", "server.csr",
            "-subj", "/CN=127.0.0.1")
    with open(os.path.join(tls, "server.ext"), "w") as f:
        f.write("basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-days", "2", "-extfile", "server.ext", "-out", "server.pem")
    port = free_port()
    conf = os.path.join(tls, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""load_module /usr/lib/nginx/modules/ngx_stream_module.so;
daemon off; master_process off; worker_processes 1;
pid {tls}/nginx.pid; error_log {tls}/error.log;
events {{ worker_connections 1024; }}
stream {{ server {{ listen 127.0.0.1:{port} ssl; ssl_certificate {tls}/server.pem;
  ssl_certificate_key {tls}/server.key; proxy_pass 127.0.0.1:{nginx.port}; }} }}
""")
    proc = subprocess.Popen(["nginx", "-c", conf, "-p", tls + "/", "-e", f"{tls}/error.log"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not wait_port(port):
            raise RuntimeError("the TLS front (nginx stream module) did not start")
        return run_livesnap(ctl_binary, [f"rtmps://127.0.0.1:{port}/live/{name}"], 1, seconds,
                            workdir, tag="-tls",
                            extra_input={"CaFile": os.path.join(tls, "ca.pem")})
    finally:
        stop(proc, signal.SIGTERM)


def parse_scenarios(text):
    scenarios = []
    for item in [x.strip() for x in text.split(",") if x.strip()]:
        m = re.fullmatch(r"(\d+)x(\d+)", item)
        if item in FFMPEG_WAYS or item in ("probe", "exact"):
            scenarios.append((item, None))
        elif item == "rtmps":
            scenarios.append((item, (1, 1)))
        elif item == "scaled":
            scenarios.append((item, (SCALED_STREAMS, 1)))
        elif m and 1 <= int(m.group(1)) <= PUBLISHED_STREAMS and int(m.group(2)) >= 1:
            scenarios.append((item, (int(m.group(1)), int(m.group(2)))))
        else:
            sys.exit(f"unknown scenario {item!r}: use a, b, d, probe, exact, rtmps, scaled or SxJ "
                     f"(J LiveSnap jobs on "
                     f"each of S streams, S at most {PUBLISHED_STREAMS}), e.g. 1x100,10x10")
    return scenarios


def fmt(value, spec, missing="n/a"):
    return missing if value is None or value != value else format(value, spec)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--content", default="pattern,camera",
                        help="contents to run every scenario on: pattern, camera or both")
    parser.add_argument("--scenarios", default=None,
                        help=f"comma-separated, in order (default {ALL_SCENARIOS})")
    parser.add_argument("--jobs", default=None,
                        help="LiveSnap jobs on one stream, e.g. 1,10 (scenarios 1x1,1x10)")
    parser.add_argument("--skip-ffmpeg", action="store_true",
                        help="only measure LiveSnap (drops a, b, d and probe)")
    parser.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    parser.add_argument("--keep-workdir", action="store_true",
                        help="keep the data, nginx and serve logs (the path is printed)")
    args = parser.parse_args()

    contents = [c.strip() for c in args.content.split(",") if c.strip()]
    for c in contents:
        if c not in CONTENTS:
            sys.exit(f"unknown content {c!r}: use {', '.join(CONTENTS)}")
    if args.scenarios:
        text = args.scenarios
    elif args.jobs:
        text = "a,b,d,probe," + ",".join(f"1x{int(n)}" for n in args.jobs.split(","))
    else:
        text = ALL_SCENARIOS
    scenarios = parse_scenarios(text)
    if args.skip_ffmpeg:
        scenarios = [s for s in scenarios if s[1] is not None]

    ctl_binary = os.path.join(args.build_dir, "src", "cli", "livesnapctl")
    probe_binary = os.path.join(args.build_dir, "bench", "livesnap_keyframe_probe")
    needed = [ctl_binary] if any(s[1] or s[0] == "exact" for s in scenarios) else []
    if any(key == "probe" for key, _ in scenarios):
        needed.append(probe_binary)
    for binary in needed:
        if not os.path.exists(binary):
            sys.exit(f"{binary} not found: build first (cmake --build build --target "
                     f"livesnapctl livesnap_keyframe_probe)")
    cache = os.path.join(ROOT, "bench", ".cache")
    os.makedirs(cache, exist_ok=True)
    sources = {c: make_input(cache, c) for c in contents}
    streams = max([s[1][0] for s in scenarios if s[1]] + [1])

    workdir = tempfile.mkdtemp(prefix="livesnap-bench-")
    nginx = Nginx(workdir)
    rows = []  # (content, key, result)
    began = time.time()
    try:
        for content in contents:
            names = [f"{content}{i}" for i in range(streams)]
            urls = [nginx.url(n) for n in names]
            publisher = publish(nginx, sources[content], names)
            print(f"\n== {content}: {streams} stream(s) rtmp://127.0.0.1:{nginx.port}/live/"
                  f"{content}0..{streams - 1}, {args.seconds} s per run, interval {INTERVAL} s, "
                  f"1080p30 4 Mbit/s GOP 2 s", flush=True)
            try:
                baseline = {}
                for key, shape in scenarios:
                    offset = nginx.log_size()
                    if shape is None and key == "probe":
                        r = run_probe(probe_binary, urls[0], args.seconds, workdir)
                    elif key == "exact":
                        r = run_exact(ctl_binary, urls[0], args.seconds, workdir)
                    elif shape is None:
                        r = run_ffmpeg_way(key, urls[0], args.seconds, workdir)
                    elif key == "rtmps":
                        r = run_rtmps(ctl_binary, nginx, names[0], args.seconds, workdir)
                    elif key == "scaled":
                        r = run_scaled(ctl_binary, urls[:shape[0]], args.seconds, workdir)
                    else:
                        r = run_livesnap(ctl_binary, urls[:shape[0]], shape[1], args.seconds,
                                         workdir)
                    if publisher.poll() is not None:
                        raise RuntimeError("the publisher exited during the run")
                    r["connections"] = nginx.plays_since(offset) // r.get("runs", 1)
                    r["streams"], r["jobs"] = (1, 1) if shape is None else (
                        shape[0], shape[0] * shape[1])
                    r["per_stream"] = r["cpu"] / r["streams"]
                    r["per_job"] = r["cpu"] / r["jobs"]
                    if shape is None and key != "exact":
                        baseline[key] = r["per_job"]
                    rows.append((content, key, r))
                    print_row(content, key, r, baseline, args.seconds)
            finally:
                stop(publisher)
    finally:
        nginx.close()
        if args.keep_workdir:
            print(f"\nkept {workdir} (nginx log, serve-SxJ.log per LiveSnap row, data dirs)")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"\n(all runs took {(time.time() - began) / 60:.1f} min)\n")
    print_markdown(rows, args.seconds)


def label(key, r):
    if "label" in r:
        return r["label"]
    if key in FFMPEG_WAYS:
        return FFMPEG_WAYS[key][0]
    if key == "probe":
        return "minimal keyframe probe"
    if key == "exact":
        return "LiveSnap, 1 job, CaptureMode exact"
    if key == "rtmps":
        return "LiveSnap, 1 job over RTMPS (verified)"
    per = r["jobs"] // r["streams"]
    if r["streams"] == 1:
        return f"LiveSnap, {per} job{'s' if per > 1 else ''}"
    return f"LiveSnap, {r['streams']} streams x {per} jobs"


def ratio(r, baseline, key):
    return r["per_job"] / baseline[key] if baseline.get(key) else None


def decodes_per_keyframe(r):
    if "decodes" not in r or not r["decodes"] or not r["keyframes"]:
        return None
    return r["decodes"] / r["keyframes"]


def print_row(content, key, r, baseline, seconds):
    print(f"{content:7s} {label(key, r):38s} {r['per_stream']:7.3f} CPU-s per stream  "
          f"{r['per_job']:7.3f} per job  {r['count']:4d} JPGs  total {r['cpu']:6.2f} CPU-s = "
          f"{100 * r['cpu'] / seconds:5.1f} % of one core  peak RSS {r['rss']:6.1f} MB  "
          f"connections {r['connections']}", flush=True)
    if "latencies" in r:
        lat = r["latencies"]
        print(f"    keyframe-to-file latency p50 {percentile(lat, 50):6.1f} ms  "
              f"p99 {percentile(lat, 99):6.1f} ms   largest gap "
              f"{fmt(max(r['gaps']) if r['gaps'] else None, '5.2f')} s   first snapshot after "
              f"{fmt(min(r['firsts']) if r['firsts'] else None, '4.2f')}-"
              f"{fmt(max(r['firsts']) if r['firsts'] else None, '4.2f')} s", flush=True)
        dpk = decodes_per_keyframe(r)
        print(f"    decodes {r['decodes'] or 'n/a'} for {r['keyframes']} distinct keyframes "
              f"snapshotted: {fmt(dpk, '.2f')} per keyframe, "
              f"{fmt(r['decoded_jobs'] / r['decodes'] if r['decodes'] else None, '.1f')} jobs "
              f"per decode; serve logged {r['engine_connections']} `connected in`", flush=True)
    for other in ("probe", "d", "b", "a"):
        if other != key and baseline.get(other):
            print(f"    {ratio(r, baseline, other):6.2f}x the CPU per job of "
                  f"{'the probe' if other == 'probe' else FFMPEG_WAYS[other][0]}")


def idle_rss_per_job(rows):
    """Per content: (peak RSS of 1x100 - peak RSS of 1x1) / 99, when both ran."""
    result = {}
    for content in dict.fromkeys(c for c, _, _ in rows):
        shapes = {k: r for c, k, r in rows if c == content}
        if "1x1" in shapes and "1x100" in shapes:
            result[content] = (shapes["1x100"]["rss"] - shapes["1x1"]["rss"]) / 99
    return result


def print_markdown(rows, seconds):
    print(f"| content | way | CPU-s per stream per {seconds} s | CPU-s per job | × probe | "
          f"× (d) | JPGs | connections | decodes per keyframe | peak RSS | "
          f"keyframe-to-file p50 / p99 | first snapshot |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    baseline = {}
    for content, key, r in rows:
        if key in FFMPEG_WAYS or key == "probe":
            baseline[(content, key)] = r["per_job"]
    exact_notes = []
    for content, key, r in rows:
        base = {k: baseline.get((content, k)) for k in ("probe", "d")}
        name = FFMPEG_WAYS[key][2] if key in FFMPEG_WAYS else label(key, r)
        cells = [content, name, f"{r['per_stream']:.2f}", f"{r['per_job']:.3f}",
                 fmt(ratio(r, base, "probe") if key != "probe" else None, ".2f", "—"),
                 fmt(ratio(r, base, "d") if key != "d" else None, ".2f", "—"),
                 str(r["count"]), str(r["connections"])]
        if "latencies" in r:
            lat = r["latencies"]
            first = (f"{min(r['firsts']):.1f}–{max(r['firsts']):.1f} s" if r["firsts"]
                     else "n/a")
            cells += [fmt(decodes_per_keyframe(r), ".2f"), f"{r['rss']:.0f} MB",
                      f"{percentile(lat, 50):.0f} / {percentile(lat, 99):.0f} ms", first]
        else:
            cells += ["—", f"{r['rss']:.0f} MB", "—", "—"]
        print("| " + " | ".join(cells) + " |")
        if "keyframe_cpu" in r:
            exact_notes.append(f"CaptureMode exact ({content}): {r['cpu']:.2f} CPU-s per stream "
                               f"per {seconds} s against {r['keyframe_cpu']:.2f} in keyframe "
                               f"mode ({r['cpu'] / r['keyframe_cpu']:.1f}x)")
    print("\n× probe, × (d): CPU-s per job over the probe's or (d)'s on the same content (a "
          "LiveSnap job takes one stream's snapshots, as the probe does); connections: subscribers "
          "nginx-rtmp logged; decodes per keyframe: serve's `decoded once for` lines over the "
          "distinct keyframes snapshotted.")
    for note in exact_notes:
        print(note)
    for content, per_job in idle_rss_per_job(rows).items():
        print(f"RSS per idle job ({content}): {per_job:.2f} MB (peak RSS of 1x100 − 1x1, / 99)")


if __name__ == "__main__":
    main()
