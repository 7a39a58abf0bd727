"""汇总 → 指标: each unit's indicators side by side, sortable, flagged, and a chart (issue 17, item 3).

The numbers are the core's (``core/indicators.py``: exact fractions, the formula in the table's
words, rated only from the least base up, flagged outside the range). This panel shows them:

- a table of the units, one row each, sortable by any column (a click on its header): errors and
  warnings, the narrative's length, and every indicator — a flagged one shaded, one not rated
  (too few applications) or not applicable (no data) greyed with why; hovering shows the formula;
- a bar chart of the indicator chosen, one bar a unit, longest first, with the range drawn as
  lines: a unit outside it is seen at once. It is painted with QPainter: QtCharts is not in
  PySide6-Essentials, and a row of bars needs no more;
- 指标范围…: the office's own range for each indicator (and the least base rated), remembered
  (``QSettings: indicatorRanges``) and used by every 汇总 after.
"""

from __future__ import annotations

import json
from decimal import Decimal

from PySide6.QtCore import QRectF, QSettings, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QHBoxLayout, QLabel, QPushButton,
                               QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..core import edition as editions
from ..core import indicators as ind

SETTING = "indicatorRanges"
FLAGGED = QColor("#fde3b0")
MUTED = QColor("#7a7a7a")
SORT = int(Qt.ItemDataRole.UserRole) + 1


def office_ranges() -> dict:
    """The office's own ranges, as remembered (a broken setting is ignored: the defaults apply)."""
    raw = QSettings().value(SETTING, "")
    try:
        data = json.loads(str(raw)) if raw else {}
        return ind.check_overrides(data)
    except (ValueError, ind.IndicatorError):
        return {}


class _Item(QTableWidgetItem):
    """A cell that sorts by its figure (SORT), not its text: 9.5% before 10.0%, blanks last."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        a, b = self.data(SORT), other.data(SORT)
        if a is None or b is None:
            return (a is None) < (b is None)
        return a < b


class _Row:
    """One unit as the panel lists it: its name, file, findings counted, text length, figures."""

    __slots__ = ("name", "source", "errors", "warnings", "text_chars", "values")

    def __init__(self, name, source, errors, warnings, text_chars, values):
        self.name, self.source, self.errors, self.warnings = name, source, errors, warnings
        self.text_chars, self.values = text_chars, values


class IndicatorChart(QWidget):
    """Bars of one indicator, a unit each, longest first; the range as dashed lines."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("aggIndicatorChart")
        self.setMinimumHeight(160)
        self.bars: list[tuple[str, float, bool]] = []          # (unit, percent, flagged)
        self.low: float | None = None
        self.high: float | None = None
        self.title = ""

    def show_indicator(self, title: str, bars: list[tuple[str, float, bool]], low, high) -> None:
        self.title, self.low, self.high = title, low, high
        self.bars = sorted(bars, key=lambda b: -b[1])
        self.setMinimumHeight(40 + 22 * max(1, len(self.bars)))
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        p.drawText(8, fm.ascent() + 4, self.title)
        if not self.bars:
            p.setPen(MUTED)
            p.drawText(8, fm.ascent() + 26, self.tr("没有可评价的单位"))
            return
        label_w = min(260, max(fm.horizontalAdvance(name) for name, _, _ in self.bars) + 12)
        left, top = 8 + label_w, 26
        width = max(40, self.width() - left - 70)
        scale = max(100.0, max(v for _, v, _ in self.bars))
        for i, (name, value, flagged) in enumerate(self.bars):
            y = top + 22 * i
            p.setPen(QColor("#000"))
            p.drawText(QRectF(8, y, label_w - 6, 18), int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                       fm.elidedText(name, Qt.TextElideMode.ElideMiddle, label_w - 6))
            w = width * value / scale
            p.fillRect(QRectF(left, y + 3, w, 13), QBrush(QColor("#e8a33d") if flagged else QColor("#5b86b8")))
            p.drawText(QRectF(left + w + 4, y, 64, 18), int(Qt.AlignmentFlag.AlignVCenter), f"{value:.1f}%")
        pen = QPen(QColor("#b01818"))
        pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        bottom = top + 22 * len(self.bars)
        for bound in (self.low, self.high):
            if bound is not None:
                x = left + width * bound / scale
                p.drawLine(int(x), top - 4, int(x), bottom)


