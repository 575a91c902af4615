#!/usr/bin/env bash
# Fetches the photos sr4j's own networks are trained on, from Debian wallpaper packages, and caches
# them in $SR4J_TRAINDATA (default ~/.cache/sr4j/traindata):
#   train/mate-nature/   mate-backgrounds: usr/share/backgrounds/mate/nature/*.jpg minus TwoWings.jpg
#   train/lomiri/        lomiri-wallpapers-16.04 and -20.04: the photographs (*_by_*.jpg), minus the
#                        painting, the pattern, the Focal Fossa artwork and the validation photo
#   validation/          TwoWings.jpg (mate) and picosdeeuropa_by_Aitzol_Berasategi.jpg (lomiri): held
#                        out; chosen for their detail (bicubic x4 on their centres: 29.3 and 26.9 dB)
# opencv-doc, ukui-wallpapers and python3-skimage are NOT used: they evaluate the results.
# Idempotent: a complete cache (stamp file) is left alone.
set -euo pipefail

dest="${SR4J_TRAINDATA:-$HOME/.cache/sr4j/traindata}"
stamp="$dest/.complete-v2"
[ -f "$stamp" ] && exit 0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

download() {
  (cd "$work" && apt-get download "$1" >/dev/null 2>&1) && return 0
  apt-get update -qq >/dev/null
  (cd "$work" && apt-get download "$1" >/dev/null)
}

for pkg in mate-backgrounds lomiri-wallpapers-16.04 lomiri-wallpapers-20.04; do
  download "$pkg"
  dpkg -x "$work/${pkg}"_*.deb "$work/x"
done
bg="$work/x/usr/share/backgrounds"
rm -rf "$dest/train" "$dest/validation"
mkdir -p "$dest/train/mate-nature" "$dest/train/lomiri" "$dest/validation"
cp "$bg"/mate/nature/*.jpg "$dest/train/mate-nature/"
cp "$bg"/*_by_*.jpg "$dest/train/lomiri/"
rm -f "$dest/train/lomiri/Painting-Colors_by__herobrine7gamer.jpg" \
      "$dest/train/lomiri/analogpattern_by_Peter_Nerlich.jpg" \
      "$dest/train/lomiri/Fossa_by_Jasper_Roks.jpg"
mv "$dest/train/mate-nature/TwoWings.jpg" "$dest/validation/"
mv "$dest/train/lomiri/picosdeeuropa_by_Aitzol_Berasategi.jpg" "$dest/validation/"
touch "$stamp"
echo "training photos cached in $dest"
