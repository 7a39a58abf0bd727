"""Hostile files inside every documented limit (issue 12, "Resources inside the documented
limits"): each must be read or refused within 10 s and 1 GB peak, children included.

Run on demand (Linux; it needs /proc and wait4):

    .venv/bin/python benchmarks/bench_hostile.py                 # the public entry points
    .venv/bin/python benchmarks/bench_hostile.py --via worker    # through core.worker directly
    .venv/bin/python benchmarks/bench_hostile.py --via both --only docx-runs,pdf-deflate

The files are built in a temporary folder (kept with --keep): an .xlsx with 195 MB of <border/>
in its styles, a shared-strings bomb, 1.3 M <font/>, a .docx with 39,000 runs of 400 <w:t>, a
.docx with 7.4 M bookmark ends, a PDF whose 4 kB content stream inflates twice to 2 GB, a
.govreport with 400,000 narrative lines (exported to .docx and .xlsx), and Word templates with
nested loops, 10**100000000 and a format-width bomb.

Each case runs in its own process through what the project exposes: ``importers.read_path``
for a source, ``docx.export`` / ``xlsx.export`` for an export (``--via worker``: ``worker.read_isolated`` /
``worker.export_isolated``). Time is wall clock; peak memory is the largest of the case's process
tree as polled from /proc (the sum over the process and its descendants) and its wait4 ru_maxrss
(which covers every waited-for descendant). A refusal within the target is a pass; an internal
error (an exception that is not a GovReportError) is a failure however fast.

So as not to take the machine from everyone else, a case is killed by this bench at --cap-seconds
(default 60) or --cap-gb of memory (default 4); it is then shown as "> cap".

Each case is printed with PASS or FAIL against the target; nothing is asserted (a file that cannot
be built is a FAIL row too). The exit status is 1 when any case fails.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 10
TARGET_BYTES = 1 << 30
PAD_BYTES = 1_400_000          # random, stored: keeps the zip's ratio under readers.MAX_ZIP_RATIO (200)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --------------------------------------------------------------------------
# building the files


def _chunks(piece: bytes, total: int, chunk: int = 8 << 20):
    """``piece`` repeated to about ``total`` bytes, in chunks."""
    per = max(1, chunk // len(piece))
    block = piece * per
    n = total // len(piece)
    while n > 0:
        k = min(n, per)
        yield block if k == per else piece * k
        n -= k


def _rezip(src: Path, dst: Path, replace: dict, pad: int = PAD_BYTES) -> None:
    """Copy a zip, replacing parts (bytes, or an iterable of byte chunks), plus a random stored part."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for info in zin.infolist():
            if info.filename in replace:
                continue
            zout.writestr(info.filename, zin.read(info.filename))
        for name, content in replace.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info._compresslevel = 9          # what ZipFile.writestr sets from compresslevel
            with zout.open(info, "w", force_zip64=True) as f:
                if isinstance(content, bytes):
                    f.write(content)
                else:
                    for c in content:
                        f.write(c)
        if pad:
            info = zipfile.ZipInfo("customXml/pad.bin", date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            zout.writestr(info, os.urandom(pad))


def _base_xlsx(folder: Path) -> Path:
    import openpyxl

    p = folder / "base.xlsx"
    if not p.exists():
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "二、主动公开"
        ws.append(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"])
        ws.append(["规章", 3, 0, 45])
        wb.save(p)
    return p


def _styles_with(base: Path, tag: str, inner) -> list:
    """openpyxl's styles.xml with the <tag>s section replaced by ``inner`` chunks."""
    with zipfile.ZipFile(base) as z:
        xml = z.read("xl/styles.xml")
    m = re.search(rb"<%ss\b[^>]*>.*?</%ss>" % (tag.encode(), tag.encode()), xml, re.S)
    if m is None:
        raise ValueError(f"openpyxl's styles.xml has no <{tag}s> section to replace")
    head = xml[:m.start()] + b"<%ss>" % tag.encode()
    tail = b"</%ss>" % tag.encode() + xml[m.end():]
    return [head, *inner, tail]


def build_xlsx_borders(folder: Path) -> Path:
    out = folder / "borders.xlsx"
    base = _base_xlsx(folder)
    _rezip(base, out, {"xl/styles.xml": _styles_with(base, "border", _chunks(b"<border/>", 195_000_000))})
    return out


def build_xlsx_fonts(folder: Path) -> Path:
    out = folder / "fonts.xlsx"
    base = _base_xlsx(folder)
    _rezip(base, out, {"xl/styles.xml": _styles_with(base, "font", _chunks(b"<font/>", 7 * 1_300_000))}, pad=0)
    return out


def build_xlsx_shared_strings(folder: Path) -> Path:
    out = folder / "shared-strings.xlsx"
    base = _base_xlsx(folder)
    ns = b'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    with zipfile.ZipFile(base) as z:
        types, rels = z.read("[Content_Types].xml"), z.read("xl/_rels/workbook.xml.rels")
    types = types.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                          b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    rels = rels.replace(b"</Relationships>", b'<Relationship Id="rIdSST" Target="sharedStrings.xml" Type="http://'
                        b'schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>')
    _rezip(base, out, {"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels,
                       "xl/sharedStrings.xml": [ns, *_chunks(b"<si><t>a</t></si>", 190_000_000), b"</sst>"]})
    return out


def _base_docx(folder: Path) -> Path:
    import docx

    p = folder / "base.docx"
    if not p.exists():
        d = docx.Document()
        d.add_paragraph("某某县人民政府2024年政府信息公开工作年度报告")
        d.save(p)
    return p


def _document(body_chunks) -> list:
    return [b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="%s"><w:body>' % W.encode(),
            *body_chunks, b"<w:sectPr/></w:body></w:document>"]


def build_docx_runs(folder: Path) -> Path:
    out = folder / "runs.docx"
    run = b"<w:r>" + b"<w:t>a</w:t>" * 400 + b"</w:r>"

    def body():
        for _ in range(39):                                     # 39 paragraphs of 1,000 runs
            yield b"<w:p>"
            yield from _chunks(run, len(run) * 1000)
            yield b"</w:p>"

    _rezip(_base_docx(folder), out, {"word/document.xml": _document(body())})
    return out


def build_docx_bookmarks(folder: Path) -> Path:
    out = folder / "bookmarks.docx"
    mark = b'<w:bookmarkEnd w:id="0"/>'
    _rezip(_base_docx(folder), out,
           {"word/document.xml": _document([b"<w:p><w:r><w:t>a</w:t></w:r></w:p>",
                                            *_chunks(mark, len(mark) * 7_400_000)])})
    return out


def build_pdf_deflate(folder: Path) -> Path:
    """One page whose content stream is deflated twice: 4 kB stored, 2 GB drawn."""
    out = folder / "deflate.pdf"
    inner = zlib.compressobj(9)
    once = io.BytesIO()
    for c in _chunks(b" ", 2 << 30, 64 << 20):
        once.write(inner.compress(c))
    once.write(inner.flush())
    twice = zlib.compress(once.getvalue(), 9)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
            b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(twice) + twice + b"\nendstream"]
    data = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    data += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    out.write_bytes(bytes(data))
    return out


def build_govreport_lines(folder: Path) -> Path:
    from govreport_gui.core import native

    out = folder / "lines.govreport"
    r = native.load(ROOT / "resources" / "demo" / "demo.govreport")
    r.text["s5"] = "\n".join(["x"] * 400_000)
    native.save(r, out)
    return out


def build_govreport_demo(folder: Path) -> Path:
    """The demo report as it is: what a user template is applied to."""
    out = folder / "demo.govreport"
    shutil.copyfile(ROOT / "resources" / "demo" / "demo.govreport", out)
    return out


TEMPLATE_BOMBS = {
    "loops": "{% for a in range(100000) %}{% for b in range(100000) %}{{ a }}{% endfor %}{% endfor %}",
    "power": "{{ 10**100000000 }}",
    "width": "{{ '{:>1999999999}'.format('x') }}",
}


def build_template(folder: Path, kind: str) -> Path:
    import docx

    out = folder / f"template-{kind}.docx"
    d = docx.Document(str(ROOT / "templates" / "2021.docx"))
    d.add_paragraph(TEMPLATE_BOMBS[kind])
    d.save(out)
    return out


# name, what the issue measured, how to build, how to run: ("read",) or ("docx"|"xlsx", template kind)
CASES = [
    ("xlsx-borders", ".xlsx, 195 MB of <border/> in styles.xml", "269 s, 8.7 GB", build_xlsx_borders, ("read",)),
    ("xlsx-shared-strings", ".xlsx shared-strings bomb", "168 s, 1.1 GB", build_xlsx_shared_strings, ("read",)),
    ("xlsx-fonts", ".xlsx with 1.3 M <font/>", "25 s, 600 MB", build_xlsx_fonts, ("read",)),
    ("docx-runs", ".docx, 39,000 runs × 400 <w:t>", "13.5 s, 4.0 GB", build_docx_runs, ("read",)),
    ("docx-bookmarks", ".docx, 7.4 M bookmark ends", "11.8 s, 2.9 GB", build_docx_bookmarks, ("read",)),
    ("pdf-deflate", ".pdf, doubly deflated 2 GB stream", "5 s, 4.2 GB child", build_pdf_deflate, ("read",)),
    ("lines-docx", ".govreport, 400,000 lines → .docx", "198 s, 2.6 GB", build_govreport_lines, ("docx", None)),
    ("lines-xlsx", ".govreport, 400,000 lines → .xlsx", "内部错误", build_govreport_lines, ("xlsx", None)),
    ("template-loops", "template: nested loops", "until killed", build_govreport_demo, ("docx", "loops")),
    ("template-power", "template: 10**100000000", "until killed", build_govreport_demo, ("docx", "power")),
    ("template-width", "template: format-width bomb", "until killed", build_govreport_demo, ("docx", "width")),
]


# --------------------------------------------------------------------------
# one case, in its own process


def run_one(how: str, path: str, template: str | None, via: str, out_dir: str) -> dict:
    from govreport_gui.core.errors import GovReportError

    try:
        if how == "read":
            if via == "worker":
                from govreport_gui.core import worker

                res = worker.read_isolated(path)
            else:
                from govreport_gui.core.importers import read_path

                res = read_path(path)
            return {"outcome": "ok", "message": f"{len(res.report.values)} 个数值，{len(res.problems)} 处问题"}
        from govreport_gui.core import native

        report = native.load(path)
        out = Path(out_dir) / f"out.{how}"
        if via == "worker":
            from govreport_gui.core import worker

            worker.export_isolated(report, out, how, template=template, force=True)
        elif how == "docx":
            from govreport_gui.core.export import docx

            docx.export(report, out, template=template, force=True)
        else:
            from govreport_gui.core.export import xlsx

            xlsx.export(report, out, force=True)
        return {"outcome": "ok", "message": f"已导出 {out.stat().st_size // 1024} kB"}
    except GovReportError as e:
        return {"outcome": "refused", "message": str(e)}
    except BaseException as e:  # noqa: BLE001 — an internal error is what the bench looks for
        return {"outcome": "error", "message": f"{type(e).__name__}: {str(e)[:200]}"}


# --------------------------------------------------------------------------
# measuring a case's process tree


def _tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
                parents[int(entry)] = ppid
            except (OSError, ValueError, IndexError):
                pass
    tree, frontier = [root], [root]
    while frontier:
        frontier = [p for p, pp in parents.items() if pp in frontier]
        tree += frontier
    return tree


def _rss(pids: list[int]) -> int:
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * page
        except (OSError, ValueError, IndexError):
            pass
    return total


def measure(how: str, path: Path, template: Path | None, via: str, out_dir: Path,
            cap_seconds: float, cap_bytes: int) -> dict:
    cmd = [sys.executable, __file__, "--one", how, str(path), str(template or ""), via, str(out_dir)]
    t = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True,
                            cwd=ROOT)
    peak, capped, status, usage = 0, "", None, None
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        tree = _tree(proc.pid)
        peak = max(peak, _rss(tree))
        elapsed = time.monotonic() - t
        why = ("time" if cap_seconds and elapsed > cap_seconds else
               "memory" if cap_bytes and peak > cap_bytes else "")
        if why:
            capped = why
            for p in reversed(tree):
                try:
                    os.kill(p, signal.SIGKILL)
                except OSError:
                    pass
            _, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.05)
    wall = time.monotonic() - t
    proc.returncode = os.waitstatus_to_exitcode(status)      # reaped here, with its rusage
    out = proc.stdout.read().decode("utf-8", "replace").strip().splitlines()
    proc.stdout.close()
    peak = max(peak, usage.ru_maxrss * 1024)
    result = json.loads(out[-1]) if out and not capped else {"outcome": "killed", "message": ""}
    if capped:
        result["message"] = f"stopped by the bench ({capped} cap)"
    elif not out:
        result = {"outcome": "error", "message": f"the case's process died ({proc.returncode})"}
    result.update(seconds=wall, peak=peak, capped=capped)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--via", choices=["public", "worker", "both"], default="public")
    ap.add_argument("--only", help="comma-separated case names: " + ", ".join(c[0] for c in CASES))
    ap.add_argument("--cap-seconds", type=float, default=60)
    ap.add_argument("--cap-gb", type=float, default=4)
    ap.add_argument("--keep", action="store_true", help="keep the built files (the folder is printed)")
    ap.add_argument("--one", nargs=5, metavar=("HOW", "PATH", "TEMPLATE", "VIA", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        how, path, template, via, out = args.one
        print(json.dumps(run_one(how, path, template or None, via, out), ensure_ascii=True), flush=True)
        return 0
    if not os.path.isdir("/proc"):
        raise SystemExit("this bench needs Linux (/proc, wait4)")
    cases = CASES
    if args.only:
        wanted = set(args.only.split(","))
        cases = [c for c in CASES if c[0] in wanted]
    vias = ["public", "worker"] if args.via == "both" else [args.via]
    folder = Path(tempfile.mkdtemp(prefix="govreport-hostile-"))
    built: dict[str, Path] = {}
    print(f"building in {folder} …", flush=True)
    rows = []
    try:
        for name, what, today, build, (how, *tpl) in cases:
            key = build.__name__
            try:
                if key not in built:
                    t = time.monotonic()
                    built[key] = build(folder)
                    print(f"  {built[key].name}: {built[key].stat().st_size / 1024:.0f} kB "
                          f"({time.monotonic() - t:.1f} s to build)", flush=True)
                template = build_template(folder, tpl[0]) if tpl and tpl[0] else None
            except Exception as e:  # noqa: BLE001 — reported as the case's FAIL, the bench goes on
                r = {"outcome": "not built", "message": f"{type(e).__name__}: {e}", "seconds": 0.0, "peak": 0,
                     "capped": ""}
                print(f"  {name:20} the file could not be built: {r['message'][:90]}  FAIL", flush=True)
                rows += [(name, via, r, False, today, what) for via in vias]
                continue
            for via in vias:
                out_dir = folder / f"out-{name}-{via}"
                out_dir.mkdir()
                r = measure(how, built[key], template, via, out_dir, args.cap_seconds, int(args.cap_gb * (1 << 30)))
                ok = (r["outcome"] in ("ok", "refused") and r["seconds"] <= TARGET_SECONDS
                      and r["peak"] <= TARGET_BYTES)
                rows.append((name, via, r, ok, today, what))
                cap = ">" if r["capped"] else ""
                print(f"  {name:20} {via:6} {cap}{r['seconds']:6.1f} s {cap}{r['peak'] / (1 << 20):6.0f} MB "
                      f"{r['outcome']:8} {'PASS' if ok else 'FAIL'}", flush=True)
                shutil.rmtree(out_dir, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print()
    print(f"| case | via | time | peak (tree) | outcome | target ≤ {TARGET_SECONDS} s, ≤ 1 GB | issue said | message |")
    print("|---|---|---|---|---|---|---|---|")
    for name, via, r, ok, today, what in rows:
        cap = "> " if r["capped"] else ""
        msg = r["message"].replace("|", "/")[:90]
        print(f"| {name} | {via} | {cap}{r['seconds']:.1f} s | {cap}{r['peak'] / (1 << 20):.0f} MB | {r['outcome']} | "
              f"{'PASS' if ok else 'FAIL'} | {today} | {msg} |")
    return 0 if all(ok for *_, ok, _, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
