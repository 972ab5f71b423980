#!/bin/sh
# The GUI ends cleanly on SIGTERM and SIGINT: exit status 0, and its engine releases the job it
# ran (the window closed the normal way, so the next engine takes the job at once).
# $1: the livesnap executable, $2: livesnapctl.
set -u
gui=$1
ctl=$2
for sig in TERM INT; do
  dir=$(mktemp -d)
  job=$("$ctl" --data-dir "$dir" SubmitLiveSnapshotJob --JobName quit --TemplateId system-realtime-10s \
    --StreamInput '{"Type":"rtmp","Url":"rtmp://127.0.0.1:1/live/quit"}' |
    sed -n 's/.*"JobId":"\([0-9a-f]*\)".*/\1/p')
  "$ctl" --data-dir "$dir" SendLiveSnapshotJobCommand --JobId "$job" --Command start >/dev/null || exit 1
  QT_QPA_PLATFORM=offscreen "$gui" --data-dir "$dir" >"$dir/log" 2>&1 &
  pid=$!
  # Wait until this engine holds the job (GetLiveSnapshotJob names its engine), at most 20 s.
  i=0
  while ! "$ctl" --data-dir "$dir" GetLiveSnapshotJob --JobId "$job" | grep -q '"EngineId":"gui@' &&
    [ $i -lt 100 ]; do sleep 0.2; i=$((i + 1)); done
  kill -"$sig" "$pid"
  wait "$pid"
  rc=$?
  if [ $rc -ne 0 ] || ! grep -q "released 1 job" "$dir/log"; then
    echo "SIG$sig: exit status $rc; log:"; cat "$dir/log"; rm -rf "$dir"; exit 1
  fi
  echo "SIG$sig: exit status 0, job released"
  rm -rf "$dir"
done
