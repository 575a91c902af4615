#!/usr/bin/env bash
# Rebuilds the quality tables of docs/QUALITY.md: every network of the catalogue at its native
# scale against bicubic and Lanczos, on real photos and on real illustrations from Debian packages,
# and the 1x restoration table (JPEG q30 and q50 inputs) for the 1x denoise models.
#
#   tools/quality/build-tables.sh            # all of it (about 10-20 minutes on 2 cores)
#   CROP=256 tools/quality/build-tables.sh   # smaller HR crops, faster
#
# The model list comes from 'sr4j models list', so models added to the catalogue are covered by a
# re-run. Per-run reports (Markdown, every image) go to $OUT (default target/quality); the means
# replace the block between the 'quality-tables' markers of docs/QUALITY.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

CROP="${CROP:-384}"
OUT="${OUT:-target/quality}"
THREADS="${THREADS:-$(nproc)}"
data="${SR4J_TESTDATA:-$HOME/.cache/sr4j/testdata}"

scripts/fetch-test-data.sh
mkdir -p "$OUT/photos" "$OUT/illustrations"
# The sets: python3-skimage's colour and grey photos, pingus-data's drawn and painted art.
for f in astronaut chelsea coffee motorcycle_left camera grass; do
  cp "$data/skimage/$f.png" "$OUT/photos/"
done
for f in story1 story3 story5 menu-layer1 menu-layer2 sortie-entrance; do
  cp "$data/pingus/$f.png" "$OUT/illustrations/"
done

# SR4J_JAR runs a given jar (e.g. a copy, so that editing sources during the run does not
# rebuild the jar under it); by default the ./sr4j launcher, which builds the jar when needed.
sr4j() { if [ -n "${SR4J_JAR:-}" ]; then java -jar "$SR4J_JAR" "$@"; else ./sr4j "$@"; fi; }
sr4j --version >/dev/null

# id and scale of every network ('x4' -> 4); builtin filters have scale 'any'.
models=$(sr4j models list | awk 'NR > 1 && $2 ~ /^x[0-9]+$/ { print $1, substr($2, 2) }')
scales=$(echo "$models" | awk '$2 > 1 { print $2 }' | sort -n -u)

tables="$OUT/tables.md"
: > "$tables"

# run NAME ARGS...: one eval, its report kept as $OUT/NAME.md, its mean table appended to the tables.
run() {
  local name=$1; shift
  echo "== sr4j eval $*" >&2
  sr4j eval "$@" --crop "$CROP" --threads "$THREADS" --out "$OUT/$name.md"
  {
    echo
    echo "Command: \`sr4j eval $* --crop $CROP\`"
    echo
    # The report's heading and mean table, up to the blank line before the per-image table.
    awk 'NR == 1 { sub(/^### /, "#### "); print; next } /^$/ && seen { exit } /^\|/ { seen = 1 } { print }' "$OUT/$name.md"
  } >> "$tables"
}

for s in $scales; do
  ids=$(echo "$models" | awk -v s="$s" '$2 == s { print $1 }' | paste -sd, -)
  for set in photos illustrations; do
    run "x$s-$set" --hr "$OUT/$set" --scale "$s" --models "bicubic,lanczos,$ids"
  done
done

denoisers=$(echo "$models" | awk '$2 == 1 { print $1 }' | paste -sd, -)
for q in 30 50; do
  for set in photos illustrations; do
    run "x1-jpeg$q-$set" --hr "$OUT/$set" --scale 1 --degrade "jpeg:$q" --models "bicubic,$denoisers"
  done
done

# Splice the tables into docs/QUALITY.md between the markers.
doc=docs/QUALITY.md
awk -v tables="$tables" '
  /<!-- quality-tables:begin -->/ { print; while ((getline line < tables) > 0) print line; skip = 1; next }
  /<!-- quality-tables:end -->/ { skip = 0 }
  !skip { print }' "$doc" > "$doc.tmp"
mv "$doc.tmp" "$doc"
echo "tables written to $doc (reports in $OUT)" >&2
