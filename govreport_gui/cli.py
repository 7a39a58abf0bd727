"""The ``govreport`` command line: the same core the GUI uses.

Exit status: 0 fine, 1 errors found (or export refused), 2 a source could
not be read or the command could not be carried out. Messages for people go
to stderr in Chinese, one or two lines, never a traceback.

Output is UTF-8 whatever the system's code page (a Chinese Windows would write
GBK to a pipe). A file name or an issuer is printed with its control characters
escaped (a line break shows as ``\n``), so no name can forge a line of output.
No output file may be one of the inputs, and a native output is named ``.govreport``.
"""

from __future__ import annotations

import argparse
import codecs
import json
import re
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .core.errors import GovReportError

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits with 2 too; keep it Chinese
        _err(f"{self.prog}：命令行参数有误：{message}（用 {self.prog} --help 查看用法）")
        raise SystemExit(EXIT_UNREADABLE)


# control characters, line and paragraph separators, bidirectional overrides, lone surrogates
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if 0xDC80 <= code <= 0xDCFF:                 # an undecodable byte of a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: object) -> str:
    """Text for one line of output: control characters escaped (a line break shows as ``\\n``),
    so a file name or an issuer cannot start a line of its own. A file name's bytes that the
    locale could not decode are shown as the UTF-8 they are, or as ``\\xff`` escapes."""
    s = str(text)
    if not _UNSAFE.search(s):
        return s
    try:
        s = s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:          # a surrogate that is no escaped byte: escaped below
        pass
    return _UNSAFE.sub(lambda m: _escape(m.group()), s)


def _out(line: str) -> None:
    print(shown(line))


def _err(msg: str) -> None:
    if sys.stderr is not None:
        print(shown(msg), file=sys.stderr)


def _utf8_streams() -> None:
    """Write UTF-8 to stdout and stderr whatever the locale (GBK on a Chinese Windows);
    a windowed program has no streams at all."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            utf8 = codecs.lookup(stream.encoding or "ascii").name == "utf-8"
        except LookupError:
            utf8 = False
        try:
            if not utf8:
                reconfigure(encoding="utf-8", errors="backslashreplace")
            elif getattr(stream, "errors", "strict") == "strict":
                reconfigure(errors="backslashreplace")
        except (OSError, ValueError, AttributeError):
            pass


def _check_output(output: str, inputs: Sequence[str | None], native: bool = True) -> None:
    from .core import native as nat

    nat.check_output(output, inputs, native=native)


def read_report(path: str):
    """The Report in any source the program understands (what could not be placed: to stderr)."""
    return read_import(path).report


REVIEW_SHOWN = 20            # lines of the review printed under each heading; the rest are counted


def read_import(path: str, quiet: bool = False):
    """The ImportResult of any source the program understands (the formats of
    core/importers/registry.py; any other file is refused in Chinese). Unless ``quiet``, the
    lines the window's review lists go to stderr (core/importers/review.py): what could not be
    placed, then what was read in an unusual way, the source's own findings and its blank cells.
    Our own .govreport file is opened without a review: nothing was moved, and its findings are
    ``check``'s own."""
    from .core import importers
    from .core.importers import review

    result = importers.read_path(path)
    if not quiet:
        own = result.kind == "govreport"         # our own file: no review of its findings
        lines = review.review_lines(result, [] if own else None)
        placed = [line for line in lines if line.kind == review.PROBLEM]
        others = [line for line in lines if line.kind != review.PROBLEM]
        if placed:
            _print_review(f"{path}：读取时有 {len(placed)} 处未能放置：", placed)
        if others:                            # what was read in an unusual way: never hidden
            _print_review(f"{path}：读取时请注意（{len(others)} 条）：", others)
    return result


def _print_review(head: str, lines: list) -> None:
    _err(head)
    for line in lines[:REVIEW_SHOWN]:
        _err(f"  · {line}")
    if len(lines) > REVIEW_SHOWN:
        _err(f"  ……另有 {len(lines) - REVIEW_SHOWN} 条未列出（共 {len(lines)} 条）")


