#!/usr/bin/env bash
# Fetches the real photos the tests use from Debian packages and caches them.
# Idempotent: a complete cache is left alone. Override the location with SR4J_TESTDATA.
set -euo pipefail

dest="${SR4J_TESTDATA:-$HOME/.cache/sr4j/testdata}"
stamp="$dest/.complete-v1"
pingus_stamp="$dest/.complete-pingus-v1"
icc_stamp="$dest/.complete-icc-v1"
[ -f "$stamp" ] && [ -f "$pingus_stamp" ] && [ -f "$icc_stamp" ] && exit 0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# download PACKAGE: the .deb into $work, refreshing apt's lists once if they are missing or stale.
download() {
  (cd "$work" && apt-get download "$1" >/dev/null 2>&1) && return 0
  apt-get update -qq >/dev/null
  (cd "$work" && apt-get download "$1" >/dev/null)
}

if [ ! -f "$stamp" ]; then
  # python3-skimage ships scikit-image's sample photos (astronaut, coffee, chelsea, …) as PNG/JPEG.
  download python3-skimage
  dpkg -x "$work"/python3-skimage_*.deb "$work/x"
  mkdir -p "$dest/skimage"
  cp "$work"/x/usr/lib/python3/dist-packages/skimage/data/*.{png,jpg,tif} "$dest/skimage/"
  touch "$stamp"
fi

# pingus-data ships hand-drawn and painted game art (crayon story pictures, painted menu
# backgrounds): the illustrations of the quality tables and the assessment's labelled set.
if [ ! -f "$pingus_stamp" ]; then
  download pingus-data
  dpkg -x "$work"/pingus-data_*.deb "$work/p"
  images="$work/p/usr/share/games/pingus/data/images"
  mkdir -p "$dest/pingus"
  for n in 0 1 2 3 4 5 6; do cp "$images/story/story$n.png" "$dest/pingus/story$n.png"; done
  for n in 1 2 3 4; do cp "$images/core/menu/layer$n.png" "$dest/pingus/menu-layer$n.png"; done
  cp "$images/core/menu/blackboard.png" "$dest/pingus/blackboard.png"
  cp "$images/prefabs/sortie_entrance.png" "$dest/pingus/sortie-entrance.png"
  cp "$images/core/misc/logo.png" "$dest/pingus/logo.png"
  touch "$pingus_stamp"
fi

# Real ICC profiles: icc-profiles-free (sRGB, compatibleWithAdobeRGB1998, Gray, …) and colord-data
# (AdobeRGB1998, ProPhotoRGB, Rec709, …), for the colour-conversion tests.
if [ ! -f "$icc_stamp" ]; then
  mkdir -p "$dest/icc"
  for pkg in icc-profiles-free colord-data; do
    download "$pkg"
    dpkg -x "$work/${pkg}"_*.deb "$work/icc"
  done
  cp "$work"/icc/usr/share/color/icc/*.icc "$dest/icc/"
  cp "$work"/icc/usr/share/color/icc/colord/*.icc "$dest/icc/"   # colord's sRGB.icc replaces the other
  touch "$icc_stamp"
fi
echo "test photos cached in $dest"
