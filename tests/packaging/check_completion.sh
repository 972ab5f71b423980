#!/usr/bin/env bash
# The bash completion of livesnapctl, sourced in a plain bash: completes action prefixes, then
# every --Param that `livesnapctl <Action> --help` prints (read here on its own), without the
# ones already given, and directories after --data-dir.
#   check_completion.sh COMPLETION_FILE LIVESNAPCTL
set -uo pipefail

completion_file=$1
ctl=$2
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# shellcheck source=/dev/null
source "$completion_file" || { echo "FAIL: cannot source $completion_file"; exit 1; }
spec=$(complete -p livesnapctl 2>/dev/null) || { echo "FAIL: no completion for livesnapctl"; exit 1; }
function=$(sed -n 's/.* -F \([^ ]*\) .*/\1/p' <<<"$spec")
[ -n "$function" ] || { echo "FAIL: the completion is not a function: $spec"; exit 1; }

# complete WORD...: what bash would offer for the last word of "WORD..." (sorted, one a line).
complete_words() {
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  "$function" livesnapctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  printf '%s\n' "${COMPREPLY[@]}" | sort
}

export LC_ALL=C.UTF-8
data_dir=$(mktemp -d "${TMPDIR:-/tmp}/livesnap-completion-check.XXXXXX")
trap 'rm -rf "$data_dir"' EXIT
export LIVESNAP_DATA_DIR="$data_dir/data"

got=$(complete_words livesnapctl CreateLive)
[ "$got" = CreateLiveSnapshotTemplate ] || fail "CreateLive completes to '$got'"
got=$(complete_words livesnapctl ListLiveSnapshotJ | tr '\n' ' ')
[ "$got" = "ListLiveSnapshotJobEvents ListLiveSnapshotJobs " ] ||
  fail "ListLiveSnapshotJ completes to '$got'"
got=$(complete_words livesnapctl --data-dir "$data_dir" ser)
[ "$got" = serve ] || fail "an action after --data-dir DIR: ser completes to '$got'"
got=$(complete_words livesnapctl --data)
[ "$got" = --data-dir ] || fail "--data completes to '$got'"
mkdir "$data_dir/somewhere"
got=$(complete_words livesnapctl --data-dir "$data_dir/some")
[ "$got" = "$data_dir/somewhere" ] || fail "--data-dir does not complete a directory: '$got'"

# Every action of the help, and every parameter of each.
actions=$("$ctl" --help | sed -n '/^Actions:$/,$p' | sed -n 's/^  \([^ ]*\) .*/\1/p')
[ "$(wc -l <<<"$actions")" -gt 20 ] || fail "livesnapctl --help lists only: $actions"
offered=$(complete_words livesnapctl '')
for action in $actions; do
  grep -qx -- "$action" <<<"$offered" || fail "the action $action is not offered"
  params=$("$ctl" "$action" --help | tail -n +2 | sed -n 's/^ *\(--[A-Za-z][A-Za-z0-9_-]*\).*/\1/p')
  got=$(complete_words livesnapctl "$action" --)
  for param in $params; do
    grep -qx -- "$param" <<<"$got" || fail "$action --: $param is not offered (got: $got)"
  done
  grep -qx -- --data-dir <<<"$got" || fail "$action --: --data-dir is not offered"
done

got=$(complete_words livesnapctl CreateLiveSnapshotTemplate --Ti)
[ "$got" = --TimeInterval ] || fail "CreateLiveSnapshotTemplate --Ti completes to '$got'"
got=$(complete_words livesnapctl CreateLiveSnapshotTemplate --TemplateName x --Te)
[ -z "$got" ] || fail "a parameter already given is offered again: '$got'"
got=$(complete_words livesnapctl CreateLiveSnapshotTemplate --TemplateName '')
[ -z "$got" ] || fail "a parameter's value is completed with '$got'"

if [ "$failures" -gt 0 ]; then
  exit 1
fi
echo ok
