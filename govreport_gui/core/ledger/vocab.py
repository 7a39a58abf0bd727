"""What a register's words mean in the official tables: the vocabulary, from the edition's data.

A register says 申请人类型 "法人或其他组织-商业企业" and 答复类型 "不予公开（1.属于国家秘密）"; the
table has a column 商业企业 under 法人或其他组织 and a row "1.属于国家秘密" under "（三）不予公开".
The words that find each row and column are the table's own printed labels (``Table.grid``,
``Table.row_names``, ``Table.columns``), so a new edition brings its vocabulary with it, and the
``ledger.*.synonyms`` of the edition file add what offices write beyond the labels (公民,
撤销 → 结果纠正). Python knows no label.

Matching is exact, on a skeleton of the words: full-width forms made plain (NFKC), numbering
dropped (（三） 1. 2、 一、 and every digit), punctuation and spaces dropped. A row is found by its
own label, by its group's label when the group has that one row, by group and label together in
either order (any separators between), or by its short name. A group written alone
("不予公开") names several rows: it is ambiguous. Words that match nothing, or more than one
row, are never counted on a guess: they are listed with the register rows that hold them, and a
mapping (``{kind: {words: key}}``, chosen once by the clerk, saved as JSON) settles them.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import edition as editions
from .limits import LedgerError

# The kinds of words a register holds, and what a clerk calls them
KIND_NAMES = {
    "applicant": "申请人类型",
    "result": "办理结果",
    "case_kind": "案件类型",
    "reviewed": "是否经复议",
    "case_result": "案件结果",
}
APPLICATION_KINDS = ("applicant", "result")
CASE_KINDS = ("case_kind", "reviewed", "case_result")
MAPPING_SCHEMA = 1
MAX_MAPPING_BYTES = 1024 * 1024
MAX_MAPPING_WORDS = 10_000

_NUMBERING = re.compile(r"\(\s*[一二三四五六七八九十\d]{1,3}\s*\)"
                        r"|(?<![一二三四五六七八九十])[一二三四五六七八九十]{1,3}\s*[、.．](?!\d)"
                        r"|\d+")
_PUNCT = re.compile(r"[\s\-‐‑‒–—―_:;,.。、/\\|()\[\]{}【】〔〕〖〗《》<>“”\"'‘’·•*#~!?+=^`]+")


@lru_cache(maxsize=8192)
def skeleton(text: str) -> str:
    """The words with what varies between offices taken out: "（三）不予公开-1.属于国家秘密" →
    "不予公开属于国家秘密"."""
    s = unicodedata.normalize("NFKC", text)
    s = _NUMBERING.sub("", s)
    return _PUNCT.sub("", s)


def plain(text: str) -> str:
    """Words as written, with full-width forms and runs of spaces made plain (for messages)."""
    return " ".join(unicodedata.normalize("NFKC", str(text)).split())


def key_of(text: str) -> str:
    """What a mapping is keyed by: the skeleton, or the plain words when nothing is left of them
    (a code such as "2")."""
    return skeleton(text) or plain(text)


@dataclass
class Vocabulary:
    """The words of one kind (``KIND_NAMES``) and the rows or columns they name: ``names`` maps
    each key (a row key or column id of the table) to its printed name; ``words`` each skeleton
    to the keys it names (more than one: ambiguous)."""

    kind: str
    names: dict[str, str]
    words: dict[str, frozenset[str]] = field(default_factory=dict)

    def add(self, text: str, key: str) -> None:
        s = skeleton(text)
        if s:
            self.words[s] = self.words.get(s, frozenset()) | {key}

    def match(self, text: str) -> frozenset[str]:
        """The keys the words name: one (found), none, or several (ambiguous)."""
        return self.words.get(skeleton(text), frozenset())


def _chain_texts(vocab: Vocabulary, key: str, chain: list[str]) -> None:
    """A row's or column's labels, outer to inner: each alone, all together in order, and the
    innermost two in either order."""
    for text in chain:
        vocab.add(text, key)
    if len(chain) > 1:
        vocab.add("".join(chain), key)
        vocab.add(chain[-1] + chain[-2], key)
        vocab.add(chain[0] + chain[-1], key)


def _spans(g: editions.GridCell) -> tuple[range, range]:
    return range(g.row, g.row + g.rowspan), range(g.col, g.col + g.colspan)


def _row_labels(table: editions.Table, grid_row: int, first_value_col: int) -> list[editions.GridCell]:
    at = table.at()
    out: list[editions.GridCell] = []
    for c in range(first_value_col):
        g = at.get((grid_row, c))
        if g is not None and g.kind == "label" and g not in out:
            out.append(g)
    return out


def _column_labels(table: editions.Table, cols: set[int]) -> list[editions.GridCell]:
    """The header labels over all of ``cols``, top to bottom."""
    out = []
    for g in table.grid:
        if g.kind == "label" and g.row < table.header_rows and cols <= set(_spans(g)[1]):
            out.append(g)
    return sorted(out, key=lambda g: (g.row, g.col))


def _build(kind: str, keys, chains: dict[str, list[editions.GridCell]], names: dict[str, str],
           synonyms: dict[str, str]) -> Vocabulary:
    """The vocabulary of ``keys``: the labels in their chains (a label shared by every key, such
    as 三、本年度办理结果 or 申请人情况, left out), their short names (whole, and split where
    they have a space: "（三）不予公开 1.属于国家秘密"), and the synonyms."""
    shared = set.intersection(*(set(map(id, chains[k])) for k in keys)) if keys else set()
    vocab = Vocabulary(kind, dict(names))
    for key in keys:
        chain = [g.text for g in chains[key] if id(g) not in shared]
        _chain_texts(vocab, key, chain)
        vocab.add(names[key], key)
        parts = names[key].split()
        if len(parts) > 1:
            _chain_texts(vocab, key, parts)
    for word, key in synonyms.items():
        vocab.add(word, key)
    return vocab


_BUILT: dict[tuple[str, int], tuple[editions.Edition, dict[str, Vocabulary]]] = {}


def _once(what: str, ed: editions.Edition, build) -> dict[str, Vocabulary]:
    """Built once per edition object (an edition read again, by a test that changes the data
    folder, is another object and gets its own)."""
    got = _BUILT.get((what, id(ed)))
    if got is None or got[0] is not ed:
        got = (ed, build(ed))
        _BUILT[(what, id(ed))] = got
    return got[1]


def applications_vocabulary(ed: editions.Edition) -> dict[str, Vocabulary]:
    """"applicant" (the applicant columns) and "result" (the result rows) of section 三."""
    return _once("applications", ed, _applications_vocabulary)


def cases_vocabulary(ed: editions.Edition) -> dict[str, Vocabulary]:
    """"case_kind" (the rows of section 四: 行政复议 and the two kinds of 行政诉讼), "reviewed"
    (the words of a column saying whether a suit followed a review) and "case_result"."""
    return _once("cases", ed, _cases_vocabulary)


def _applications_vocabulary(ed: editions.Edition) -> dict[str, Vocabulary]:
    part = _applications(ed)
    table = ed.tables[part.table]
    syn = part.synonyms
    first = part.applicants[0]
    value_cols = [table.position(part.cell(part.new, c)).col for c in (*part.applicants, part.total_column)]
    row_chains = {r: _row_labels(table, table.position(part.cell(r, first)).row, min(value_cols))
                  for r in part.results}
    row_names = {r: table.row_names.get(r, r) for r in (*part.results, part.carried_out)}
    results = _build("result", part.results, row_chains, row_names, syn.get("result", {}))
    col_chains = {c: _column_labels(table, {table.position(part.cell(part.new, c)).col}) for c in part.applicants}
    col_names = {c: table.columns[c] for c in part.applicants}
    applicants = _build("applicant", part.applicants, col_chains, col_names, syn.get("applicant", {}))
    return {"applicant": applicants, "result": results}


def _cases_vocabulary(ed: editions.Edition) -> dict[str, Vocabulary]:
    part = _cases(ed)
    table = ed.tables[part.table]
    syn = part.synonyms
    chains = {k: _column_labels(table, {table.position(part.cell(k, c)).col for c in (*part.results, part.pending)})
              for k in part.kinds}
    names = {k: table.row_names.get(k, k) for k in part.kinds}
    kinds = _build("case_kind", part.kinds, chains, names, syn.get("kind", {}))
    reviewed = _build("reviewed", part.kinds, chains, names, syn.get("reviewed", {}))
    result_keys = (*part.results, part.pending)
    result_names = {c: table.columns[c] for c in result_keys}
    results = Vocabulary("case_result", result_names)
    for key in result_keys:
        results.add(result_names[key], key)
    for word, key in syn.get("result", {}).items():
        results.add(word, key)
    return {"case_kind": kinds, "reviewed": reviewed, "case_result": results}


def _applications(ed: editions.Edition) -> editions.LedgerApplications:
    if ed.ledger.applications is None:
        raise LedgerError(f"报告格式“{ed.name}”没有说明如何从台账统计申请情况（缺少 ledger.applications）")
    return ed.ledger.applications


def _cases(ed: editions.Edition) -> editions.LedgerCases:
    if ed.ledger.cases is None:
        raise LedgerError(f"报告格式“{ed.name}”没有说明如何从案件台账统计行政复议、行政诉讼（缺少 ledger.cases）")
    return ed.ledger.cases


def vocabularies(ed: editions.Edition) -> dict[str, Vocabulary]:
    """Every kind's vocabulary the edition has."""
    out: dict[str, Vocabulary] = {}
    if ed.ledger.applications is not None:
        out.update(applications_vocabulary(ed))
    if ed.ledger.cases is not None:
        out.update(cases_vocabulary(ed))
    return out


