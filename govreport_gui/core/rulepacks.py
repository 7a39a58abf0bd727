"""Local rule packs: a province's or a city's own requirements, as a data file (issue 17, item 2).

Provinces and cities review the published reports with rules of their own, written in a notice
each year (篇幅原则上不超过一千字; 主动公开应包括通过政府网站、政务新媒体、政府公报…发布信息数量).
A pack is one JSON file of such rules, in the rule language of the editions
(``docs/rules.md``): ``linear`` rules between cells, and rule functions registered by name — the
ones here for the narrative (``text_length``, ``required_phrases``, ``required_figures``) and any
the editions use. Packs live in ``resources/rulepacks/`` (shipped) and in the user's data folder
(the window passes it); the window lets the clerk choose which apply, ``govreport check --rules
PACK`` applies one on the command line. A finding of a pack names its pack and its notice.

A pack is untrusted data from a colleague's e-mail: it is refused at load, with its file and the
line of the rule named (in Chinese), when it is not JSON, over ``MAX_PACK_BYTES``, of a newer
format, names a rule kind or function that does not exist, a cell or text the edition does not
have, a threshold out of range, or a pattern that could take exponential time (a repetition
inside a repetition, a back-reference: :func:`safe_pattern`); the texts a pattern searches are
bounded too (``MAX_SEARCHED_CHARS``). A broken pack never stops the app: the others still apply.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import GovReportError
from .rules import Check, register

if TYPE_CHECKING:
    from .edition import Edition, RuleDef
    from .report import Report

PACK_FORMAT = 1                     # the "rulepack" key: a newer pack is refused, never half-read
MAX_PACK_BYTES = 1024 * 1024        # a pack of a few dozen rules is a few kB; 10 MB is no pack
MAX_RULES = 500
MAX_PATTERN_CHARS = 300
MAX_SEARCHED_CHARS = 200_000        # a report's whole narrative is 5,000–20,000 characters
MAX_WINDOW = 200                    # characters between a figure's words and its number
PACK_RULE = re.compile(r"^[A-Za-z0-9_.-]{1,64}/[A-Za-z0-9_.-]{1,32}$")   # a pack's rule: "wuwei-2025/W1"
_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_RULE_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
KINDS = ("linear", "function")           # the editions' kinds a pack may use (no types or blanks rules)
_SPACE = re.compile(r"[\s\u3000]+")
_NUMBER = r"[0-9０-９][0-9０-９,，.．]*|[〇零一二两三四五六七八九十百千万亿]{1,12}"


class RulePackError(GovReportError):
    """A pack that cannot be used: its file and the place are named, in Chinese."""


@dataclass
class RulePack:
    id: str
    name: str
    notice: dict[str, str]                   # title, number, date, url: where the rules come from
    editions: tuple[str, ...]                # the editions it applies to ("" none listed: all)
    rules: list["RuleDef"]
    path: Path
    lines: dict[str, int] = field(default_factory=dict)     # rule id -> the line it starts on

    @property
    def cite(self) -> str:
        """How a finding names its pack: “《武威市…的通知》武政办发〔2025〕54号”, or the pack's name."""
        title = self.notice.get("title")
        number = self.notice.get("number", "")
        return f"《{title}》{number}" if title else f"规则包“{self.name}”"

    def applies_to(self, edition_id: str) -> bool:
        return not self.editions or edition_id in self.editions

    def checks_for(self, ed: "Edition") -> list[Check]:
        """Its rules compiled for a report of ``ed`` (none when it is for other editions)."""
        return checks(self, ed) if self.applies_to(ed.id) else []


# -- loading -----------------------------------------------------------------------------------------

def pack_dirs(user_dir: str | os.PathLike | None = None) -> list[Path]:
    """Where packs are found: the shipped ones, then the user's (``user_dir``: the app's data
    folder's ``rulepacks``, given by the window; the command line takes a file or an id)."""
    from . import resources

    dirs = [resources.resources() / "rulepacks"]
    if user_dir is not None:
        dirs.append(Path(user_dir))
    return dirs


