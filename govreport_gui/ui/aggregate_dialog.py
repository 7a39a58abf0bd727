"""汇总: choose the units' reports, see what they are, sum them into one report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QApplication, QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel,
                               QLineEdit, QProgressDialog, QPushButton, QTableWidget, QTableWidgetItem, QTabWidget,
                               QVBoxLayout, QWidget)

from ..core import aggregate as A
from ..core.errors import GovReportError
from ..core.importers import KINDS
from ..core.report import Report
from .import_dialog import SOURCE_FILTER


class AggregateDialog(QDialog):
    COLUMNS = [QT_TRANSLATE_NOOP("AggregateDialog", "来源文件"), QT_TRANSLATE_NOOP("AggregateDialog", "发布机关"),
               QT_TRANSLATE_NOOP("AggregateDialog", "年度"), QT_TRANSLATE_NOOP("AggregateDialog", "格式"),
               QT_TRANSLATE_NOOP("AggregateDialog", "可读取"), QT_TRANSLATE_NOOP("AggregateDialog", "错误"),
               QT_TRANSLATE_NOOP("AggregateDialog", "警告")]

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("aggregateDialog")
        self.setWindowTitle(self.tr("汇总各单位的报告"))
        self.units: list[A.Unit] = []
        self.result_report: Report | None = None
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("选择下属单位的报告（年报文件、Word、Excel、PDF 等，或整个文件夹）。"
                                     "第二、三、四部分的数字相加；正文不汇总，由撰写人编写。"), self))
        row = QHBoxLayout()
        add_files = QPushButton(self.tr("添加文件…"), self)
        add_files.setObjectName("aggAddFiles")
        add_files.clicked.connect(self.choose_files)
        add_folder = QPushButton(self.tr("添加文件夹…"), self)
        add_folder.setObjectName("aggAddFolder")
        add_folder.clicked.connect(self.choose_folder)
        clear = QPushButton(self.tr("清空"), self)
        clear.clicked.connect(self.clear)
        remove = QPushButton(self.tr("移除所选"), self)
        remove.setObjectName("aggRemove")
        remove.clicked.connect(self.remove_selected)
        row.addWidget(add_files)
        row.addWidget(add_folder)
        row.addWidget(remove)
        row.addWidget(clear)
        row.addStretch(1)
        lay.addLayout(row)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("aggUnits")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 220)
        self.table.setColumnWidth(1, 240)
        from .indicators_panel import IndicatorsPanel

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("aggTabs")
        self.tabs.addTab(self.table, self.tr("各单位"))
        self.indicators = IndicatorsPanel(self)
        self.tabs.addTab(self.indicators, self.tr("指标"))
        lay.addWidget(self.tabs, 1)
        self.messages = QLabel(self)
        self.messages.setObjectName("aggMessages")
        self.messages.setWordWrap(True)
        self.messages.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.messages)
        form = QHBoxLayout()
        form.addWidget(QLabel(self.tr("汇总报告的发布机关："), self))
        self.issuer = QLineEdit(self)
        self.issuer.setObjectName("aggIssuer")
        self.issuer.setPlaceholderText(self.tr("如：某某县人民政府"))
        form.addWidget(self.issuer, 1)
        self.include_invalid = QCheckBox(self.tr("有错误的报告也计入"), self)
        self.include_invalid.setObjectName("aggIncludeInvalid")
        form.addWidget(self.include_invalid)
        lay.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("汇总"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.resize(1100, 720)
        self.refresh()

    # -- choosing ------------------------------------------------------------------------------------
    def choose_files(self) -> None:
        settings = QSettings()
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("选择各单位的报告"),
                                                str(settings.value("aggregateFolder", "")), SOURCE_FILTER)
        if paths:
            settings.setValue("aggregateFolder", str(Path(paths[0]).parent))
            self.add_sources(paths)

    def choose_folder(self) -> None:
        settings = QSettings()
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择存放各单位报告的文件夹"),
                                                  str(settings.value("aggregateFolder", "")))
        if folder:
            settings.setValue("aggregateFolder", folder)
            files = [str(f) for f in sorted(Path(folder).rglob("*")) if f.is_file() and f.suffix.lower() in KINDS]
            self.add_sources(files)

    def remove_selected(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        self.units = [u for r, u in enumerate(self.units) if r not in rows]
        self.refresh()

    def clear(self) -> None:
        self.units = []
        self.refresh()

    def add_sources(self, paths: list[str]) -> bool:
        """Read the sources with a progress bar; cancelling keeps none of this batch."""
        known = {u.source for u in self.units}
        paths = [p for p in paths if p not in known]
        if not paths:
            return False
        progress = QProgressDialog(self.tr("正在读取…"), self.tr("取消"), 0, len(paths), self)
        progress.setObjectName("aggProgress")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def step(i: int, n: int, source: str) -> None:
            progress.setValue(i - 1)
            progress.setLabelText(self.tr("正在读取（{i}/{n}）：{name}").format(i=i, n=n, name=Path(source).name))
            QApplication.processEvents()

        batch: list[A.Unit] = []
        try:
            for unit in A.read_units(paths, workers=1, progress=step, cancelled=progress.wasCanceled):
                batch.append(unit)
        except A.Cancelled:
            progress.close()
            self.messages.setText(self.tr("已取消读取，本次选择的文件都未加入"))
            return False
        progress.setValue(len(paths))
        self.units.extend(batch)
        self.refresh()
        return True

    # -- showing ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.table.setRowCount(len(self.units))
        red, grey = QBrush(QColor("#f8c9c9")), QBrush(QColor("#e2e2e2"))
        for r, u in enumerate(self.units):
            cells = [Path(u.source).name, u.issuer, "" if u.year is None else str(u.year), u.edition or "",
                     self.tr("是") if u.readable else self.tr("已跳过（汇总报告）") if u.summed else self.tr("否"),
                     str(u.errors) if u.readable else "",
                     str(u.warnings) if u.readable else ""]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(u.message or (self.tr("错误：") + "、".join(u.error_rules) if u.errors else u.source))
                if not u.readable:
                    item.setBackground(grey)
                elif u.errors:
                    item.setBackground(red)
                self.table.setItem(r, c, item)
        intake = A.intake(self.units) if self.units else None
        lines = []
        if intake:
            lines += [f"<span style='color:#b01818'><b>{b}</b></span>" for b in intake.blocking]
            lines += [f"<span style='color:#7a4b00'>{w}</span>" for w in intake.warnings[:8]]
            bad = intake.with_errors
            self.include_invalid.setText(self.tr("有错误的报告也计入（{n} 份）").format(n=len(bad)))
            self.include_invalid.setEnabled(bool(bad))
            lines.insert(0, self.tr("共 {n} 份，可读取 {ok} 份，其中有错误 {bad} 份。")
                         .format(n=len(self.units), ok=len(intake.readable), bad=len(bad)))
        self.messages.setText("<br>".join(lines))
        self.indicators.set_units(self.units)
        ok = bool(intake and not intake.blocking)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def run(self) -> None:
        issuer = self.issuer.text().strip()
        if not issuer:
            self.messages.setText(self.tr("<span style='color:#b01818'>请填写汇总报告的发布机关</span>"))
            return
        try:
            self.result_report = A.aggregate(self.units, issuer, self.include_invalid.isChecked())
        except GovReportError as e:
            self.messages.setText(f"<span style='color:#b01818'>{e}</span>")
            return
        self.accept()
