#!/usr/bin/env bash
# Installs what is missing (scripts/deps.sh), configures build/ once (Ninja, RelWithDebInfo),
# builds with two jobs and runs the whole suite through ctest --output-on-failure.
# Extra arguments go to ctest, e.g. scripts/test.sh -R Catalog  or  scripts/test.sh -V.
# Exits with ctest's status. Idempotent; fast when nothing is missing or out of date.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$LIVESNAP_ROOT"

"$LIVESNAP_ROOT/scripts/deps.sh"
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
exit "$rc"
