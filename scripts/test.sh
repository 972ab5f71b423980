#!/usr/bin/env bash
# Installs what is missing (scripts/deps.sh), then runs the suite in two passes, each built with
# two jobs and run through ctest --output-on-failure -j2:
#  1. build/ (configured once: Ninja, RelWithDebInfo): everything, the GUI tests included;
#  2. build-asan/ (or $LIVESNAP_ASAN_BUILD_DIR; Debug at -O1, AddressSanitizer + UndefinedBehavior-
#     Sanitizer, no GUI): livesnap_core, livesnapctl and their tests. Any sanitizer report fails the
#     pass; an ASan or leak report also when it comes from a child process (livesnapctl, serve)
#     whose exit status the test does not check.
# Extra arguments go to ctest in both passes, e.g. scripts/test.sh -R Catalog  or  scripts/test.sh -V
# (a filter that matches only GUI tests runs nothing in the second pass).
# LIVESNAP_SANITIZE=0 skips the second pass (quick local runs; CI always runs it).
# Exits non-zero when either pass fails. Idempotent; fast when nothing is missing or out of date.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$LIVESNAP_ROOT"

"$LIVESNAP_ROOT/scripts/deps.sh"
livesnap_ensure_moto
# Storage tests: the official ali-oss SDK produces the OSS signing vectors at test time
# (versions pinned in tests/support/vectors/package-lock.json), and s3rver serves the upload
# outage test. Reinstalled when the lock file is newer than what node_modules was built from.
if [ ! -d tests/support/vectors/node_modules ] ||
  [ tests/support/vectors/package-lock.json -nt tests/support/vectors/node_modules/.package-lock.json ]; then
  # Node trusts only its own CA list; also trust the system's (a site's TLS proxy CA lives there).
  if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -r /etc/ssl/certs/ca-certificates.crt ]; then
    export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
  fi
  npm ci --prefix tests/support/vectors --no-audit --no-fund >&2
fi
# shellcheck disable=SC2119  # no targets: build everything, tests included
livesnap_build

# Widget tests need no display; the servers the tests start pick free loopback ports,
# so tests may run in parallel.
export QT_QPA_PLATFORM=offscreen
rc=0
ctest --test-dir "$LIVESNAP_BUILD_DIR" --output-on-failure -j2 "$@" || rc=$?
if [ "$rc" -ne 0 ]; then
  log "ctest failed (exit $rc)"
fi

if [ "${LIVESNAP_SANITIZE:-1}" = 0 ]; then
  log "LIVESNAP_SANITIZE=0: sanitizer pass skipped"
  exit "$rc"
fi

asan_dir="${LIVESNAP_ASAN_BUILD_DIR:-$LIVESNAP_ROOT/build-asan}"
livesnap_configure "$asan_dir" -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g" \
  -DLIVESNAP_SANITIZERS=address,undefined -DLIVESNAP_BUILD_GUI=OFF
cmake --build "$asan_dir" -j2 >&2

# LeakSanitizer stops the process's threads with ptrace; where ptrace is denied (some
# containers) it cannot run at all. Then the pass goes on without leak checks, and says so.
leaks=1
if ASAN_OPTIONS=detect_leaks=1 "$asan_dir/src/cli/livesnapctl" --help 2>&1 >/dev/null |
  grep -q 'LeakSanitizer has encountered a fatal error'; then
  log "LeakSanitizer cannot run here (ptrace denied?): the sanitizer pass checks no leaks"
  leaks=0
fi
# AddressSanitizer and LeakSanitizer write their reports to files (one per process, named
# after its executable and pid), so that a report from a child process is not lost in a
# test's captured output. UndefinedBehaviorSanitizer (GCC runs it beside ASan, where it
# ignores log_path) prints to stderr; both end the process with exit status 1.
reports="$asan_dir/sanitizer-reports"
rm -rf "$reports"
mkdir -p "$reports"
export ASAN_OPTIONS="detect_leaks=$leaks:halt_on_error=1:detect_stack_use_after_return=1:\
check_initialization_order=1:strict_init_order=1:log_path=$reports/asan:log_exe_name=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
asan_rc=0
ctest --test-dir "$asan_dir" --output-on-failure -j2 "$@" || asan_rc=$?
if [ -n "$(ls -A "$reports")" ]; then
  for report in "$reports"/*; do
    log "sanitizer report $report:"
    cat "$report" >&2
  done
  asan_rc=1
fi
if [ "$asan_rc" -ne 0 ]; then
  log "sanitizer pass failed (exit $asan_rc)"
  rc=$asan_rc
fi
exit "$rc"
