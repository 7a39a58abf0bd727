"""The main window: a tab per section, the findings dock, files and safety."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QColor, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (QApplication, QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox, QTabWidget,
                               QVBoxLayout, QWidget)

from .. import APP_NAME, __version__
from ..core import native, rules
from ..core import values as V
from ..core.errors import GovReportError
from ..core.report import Report
from ..core.rules import Finding
from . import recovery
from .safety import log
from .document import ReportDocument
from .findings import FindingsPanel, finding_section
from .info_tab import InfoTab
from .names import tab_title
from .table_model import SectionTableModel
from .table_view import ReportTableView
from .text_tab import NarrativeTab

MAX_RECENT = 8


def _dot(color: str) -> QIcon:
    pm = QPixmap(12, 12)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(color))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawEllipse(1, 1, 10, 10)
    p.end()
    return QIcon(pm)


class BalanceStrip(QLabel):
    """Under section 三: for each column, 一+二 against 三（七）+四, ✓ or ✗."""

    def __init__(self, doc: ReportDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("balanceStrip")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.doc = doc
        doc.findingsChanged.connect(self.refresh)
        doc.cellsChanged.connect(self.refresh)
        self.refresh()

    def refresh(self, *_: object) -> None:
        parts = []
        for col, name, left, right in rules.balance_status(self.doc.report, "R1"):
            if left is None:
                parts.append(f"<span style='color:#888'>{name} —</span>")
            elif left == right:
                parts.append(f"<span style='color:#1b6e2a'>{name} ✓ {V.display(left)}</span>")
            else:
                parts.append(f"<span style='color:#b01818'><b>{name} ✗ {V.display(left)}≠{V.display(right)}</b></span>")
        self.setText(self.tr("勾稽关系（一+二 = 三（七）+四）：") + "　".join(parts))


class MainWindow(QMainWindow):
    TAB_IDS = ["info", "s1", "s2", "s3", "s4", "s5", "s6"]

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.doc: ReportDocument | None = None
        self._closed = False
        self.views: dict[str, ReportTableView] = {}
        self.models: dict[str, SectionTableModel] = {}
        self.settings = QSettings()
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("sectionTabs")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.findings = FindingsPanel(self)
        self.findings.activated.connect(self.goto_finding)
        self.dock = QDockWidget(self.tr("问题列表"), self)
        self.dock.setObjectName("findingsDock")
        self.dock.setWidget(self.findings)
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.resizeDocks([self.dock], [330], Qt.Orientation.Horizontal)
        self.status_counts = QLabel(self)
        self.status_counts.setObjectName("statusCounts")
        self.statusBar().addPermanentWidget(self.status_counts)
        self._icons = {"error": _dot("#d32f2f"), "warning": _dot("#f0a000")}
        self._make_actions()
        self.autosaver = recovery.Autosaver(self, self)
        app = QApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._app_state)
        self.resize(1366, 768)

    # -- actions ---------------------------------------------------------------------
    def _make_actions(self) -> None:
        def act(name: str, text: str, slot, shortcut=None, menu=None) -> QAction:
            a = QAction(text, self)
            a.setObjectName(name)
            if isinstance(shortcut, list):
                a.setShortcuts(shortcut)
            elif shortcut is not None:
                a.setShortcut(shortcut)
            a.triggered.connect(slot)
            if menu is not None:
                menu.addAction(a)
            self.addAction(a)
            return a

        mb = self.menuBar()
        m_file = mb.addMenu(self.tr("文件(&F)"))
        self.act_new = act("actNew", self.tr("新建(&N)…"), self.new_report, QKeySequence.StandardKey.New, m_file)
        self.act_open = act("actOpen", self.tr("打开(&O)…"), self.open_dialog, QKeySequence.StandardKey.Open, m_file)
        self.act_import = act("actImport", self.tr("导入报告(&I)…"), self.import_dialog, QKeySequence("Ctrl+I"), m_file)
        self.act_import_paste = act("actImportPaste", self.tr("从粘贴的文字导入…"), self.import_paste, None, m_file)
        self.act_carry = act("actCarry", self.tr("从上年报告结转到本报告…"), self.carry_dialog, None, m_file)
        self.act_aggregate = act("actAggregate", self.tr("汇总各单位的报告(&G)…"), self.aggregate_dialog, None, m_file)
        self.recent_menu = m_file.addMenu(self.tr("最近打开"))
        self.recent_menu.setObjectName("recentMenu")
        m_file.addSeparator()
        self.act_save = act("actSave", self.tr("保存(&S)"), self.save, QKeySequence.StandardKey.Save, m_file)
        self.act_save_as = act("actSaveAs", self.tr("另存为(&A)…"), self.save_as, QKeySequence.StandardKey.SaveAs, m_file)
        m_file.addSeparator()
        self.act_export_docx = act("actExportDocx", self.tr("导出Word(&W)…"), lambda: self.export("docx"),
                                   QKeySequence("Ctrl+E"), m_file)
        self.act_export_custom = act("actExportDocxTemplate", self.tr("用自定义模板导出Word…"),
                                     lambda: self.export("docx", custom_template=True), None, m_file)
        self.act_export_xlsx = act("actExportXlsx", self.tr("导出Excel(&X)…"), lambda: self.export("xlsx"),
                                   QKeySequence("Ctrl+Shift+E"), m_file)
        m_file.addSeparator()
        act("actQuit", self.tr("退出(&Q)"), self.close, QKeySequence.StandardKey.Quit, m_file)

        m_edit = mb.addMenu(self.tr("编辑(&E)"))
        self.act_undo = act("actUndo", self.tr("撤销(&U)"), self.undo, QKeySequence.StandardKey.Undo, m_edit)
        self.act_redo = act("actRedo", self.tr("重做(&R)"), self.redo, [QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")], m_edit)
        m_edit.addSeparator()
        self.act_fill = act("actFillZero", self.tr("将空白单元格填为0"), self.fill_zero, None, m_edit)
        self.act_recompute = act("actRecheck", self.tr("重新校验"), self.recheck, QKeySequence("F5"), m_edit)

        m_view = mb.addMenu(self.tr("视图(&V)"))
        self.act_prev = act("actShowPrevious", self.tr("显示上年数"), self.toggle_previous, QKeySequence("Ctrl+L"), m_view)
        self.act_prev.setCheckable(True)
        m_view.addAction(self.dock.toggleViewAction())
        self.dock.toggleViewAction().setObjectName("actFindingsDock")
        m_view.addAction(act("actNextFinding", self.tr("下一个问题"), self.next_finding, QKeySequence("F8")))

        m_lang = m_view.addMenu(self.tr("界面语言"))
        m_lang.setObjectName("languageMenu")
        current = str(self.settings.value("lang", "zh"))
        for code, name in (("zh", "中文"), ("en", "English")):
            a = m_lang.addAction(name)
            a.setObjectName(f"actLang_{code}")
            a.setCheckable(True)
            a.setChecked(code == current)
            a.triggered.connect(lambda _=False, c=code: self.set_language(c))

        m_help = mb.addMenu(self.tr("帮助(&H)"))
        act("actAbout", self.tr("关于"), self.about, None, m_help)
        self._refresh_recent()

    # -- document ---------------------------------------------------------------------
    def set_document(self, doc: ReportDocument) -> None:
        old = self.doc
        self.doc = doc
        self.views.clear()
        self.models.clear()
        current = self.tabs.currentIndex()
        while self.tabs.count():
            w = self.tabs.widget(0)
            self.tabs.removeTab(0)
            w.deleteLater()
        ed = doc.report.ed
        self.tabs.addTab(InfoTab(doc, self), self.tr("基本信息"))
        for s in ed.sections:
            if s.kind == "text":
                w: QWidget = NarrativeTab(doc, s.text, self)
            else:
                model = SectionTableModel(doc, s.id, self)
                view = ReportTableView(model, self)
                view.message.connect(self.show_message)
                self.models[s.id] = model
                self.views[s.id] = view
                w = QWidget(self)
                w.setObjectName(f"tab_{s.id}")
                lay = QVBoxLayout(w)
                lay.setContentsMargins(4, 4, 4, 4)
                title = QLabel(f"<b>{s.heading}</b>", w)
                lay.addWidget(title)
                lay.addWidget(view, 1)
                if s.id == "s3":
                    lay.addWidget(BalanceStrip(doc, w))
            self.tabs.addTab(w, tab_title(s.id, s.heading))
        self.tabs.setCurrentIndex(current if 0 <= current < self.tabs.count() else 0)
        self.findings.set_document(doc)
        doc.findingsChanged.connect(self._refresh_status)
        doc.metaChanged.connect(self._refresh_title)
        doc.modifiedChanged.connect(self._refresh_title)
        doc.undo_stack.canUndoChanged.connect(self.act_undo.setEnabled)
        doc.undo_stack.canRedoChanged.connect(self.act_redo.setEnabled)
        self.act_undo.setEnabled(doc.undo_stack.canUndo())
        self.act_redo.setEnabled(doc.undo_stack.canRedo())
        self.act_prev.setEnabled(doc.report.previous is not None)
        if doc.report.previous is None:
            self.act_prev.setChecked(False)
        self.toggle_previous()
        self._refresh_status()
        self._refresh_title()
        if old is not None:
            old.deleteLater()

    def file_filter(self) -> str:
        return self.tr("年报文件 (*.govreport);;所有文件 (*)")


    def _refresh_title(self, *_: object) -> None:
        if self.doc is None:
            self.setWindowTitle(APP_NAME)
            return
        name = self.doc.path.name if self.doc.path else self.tr("未保存的报告")
        self.setWindowTitle(f"{name}[*] — {self.doc.report.title} — {APP_NAME}")
        self.setWindowModified(self.doc.modified)

    def _refresh_status(self, *_: object) -> None:
        if self.doc is None:
            return
        c = self.doc.engine.counts()
        self.status_counts.setText(self.tr("错误 {e}　警告 {w}　已说明 {a}　空白 {b}")
                                   .format(e=c["errors"], w=c["warnings"], a=c["accepted"], b=c["blanks"]))
        worst: dict[str, str] = {}
        for f in self.doc.engine.findings.values():
            if f.accepted or f.rule == "B1":
                continue
            sec = finding_section(f)
            if worst.get(sec) != "error":
                worst[sec] = f.severity
        for i, tid in enumerate(self.TAB_IDS):
            sec = "info" if tid == "info" else tid
            kind = worst.get(sec) or (worst.get("preface") if tid == "info" else None)
            self.tabs.setTabIcon(i, self._icons[kind] if kind else QIcon())
            tip = {"error": self.tr("此部分有错误"), "warning": self.tr("此部分有警告")}.get(kind or "", "")
            self.tabs.setTabToolTip(i, tip)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    # -- findings -------------------------------------------------------------------------
    def goto_finding(self, f: Finding) -> None:
        sec = finding_section(f)
        if sec in self.TAB_IDS:
            self.tabs.setCurrentIndex(self.TAB_IDS.index(sec))
        elif sec == "preface":
            self.tabs.setCurrentIndex(0)
        view = self.views.get(sec)
        if view is not None:
            view.select_cells(list(f.cells))
            view.setFocus()
        self.show_message(f.message)

    def next_finding(self) -> None:
        lst = self.findings.list
        if lst.count() == 0:
            return
        row = (lst.currentRow() + 1) % lst.count()
        lst.setCurrentRow(row)
        f = self.findings.current_finding()
        if f is not None:
            self.goto_finding(f)

    # -- edit actions ---------------------------------------------------------------------------
    def undo(self) -> None:
        if self.doc:
            self.doc.undo_stack.undo()

    def redo(self) -> None:
        if self.doc:
            self.doc.undo_stack.redo()

    def fill_zero(self) -> None:
        if self.doc:
            n = self.doc.fill_blanks_with_zero()
            self.show_message(self.tr("已将 {n} 个空白单元格填为0（可撤销）").format(n=n) if n else self.tr("没有空白单元格"))

    def recheck(self) -> None:
        if self.doc:
            self.doc.recheck_all()

    def toggle_previous(self) -> None:
        on = self.act_prev.isChecked()
        for view in self.views.values():
            view.set_show_previous(on)

    # -- files -----------------------------------------------------------------------------------
    def load_report(self, report: Report, path: str | Path | None, modified: bool = False) -> None:
        """Show a report. Printed totals that disagree with their items are recomputed, and said so."""
        printed = rules.check(report)
        wrong_totals = [f for f in printed if f.rule in ("R2", "R3", "R4")]
        doc = ReportDocument(report, path)
        self.set_document(doc)
        if modified:
            self._mark_modified(doc)
        if wrong_totals:
            lines = "\n".join(f"· {f.message}" for f in wrong_totals[:8])
            more = self.tr("\n……共 {n} 处").format(n=len(wrong_totals)) if len(wrong_totals) > 8 else ""
            QMessageBox.information(self, APP_NAME, self.tr("文件中有合计与各项之和不一致，已按各项重新计算合计：\n") + lines + more)
            self._mark_modified(doc)

    def _mark_modified(self, doc: ReportDocument) -> None:
        """Unsaved until saved (a new, restored or corrected report): closing asks, autosave keeps it."""
        doc.undo_stack.resetClean()
        self._refresh_title()

    def open_path(self, path: str | Path) -> bool:
        """Open a file; on any problem show the core's Chinese message and keep the current report."""
        try:
            report = native.load(path)
        except GovReportError as e:
            log.info("open refused: %s: %s", path, e)
            QMessageBox.warning(self, APP_NAME, self.tr("无法打开 {name}：\n{msg}").format(name=Path(path).name, msg=e))
            return False
        if not self.maybe_save():
            return False
        self.load_report(report, path)
        self._add_recent(path)
        self.show_message(self.tr("已打开 {name}").format(name=Path(path).name))
        return True

    def open_dialog(self) -> None:
        folder = self.settings.value("lastFolder", "")
        path, _ = QFileDialog.getOpenFileName(self, self.tr("打开报告"), str(folder), self.file_filter())
        if path:
            self.settings.setValue("lastFolder", str(Path(path).parent))
            self.open_path(path)

    def save(self) -> bool:
        if self.doc is None:
            return False
        if self.doc.path is None:
            return self.save_as()
        return self._save_to(self.doc.path)

    def save_as(self) -> bool:
        if self.doc is None:
            return False
        folder = self.settings.value("lastFolder", "")
        suggested = Path(str(folder)) / f"{self.doc.report.title}.govreport"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("另存为"), str(suggested), self.file_filter())
        if not path:
            return False
        if not path.endswith(native.SUFFIX):
            path += native.SUFFIX
        self.settings.setValue("lastFolder", str(Path(path).parent))
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        assert self.doc is not None
        try:
            native.save(self.doc.report, path)
        except GovReportError as e:
            log.warning("save failed: %s: %s", path, e)
            QMessageBox.warning(self, APP_NAME, self.tr("保存失败：\n{msg}").format(msg=e))
            return False
        log.info("saved %s", path)
        self.doc.path = Path(path)
        self.doc.set_clean()
        self.autosaver.discard()
        self._add_recent(path)
        self._refresh_title()
        self.show_message(self.tr("已保存 {name}").format(name=Path(path).name))
        return True

    def maybe_save(self) -> bool:
        """Ask before unsaved changes are lost. True = go on."""
        if self.doc is None or not self.doc.modified:
            return True
        box = QMessageBox(QMessageBox.Icon.Question, APP_NAME,
                          self.tr("“{title}”有未保存的修改，是否保存？").format(title=self.doc.report.title),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("saveChangesBox")
        box.button(QMessageBox.StandardButton.Save).setText(self.tr("保存"))
        box.button(QMessageBox.StandardButton.Discard).setText(self.tr("不保存"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("取消"))
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.autosaver.discard()
            return True
        return False

    def export(self, kind: str, custom_template: bool = False):
        from .exporting import export_report

        if self.doc is None:
            return None
        out = export_report(self, self.doc.report, kind, custom_template)
        if out is not None:
            self.show_message(self.tr("已导出 {name}").format(name=out.name))
        return out

    # -- import -----------------------------------------------------------------------------------
    def _choose_source(self, title: str) -> str | None:
        from .import_dialog import SOURCE_FILTER

        folder = self.settings.value("lastFolder", "")
        path, _ = QFileDialog.getOpenFileName(self, title, str(folder), SOURCE_FILTER)
        if path:
            self.settings.setValue("lastFolder", str(Path(path).parent))
        return path or None

    def import_path(self, path: str | Path, review: bool = True) -> bool:
        """Open a document (Word, Excel, PDF, text) as a new, unsaved report, after review."""
        from .import_dialog import ImportReviewDialog, read_source_with_feedback

        result = read_source_with_feedback(self, path)
        if result is None:
            return False
        if result.kind == "govreport":
            return self.open_path(path)
        if review and not ImportReviewDialog(result, Path(path).name, None, self).exec():
            return False
        return self._land(result.report, Path(path).name)

    def _land(self, report: Report, name: str) -> bool:
        if not self.maybe_save():
            return False
        self.load_report(report, None)
        self._mark_modified(self.doc)  # type: ignore[arg-type]
        self.show_message(self.tr("已导入 {name}，请核对后另存为年报文件").format(name=name))
        return True

    def import_dialog(self) -> None:
        path = self._choose_source(self.tr("导入报告"))
        if path:
            self.import_path(path)

    def import_paste(self) -> None:
        from .import_dialog import ImportReviewDialog, PasteDialog

        dlg = PasteDialog(self)
        if dlg.exec() and dlg.result is not None:
            if ImportReviewDialog(dlg.result, self.tr("粘贴的文字"), None, self).exec():
                self._land(dlg.result.report, self.tr("粘贴的文字"))

    def carry_from_path(self, path: str | Path, review: bool = True) -> bool:
        """Carry last year's figures into the open report (one undo step), after review."""
        from .import_dialog import ImportReviewDialog, read_source_with_feedback

        if self.doc is None:
            return False
        result = read_source_with_feedback(self, path)
        if result is None:
            return False
        if review and not ImportReviewDialog(result, Path(path).name, self.doc.report.ed, self).exec():
            return False
        n = self.doc.carry_from(result.report)
        self.show_message(self.tr("已从上年报告结转 {n} 个数（可撤销）").format(n=n))
        return True

    def carry_dialog(self) -> None:
        path = self._choose_source(self.tr("选择上年报告"))
        if path:
            self.carry_from_path(path)

    def aggregate_dialog(self) -> None:
        from .aggregate_dialog import AggregateDialog

        dlg = AggregateDialog(self)
        if dlg.exec() and dlg.result_report is not None:
            self._land(dlg.result_report, self.tr("汇总报告"))

    def new_report(self) -> None:
        from .new_dialog import NewReportDialog

        if not self.maybe_save():
            return
        dlg = NewReportDialog(self)
        if dlg.exec() and dlg.result_report is not None:
            self.load_report(dlg.result_report, None)
            self._mark_modified(self.doc)  # type: ignore[arg-type]

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closed or self.maybe_save():
            if not self._closed:
                self.autosaver.close()
            self._closed = True
            event.accept()
        else:
            event.ignore()

    def _app_state(self, state) -> None:
        if state != Qt.ApplicationState.ApplicationActive:
            self.autosaver.autosave()

    def changeEvent(self, event) -> None:
        from PySide6.QtCore import QEvent
        if event.type() == QEvent.Type.ActivationChange and not self.isActiveWindow():
            QTimer.singleShot(0, self.autosaver.autosave)
        super().changeEvent(event)

    # -- recent files -------------------------------------------------------------------------------
    def _recent(self) -> list[str]:
        v = self.settings.value("recentFiles", [])
        if isinstance(v, str):
            v = [v]
        return [str(x) for x in (v or [])]

    def _add_recent(self, path: str | Path) -> None:
        p = str(Path(path).resolve())
        items = [p] + [x for x in self._recent() if x != p]
        self.settings.setValue("recentFiles", items[:MAX_RECENT])
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        items = self._recent()
        for p in items:
            a = self.recent_menu.addAction(Path(p).name)
            a.setToolTip(p)
            a.triggered.connect(lambda _=False, p=p: self.open_path(p))
        self.recent_menu.setEnabled(bool(items))

    def set_language(self, code: str) -> None:
        self.settings.setValue("lang", code)
        for a in self.findChildren(QAction):
            if a.objectName().startswith("actLang_"):
                a.setChecked(a.objectName() == f"actLang_{code}")
        QMessageBox.information(self, APP_NAME, self.tr("界面语言将在下次启动时生效。\nThe language takes effect at the next start."))

    def about(self) -> None:
        QMessageBox.about(self, self.tr("关于"), f"<b>{APP_NAME}</b> {__version__}<br>"
                          + self.tr("政府信息公开工作年度报告的填报、校验、导出与汇总。"))

    # -- recovery ---------------------------------------------------------------------------------------
    def offer_recovery(self) -> bool:
        """After a crash: offer the newest orphaned recovery file. True if one was restored."""
        found = recovery.orphans(exclude=self.autosaver.path)
        restored = False
        for p in found:
            try:
                report, original, saved_at = recovery.read(p)
            except GovReportError as e:
                # never delete work unasked: keep it aside, where support can find it
                log.warning("unreadable recovery file %s: %s", p, e)
                try:
                    p.rename(p.with_suffix(".unreadable"))
                except OSError:
                    pass
                continue
            if not restored:
                box = QMessageBox(QMessageBox.Icon.Question, APP_NAME,
                                  self.tr("上次程序意外退出，找到了自动保存的报告：\n{title}\n保存于 {time}{orig}\n\n是否恢复？")
                                  .format(title=report.title, time=saved_at,
                                          orig=self.tr("\n原文件：{p}").format(p=original) if original else ""),
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
                box.setObjectName("recoveryBox")
                box.button(QMessageBox.StandardButton.Yes).setText(self.tr("恢复"))
                box.button(QMessageBox.StandardButton.No).setText(self.tr("丢弃"))
                if box.exec() == QMessageBox.StandardButton.Yes:
                    self.load_report(report, original, modified=True)
                    restored = True
                    self.autosaver.autosave()
            try:
                p.unlink(missing_ok=True)
            except OSError:
                pass
        return restored
