#!/usr/bin/env bash
# Renders the hicolor PNG sizes of the application icon from resources/livesnap.svg into
# resources/icons/livesnap-<size>.png. The PNGs are committed, so building never needs
# rsvg-convert (librsvg2-bin); run this again after changing the SVG, and commit the result.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v rsvg-convert >/dev/null 2>&1 ||
  { echo "render-icons: rsvg-convert is missing; apt-get install librsvg2-bin" >&2; exit 1; }
# The sizes packaging/CMakeLists.txt installs (keep the two lists equal).
for size in 16 22 24 32 48 64 128 256; do
  rsvg-convert --width "$size" --height "$size" --keep-aspect-ratio \
    --output "$root/resources/icons/livesnap-$size.png" "$root/resources/livesnap.svg"
done