def discover(user_dir: str | os.PathLike | None = None) -> tuple[list[RulePack], list[str]]:
    """Every pack that loads, and a Chinese line for each that does not (its file and place)."""
    packs: list[RulePack] = []
    problems: list[str] = []
    seen: set[str] = set()
    for d in pack_dirs(user_dir):
        if not d.is_dir():
            continue
        for path in sorted(d.glob("*.json")):
            try:
                pack = load(path)
            except RulePackError as e:
                problems.append(str(e))
                continue
            if pack.id in seen:
                problems.append(f"规则包 {path.name} 的编号 {pack.id} 与另一个规则包相同，未使用")
                continue
            seen.add(pack.id)
            packs.append(pack)
    return packs, problems


def find(name: str, user_dir: str | os.PathLike | None = None) -> RulePack:
    """A pack by its file (a path) or its id among the shipped and the user's packs."""
    p = Path(name)
    if p.suffix.lower() == ".json" or p.exists():
        return load(p)
    packs, _ = discover(user_dir)
    for pack in packs:
        if pack.id == name:
            return pack
    known = "、".join(pk.id for pk in packs) or "无"
    raise RulePackError(f"找不到规则包 {name}（可用的规则包：{known}）")


def load(path: str | os.PathLike) -> RulePack:
    """Read and check a pack file; RulePackError names the file (and the line) when it cannot be used."""
    from . import native

    p = Path(path)
    name = p.name
    raw = native.read_limited(p, "规则包", MAX_PACK_BYTES, RulePackError,
                              lambda n: f"规则包 {name} 过大（{n // 1024} KB，规则包通常只有几 KB），未使用")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RulePackError(f"规则包 {name} 不是 UTF-8 编码的文本，未使用") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise RulePackError(f"规则包 {name} 第 {e.lineno} 行有误：不是有效的 JSON（{native.json_reason(e.msg)}），未使用") from None
    except RecursionError:
        raise RulePackError(f"规则包 {name} 嵌套过深，不是规则包，未使用") from None
    return build(data, p, text)


def _line_of(text: str, rule_id: str) -> int:
    """The line a rule starts on (its "id"), for messages; 0 when not found."""
    m = re.search(r'"id"\s*:\s*"' + re.escape(rule_id) + '"', text)
    return text.count("\n", 0, m.start()) + 1 if m else 0


