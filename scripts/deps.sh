#!/usr/bin/env bash
# Installs what LiveSnap needs to build, run and test, if anything is missing.
# Idempotent: when every package is present it returns in well under a second.
set -euo pipefail

APT_PACKAGES=(
  # build
  cmake ninja-build g++ pkg-config git ca-certificates
  # Qt 6 and QtKeychain
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-tools-dev qt6-tools-dev-tools
  libqt6sql6-psql # a shared PostgreSQL catalog (--catalog postgresql://...)
  qt6-l10n-tools qt6-multimedia-dev qt6-charts-dev libqt6opengl6-dev qtkeychain-qt6-dev libgl-dev
  # capture
  libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libturbojpeg0-dev
  libgnutls28-dev # names why a TLS stream's certificate fails (media/TlsCertificateCheck)
  # real servers and tools used by run.sh and the tests
  ffmpeg nginx libnginx-mod-rtmp gnome-keyring
  libnginx-mod-stream # tests/support/TlsFront: nginx terminating TLS in front of nginx-rtmp
  libsecret-tools dbus dbus-x11
  xvfb xauth procps python3 curl
  # tests/support/PostgresServer: a real PostgreSQL 15 (initdb + postgres as nobody) for the
  # shared-catalog tests and bench/run_scaleout.py; psql for the README's setup commands
  postgresql-15 postgresql-client-15
  # tests/support/RtspServer: VLC's RTSP server (stream_out_rtp) and its TS demuxer
  vlc-bin vlc-plugin-base
  # the S3 signing vectors (tests/storage: botocore signs them) and moto_server's virtual
  # environment, made by test.sh where no moto_server is installed
  python3-botocore python3-venv
  # the Debian package (scripts/package.sh: CPack runs dpkg-shlibdeps) and its checks
  dpkg-dev lintian appstream desktop-file-utils
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# node and npm produce the OSS signing vectors (tests/support/vectors). Debian's npm conflicts
# with a Node.js installed another way (e.g. NodeSource's, which bundles npm): install Debian's
# only when there is no npm at all.
if ! command -v npm >/dev/null 2>&1; then
  echo "deps: installing nodejs npm" >&2
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

# nginx must never run as the system service on a test/dev machine: we start our own
# instances on loopback from temp configs. Debian starts it on install where systemd runs.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet nginx 2>/dev/null; then
  systemctl stop nginx >/dev/null 2>&1 || true
fi