class RangesDialog(QDialog):
    """指标范围: the office's lower and upper bound (percent) and least base for each indicator."""

    def __init__(self, parent: QWidget | None, ed: editions.Edition):
        super().__init__(parent)
        self.setObjectName("indicatorRangesDialog")
        self.setWindowTitle(self.tr("指标范围"))
        self.ed = ed
        current = office_ranges()
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("超出范围的指标在汇总中标出。不设上限或下限的，选“不设”；申请（或案件）少于最少件数的单位不评价。"),
                             self))
        self.table = QTableWidget(len(ed.indicators), 4, self)
        self.table.setObjectName("indicatorRanges")
        self.table.setHorizontalHeaderLabels([self.tr("指标"), self.tr("下限（%）"), self.tr("上限（%）"),
                                              self.tr("最少件数")])
        self.table.verticalHeader().hide()
        self.spins: dict[str, tuple[QDoubleSpinBox, QDoubleSpinBox, QSpinBox]] = {}
        for r, d in enumerate(ed.indicators):
            mine = current.get(d.id, {})
            self.table.setItem(r, 0, QTableWidgetItem(d.name))
            bounds = []
            for c, key in ((1, "min"), (2, "max")):
                spin = QDoubleSpinBox(self.table)
                spin.setObjectName(f"{d.id}_{key}")
                spin.setRange(-1, 100)
                spin.setDecimals(1)
                spin.setSpecialValueText(self.tr("不设"))
                value = mine[key] if key in mine else getattr(d, key, None)
                spin.setValue(-1 if value is None else float(Decimal(str(value)) * 100))
                self.table.setCellWidget(r, c, spin)
                bounds.append(spin)
            base = QSpinBox(self.table)
            base.setObjectName(f"{d.id}_min_base")
            base.setRange(0, 100000)
            base.setValue(int(mine.get("min_base", d.min_base)))
            self.table.setCellWidget(r, 3, base)
            self.spins[d.id] = (bounds[0], bounds[1], base)
        self.table.resizeColumnsToContents()
        lay.addWidget(self.table, 1)
        self.problem = QLabel(self)
        self.problem.setObjectName("indicatorRangesProblem")
        self.problem.setStyleSheet("color:#b01818")
        lay.addWidget(self.problem)
        buttons = QDialogButtonBox(self)
        ok = buttons.addButton(self.tr("确定"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("okButton")
        defaults = buttons.addButton(self.tr("恢复默认"), QDialogButtonBox.ButtonRole.ResetRole)
        defaults.setObjectName("defaultsButton")
        cancel = buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelButton")
        ok.clicked.connect(lambda _checked=False: self.save())
        defaults.clicked.connect(lambda _checked=False: self.defaults())
        cancel.clicked.connect(lambda _checked=False: self.reject())
        lay.addWidget(buttons)
        self.resize(560, 320)

    def chosen(self) -> dict:
        out = {}
        for d in self.ed.indicators:
            low, high, base = self.spins[d.id]
            out[d.id] = {"min": None if low.value() < 0 else str(Decimal(str(low.value())) / 100),
                         "max": None if high.value() < 0 else str(Decimal(str(high.value())) / 100),
                         "min_base": base.value()}
        return out

    def save(self) -> None:
        chosen = self.chosen()
        try:
            ind.check_overrides(chosen)
        except ind.IndicatorError as e:
            self.problem.setText(str(e))
            return
        QSettings().setValue(SETTING, json.dumps(chosen, ensure_ascii=False))
        self.accept()

    def defaults(self) -> None:
        QSettings().remove(SETTING)
        self.accept()


class IndicatorsPanel(QWidget):
    """The 指标 tab of the 汇总 dialog."""

    FIXED = 4                                    # 单位, 错误, 警告, 正文字数

    def __init__(self, parent: QWidget | None = None, ranges: bool = True):
        super().__init__(parent)
        self.setObjectName("aggIndicatorsPanel")
        self.units: list = []
        self.ed: editions.Edition | None = None
        self.rows: list[tuple[object, list[ind.Indicator]]] = []
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = QLabel(self)
        self.summary.setObjectName("aggIndicatorsSummary")
        self.summary.setWordWrap(True)
        top.addWidget(self.summary, 1)
        if ranges:                               # (a dialog that has its own leaves it out)
            self.ranges_button = QPushButton(self.tr("指标范围…"), self)
            self.ranges_button.setObjectName("aggRanges")
            self.ranges_button.setAutoDefault(False)
            self.ranges_button.clicked.connect(lambda _checked=False: self.edit_ranges())
            top.addWidget(self.ranges_button)
        lay.addLayout(top)
        self.table = QTableWidget(0, self.FIXED, self)
        self.table.setObjectName("aggIndicators")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        lay.addWidget(self.table, 3)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("图表："), self))
        self.choice = QComboBox(self)
        self.choice.setObjectName("aggChartIndicator")
        self.choice.currentIndexChanged.connect(lambda _i: self.draw())
        row.addWidget(self.choice)
        row.addStretch(1)
        lay.addLayout(row)
        self.chart = IndicatorChart(self)
        lay.addWidget(self.chart, 2)

    def set_units(self, units: list) -> None:
        """The units being summed (core.aggregate.Unit), as read."""
        readable = [u for u in units if u.readable and u.edition]
        eid = readable[0].edition if readable else None
        self.ed = editions.get(eid) if eid in editions.available() else None
        self.units = [_Row(u.name, u.source, u.errors, u.warnings, u.text_chars, ind.unit_values(self.ed, u.values))
                      for u in readable if self.ed is not None and u.edition == self.ed.id]
        self.refresh()

    def set_summed(self, report) -> None:
        """The units a saved 汇总 keeps (its ``units``: each unit's figures as it was read)."""
        self.ed = report.ed
        rows = []
        for rec in report.extra.get("units") or []:
            if not isinstance(rec, dict) or not rec.get("readable", True):
                continue
            name = str(rec.get("issuer") or "") or str(rec.get("source") or "")
            rows.append(_Row(name, str(rec.get("source") or ""), rec.get("errors"), rec.get("warnings"), None,
                             ind.unit_values(report.ed, rec.get("values") or [])))
        self.units = rows
        self.refresh()

    def edit_ranges(self) -> None:
        if self.ed is None:
            return
        dlg = RangesDialog(self, self.ed)
        try:
            if dlg.exec() == QDialog.DialogCode.Accepted:
                self.refresh()
        finally:
            dlg.deleteLater()

    def refresh(self) -> None:
        ed = self.ed
        defs = list(ed.indicators) if ed is not None else []
        heads = [self.tr("单位"), self.tr("错误"), self.tr("警告"), self.tr("正文字数")] + [d.name for d in defs]
        self.table.setSortingEnabled(False)
        self.table.clear()
        self.table.setColumnCount(len(heads))
        self.table.setHorizontalHeaderLabels(heads)
        overrides = office_ranges()
        self.rows = []
        for u in self.units if ed is not None else []:
            self.rows.append((u, ind.of_values(ed, u.values, overrides)))
        self.table.setRowCount(len(self.rows))
        flagged = 0
        for r, (u, found) in enumerate(self.rows):
            fixed = [(u.name, u.name), ("" if u.errors is None else str(u.errors), u.errors),
                     ("" if u.warnings is None else str(u.warnings), u.warnings),
                     ("" if u.text_chars is None else str(u.text_chars), u.text_chars)]
            for c, (text, key) in enumerate(fixed):
                item = _Item(text)
                item.setData(SORT, key)
                item.setToolTip(u.source)
                self.table.setItem(r, c, item)
            for c, i in enumerate(found, start=self.FIXED):
                item = _Item(i.percent_text if i.status != ind.NOT_APPLICABLE else ind.STATUS_NAMES[i.status])
                item.setData(SORT, float(i.percent) if i.percent is not None else None)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip("\n".join(x for x in (i.formula, i.message, i.reason) if x))
                if i.flagged:
                    item.setBackground(QBrush(FLAGGED))
                    flagged += 1
                elif not i.rated:
                    item.setForeground(QBrush(MUTED))
                    if i.status == ind.NOT_RATED:
                        item.setText(self.tr("{value}（不评价）").format(value=i.percent_text))
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)
        self.table.resizeColumnsToContents()
        self.summary.setText(self.tr("{n} 个单位；{flagged} 项指标超出范围（浅橙色）。点击列标题排序，鼠标停在数字上可以看到公式。")
                             .format(n=len(self.rows), flagged=flagged))
        current = self.choice.currentIndex()
        self.choice.blockSignals(True)
        self.choice.clear()
        for d in defs:
            self.choice.addItem(d.name, d.id)
        self.choice.setCurrentIndex(current if 0 <= current < len(defs) else 0)
        self.choice.blockSignals(False)
        self.draw()

    def draw(self) -> None:
        k = self.choice.currentIndex()
        if self.ed is None or k < 0:
            self.chart.show_indicator("", [], None, None)
            return
        bars, low, high = [], None, None
        for u, found in self.rows:
            i = found[k]
            low = float(i.min * 100) if i.min is not None else None
            high = float(i.max * 100) if i.max is not None else None
            if i.rated:
                bars.append((u.name, float(i.percent), i.flagged))
        name = self.choice.currentText()
        self.chart.show_indicator(self.tr("{name}（只列可评价的单位）").format(name=name), bars, low, high)


