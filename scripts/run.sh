#!/usr/bin/env bash
# Installs what is missing (scripts/deps.sh), builds into build/, starts a local demo
# stream (nginx with the RTMP module plus an ffmpeg test pattern on 127.0.0.1, see
# scripts/demo-stream.sh), makes sure the data directory has a started job "demo" on
# that stream, and runs the GUI. The demo stream is stopped when the GUI exits (unless
# it was already running before this script started it).
#
# Usage: scripts/run.sh [--data-dir DIR] [GUI arguments…]
#   The data directory is --data-dir, else $LIVESNAP_DATA_DIR, else ~/.local/share/livesnap.
#   LIVESNAP_DEMO_PORT (default 19350) moves the demo stream to another port.
# Idempotent: with nothing missing and nothing to rebuild it starts in a few seconds.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$LIVESNAP_ROOT"

CTL="$LIVESNAP_BUILD_DIR/src/cli/livesnapctl"
GUI="$LIVESNAP_BUILD_DIR/src/ui/livesnap"
DEMO="$LIVESNAP_ROOT/scripts/demo-stream.sh"
DEMO_JOB_NAME=demo
DEMO_TEMPLATE=system-realtime-10s

# The CLI must use the same data directory as the GUI: pick up --data-dir from the
# GUI's arguments (which are passed through unchanged).
ctl_args=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --data-dir) [ $((i + 1)) -lt ${#args[@]} ] && ctl_args=(--data-dir "${args[i + 1]}") ;;
    --data-dir=*) ctl_args=(--data-dir "${args[i]#--data-dir=}") ;;
  esac
done

ctl() { "$CTL" "${ctl_args[@]}" "$@"; }

# Reads one JSON object on stdin and prints the value at a dotted path ("" when absent).
json_get() {
  python3 -c '
import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1].split("."):
    value = value.get(key, "") if isinstance(value, dict) else ""
print(value if not isinstance(value, (dict, list)) else json.dumps(value))
' "$1"
}

"$LIVESNAP_ROOT/scripts/deps.sh"
livesnap_build livesnap livesnapctl
[ -x "$CTL" ] || die "the build did not produce $CTL"
[ -x "$GUI" ] || die "the build did not produce $GUI"

# Start the demo stream; stop it on exit only if this script started it.
stop_demo=0
if ! "$DEMO" status >/dev/null 2>&1; then stop_demo=1; fi
# shellcheck disable=SC2317  # called through the trap
cleanup() {
  if [ "$stop_demo" -eq 1 ]; then "$DEMO" stop || true; fi
}
trap cleanup EXIT
stream_url="$("$DEMO" start)"

# Find the job named "demo" (exact name), or submit it.
listing="$(ctl ListLiveSnapshotJobs --SearchKeyWord "$DEMO_JOB_NAME" --PageSize 100)" ||
  die "could not list jobs: $listing"
read -r job_id job_status job_url < <(python3 -c '
import json, sys
name = sys.argv[1]
for job in json.load(sys.stdin).get("JobList", []):
    if job.get("JobName") == name:
        stream = job.get("StreamInput", {})
        if isinstance(stream, str):
            try:
                stream = json.loads(stream)
            except ValueError:
                stream = {}
        url = stream.get("Url", "") if isinstance(stream, dict) else ""
        print(job.get("JobId", ""), job.get("Status", ""), url or "-")
        break
else:
    print("- - -")
' "$DEMO_JOB_NAME" <<<"$listing")
[ -n "${job_id:-}" ] || die "could not read the job list: $listing"

if [ "$job_id" = - ]; then
  stream_input="$(python3 -c 'import json, sys; print(json.dumps({"Type": "rtmp", "Url": sys.argv[1]}))' "$stream_url")"
  out="$(ctl SubmitLiveSnapshotJob --JobName "$DEMO_JOB_NAME" --TemplateId "$DEMO_TEMPLATE" \
    --StreamInput "$stream_input" \
    --SnapshotOutput '{"StorageType":"local","Bucket":"default"}')" ||
    die "could not submit the demo job: $out"
  job_id="$(json_get JobId <<<"$out")"
  job_status=init
  log "submitted job '$DEMO_JOB_NAME' ($job_id) on $stream_url, template $DEMO_TEMPLATE"
elif [ "$job_url" != - ] && [ "$job_url" != "$stream_url" ]; then
  log "warning: job '$DEMO_JOB_NAME' ($job_id) reads $job_url, but the demo stream is at $stream_url;" \
    "delete that job (livesnapctl DeleteLiveSnapshotJob --JobId $job_id, after stopping it) to have it recreated"
fi

if [ "$job_status" != started ]; then
  if out="$(ctl SendLiveSnapshotJobCommand --JobId "$job_id" --Command start)"; then
    log "started job '$DEMO_JOB_NAME' ($job_id)"
  else
    code="$(json_get Code <<<"$out" 2>/dev/null || true)"
    if [ "$code" != JobAlreadyStarted ]; then
      # Not fatal: the GUI still opens and shows why (e.g. JobLimitExceeded).
      log "warning: could not start job '$DEMO_JOB_NAME': $out"
    fi
  fi
fi

# Run the GUI (not exec: the EXIT trap must still stop the demo stream afterwards).
gui=("$GUI" "$@")
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  command -v xvfb-run >/dev/null || die "no display (DISPLAY/WAYLAND_DISPLAY unset) and no xvfb-run; run scripts/deps.sh"
  log "no display found (DISPLAY and WAYLAND_DISPLAY are unset): running the GUI on a virtual X server (xvfb-run -a);" \
    "nothing is shown, but the engine in it captures the demo job; stop it with Ctrl-C"
  gui=(xvfb-run -a -s "-screen 0 1600x1000x24" "${gui[@]}")
fi
rc=0
"${gui[@]}" || rc=$?
exit "$rc"
