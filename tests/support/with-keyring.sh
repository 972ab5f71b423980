#!/bin/bash
# Runs a command against a real, private gnome-keyring: a temporary HOME and XDG_RUNTIME_DIR
# (mode 700), a private D-Bus session bus (dbus-run-session) and gnome-keyring-daemon's Secret
# Service unlocked with a throwaway password. Nothing touches the caller's own keyring.
# The sandbox's root is exported as LIVESNAP_KEYRING_SANDBOX, and is removed afterwards.
set -euo pipefail

for tool in dbus-run-session gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null; then
        echo "with-keyring.sh: $tool is missing; install it with scripts/deps.sh" >&2
        exit 1
    fi
done

sandbox=$(mktemp -d "${TMPDIR:-/tmp}/livesnap-keyring.XXXXXX")
cleanup()
{
    rm -rf "$sandbox"
}
trap cleanup EXIT
mkdir -m 700 "$sandbox/home" "$sandbox/run" "$sandbox/data"

export HOME="$sandbox/home"
export XDG_RUNTIME_DIR="$sandbox/run"
export LIVESNAP_KEYRING_SANDBOX="$sandbox"
export LIVESNAP_DATA_DIR="$sandbox/data"
unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_STATE_HOME
unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
# Let QtKeychain pick the Secret Service, whatever desktop the caller runs.
unset XDG_CURRENT_DESKTOP DESKTOP_SESSION KDE_FULL_SESSION KDE_SESSION_VERSION
unset GNOME_DESKTOP_SESSION_ID

status=0
dbus-run-session -- bash -c '
    if ! echo -n pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null; then
        echo "with-keyring.sh: gnome-keyring-daemon did not start" >&2
        exit 1
    fi
    exec "$@"' with-keyring "$@" || status=$?
exit "$status"
