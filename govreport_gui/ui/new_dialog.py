"""新建: year, issuer, edition (defaulted by year), optionally last year's file."""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from ..core import carry, edition
from ..core.errors import GovReportError
from ..core.report import Report, new_report


class NewReportDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("newReportDialog")
        self.setWindowTitle(self.tr("新建报告"))
        self.result_report: Report | None = None
        self.last: Report | None = None
        form = QFormLayout()
        self.year = QSpinBox(self)
        self.year.setObjectName("newYear")
        self.year.setRange(2008, 2100)
        self.year.setValue(datetime.date.today().year - 1 if datetime.date.today().month < 7 else datetime.date.today().year)
        self.year.valueChanged.connect(self._year_changed)
        form.addRow(self.tr("报告年度"), self.year)
        self.issuer = QLineEdit(self)
        self.issuer.setObjectName("newIssuer")
        self.issuer.setPlaceholderText(self.tr("如：某某市人民政府"))
        form.addRow(self.tr("发布机关"), self.issuer)
        self.edition = QComboBox(self)
        self.edition.setObjectName("newEdition")
        for eid in edition.available():
            self.edition.addItem(edition.get(eid).name, eid)
        form.addRow(self.tr("格式版本"), self.edition)
        self.last_label = QLabel(self.tr("（不使用）"), self)
        self.last_label.setObjectName("newLastYear")
        self.last_label.setWordWrap(True)
        self.last_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        choose = QPushButton(self.tr("选择上年报告…"), self)
        choose.setObjectName("newChooseLast")
        choose.clicked.connect(self.choose_last)
        row = QHBoxLayout()
        row.addWidget(choose)
        row.addStretch(1)
        form.addRow(self.tr("上年报告"), row)
        form.addRow(self.last_label)              # its own row: a long name and title wrap, never clipped
        self.error = QLabel(self)
        self.error.setStyleSheet("color:#b01818")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("创建"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("从上年报告开始时，“上年结转”等数字会自动填好，上年的数字和正文保留作对照。"), self))
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.setMinimumWidth(560)
        self._year_changed(self.year.value())

    def _year_changed(self, year: int) -> None:
        i = self.edition.findData(edition.for_year(year).id)
        if i >= 0:
            self.edition.setCurrentIndex(i)

    def choose_last(self) -> None:
        from .import_dialog import SOURCE_FILTER

        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择上年报告（年报文件、Word、Excel、PDF、网页或文本）"),
                                              "", SOURCE_FILTER)
        if path:
            self.set_last_year(path)

    def set_last_year(self, path: str | Path, review: bool = True) -> bool:
        """Last year's report from any source; other than our own file, it is reviewed first."""
        from .background import Cancelled
        from .import_dialog import ImportReviewDialog, read_with_progress

        try:
            result = read_with_progress(self, path)
        except Cancelled:
            return False
        except GovReportError as e:
            self.last = None
            self.error.setText(str(e))
            self.last_label.setText(self.tr("（不使用）"))
            return False
        if result.kind != "govreport" and review:
            year = result.report.year + 1
            dlg = ImportReviewDialog(result, Path(path).name, edition.for_year(year), self)
            if not dlg.exec():
                return False
        self.last = result.report
        self.error.clear()
        self.last_label.setText(self.tr("{name}\n{title}（{values} 个数值）")
                                .format(name=Path(path).name, title=self.last.title, values=len(self.last.values)))
        self.adjustSize()
        self.year.setValue(self.last.year + 1)
        if not self.issuer.text().strip():
            self.issuer.setText(self.last.issuer)
        return True

    def create(self) -> None:
        issuer = self.issuer.text().strip()
        eid = self.edition.currentData()
        try:
            if self.last is not None:
                self.result_report = carry.start_from(self.last, self.year.value(), issuer or None, eid)
            else:
                if not issuer:
                    self.error.setText(self.tr("请填写发布机关"))
                    return
                self.result_report = new_report(self.year.value(), issuer, eid)
        except GovReportError as e:
            self.error.setText(str(e))
            return
        self.accept()
