"""基本信息: issuer, year, edition, publication date, contact details, preface."""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from ..core.report import META_FIELDS
from .document import ReportDocument
from .text_tab import NarrativeTab

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# the names of META_FIELDS, for the translation tools
_FIELD_NAMES = [QT_TRANSLATE_NOOP("InfoTab", "发布日期"), QT_TRANSLATE_NOOP("InfoTab", "通讯地址"),
                QT_TRANSLATE_NOOP("InfoTab", "邮政编码"), QT_TRANSLATE_NOOP("InfoTab", "联系电话"),
                QT_TRANSLATE_NOOP("InfoTab", "电子邮箱"), QT_TRANSLATE_NOOP("InfoTab", "网站"),
                QT_TRANSLATE_NOOP("InfoTab", "联系人"), QT_TRANSLATE_NOOP("InfoTab", "发布机关"),
                QT_TRANSLATE_NOOP("InfoTab", "报告年度")]


class InfoTab(QWidget):
    def __init__(self, doc: ReportDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tab_info")
        self.doc = doc
        self._date_problem = False
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
        self.year.editingFinished.connect(lambda: self._commit("year", self.year.value()))
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
                edit.setPlaceholderText("2025-01-20")
            edit.editingFinished.connect(lambda k=key, e=edit: self._commit(k, e.text().strip()))
            self.fields[key] = edit
            form.addRow(self.tr(name), edit)
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

    def _commit(self, field: str, value) -> None:
        if field == "published" and value and not DATE.match(value):
            self._date_problem = True
            self.hint.setText(self.tr("发布日期应写成 2025-01-20 的形式，未保存此项"))
            self.fields["published"].setText(str(self.doc.report.meta.get("published", "")))
            return
        self._date_problem = False
        self.hint.clear()
        name = {"issuer": "发布机关", "year": "报告年度"}.get(field) or META_FIELDS.get(field, field)
        label = self.tr("修改{name}").format(name=self.tr(name))
        self.doc.set_meta(field, value, label)

    def refresh(self) -> None:
        r = self.doc.report
        if self.issuer.text().strip() != r.issuer:
            self.issuer.setText(r.issuer)
        if self.year.value() != r.year:
            self.year.setValue(r.year)
        for key, edit in self.fields.items():
            if edit.text().strip() != str(r.meta.get(key, "")):
                edit.setText(str(r.meta.get(key, "")))
        self.title.setText(r.title)
        from ..core import edition
        wanted = edition.for_year(r.year)
        if wanted.id != r.edition:
            self.hint.setText(self.tr("{year}年的报告通常使用{want}，本报告为{have}。如需更换格式，请新建报告并从本报告结转。")
                              .format(year=r.year, want=wanted.name, have=r.ed.name))
        elif not self._date_problem:
            self.hint.clear()
