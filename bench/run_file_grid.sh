#!/bin/sh
# Builds livesnap_file_grid_bench and runs it for 100,000 and 1,000,000 files of one job (each
# size in its own process, so one size's memory does not count in the other's) under a virtual
# X server (xvfb-run -a), then prints a Markdown table with a row per size on stdout.
#   ./bench/run_file_grid.sh                        # both sizes
#   SIZES="100000" ./bench/run_file_grid.sh --steps 200
# Other arguments go to the benchmark (see livesnap_file_grid_bench --help). Each size's JSON
# result is kept in $OUT (default: a temporary directory), its progress goes to stderr.
# With QT_QPA_PLATFORM=offscreen in the environment it runs without X instead.
# BUILD_DIR (default: build) picks the build tree; it is configured if it does not exist yet.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
sizes=${SIZES:-100000 1000000}
out=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/livesnap-file-grid-XXXXXX")}

if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja >&2
fi
cmake --build "$build" -j2 --target livesnap_file_grid_bench >&2
bench="$build/bench/livesnap_file_grid_bench"

rows=""
for n in $sizes; do
    if [ "${QT_QPA_PLATFORM:-}" = offscreen ]; then
        "$bench" --files "$n" --json "$out/file-grid-$n.json" "$@" >/dev/null 2>"$out/file-grid-$n.log" || true
    else
        # xvfb-run's default screen is 640x480x8: give the 1280x800 window a real desktop.
        xvfb-run -a -s "-screen 0 1920x1200x24 -nolisten tcp" env QT_QPA_PLATFORM=xcb \
            "$bench" --files "$n" --json "$out/file-grid-$n.json" "$@" \
            >/dev/null 2>"$out/file-grid-$n.log" || true
    fi
    grep -v '^\[file-grid\] |' "$out/file-grid-$n.log" >&2 || true
    row=$(sed -n 's/^\[file-grid\] \(|.*\)$/\1/p' "$out/file-grid-$n.log")
    if [ -z "$row" ]; then
        row="| $n | failed: see $out/file-grid-$n.log | | | | | | |"
    fi
    rows="$rows$row
"
done

echo "| Files in the job | GUI thread's longest block while scrolling (target <= 50 ms) | the same less its waits for a CPU | RSS with the job chosen | RSS growth over the scroll (target <= 50 MB) | Scroll bar to the end: oldest file shown (target < 1 s) | End key: oldest file shown | Rows the model holds at the end |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s' "$rows"
echo "(JSON and logs in $out)" >&2
