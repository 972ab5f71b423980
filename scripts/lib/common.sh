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

# The S3 tests need moto_server (SigV4-checking S3; not packaged by Debian). Where none is on
# PATH, a virtual environment under the build directory gets the pinned moto[server] from the
# Python package index (pip's own settings apply: PIP_INDEX_URL, PIP_FIND_LINKS, a proxy) and
# its bin/ goes first on PATH. It sees the system's packages (python3-botocore), so the tests'
# python3 finds botocore either way. When the index cannot be reached, stops with one line
# saying what is missing and how to provide it.
LIVESNAP_MOTO_PIN='moto[server]==5.2.1'
livesnap_ensure_moto() {
  command -v moto_server >/dev/null 2>&1 && return 0
  local venv="$LIVESNAP_BUILD_DIR/moto-venv"
  if [ ! -x "$venv/bin/moto_server" ]; then
    log "moto_server is not on PATH: installing $LIVESNAP_MOTO_PIN into $venv"
    mkdir -p "$LIVESNAP_BUILD_DIR"
    if ! /usr/bin/python3 -m venv --system-site-packages "$venv" >&2 ||
      ! "$venv/bin/pip" install --quiet --retries 1 --timeout 20 "$LIVESNAP_MOTO_PIN" >&2; then
      rm -rf "$venv"
      die "moto_server is missing and $LIVESNAP_MOTO_PIN could not be installed from a Python package index (none reachable?): install it (pip install '$LIVESNAP_MOTO_PIN') so that moto_server is on PATH, or point PIP_INDEX_URL or PIP_FIND_LINKS at a source that has it, then run again"
    fi
  fi
  PATH="$venv/bin:$PATH"
  export PATH
}
