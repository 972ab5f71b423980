# Shared helpers for the LiveSnap scripts. Source it; do not run it.
# shellcheck shell=bash

# The repository root, whatever the caller's working directory.
LIVESNAP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LIVESNAP_BUILD_DIR="${LIVESNAP_BUILD_DIR:-$LIVESNAP_ROOT/build}"

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# livesnap_configure DIR [CMAKE_ARGS...]: configures DIR once (Ninja, with the given cache
# settings; through ccache when it is installed). A configured DIR is left as it is.
livesnap_configure() {
  local dir=$1
  shift
  local cache="$dir/CMakeCache.txt"
  if [ -f "$cache" ] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$cache"; then
    die "$dir was configured with another CMake generator; remove it (rm -rf '$dir') and run again"
  fi
  if [ ! -f "$dir/build.ninja" ]; then
    log "configuring $dir"
    if command -v ccache >/dev/null 2>&1; then
      set -- "$@" -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
    fi
    cmake -S "$LIVESNAP_ROOT" -B "$dir" -G Ninja "$@" >&2
  fi
}

# Configures the build directory once (Ninja, RelWithDebInfo), then builds with
# two jobs: everything, or only the targets given as arguments. When everything is
# up to date this is a Ninja no-op (well under a second).
livesnap_build() {
  livesnap_configure "$LIVESNAP_BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo
  if [ $# -gt 0 ]; then
    cmake --build "$LIVESNAP_BUILD_DIR" -j2 --target "$@" >&2
  else
    cmake --build "$LIVESNAP_BUILD_DIR" -j2 >&2
  fi
}