class ReportIndicatorsDialog(QDialog):
    """视图 → 指标…: the open report's indicators, each with its formula and whether it is rated;
    for a 汇总, each unit's below (as the 汇总 window shows them)."""

    def __init__(self, parent: QWidget | None, report):
        super().__init__(parent)
        self.setObjectName("reportIndicatorsDialog")
        self.setWindowTitle(self.tr("指标 — {title}").format(title=report.title))
        self.report = report
        lay = QVBoxLayout(self)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("reportIndicators")
        self.table.setHorizontalHeaderLabels([self.tr("指标"), self.tr("数值"), self.tr("评价"), self.tr("公式与说明")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table, 1)
        self.units = None
        if report.extra.get("units"):
            lay.addWidget(QLabel(self.tr("各单位："), self))
            self.units = IndicatorsPanel(self, ranges=False)
            self.units.set_summed(report)
            lay.addWidget(self.units, 2)
        row = QHBoxLayout()
        ranges = QPushButton(self.tr("指标范围…"), self)
        ranges.setObjectName("reportRanges")
        ranges.setAutoDefault(False)
        ranges.clicked.connect(lambda _checked=False: self.edit_ranges())
        row.addWidget(ranges)
        row.addStretch(1)
        close = QPushButton(self.tr("关闭"), self)
        close.setObjectName("closeButton")
        close.clicked.connect(lambda _checked=False: self.accept())
        row.addWidget(close)
        lay.addLayout(row)
        self.resize(980, 560 if self.units is None else 760)
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.table.resizeRowsToContents()     # the formulas wrap in the width the dialog really has

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.table.resizeRowsToContents()

    def edit_ranges(self) -> None:
        dlg = RangesDialog(self, self.report.ed)
        try:
            if dlg.exec() == QDialog.DialogCode.Accepted:
                self.refresh()
                if self.units is not None:
                    self.units.refresh()
        finally:
            dlg.deleteLater()

    def refresh(self) -> None:
        found = ind.indicators(self.report, office_ranges())
        self.table.setRowCount(len(found))
        for r, i in enumerate(found):
            status = ind.STATUS_NAMES[i.status] + (f"：{ind.FLAG_NAMES[i.flag]}" if i.flag else "")
            cells = [i.name, i.percent_text if i.status != ind.NOT_APPLICABLE else "", status,
                     "\n".join(x for x in (i.formula, i.message, i.reason) if x)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if i.flagged:
                    item.setBackground(QBrush(FLAGGED))
                elif not i.rated:
                    item.setForeground(QBrush(MUTED))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
