#!/bin/sh
# Runs README's livesnapctl examples, and the read actions around them, on a fresh data
# directory with the livesnapctl given as $1, and prints each call with its exit status and
# stdout. Generated ids, times, ports and paths become placeholders, so the output of two builds
# can be compared byte for byte: tests/cli/readme_examples.expected is what the CLI printed
# before the core was split into layers (issue 12), plus the help's line about --version (issue
# 13) and the fields added since (issue 16: StreamInput.TlsVerify, the template's Width, Height,
# JpegQuality and CaptureMode; issue 14: a job's EngineHost and WaitingForHost, a local
# location's Host and SharedMount, ListEngines; only ever added, never changed), and the CTest
# cli_readme_examples keeps it so.
ctl=$1
dir=$(mktemp -d)
export LIVESNAP_DATA_DIR="$dir"
run() { printf '$ %s\n' "$*"; "$ctl" --data-dir "$dir" "$@" 2>/dev/null; echo " [exit $?]"; }
{
run CreateLiveSnapshotTemplate --TemplateName cams --TimeInterval 5 --SequenceFormat 'snapshot/{JobId}/{UnixTimestamp}.jpg'
run SubmitLiveSnapshotJob --JobName cam1 --TemplateId system-realtime-10s --StreamInput '{"Type":"rtmp","Url":"rtmp://127.0.0.1:19350/live/demo?token=abc"}' --SnapshotOutput '{"StorageType":"local","Bucket":"default"}'
job=$("$ctl" --data-dir "$dir" ListLiveSnapshotJobs | python3 -c 'import json,sys; print(json.load(sys.stdin)["JobList"][0]["JobId"])')
run SendLiveSnapshotJobCommand --JobId "$job" --Command start
run ListLiveSnapshotJobs --Status started
run GetLiveSnapshotJob --JobId "$job"
run GetLiveSnapshotJob --JobId "$job" --Reveal true
run ListLiveSnapshotFiles --JobId "$job" --StartTime 2026-11-25T00:00:00Z --Limit 20
run ListLiveSnapshotTemplates --PageSize 20
run GetLiveSnapshotTemplate --TemplateId system-realtime-10s
run CreateLiveSnapshotTemplate --TemplateName x --TimeInterval 4 --OverwriteFormat 'snapshot/{JobId}.jpg'
run CreateLiveSnapshotTemplate --TemplateName x --TimeInterval 5 --SequenceFormat 'shared/{Sequence}.jpg'
run SubmitLiveSnapshotJob --JobName bad --TemplateId system-realtime-10s --StreamInput '{"Type":"rtmp","Url":"http://x/y"}' --SnapshotOutput '{"StorageType":"local","Bucket":"default"}'
run DescribeLiveSnapshotUsage --StartTime 2026-11-01T00:00:00Z --EndTime 2026-12-01T00:00:00Z
run ExportLiveSnapshotUsage --StartTime 2026-11-01T00:00:00Z --EndTime 2026-12-01T00:00:00Z
run ListStorageLocations
run GetCallbackSettings
run SetCallbackSettings --CallbackUrl 'http://127.0.0.1:9/cb?key=secret'
run GetCallbackSettings
run DescribeEngineSettings
run GetEngineSettings
run ListEngines
run SendLiveSnapshotJobCommand --JobId "$job" --Command stop
run DeleteLiveSnapshotJob --JobId "$job"
run NoSuchAction
run --help
run SubmitLiveSnapshotJob --help
} | sed -E "s|$dir|<DIR>|g" | sed -E 's/[0-9a-f]{32}/<ID>/g; s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/<TIME>/g; s/127\.0\.0\.1:[0-9]+\//127.0.0.1:<PORT>\//g; s/(Expires=|Signature=)[^&"]+/\1<X>/g; s/"CreateTimestamp":[0-9]+/"CreateTimestamp":<N>/g; s/usage_[^"]*\.csv/usage_<F>.csv/g; s/"RequestId":"[^"]*"/"RequestId":"<R>"/g'
rm -rf "$dir"
