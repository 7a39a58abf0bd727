"""F1: a short built-in guide, offline, generated at run time.

The list of checks comes from the edition data (the rules of the open report's
edition), and the shortcut table from the window's actions, so neither can
drift from what the program does.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ..core import edition as editions
from ..core.edition import Edition

# the anchors of the guide's sections, in order (for :meth:`HelpDialog.show_section`)
SECTIONS = ("steps", "checks", "shortcuts", "faq")

_MNEMONIC_PAREN = re.compile(r"\s*[(（]&[^)）]+[)）]")
_ELLIPSIS = re.compile(r"\s*(…|\.\.\.)\s*$")

_TABLE = ("<table border='1' cellspacing='0' cellpadding='4' width='100%'"
          " style='border-collapse:collapse; border-color:#a8b0ba; margin-top:4px; margin-bottom:8px'>")
_TH = "<th align='left' bgcolor='#e8edf3'%s>%s</th>"
_CSS = ("td, th { border-width: 1px; border-style: solid; border-color: #a8b0ba; }"
        " a { color: #1a4f9c; }")
_SEVERITY_COLOR = {"error": "#b01818", "warning": "#8a5a00"}


def display_action_text(text: str) -> str:
    """``保存(&S)`` → ``保存``, ``新建(&N)…`` → ``新建``, ``&Save`` → ``Save``, ``A && B`` → ``A & B``."""
    text = _MNEMONIC_PAREN.sub("", text)
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return _ELLIPSIS.sub("", text).strip()


def _native(keys: str) -> str:
    """A key sequence as the menus show it on this system (``Ctrl+Home``, ``Del``)."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText) or keys


def _e(text: str) -> str:
    return html.escape(text, quote=False)


