"""The start page: what a clerk sees with no report open.

The main path comes first — start this year's report from last year's, in whatever form
it survives — then opening a report, a blank report, the reports opened lately, and the
demo to look around in. Each button says in a line what it does.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (QCommandLinkButton, QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QSizePolicy, QVBoxLayout, QWidget)

from .. import APP_NAME

PathRole = Qt.ItemDataRole.UserRole + 20


class _Choice(QCommandLinkButton):
    """A command link whose height follows its width (Qt sizes a wrapped description for a
    narrow button, which leaves a tall empty box)."""

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return super().heightForWidth(width)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.width() > 100:
            hint.setHeight(self.heightForWidth(self.width()))
        return hint

    def minimumSizeHint(self) -> QSize:
        return QSize(200, super().heightForWidth(max(self.width(), 200)) if self.width() > 100 else 40)


class StartPage(QWidget):
    fromLastYear = Signal()
    openReport = Signal()
    newBlank = Signal()
    showDemo = Signal()
    openRecent = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("startPage")
        title = QLabel(f"<span style='font-size:20pt; font-weight:600'>{APP_NAME}</span>", self)
        subtitle = QLabel(self.tr("政府信息公开工作年度报告：填写、校验、导出、汇总"), self)
        subtitle.setStyleSheet("color:#55606e")

        def button(name: str, text: str, note: str, signal) -> QCommandLinkButton:
            b = _Choice(text, note, self)
            b.setObjectName(name)
            policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
            policy.setHeightForWidth(True)
            b.setSizePolicy(policy)
            b.clicked.connect(lambda _checked=False: signal.emit())
            return b

        self.from_last = button("startFromLastYear", self.tr("从上年报告开始…"),
                                self.tr("选择上年的报告：年报文件、导出的 Word 或 Excel、手填的官方 Word 模板、"
                                        "发布的 PDF 或网页。“上年结转”等数字和联系方式自动填好，上年的数字和正文留作对照。"),
                                self.fromLastYear)
        self.from_last.setDefault(True)
        self.from_last.setStyleSheet("QCommandLinkButton { background:#eaf2fc; border:1px solid #9dbbe0; border-radius:4px; }")
        self.open_btn = button("startOpen", self.tr("打开报告…"), self.tr("继续填写已保存的年报文件（.govreport）。"),
                               self.openReport)
        self.blank_btn = button("startBlank", self.tr("新建空白报告…"), self.tr("没有上年的报告时，从空白开始。"),
                                self.newBlank)
        self.demo_btn = button("startDemo", self.tr("看看示例"),
                               self.tr("打开一份填好的示例报告（虚构的云泽市），随便试，不会保存。"), self.showDemo)
        leftw = QWidget(self)
        leftw.setMaximumWidth(640)
        left = QVBoxLayout(leftw)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(title)
        left.addWidget(subtitle)
        left.addSpacing(16)
        for b in (self.from_last, self.open_btn, self.blank_btn, self.demo_btn):
            left.addWidget(b)
        left.addStretch(1)

        self.recent = QListWidget(self)
        self.recent.setObjectName("startRecent")
        self.recent.setAccessibleName(self.tr("最近打开的报告"))
        self.recent.setIconSize(QSize(0, 0))
        self.recent.setWordWrap(True)
        self.recent.setSpacing(3)
        self.recent.itemActivated.connect(self._open_item)
        self.recent_empty = QLabel(self.tr("还没有打开过报告。"), self)
        self.recent_empty.setObjectName("startRecentEmpty")
        self.recent_empty.setStyleSheet("color:#777")
        right = QVBoxLayout()
        recent_title = QLabel(self.tr("最近打开"), self)
        recent_title.setStyleSheet("font-weight:600")
        right.addWidget(recent_title)
        right.addWidget(self.recent, 1)
        right.addWidget(self.recent_empty)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.VLine)
        line.setStyleSheet("color:#d0d6de")
        row = QHBoxLayout()
        row.addWidget(leftw, 3)
        row.addSpacing(12)
        row.addWidget(line)
        row.addSpacing(12)
        row.addLayout(right, 2)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 28, 40, 28)
        outer.addLayout(row, 1)
        hint = QLabel(self.tr("按 F1 查看填报指南：五步完成年报、各项校验的含义、快捷键。"), self)
        hint.setStyleSheet("color:#55606e")
        outer.addWidget(hint)

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for p in paths:
            path = Path(p)
            item = QListWidgetItem(f"{path.name}\n{path.parent}")
            item.setData(PathRole, p)
            item.setToolTip(p)
            if not path.exists():
                item.setText(self.tr("{name}\n（找不到了）{folder}").format(name=path.name, folder=path.parent))
                item.setForeground(Qt.GlobalColor.gray)
            self.recent.addItem(item)
        self.recent.setVisible(bool(paths))
        self.recent_empty.setVisible(not paths)
        if paths:
            self.recent.setCurrentRow(0)

    def _open_item(self, item: QListWidgetItem) -> None:
        self.openRecent.emit(str(item.data(PathRole)))

    def focus_main(self) -> None:
        self.from_last.setFocus()
