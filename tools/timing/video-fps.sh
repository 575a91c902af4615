#!/usr/bin/env bash
# Frames per second of `sr4j video` on a generated clip (moving pattern + 440 Hz tone, made with
# the FFmpeg bindings by sr4j-video's test helper TestClips).
#
#   tools/timing/video-fps.sh [WIDTH HEIGHT SECONDS MODEL]   # default: 960 540 2 realesr-animevideov3-x4
#
# Prints the command's own summary line (fps and the working time of each stage).
set -euo pipefail
cd "$(dirname "$0")/../.."
width="${1:-960}" height="${2:-540}" seconds="${3:-2}" model="${4:-realesr-animevideov3-x4}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mvn -B -q -o -pl sr4j-cli -am package -DskipTests
(cd sr4j-video && mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$work/cp.txt" >/dev/null)
java -cp "sr4j-video/target/test-classes:sr4j-video/target/classes:$(cat "$work/cp.txt")" \
    io.sr4j.video.TestClips "$work/clip.mp4" "$width" "$height" 24 "$seconds"
java -jar sr4j-cli/target/sr4j.jar video "$work/clip.mp4" -o "$work/out.mp4" --model "$model" 2>&1 | tail -n 1
