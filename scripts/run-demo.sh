#!/usr/bin/env bash
# Set up (first time) and open the app on the bundled demo report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo ">> no screen (DISPLAY is not set): starting the app on a virtual screen (xvfb-run)."
  exec xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/govreport-gui resources/demo/demo.govreport "$@"
fi
exec .venv/bin/govreport-gui resources/demo/demo.govreport "$@"
