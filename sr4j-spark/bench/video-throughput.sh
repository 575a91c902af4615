#!/usr/bin/env bash
# Throughput of the Spark job on videos on this machine: local[1] against local[2], same clips.
# Usage: sr4j-spark/bench/video-throughput.sh [MODEL] [RUNS] [SECONDS]
#   (default sr4j-fast-x2 at x2, 2 runs each, two clips of 4 s)
# Inputs: two 320x180 24 fps clips made with Debian's ffmpeg (test pattern, a key frame every
# 12 frames, an AAC tone), cut into half-second segments (12 frames, one task each). One network
# thread per task, so local[N] runs N segments at once. Prints seconds and output frames per second
# per run (the whole command: JVM and Spark start-up included).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
model="${1:-sr4j-fast-x2}"
runs="${2:-2}"
seconds="${3:-4}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in/a" "$work/in/b"
for clip in a/one.mp4 b/two.mkv; do
  ffmpeg -v error -f lavfi -i "testsrc2=size=320x180:rate=24:duration=$seconds" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$seconds" \
    -c:v libx264 -preset veryfast -g 12 -pix_fmt yuv420p -c:a aac -shortest "$work/in/$clip"
done
frames=$(for f in "$work"/in/*/*; do
  ffprobe -v error -select_streams v:0 -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$f"
done | paste -sd+ | bc)
echo "inputs: 2 clips, $frames frames of 320x180; model $model x2; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$root/sr4j" batch --help >/dev/null # build first, outside the timings
for run in $(seq 1 "$runs"); do
  for master in 'local[1]' 'local[2]'; do
    rm -rf "$work/out"
    start=$(date +%s.%N)
    "$root/sr4j" batch --spark "$master" "$work/in" "$work/out" --model "$model" --scale 2 --threads 1 \
      --segment 0.5 --no-assess >/dev/null 2>"$work/log" || { cat "$work/log" >&2; exit 1; }
    end=$(date +%s.%N)
    grep -q '2 written, 0 skipped, 0 failed' "$work/log" || { cat "$work/log" >&2; exit 1; }
    python3 -c "s=$end-$start; print(f'run $run {\"$master\":9s} {s:6.1f} s  {$frames/s:.2f} frames/s (load now $(cut -d' ' -f1 /proc/loadavg))')"
  done
done
