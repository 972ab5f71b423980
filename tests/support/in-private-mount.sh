#!/bin/sh
# Runs a test in a mount namespace of its own so that it can mount a tmpfs.
# root: a plain mount namespace; others: map themselves to root in a user namespace first.
# Inside a chroot the root is no mount point and its propagation cannot be made private: then
# the namespace keeps the propagation it has (the test unmounts what it mounted).
if [ "$(id -u)" = 0 ]; then user=""; else user="--map-root-user"; fi
if unshare --mount $user --propagation private true 2>/dev/null; then
    exec unshare --mount $user --propagation private "$@"
fi
exec unshare --mount $user --propagation unchanged "$@"
