#!/usr/bin/env bash
# Builds the Debian package livesnap_<version>_amd64.deb: installs what is missing
# (scripts/deps.sh), builds what the package holds in build/ (Ninja, RelWithDebInfo: the build
# directory scripts/test.sh uses), then runs CPack's DEB generator on it (stripped binaries,
# Depends from dpkg-shlibdeps plus the plugins loaded at run time; see packaging/CMakeLists.txt).
# The package goes to build/package/ (or $LIVESNAP_PACKAGE_DIR); the last line printed (on
# stdout, everything else goes to stderr) is its path. Install it with
#   sudo apt-get install ./build/package/livesnap_<version>_amd64.deb
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$LIVESNAP_ROOT"

"$LIVESNAP_ROOT/scripts/deps.sh"
# The two programs, the compiled translations, and the man pages and bash completion (written
# from the programs' help).
livesnap_build livesnap livesnapctl livesnap_lrelease livesnap_package_files

config="$LIVESNAP_BUILD_DIR/CPackConfig.cmake"
[ -f "$config" ] ||
  die "$config is missing: $LIVESNAP_BUILD_DIR was configured without the GUI (LIVESNAP_BUILD_GUI=OFF)?"
out_dir="${LIVESNAP_PACKAGE_DIR:-$LIVESNAP_BUILD_DIR/package}"
mkdir -p "$out_dir"
rm -f "$out_dir"/livesnap_*.deb
log "packaging into $out_dir"
cpack --config "$config" -B "$out_dir" >&2

debs=("$out_dir"/livesnap_*.deb)
[ -f "${debs[0]}" ] || die "cpack made no package in $out_dir"
printf '%s\n' "${debs[0]}"
