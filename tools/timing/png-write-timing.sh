#!/usr/bin/env bash
# sr4j PNG writer vs ImageIO PNG writer on a 4000x3000 image (README). Usage:
#   tools/timing/png-write-timing.sh
exec "$(dirname "$0")/run-test-main.sh" sr4j-core io.sr4j.io.PngWriteTiming "$@"
