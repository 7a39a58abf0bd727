"""The native ``.govreport`` file: round trip, forward compatibility, bad input, atomic save.

Contract: a report saves as UTF-8 JSON and loads back unchanged; unknown keys
survive a save; every malformed file is refused with a Chinese message
(ReportFileError), never a traceback; a failed save leaves the old file.
"""

from __future__ import annotations

import errno
import json
import os
import re
import time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import CJK, DEMO, read_only
from govreport_gui.core import edition as editions
from govreport_gui.core import native, values
from govreport_gui.core.errors import ReportFileError
from govreport_gui.core.report import Previous, Report

KNOWN_TOP = {"govreport", "edition", "year", "issuer", "meta", "text", "values", "notes", "previous"}
KNOWN_PREVIOUS = {"year", "edition", "issuer", "values", "text"}


def assert_chinese_message(err: BaseException) -> str:
    msg = str(err)
    assert CJK.search(msg), f"message is not Chinese: {msg!r}"
    assert "Traceback" not in msg
    return msg


def demo_json() -> dict:
    return json.loads(DEMO.read_text(encoding="utf-8"))


def encode(obj: dict) -> bytes:
    return json.dumps(obj, ensure_ascii=False, indent=1).encode("utf-8")


# --------------------------------------------------------------------------
# 1. round trip (property-based)

TRICKY = ["&", "<", ">", '"', "'", "\n", "\r\n", "\t", "{{ x }}", "{% if %}", "\\", "（一）", "“”", "\u3000", "—"]
TEXT = st.one_of(
    st.lists(st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.sampled_from(TRICKY),
    ), max_size=40).map("".join),
    st.text(max_size=30),  # any Unicode, control characters included
)
# numbers with a fraction or exponent as loading gives them: exact, kept as written (never float)
JSON_NUMBERS = st.from_regex(r"-?(0|[1-9][0-9]{0,15})(\.[0-9]{1,15}([eE][+-]?[0-9]{1,6})?|[eE][+-]?[0-9]{1,6})",
                             fullmatch=True) \
    .map(native.JsonNumber)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**15, 10**15) | JSON_NUMBERS | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
YEARS = st.integers(1990, 2200)


def cell_value(vtype: str):
    if vtype == "count":
        return st.integers(0, 10**14)
    if vtype == "signed":
        return st.integers(-10**14, 10**14)
    assert vtype == "amount", vtype
    return st.builds(lambda n, places: Decimal(n).scaleb(-places), st.integers(0, 10**14 - 1), st.integers(0, 6))


@st.composite
def cell_values(draw, ed: editions.Edition) -> dict:
    ids = draw(st.sets(st.sampled_from(sorted(ed.cells)), max_size=len(ed.cells)))
    return {cid: draw(cell_value(ed.cells[cid].type)) for cid in ids}


@st.composite
def texts(draw, ed: editions.Edition) -> dict:
    ids = draw(st.sets(st.sampled_from(sorted(ed.texts))))
    return {tid: draw(TEXT) for tid in ids}


@st.composite
def reports(draw) -> Report:
    eid = draw(st.sampled_from(["2019", "2021"]))
    ed = editions.get(eid)
    report = Report(edition=eid, year=draw(YEARS), issuer=draw(TEXT))
    for cid, value in draw(cell_values(ed)).items():
        report.set(cid, value)          # the model's own normalisation
    report.text = draw(texts(ed))
    meta = draw(st.dictionaries(st.sampled_from(["address", "postcode", "phone", "email", "website", "contact"]),
                                TEXT, max_size=6))
    if draw(st.booleans()):
        meta["published"] = draw(st.dates()).isoformat()
    report.meta = meta
    note_keys = st.one_of(
        st.sampled_from(sorted(ed.cells)),
        st.sampled_from(ed.rule_ids()),
        st.tuples(st.sampled_from(ed.rule_ids()), st.sampled_from(sorted(ed.cells))).map(":".join),
    )
    report.notes = draw(st.dictionaries(note_keys, TEXT, max_size=4))
    if draw(st.booleans()):
        p_eid = draw(st.none() | st.sampled_from(["2019", "2021"]))
        p_year = draw(YEARS)
        ped = editions.get(p_eid) if p_eid else editions.for_year(p_year)
        p_values = {cid: values.normalize(v, ped.cells[cid].type) for cid, v in draw(cell_values(ped)).items()}
        report.previous = Previous(
            year=p_year, edition=p_eid, issuer=draw(st.none() | TEXT), values=p_values, text=draw(texts(ped)),
            extra=draw(st.dictionaries(TEXT.filter(lambda k: k not in KNOWN_PREVIOUS), JSON_VALUES, max_size=2)),
        )
    report.extra = draw(st.dictionaries(TEXT.filter(lambda k: k not in KNOWN_TOP), JSON_VALUES, max_size=3))
    return report


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],  # no slow "explain"
          report_multiple_bugs=False)