class HelpDialog(QDialog):
    """The guide: five steps, the checks of the edition, the keys, common questions.

    ``HelpDialog(parent, edition, shortcuts)``: ``edition`` is the open report's
    (None: the edition for the current year); ``shortcuts`` is a list of
    ``(action text, shortcut text)`` pairs, as the window's actions give them.
    """

    def __init__(self, parent: QWidget | None, edition: Edition | None = None,
                 shortcuts: Iterable[tuple[str, str]] = ()):
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.setWindowTitle(self.tr("填报指南"))
        self.setModal(False)
        self.setSizeGripEnabled(True)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.text = QTextBrowser(self)
        self.text.setObjectName("helpText")
        self.text.setOpenExternalLinks(False)
        self.text.document().setDefaultFont(self.font())
        self.text.document().setDocumentMargin(10)
        self.text.document().setDefaultStyleSheet(_CSS)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("helpClose")
        self.close_button.setText(self.tr("关闭"))
        buttons.rejected.connect(self.close)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(self.text, 1)
        lay.addWidget(buttons)
        self.edition: Edition | None = None
        self.shortcuts: list[tuple[str, str]] = []
        self.set_content(edition, shortcuts)
        self._fit_to_screen()

    # -- content ---------------------------------------------------------------------
    def set_content(self, edition: Edition | None, shortcuts: Iterable[tuple[str, str]] = ()) -> None:
        """(Re)build the guide for this edition and these shortcuts; unchanged input keeps the scroll position."""
        ed = edition if edition is not None else editions.for_year(datetime.date.today().year)
        pairs = self._clean_shortcuts(shortcuts)
        if ed == self.edition and pairs == self.shortcuts and self.text.document().toPlainText():
            return
        self.edition, self.shortcuts = ed, pairs
        self.text.setHtml(self.build_html())

    @staticmethod
    def _clean_shortcuts(shortcuts: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for text, keys in shortcuts:
            row = (display_action_text(str(text)), str(keys).strip())
            if row[0] and row[1] and row not in out:
                out.append(row)
        return out

    def build_html(self) -> str:
        parts = [
            "<html><body>",
            self._contents(),
            self._steps(),
            self._checks(),
            self._shortcuts(),
            self._faq(),
            "</body></html>",
        ]
        return "\n".join(parts)

    def _titles(self) -> dict[str, str]:
        return {"steps": self.tr("五步完成年报"), "checks": self.tr("各项校验的含义"),
                "shortcuts": self.tr("快捷键"), "faq": self.tr("常见问题")}

    def _heading(self, anchor: str) -> str:
        return f"<h3 style='margin-top:16px'><a name='{anchor}'></a>{_e(self._titles()[anchor])}</h3>"

    def _contents(self) -> str:
        titles = self._titles()
        links = "　·　".join(f"<a href='#{a}'>{_e(titles[a])}</a>" for a in SECTIONS)
        label = self.tr("目录：")
        return f"<p>{_e(label)}{links}</p>"

    def _steps(self) -> str:
        steps = [
            (self.tr("从上年报告开始"),
             self.tr("在开始页点“从上年报告开始”（或 文件 → 从上年报告开始新报告，Ctrl+Shift+N），选择上年的报告。上年报告是什么形式都可以：本程序的年报文件（.govreport），本程序导出的 Word 或 Excel，手工填写的官方 Word 模板，公开发布的 PDF，或网页上复制的文字。"),
             self.tr("“二、上年结转”会自动填入上年的“四、结转下年度继续办理”，联系方式也一并带过来。上年的数字和正文保留作对照（视图 → 显示上年数）。")),
            (self.tr("逐部分填写"),
             self.tr("每一部分是一个标签页，表格与印发的样式一致。合计由程序自动计算，不用填。"
                     "有申请登记台账的，第三、四部分可以从台账统计（文件 → 从台账统计…），不必手工计数。"),
             self.tr("Tab 向右，到行尾转到下一行；Enter 向下，到列尾转到下一列。填错的内容（字母、负数）不会填入，格子旁会说明原因，改正后回车，或按 Esc 放弃。格子变红，表示违反了某条规则，鼠标停在格子上可以看到原因。")),
            (self.tr("处理问题列表"),
             self.tr("右侧的问题列表列出全部问题，按 F8 跳到下一个问题。"),
             self.tr("错误必须改正。警告请核实：情况属实的，可以接受警告并写明说明，说明会保存在报告文件中。")),
            (self.tr("保存"),
             self.tr("按 Ctrl+S 保存为年报文件。"),
             self.tr("程序会定时自动保存；如果程序意外退出，下次打开时会提示恢复。")),
            (self.tr("导出"),
             self.tr("导出 Word 用于报送，版式与正式发布的报告一致；也可以导出 Excel，其中的合计是公式。"),
             self.tr("也可以导出 PDF 和网页用于发布，或在“编辑”菜单中“复制为网页”，粘贴到网站的编辑器中。"
                     "“文件”菜单中的“打印预览”和“打印”（Ctrl+P）按 PDF 的版式直接打印，不需要办公软件。")),
        ]
        items = "".join(f"<li style='margin-bottom:6px'><b>{_e(title)}</b>　{_e(a)}<br>{_e(b)}</li>"
                        for title, a, b in steps)
        return self._heading("steps") + f"<ol style='margin-left:0'>{items}</ol>"

    def rule_rows(self) -> list[tuple[str, list[str], list[str]]]:
        """(rule id, severities, titles) for each rule id of the edition, in the order of the data."""
        assert self.edition is not None
        rows: dict[str, tuple[list[str], list[str]]] = {}
        for r in self.edition.rules:
            sev, titles = rows.setdefault(r.id, ([], []))
            if r.severity not in sev:
                sev.append(r.severity)
            if r.title not in titles:
                titles.append(r.title)
        return [(rid, sorted(sev, key=editions.SEVERITIES.index), titles) for rid, (sev, titles) in rows.items()]

    def _checks(self) -> str:
        ed = self.edition
        assert ed is not None
        names = {"error": self.tr("错误"), "warning": self.tr("警告")}
        intro = [
            self.tr("程序随时按下列规则检查报告，发现的问题列在问题列表中，对应的格子标红。"),
            self.tr("“错误”表示报告有错，必须改正。“警告”请你看一看：情况属实的，可以接受警告并写明说明。"),
            self.tr("空白不等于0：没有发生的事项请填0，空白表示还没有填。"),
        ]
        rows = []
        for rid, sevs, titles in self.rule_rows():
            level = "／".join(f"<span style='color:{_SEVERITY_COLOR.get(s, '#000')}'>{_e(names.get(s, s))}</span>"
                             for s in sevs)
            meaning = "<br>".join(_e(t) for t in titles)
            rows.append(f"<tr><td>{_e(rid)}</td><td>{level}</td><td>{meaning}</td></tr>")
        head = ("<tr>" + _TH % (" width='10%'", _e(self.tr("规则"))) + _TH % (" width='12%'", _e(self.tr("级别")))
                + _TH % ("", _e(self.tr("含义"))) + "</tr>")
        which = self.tr("本报告使用{edition}。").format(edition=ed.name)
        return (self._heading("checks") + "".join(f"<p>{_e(p)}</p>" for p in intro)
                + f"<p>{_e(which)}</p>" + _TABLE + head + "".join(rows) + "</table>")

    def grid_keys(self) -> list[tuple[str, str]]:
        """(keys, what they do) in a section's table: the keys that are not menu commands."""
        k = _native
        return [
            (f"{k('Tab')} / {k('Shift+Tab')}", self.tr("向右／向左移到下一个格子，到行尾转到下一行")),
            ("Enter / Shift+Enter", self.tr("确认输入，向下／向上移动，到列尾转到下一列")),
            (k("F2"), self.tr("修改格子里已有的数")),
            (k("Del"), self.tr("清除为空白（不是填0）")),
            (k("Esc"), self.tr("取消正在输入的内容")),
            (k("Ctrl+Home"), self.tr("回到第一个要填的格子")),
            (f"{k('Ctrl+C')} / {k('Ctrl+V')}", self.tr("复制、粘贴，可以与 Excel、WPS 表格互相复制")),
            (f"{k('Ctrl+Tab')} / {k('Ctrl+PgDown')}", self.tr("下一部分")),
        ]

    def _shortcuts(self) -> str:
        def table(rows: list[tuple[str, str]], first: str, second: str) -> str:
            head = "<tr>" + _TH % (" width='40%'", _e(first)) + _TH % ("", _e(second)) + "</tr>"
            body = "".join(f"<tr><td>{_e(a)}</td><td>{_e(b)}</td></tr>" for a, b in rows)
            return _TABLE + head + body + "</table>"

        out = [self._heading("shortcuts")]
        menu, grid = self.tr("菜单命令"), self.tr("在表格中")
        if self.shortcuts:
            out.append(f"<p><b>{_e(menu)}</b></p>")
            out.append(table(self.shortcuts, self.tr("命令"), self.tr("按键")))
        out.append(f"<p><b>{_e(grid)}</b></p>")
        out.append(table(self.grid_keys(), self.tr("按键"), self.tr("作用")))
        return "".join(out)

    def _faq(self) -> str:
        qa = [
            (self.tr("空白和0有什么区别？"),
             self.tr("0表示“没有发生”，空白表示“还没有填”。报送前每个格子都应当有数，确实没有的请填0。编辑菜单里的“将空白单元格填为0”可以一次填好剩下的空白（可以撤销）。")),
            (self.tr("合计为什么不能填？"),
             self.tr("合计、总计由各项相加自动算出，所以总是与各项一致。要改合计，请改它的各项。")),
        ]
        jump = self._jump_params()
        if jump is not None:
            qa.append((self.tr("为什么提示某个数与上年相比变化异常？"),
                       self.tr("某个数比上年增加或减少超过{factor}倍、且相差至少{min_diff}时会提示。常见原因是多打或少打了一个0，或者填错了格子。核实无误的，接受警告并写明原因即可。")
                       .format(factor=jump[0], min_diff=jump[1])))
        qa.append((self.tr("正文里的数字也会检查吗？"),
                   self.tr("会。正文中提到的申请件数、上年结转、结转下年度、行政复议和行政诉讼的件数，要与表格一致，不一致时会有警告。")))
        items = "".join(f"<p style='margin-bottom:2px'><b>{_e(q)}</b></p><p style='margin-top:0'>{_e(a)}</p>"
                        for q, a in qa)
        return self._heading("faq") + items

    def _jump_params(self) -> tuple[str, str] | None:
        """factor and min_diff of the edition's "jumps" rule (H4), as written in the data."""
        assert self.edition is not None
        for r in self.edition.rules:
            params = r.spec.get("params") if r.kind == "function" else None
            if r.spec.get("function") == "jumps" and isinstance(params, dict) \
                    and "factor" in params and "min_diff" in params:
                return str(params["factor"]), str(params["min_diff"])
        return None

    # -- showing ---------------------------------------------------------------------
    def show_section(self, anchor: str) -> bool:
        """Scroll to one of :data:`SECTIONS` ("steps", "checks", "shortcuts", "faq"). False if unknown."""
        if anchor not in SECTIONS:
            return False
        self.text.scrollToAnchor(anchor)
        return True

    def _fit_to_screen(self) -> None:
        screen = (self.parentWidget().screen() if self.parentWidget() is not None else None) \
            or QGuiApplication.primaryScreen()
        avail = screen.availableGeometry() if screen is not None else None
        w, h = 820, 640
        if avail is not None:
            w, h = min(w, int(avail.width() * 0.9)), min(h, int(avail.height() * 0.88))
        self.resize(w, h)


_orphan: HelpDialog | None = None


def show_help(parent: QWidget | None, edition: Edition | None,
              shortcuts: Iterable[tuple[str, str]] = (), section: str | None = None) -> HelpDialog:
    """Show the guide, non-modal: one dialog per parent, raised (and brought up to date) if already there."""
    global _orphan
    dlg: HelpDialog | None
    if parent is not None:
        dlg = parent.findChild(HelpDialog, "helpDialog", Qt.FindChildOption.FindDirectChildrenOnly)
    else:
        dlg = _orphan
    if dlg is None:
        dlg = HelpDialog(parent, edition, shortcuts)
        if parent is None:
            _orphan = dlg
    else:
        dlg.set_content(edition, shortcuts)
    if dlg.isMinimized():
        dlg.showNormal()
    dlg.show()
    dlg.raise_()
    dlg.activateWindow()
    if section is not None:
        dlg.show_section(section)
    return dlg
