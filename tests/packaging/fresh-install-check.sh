#!/usr/bin/env bash
# Installs a built LiveSnap package on a fresh Debian 12 (a minbase chroot made with debootstrap)
# the way a user would (apt-get install ./livesnap_…deb, without recommended packages, so the
# Depends alone must be enough), then runs both programs from it: `livesnapctl --version`, a
# few actions on a new data directory, and the GUI offscreen (in English and in Chinese) for a
# few seconds, ended with SIGTERM. Not part of the suite (it needs root, debootstrap and a
# Debian mirror; 2-5 minutes): run it by hand before a release.
# Usage (as root): tests/packaging/fresh-install-check.sh build/livesnap_0.1.0_amd64.deb
set -euo pipefail
deb=$(realpath "${1:?usage: $0 path/to/livesnap_VERSION_amd64.deb}")
[ "$(id -u)" = 0 ] || { echo "run as root (it makes a chroot)" >&2; exit 2; }
work=${FRESH_TMP:-${TMPDIR:-/tmp}/fresh-debian}
mkdir -p "$work"
mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}
if [ ! -s "$work/base.tgz" ]; then
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
  rm -rf "$work/base"
  debootstrap --variant=minbase bookworm "$work/base" "$mirror" >"$work/debootstrap.log" 2>&1
  tar -C "$work/base" -czf "$work/base.tgz" . && rm -rf "$work/base"
fi
root=$(mktemp -d "$work/install.XXXX")
undo() {
  for m in dev sys proc; do umount -l "$root/$m" 2>/dev/null || true; done
  rm -rf --one-file-system "$root"
}
trap undo EXIT
tar -C "$root" -xzf "$work/base.tgz"
cp /etc/resolv.conf "$root/etc/"
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
  cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/"
  rm -f "$root/etc/apt/sources.list"
fi
# A site's TLS proxy CA, where the mirror is reached through one.
if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
fi
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount --bind /sys "$root/sys"
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 bash -c "$1"; }

echo "== apt-get install ./$(basename "$deb") --no-install-recommends"
SECONDS=0
in_root "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  --no-install-recommends /tmp/$(basename "$deb") >/tmp/apt.log 2>&1 || { tail -20 /tmp/apt.log; exit 1; }"
# shellcheck disable=SC2016  # expanded inside the chroot
echo "installed in ${SECONDS}s; $(in_root 'dpkg-query -W -f="\${binary:Package} \${Version}\n" livesnap')"
echo "== what it installed"
in_root 'dpkg -L livesnap | grep -v "/$" | sort'

echo "== livesnapctl"
in_root 'livesnapctl --version'
in_root 'export LIVESNAP_DATA_DIR=/root/ls-data
livesnapctl ListLiveSnapshotTemplates --PageSize 3 | head -c 300; echo
livesnapctl CreateLiveSnapshotTemplate --TemplateName t --TimeInterval 4; echo " (exit $?)"
livesnapctl CreateLiveSnapshotTemplate --TemplateName cams --TimeInterval 5
livesnapctl SubmitLiveSnapshotJob --JobName cam1 --TemplateId system-realtime-10s \
  --StreamInput "{\"Type\":\"rtmp\",\"Url\":\"rtmp://127.0.0.1:1/live/x?token=s3cret\"}"
livesnapctl ListLiveSnapshotJobs | head -c 400; echo
if livesnapctl ListLiveSnapshotJobs | grep -q s3cret; then echo "the stream token shows"; exit 1; fi'
echo "== man livesnapctl, completion, help in Chinese"
in_root 'zcat /usr/share/man/man1/livesnapctl.1.gz | grep -c "^\.SS" | sed "s/^/man livesnapctl: sections per action: /"
bash -c "source /usr/share/bash-completion/completions/livesnapctl; complete -p livesnapctl"
LANG=zh_CN.UTF-8 QT_QPA_PLATFORM=offscreen livesnap --help 2>/dev/null | head -3'

echo "== livesnap (offscreen), English and Chinese"
for lang in C.UTF-8 zh_CN.UTF-8; do
  in_root "export LIVESNAP_DATA_DIR=/root/ls-data QT_QPA_PLATFORM=offscreen LANG=$lang LC_ALL=$lang
livesnap >/tmp/gui.log 2>&1 & pid=\$!
sleep 6
if ! kill -0 \$pid 2>/dev/null; then echo 'livesnap ($lang) exited early:'; cat /tmp/gui.log; exit 1; fi
kill -TERM \$pid; rc=0; wait \$pid || rc=\$?
echo \"livesnap ($lang): ran 6 s, exit \$rc after SIGTERM\"; grep -v '^$' /tmp/gui.log | head -5
[ \$rc = 0 ]"
done
echo "fresh-install check passed"
