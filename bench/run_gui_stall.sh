#!/bin/sh
# Builds livesnap_gui_stall_bench and runs it under a virtual X server (xvfb-run -a), so the
# window is really drawn and flushed to an X display. Arguments go to the benchmark, e.g.
#   ./bench/run_gui_stall.sh --jobs 100 --seconds 60 --json /tmp/gui-stall.json
#   ./bench/run_gui_stall.sh --help
# With QT_QPA_PLATFORM=offscreen in the environment it runs without X instead.
# The JSON result goes to stdout, the progress and summary to stderr.
# BUILD_DIR (default: build) picks the build tree; it is configured if it does not exist yet.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}

if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja >&2
fi
cmake --build "$build" -j2 --target livesnap_gui_stall_bench >&2
bench="$build/bench/livesnap_gui_stall_bench"

if [ "${QT_QPA_PLATFORM:-}" = offscreen ]; then
    exec "$bench" "$@"
fi
# xvfb-run's default screen is 640x480x8: give the 1280x800 window a real desktop.
exec xvfb-run -a -s "-screen 0 1920x1200x24 -nolisten tcp" env QT_QPA_PLATFORM=xcb "$bench" "$@"
