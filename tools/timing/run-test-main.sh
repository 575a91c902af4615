#!/usr/bin/env bash
# Runs a measuring tool kept with a module's tests (a class with main). Usage:
#   tools/timing/run-test-main.sh MODULE CLASS [ARGS...]
set -euo pipefail
cd "$(dirname "$0")/../.."
module=$1
main=$2
shift 2
mvn -B -q -pl "$module" -am test-compile -DskipTests
cp=$(mvn -B -q -pl "$module" dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
exec java -cp "$module/target/test-classes:$module/target/classes:sr4j-core/target/classes:sr4j-core/target/test-classes:$cp" \
  "$main" "$@"
