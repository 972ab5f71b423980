#!/usr/bin/env python3
"""LiveSnap capture benchmark: CPU per stream, latency and memory of `livesnapctl serve`
against the ways people snapshot RTMP streams with the ffmpeg CLI today.

It encodes a 1080p30 H.264 FLV with a 2 s GOP once, publishes it in a loop to a private
nginx-rtmp on 127.0.0.1 (`ffmpeg -re -stream_loop -1 -c copy`), then, for 60 s each:
  LiveSnap with N jobs (N = 1, 10, 50, 100) on that stream, interval 5 s, one `serve` process;
  (a) ffmpeg -threads 1 -i URL -vf fps=1/5 out%d.jpg
  (b) ffmpeg -skip_frame nokey -threads 1 -i URL -vf fps=1/5 out%d.jpg
  (d) ffmpeg -i URL -c copy -f null -            (demux only: the floor)
and prints CPU-seconds per stream, the ratios, keyframe-to-file latency p50/p99 (the stored
file's ctime, when it got its name in the store, minus the snapshot's CreateTimestamp, the
moment its keyframe arrived), the largest gap
between snapshots, the time to the first snapshot, and the peak RSS.

Run: ./bench/run_benchmark.py [--seconds 60] [--jobs 1,10,50,100] [--build-dir build]
"""
import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TICK = os.sysconf("SC_CLK_TCK")


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


def make_input(cache_dir):
    path = os.path.join(cache_dir, "bench-1080p30-gop2.flv")
    if not os.path.exists(path):
        print("encoding the 1080p30 test input once …", flush=True)
        subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                        "-i", "testsrc2=size=1920x1080:rate=30", "-t", "30", "-c:v", "libx264",
                        "-preset", "veryfast", "-b:v", "4M", "-maxrate", "4M", "-bufsize", "8M",
                        "-g", "60", "-keyint_min", "60", "-sc_threshold", "0",
                        "-pix_fmt", "yuv420p", "-f", "flv", path + ".tmp"], check=True)
        os.rename(path + ".tmp", path)
    return path


