#!/usr/bin/env bash
# Build the one-folder application with PyInstaller and try the built program:
# --version, opening the demo and exporting it (offscreen), the command line, exit status.
# Usage: bash tools/build.sh        (takes a few minutes; output in dist/govreport-gui/)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pip install -q --disable-pip-version-check "pyinstaller>=6.10,<7"
rm -rf build/pyinstaller dist/govreport-gui
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN --workpath build/pyinstaller --distpath dist build.spec
APP=dist/govreport-gui
out=$(mktemp -d)
echo ">> $APP/govreport-gui --version"
"$APP/govreport-gui" --version
echo ">> open the demo and export it, offscreen"
QT_QPA_PLATFORM=offscreen GOVREPORT_DATA_DIR="$out/data" "$APP/govreport-gui" --smoke-test "$out/export" | tee "$out/smoke.log"
grep -q "SMOKE OK" "$out/smoke.log"
grep -q "确定" "$out/smoke.log" || { echo "Qt's own dialogs are not in Chinese: qtbase_zh_CN.qm is missing from the build" >&2; exit 1; }
test -s "$out/export/smoke.docx" && test -s "$out/export/smoke.xlsx"
echo ">> command line"
"$APP/govreport" check "$APP/_internal/resources/demo/demo.govreport"
"$APP/govreport" export "$APP/_internal/resources/demo/demo.govreport" -o "$out/cli.docx"
"$APP/govreport" import "$out/cli.docx" -o "$out/back.govreport"
if command -v soffice >/dev/null 2>&1; then
  echo ">> a PDF, read by the built program in a child of itself"
  soffice -env:UserInstallation="file://$out/lo" --headless --convert-to pdf --outdir "$out" "$out/cli.docx" >/dev/null 2>&1
  "$APP/govreport" import "$out/cli.pdf" -o "$out/pdf.govreport"
fi
echo ">> the newest glibc any file of the folder needs (the oldest system it runs on has this glibc)"
need=""
while IFS= read -r -d '' f; do
  v=$(objdump -T "$f" 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sort -uV | tail -1)
  [ -n "$v" ] && need="$need$v $f"$'\n'
done < <(find "$APP" -type f \( -name '*.so*' -o -perm -u+x \) -print0)
newest=$(printf '%s' "$need" | sort -V | tail -1)
echo "   ${newest:-none found} (Kylin V10 and UOS 20 have GLIBC_2.28; Debian 12 has 2.36)"
printf '%s' "$need" | sort -V | tail -4 | sed 's/^/     /'
size=$(du -sm "$APP" | cut -f1)
echo ">> folder size: ${size} MB (target <= 200 MB)"
[ "$size" -le 200 ]
echo "BUILD OK: $APP"
