#!/usr/bin/env bash
# First-time set-up on a fresh machine: a browser, the npm packages, the build.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }

find_browser() {
  if [ -n "${PUPPETEER_EXECUTABLE_PATH:-}" ] && [ -x "${PUPPETEER_EXECUTABLE_PATH}" ]; then
    echo "$PUPPETEER_EXECUTABLE_PATH"; return 0
  fi
  for candidate in chromium chromium-browser google-chrome-stable google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then command -v "$candidate"; return 0; fi
  done
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /snap/bin/chromium; do
    if [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

if browser=$(find_browser); then
  say "browser: $browser"
else
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "no Chromium found: installing Debian's chromium package"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    say "browser: $(find_browser)"
  else
    say "no Chromium found. Install one, then run this again:"
    say "  Debian/Ubuntu: sudo apt-get install chromium"
    say "  or set PUPPETEER_EXECUTABLE_PATH=/path/to/chrome"
    exit 1
  fi
fi

# Puppeteer must never download a browser of its own (there is no network for it).
export PUPPETEER_SKIP_DOWNLOAD=1
if [ -f package-lock.json ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi

say "compiling TypeScript"
npm run build --silent
say "done: run 'npm run build:pdf' to build input/ into output/"
