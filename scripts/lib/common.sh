# Shared helpers for the LiveSnap scripts. Source it; do not run it.
# shellcheck shell=bash

# The repository root, whatever the caller's working directory.
LIVESNAP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LIVESNAP_BUILD_DIR="${LIVESNAP_BUILD_DIR:-$LIVESNAP_ROOT/build}"

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Configures the build directory once (Ninja, RelWithDebInfo), then builds with
# two jobs: everything, or only the targets given as arguments. When everything is
# up to date this is a Ninja no-op (well under a second).
livesnap_build() {
  local cache="$LIVESNAP_BUILD_DIR/CMakeCache.txt"
  if [ -f "$cache" ] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$cache"; then
    die "$LIVESNAP_BUILD_DIR was configured with another CMake generator; remove it (rm -rf '$LIVESNAP_BUILD_DIR') and run again"
  fi
  if [ ! -f "$LIVESNAP_BUILD_DIR/build.ninja" ]; then
    log "configuring $LIVESNAP_BUILD_DIR"
    cmake -S "$LIVESNAP_ROOT" -B "$LIVESNAP_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
  fi
  if [ $# -gt 0 ]; then
    cmake --build "$LIVESNAP_BUILD_DIR" -j2 --target "$@" >&2
  else
    cmake --build "$LIVESNAP_BUILD_DIR" -j2 >&2
  fi
}
