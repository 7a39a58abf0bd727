#!/usr/bin/env bash
# Build the Windows one-folder application (build.spec) with PyInstaller on Windows' CPython under
# Wine, then try the built govreport.exe there, with code page 936 as on a Chinese Windows:
# --version, check of the demo, export to .docx and .xlsx, import of the .docx and of a PDF (made
# from the export by LibreOffice, read by the built program in a child of itself), a summed report
# of 210 units (worker processes of the frozen program), all in a folder "D:\年报 测试\…".
# Then govreport-gui.exe --smoke-test (open the demo, export it; offscreen) and the folder's size.
#
# Usage: bash tools/wine-build.sh        (set-up as tools/wine-test.sh; output in build/wine/dist/govreport-gui/)
# This is the proof that the Windows build works; the zip for clerks still comes from tools/build.ps1
# on a Windows PC (see README).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. tools/wine/env.sh
wine_setup
trap 'kill_leftovers; wineserver -k 2>/dev/null || true' EXIT

DIST="$CACHE/dist"
APP="$DIST/govreport-gui"
# Windows programs run with a pipe as stdout/stderr (a regular file kills them under Wine 8); their
# output is GBK unless they write UTF-8 themselves (govreport.exe does), so both are shown as UTF-8
run() { say "$*"; wine_zh "$@" 2>&1 < /dev/null | tr -d '\r' | iconv -f UTF-8 -t UTF-8 -c; return "${PIPESTATUS[0]}"; }

say "PyInstaller under Wine (a few minutes)"
rm -rf "$CACHE/pyinstaller" "$APP"
t0=$(date +%s)
wine_zh "$WPY" -m PyInstaller --noconfirm --clean --log-level WARN --workpath "$(winpath "$CACHE")\\pyinstaller" \
  --distpath "$(winpath "$CACHE")\\dist" build.spec 2>&1 < /dev/null | from_gbk | tr -d '\r' | grep -v -E "^\s*$" | tail -40
[ -f "$APP/govreport.exe" ] || die "PyInstaller built no $APP/govreport.exe"
say "built in $(( $(date +%s) - t0 )) s: $APP"

W='D:\年报 测试\build'
U="$CACHE/d-drive/年报 测试/build"
rm -rf "$U"; mkdir -p "$U"
EXE="$(winpath "$APP")\\govreport.exe"
DEMO="$(winpath "$APP")\\_internal\\resources\\demo\\demo.govreport"

run "$EXE" --version
run "$EXE" check "$DEMO"
run "$EXE" export "$DEMO" -o "$W\\年报 导出.docx"
run "$EXE" export "$DEMO" -o "$W\\年报 导出.xlsx"
run "$EXE" import "$W\\年报 导出.docx" -o "$W\\从Word 导入.govreport"
run "$EXE" import "$W\\年报 导出.xlsx" -o "$W\\从Excel 导入.govreport"
if command -v soffice >/dev/null 2>&1; then
  soffice -env:UserInstallation="file://$CACHE/lo-profile" --headless --convert-to pdf --outdir "$U" "$U/年报 导出.docx" >/dev/null 2>&1
  mv "$U/年报 导出.pdf" "$U/去年 年报.pdf"
  say "a PDF made by LibreOffice from the export, read by the built program in a child of itself"
  run "$EXE" import "$W\\去年 年报.pdf" -o "$W\\从PDF 导入.govreport"
  run "$EXE" check "$W\\从PDF 导入.govreport"
else
  say "no LibreOffice here: the PDF step is left out"
fi
python3 - "$U" "$ROOT/resources/demo/demo.govreport" <<'EOF'
import json, sys
from pathlib import Path
folder, demo = Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
for name in ("从Word 导入.govreport", "从Excel 导入.govreport", "从PDF 导入.govreport"):
    p = folder / name
    if p.exists():
        got = json.loads(p.read_text(encoding="utf-8"))
        same = got["values"] == demo["values"]
        print(f">> {name}: {len(got['values'])} values, {'the same as the demo' if same else 'DIFFERENT from the demo'}")
        if not same:
            sys.exit(1)
EOF

say "汇总 of 210 units by the built program (worker processes of a frozen program on Windows)"
mkdir -p "$U/各单位 报告"
python3 - "$ROOT/resources/demo/demo.govreport" "$U/各单位 报告" <<'EOF'
import json, sys
from pathlib import Path
demo = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
for i in range(210):
    demo["issuer"] = f"某某县第{i}单位"
    Path(sys.argv[2], f"单位 {i:03d}.govreport").write_text(json.dumps(demo, ensure_ascii=False), encoding="utf-8")
EOF
set +e
timeout 300 env LOCPATH="$CACHE/locale" LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 \
  wine "$EXE" aggregate "$W\\各单位 报告" --issuer "某某市" -o "$W\\汇总 结果.govreport" 2>&1 < /dev/null \
  | tr -d '\r' | tail -5 &
agg=$!
wait $agg; agg_rc=$?
set -e
kill_leftovers
if [ -f "$U/汇总 结果.govreport" ]; then
  say "汇总: $(python3 -c "import json,sys; d=json.load(open(sys.argv[1],encoding='utf-8')); print(d['issuer'], len(d.get('units', d.get('meta', {}).get('units', []))) or '', 'units')" "$U/汇总 结果.govreport" 2>/dev/null || echo written)"
else
  die "汇总 wrote nothing (exit $agg_rc)"
fi

say "govreport-gui.exe --smoke-test (open the demo and export it, offscreen)"
GUI="$(winpath "$APP")\\govreport-gui.exe"
set +e
# -platform on the command line: Wine passes no QT_* variable (QT_QPA_PLATFORM) to a Windows program
timeout 180 env LOCPATH="$CACHE/locale" LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 \
  GOVREPORT_DATA_DIR="$W\\data" wine "$GUI" --smoke-test "$W\\smoke" -platform offscreen 2>&1 < /dev/null | from_gbk | tr -d '\r' | tail -5
gui_rc=${PIPESTATUS[0]}
set -e
if [ "$gui_rc" = 0 ] && [ -s "$U/smoke/smoke.docx" ] && [ -s "$U/smoke/smoke.xlsx" ]; then
  say "GUI smoke test OK: $(cat "$U/smoke/smoke.txt" 2>/dev/null | head -3 | tr '\n' ' ')"
else
  say "GUI smoke test FAILED (exit $gui_rc)"
fi

size=$(du -sm "$APP" | cut -f1)
say "folder size: ${size} MB (target <= 200 MB); $(find "$APP" -type f | wc -l) files"
[ "$size" -le 200 ] || die "the folder is ${size} MB, over 200 MB"
[ "$gui_rc" = 0 ] || die "govreport-gui.exe --smoke-test failed"
echo "WINE BUILD OK: $APP"
