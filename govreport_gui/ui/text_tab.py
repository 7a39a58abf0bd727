"""A narrative section: the editor, the official guidance, last year's text."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QSplitter, QVBoxLayout, QWidget)

from .document import ReportDocument


class NarrativeTab(QWidget):
    message = Signal(str)          # for the status bar

    def __init__(self, doc: ReportDocument, text_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.text_id = doc, text_id
        tdef = doc.report.ed.texts[text_id]
        self.setObjectName(f"tab_{text_id}")
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName(f"text_{text_id}")
        self.editor.setAccessibleName(tdef.name)
        self.editor.setUndoRedoEnabled(False)          # undo goes through the document's stack
        self.editor.setPlainText(doc.report.text.get(text_id, ""))
        self.editor.setPlaceholderText(self.tr("在此撰写“{name}”。").format(name=tdef.name))
        self.editor.textChanged.connect(self._edited)
        self.editor.installEventFilter(self)
        self.count = QLabel(self)
        self.count.setObjectName(f"count_{text_id}")
        left = QVBoxLayout()
        tools = QHBoxLayout()
        if tdef.outline:
            outline = QPushButton(self.tr("插入提纲"), self)
            outline.setObjectName(f"outline_{text_id}")
            outline.setToolTip(self.tr("插入官方要求的各部分小标题：") + "、".join(tdef.outline))
            outline.clicked.connect(self.insert_outline)
            tools.addWidget(outline)
        tools.addStretch(1)
        tools.addWidget(self.count)
        left.addLayout(tools)
        left.addWidget(self.editor, 1)
        leftw = QWidget(self)
        leftw.setLayout(left)

        right = QVBoxLayout()
        heading = self.tr("填写要求")
        guide = QLabel(f"<b>{heading}</b><br>{tdef.guidance}", self)
        guide.setObjectName(f"guidance_{text_id}")
        guide.setWordWrap(True)
        guide.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right.addWidget(guide)
        prev = doc.report.previous.text.get(text_id, "") if doc.report.previous else ""
        self.previous = None
        if prev:
            year = doc.report.previous.year if doc.report.previous else ""
            last = self.tr("上年报告（{year}）").format(year=year)
            right.addWidget(QLabel(f"<b>{last}</b>", self))
            self.previous = QPlainTextEdit(self)
            self.previous.setObjectName(f"previous_{text_id}")
            self.previous.setReadOnly(True)
            self.previous.setPlainText(prev)
            right.addWidget(self.previous, 1)
            copy = QPushButton(self.tr("将光标所在段落复制到本年"), self)
            copy.setObjectName(f"copyParagraph_{text_id}")
            copy.setToolTip(self.tr("复制后请按本年情况改写：与上年雷同的正文会被提示（H3）"))
            copy.clicked.connect(self.copy_paragraph)
            right.addWidget(copy)
        else:
            right.addStretch(1)
        rightw = QWidget(self)
        rightw.setLayout(right)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(leftw)
        split.addWidget(rightw)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(split)
        self._update_count()
        doc.textChanged.connect(self._doc_changed)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.editor and event.type() == QEvent.Type.ShortcutOverride:
            if event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo):
                event.ignore()          # let the window's undo/redo (the document's stack) have it
                return True
        return super().eventFilter(obj, event)

    def _edited(self) -> None:
        self.doc.set_text(self.text_id, self.editor.toPlainText())
        self._update_count()

    def _doc_changed(self, text_id: str, text: str) -> None:
        if text_id != self.text_id or text == self.editor.toPlainText():
            return
        old = self.editor.toPlainText()
        pos = next((i for i, (a, b) in enumerate(zip(old, text)) if a != b), min(len(old), len(text)))
        self.editor.blockSignals(True)
        self.editor.setPlainText(text)
        self.editor.blockSignals(False)
        cur = self.editor.textCursor()
        cur.setPosition(min(pos + max(len(text) - len(old), 0), len(text)))
        self.editor.setTextCursor(cur)
        self._update_count()

    def _update_count(self) -> None:
        text = self.editor.toPlainText()
        n = sum(1 for ch in text if not ch.isspace())
        self.count.setText(self.tr("{n} 字").format(n=n))

    def insert_outline(self) -> None:
        tdef = self.doc.report.ed.texts[self.text_id]
        text = self.editor.toPlainText()
        missing = [h for h in tdef.outline if h not in text]
        if not missing:
            return
        block = "\n".join(missing)
        new = (text.rstrip("\n") + "\n" + block) if text.strip() else block
        self.doc.set_text(self.text_id, new)
        self.editor.moveCursor(QTextCursor.MoveOperation.End)

    def copy_paragraph(self) -> None:
        if self.previous is None:
            return
        para = self.previous.textCursor().block().text().strip()
        if not para:
            return
        text = self.editor.toPlainText()
        new = (text.rstrip("\n") + "\n" + para) if text.strip() else para
        self.doc.set_text(self.text_id, new)
        self.editor.moveCursor(QTextCursor.MoveOperation.End)
        self.editor.setFocus()
        years = sorted({y for y in re.findall(r"((?:19|20)\d\d)年", para) if int(y) != self.doc.report.year})
        if years:
            self.message.emit(self.tr("已复制。这段提到了{years}年，本报告是{year}年的：请按本年情况改写")
                              .format(years="、".join(years), year=self.doc.report.year))
        else:
            self.message.emit(self.tr("已复制到本年，请按本年情况改写"))
