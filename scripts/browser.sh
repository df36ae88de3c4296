#!/usr/bin/env bash
# scripts/browser.sh - the headless browser of the dashboard's tests: Debian's chromium.
#
# Usage: bash scripts/browser.sh
#
# Installs Debian's chromium package (apt-get, as root; about a minute and 155 MB) when
# /usr/bin/chromium is missing, then prints the browser's version. A no-op when it is there.
# Nothing is downloaded by Playwright: the tests launch /usr/bin/chromium through playwright-core.
# Messages go to stderr prefixed "browser.sh:".
set -euo pipefail

CHROMIUM=/usr/bin/chromium

log() { printf 'browser.sh: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

if [[ ! -x $CHROMIUM ]]; then
  [[ $EUID -eq 0 ]] || die "chromium is not installed; as root run: apt-get install -y chromium"
  apt_log=$(mktemp)
  log "installing Debian's chromium package (apt-get, takes about a minute)..."
  if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; } >"$apt_log" 2>&1; then
    tail -n 30 "$apt_log" >&2
    rm -f -- "$apt_log"
    die "apt-get install chromium failed"
  fi
  rm -f -- "$apt_log"
  [[ -x $CHROMIUM ]] || die "no $CHROMIUM after installing chromium"
fi

# The Debian wrapper script prints a harmless "[: ...: unexpected operator" line on stderr.
log "$("$CHROMIUM" --headless --version 2>/dev/null || echo "chromium at $CHROMIUM")"
