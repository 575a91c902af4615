#!/usr/bin/env bash
# Fetches the real photos the tests use from Debian packages and caches them.
# Idempotent: a complete cache is left alone. Override the location with SR4J_TESTDATA.
set -euo pipefail

dest="${SR4J_TESTDATA:-$HOME/.cache/sr4j/testdata}"
stamp="$dest/.complete-v2"
[ -f "$stamp" ] && exit 0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# download PACKAGE: the .deb into $work, refreshing apt's lists once if they are missing or stale.
download() {
  (cd "$work" && apt-get download "$1" >/dev/null 2>&1) && return 0
  apt-get update -qq >/dev/null
  (cd "$work" && apt-get download "$1" >/dev/null)
}

# python3-skimage ships scikit-image's sample photos (astronaut, coffee, chelsea, …) as PNG/JPEG.
download python3-skimage
dpkg -x "$work"/python3-skimage_*.deb "$work/x"
mkdir -p "$dest/skimage"
cp "$work"/x/usr/lib/python3/dist-packages/skimage/data/*.{png,jpg,tif} "$dest/skimage/"
# Real ICC profiles: icc-profiles-free (sRGB, compatibleWithAdobeRGB1998, Gray, …) and colord-data
# (AdobeRGB1998, ProPhotoRGB, Rec709, …), for the colour-conversion tests.
mkdir -p "$dest/icc"
for pkg in icc-profiles-free colord-data; do
  download "$pkg"
  dpkg -x "$work/${pkg}"_*.deb "$work/x"
done
cp "$work"/x/usr/share/color/icc/*.icc "$dest/icc/"
cp "$work"/x/usr/share/color/icc/colord/*.icc "$dest/icc/"   # colord's sRGB.icc replaces the other
touch "$stamp"
echo "test photos cached in $dest"
