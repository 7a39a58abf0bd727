"""The main window: a tab per section, the findings dock, files and safety."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QColor, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (QApplication, QDockWidget, QFileDialog, QLabel, QLineEdit,
                               QMainWindow, QMessageBox, QPlainTextEdit, QStackedWidget, QTabWidget, QTextEdit,
                               QToolButton, QVBoxLayout, QWidget)

from .. import APP_NAME, __version__
from ..core import native
from ..core import values as V
from ..core.errors import GovReportError
from ..core.report import Report
from . import recovery
from .safety import log
from .document import Finding, ReportDocument, wrong_printed_totals
from .findings import FindingsPanel, finding_section
from .info_tab import InfoTab
from .names import tab_title
from .start_page import StartPage
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
        for col, name, left, right in self.doc.balance():
            if left is None:
                parts.append(f"<span style='color:#888'>{name} —</span>")
            elif left == right:
                parts.append(f"<span style='color:#1b6e2a'>{name} ✓ {V.display(left)}</span>")
            else:
                parts.append(f"<span style='color:#b01818'><b>{name} ✗ {V.display(left)}≠{V.display(right)}</b></span>")
        self.setText(self.tr("勾稽关系（一+二 = 三（七）+四）：") + "　".join(parts))


class MainWindow(QMainWindow):
    TAB_IDS = ["info"]          # the tabs in order: "info", then the edition's sections (set per report)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.doc: ReportDocument | None = None
        self._closed = False
        self.views: dict[str, ReportTableView] = {}
        self.models: dict[str, SectionTableModel] = {}
        self.settings = QSettings()
        self.demo = False                      # the demo report is open (看看示例)
        self._asking_year = False
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("sectionTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.start = StartPage(self)
        self.start.fromLastYear.connect(self.start_from_last_year)
        self.start.openReport.connect(self.open_dialog)
        self.start.newBlank.connect(self.new_report)
        self.start.showDemo.connect(self.show_demo)
        self.start.openRecent.connect(self.open_path)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("centralStack")
        self.stack.addWidget(self.start)
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)
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
        self.panel_button = QToolButton(self)
        self.panel_button.setObjectName("panelButton")
        self.panel_button.setAutoRaise(True)
        self.statusBar().addPermanentWidget(self.panel_button)
        self._icons = {"error": _dot("#d32f2f"), "warning": _dot("#f0a000")}
        self._make_actions()
        self.panel_button.setDefaultAction(self.act_panel)
        self.autosaver = recovery.Autosaver(self, self)
        app = QApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._app_state)
            app.installEventFilter(self)            # menu shortcuts win over a text field's own keys
        self.resize(1366, 768)
        self.show_start_page()

    # -- actions ---------------------------------------------------------------------
    def _make_actions(self) -> None:
        def act(name: str, text: str, slot, shortcut=None, menu=None, needs_doc: bool = True) -> QAction:
            a = QAction(text, self)
            a.setObjectName(name)
            if isinstance(shortcut, list):
                a.setShortcuts(shortcut)
            elif shortcut is not None:
                a.setShortcut(shortcut)
            # triggered(bool) must never reach a slot's first parameter: the slot gets no arguments
            a.triggered.connect(lambda _checked=False, slot=slot: slot())
            if menu is not None:
                menu.addAction(a)
            self.addAction(a)
            if needs_doc:
                self._doc_actions.append(a)
            return a

        self._doc_actions: list[QAction] = []
        mb = self.menuBar()
        m_file = mb.addMenu(self.tr("文件(&F)"))
        self.act_start_from = act("actStartFromLastYear", self.tr("从上年报告开始新报告(&L)…"), self.start_from_last_year,
                                  QKeySequence("Ctrl+Shift+N"), m_file, needs_doc=False)
        self.act_new = act("actNew", self.tr("新建(&N)…"), self.new_report, QKeySequence.StandardKey.New, m_file,
                           needs_doc=False)
        self.act_open = act("actOpen", self.tr("打开(&O)…"), self.open_dialog, QKeySequence.StandardKey.Open, m_file,
                            needs_doc=False)
        self.recent_menu = m_file.addMenu(self.tr("最近打开"))
        self.recent_menu.setObjectName("recentMenu")
        self.act_close = act("actCloseReport", self.tr("关闭报告(&C)"), self.close_report, QKeySequence("Ctrl+W"), m_file)
        m_file.addSeparator()
        self.act_import = act("actImport", self.tr("导入报告(&I)…"), self.import_dialog, QKeySequence("Ctrl+I"), m_file,
                              needs_doc=False)
        self.act_import_paste = act("actImportPaste", self.tr("从粘贴的文字导入…"), self.import_paste, None, m_file,
                                    needs_doc=False)
        self.act_carry = act("actCarry", self.tr("从上年报告结转到本报告…"), self.carry_dialog, None, m_file)
        self.act_aggregate = act("actAggregate", self.tr("汇总各单位的报告(&G)…"), self.aggregate_dialog, None, m_file,
                                 needs_doc=False)
        self.act_ledger = act("actLedger", self.tr("从台账统计(&T)…"), self.ledger_dialog, None, m_file)
        self.act_ledger_template = act("actLedgerTemplate", self.tr("生成空白台账…"), self.ledger_template, None,
                                       m_file, needs_doc=False)
        m_file.addSeparator()
        self.act_save = act("actSave", self.tr("保存(&S)"), self.save, QKeySequence.StandardKey.Save, m_file)
        self.act_save_as = act("actSaveAs", self.tr("另存为(&A)…"), self.save_as, QKeySequence.StandardKey.SaveAs, m_file)
        m_file.addSeparator()
        from ..core.export import registry as export_formats
        from .exporting import template_menu_text

        for fmt in export_formats.FORMATS:       # 导出Word…, 导出Excel…: an action for each format exported
            name = "actExport" + fmt.kind.capitalize()
            setattr(self, f"act_export_{fmt.kind}",              # act_export_docx, act_export_xlsx
                    act(name, self.tr(fmt.menu), lambda kind=fmt.kind: self.export(kind),
                        QKeySequence(fmt.shortcut) if fmt.shortcut else None, m_file))
            if fmt.template:
                self.act_export_custom = act(name + "Template", self.tr(template_menu_text(fmt)),
                                             lambda kind=fmt.kind: self.export(kind, custom_template=True), None, m_file)
        self.act_print_preview = act("actPrintPreview", self.tr("打印预览(&V)…"), lambda: self.print_report(True),
                                     None, m_file)
        self.act_print = act("actPrint", self.tr("打印(&R)…"), self.print_report, QKeySequence.StandardKey.Print,
                             m_file)
        m_file.addSeparator()
        self.act_home = act("actStartPage", self.tr("开始页"), self.go_start_page, None, m_file, needs_doc=False)
        act("actQuit", self.tr("退出(&Q)"), self.close, QKeySequence("Ctrl+Q"), m_file, needs_doc=False)

        m_edit = mb.addMenu(self.tr("编辑(&E)"))
        self.act_undo = act("actUndo", self.tr("撤销(&U)"), self.undo, QKeySequence.StandardKey.Undo, m_edit)
        self.act_redo = act("actRedo", self.tr("重做(&R)"), self.redo, [QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")], m_edit)
        m_edit.addSeparator()
        self.act_copy = act("actCopy", self.tr("复制(&C)"), self.copy, QKeySequence.StandardKey.Copy, m_edit)
        self.act_paste = act("actPaste", self.tr("粘贴(&P)"), self.paste, QKeySequence.StandardKey.Paste, m_edit)
        self.act_clear = act("actClear", self.tr("清除(&D)"), self.clear, QKeySequence.StandardKey.Delete, m_edit)
        self.act_select_all = act("actSelectAll", self.tr("全选(&A)"), self.select_all, QKeySequence.StandardKey.SelectAll,
                                  m_edit)
        self.act_copy_html = act("actCopyHtml", self.tr("复制为网页(&W)"), self.copy_html, QKeySequence("Ctrl+Shift+C"),
                                 m_edit)
        m_edit.addSeparator()
        self.act_fill = act("actFillZero", self.tr("将空白单元格填为0"), self.fill_zero, None, m_edit)
        self.act_recompute = act("actRecheck", self.tr("重新校验"), self.recheck, QKeySequence("F5"), m_edit)
        self.act_rule_packs = act("actRulePacks", self.tr("地方审核规则(&K)…"), self.rule_packs_dialog, None, m_edit,
                                  needs_doc=False)

        m_view = mb.addMenu(self.tr("视图(&V)"))
        self.act_next_tab = act("actNextSection", self.tr("下一部分"), lambda: self.step_tab(1),
                                [QKeySequence("Ctrl+PgDown"), QKeySequence("Ctrl+Tab")], m_view)
        self.act_prev_tab = act("actPreviousSection", self.tr("上一部分"), lambda: self.step_tab(-1),
                                [QKeySequence("Ctrl+PgUp"), QKeySequence("Ctrl+Shift+Tab")], m_view)
        m_view.addSeparator()
        self.act_prev = act("actShowPrevious", self.tr("显示上年数"), self.toggle_previous, QKeySequence("Ctrl+L"), m_view)
        self.act_prev.setCheckable(True)
        self.act_panel = self.dock.toggleViewAction()
        self.act_panel.setObjectName("actFindingsDock")
        self.act_panel.setText(self.tr("问题列表"))
        self.act_panel.setShortcut(QKeySequence("F9"))
        self.act_panel.setToolTip(self.tr("显示或收起右侧的问题列表（F9）"))
        m_view.addAction(self.act_panel)
        self.addAction(self.act_panel)
        self._doc_actions.append(self.act_panel)
        self.act_next_finding = act("actNextFinding", self.tr("下一个问题"), self.next_finding, QKeySequence("F8"), m_view)
        self.act_indicators = act("actIndicators", self.tr("指标(&I)…"), self.indicators_dialog, None, m_view)

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
        self.act_help = act("actHelp", self.tr("填报指南(&G)"), self.show_help, QKeySequence.StandardKey.HelpContents,
                            m_help, needs_doc=False)
        act("actHelpChecks", self.tr("各项校验的含义"), lambda: self.show_help("checks"), None, m_help, needs_doc=False)
        act("actHelpKeys", self.tr("快捷键"), lambda: self.show_help("shortcuts"), None, m_help, needs_doc=False)
        m_help.addSeparator()
        act("actAbout", self.tr("关于"), self.about, None, m_help, needs_doc=False)
        self._refresh_recent()
        self._update_undo_texts()

    # -- keys ---------------------------------------------------------------------------
    #: keys a text field keeps for itself even though a menu action has them too
    _EDITING_KEYS = (QKeySequence.StandardKey.Copy, QKeySequence.StandardKey.Cut, QKeySequence.StandardKey.Paste,
                     QKeySequence.StandardKey.SelectAll, QKeySequence.StandardKey.Undo,
                     QKeySequence.StandardKey.Redo, QKeySequence.StandardKey.Delete)

    def _forced_shortcuts(self) -> set:
        """Key combinations of this window's actions that must reach the action from any field.

        On X11 (UOS, Kylin) a line edit claims Ctrl+E (end of line), Ctrl+K, Ctrl+U and more for
        itself; the window's menu shortcuts are the clerk's, wherever the cursor is. Only the
        editing keys (copy, paste, undo…) stay with the field that has the cursor.
        """
        if getattr(self, "_forced", None) is None:
            editing = {ks[0].toCombined() for std in self._EDITING_KEYS for ks in QKeySequence.keyBindings(std)
                       if ks.count()}
            editing |= {QKeySequence("Ctrl+Y")[0].toCombined(), QKeySequence("Ctrl+Shift+Z")[0].toCombined()}
            forced = set()
            for a in self.actions():
                for ks in a.shortcuts():
                    if ks.count() == 1 and ks[0].toCombined() not in editing:
                        forced.add(ks[0].toCombined())
            self._forced = forced
        return self._forced

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(obj, QWidget) and obj.window() is self:
            if event.keyCombination().toCombined() in self._forced_shortcuts():
                event.ignore()                 # the field does not claim it: the menu action runs
                return True
        return super().eventFilter(obj, event)

    # -- document ---------------------------------------------------------------------
    def set_document(self, doc: ReportDocument | None) -> None:
        """Show a report in the tabs, or (None) the start page."""
        old = self.doc
        self.doc = doc
        self._clear_tabs()
        if doc is None:
            self.findings.clear()
            self.demo = False
        else:
            self._apply_rule_packs(doc)
            self._build_tabs(doc)
            self.findings.set_document(doc)
            doc.previousChanged.connect(self._previous_changed)
            doc.findingsChanged.connect(self._refresh_status)
            doc.metaChanged.connect(self._refresh_title)
            doc.modifiedChanged.connect(self._refresh_title)
            doc.undo_stack.canUndoChanged.connect(self.act_undo.setEnabled)
            doc.undo_stack.canRedoChanged.connect(self.act_redo.setEnabled)
            doc.undo_stack.undoTextChanged.connect(self._update_undo_texts)
            doc.undo_stack.redoTextChanged.connect(self._update_undo_texts)
        self._update_actions()
        self.stack.setCurrentWidget(self.tabs if doc is not None else self.start)
        self.dock.setVisible(doc is not None and bool(self.settings.value("panelVisible", True, type=bool)))
        self.panel_button.setVisible(doc is not None)
        self.status_counts.setVisible(doc is not None)
        if doc is not None:
            self.toggle_previous()
            self._refresh_status()
            self._focus_tab(self.tabs.currentIndex())
        else:
            self.status_counts.clear()
            self._refresh_recent()
            self.start.focus_main()
        self._refresh_title()
        if old is not None:
            old.deleteLater()

    def _clear_tabs(self) -> None:
        self._tab_before = self.tabs.currentIndex()
        self.views.clear()
        self.models.clear()
        self.tabs.blockSignals(True)
        while self.tabs.count():
            w = self.tabs.widget(0)
            self.tabs.removeTab(0)
            w.deleteLater()
        self.tabs.blockSignals(False)

    def _previous_changed(self) -> None:
        """Last year's report came (or went, by undo): the tabs show it beside this year's."""
        if self.doc is None:
            return
        self._clear_tabs()
        self._build_tabs(self.doc)
        self._update_actions()
        self.toggle_previous()
        self._refresh_status()
        self._focus_tab(self.tabs.currentIndex())

    def _build_tabs(self, doc: ReportDocument) -> None:
        ed = doc.report.ed
        self.TAB_IDS = ["info"] + [s.id for s in ed.sections]
        info = InfoTab(doc, self)
        info.yearChangeRequested.connect(self.change_year)
        self.tabs.addTab(info, self.tr("基本信息"))
        for s in ed.sections:
            if s.kind == "text":
                w: QWidget = NarrativeTab(doc, s.text, self)
                w.message.connect(self.show_message)
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
                if s.id in doc.report.ed.tables_with_role("balance"):      # 一+二 = 三+四, column by column
                    lay.addWidget(BalanceStrip(doc, w))
                w.setFocusProxy(view)
            self.tabs.addTab(w, tab_title(s))
        before = getattr(self, "_tab_before", 0)
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(before if 0 <= before < self.tabs.count() else 0)
        self.tabs.blockSignals(False)

    def _update_actions(self) -> None:
        has = self.doc is not None
        for a in self._doc_actions:
            a.setEnabled(has)
        if has:
            self.act_undo.setEnabled(self.doc.undo_stack.canUndo())
            self.act_redo.setEnabled(self.doc.undo_stack.canRedo())
            self.act_prev.setEnabled(self.doc.report.previous is not None)
            if self.doc.report.previous is None:
                self.act_prev.setChecked(False)
        self._update_undo_texts()

    def _update_undo_texts(self, *_: object) -> None:
        """撤销 / 重做 say what they would undo: 撤销 输入 三、「…」「自然人」."""
        try:
            stack = self.doc.undo_stack if self.doc is not None else None
            undo = stack.undoText() if stack is not None and stack.canUndo() else ""
            redo = stack.redoText() if stack is not None and stack.canRedo() else ""
        except RuntimeError:             # the application is shutting down: the stack is gone
            return
        self.act_undo.setText(self.tr("撤销 {what}(&U)").format(what=undo) if undo else self.tr("撤销(&U)"))
        self.act_redo.setText(self.tr("重做 {what}(&R)").format(what=redo) if redo else self.tr("重做(&R)"))

    # -- tabs and focus ------------------------------------------------------------------
    def _tab_changed(self, index: int) -> None:
        self._focus_tab(index)

    def _focus_tab(self, index: int) -> None:
        """Switching to a tab puts the keyboard in it: a table's grid, a narrative's editor."""
        w = self.tabs.widget(index)
        if w is None:
            return
        sid = self.TAB_IDS[index] if 0 <= index < len(self.TAB_IDS) else ""
        view = self.views.get(sid)
        if view is not None:
            view.setFocus(Qt.FocusReason.TabFocusReason)
        elif isinstance(w, NarrativeTab):
            w.editor.setFocus(Qt.FocusReason.TabFocusReason)
        elif isinstance(w, InfoTab):
            w.issuer.setFocus(Qt.FocusReason.TabFocusReason)

    def step_tab(self, step: int) -> None:
        n = self.tabs.count()
        if n:
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % n)

    # -- start page --------------------------------------------------------------------
    def show_start_page(self) -> None:
        self.set_document(None)

    def go_start_page(self) -> None:
        if self.doc is None or self.close_report():
            self.show_start_page()

    def close_report(self) -> bool:
        """关闭报告: ask about unsaved changes, then back to the start page."""
        if self.doc is None:
            return True
        if not self.maybe_save():
            return False
        self.autosaver.discard()
        self.show_start_page()
        return True

    def show_demo(self) -> None:
        """看看示例: the bundled demo as an unsaved report to try things on."""
        from ..core import resources

        if not self.maybe_save():
            return
        self.load_report(native.load(resources.demo_report()), None)
        self.demo = True
        self._refresh_title()
        self.show_message(self.tr("这是示例报告（虚构的云泽市），可以随便试。开始自己的报告：文件 → 从上年报告开始新报告"))

    def start_from_last_year(self, path: str | Path | None = None) -> bool:
        """从上年报告开始: last year's report in any form, then this year's report carried over."""
        from .new_dialog import NewReportDialog

        if not self.settle(leaving=True):
            return False
        if path is None:
            path = self._choose_source(self.tr("选择上年的报告（年报文件、Word、Excel、PDF 或网页）"))
            if not path:
                return False
        if not self.maybe_save():
            return False
        dlg = NewReportDialog(self)
        dlg.set_last_year(path)
        if dlg.exec() and dlg.result_report is not None:
            self.load_report(dlg.result_report, None)
            self._mark_modified(self.doc)  # type: ignore[arg-type]
            self.show_message(self.tr("已从上年报告开始 {year} 年的报告：上年结转等数字已填好，请逐部分填写")
                              .format(year=dlg.result_report.year))
            return True
        return False

    # -- pending edits -------------------------------------------------------------------
    def settle(self, leaving: bool = False) -> bool:
        """Take in what is being typed (a cell, a field) before saving, exporting or leaving.

        A cell holding an entry it cannot take keeps the cursor, with the reason beside it, and
        the action does not happen (False). When the report is being left (closing, opening
        another), the clerk is asked instead: back to fix it (the default), or drop that entry.
        """
        if self.doc is None:
            return True
        for sid, view in self.views.items():
            if view.finish_editing():
                continue
            self.tabs.setCurrentIndex(self.TAB_IDS.index(sid))
            if not leaving:
                return False
            box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME,
                              self.tr("{problem}\n\n这一格正在输入的内容不能填入。").format(problem=view.pending_problem),
                              QMessageBox.StandardButton.NoButton, self)
            box.setObjectName("pendingEntryBox")
            back = box.addButton(self.tr("返回修改"), QMessageBox.ButtonRole.RejectRole)
            drop = box.addButton(self.tr("放弃这一格的输入"), QMessageBox.ButtonRole.DestructiveRole)
            box.setDefaultButton(back)
            box.setEscapeButton(back)
            box.exec()
            if box.clickedButton() is not drop:
                return False
            view.cancel_editing()
        info = self.tabs.widget(0)
        if isinstance(info, InfoTab):
            info.commit_all()
        return True

    def file_filter(self) -> str:
        return self.tr("年报文件 (*.govreport);;所有文件 (*)")


    def _refresh_title(self, *_: object) -> None:
        if self.doc is None:
            self.setWindowTitle(APP_NAME)
            return
        name = (self.doc.path.name if self.doc.path else
                self.tr("示例报告（不会自动保存到文件）") if self.demo else self.tr("未保存的报告"))
        self.setWindowTitle(f"{name}[*] — {self.doc.report.title} — {APP_NAME}")
        self.setWindowModified(self.doc.modified)

    def _refresh_status(self, *_: object) -> None:
        if self.doc is None:
            return
        c = self.doc.counts()
        self.status_counts.setText(self.tr("错误 {e}　警告 {w}　已说明 {a}　空白 {b}")
                                   .format(e=c["errors"], w=c["warnings"], a=c["accepted"], b=c["blanks"]))
        open_ = c["errors"] + c["warnings"]
        self.act_panel.setText(self.tr("问题列表（{n}）").format(n=open_) if open_ else self.tr("问题列表"))
        worst: dict[str, str] = {}
        for f in self.doc.engine.findings.values():
            if f.accepted or f.role == "blanks":
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
        """A message in the status bar for a while; "" takes the current one away (it is stale)."""
        if text:
            self.statusBar().showMessage(text, 8000)
        else:
            self.statusBar().clearMessage()

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
            if f.cells and all(self.doc.is_computed(c) for c in f.cells):   # e.g. R1 in the 总计 column
                self.show_message(self.tr("{message}（这些都是程序算出的合计：改正各项中的错误后，这一条会随之消失）")
                                  .format(message=f.message))
                return
        else:
            tab = self.tabs.currentWidget()
            text_id = f.key.split(":", 1)[-1]
            editor = tab.findChild(QPlainTextEdit, f"text_{text_id}") if tab is not None else None
            if editor is not None:
                editor.setFocus()
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
    def _focused(self) -> QWidget | None:
        w = QApplication.focusWidget()
        return w if w is not None and w.window() is self else None

    def _focused_view(self) -> ReportTableView | None:
        w = self._focused()
        while w is not None and not isinstance(w, ReportTableView):
            w = w.parentWidget()
        return w

    def copy(self) -> None:
        """复制: the selected cells as a block Excel and WPS paste, or the selected text."""
        w = self._focused()
        view = self._focused_view()
        if isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)):
            w.copy()
        elif view is not None:
            view.copy_selection()
        elif w is self.findings.list and self.findings.current_finding() is not None:
            QApplication.clipboard().setText(self.findings.current_finding().message)
            self.show_message(self.tr("已复制这条问题的说明"))

    def paste(self) -> None:
        w = self._focused()
        view = self._focused_view()
        if isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)):
            if not w.isReadOnly():
                w.paste()
        elif view is not None:
            view.paste()

    def clear(self) -> None:
        """清除: the selected cells become blank (not 0), or the selected text goes."""
        w = self._focused()
        view = self._focused_view()
        if isinstance(w, QLineEdit):
            w.del_()
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            if not w.isReadOnly():
                w.textCursor().removeSelectedText()
        elif view is not None:
            view.clear_selection()

    def select_all(self) -> None:
        w = self._focused()
        view = self._focused_view()
        if isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)):
            w.selectAll()
        elif view is not None:
            view.select_all_cells()

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

    def _apply_rule_packs(self, doc: ReportDocument) -> None:
        """The local rule packs chosen under 编辑 → 地方审核规则… check this report too. A pack that
        cannot be read or used for its edition is left out and said in the status bar."""
        from ..core.rulepacks import RulePackError
        from .rulepacks_dialog import chosen_packs

        packs, problems = chosen_packs()
        usable = []
        for pack in packs:
            try:
                pack.checks_for(doc.report.ed)           # compiles for this edition (nothing run yet)
                usable.append(pack)
            except RulePackError as e:
                problems.append(str(e))
        if usable or doc.packs:                          # a full check only when the packs change it
            doc.set_packs(usable)
        if problems:
            self.show_message(self.tr("有规则包无法使用：{what}").format(what="；".join(problems)))

    def indicators_dialog(self) -> None:
        """视图 → 指标…: 实质公开率 and the others for the open report (and each unit of a 汇总)."""
        from .indicators_panel import ReportIndicatorsDialog

        if self.doc is None or not self.settle():
            return
        dlg = ReportIndicatorsDialog(self, self.doc.report)
        try:
            dlg.exec()
        finally:
            dlg.deleteLater()

    def rule_packs_dialog(self) -> None:
        """编辑 → 地方审核规则…: choose the local rule packs; the open report is checked again."""
        from .rulepacks_dialog import RulePacksDialog

        dlg = RulePacksDialog(self, self.doc.report.ed.id if self.doc is not None else "")
        try:
            if dlg.exec() != RulePacksDialog.DialogCode.Accepted:
                return
        finally:
            dlg.deleteLater()
        if self.doc is not None:
            self._apply_rule_packs(self.doc)
            n = len(self.doc.packs)
            self.show_message(self.tr("已应用 {n} 个地方审核规则包").format(n=n) if n else self.tr("未使用地方审核规则包"))

    def toggle_previous(self) -> None:
        on = self.act_prev.isChecked()
        for view in self.views.values():
            view.set_show_previous(on)

    # -- files -----------------------------------------------------------------------------------
    def load_report(self, report: Report, path: str | Path | None, modified: bool = False) -> None:
        """Show a report. Printed totals that disagree with their items are recomputed, and said so."""
        wrong_totals = wrong_printed_totals(report)
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
        if self.doc is None or not self.settle():
            return False
        if self.doc.path is None:
            return self.save_as()
        return self._save_to(self.doc.path)

    def save_as(self, suggested: Path | None = None) -> bool:
        if self.doc is None or not self.settle():
            return False
        folder = self.doc.path.parent if self.doc.path else Path(str(self.settings.value("lastFolder", "")))
        suggested = suggested or folder / f"{self.doc.report.title}.govreport"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("另存为"), str(suggested), self.file_filter())
        if not path:
            return False
        if not path.endswith(native.SUFFIX):
            path += native.SUFFIX
        self.settings.setValue("lastFolder", str(Path(path).parent))
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        assert self.doc is not None
        if self.doc.path is not None and Path(path) == self.doc.path and self.doc.disk_changed():
            answer = self._ask_overwrite(Path(path))
            if answer == "save_as":
                p = Path(path)
                return self.save_as(p.with_name(self.tr("{stem}（本机修改）").format(stem=p.stem) + p.suffix))
            if answer != "overwrite":
                return False
        try:
            native.save(self.doc.report, path)
        except GovReportError as e:
            log.warning("save failed: %s: %s", path, e)
            QMessageBox.warning(self, APP_NAME, self.tr("保存失败：\n{msg}").format(msg=e))
            return False
        log.info("saved %s", path)
        self.doc.path = Path(path)
        self.doc.remember_disk()
        self.doc.set_clean()
        self.autosaver.discard()
        self._add_recent(path)
        self._refresh_title()
        self.show_message(self.tr("已保存 {name}").format(name=Path(path).name))
        return True

    def _ask_overwrite(self, path: Path) -> str:
        """The file was changed by someone else since it was opened here: never overwrite silently."""
        import datetime

        try:
            when = datetime.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            what = self.tr("“{name}”在 {time} 被其他程序（或同事）修改过，这些修改不在当前窗口中。\n"
                           "直接保存会覆盖那些修改。").format(name=path.name, time=when)
        except OSError:
            what = self.tr("“{name}”在打开后已被移走或删除。").format(name=path.name)
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, what, QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("fileChangedBox")
        save_as = box.addButton(self.tr("另存为新文件…"), QMessageBox.ButtonRole.AcceptRole)
        overwrite = box.addButton(self.tr("仍然覆盖"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save_as)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        return "save_as" if clicked is save_as else "overwrite" if clicked is overwrite else "cancel"

    def maybe_save(self) -> bool:
        """Ask before unsaved changes are lost. True = go on."""
        if self.doc is None:
            return True
        if not self.settle(leaving=True):
            return False
        if not self.doc.modified:
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

        if self.doc is None or not self.settle():
            return None
        folder = self.doc.path.parent if self.doc.path else None
        out = export_report(self, self.doc.report, kind, custom_template, folder=folder, fix=self.goto_first_error)
        if out is not None:
            self.show_message(self.tr("已导出 {name}").format(name=out.name))
        return out

    def ledger_dialog(self) -> None:
        """文件 → 从台账统计…: sections 三/四 counted from the registers; one undo step."""
        from .ledger_dialog import LedgerDialog

        if self.doc is None or not self.settle():
            return
        dlg = LedgerDialog(self, self.doc)
        try:
            if dlg.exec() == LedgerDialog.DialogCode.Accepted:
                self.show_message(self.tr("已从台账统计并填入第三、四部分的表格（可撤销）"))
        finally:
            dlg.deleteLater()

    def ledger_template(self) -> None:
        """文件 → 生成空白台账…: a register workbook with the official columns and drop-down lists."""
        from ..core import edition
        from ..core.errors import GovReportError
        from ..core.export import ledger_template

        ed = self.doc.report.ed if self.doc is not None else edition.for_year(QDate.currentDate().year() - 1)
        from .exporting import export_folder

        folder = export_folder(self.doc.path.parent if self.doc is not None and self.doc.path else None)
        path, _ = QFileDialog.getSaveFileName(self, self.tr("生成空白台账"), str(folder / self.tr("政府信息公开台账.xlsx")),
                                              self.tr("Excel 工作簿 (*.xlsx)"))
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        try:
            ledger_template.export(ed, path)
        except (GovReportError, OSError) as e:
            QMessageBox.warning(self, APP_NAME, self.tr("无法生成台账：\n{msg}").format(msg=e))
            return
        self.show_message(self.tr("已生成空白台账 {name}").format(name=Path(path).name))

    def print_report(self, preview: bool = False) -> None:
        """打印… / 打印预览…: the report on paper, laid out as 导出PDF lays it out."""
        from .exporting import print_report

        if self.doc is None or not self.settle():
            return
        folder = self.doc.path.parent if self.doc.path else None
        said = print_report(self, self.doc.report, preview, folder=folder, fix=self.goto_first_error)
        if said:
            self.show_message(said)

    def copy_html(self) -> None:
        """复制为网页: the whole report as a web page on the clipboard, to paste into a site's editor."""
        from .exporting import copy_html

        if self.doc is None or not self.settle():
            return
        notes = copy_html(self, self.doc.report, fix=self.goto_first_error)
        if notes is None:
            return
        said = self.tr("已将报告复制为网页，可粘贴到网站的编辑器中")
        if notes:
            said += self.tr("（注意：{notes}）").format(notes="；".join(notes))
        self.show_message(said)

    def goto_first_error(self) -> None:
        """返回修改: to the first error, in its tab, with its cells selected."""
        if self.doc is None:
            return
        errors = [f for f in self.doc.findings() if f.severity == "error"]
        if errors:
            self.findings.select(errors[0])
            self.goto_finding(errors[0])

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

        if self.doc is None or not self.settle():
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

    # -- the report's year ---------------------------------------------------------------------
    def change_year(self, year: int) -> None:
        """报告年度 changed on 基本信息. A report that already holds figures or text is either last
        year's report, from which this year's should start (carrying over), or a report whose
        year was mistyped: ask which, never turn last year's figures into this year's silently."""
        if self.doc is None or year == self.doc.report.year or self._asking_year:
            return                 # (the field reports editing finished again while the question is up)
        self._asking_year = True
        try:
            self._change_year(year)
        finally:
            self._asking_year = False

    def _change_year(self, year: int) -> None:
        assert self.doc is not None
        r = self.doc.report
        if not self._has_content(r):
            self._set_year(year)
            return
        forward = year > r.year
        buttons: list[tuple[str, QMessageBox.ButtonRole]] = []
        if forward:
            buttons.append((self.tr("以本报告为上年，开始{new}年的新报告").format(new=year),
                            QMessageBox.ButtonRole.AcceptRole))
        buttons.append((self.tr("只改正年份（这些数字就是{new}年的）").format(new=year), QMessageBox.ButtonRole.AcceptRole))
        buttons.append((self.tr("取消"), QMessageBox.ButtonRole.RejectRole))
        text = self.tr("本报告是{old}年的报告，已经填有数字或正文。\n\n"
                       "如果这是上年的报告，要开始{new}年的报告，请选“开始{new}年的新报告”：上年结转等数字会自动填好，"
                       "上年的数字和正文留作对照，本报告保持不变。\n"
                       "如果只是年份填错了，请选“只改正年份”。").format(old=r.year, new=year)
        box = QMessageBox(QMessageBox.Icon.Question, APP_NAME, text, QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("yearChangeBox")
        made = [box.addButton(label, role) for label, role in buttons]
        box.setDefaultButton(made[0] if forward and year == r.year + 1 else made[-2])
        box.setEscapeButton(made[-1])
        box.exec()
        clicked = box.clickedButton()
        choice = made.index(clicked) if clicked in made else len(made) - 1
        if forward and choice == 0:
            self._start_year_from_open(year)
        elif choice == len(made) - 2:
            self._set_year(year)
        else:
            self.doc.metaChanged.emit()            # puts the old year back in the field

    @staticmethod
    def _has_content(r: Report) -> bool:
        template = r.ed.texts["preface"].template.format(year=r.year, issuer=r.issuer or "本机关") \
            if r.ed.texts["preface"].template else ""
        texts = [t for tid, t in r.text.items() if t.strip() and not (tid == "preface" and t == template)]
        return bool(r.values or texts)

    def _set_year(self, year: int) -> None:
        """Correct the year (one undo step); a preface still as the program wrote it follows."""
        assert self.doc is not None
        r = self.doc.report
        template = r.ed.texts["preface"].template
        stack = self.doc.undo_stack
        stack.beginMacro(self.tr("修改报告年度为 {year}").format(year=year))
        if template and r.text.get("preface") == template.format(year=r.year, issuer=r.issuer or "本机关"):
            self.doc.set_text("preface", template.format(year=year, issuer=r.issuer or "本机关"))
        self.doc.set_meta("year", year, self.tr("修改报告年度为 {year}").format(year=year))
        stack.endMacro()
        self.show_message(self.tr("报告年度已改为 {year}").format(year=year))

    def _start_year_from_open(self, year: int) -> None:
        from ..core import carry

        assert self.doc is not None
        last = self.doc.report.copy()
        try:
            new = carry.start_from(last, year)
        except GovReportError as e:
            QMessageBox.warning(self, APP_NAME, str(e))
            self.doc.metaChanged.emit()
            return
        self.doc.metaChanged.emit()                # the open report keeps its year
        if not self.maybe_save():
            return
        self.load_report(new, None)
        self._mark_modified(self.doc)  # type: ignore[arg-type]
        self.tabs.setCurrentIndex(0)
        self.show_message(self.tr("已开始 {year} 年的报告：上年结转等数字已从{old}年的报告填好，请另存为新文件")
                          .format(year=year, old=last.year))

    # -- help ------------------------------------------------------------------------------
    def show_help(self, section: str | None = None) -> None:
        """F1: the built-in guide (offline), at a section if asked."""
        from .help_dialog import show_help

        ed = self.doc.report.ed if self.doc is not None else None
        pairs: list[tuple[str, str]] = []
        for a in self.actions():
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in a.shortcuts() if k.count()]
            if keys:
                pairs.append((a.text(), " / ".join(keys)))
        show_help(self, ed, pairs, section=section)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closed or self.maybe_save():
            if not self._closed:
                self.settings.setValue("panelVisible", self.dock.isVisible() or self.doc is None)
            if not self._closed:
                self.autosaver.close()
            self._closed = True
            event.accept()
        else:
            event.ignore()

    def _app_state(self, state) -> None:
        if state != Qt.ApplicationState.ApplicationActive:
            self.autosaver.autosave()
        elif self.doc is not None and self.doc.path is not None and self.doc.disk_changed():
            self.show_message(self.tr("“{name}”已被其他程序修改；保存时会先问您是否覆盖").format(name=self.doc.path.name))

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
        self.start.set_recent(items)
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
