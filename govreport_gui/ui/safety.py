"""Safety nets of the running app: a rotating log, an error dialog for the unexpected.

An unexpected exception never takes the report with it: the report is
autosaved first, the error is logged, and a dialog says what happened with a
复制详细信息 button; the window stays open.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from .. import APP_NAME, __version__
from .recovery import data_dir

log = logging.getLogger("govreport")


def setup_logging() -> Path | None:
    """Log to <data dir>/logs/govreport.log, rotating (1 MB × 3)."""
    folder = data_dir() / "logs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(folder / "govreport.log", maxBytes=1_000_000,
                                                       backupCount=3, encoding="utf-8")
    except OSError:
        return None                      # no log is better than no app
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("govreport")
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    log.info("start %s %s (Python %s)", APP_NAME, __version__, sys.version.split()[0])
    return folder / "govreport.log"


class ErrorReporter(QObject):
    """sys.excepthook for the GUI: autosave, log, tell, carry on."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.showing = False

    def install(self) -> None:
        sys.excepthook = self.handle

    def handle(self, etype, value, tb) -> None:
        details = "".join(traceback.format_exception(etype, value, tb))
        log.error("unexpected error\n%s", details)
        saver = getattr(self.window, "autosaver", None)
        doc = getattr(self.window, "doc", None)
        copied = False
        try:
            if saver is not None:
                saver.autosave()
                copied = saver.has_copy()
        except Exception:               # the report is still open in the window
            log.exception("autosave after an error failed")
        if self.showing:                # an error while the dialog is up: logged only
            return
        self.showing = True
        if doc is None or not doc.modified:
            kept = self.tr("您的报告没有未保存的修改。")
        elif copied:
            kept = self.tr("您的报告仍然打开着，并已自动保存了一份恢复副本。")
        else:                           # never promise a copy that is not there
            kept = self.tr("您的报告仍然打开着，但未能自动保存恢复副本：请尽快保存（Ctrl+S）。")
        try:
            box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME,
                              self.tr("程序遇到了意外错误。{kept}\n"
                                      "可以继续工作；如问题反复出现，请把详细信息发给技术支持。\n\n{error}")
                              .format(kept=kept, error=f"{etype.__name__}: {value}"), QMessageBox.StandardButton.Ok,
                              self.window)
            box.setObjectName("errorBox")
            box.setDetailedText(details)
            copy = box.addButton(self.tr("复制详细信息"), QMessageBox.ButtonRole.ActionRole)
            copy.clicked.disconnect()
            copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(
                f"{APP_NAME} {__version__}\n{details}"))
            box.exec()
        finally:
            self.showing = False


def warn_if_no_cjk_font(window, font_name: str | None) -> bool:
    """Tell the clerk once at start when no Chinese font is installed."""
    if font_name is not None:
        return False
    log.warning("no CJK font found")
    QMessageBox.warning(window, APP_NAME,
                        QCoreApplication.translate("MainWindow",
                                                   "没有找到可以显示中文的字体，界面中的中文可能显示为方框。\n"
                                                   "请安装中文字体（如 Noto Sans CJK、文泉驿微米黑或微软雅黑）。\n"
                                                   "导出的 Word 文档仍会写明仿宋_GB2312 等字体及其替代字体。"))
    return True
