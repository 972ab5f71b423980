#!/bin/sh
# Runs a test in a private mount namespace so that it can mount a tmpfs of its own.
# root: a plain mount namespace (also works inside a chroot); others: map themselves to root in
# a user namespace first.
if [ "$(id -u)" = 0 ]; then
    exec unshare --mount --propagation private "$@"
else
    exec unshare --mount --propagation private --map-root-user "$@"
fi
