"""Contact details: read from a report's text, and checked when typed.

:func:`extract_contacts` finds the contact details (the ``meta`` fields
address, postcode, phone, email, website, contact) that a published report
prints inside its preface, e.g. ``…请联系：洪泽区人民政府办公室，地址：淮安市
洪泽区东七街1号，邮编：223100，电话：0517-87221234，电子邮箱：hzzwgk@163.com。``
It never guesses: a value is taken only after its label, only when it ends
clearly (at ，。；, a line break, a closing bracket or the next label) and only
when it has the form of its field. A field printed twice with two different
values is left out.

:func:`meta_problem` says why a value typed into a report-information field
is not plausible. It is for input only: files already saved are read as they
are (``native.load`` does not use it).
"""

from __future__ import annotations

import datetime as _dt
import re

# full-width digits, letters and @ . - : / written as ASCII (Chinese punctuation is kept)
_HALF = {ord(f): ord(h) for f, h in zip("０１２３４５６７８９＠．－：／", "0123456789@.-:/")}
_HALF.update({c: c - 0xFEE0 for c in range(ord("Ａ"), ord("Ｚ") + 1)})
_HALF.update({c: c - 0xFEE0 for c in range(ord("ａ"), ord("ｚ") + 1)})
_HALF.update({ord("—"): ord("-"), ord("\u3000"): ord(" ")})

# label -> field; longer labels first so that 通讯地址 wins over 地址
_LABELS: dict[str, str] = {
    "通讯地址": "address", "通信地址": "address", "联系地址": "address", "办公地址": "address",
    "邮件地址": "email", "网站地址": "website",
    "地址": "address",
    "邮政编码": "postcode", "邮编": "postcode",
    "联系电话": "phone", "咨询电话": "phone", "办公电话": "phone", "联系方式": "phone", "电话": "phone",
    "电子邮箱": "email", "电子信箱": "email", "电子邮件": "email", "E-mail": "email", "E-Mail": "email",
    "e-mail": "email", "Email": "email", "email": "email", "EMAIL": "email", "邮箱": "email",
    "门户网站": "website", "政府网站": "website", "网址": "website", "网站": "website",
    "政府网": "website", "门户网": "website",
    "联系人": "contact",
}
_LABEL = re.compile("|".join(re.escape(k) for k in sorted(_LABELS, key=len, reverse=True)))
# fields whose value is free text: the label must be followed by a colon
_NEEDS_COLON = {"address", "contact"}
_COLON = re.compile(r"[ \t\u3000]*(?:[：:]|(?:为|是)(?=[ \t\u3000]*[0-9０-９A-Za-zａ-ｚＡ-Ｚ]))?[ \t\u3000]*")
_OPEN = "（("
_CLOSE = "）)"
_END = "，,。；;\n\r"

_PHONE_ONE = (r"(?:"
              r"1[3-9]\d(?:[- ]?\d{4}){2}"                                   # mobile
              r"|[48]00[- ]?\d{3}[- ]?\d{4}"                                  # 400 / 800
              r"|(?:[(（]0\d{2,3}[)）][ ]?|0\d{2,3}[ ]?-?[ ]?)?[2-9]\d{6,7}"   # (area) local
              r")(?:[ ]?(?:转|分机)[ ]?\d{1,6}|-\d{1,5}(?![\d]))?")
_PHONES = re.compile(rf"{_PHONE_ONE}(?:[ ]?[、，,；;/][ ]?{_PHONE_ONE})*(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9@-]|\.[A-Za-z0-9])")
_URL = re.compile(r"(?:https?://)?(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?::\d{1,5})?(?:/[A-Za-z0-9._~%!$&'*+,;=:@/?#-]*)?"
                  r"(?![A-Za-z0-9-]|\.[A-Za-z0-9])")
_POSTCODE = re.compile(r"\d{6}(?!\d)")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _value_span(text: str, start: int, labels: list[tuple[int, int]]) -> str | None:
    """The text from ``start`` up to where the value clearly ends, or None if it does not."""
    nxt = next((a for a, _ in labels if a >= start), len(text))
    depth = 0
    for i in range(start, nxt):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            if depth == 0:
                return text[start:i]          # the bracket the details were written in closes
            depth -= 1
        elif ch in _END:
            return text[start:i] if depth == 0 else None
    return text[start:nxt] if depth == 0 else None


def _typed(field: str, raw: str) -> str | None:
    """The value of a typed field at the start of ``raw``, if ``raw`` is that value (and spaces) only."""
    s = raw.translate(_HALF).strip()
    if field == "postcode":
        m = _POSTCODE.match(s)
    elif field == "phone":
        m = _PHONES.match(s)
    elif field == "email":
        m = _EMAIL.match(s)
    else:  # website
        m = _URL.match(s)
    if m is None:
        return None
    rest = s[m.end():].strip()
    if rest not in ("", ".") and not (field == "phone" and rest[0] in _OPEN):   # 0517-87221234（工作日）
        return None
    value = m.group(0).strip()
    if field == "website":
        value = value.rstrip(".,")
    return value


def _free(field: str, raw: str) -> str | None:
    v = raw.strip(" \t\u3000")
    if field == "address":
        if not 4 <= len(v) <= 80 or not _CJK.search(v):
            return None
    else:  # contact: a name, not a number or a sentence
        if not 2 <= len(v) <= 20 or re.search(r"[0-9０-９@]", v):
            return None
    return v