@given(report=reports())
def test_any_valid_report_saves_and_loads_unchanged(report, tmp_path):
    text = native.dumps(report)
    again = native.loads(text)
    assert again == report
    assert native.dumps(again) == text            # a second save changes nothing either
    assert native.loads(text.encode("utf-8")) == report

    path = tmp_path / "r.govreport"                 # saved over the previous example's file
    native.save(report, path)
    assert path.read_bytes() == text.encode("utf-8")
    assert native.load(path) == report


# --------------------------------------------------------------------------
# 2. the demo file


def test_demo_loads_and_saves_byte_for_byte(tmp_path):
    original = DEMO.read_bytes()
    report = native.load(DEMO)
    assert (report.edition, report.year, report.issuer) == ("2021", 2024, "云泽市人民政府")
    assert report.values["s3.new.total"] == 357
    assert report.values["s2.fees.amount"] == Decimal("1836.4527")
    assert report.previous is not None and report.previous.year == 2023

    assert native.dumps(report).encode("utf-8") == original
    out = tmp_path / "copy.govreport"
    native.save(report, out)
    assert out.read_bytes() == original


# --------------------------------------------------------------------------
# 3. forward compatibility: unknown keys survive a save

FUTURE = {"nested": {"a": [1, "二", True, None], "b": {}}, "list": [], "text": "新版本的字段 & <x>"}


