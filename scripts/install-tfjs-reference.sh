#!/usr/bin/env bash
# Installs the TensorFlow.js side of sr4j's parity tests for the UpscalerJS models: TF.js (pure-JS
# CPU backend, no native download) and the UpscalerJS packages' own JavaScript model definitions
# (custom layers MultiplyBeta / PixelShuffleNx, value ranges). Called by install-reference-programs.sh.
#
# Needs npm. Idempotent: once complete it writes a stamp and later runs return at once. Location:
# $SR4J_REFERENCE/tfjs (default ~/.cache/sr4j/reference/tfjs).
#
# Layout written:
#   $dest/node_modules/@tensorflow/tfjs-{core,layers,backend-cpu}   (NODE_PATH for the runner script)
#   $dest/upscalerjs/NAME/dist/cjs/...                              the packages' model definitions
#   $reference/packs/upscalerjs-NAME-1.0.0.tgz                      the npm tarballs, kept
set -euo pipefail

reference="${SR4J_REFERENCE:-$HOME/.cache/sr4j/reference}"
dest="$reference/tfjs"
stamp="$dest/.complete-v2"
[ -f "$stamp" ] && exit 0

# TF.js 4.11.0 (the version the UpscalerJS 1.0.0 packages declare as their peer dependency,
# ~4.11.0), pinned with its dependencies in tools/tfjs-reference/package-lock.json.
lock_dir="$(cd "$(dirname "$0")/../tools/tfjs-reference" && pwd)"
# Pinned packages: name and the SHA-256 of the tarball `npm pack NAME@1.0.0` returns.
upscalerjs=(
  "esrgan-slim b53070ff01363e74d33138106dcc72b58d341c9fb7e8fd648554a4e7744142b5"
  "esrgan-medium 367471ded0629387b9aabc75183be0b80d39d46c3f509945ebde4f5bf7a49627"
  "esrgan-thick 3d38971084d8281bf68da443085c7eb65355fb28aa81b33b54f950cca6328a15"
  "default-model 4d40035493971cf5a9dac28738dd04c5c13e5b936bf35fa467bb368b99a1d36c"
)

. "$(dirname "$0")/npm-pack-pinned.sh"

if ! command -v npm >/dev/null 2>&1; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null
fi

work="$dest.work.$$"
trap 'rm -rf "$work"' EXIT
rm -rf "$work"
mkdir -p "$work/upscalerjs" "$reference/packs"

# Exact versions and integrity hashes of TF.js and everything it pulls in: the committed lockfile.
cp "$lock_dir/package.json" "$lock_dir/package-lock.json" "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --silent >/dev/null)

for entry in "${upscalerjs[@]}"; do
  read -r name sha <<< "$entry"
  tgz="upscalerjs-$name-1.0.0.tgz"
  npm_pack_pinned "$reference/packs" "@upscalerjs/$name@1.0.0" "$tgz" "$sha"
  file="$reference/packs/$tgz"
  # Only the CommonJS definitions: the weights come from sr4j's model store (same SHA-256s).
  mkdir -p "$work/upscalerjs/$name"
  tar -xzf "$file" -C "$work/upscalerjs/$name" --strip-components=1 package/package.json package/dist/cjs
done

node -e "require('$work/node_modules/@tensorflow/tfjs-layers'); require('$work/node_modules/@tensorflow/tfjs-backend-cpu')"

rm -rf "$dest"
mv "$work" "$dest"
touch "$stamp"
echo "TF.js reference installed in $dest"
