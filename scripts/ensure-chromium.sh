#!/usr/bin/env bash
# Installs Debian's Chromium for the Playwright e2e tests when it is missing
# (`npx playwright install` cannot download browsers on these machines).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Chromium is missing and this user cannot apt-get install it: run 'sudo apt-get install -y chromium'" >&2
  exit 1
fi
echo "installing Debian chromium for the e2e tests..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version >&2
