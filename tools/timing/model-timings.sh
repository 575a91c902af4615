#!/usr/bin/env bash
# Seconds per 256x256 input for every catalogue network (docs/MODELS.md). Usage:
#   tools/timing/model-timings.sh [SIZE] [ID_REGEX] [TILE]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -pl sr4j-pipeline -am test-compile -DskipTests
cp=$(mvn -B -q -pl sr4j-pipeline dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
exec java -cp "sr4j-pipeline/target/test-classes:sr4j-pipeline/target/classes:sr4j-core/target/classes:sr4j-core/target/test-classes:$cp" \
  io.sr4j.upscale.ModelTimings "$@"
