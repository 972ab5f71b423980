#!/usr/bin/env bash
# Renders every page and dialog of the console into docs/screenshots/*.png, on demo data:
# a private demo stream (nginx-rtmp + ffmpeg test patterns on 127.0.0.1), a fresh data
# directory with templates and jobs (one with an auth token in its URL to show the masking;
# problem cameras for the wall: a black picture, a frozen still image, a stream name nobody
# publishes and a server that is not there), all run by the GUI's own engine under Xvfb. Also
# the tray menu, a bulk selection of jobs and the window in Chinese.
#
# Usage: scripts/screenshots.sh [OUTPUT_DIR]   (default: docs/screenshots)
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$LIVESNAP_ROOT"

OUT="${1:-$LIVESNAP_ROOT/docs/screenshots}"
CTL="$LIVESNAP_BUILD_DIR/src/cli/livesnapctl"
TOUR="$LIVESNAP_BUILD_DIR/src/ui/livesnap_screenshots"

"$LIVESNAP_ROOT/scripts/deps.sh"
livesnap_build livesnap_screenshots livesnapctl
# The Chinese window needs a CJK font (only here: nothing else renders Chinese).
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  log "installing a Chinese font (fonts-wqy-microhei)"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    fonts-wqy-microhei >/dev/null || log "no Chinese font: the Chinese window shows boxes"
fi

work="$(mktemp -d)"
export LIVESNAP_DEMO_PORT="${LIVESNAP_SCREENSHOT_PORT:-19361}"
export LIVESNAP_DEMO_DIR="$work/demo"
DATA="$work/data"
DEMO="$LIVESNAP_ROOT/scripts/demo-stream.sh"
publishers=()
# shellcheck disable=SC2317  # called through the trap
cleanup() {
  for pid in "${publishers[@]}"; do kill "$pid" 2>/dev/null || true; done
  "$DEMO" stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

stream_url="$("$DEMO" start)"
base="${stream_url%/demo}"
# More cameras on the same server: other test patterns, a black picture, a frozen one (a still
# image looped). publish NAME URL INPUT_ARGS...
publish() {
  local name=$1 url=$2
  shift 2
  setsid ffmpeg -hide_banner -nostdin -loglevel error -re "$@" \
    -c:v libx264 -preset veryfast -tune zerolatency -pix_fmt yuv420p -g 60 -f flv "$url" \
    >"$work/$name.log" 2>&1 &
  publishers+=("$!")
}
ffmpeg -hide_banner -nostdin -loglevel error -f lavfi -i "testsrc2=size=1280x720" \
  -frames:v 1 "$work/still.png"
publish stage "$base/stage" -f lavfi -i "smptehdbars=size=1280x720:rate=30"
publish parking "$base/parking" -f lavfi -i "mandelbrot=size=1280x720:rate=30"
publish black "$base/black" -f lavfi -i "color=black:size=1280x720:rate=30"
publish frozen "$base/frozen" -loop 1 -framerate 30 -i "$work/still.png"
sleep 2

ctl() { "$CTL" --data-dir "$DATA" "$@"; }
field() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
stream() { python3 -c 'import json, sys; print(json.dumps({"Type": "rtmp", "Url": sys.argv[1]}))' "$1"; }

lobby_tpl="$(ctl CreateLiveSnapshotTemplate --TemplateName "Lobby: overwrite + real-time, 5 s" \
  --TimeInterval 5 --OverwriteFormat 'snapshot/{JobId}.jpg' \
  --SequenceFormat 'snapshot/{JobId}/{Sequence}/{UnixTimestamp}.jpg' | field TemplateId)"
ctl CreateLiveSnapshotTemplate --TemplateName "Archive every 30 s" --TimeInterval 30 \
  --SequenceFormat 'archive/{JobId}/{UnixTimestamp}.jpg' >/dev/null
ctl SetCallbackSettings --CallbackUrl "http://127.0.0.1:8080/livesnap/callback" >/dev/null
# Judge stream health sooner than the defaults (3 snapshots, 30 s), so the wall shows it within
# the tour. An engine without stream health refuses these settings; the wall then shows none.
ctl UpdateEngineSettings --FrozenSnapshots 2 --DownGraceSeconds 10 >/dev/null 2>&1 ||
  log "this engine has no stream health settings; the wall shows no health"

submit() { # name template url
  ctl SubmitLiveSnapshotJob --JobName "$1" --TemplateId "$2" --StreamInput "$(stream "$3")" \
    --SnapshotOutput '{"StorageType":"local","Bucket":"default"}' | field JobId
}
for spec in "Lobby camera|$stream_url" "Stage left|$base/stage?auth_key=1700000000-0-0-d41d8cd98f00b204" \
  "Parking lot|$base/parking" "Back door (down)|rtmp://127.0.0.1:1/live/backdoor" \
  "Warehouse (black)|$base/black" "Gate (frozen)|$base/frozen" \
  "Loading dock (down)|$base/loading-dock"; do
  id="$(submit "${spec%%|*}" "$lobby_tpl" "${spec#*|}")"
  ctl SendLiveSnapshotJobCommand --JobId "$id" --Command start >/dev/null
done
ctl SubmitLiveSnapshotJob --JobName "Rooftop (not started)" --TemplateId system-realtime-60s \
  --StreamInput "$(stream "$base/rooftop")" >/dev/null

mkdir -p "$OUT"
log "rendering into $OUT (this takes a minute or two: it waits for live snapshots and health)"
QT_QPA_PLATFORM=xcb LANG=C.UTF-8 xvfb-run -a -s "-screen 0 1600x1000x24" \
  "$TOUR" --data-dir "$DATA" --out "$OUT"
ls -1 "$OUT"
