#!/usr/bin/env bash
# Measures every candidate of the quality tiers (--quality fast|balanced|best) with sr4j eval and
# writes the table the code reads, sr4j-models/src/main/resources/io/sr4j/model/tiers.json, by the
# rule of docs/QUALITY.md ("Quality tiers"). Every candidate runs as a pipeline (-p), so each pays
# the same PNG round trip and their times compare. Reports: target/tiers/*.csv.
#   tools/quality/build-tiers.sh            # about 20 minutes on 2 cores
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
data="${SR4J_TESTDATA:-$HOME/.cache/sr4j/testdata}"
out="$root/target/tiers"
scripts/fetch-test-data.sh
rm -rf "$out" && mkdir -p "$out/photos" "$out/illustrations"
# Photos never trained on: python3-skimage's colour and grey photos and textures.
for f in astronaut chelsea coffee motorcycle_left camera grass rocket brick gravel coins moon; do
  cp "$data"/skimage/"$f".* "$out/photos/"
done
# Illustrations: pingus-data's crayon drawings and painted backgrounds.
for f in story1 story3 story5 menu-layer1 menu-layer2 sortie-entrance; do
  cp "$data/pingus/$f.png" "$out/illustrations/"
done

C=waifu2x-cunet-x2
candidates() {
  case "$1" in
    2) echo "sr=2:bicubic sr=2:lanczos sr=2:sr4j-fast-x2 sr=2:sr4j-fidelity-x2 sr=2:$C sr=2:$C:ensemble" ;;
    3) echo "sr=3:bicubic sr=3:lanczos sr=3:sr4j-fast-x3 sr=3:sr4j-fidelity-x4 sr=2:$C,sr=1.5:sr4j-fast-x2 sr=2:$C,sr=1.5:$C" ;;
    4) echo "sr=4:bicubic sr=4:lanczos sr=4:sr4j-fast-x4 sr=4:sr4j-fidelity-x4 sr=2:$C,sr=2:sr4j-fast-x2 sr=2:$C,sr=2:$C sr=2:$C:ensemble,sr=2:$C:ensemble" ;;
    8) echo "sr=8:bicubic sr=8:lanczos sr=8:sr4j-fast-x4 sr=2:sr4j-fast-x2,sr=4:sr4j-fast-x4 sr=2:$C,sr=4:sr4j-fast-x4 sr=2:$C,sr=2:$C,sr=2:$C" ;;
  esac
}

from=()
for set in photos:photo illustrations:anime; do
  dir="${set%%:*}"; domain="${set##*:}"
  for scale in 2 3 4 8; do
    args=()
    for p in $(candidates "$scale"); do args+=(-p "$p"); done
    ./sr4j eval --hr "$out/$dir" --scale "$scale" "${args[@]}" --crop 384 --out "$out/$dir-x$scale.csv"
    from+=(--from "$domain=$out/$dir-x$scale.csv")
  done
done
./sr4j models tiers "${from[@]}" --candidates \
  --measured-with "tools/quality/build-tiers.sh on $(date -u +%F): sr4j eval --crop 384, 11 skimage photos and 6 pingus illustrations, $(nproc) cores (shared), cost = median s per output Mpx of the whole pipeline (PNG in and out)" \
  --write sr4j-models/src/main/resources/io/sr4j/model/tiers.json