def build(data: Any, path: Path, text: str = "") -> RulePack:
    from .edition import SEVERITIES, RuleDef

    name = path.name

    def fail(what: str, line: int = 0) -> RulePackError:
        where = f"第 {line} 行" if line else ""
        return RulePackError(f"规则包 {name} {where}有误：{what}，未使用".replace(" 有误", "有误"))

    if not isinstance(data, dict):
        raise fail("应为一个 JSON 对象")
    version = data.get("rulepack")
    if not isinstance(version, int) or isinstance(version, bool):
        raise fail("缺少规则包格式版本（\"rulepack\": 1）")
    if version > PACK_FORMAT:
        raise RulePackError(f"规则包 {name} 是更新版本的格式（{version}），本程序只能读取第 {PACK_FORMAT} 版，"
                            f"请更新年报填报助手，未使用")
    pid = data.get("id")
    if not isinstance(pid, str) or not _ID.match(pid):
        raise fail("id 应为 1–64 个字母、数字、- _ . 组成的编号")
    pname = data.get("name")
    if not isinstance(pname, str) or not pname.strip():
        raise fail("缺少规则包名称（name）")
    notice = data.get("notice", {})
    if not isinstance(notice, dict) or not all(isinstance(v, str) for v in notice.values()):
        raise fail("notice 应为对象（title、number、date、url，均为文字）")
    editions = data.get("editions", [])
    if not isinstance(editions, list) or not all(isinstance(e, str) for e in editions):
        raise fail("editions 应为格式版本编号的列表，如 [\"2021\"]")
    rules_data = data.get("rules")
    if not isinstance(rules_data, list) or not rules_data:
        raise fail("rules 应为规则的列表")
    if len(rules_data) > MAX_RULES:
        raise fail(f"规则超过 {MAX_RULES} 条")
    rules: list[RuleDef] = []
    lines: dict[str, int] = {}
    for i, r in enumerate(rules_data):
        if not isinstance(r, dict):
            raise fail(f"第 {i + 1} 条规则应为对象")
        rid = r.get("id")
        line = _line_of(text, rid) if isinstance(rid, str) else 0
        if not isinstance(rid, str) or not _RULE_ID.match(rid):
            raise fail(f"第 {i + 1} 条规则的 id 应为 1–32 个字母、数字、- _ . 组成的编号", line)
        if rid in lines:
            raise fail(f"规则 {rid} 重复", line)
        lines[rid] = line
        for key in ("title", "message"):
            if not isinstance(r.get(key), str) or not r[key].strip():
                raise fail(f"规则 {rid} 缺少 {key}", line)
        severity = r.get("severity", "warning")
        if severity not in SEVERITIES:
            raise fail(f"规则 {rid} 的 severity 应为 error 或 warning", line)
        kind = r.get("kind")
        if kind not in KINDS:
            raise fail(f"规则 {rid} 的类型 {kind!r} 未知（可用：{'、'.join(KINDS)}）", line)
        if kind == "function":
            fn = r.get("function")
            from .rules import FUNCTIONS
            from . import rulefuncs  # noqa: F401  (the editions' functions: a pack may use them too)

            if fn not in FUNCTIONS:
                raise fail(f"规则 {rid} 的函数 {fn!r} 不存在（可用：{'、'.join(sorted(FUNCTIONS))}）", line)
        spec = dict(r)
        spec["key"] = f"{pid}/{rid}"          # its findings' keys (and an accepted warning's note): pack/rule:…
        spec["_pack"] = pid
        rules.append(RuleDef(id=f"{pid}/{rid}", severity=severity, kind=kind, title=r["title"],
                             message=r["message"], spec=spec))
    pack = RulePack(pid, pname.strip(), {k: v.strip() for k, v in notice.items()}, tuple(editions), rules, path, lines)
    for rule in rules:
        rule.spec["_cite"] = pack.cite
    return pack


# -- checking ------------------------------------------------------------------------------------------

def checks(pack: RulePack, ed: "Edition") -> list[Check]:
    """The pack's rules compiled against an edition (the same way the edition's own are). A rule
    naming a cell, a row or a text the edition does not have is refused with the pack's file and
    the rule's line."""
    from .rules import FUNCTIONS, _expand_linear

    out: list[Check] = []
    for rule in pack.rules:
        line = pack.lines.get(rule.id.partition("/")[2], 0)
        try:
            if rule.kind == "linear":
                new = _expand_linear(ed, rule)
            else:
                new = FUNCTIONS[rule.spec["function"]](ed, rule)
        except RulePackError:
            raise
        except (ValueError, KeyError, TypeError, GovReportError, re.error) as e:
            where = f"第 {line} 行" if line else ""
            raise RulePackError(f"规则包 {pack.path.name} {where}的规则 {rule.id.partition('/')[2]} 不能用于"
                                f"{ed.name}：{_plain(e)}，未使用") from None
        out.extend(new)
    return out


def _plain(e: Exception) -> str:
    text = str(e.args[0]) if e.args else type(e).__name__
    return text if re.search(r"[\u4e00-\u9fff]", text) else f"定义有误（{text[:80]}）"


# -- the narrative functions a notice asks for -----------------------------------------------------

