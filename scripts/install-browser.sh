#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver for the web page's browser test (sr4j-server
# BrowserTest drives /usr/bin/chromium through /usr/bin/chromedriver with Selenium). Run as root on
# Debian. Idempotent: returns at once when both packages are installed.
set -euo pipefail

packages=(chromium chromium-driver)

installed() {
  local p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || return 1
  done
}

if installed; then
  exit 0
fi
echo "installing ${packages[*]} (browser test of the web page)" >&2
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}"
