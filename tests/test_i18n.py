"""The English translation (resources/i18n/govreport_en.ts) is complete, compiles and loads.

To fix a failure here: ``bash scripts/i18n.sh update``, translate the new messages in
resources/i18n/govreport_en.ts, then ``bash scripts/i18n.sh build``.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import qt_tool

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "i18n" / "govreport_en.ts"
SOURCES = sorted((ROOT / "govreport_gui" / "ui").glob("*.py")) + [ROOT / "govreport_gui" / "app.py"]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
MNEMONIC = re.compile(r"&(?!&)\S")


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """(context, source) -> <translation> element."""
    out = {}
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name")
        for msg in ctx.iter("message"):
            out[(name, msg.findtext("source"))] = msg.find("translation")
    return out


def _finished(tr: ET.Element | None) -> bool:
    return tr is not None and tr.get("type") not in ("unfinished", "obsolete", "vanished") and bool(tr.text)


@pytest.fixture(scope="module")
def committed() -> dict[tuple[str, str], ET.Element]:
    assert TS.exists(), f"{TS} is missing: run scripts/i18n.sh update"
    return _messages(TS)


def test_every_source_string_is_translated(committed, tmp_path):
    fresh = tmp_path / "fresh.ts"
    subprocess.run([qt_tool("pyside6-lupdate"), *map(str, SOURCES), "-no-obsolete", "-silent",
                    "-locations", "none", "-ts", str(fresh)], check=True, cwd=ROOT)
    extracted = set(_messages(fresh))
    assert extracted, "lupdate found no tr() strings at all"
    missing = sorted(extracted - set(committed))
    unfinished = sorted(k for k in extracted & set(committed) if not _finished(committed[k]))
    assert not missing, f"not in {TS.name} (run scripts/i18n.sh update and translate): {missing}"
    assert not unfinished, f"untranslated in {TS.name}: {unfinished}"


def test_no_unfinished_entries_in_ts(committed):
    assert not [k for k, tr in committed.items() if not _finished(tr)]


def test_placeholders_kept(committed):
    wrong = [(ctx, src, tr.text) for (ctx, src), tr in committed.items()
             if _finished(tr) and set(PLACEHOLDER.findall(src)) != set(PLACEHOLDER.findall(tr.text))]
    assert not wrong, f"{{placeholders}} differ between source and translation: {wrong}"


def test_mnemonics_kept(committed):
    """文件(&F) needs exactly one &-mnemonic in English too (&File)."""
    wrong = [(ctx, src, tr.text) for (ctx, src), tr in committed.items()
             if _finished(tr) and len(MNEMONIC.findall(src)) != len(MNEMONIC.findall(tr.text))]
    assert not wrong, f"&-mnemonics differ: {wrong}"


def test_qm_compiles_and_translates(qapp, tmp_path):
    from PySide6.QtCore import QCoreApplication, QTranslator

    qm = tmp_path / "govreport_en.qm"
    subprocess.run([qt_tool("pyside6-lrelease"), "-silent", str(TS), "-qm", str(qm)], check=True, cwd=ROOT)
    assert qm.stat().st_size > 0
    translator = QTranslator()
    assert translator.load(str(qm))
    assert QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("MainWindow", "保存(&S)") == "&Save"
        assert QCoreApplication.translate("MainWindow", "文件(&F)") == "&File"
        assert QCoreApplication.translate("FindingsPanel", "问题列表") == "Findings"
        assert QCoreApplication.translate("NewReportDialog", "发布机关") == "Issuing body"
        n = QCoreApplication.translate("MainWindow", "已将 {n} 个空白单元格填为0（可撤销）")
        assert "{n}" in n and n.format(n=3).startswith("Filled 3")
    finally:
        QCoreApplication.removeTranslator(translator)
    assert QCoreApplication.translate("MainWindow", "保存(&S)") == "保存(&S)"
