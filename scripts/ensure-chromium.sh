#!/usr/bin/env bash
# The end-to-end tests need a Chromium. Playwright's own download is not reachable everywhere, so
# we use a system Chromium; on Debian/Ubuntu as root, install the distribution's package if missing.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] || ls "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium-* >/dev/null 2>&1; then exit 0; fi
for b in chromium chromium-browser google-chrome-stable google-chrome; do
  command -v "$b" >/dev/null 2>&1 && exit 0
done
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "No Chromium found: installing Debian's chromium package (about a minute)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "No Chromium found. Install one (e.g. 'sudo apt-get install chromium' or 'npx playwright install chromium'), or set CHROMIUM_PATH." >&2
exit 1