def test_unknown_keys_are_kept_on_save(tmp_path):
    obj = demo_json()
    obj["x_signatures"] = FUTURE
    obj["x_flag"] = False
    obj["previous"]["x_source"] = {"file": "2023年报.docx", "pages": [1, 2]}
    path = tmp_path / "future.govreport"
    path.write_bytes(encode(obj))

    native.save(native.load(path), path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved.pop("x_signatures") == FUTURE
    assert saved.pop("x_flag") is False
    assert saved["previous"].pop("x_source") == {"file": "2023年报.docx", "pages": [1, 2]}
    assert saved == demo_json()                     # and nothing else changed


@pytest.mark.parametrize("number", ["2.5", "0.1", "-0.001", "1e300"])
def test_unknown_keys_keep_fractional_numbers_as_numbers(tmp_path, number):
    """A newer program's key holding a JSON number with a fraction must stay that number."""
    obj = demo_json()
    raw = encode(obj).decode("utf-8")
    raw = raw[:-2] + f',\n "x_ratio": {number}\n}}'
    path = tmp_path / "future.govreport"
    path.write_text(raw, encoding="utf-8")

    native.save(native.load(path), path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["x_ratio"] == json.loads(number)


# --------------------------------------------------------------------------
# 4. bad input


def _with(mutate) -> bytes:
    obj = demo_json()
    mutate(obj)
    return encode(obj)


def _set(path: str, value):
    def mutate(obj):
        *parents, last = path.split("/")
        for p in parents:
            obj = obj[p]
        obj[last] = value
    return mutate


def _raw_value(cell: str, literal: str) -> bytes:
    """The demo with one value written as a raw JSON literal (not via json.dumps)."""
    text = encode(demo_json()).decode("utf-8")
    text, n = re.subn(rf'("{re.escape(cell)}": )[^,\n]+', lambda m: m.group(1) + literal, text, count=1)
    assert n == 1
    return text.encode("utf-8")


DEMO_TEXT = DEMO.read_text(encoding="utf-8")
BAD_BYTES = {
    "malformed JSON": DEMO_TEXT.rstrip()[:-1].encode("utf-8"),
    "trailing comma": b'{"govreport": 1, "edition": "2021", "year": 2024,}',
    "top level is a list": b"[1, 2, 3]",
    "top level is a string": '"淮安市人民政府"'.encode("utf-8"),
    "missing govreport": _with(lambda o: o.pop("govreport")),
    "year as string": _with(_set("year", "2024")),
    "values as list": _with(_set("values", [1, 2, 3])),
    "count as string": _with(_set("values/s3.new.natural", "5")),
    "count as 1.5": _raw_value("s3.new.natural", "1.5"),
    "amount as binary float": _raw_value("s2.fees.amount", "0.30000000000000004"),
    "bool as count": _with(_set("values/s3.new.natural", True)),
    "negative count": _with(_set("values/s3.new.natural", -1)),
    "amount with 7 places": _with(_set("values/s2.fees.amount", "1836.4527001")),
    "unknown cell id": _with(_set("values/s3.new.robots", 1)),
    "unknown cell id in previous": _with(_set("previous/values/s9.nothing.total", 1)),
    "newer file version": _with(_set("govreport", 2)),
    "deeply nested arrays": b"[" * 100_000 + b"]" * 100_000,
    "deeply nested inside the report": b'{"govreport": 1, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "number with 10000 digits": _raw_value("s3.new.natural", "7" * 10_000),
    "not UTF-8 (GBK)": DEMO_TEXT.encode("gbk"),
    "empty file": b"",
    "only whitespace": b" \n\t\n",
    "binary file": bytes(range(256)) * 64,
    "binary with NUL bytes": b"\x00" * 1024,
    "PNG image": b"\x89PNG\r\n\x1a\n" + bytes(200),
}


@pytest.mark.parametrize("case", sorted(BAD_BYTES))
def test_bad_file_is_refused_with_chinese_message(case, tmp_path):
    data = BAD_BYTES[case]
    with pytest.raises(ReportFileError) as from_bytes:
        native.loads(data)
    assert_chinese_message(from_bytes.value)

    path = tmp_path / "bad.govreport"
    path.write_bytes(data)
    with pytest.raises(ReportFileError) as from_file:
        native.load(path)
    assert_chinese_message(from_file.value)


def test_negative_count_message_names_the_cell():
    with pytest.raises(ReportFileError) as e:
        native.loads(BAD_BYTES["negative count"])
    assert 'values."s3.new.natural": 不能为负数' in str(e.value)


@pytest.mark.parametrize("case, cell", [("unknown cell id", "s3.new.robots"),
                                         ("unknown cell id in previous", "s9.nothing.total")])
def test_unknown_cell_id_is_named(case, cell):
    with pytest.raises(ReportFileError) as e:
        native.loads(BAD_BYTES[case])
    assert cell in str(e.value)


def test_newer_file_version_says_so():
    with pytest.raises(ReportFileError) as e:
        native.loads(BAD_BYTES["newer file version"])
    msg = assert_chinese_message(e.value)
    assert "版本" in msg


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.govreport"
    path.write_bytes(b"\xef\xbb\xbf" + DEMO.read_bytes())
    assert native.load(path) == native.load(DEMO)


def test_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.govreport"
    with open(path, "wb") as f:
        f.truncate(200 * 1024 * 1024)
    started = time.perf_counter()
    with pytest.raises(ReportFileError) as e:
        native.load(path)
    assert time.perf_counter() - started < 1.0
    msg = assert_chinese_message(e.value)
    assert "过大" in msg          # refused for its size, not after parsing its content


def test_directory_is_refused(tmp_path):
    folder = tmp_path / "folder.govreport"
    folder.mkdir()
    with pytest.raises(ReportFileError) as e:
        native.load(folder)
    assert_chinese_message(e.value)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ReportFileError) as e:
        native.load(tmp_path / "没有这个文件.govreport")
    msg = assert_chinese_message(e.value)
    assert "没有这个文件.govreport" in msg


# --------------------------------------------------------------------------
# 5. atomic save


@pytest.fixture
def saved_demo(tmp_path):
    """An existing report file, and a changed report about to be saved over it."""
    path = tmp_path / "report.govreport"
    path.write_bytes(DEMO.read_bytes())
    report = native.load(path)
    report.set("s3.new.natural", 999)
    report.text["s1"] = "改过的内容"
    return path, report


def _boom(*args, **kwargs):
    raise OSError(errno.EIO, "Input/output error")


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_failed_save_leaves_old_file_and_no_temp_files(saved_demo, monkeypatch, failing):
    path, report = saved_demo
    monkeypatch.setattr(native.os, failing, _boom)
    with pytest.raises(ReportFileError) as e:
        native.save(report, path)
    monkeypatch.undo()
    assert_chinese_message(e.value)
    assert path.read_bytes() == DEMO.read_bytes()
    assert sorted(os.listdir(path.parent)) == [path.name]


def test_save_into_read_only_folder_is_refused(saved_demo, monkeypatch):
    path, report = saved_demo
    with read_only(path.parent, monkeypatch):
        with pytest.raises(ReportFileError) as e:
            native.save(report, path)
    assert_chinese_message(e.value)
    assert path.read_bytes() == DEMO.read_bytes()
    assert sorted(os.listdir(path.parent)) == [path.name]


def test_windows_replace_is_retried_while_a_scanner_holds_the_new_file(saved_demo, monkeypatch):
    """On Windows a virus scanner may hold the just-written file for a moment: "access
    denied" on the rename is retried, and the save succeeds."""
    path, report = saved_demo
    real_replace, failures = os.replace, []

    def busy_twice(src, dst):
        if len(failures) < 2:
            failures.append(src)
            raise PermissionError(errno.EACCES, "Access is denied")
        real_replace(src, dst)

    monkeypatch.setattr(native, "_WINDOWS", True)
    monkeypatch.setattr(native.os, "replace", busy_twice)
    native.save(report, path)
    monkeypatch.undo()
    assert len(failures) == 2
    assert native.load(path).get("s3.new.natural") == 999
    assert sorted(os.listdir(path.parent)) == [path.name]


@pytest.mark.parametrize("winerror, says", [(32, "正被其他程序（如 Word、WPS）打开"),
                                            (5, "可能正在 Word、WPS 等程序中打开")])
def test_windows_file_open_in_word_is_named_in_the_message(saved_demo, monkeypatch, winerror, says):
    """Saving over a .docx or report that Word or WPS has open fails on Windows: the message
    says to close it there, and nothing on disk changes."""
    path, report = saved_demo

    def locked(src, dst):
        e = PermissionError(errno.EACCES, "Access is denied")
        e.winerror = winerror
        raise e

    monkeypatch.setattr(native, "_WINDOWS", True)
    monkeypatch.setattr(native, "REPLACE_TRIES", 2)
    monkeypatch.setattr(native.os, "replace", locked)
    with pytest.raises(ReportFileError, match=says) as e:
        native.save(report, path)
    monkeypatch.undo()
    assert "原文件未改动" in str(e.value)
    assert path.read_bytes() == DEMO.read_bytes()
    assert sorted(os.listdir(path.parent)) == [path.name]


def test_a_refused_rename_is_not_retried_off_windows(saved_demo, monkeypatch):
    """Elsewhere "permission denied" does not pass with time: the message comes at once."""
    path, report = saved_demo
    calls = []

    def refuse(src, dst):
        calls.append(src)
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(native, "_WINDOWS", False)
    monkeypatch.setattr(native.os, "replace", refuse)
    with pytest.raises(ReportFileError, match="没有写入权限"):
        native.save(report, path)
    monkeypatch.undo()
    assert len(calls) == 1
    assert path.read_bytes() == DEMO.read_bytes()
