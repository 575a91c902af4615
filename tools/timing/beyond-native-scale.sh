#!/usr/bin/env bash
# x8 with a x4 network: network + bicubic, network + Lanczos, or two passes (README). Usage:
#   tools/timing/beyond-native-scale.sh [MODEL]
exec "$(dirname "$0")/run-test-main.sh" sr4j-pipeline io.sr4j.upscale.BeyondNativeScale "$@"
