#!/usr/bin/env bash
# Installs everything the test suite needs that Maven does not bring. Safe to run again.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

"$here/fetch-test-data.sh"