# -- the clerk's mapping ----------------------------------------------------------------------


Mapping = dict[str, dict[str, str]]


def check_mapping(mapping: object, ed: editions.Edition, where: str = "对应关系") -> Mapping:
    """A mapping ``{kind: {words as written: key}}`` checked against the edition: every kind
    known, every key a row or column of that kind. Returns it keyed by :func:`key_of` the
    words, as matching uses it. Raises :class:`LedgerError` naming ``where`` and the entry."""
    if mapping is None:
        return {}
    if not isinstance(mapping, dict):
        raise LedgerError(f"{where}有误：应为对象（类别 -> {{台账中的写法: 行或列}}）")
    vocab = vocabularies(ed)
    out: Mapping = {}
    count = 0
    for kind, words in mapping.items():
        if kind == "schema":
            continue
        if kind not in vocab:
            known = "、".join(f"{k}（{KIND_NAMES[k]}）" for k in vocab)
            raise LedgerError(f"{where}有误：未知的类别 {kind!r}（应为 {known}）")
        if not isinstance(words, dict):
            raise LedgerError(f"{where}有误：{kind} 应为对象（台账中的写法 -> 行或列）")
        names = vocab[kind].names
        for text, key in words.items():
            count += 1
            if not isinstance(text, str) or not text.strip() or not isinstance(key, str):
                raise LedgerError(f"{where}有误：{kind} 中的 {text!r} 应对应一个行或列的编号")
            if key not in names:
                raise LedgerError(f"{where}有误：{KIND_NAMES[kind]}“{text}”对应的 {key!r} 不是报告格式“{ed.name}”"
                                  f"中的{KIND_NAMES[kind]}（可选：{'、'.join(f'{k}（{n}）' for k, n in names.items())}）")
            out.setdefault(kind, {})[key_of(text)] = key
    if count > MAX_MAPPING_WORDS:
        raise LedgerError(f"{where}有误：超过 {MAX_MAPPING_WORDS} 条，不像是台账的对应关系")
    return out


