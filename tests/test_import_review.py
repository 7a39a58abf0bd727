"""The review of an import lists one list of lines, and the command line prints the same (issue 14,
item 6): for a pasted report saved as text with a label read as a variant, cells left blank and a
number in the text that contradicts the table, the window's review (文件 → 导入报告…) and
``govreport import`` say the same lines, the contradiction once (rule H2's warning, 原文提示).
The lines come from core/importers/review.py; the window adds only where it shows the blanks.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QListWidget, QPushButton

from conftest import run_cli
from govreport_gui.core.importers import read_text
from govreport_gui.core.importers.review import BLANKS, NOTE, PROBLEM, WARNING, review_lines
from import_helpers import TEXT_A
from qt_helpers import Answer, click

CONTRADICTION = "原文提示 H2：正文说本年新收政府信息公开申请 215 件（“全年共收到政府信息公开申请215件”），表格中为 110。"
WHERE_BLANKS = "（表中以黄色显示）"        # the window says where it shows them; a terminal has no table


def source(tmp_path: Path) -> Path:
    text = TEXT_A.replace("严格按照法定时限办理政府信息公开申请。", "全年共收到政府信息公开申请215件，上年结转2件。")
    assert text != TEXT_A
    path = tmp_path / "去年的报告.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_source_has_each_kind_of_line(tmp_path):
    res = read_text(source(tmp_path).read_text(encoding="utf-8"))
    kinds = {line.kind for line in review_lines(res)}
    assert {PROBLEM, NOTE, WARNING, BLANKS} <= kinds
    assert any("标签与官方格式略有不同" in line.text for line in review_lines(res) if line.kind == NOTE)
    assert [str(line) for line in review_lines(res)].count(CONTRADICTION) == 1
    assert not any("215" in n for n in res.notes)            # said once: H2's warning, not a note too


def review_list(window, monkeypatch, path: Path) -> list[str]:
    """文件 → 导入报告… → the file → the review: its list, read on screen; then 取消."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    listed: list[str] = []

    def review(dlg):
        assert dlg.objectName() == "importReviewDialog"
        box = dlg.findChild(QListWidget, "importProblems")
        listed.extend(box.item(i).text() for i in range(box.count()))
        click(next(b for b in dlg.findChildren(QPushButton) if b.text() == "取消"))

    answer = Answer(review)
    assert window.act_import.isEnabled()
    window.act_import.trigger()                   # as a click on the menu item does
    assert answer.done() == ["importReviewDialog"]
    return listed


def test_the_review_and_govreport_import_say_the_same_lines(qtbot, window, tmp_path, monkeypatch, capsys):
    path = source(tmp_path)
    before = window.doc.report.values.copy()
    listed = review_list(window, monkeypatch, path)
    assert window.doc.report.values == before                # 取消: nothing landed

    code, _, err = run_cli(capsys, "import", path, "-o", tmp_path / "读入.govreport")
    assert code == 0, err
    printed = [line[len("  · "):] for line in err.splitlines() if line.startswith("  · ")]

    assert [t.replace(WHERE_BLANKS, "") for t in listed] == printed
    assert any(WHERE_BLANKS in t for t in listed)
    assert listed.count(CONTRADICTION) == 1 and printed.count(CONTRADICTION) == 1
    assert any(t.startswith("注意：") and "标签与官方格式略有不同" in t for t in listed)
    assert any(t.startswith("未能放置：") for t in listed)
    assert any(t.startswith("有 ") and "个单元格没有读到数" in t for t in printed)
    assert not any(t.startswith("注意：") and "215" in t for t in listed)   # the contradiction only once
