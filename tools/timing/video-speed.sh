#!/usr/bin/env bash
# The two ways to a faster `sr4j video` (docs/PERFORMANCE.md, "Video"): int8 against fp32, and exact
# tile reuse, each on the same short clips in one session, runs alternated (the machine is shared).
#
#   tools/timing/video-speed.sh precision [FRAMES MODEL]   # TestClips clip: fp32, int8, fp32, int8; PSNR
#   tools/timing/video-speed.sh reuse [FRAMES MODEL]       # still, noisy and screen clips: reuse off, on, off, on
#
# For reuse, PRECISION=int8 runs the int8 network, RUNS="off on" fewer runs, CLIPS="screen" fewer clips.
#
# Prints each run's summary line and /usr/bin/time's user+sys CPU seconds and wall time. Needs the
# jar (mvn -B -q -o -pl sr4j-cli -am package -DskipTests) and Debian's ffmpeg for the clips and PSNR.
set -euo pipefail
cd "$(dirname "$0")/../.."
what="${1:?precision or reuse}" frames="${2:-12}" model="${3:-realesr-animevideov3-x4}"
work="${SR4J_TIMING_DIR:-$(mktemp -d)}"
jar="$work/sr4j.jar"
cp sr4j-cli/target/sr4j.jar "$jar" # a rebuild during the runs must not change what is timed

# One timed run: prints the summary line, then "cpu U+S s, wall W s".
timed() {
  local log="$work/time.log"
  /usr/bin/time -v -o "$log" java -jar "$jar" video "$@" 2>&1 | tail -n 1
  awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} /Elapsed/ {w=$2}
      END {printf "  cpu %.1f s (user %.1f + sys %.1f), wall %s\n", u+s, u, s, w}' "$log"
}

case "$what" in
  precision)
    (cd sr4j-video && mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$work/cp.txt" >/dev/null)
    java -cp "sr4j-video/target/test-classes:sr4j-video/target/classes:$(cat "$work/cp.txt")" \
        io.sr4j.video.TestClips "$work/clip.mp4" 960 540 24 "$(awk "BEGIN {print $frames / 24}")"
    # The first int8 use calibrates the model and stores its int8 graph: not part of the timing.
    java -jar "$jar" video "$work/clip.mp4" -o "$work/warm.mp4" --model "$model" --precision int8 \
        --duration 0.05 2>&1 | tail -n 1
    for p in fp32 int8 fp32 int8; do
      echo "$p:"
      timed "$work/clip.mp4" -o "$work/$p.mp4" --model "$model" --precision "$p" --no-tile-reuse
    done
    # Quality: both lossless (crf 0), decoded and compared frame by frame.
    for p in fp32 int8; do
      java -jar "$jar" video "$work/clip.mp4" -o "$work/$p-lossless.mkv" --model "$model" --precision "$p" \
          --crf 0 2>&1 | tail -n 1
    done
    echo "int8 against fp32 (lossless outputs, decoded):"
    ffmpeg -i "$work/int8-lossless.mkv" -i "$work/fp32-lossless.mkv" -lavfi psnr -f null - 2>&1 \
        | grep -o 'PSNR y.*' | tail -n 1
    ;;
  reuse)
    photo="${SR4J_PHOTO:-$HOME/.cache/sr4j/testdata/skimage/coffee.png}"
    seconds="$(awk "BEGIN {print $frames / 24}")"
    square="scale=960:540,format=yuv420p,drawbox=x=40:y=200:w=96:h=96:color=red:t=fill"
    # Still: a still photo with a square on it, h264 crf 18 (x264 still re-codes parts of it).
    ffmpeg -v error -y -loop 1 -framerate 24 -i "$photo" -t "$seconds" -vf "$square" -c:v libx264 -crf 18 \
        "$work/still.mp4"
    # Noisy: the same with fresh sensor-like noise in every frame (as camera footage is).
    ffmpeg -v error -y -loop 1 -framerate 24 -i "$photo" -t "$seconds" -vf "$square,noise=alls=6:allf=t" \
        -c:v libx264 -crf 18 "$work/noisy.mp4"
    # Screen: the photo with a square sliding across it (20 px a frame), lossless, as a screen recording.
    ffmpeg -v error -y -loop 1 -framerate 24 -i "$photo" -f lavfi -i "color=red:s=96x96:r=24" -t "$seconds" \
        -filter_complex "[0]scale=960:540[bg];[bg][1]overlay=x='40+t*480':y=200,format=yuv420p" \
        -c:v libx264 -qp 0 "$work/screen.mp4"
    for clip in ${CLIPS:-still noisy screen}; do
      for r in ${RUNS:-off on off on}; do
        echo "$clip, reuse $r:"
        timed "$work/$clip.mp4" -o "$work/$clip-$r.mp4" --model "$model" --precision "${PRECISION:-fp32}" \
            $([ "$r" = off ] && echo --no-tile-reuse)
      done
      # Exact: reuse on and off give the same decoded frames (x264 is deterministic: same frames in, same out).
      for r in off on; do
        ffmpeg -v error -i "$work/$clip-$r.mp4" -map 0:v -f framemd5 "$work/$clip-$r.md5"
      done
      if cmp -s <(grep -v '^#' "$work/$clip-off.md5") <(grep -v '^#' "$work/$clip-on.md5"); then
        echo "  $clip: decoded frames identical with reuse on and off"
      else
        echo "  $clip: decoded frames DIFFER"
      fi
    done
    ;;
  *) echo "usage: $0 precision|reuse [FRAMES MODEL]" >&2; exit 2 ;;
esac