def safe_pattern(pattern: str, where: str) -> re.Pattern:
    """A regular expression a pack may use: at most MAX_PATTERN_CHARS characters, no
    back-reference, and no repetition inside a repetition ((a+)+, (a|b*)*), the shapes whose
    matching time can grow exponentially with the text; refused (ValueError) otherwise."""
    try:                                  # the re module's own parser, for the pattern's shape
        from re import _parser as sre_parse
    except ImportError:                   # Python before 3.11
        import sre_parse  # type: ignore[no-redef]

    if not isinstance(pattern, str) or not pattern:
        raise ValueError(f"{where} 应为正则表达式")
    if len(pattern) > MAX_PATTERN_CHARS:
        raise ValueError(f"{where} 过长（超过 {MAX_PATTERN_CHARS} 个字符）")
    try:
        parsed = sre_parse.parse(pattern)
    except re.error as e:
        raise ValueError(f"{where} 不是有效的正则表达式（{e}）") from None

    def walk(items, inside_repeat: bool) -> None:
        for op, av in items:
            name = str(op)
            if name in ("GROUPREF", "GROUPREF_EXISTS"):
                raise ValueError(f"{where} 使用了反向引用，匹配时间无法保证，未使用")
            if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                lo, hi, sub = av
                if inside_repeat and hi != 1:
                    raise ValueError(f"{where} 含有嵌套的重复（如 (a+)+），匹配时间可能随文字长度成倍增长，未使用")
                walk(sub, inside_repeat or hi != 1)
            elif name == "SUBPATTERN":
                walk(av[-1], inside_repeat)
            elif name == "BRANCH":
                for sub in av[1]:
                    walk(sub, inside_repeat)
            elif name in ("ASSERT", "ASSERT_NOT"):
                walk(av[1], inside_repeat)

    walk(parsed, False)
    return re.compile(pattern)


def _texts(ed: "Edition", rule: "RuleDef", spec: Any) -> tuple[str, ...]:
    """The narratives a rule reads: one id, a list, or "*" (every narrative: the whole text)."""
    if spec == "*":
        return tuple(ed.texts)
    ids = [spec] if isinstance(spec, str) else spec
    if not isinstance(ids, list) or not ids:
        raise ValueError("params.texts 应为正文编号（preface、s1、s5、s6）、其列表，或 \"*\"（全文）")
    for t in ids:
        if t not in ed.texts:
            raise ValueError(f"正文 {t} 不存在（本格式的正文：{'、'.join(ed.texts)}）")
    return tuple(ids)


def _name(ed: "Edition", texts: tuple[str, ...]) -> str:
    if set(texts) == set(ed.texts):
        return "全文"
    return "、".join(ed.texts[t].name for t in texts)


def _joined(report: "Report", texts: tuple[str, ...]) -> str:
    return "\n".join(report.text.get(t) or "" for t in texts)[:MAX_SEARCHED_CHARS]


def counted_chars(text: str) -> int:
    """Characters as a 字数 limit counts them: every character but spaces and line breaks."""
    return len(_SPACE.sub("", text))


def _number(value: Any, what: str, lo: float = 0, hi: float = 1_000_000) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ValueError(f"{what} 应为 {lo:g}–{hi:g} 之间的整数")
    return value


class _TextCheck(Check):
    def __init__(self, rule: "RuleDef", texts: tuple[str, ...], suffix: str = ""):
        self.rule, self.texts = rule, texts
        self.key = f"{rule.spec['key']}:{suffix or '+'.join(texts)}"
        self.reads = tuple(f"text:{t}" for t in texts)


class LengthCheck(_TextCheck):
    def __init__(self, rule, texts, name, lo, hi):
        super().__init__(rule, texts)
        self.name, self.lo, self.hi = name, lo, hi

    def evaluate(self, report):
        n = counted_chars(_joined(report, self.texts))
        if n == 0 or (self.lo is None or n >= self.lo) and (self.hi is None or n <= self.hi):
            return None
        limit = self.hi if self.hi is not None and n > self.hi else self.lo
        return self.finding(report, (), self.rule.message.format(text=self.name, chars=n, limit=limit),
                            expected=limit, actual=n)


