#!/usr/bin/env bash
# sr4j side by side with the peer programs, same inputs (real photos), same models, same machine.
# Each pair runs interleaved (A B A B ...), REPS times; every run is a whole process timed by
# /usr/bin/time (wall, user+sys CPU, peak RSS). Prints per command the median (min-max) and per
# pair the A/B ratios pair by pair. Usage:
#   tools/bench/peers.sh [REPS (default 3)] [PAIRS (default: cugan,x4fast,tile,tfjs; also int8,cugan-int8)]
# Needs: the CLI jar (mvn -B -q -pl sr4j-cli -am package -DskipTests), the reference programs
# (scripts/install-reference-programs.sh), the photos (scripts/fetch-test-data.sh), node for tfjs.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPS=${1:-3}
PAIRS=${2:-cugan,x4fast,tile,tfjs}
REF=${SR4J_REFERENCE:-$HOME/.cache/sr4j/reference}
PHOTOS=${SR4J_PHOTOS:-$HOME/.cache/sr4j/testdata/skimage}
WORK=$(mktemp -d -t sr4j-peers.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# A copy of the jar: a rebuild during the run must not change what is measured.
JAR=$WORK/sr4j.jar
cp sr4j-cli/target/sr4j.jar "$JAR"
java -cp "$JAR" io.sr4j.bench.PeerInputs "$PHOTOS" "$WORK/in" 28
IN=$WORK/in
SR4J="java -jar $JAR"
echo "# $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $REPS interleaved runs per pair"

# run NAME CMD...: one timed run; appends "wall cpu rss_kb" to $WORK/NAME.times
run() {
  local name=$1; shift
  rm -rf "$WORK/out"; mkdir -p "$WORK/out"
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/t" "$@" >"$WORK/log" 2>&1 || { echo "$name failed:"; tail -5 "$WORK/log"; exit 1; }
  read -r wall user sys rss <"$WORK/t"
  echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $rss" >>"$WORK/$name.times"
}

# int8_graph MODEL: makes and stores the model's int8 graph (calibration) before any timed run
int8_graph() {
  $SR4J upscale -m "$1" --precision int8 -o "$WORK/warm.png" "$IN/photo-128.png" >/dev/null 2>&1
}

# pair A_NAME A_CMD B_NAME B_CMD (commands as strings, split by the shell)
pair() {
  local a=$1 acmd=$2 b=$3 bcmd=$4
  rm -f "$WORK/$a.times" "$WORK/$b.times"
  for _ in $(seq "$REPS"); do
    # shellcheck disable=SC2086
    run "$a" $acmd
    # shellcheck disable=SC2086
    run "$b" $bcmd
  done
  python3 - "$WORK/$a.times" "$WORK/$b.times" "$a" "$b" <<'PY'
import statistics, sys
def load(p): return [tuple(map(float, l.split())) for l in open(p)]
A, B, a, b = load(sys.argv[1]), load(sys.argv[2]), sys.argv[3], sys.argv[4]
def row(name, runs):
    f = lambda i, s=1: "%.2f (%.2f-%.2f)" % tuple(x / s for x in (statistics.median(r[i] for r in runs), min(r[i] for r in runs), max(r[i] for r in runs)))
    print("| %s | %s | %s | %s |" % (name, f(0), f(1), f(2, 1024)))
print("\n| command | wall s | CPU s (user+sys) | peak RSS MiB |\n|---|---|---|---|")
row(a, A); row(b, B)
for i, what in ((0, "wall"), (1, "CPU")):
    r = [x[i] / y[i] for x, y in zip(A, B)]
    print("%s / %s, %s time, pair by pair: median %.3f (%.3f-%.3f)" % (a, b, what, statistics.median(r), min(r), max(r)))
PY
}

for p in ${PAIRS//,/ }; do
  case $p in
    cugan) echo; echo "## Real-CUGAN up2x no-denoise, 28 photos of 240x240 (PNG in, PNG out)"
      pair sr4j "$SR4J upscale -m realcugan-up2x-no-denoise -o $WORK/out $IN/crops" \
        ncnn-cpu "$REF/realcugan/realcugan-ncnn-vulkan -g -1 -n -1 -s 2 -m $REF/realcugan/models-se -i $IN/crops -o $WORK/out" ;;
    x4fast) echo; echo "## realesrgan-x4fast, one 800x600 photo"
      pair sr4j "$SR4J upscale -m realesrgan-x4fast -o $WORK/out/x4.png $IN/photo-800x600.png" \
        upscayl-llvmpipe "$REF/upscayl/upscayl-bin -i $IN/photo-800x600.png -o $WORK/out/x4.png -n realesrgan-x4fast -m $REF/upscayl/models -s 4" ;;
    tile) echo; echo "## realesrgan-x4fast 800x600: default tiles (512) vs the whole image as one tile"
      pair sr4j-tile512 "$SR4J upscale -m realesrgan-x4fast -o $WORK/out/x4.png $IN/photo-800x600.png" \
        sr4j-one-tile "$SR4J upscale -m realesrgan-x4fast --tile 800 -o $WORK/out/x4.png $IN/photo-800x600.png" ;;
    tfjs) echo; echo "## esrgan-slim x4 (UpscalerJS), one 128x128 photo crop"
      def=$REF/tfjs/upscalerjs/esrgan-slim/dist/cjs/models/esrgan-slim/src/x4/cjs.js
      model=$HOME/.cache/sr4j/models/esrgan-slim-x4/model.json
      script=sr4j-pipeline/src/test/resources/io/sr4j/engine/reference/tfjs-upscale.js
      pair sr4j "$SR4J upscale -m esrgan-slim-x4 -o $WORK/out/x4.png $IN/photo-128.png" \
        tfjs-node "env NODE_PATH=$REF/tfjs/node_modules node $script $model $def $IN/photo-128.f32 128 128 $WORK/out/x4.f32" ;;
    int8) echo; echo "## realesrgan-x4fast 800x600: --precision int8 vs fp32"
      int8_graph realesrgan-x4fast
      pair sr4j-int8 "$SR4J upscale -m realesrgan-x4fast --precision int8 -o $WORK/out/x4.png $IN/photo-800x600.png" \
        sr4j-fp32 "$SR4J upscale -m realesrgan-x4fast -o $WORK/out/x4.png $IN/photo-800x600.png" ;;
    cugan-int8) echo; echo "## Real-CUGAN up2x no-denoise, 28 photos of 240x240: sr4j --precision int8 vs ncnn's CPU path"
      int8_graph realcugan-up2x-no-denoise
      pair sr4j-int8 "$SR4J upscale -m realcugan-up2x-no-denoise --precision int8 -o $WORK/out $IN/crops" \
        ncnn-cpu "$REF/realcugan/realcugan-ncnn-vulkan -g -1 -n -1 -s 2 -m $REF/realcugan/models-se -i $IN/crops -o $WORK/out" ;;
    *) echo "unknown pair $p (cugan, x4fast, tile, tfjs, int8, cugan-int8)"; exit 2 ;;
  esac
done
