#!/usr/bin/env bash
# English translation of the UI (Qt Linguist files).
# Usage: scripts/i18n.sh [build|update]
#   build  (default) compile resources/i18n/govreport_en.ts into govreport_en.qm (build artifact)
#   update re-extract tr() strings from the sources into govreport_en.ts (drops obsolete ones)
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
TS=resources/i18n/govreport_en.ts
QM=resources/i18n/govreport_en.qm

case "${1:-build}" in
  update)
    "$BIN/pyside6-lupdate" govreport_gui/ui/*.py govreport_gui/app.py \
      -no-obsolete -locations relative -source-language zh_CN -target-language en -ts "$TS"
    ;;
  build)
    "$BIN/pyside6-lrelease" "$TS" -qm "$QM"
    ;;
  *)
    echo "usage: $0 [build|update]" >&2
    exit 2
    ;;
esac