def load_mapping(path: str | os.PathLike, ed: editions.Edition) -> Mapping:
    """A mapping saved as JSON (by :func:`save_mapping`, or written by hand), checked against
    the edition. The file: ``{"schema": 1, "applicant": {"律师": "legal"}, "result": {"同意公开":
    "granted"}, "case_kind": {…}, "reviewed": {…}, "case_result": {…}}`` — each kind optional, its
    words as the register writes them, each mapped to a column id or row key of the edition's
    table. Raises :class:`LedgerError` naming the file (and the entry that is wrong)."""
    from .. import native

    p = Path(path)
    data = native.read_limited(p, "对应关系文件", MAX_MAPPING_BYTES, LedgerError,
                               lambda n: f"对应关系文件 {p.name} 过大（{n // 1024} KB），不像是台账的对应关系，未读取")
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise LedgerError(f"对应关系文件 {p.name} 不是 UTF-8 编码的 JSON 文件，未读取") from None
    except json.JSONDecodeError as e:
        raise LedgerError(f"对应关系文件 {p.name} 不是有效的 JSON（第 {e.lineno} 行第 {e.colno} 列：{native.json_reason(e.msg)}），未读取") from None
    except RecursionError:
        raise LedgerError(f"对应关系文件 {p.name} 嵌套过深，不是台账的对应关系，未读取") from None
    if isinstance(obj, dict) and obj.get("schema", MAPPING_SCHEMA) != MAPPING_SCHEMA:
        raise LedgerError(f"对应关系文件 {p.name} 的格式版本（schema {obj.get('schema')!r}）不受支持，未读取")
    check_mapping(obj, ed, f"对应关系文件 {p.name} ")
    return {k: dict(v) for k, v in obj.items() if k != "schema"}


def save_mapping(path: str | os.PathLike, mapping: Mapping, ed: editions.Edition) -> None:
    """Save a mapping as JSON (UTF-8, atomically), after checking it against the edition."""
    from .. import native

    check_mapping(mapping, ed)
    data = {"schema": MAPPING_SCHEMA, **{k: dict(v) for k, v in mapping.items() if v}}
    native.atomic_write(path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