def start_nginx(workdir, port):
    os.makedirs(os.path.join(workdir, "logs"), exist_ok=True)
    conf = os.path.join(workdir, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off; master_process off; worker_processes 1;
pid {workdir}/nginx.pid; error_log {workdir}/logs/error.log warn;
events {{ worker_connections 4096; }}
rtmp {{ server {{ listen 127.0.0.1:{port}; chunk_size 4096;
  application live {{ live on; record off; wait_key on; wait_video on; }} }} }}
""")
    proc = subprocess.Popen(["nginx", "-c", conf, "-p", workdir + "/", "-e",
                             os.path.join(workdir, "logs/error.log")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not wait_port(port):
        raise RuntimeError("nginx did not start")
    return proc


def run_ffmpeg_way(name, args, seconds, workdir):
    out = os.path.join(workdir, name)
    os.makedirs(out, exist_ok=True)
    proc = subprocess.Popen(["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin"] + args,
                            cwd=out, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(seconds)
    cpu = cpu_seconds(proc.pid)
    rss = peak_rss_mb(proc.pid)
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    files = len([f for f in os.listdir(out) if f.endswith(".jpg")])
    return cpu, rss, files


def run_livesnap(ctl_binary, url, jobs, seconds, workdir):
    data = os.path.join(workdir, f"livesnap-{jobs}")
    shutil.rmtree(data, ignore_errors=True)
    ctl = Ctl(ctl_binary, data)
    ctl("UpdateEngineSettings", MaxStartedJobs=max(100, jobs))
    tpl = ctl("CreateLiveSnapshotTemplate", TemplateName="bench", TimeInterval=5,
              SequenceFormat="snapshot/{JobId}/{Sequence}.jpg")["TemplateId"]
    ids = []
    for i in range(jobs):
        ids.append(ctl("SubmitLiveSnapshotJob", JobName=f"bench{i}", TemplateId=tpl,
                       StreamInput=json.dumps({"Type": "rtmp", "Url": url}))["JobId"])
        ctl("SendLiveSnapshotJobCommand", JobId=ids[-1], Command="start")
    started = time.time()
    env = dict(os.environ, QT_LOGGING_RULES="livesnap.*.info=false")
    proc = subprocess.Popen([ctl_binary, "--data-dir", data, "serve"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(seconds)
    cpu = cpu_seconds(proc.pid)
    rss = peak_rss_mb(proc.pid)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)

    latencies, gaps, firsts, count = [], [], [], 0
    root = os.path.join(data, "storage", "default")
    for job in ids:
        files = ctl("ListLiveSnapshotFiles", JobId=job, Limit=100)["FileList"]
        stamps = sorted(f["CreateTimestamp"] for f in files)
        count += len(stamps)
        if stamps:
            firsts.append(stamps[0] / 1000 - started)
        gaps += [(b - a) / 1000 for a, b in zip(stamps, stamps[1:])]
        for f in files:
            stored = os.stat(os.path.join(root, f["OssObject"])).st_ctime_ns / 1e6
            latencies.append(stored - f["CreateTimestamp"])
    return {"cpu": cpu, "rss": rss, "count": count, "latencies": latencies, "gaps": gaps,
            "firsts": firsts}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--jobs", default="1,10,50,100")
    parser.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    parser.add_argument("--skip-ffmpeg", action="store_true", help="only measure LiveSnap")
    args = parser.parse_args()

    ctl_binary = os.path.join(args.build_dir, "src", "cli", "livesnapctl")
    if not os.path.exists(ctl_binary):
        sys.exit(f"{ctl_binary} not found: build first (./scripts/test.sh or cmake --build build)")
    cache = os.path.join(ROOT, "bench", ".cache")
    os.makedirs(cache, exist_ok=True)
    source = make_input(cache)

    workdir = tempfile.mkdtemp(prefix="livesnap-bench-")
    port = free_port()
    nginx = start_nginx(workdir, port)
    url = f"rtmp://127.0.0.1:{port}/live/bench"
    publisher = subprocess.Popen(["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin",
                                  "-re", "-stream_loop", "-1", "-i", source, "-c", "copy",
                                  "-f", "flv", url],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(3)
    results = {}
    try:
        print(f"stream {url}, {args.seconds} s per run, interval 5 s, 1080p30 4 Mbit/s GOP 2 s",
              flush=True)
        if not args.skip_ffmpeg:
            ways = {
                "(a) decode all + fps=1/5": ["-threads", "1", "-i", url, "-vf", "fps=1/5",
                                              "out%d.jpg"],
                "(b) -skip_frame nokey + fps=1/5": ["-skip_frame", "nokey", "-threads", "1", "-i",
                                                     url, "-vf", "fps=1/5", "out%d.jpg"],
                "(d) demux only (-c copy -f null)": ["-i", url, "-c", "copy", "-f", "null", "-"],
            }
            for name, ffargs in ways.items():
                cpu, rss, files = run_ffmpeg_way(name[:3].strip("()"), ffargs, args.seconds, workdir)
                results[name] = cpu
                print(f"{name:38s} {cpu:7.2f} CPU-s per stream   {files:3d} JPGs   "
                      f"peak RSS {rss:6.1f} MB", flush=True)
        for n in [int(x) for x in args.jobs.split(",")]:
            r = run_livesnap(ctl_binary, url, n, args.seconds, workdir)
            per = r["cpu"] / n
            lat = r["latencies"]
            line = (f"LiveSnap serve, {n:3d} job(s)            {per:7.3f} CPU-s per stream   "
                    f"{r['count']:4d} JPGs   total {r['cpu']:6.2f} CPU-s = "
                    f"{100 * r['cpu'] / args.seconds:5.1f} % of one core   "
                    f"peak RSS {r['rss']:6.1f} MB")
            print(line)
            print(f"    keyframe-to-file latency p50 {percentile(lat, 50):6.1f} ms  "
                  f"p99 {percentile(lat, 99):6.1f} ms   largest gap "
                  f"{max(r['gaps']) if r['gaps'] else float('nan'):5.2f} s   first snapshot after "
                  f"{min(r['firsts']) if r['firsts'] else float('nan'):4.2f}-"
                  f"{max(r['firsts']) if r['firsts'] else float('nan'):4.2f} s", flush=True)
            for name, cpu in results.items():
                print(f"    vs {name:36s} {cpu / per:6.1f}x less CPU per stream")
    finally:
        publisher.terminate()
        nginx.terminate()
        publisher.wait()
        nginx.wait()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
