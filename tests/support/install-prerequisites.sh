#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for the demo and the tests: Debian's Chromium and Firefox ESR
# (no browser download: Playwright drives the system Chromium, puppeteer-core the system Firefox over
# WebDriver BiDi) and the locked npm dependencies.
set -euo pipefail
cd "$(dirname "$0")/../.."

chromium_present() {
  [ -n "${CHROMIUM_PATH:-}" ] && [ -x "${CHROMIUM_PATH}" ] && return 0
  [ -x /usr/lib/chromium/chromium ]
}

firefox_present() {
  [ -n "${FIREFOX_PATH:-}" ] && [ -x "${FIREFOX_PATH}" ] && return 0
  [ -x /usr/lib/firefox-esr/firefox-esr ]
}

missing=()
chromium_present || missing+=(chromium)
firefox_present || missing+=(firefox-esr)

if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing Debian's ${missing[*]}..."
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "${missing[*]} missing and this user cannot install it: run as root or set CHROMIUM_PATH / FIREFOX_PATH." >&2; exit 1; }
    sudo_cmd=(sudo)
  fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

npm ci --no-audit --no-fund
