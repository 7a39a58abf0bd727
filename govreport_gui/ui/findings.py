"""The findings panel: every finding, errors first; click to jump; accept warnings."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QInputDialog, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QStyle, QVBoxLayout, QWidget)

from .document import Delta, Finding, ReportDocument

KeyRole = Qt.ItemDataRole.UserRole + 10


def finding_section(f: Finding) -> str:
    """The tab a finding belongs to: its first cell's section, or the text it is about."""
    if f.cells:
        return f.cells[0].split(".", 1)[0]
    tail = f.key.split(":", 1)[-1]
    return tail.split(".", 1)[0]


class FindingsPanel(QWidget):
    activated = Signal(object)       # Finding

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("findingsPanel")
        self.doc: ReportDocument | None = None
        self.list = QListWidget(self)
        self.list.setObjectName("findingsList")
        self.list.setAccessibleName(self.tr("问题列表"))
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._activate)
        self.list.itemClicked.connect(self._activate)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.summary = QLabel(self)
        self.summary.setObjectName("findingsSummary")
        self.accept_btn = QPushButton(self.tr("接受警告并说明…"), self)
        self.accept_btn.setObjectName("acceptWarning")
        # clicked(bool) would land in accept_current's note: the button asks for the note itself
        self.accept_btn.clicked.connect(lambda _checked=False: self.accept_current())
        self.unaccept_btn = QPushButton(self.tr("撤回说明"), self)
        self.unaccept_btn.setObjectName("unacceptWarning")
        self.unaccept_btn.clicked.connect(lambda _checked=False: self.unaccept_current())
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_btn)
        buttons.addWidget(self.unaccept_btn)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.summary)
        lay.addWidget(self.list, 1)
        lay.addLayout(buttons)
        st = self.style()
        self._icons = {"error": st.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
                       "warning": st.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
                       "accepted": st.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)}

    def _disconnect(self) -> None:
        if self.doc is not None:
            try:
                self.doc.findingsChanged.disconnect(self.refresh)
            except (RuntimeError, TypeError):
                pass

    def set_document(self, doc: ReportDocument) -> None:
        self._disconnect()
        self.doc = doc
        doc.findingsChanged.connect(self.refresh)
        self.refresh()

    def clear(self) -> None:
        """No report open (the start page)."""
        self._disconnect()
        self.doc = None
        self.list.clear()
        self.summary.clear()
        self._update_buttons()

    def select(self, f: Finding) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(KeyRole) == f.key:
                self.list.setCurrentRow(i)
                return

    def refresh(self, delta: object = None) -> None:
        """The list as the document's findings are. Given the :class:`Delta` of one change, only
        the findings it added, changed or removed are touched (a keystroke in a big report
        leaves the rest of the list, and the selection, alone); else the list is rebuilt."""
        if self.doc is None:
            return
        if isinstance(delta, Delta):
            if delta.added or delta.removed:
                self._update(delta)
        else:
            self._rebuild()
        c = self.doc.counts()
        self.summary.setText(self.tr("错误 {e} 个，警告 {w} 个，已说明 {a} 个，空白单元格 {b} 个")
                             .format(e=c["errors"], w=c["warnings"], a=c["accepted"], b=c["blanks"]))
        self._update_buttons()

    def _rebuild(self) -> None:
        current = self.current_finding()
        self.list.clear()
        for f in self.doc.findings():
            item = QListWidgetItem()
            self._fill(item, f)
            self.list.addItem(item)
            if current is not None and f.key == current.key:
                self.list.setCurrentItem(item)

    def _update(self, delta: Delta) -> None:
        rows = {self.list.item(i).data(KeyRole): i for i in range(self.list.count())}
        current = self.list.currentItem()
        gone = current is not None and current.data(KeyRole) in delta.removed
        for row in sorted((rows[k] for k in delta.removed if k in rows), reverse=True):
            self.list.takeItem(row)
        if gone:                                   # the chosen finding went (fixed): nothing is chosen
            self.list.setCurrentRow(-1)
        if not delta.added:
            return
        order = {f.key: i for i, f in enumerate(self.doc.findings())}
        items = {self.list.item(i).data(KeyRole): self.list.item(i) for i in range(self.list.count())}
        for f in delta.added:
            item = items.get(f.key)
            if item is not None:
                self._fill(item, f)
                continue
            item = QListWidgetItem()
            self._fill(item, f)
            at = order.get(f.key, self.list.count())
            row = sum(1 for i in range(self.list.count()) if order.get(self.list.item(i).data(KeyRole), -1) < at)
            self.list.insertItem(row, item)
        keys = [self.list.item(i).data(KeyRole) for i in range(self.list.count())]
        if keys != sorted(keys, key=lambda k: order.get(k, len(order))):   # a changed finding moved
            self._rebuild()

    def _fill(self, item: QListWidgetItem, f: Finding) -> None:
        kind = "accepted" if f.accepted else f.severity
        label = {"error": self.tr("错误"), "warning": self.tr("警告"), "accepted": self.tr("已说明")}[kind]
        text = f"[{label}] {f.rule}　{f.message}"
        if f.accepted and f.note:
            text += "\n" + self.tr("说明：") + f.note
        item.setIcon(self._icons[kind])
        item.setText(text)
        item.setData(KeyRole, f.key)
        item.setToolTip(f"{self.doc.report.ed.rule_title(f.rule)}\n{f.message}")

    def current_finding(self) -> Finding | None:
        item = self.list.currentItem()
        if item is None or self.doc is None:
            return None
        return self.doc.engine.findings.get(item.data(KeyRole))

    def _update_buttons(self) -> None:
        f = self.current_finding()
        self.accept_btn.setEnabled(f is not None and f.severity == "warning" and not f.accepted)
        self.unaccept_btn.setEnabled(f is not None and f.accepted)

    def _activate(self, item: QListWidgetItem) -> None:
        f = self.doc.engine.findings.get(item.data(KeyRole)) if self.doc else None
        if f is not None:
            self.activated.emit(f)

    def accept_current(self, note: str | None = None) -> bool:
        """Accept the selected warning with a written explanation (asked for when not given)."""
        f = self.current_finding()
        if f is None or f.severity != "warning" or self.doc is None:
            return False
        if note is None:
            note = self.ask_note(f)
            if note is None:
                return False
        note = note.strip()
        if not note:
            return False
        self.doc.set_note(f.key, note, self.tr("接受警告 {rule}").format(rule=f.rule))
        return True

    def ask_note(self, f: Finding) -> str | None:
        """The explanation for accepting ``f``; None if cancelled. An empty one is asked for again."""
        prompt = self.tr("请写明为什么这一项没有问题（会保存在报告文件中）：\n") + f.message
        text = f.note or ""
        while True:
            dlg = QInputDialog(self)
            dlg.setObjectName("acceptNoteDialog")
            dlg.setWindowTitle(self.tr("接受警告"))
            dlg.setLabelText(prompt)
            dlg.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
            dlg.setTextValue(text)
            dlg.setOkButtonText(self.tr("接受并保存说明"))
            dlg.setCancelButtonText(self.tr("取消"))
            dlg.resize(520, 300)
            if not dlg.exec():
                return None
            text = dlg.textValue()
            if text.strip():
                return text
            prompt = self.tr("说明不能为空。") + "\n" + prompt

    def unaccept_current(self) -> None:
        f = self.current_finding()
        if f is not None and f.accepted and self.doc is not None:
            self.doc.set_note(f.key, None, self.tr("撤回说明 {rule}").format(rule=f.rule))