def cmd_check(args: argparse.Namespace) -> int:
    from .core import rules

    status = EXIT_OK
    results: list[dict] = []
    with_indicators: dict[str, dict] = {}       # --indicators --json: printed instead of the findings array
    try:
        packs = _rule_packs(args.rules or [])
    except GovReportError as e:
        _err(str(e))
        return EXIT_UNREADABLE
    args.sources = expand_sources(args.sources)
    many = len(args.sources) > 1
    summary = {"ok": 0, "errors": 0, "unreadable": 0}
    for src in args.sources:
        try:
            report = read_report(src)
        except GovReportError as e:
            status = EXIT_UNREADABLE
            summary["unreadable"] += 1
            _err(f"{src}：{e}")
            if args.json:
                results.append({"source": src, "rule": "READ", "severity": "error", "cells": [],
                                "message": f"无法读取：{e}"})
                with_indicators[src] = {"readable": False, "message": f"无法读取：{e}"}
            continue
        try:
            findings = rules.check(report, packs)
        except GovReportError as e:             # a pack that cannot be used for this report's edition
            _err(f"{src}：{e}")
            return EXIT_UNREADABLE
        errors = [f for f in findings if f.severity == "error"]
        if errors:
            status = max(status, EXIT_ERRORS)
            summary["errors"] += 1
        else:
            summary["ok"] += 1
        if args.json:
            for f in findings:
                item = f.to_json()
                if many:
                    item["source"] = src
                results.append(item)
            if getattr(args, "indicators", False):
                with_indicators[src] = _indicators_json(report, findings)
        else:
            _print_findings(src, report, findings, many)
            if getattr(args, "indicators", False):
                _print_indicators(report)
    if args.json and getattr(args, "indicators", False):
        json.dump(with_indicators, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif args.json:
        if not many:
            results = [r for r in results if r.get("rule") != "READ"]
        json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif many:
        _out(f"共 {len(args.sources)} 份：{summary['ok']} 份无错误，{summary['errors']} 份有错误，"
             f"{summary['unreadable']} 份无法读取")
    return status


def _rule_packs(names: list[str]) -> list:
    """The local rule packs named by --rules: a file, or the id of a shipped pack or of one in the
    data folder (GOVREPORT_DATA_DIR/rulepacks, when set); RulePackError (Chinese) when one cannot
    be read."""
    import os

    from .core import rulepacks

    if not names:
        return []
    data = os.environ.get("GOVREPORT_DATA_DIR")
    user = Path(data) / "rulepacks" if data else None
    return [rulepacks.find(name, user) for name in names]


def _indicators_json(report, findings) -> dict:
    """``check --indicators --json``, one source: its findings (as the findings array has them,
    without ``source``), its indicators, and for a 汇总 every unit's (docs/indicators.md)."""
    from .core import indicators as ind

    out: dict = {"readable": True, "issuer": report.issuer, "year": report.year, "edition": report.edition,
                 "findings": [f.to_json() for f in findings],
                 "indicators": [i.to_json() for i in ind.indicators(report)]}
    if isinstance(report.extra.get("units"), list):
        out["units"] = [u.to_json() for u in ind.unit_indicators(report)]
    return out


def _print_indicators(report) -> None:
    """``check --indicators``: the report's indicators, then (a 汇总) each unit's, for people."""
    from .core import indicators as ind

    _out("指标：")
    for line in ind.lines(ind.indicators(report), "  "):
        _out(line)
    for u in ind.unit_indicators(report):
        _out(f"  单位 {u.name}" + ("" if u.included else "（未计入汇总）") + (f"：{u.message}" if u.message else ""))
        for line in ind.lines(u.indicators, "    "):
            _out(line)


def _print_findings(src: str, report, findings, many: bool) -> None:
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning" and not f.accepted)
    accepted = sum(1 for f in findings if f.accepted)
    head = f"{src}：{report.title}（{report.ed.id}年版）"
    verdict = "通过" if not errors else "有错误"
    extra = f"，{accepted} 个已说明" if accepted else ""
    if many:
        _out(f"{head}：{verdict}（{errors} 个错误，{warnings} 个警告{extra}）")
        return
    _out(head)
    for f in findings:
        label = "错误" if f.severity == "error" else ("已说明" if f.accepted else "警告")
        cells = ("  [" + ", ".join(f.cells[:6]) + (" …" if len(f.cells) > 6 else "") + "]") if f.cells else ""
        _out(f"{label} {f.rule}：{f.message}{cells}")
        if f.accepted:
            _out(f"    说明：{f.note}")
    _out(f"结果：{verdict}（{errors} 个错误，{warnings} 个警告{extra}）")


def cmd_show(args: argparse.Namespace) -> int:
    from .core import native

    try:
        report = read_report(args.source)
        data = native.encode(report)         # what would not open again is not shown as a file either
    except GovReportError as e:
        _err(f"{args.source}：{e}")
        return EXIT_UNREADABLE
    sys.stdout.write(data.decode("utf-8"))
    return EXIT_OK


def _unknown_edition(name: str | None) -> bool:
    """An edition named on the command line that the program does not have: said, True."""
    from .core import edition

    if name and name not in edition.available():
        _err(f"未知的格式版本 {name}（支持：{'、'.join(edition.available())}）")
        return True
    return False


def cmd_new(args: argparse.Namespace) -> int:
    from .core import carry, native, report as model

    if _unknown_edition(args.edition):
        return EXIT_UNREADABLE
    try:
        _check_output(args.output, [args.from_])
        if args.from_:
            last = read_report(args.from_)
            rep = carry.start_from(last, year=args.year, issuer=args.issuer, edition=args.edition)
        else:
            if not args.issuer or not args.issuer.strip():
                _err("请用 --issuer 给出发布机关名称（或用 --from 从上年报告开始）")
                return EXIT_UNREADABLE
            rep = model.new_report(args.year, args.issuer.strip(), args.edition)
        native.save(rep, args.output)
    except GovReportError as e:
        _err(str(e))
        return EXIT_UNREADABLE
    _err(f"已创建 {args.output}：{rep.title}（{rep.ed.id}年版）")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from .core.export import registry as formats

    out = Path(args.output)
    fmt = formats.by_suffix(out.suffix)
    if fmt is None:
        suffixes = formats.either([f.suffix for f in formats.FORMATS])
        _err(f"不知道导出成什么格式：{out.name}（输出文件的扩展名应为 {suffixes}）")
        return EXIT_UNREADABLE
    if args.template and not fmt.template:
        _err(f"--template 只用于导出 {formats.templated()}")
        return EXIT_UNREADABLE
    try:
        _check_output(args.output, [args.source, args.template], native=False)
    except GovReportError as e:
        _err(str(e))
        return EXIT_UNREADABLE
    try:
        report = read_report(args.source)
    except GovReportError as e:
        _err(f"{args.source}：{e}")
        return EXIT_UNREADABLE
    from .core.export import ExportRefused

    from .core import worker

    try:                # in a child process, with a time and a memory limit (a user template is code)
        done = worker.export_isolated(report, out, fmt.kind, template=args.template, blank=args.blank,
                                      force=args.force)
    except ExportRefused as e:
        _err(str(e))
        return EXIT_ERRORS
    except GovReportError as e:
        _err(str(e))
        return EXIT_UNREADABLE
    for note in done.get("notes") or []:          # what the document could not hold as written
        _err(f"注意：{note}")
    _err(f"已导出 {shown(str(out))}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from .core import native

    try:
        _check_output(args.output, [args.source])
    except GovReportError as e:
        _err(str(e))
        return EXIT_UNREADABLE
    try:
        result = read_import(args.source)
        native.save(result.report, args.output)
    except GovReportError as e:
        _err(f"{args.source}：{e}")
        return EXIT_UNREADABLE
    r = result.report
    _err(f"已导入 {args.output}：{r.title}（{r.ed.id}年版，{len(r.values)} 个数值）")
    return EXIT_OK


def expand_sources(sources: list[str]) -> list[str]:
    """Files as given; a folder stands for the report files inside it (sorted)."""
    return [s for s, _ in _expand(sources)]


def _expand(sources: list[str]) -> list[tuple[str, bool]]:
    """(file, found in a folder) for each source: files as given, a folder's report files (those
    the import registry reads) sorted."""
    from .core.importers import registry

    out: list[tuple[str, bool]] = []
    for s in sources:
        p = Path(s)
        if p.is_dir():
            out.extend((str(f), True) for f in sorted(p.rglob("*"))
                       if f.is_file() and registry.by_suffix(f.suffix) is not None)
        else:
            out.append((s, False))
    return out


def cmd_aggregate(args: argparse.Namespace) -> int:
    from .core import aggregate as A

    from .core import native

    sources: list[str] = []
    found = _expand(args.sources)
    try:
        _check_output(args.output, [s for s, in_folder in found if not in_folder])
    except GovReportError as e:
        _err(str(e))
        return EXIT_UNREADABLE
    for s, in_folder in found:
        if in_folder and native.same_file(s, args.output):   # last run's result, in the folder summed
            _err(f"已跳过 {Path(s).name}：这是本次汇总的输出文件，不作为单位计入")
        else:
            sources.append(s)
    if not sources:
        _err("没有找到要汇总的报告文件")
        return EXIT_UNREADABLE
    summer = A.Summer(args.issuer, include_invalid=args.include_invalid)
    try:                                            # streamed: memory does not grow with the units
        for unit in A.read_units(sources, include_summed=args.include_summed, notice=_err):
            summer.add(unit)
        intake = A.intake(summer.summaries)
        for w in intake.warnings:
            _err(w)
        if any(u.summed for u in summer.summaries):
            _err("（汇总报告不作为单位计入；分组汇总后再汇总各组结果时，请加 --include-summed）")
        if intake.blocking:
            for b in intake.blocking:
                _err(b)
            return EXIT_UNREADABLE
        bad = intake.with_errors
        if bad and not args.include_invalid:
            _err(f"{len(bad)} 份报告有错误，未计入（如需计入请加 --include-invalid）："
                 + "、".join(u.name for u in bad[:8]) + ("等" if len(bad) > 8 else ""))
        report = summer.save(args.output)
        shown_json = _aggregate_json(report, summer, args.output) if args.json else None
    except GovReportError as e:
        _err(str(e))
        return EXIT_UNREADABLE
    finally:
        summer.close()
    included = summer.included
    unreadable = sum(1 for u in summer.summaries if not u.readable and not u.summed)
    skipped = sum(1 for u in summer.summaries if u.summed)
    _err(f"已汇总 {included} 份报告 → {args.output}（{report.title}）"
         + (f"；{len(bad)} 份有错误" if bad else "") + (f"；{unreadable} 份无法读取" if unreadable else "")
         + (f"；跳过 {skipped} 份汇总报告" if skipped else ""))
    if shown_json is not None:
        json.dump(shown_json, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    return EXIT_ERRORS if bad or unreadable else EXIT_OK


def _aggregate_json(report, summer, output: str) -> dict:
    """``aggregate --json``: the summed report's indicators and every unit as the summed file keeps
    it (in its order) with its indicators, findings counted when read, and narrative length; the
    summed reports skipped. Read from the summer's records, streamed (docs/indicators.md)."""
    from .core import indicators as ind

    plain = [u for u in summer.summaries if not u.summed]      # the records, in the same order
    units = []
    for line, u in zip(summer.unit_lines(), plain):
        units.append(ind.of_record(json.loads(line), report.ed, text_chars=u.text_chars).to_json())
    return {"output": output, "issuer": report.issuer, "year": report.year, "edition": report.edition,
            "included": summer.included,
            "indicators": [i.to_json() for i in ind.indicators(report)],
            "units": units,
            "skipped": [{"source": u.source, "name": u.name, "message": u.message}
                        for u in summer.summaries if u.summed]}


LEFT_OUT_SHOWN = 30           # rows left out listed on stderr before "……另有"


def cmd_ledger(args: argparse.Namespace) -> int:
    """Count sections 三 (and 四 with --cases) from the registers, into a new report (-o) or an
    existing one (--into, atomically). 0: every row counted; 1: rows left out (listed); 2: a
    register, the mapping or the report could not be read, or nothing was written."""
    from .core import carry, native
    from .core import ledger as L
    from .core import report as model
    from .core.ledger import provenance

    if bool(args.output) == bool(args.into):
        _err("请用 -o 写一份新报告，或用 --into 填入已有的报告（二者选一）")
        return EXIT_UNREADABLE
    target = args.output or args.into
    try:
        _check_output(target, [args.register, args.cases, args.map, args.from_])
        if args.into:
            report = native.load(args.into)
            if args.year is not None and args.year != report.year:
                _err(f"{args.into} 是 {report.year} 年的报告，与 --year {args.year} 不符，未填入")
                return EXIT_UNREADABLE
            if args.from_ or args.issuer or args.edition:
                _err("--into 填入已有的报告，不能同时用 --from、--issuer 或 --edition")
                return EXIT_UNREADABLE
        else:
            if args.year is None:
                _err("请用 --year 给出报告年度")
                return EXIT_UNREADABLE
            if _unknown_edition(args.edition):
                return EXIT_UNREADABLE
            if args.from_:
                report = carry.start_from(read_report(args.from_), year=args.year, issuer=args.issuer,
                                          edition=args.edition)
            elif args.issuer and args.issuer.strip():
                report = model.new_report(args.year, args.issuer.strip(), args.edition)
            else:
                _err("请用 --issuer 给出发布机关名称（或用 --from 从上年报告开始）")
                return EXIT_UNREADABLE
        ed = report.ed
        mapping = L.load_mapping(args.map, ed) if args.map else None
        counts = [L.count_applications(L.read_register(args.register, "applications"), ed, report.year, mapping)]
        if args.cases:
            counts.append(L.count_cases(L.read_register(args.cases, "cases"), ed, report.year, mapping))
        filled = L.filled(report, *counts)
        filled.extra[provenance.KEY] = provenance.remembered(report, *counts)
        differences = L.compare_carried(counts[0], report.previous.values if report.previous else None)
        native.save(filled, target)
    except GovReportError as e:
        _err(str(e))
        return EXIT_UNREADABLE
    left = [x for c in counts for x in c.left_out]
    for c in counts:
        for note in c.notes:              # a note that names the file already is printed as it is
            _err(note if c.register.name in note else f"{c.register.name}：{note}")
        for u in c.unmatched:
            _err(f"{c.register.name}：{u.message}")
    if left:
        _err(f"有 {len(left)} 行未计入（可用 --map 指定台账中的写法对应表格的哪一栏）：")
        for x in left[:LEFT_OUT_SHOWN]:
            _err(f"  · {x.message}")
        if len(left) > LEFT_OUT_SHOWN:
            _err(f"  ……另有 {len(left) - LEFT_OUT_SHOWN} 行未列出（共 {len(left)} 行）")
    for d in differences:
        _err(f"{d.rule or '上年结转'}：{d.message}")
    counted = "，".join(f"{provenance.PARTS[c.register.kind]}计入 {c.counted} 条" for c in counts)
    _err(f"已{'填入' if args.into else '写入'} {target}：{filled.title}（{counted}）")
    if args.json:
        json.dump(_ledger_json(counts, differences), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    return EXIT_ERRORS if left else EXIT_OK


def _ledger_json(counts, differences) -> dict:
    out: dict = {"counts": {}, "rows": {}, "left_out": [], "unmatched": [], "registers": {},
                 "carry_differences": [{"rule": d.rule, "cell": d.cell, "last_cell": d.last_cell,
                                        "last": str(d.last), "this": d.this, "rows": list(d.rows),
                                        "message": d.message} for d in differences]}
    for c in counts:
        reg = c.register
        out["registers"][reg.kind] = {"file": reg.name, "sha256": reg.fingerprint, "sheet": reg.sheet,
                                      "counted": c.counted, "notes": c.notes}
        out["counts"].update(c.values)
        out["rows"].update({k: v for k, v in c.rows.items() if v})
        out["left_out"] += [{"register": reg.kind, "row": x.row, "reasons": list(x.reasons)} for x in c.left_out]
        out["unmatched"] += [{"register": reg.kind, "kind": u.kind, "value": u.value, "rows": u.rows,
                              "candidates": list(u.candidates), "message": u.message} for u in c.unmatched]
    return out


def cmd_ledger_template(args: argparse.Namespace) -> int:
    from .core import edition
    from .core.export import ledger_template

    try:
        if args.edition:
            if _unknown_edition(args.edition):
                return EXIT_UNREADABLE
            ed = edition.get(args.edition)
        else:
            import datetime

            ed = edition.for_year(args.year or datetime.date.today().year)
        _check_output(args.output, [], native=False)
        if not args.output.lower().endswith(".xlsx"):
            _err(f"台账模板是 Excel 工作簿，输出文件应以 .xlsx 为扩展名：{args.output}，未写入")
            return EXIT_UNREADABLE
        ledger_template.export(ed, args.output)
    except GovReportError as e:
        _err(str(e))
        return EXIT_UNREADABLE
    _err(f"已写入空白台账 {args.output}（{ed.name}）")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="govreport", description="政府信息公开工作年度报告：校验、查看、新建、导入、导出、汇总。")
    p.add_argument("--version", action="version", version=f"govreport {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    c = sub.add_parser("check", help="校验一份或多份报告")
    c.add_argument("sources", nargs="+", metavar="SOURCE")
    c.add_argument("--json", action="store_true", help="以 JSON 输出校验结果")
    c.add_argument("--rules", action="append", metavar="PACK",
                   help="同时按地方审核规则包校验（规则包文件，或其编号，如 wuwei-2025；可重复；见 docs/rules.md）")
    c.add_argument("--indicators", action="store_true",
                   help="同时列出实质公开率等指标（与 --json 同用时输出以来源为键的 JSON 对象，见 docs/indicators.md）")
    c.set_defaults(func=cmd_check)

    s = sub.add_parser("show", help="以年报文件（JSON）格式输出报告")
    s.add_argument("source", metavar="SOURCE")
    s.add_argument("--json", action="store_true", help="（默认即为 JSON）")
    s.set_defaults(func=cmd_show)

    n = sub.add_parser("new", help="新建本年报告，可从上年报告结转")
    n.add_argument("--year", type=int, required=True)
    n.add_argument("--issuer")
    n.add_argument("--edition")
    n.add_argument("--from", dest="from_", metavar="LASTYEAR")
    n.add_argument("-o", "--output", required=True)
    n.set_defaults(func=cmd_new)

    im = sub.add_parser("import", help="把 Word、Excel、PDF、网页或文本中的报告转成年报文件（不结转）")
    im.add_argument("source", metavar="SOURCE")
    im.add_argument("-o", "--output", required=True)
    im.set_defaults(func=cmd_import)

    ag = sub.add_parser("aggregate", help="把多个单位的报告汇总为一份（文件或文件夹）")
    ag.add_argument("sources", nargs="+", metavar="SOURCE")
    ag.add_argument("--issuer", required=True, help="汇总报告的发布机关")
    ag.add_argument("-o", "--output", required=True)
    ag.add_argument("--include-invalid", action="store_true", help="有错误的报告也计入汇总")
    ag.add_argument("--include-summed", action="store_true",
                    help="已汇总的报告也作为一个单位计入（分组汇总后汇总各组结果时用；默认跳过，以免重复计算）")
    ag.add_argument("--json", action="store_true",
                    help="在标准输出打印汇总报告及各单位的指标、校验结果数和正文字数（JSON，见 docs/indicators.md）")
    ag.set_defaults(func=cmd_aggregate)

    from .core.export import registry as export_formats

    formats = export_formats.either([f"{f.program}（{f.suffix}）" for f in export_formats.FORMATS])
    e = sub.add_parser("export", help=f"导出 {formats}，格式按输出文件的扩展名")
    e.add_argument("source", metavar="SOURCE")
    e.add_argument("-o", "--output", required=True)
    e.add_argument("--template", metavar="T.docx", help="自定义 Word 模板（占位符见 templates/README.md）")
    e.add_argument("--force", action="store_true", help="报告有错误时仍然导出")
    e.add_argument("--blank", choices=["empty", "zero"], default="empty",
                   help="空白单元格：empty 留空（默认），zero 印为0")
    e.set_defaults(func=cmd_export)

    lg = sub.add_parser("ledger", help="从申请登记台账（及案件台账）统计第三、四部分的表格")
    lg.add_argument("register", metavar="REGISTER", help="政府信息公开申请登记台账（.xlsx、.xls、.et、.csv）")
    lg.add_argument("--year", type=int, help="报告年度（-o 时必需）")
    lg.add_argument("-o", "--output", help="写一份新报告（.govreport）")
    lg.add_argument("--into", metavar="REPORT", help="填入已有的报告（只改第三、四部分的表格）")
    lg.add_argument("--cases", metavar="CASES", help="行政复议、行政诉讼案件台账（第四部分）")
    lg.add_argument("--map", metavar="FILE.json", help="台账中的写法对应表格哪一栏（见 docs/ledger.md）")
    lg.add_argument("--issuer", help="新报告的发布机关")
    lg.add_argument("--edition", help="新报告的格式版本")
    lg.add_argument("--from", dest="from_", metavar="LASTYEAR", help="新报告从上年报告开始（结转并比较上年结转）")
    lg.add_argument("--json", action="store_true", help="以 JSON 输出统计结果和未计入的行")
    lg.set_defaults(func=cmd_ledger)

    lt = sub.add_parser("ledger-template", help="生成空白的申请登记台账和案件台账（Excel）")
    lt.add_argument("-o", "--output", required=True)
    lt.add_argument("--edition")
    lt.add_argument("--year", type=int)
    lt.set_defaults(func=cmd_ledger_template)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    if getattr(sys, "frozen", False):           # the built govreport.exe: a 汇总 worker starts here
        import multiprocessing

        multiprocessing.freeze_support()
    _utf8_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        _err("已取消")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except GovReportError as e:
        _err(str(e))
        return EXIT_UNREADABLE
    except Exception as e:  # last resort: never a traceback for people
        _err(f"内部错误：{type(e).__name__}: {e}（请将此信息报告给开发者）")
        return 3


if __name__ == "__main__":
    sys.exit(main())