@register("text_length")
def text_length(ed: "Edition", rule: "RuleDef") -> list[Check]:
    """``params``: ``texts`` (a narrative, a list, or "*" for the whole report), ``max`` and/or
    ``min`` characters (spaces and line breaks not counted). Message names: {text}, {chars}, {limit}.
    An empty text is not measured (another rule says it is empty)."""
    p = rule.spec.get("params") or {}
    texts = _texts(ed, rule, p.get("texts"))
    hi = _number(p["max"], "params.max", 1) if "max" in p else None
    lo = _number(p["min"], "params.min", 1) if "min" in p else None
    if hi is None and lo is None:
        raise ValueError("params 应给出 max 或 min（字数）")
    if hi is not None and lo is not None and lo > hi:
        raise ValueError("params.min 不应大于 params.max")
    rule.message.format(text="", chars=0, limit=0)
    return [LengthCheck(rule, texts, _name(ed, texts), lo, hi)]


class PhrasesCheck(_TextCheck):
    def __init__(self, rule, texts, name, items, need):
        super().__init__(rule, texts)
        self.name, self.items, self.need = name, items, need

    def evaluate(self, report):
        text = _joined(report, self.texts)
        if not text.strip():
            return None
        missing = [label for label, pats in self.items if not any(p.search(text) for p in pats)]
        if self.need == "all" and not missing or self.need == "any" and len(missing) < len(self.items):
            return None
        return self.finding(report, (), self.rule.message.format(text=self.name, missing="、".join(missing)))


def _items(spec: Any, where: str, figure: bool = False) -> list[tuple[str, list[re.Pattern]]]:
    """Each item: a phrase, or {"name": …, "words": [phrases], "patterns": [regexes]}; with
    ``figure``, each phrase or pattern must be followed by a number within ``MAX_WINDOW``."""
    if not isinstance(spec, list) or not spec:
        raise ValueError(f"{where} 应为列表")
    out = []
    for i, item in enumerate(spec):
        if isinstance(item, str):
            item = {"name": item, "words": [item]}
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ValueError(f"{where}[{i}] 应为文字，或含 name 的对象")
        pats = [re.compile(re.escape(w)) for w in item.get("words", []) if isinstance(w, str) and w]
        pats += [safe_pattern(x, f"{where}[{i}].patterns") for x in item.get("patterns", [])]
        if not pats:
            raise ValueError(f"{where}[{i}] 应给出 words 或 patterns")
        if figure:
            window = item.get("within", 30)
            _number(window, f"{where}[{i}].within", 1, MAX_WINDOW)
            pats = [re.compile(f"(?:{p.pattern})[^。；;\\n]{{0,{window}}}?(?:{_NUMBER})") for p in pats]
        out.append((item["name"], pats))
    return out


@register("required_phrases")
def required_phrases(ed: "Edition", rule: "RuleDef") -> list[Check]:
    """``params``: ``texts``; ``items``: what must be said (a phrase, or {"name", "words",
    "patterns"}); ``need``: "all" (default: each item) or "any" (one of them). Message names:
    {text}, {missing}. An empty text is not searched."""
    return _phrases(ed, rule, figure=False)


@register("required_figures")
def required_figures(ed: "Edition", rule: "RuleDef") -> list[Check]:
    """As ``required_phrases``, but each item must be stated with a figure: its words followed
    by a number (Arabic or Chinese numerals) within ``within`` characters (default 30) in the
    same sentence — “通过政务新媒体发布信息294条”. Message names: {text}, {missing}."""
    return _phrases(ed, rule, figure=True)


def _phrases(ed: "Edition", rule: "RuleDef", figure: bool) -> list[Check]:
    p = rule.spec.get("params") or {}
    texts = _texts(ed, rule, p.get("texts"))
    need = p.get("need", "all")
    if need not in ("all", "any"):
        raise ValueError("params.need 应为 all 或 any")
    rule.message.format(text="", missing="")
    return [PhrasesCheck(rule, texts, _name(ed, texts), _items(p.get("items"), "params.items", figure), need)]
