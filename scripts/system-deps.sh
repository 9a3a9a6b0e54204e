#!/usr/bin/env bash
# Debian packages the project needs beyond Python: Chromium, which prints the PDFs, and for the
# tests poppler-utils (pdftotext, pdftoppm).
# Installs only what is missing; needs root (or sudo) only when something is missing.
set -euo pipefail
want=(chromium)
[ "${1:-}" = "--test" ] && want+=(poppler-utils)
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "Please install: ${missing[*]} (no apt-get on this machine)" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
