#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for the demo and the tests: Debian's Chromium (no browser
# download: Playwright drives the system one) and the locked npm dependencies.
set -euo pipefail
cd "$(dirname "$0")/../.."

chromium_present() {
  [ -n "${CHROMIUM_PATH:-}" ] && [ -x "${CHROMIUM_PATH}" ] && return 0
  [ -x /usr/lib/chromium/chromium ]
}

if ! chromium_present; then
  echo "Installing Debian's chromium package..."
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "Chromium is missing and this user cannot install it: run as root or set CHROMIUM_PATH." >&2; exit 1; }
    sudo_cmd=(sudo)
  fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq chromium >/dev/null
fi

npm ci --no-audit --no-fund