def _labels(text: str) -> list[tuple[int, int, str]]:
    """Where a label really introduces a value: (label start, value start, field).

    A label word inside other words (电话局路, 网站建设) is not one: it must be
    followed by a colon, or, for the fields with a fixed form, by what could
    start such a value (a digit, a letter, or the bracket of 门户网站（www…）).
    """
    out: list[tuple[int, int, str]] = []
    for m in _LABEL.finditer(text):
        field = _LABELS[m.group(0)]
        c = _COLON.match(text, m.end())
        colon = c.group(0).strip(" \t\u3000")
        start = c.end()
        nxt = text[start:start + 1]
        if colon in ("：", ":"):
            pass
        elif field in _NEEDS_COLON:
            continue
        elif field == "website" and nxt and nxt in _OPEN:
            start += 1
        elif not (colon or re.match(r"[0-9０-９A-Za-zＡ-Ｚａ-ｚ(（]", nxt)):
            continue
        out.append((m.start(), start, field))
    return out


def extract_contacts(text: str) -> dict[str, str]:
    """The contact details ``text`` states for sure, as ``meta`` keys and values."""
    if not text:
        return {}
    labels = _labels(text)
    found: dict[str, set[str]] = {}
    for i, (_, start, field) in enumerate(labels):
        bounds = [(a, b) for a, b, _ in labels[i + 1:]]
        raw = _value_span(text, start, bounds)
        if raw is None:
            continue
        if field == "phone":
            raw = _phone_run(text, start, raw, bounds)
        value = _free(field, raw) if field in _NEEDS_COLON else _typed(field, raw)
        if value:
            found.setdefault(field, set()).add(value)
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


def _phone_run(text: str, start: int, raw: str, labels: list[tuple[int, int]]) -> str:
    """Phone numbers may go on past a ，or ；: take the next part while it is a number too."""
    end = start + len(raw)
    while end < len(text) and text[end] in "，,；;":
        part = _value_span(text, end + 1, labels)
        if not part or _typed("phone", part) is None:
            break
        raw = text[start:end + 1 + len(part)]
        end = start + len(raw)
    return raw


# --------------------------------------------------------------------------
# checking a typed value


_DATE_FORM = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_PHONE_PART = re.compile(r"[0-9()（）\- ]+(?:转[ ]*[0-9]+)?")
_PHONE_SEPARATORS = re.compile(r"[ ]*[、，,；;/][ ]*")
_DOMAIN_LABEL = re.compile(r"[A-Za-z0-9\u4e00-\u9fff](?:[A-Za-z0-9\u4e00-\u9fff-]*[A-Za-z0-9\u4e00-\u9fff])?")


def published_example(year: int) -> str:
    """The example publication date for a report on ``year``: in January of the next year."""
    return f"{year + 1}-01-20"


def meta_problem(field: str, value: str, year: int | None = None) -> str | None:
    """Why ``value`` is not plausible for the report-information ``field``; None when fine or empty.

    ``year`` is the report year: a report is published after its year ends.
    Fields with no fixed form (address, contact) are not checked.
    """
    v = (value or "").strip()
    if not v:
        return None
    if field in ("postcode", "phone", "email", "website"):
        v = v.translate(_HALF)          # typed with a Chinese input method: ２２３１００ is 223100
    if field == "published":
        return _date_problem(v, year)
    if field == "email":
        return _email_problem(v)
    if field == "postcode":
        if not re.fullmatch(r"[0-9]{6}", v):
            return "邮政编码应为6位数字"
        return None
    if field == "phone":
        return _phone_problem(v)
    if field == "website":
        return _website_problem(v)
    return None


def _date_problem(v: str, year: int | None) -> str | None:
    example = published_example(year) if year is not None else "2026-01-20"
    m = _DATE_FORM.fullmatch(v)
    if m is None:
        return f"发布日期应写成 {example} 的形式（年-月-日）"
    try:
        d = _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return f"{v} 不是有效的日期"
    if year is not None and d.year <= year:
        return f"发布日期应在{year}年之后：{year}年的年报在次年发布，如 {example}"
    return None


def _email_problem(v: str) -> str | None:
    if re.search(r"\s", v):
        return "电子邮箱中不能有空格"
    if v.count("@") != 1:
        return "电子邮箱应恰有一个 @，如 zwgk@example.gov.cn"
    name, domain = v.split("@")
    if not name or not re.fullmatch(r"[A-Za-z0-9._%+-]+", name):
        return "电子邮箱 @ 前的名称只能用字母、数字和 . _ - 等符号"
    labels = domain.split(".")
    if len(labels) < 2 or not all(re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?", p) for p in labels) \
            or not re.fullmatch(r"[A-Za-z]{2,}", labels[-1]):
        return "电子邮箱 @ 后应为完整的域名，如 zwgk@example.gov.cn"
    return None


def _phone_problem(v: str) -> str | None:
    parts = _PHONE_SEPARATORS.split(v)
    for p in parts:
        if not p or not _PHONE_PART.fullmatch(p):
            return "联系电话只能包含数字、-、括号、“转”和空格，多个号码用“、”分隔"
        main = p.split("转")[0]
        if sum(ch.isdigit() for ch in main) < 5:
            return f"电话号码“{p}”位数不足"
    return None


def _website_problem(v: str) -> str | None:
    if re.search(r"\s", v):
        return "网站中不能有空格"
    rest = re.sub(r"^https?://", "", v, flags=re.IGNORECASE)
    host = re.split(r"[/?#]", rest, maxsplit=1)[0]
    host = re.sub(r":\d{1,5}$", "", host)
    labels = host.split(".")
    if "://" in rest or len(labels) < 2 or not all(_DOMAIN_LABEL.fullmatch(p) for p in labels) \
            or labels[-1].isdigit():
        return "网站应为域名或网址，如 www.example.gov.cn 或 http://www.example.gov.cn"
    return None
