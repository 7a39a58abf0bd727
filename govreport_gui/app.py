"""``govreport-gui [FILE]``: the desktop application."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import APP_NAME, __version__

CJK_FONTS = ["Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
             "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback", "SimSun", "NSimSun"]


def choose_font(app) -> str | None:
    """A CJK-capable UI font, the first of a preference list that is installed."""
    from PySide6.QtGui import QFont, QFontDatabase

    families = set(QFontDatabase.families())
    for name in CJK_FONTS:
        if name in families:
            font = QFont(name)
            font.setPointSizeF(max(app.font().pointSizeF(), 10.0))
            app.setFont(font)
            return name
    for name in sorted(families):
        if QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(name):
            app.setFont(QFont(name))
            return name
    return None


def install_translator(app, lang: str) -> None:
    if lang == "zh":
        return
    from PySide6.QtCore import QTranslator

    from .core import resources

    qm = resources.resources() / "i18n" / f"govreport_{lang}.qm"
    tr = QTranslator(app)
    if tr.load(str(qm)):
        app.installTranslator(tr)
        app._govreport_translator = tr  # keep a reference


def build_app(argv: list[str]):
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName("govreport")
    QCoreApplication.setApplicationName("govreport-gui")
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setProperty("cjkFont", choose_font(app))
    return app


def open_initial(window, file: str | None) -> None:
    """What the window shows first: a recovered report, FILE, the last file, or the demo."""
    from .core import native, resources

    if window.offer_recovery():
        return
    if file and window.open_path(file):
        return
    if not file:
        recent = [p for p in window._recent() if Path(p).exists()]
        if recent and window.open_path(recent[0]):
            return
    demo = native.load(resources.demo_report())
    window.load_report(demo, None)
    from PySide6.QtCore import QCoreApplication

    window.show_message(QCoreApplication.translate("MainWindow", "这是示例报告（虚构的云泽市）。新建自己的报告：文件 → 新建"))


def smoke_test(window, outdir: str) -> int:
    """--smoke-test: export what is open to OUTDIR (.docx and .xlsx) and quit; for the built app."""
    from .core.export import docx, xlsx

    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    report = window.doc.report
    docx.export(report, out / "smoke.docx", force=True)
    xlsx.export(report, out / "smoke.xlsx", force=True)
    window.doc.set_clean()
    window.close()
    print(f"SMOKE OK {report.title}", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 2 and argv[1] == "--pdf-worker":      # the built app reads PDFs in a child of itself
        from .core.importers.readers import pdf_child_main

        pdf_child_main()
        return 0
    import multiprocessing

    multiprocessing.freeze_support()
    if len(argv) > 1 and argv[1] == "--cli":             # the built app's command line: govreport-gui --cli check …
        from .cli import main as cli_main

        return cli_main(argv[2:])
    parser = argparse.ArgumentParser(prog="govreport-gui", description=f"{APP_NAME}：政府信息公开工作年度报告")
    parser.add_argument("file", nargs="?", help="要打开的报告文件（.govreport）")
    parser.add_argument("--lang", choices=["zh", "en"], help="界面语言（默认：上次在菜单中选择的，或中文）")
    parser.add_argument("--version", action="version", version=f"govreport-gui {__version__}")
    parser.add_argument("--smoke-test", metavar="OUTDIR", help=argparse.SUPPRESS)
    args, qt_args = parser.parse_known_args(argv[1:])
    app = build_app([argv[0]] + qt_args)
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QIcon

    from .core import resources
    from .ui import safety

    safety.setup_logging()
    install_translator(app, args.lang or str(QSettings().value("lang", "zh")))
    app.setWindowIcon(QIcon(str(resources.resources() / "icons" / "app.png")))
    from .ui.main_window import MainWindow

    window = MainWindow()
    safety.ErrorReporter(window).install()
    window.show()
    if not args.smoke_test:
        safety.warn_if_no_cjk_font(window, app.property("cjkFont"))
    open_initial(window, args.file)
    if args.smoke_test:
        return smoke_test(window, args.smoke_test)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
