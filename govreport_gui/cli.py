"""The ``govreport`` command line: the same core the GUI uses.

Exit status: 0 fine, 1 errors found (or export refused), 2 a source could
not be read or the command could not be carried out. Messages for people go
to stderr in Chinese, one or two lines, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .core.errors import GovReportError

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits with 2 too; keep it Chinese
        print(f"{self.prog}：命令行参数有误：{message}（用 {self.prog} --help 查看用法）", file=sys.stderr)
        raise SystemExit(EXIT_UNREADABLE)


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def read_source(path: str):
    """Read any source the program understands into a Report (problems to stderr)."""
    return read_import(path).report


def read_import(path: str, quiet: bool = False):
    from .core import importers

    result = importers.read_path(path)
    if not quiet and result.problems:
        _err(f"{path}：读取时有 {len(result.problems)} 处未能放置：")
        for p in result.problems[:12]:
            _err(f"  · {p}")
        if len(result.problems) > 12:
            _err(f"  ……共 {len(result.problems)} 处")
    return result


def cmd_check(args: argparse.Namespace) -> int:
    from .core import rules

    status = EXIT_OK
    results: list[dict] = []
    args.sources = expand_sources(args.sources)
    many = len(args.sources) > 1
    summary = {"ok": 0, "errors": 0, "unreadable": 0}
    for src in args.sources:
        try:
            report = read_source(src)
        except GovReportError as e:
            status = EXIT_UNREADABLE
            summary["unreadable"] += 1
            _err(f"{src}：{e}")
            if args.json:
                results.append({"source": src, "rule": "READ", "severity": "error", "cells": [],
                                "message": f"无法读取：{e}"})
            continue
        findings = rules.check(report)
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
        else:
            _print_findings(src, report, findings, many)
    if args.json:
        if not many:
            results = [r for r in results if r.get("rule") != "READ"]
        json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif many:
        print(f"共 {len(args.sources)} 份：{summary['ok']} 份无错误，{summary['errors']} 份有错误，"
              f"{summary['unreadable']} 份无法读取")
    return status


def _print_findings(src: str, report, findings, many: bool) -> None:
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning" and not f.accepted)
    accepted = sum(1 for f in findings if f.accepted)
    head = f"{src}：{report.title}（{report.ed.id}年版）"
    verdict = "通过" if not errors else "有错误"
    extra = f"，{accepted} 个已说明" if accepted else ""
    if many:
        print(f"{head}：{verdict}（{errors} 个错误，{warnings} 个警告{extra}）")
        return
    print(head)
    for f in findings:
        label = "错误" if f.severity == "error" else ("已说明" if f.accepted else "警告")
        cells = ("  [" + ", ".join(f.cells[:6]) + (" …" if len(f.cells) > 6 else "") + "]") if f.cells else ""
        print(f"{label} {f.rule}：{f.message}{cells}")
        if f.accepted:
            print(f"    说明：{f.note}")
    print(f"结果：{verdict}（{errors} 个错误，{warnings} 个警告{extra}）")


def cmd_show(args: argparse.Namespace) -> int:
    from .core import native

    try:
        report = read_source(args.source)
    except GovReportError as e:
        _err(f"{args.source}：{e}")
        return EXIT_UNREADABLE
    sys.stdout.write(native.dumps(report))
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from .core import carry, edition, native, report as model

    if args.edition and args.edition not in edition.available():
        _err(f"未知的格式版本 {args.edition}（支持：{'、'.join(edition.available())}）")
        return EXIT_UNREADABLE
    try:
        if args.from_:
            last = read_source(args.from_)
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
    print(f"已创建 {args.output}：{rep.title}（{rep.ed.id}年版）", file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    out = Path(args.output)
    suffix = out.suffix.lower()
    if suffix not in (".docx", ".xlsx"):
        _err(f"不知道导出成什么格式：{out.name}（输出文件的扩展名应为 .docx 或 .xlsx）")
        return EXIT_UNREADABLE
    if args.template and suffix != ".docx":
        _err("--template 只用于导出 Word 文档（.docx）")
        return EXIT_UNREADABLE
    try:
        report = read_source(args.source)
    except GovReportError as e:
        _err(f"{args.source}：{e}")
        return EXIT_UNREADABLE
    from .core.export import ExportRefused

    try:
        if suffix == ".docx":
            from .core.export import docx

            docx.export(report, out, template=args.template, blank=args.blank, force=args.force)
        else:
            from .core.export import xlsx

            xlsx.export(report, out, blank=args.blank, force=args.force)
    except ExportRefused as e:
        _err(str(e))
        return EXIT_ERRORS
    except GovReportError as e:
        _err(str(e))
        return EXIT_UNREADABLE
    print(f"已导出 {out}", file=sys.stderr)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from .core import native

    try:
        result = read_import(args.source)
        native.save(result.report, args.output)
    except GovReportError as e:
        _err(f"{args.source}：{e}")
        return EXIT_UNREADABLE
    r = result.report
    print(f"已导入 {args.output}：{r.title}（{r.ed.id}年版，{len(r.values)} 个数值）", file=sys.stderr)
    return EXIT_OK


def expand_sources(sources: list[str]) -> list[str]:
    """Files as given; a folder stands for the report files inside it (sorted)."""
    from .core.importers import KINDS

    out: list[str] = []
    for s in sources:
        p = Path(s)
        if p.is_dir():
            out.extend(str(f) for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in KINDS)
        else:
            out.append(s)
    return out


def cmd_aggregate(args: argparse.Namespace) -> int:
    from .core import aggregate as A

    sources = expand_sources(args.sources)
    if not sources:
        _err("没有找到要汇总的报告文件")
        return EXIT_UNREADABLE
    summer = A.Summer(args.issuer, include_invalid=args.include_invalid)
    try:
        for unit in A.read_units(sources):          # streamed: memory does not grow with the units
            summer.add(unit)
        intake = A.intake(summer.summaries)
        for w in intake.warnings:
            _err(w)
        if intake.blocking:
            for b in intake.blocking:
                _err(b)
            return EXIT_UNREADABLE
        bad = intake.with_errors
        if bad and not args.include_invalid:
            _err(f"{len(bad)} 份报告有错误，未计入（如需计入请加 --include-invalid）："
                 + "、".join(u.name for u in bad[:8]) + ("等" if len(bad) > 8 else ""))
        report = summer.save(args.output)
    except GovReportError as e:
        _err(str(e))
        return EXIT_UNREADABLE
    finally:
        summer.close()
    included = summer.included
    unreadable = len(summer.summaries) - len(intake.readable)
    print(f"已汇总 {included} 份报告 → {args.output}（{report.title}）"
          + (f"；{len(bad)} 份有错误" if bad else "") + (f"；{unreadable} 份无法读取" if unreadable else ""),
          file=sys.stderr)
    return EXIT_ERRORS if bad or unreadable else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="govreport", description="政府信息公开工作年度报告：校验、查看、新建、导入、导出、汇总。")
    p.add_argument("--version", action="version", version=f"govreport {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    c = sub.add_parser("check", help="校验一份或多份报告")
    c.add_argument("sources", nargs="+", metavar="SOURCE")
    c.add_argument("--json", action="store_true", help="以 JSON 输出校验结果")
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
    ag.set_defaults(func=cmd_aggregate)

    e = sub.add_parser("export", help="导出 Word（.docx）或 Excel（.xlsx），格式按输出文件的扩展名")
    e.add_argument("source", metavar="SOURCE")
    e.add_argument("-o", "--output", required=True)
    e.add_argument("--template", metavar="T.docx", help="自定义 Word 模板（占位符见 templates/README.md）")
    e.add_argument("--force", action="store_true", help="报告有错误时仍然导出")
    e.add_argument("--blank", choices=["empty", "zero"], default="empty",
                   help="空白单元格：empty 留空（默认），zero 印为0")
    e.set_defaults(func=cmd_export)
    return p


def main(argv: Sequence[str] | None = None) -> int:
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
