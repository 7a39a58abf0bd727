#!/usr/bin/env bash
# Sets up everything the app and its tests need, idempotently:
#   Debian packages (when run as root): CJK fonts, the X/GL libraries Qt needs,
#   Xvfb; then a virtual environment .venv with the project installed (editable).
# Usage: scripts/setup.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
APT_PKGS=(fonts-noto-cjk libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
          libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0 libxcb-shape0
          libxcb-xinerama0 libxcb-randr0 libxcb-xkb1 xvfb xauth)

missing=()
if command -v dpkg >/dev/null 2>&1; then
  for p in "${APT_PKGS[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  $PY -m venv --help >/dev/null 2>&1 && $PY -c 'import ensurepip' 2>/dev/null || missing+=(python3-venv)
fi
if [ "${1:-}" = "--test" ] && command -v dpkg >/dev/null 2>&1; then
  # the tests convert exported documents with LibreOffice and read PDFs with poppler;
  # tests/test_real_window.py drives the app in Xvfb with real X input events (xdotool)
  for p in libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils xdotool; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo ">> apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo ">> missing Debian packages (install them as root): ${missing[*]}" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  echo ">> creating .venv"
  $PY -m venv .venv
fi
extra=""
[ "${1:-}" = "--test" ] && extra="[test]"
stamp=".venv/.installed${extra}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo ">> pip install -e .${extra}"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extra}"
  touch "$stamp"
fi
# the English UI translation (a build artifact, not committed)
if [ ! -f resources/i18n/govreport_en.qm ] || [ resources/i18n/govreport_en.ts -nt resources/i18n/govreport_en.qm ]; then
  bash scripts/i18n.sh build >/dev/null
fi
