"""基本信息: issuer, year, edition, publication date, contact details, preface."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from ..core.contacts import meta_problem, published_example
from ..core.report import META_FIELDS
from .document import ReportDocument
from .text_tab import NarrativeTab

# the names of META_FIELDS, for the translation tools
_FIELD_NAMES = [QT_TRANSLATE_NOOP("InfoTab", "发布日期"), QT_TRANSLATE_NOOP("InfoTab", "通讯地址"),
                QT_TRANSLATE_NOOP("InfoTab", "邮政编码"), QT_TRANSLATE_NOOP("InfoTab", "联系电话"),
                QT_TRANSLATE_NOOP("InfoTab", "电子邮箱"), QT_TRANSLATE_NOOP("InfoTab", "网站"),
                QT_TRANSLATE_NOOP("InfoTab", "联系人"), QT_TRANSLATE_NOOP("InfoTab", "发布机关"),
                QT_TRANSLATE_NOOP("InfoTab", "报告年度")]


class InfoTab(QWidget):
    """The report's own fields. Changing the year is not applied here: the window asks what
    the clerk means (yearChangeRequested), since a report with figures changing year is a trap."""

    yearChangeRequested = Signal(int)

    def __init__(self, doc: ReportDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tab_info")
        self.doc = doc
        self._problems: dict[str, str] = {}
        r = doc.report
        form = QFormLayout()
        self.issuer = QLineEdit(r.issuer, self)
        self.issuer.setObjectName("issuer")
        self.issuer.setAccessibleName(self.tr("发布机关"))
        self.issuer.setPlaceholderText(self.tr("如：某某市人民政府"))
        self.issuer.editingFinished.connect(lambda: self._commit("issuer", self.issuer.text().strip()))
        form.addRow(self.tr("发布机关"), self.issuer)
        self.year = QSpinBox(self)
        self.year.setObjectName("year")
        self.year.setRange(2008, 2100)
        self.year.setValue(r.year)
        self.year.setAccessibleName(self.tr("报告年度"))
        self.year.editingFinished.connect(self._year_edited)
        form.addRow(self.tr("报告年度"), self.year)
        self.edition = QLabel(r.ed.name, self)
        self.edition.setObjectName("edition")
        form.addRow(self.tr("格式版本"), self.edition)
        self.title = QLabel(self)
        self.title.setObjectName("reportTitle")
        self.title.setWordWrap(True)
        form.addRow(self.tr("报告标题"), self.title)
        self.fields: dict[str, QLineEdit] = {}
        for key, name in META_FIELDS.items():
            edit = QLineEdit(str(r.meta.get(key, "")), self)
            edit.setObjectName(f"meta_{key}")
            edit.setAccessibleName(name)
            if key == "published":
                edit.setPlaceholderText(published_example(r.year))
            edit.editingFinished.connect(lambda k=key, e=edit: self._commit(k, e.text().strip()))
            self.fields[key] = edit
            form.addRow(self.tr(name), edit)
        self.registers = QLabel(self)                 # which registers the figures of 三/四 came from
        self.registers.setObjectName("ledgerSources")
        self.registers.setWordWrap(True)
        self.registers_row = QLabel(self.tr("台账来源"), self)
        form.addRow(self.registers_row, self.registers)
        self.hint = QLabel(self)
        self.hint.setObjectName("infoHint")
        self.hint.setStyleSheet("color:#8b1414")
        top = QHBoxLayout()
        formw = QWidget(self)
        formw.setLayout(form)
        formw.setMaximumWidth(560)
        top.addWidget(formw)
        self.preface = NarrativeTab(doc, "preface", self)
        top.addWidget(self.preface, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(top, 1)
        lay.addWidget(self.hint)
        doc.metaChanged.connect(self.refresh)
        self.refresh()

    def _year_edited(self) -> None:
        if self.year.value() != self.doc.report.year:
            self.yearChangeRequested.emit(self.year.value())

    def _commit(self, field: str, value) -> None:
        problem = meta_problem(field, value, self.doc.report.year) if isinstance(value, str) else None
        if problem:
            name = META_FIELDS.get(field, field)
            self._problems[field] = self.tr("{name}：{problem}，未保存此项").format(name=self.tr(name), problem=problem)
            self.fields[field].setStyleSheet("QLineEdit { border:1px solid #d32f2f; background:#fff1f0; }")
            self._show_problems()
            return
        if field in self._problems:
            del self._problems[field]
            self.fields[field].setStyleSheet("")
        self._show_problems()
        name = {"issuer": "发布机关", "year": "报告年度"}.get(field) or META_FIELDS.get(field, field)
        label = self.tr("修改{name}").format(name=self.tr(name))
        self.doc.set_meta(field, value, label)

    def _show_problems(self) -> None:
        self.hint.setText("\n".join(self._problems.values()) or self._edition_hint())

    def commit_all(self) -> None:
        """Take in a field still being typed in (saving or exporting does not wait for Enter)."""
        r = self.doc.report
        if self.issuer.text().strip() != r.issuer:
            self._commit("issuer", self.issuer.text().strip())
        for key, edit in self.fields.items():
            if edit.text().strip() != str(r.meta.get(key, "")) and key not in self._problems:
                self._commit(key, edit.text().strip())

    def _edition_hint(self) -> str:
        from ..core import edition

        r = self.doc.report
        wanted = edition.for_year(r.year)
        if wanted.id != r.edition:
            return self.tr("{year}年的报告通常使用{want}，本报告为{have}。如需更换格式，请新建报告并从本报告结转。") \
                .format(year=r.year, want=wanted.name, have=r.ed.name)
        return ""

    def refresh(self) -> None:
        r = self.doc.report
        if self.issuer.text().strip() != r.issuer:
            self.issuer.setText(r.issuer)
        if self.year.value() != r.year:
            self.year.blockSignals(True)
            self.year.setValue(r.year)
            self.year.blockSignals(False)
        for key, edit in self.fields.items():
            if key not in self._problems and edit.text().strip() != str(r.meta.get(key, "")):
                edit.setText(str(r.meta.get(key, "")))
        self.fields["published"].setPlaceholderText(published_example(r.year))
        self.title.setText(r.title)
        from ..core.ledger.provenance import described

        sources = described(r)
        self.registers.setText("\n".join(sources))
        self.registers.setVisible(bool(sources))
        self.registers_row.setVisible(bool(sources))
        self._show_problems()
