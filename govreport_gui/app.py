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
    """The UI language: our own strings (English from resources/i18n) and Qt's own dialogs and
    buttons (file dialogs, 确定/取消), which speak English unless Qt's translation is loaded."""
    from PySide6.QtCore import QLocale, QTranslator

    from .core import resources

    qt_lang = "zh_CN" if lang == "zh" else lang
    if qt_lang != "en":
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        for folder in qt_translation_dirs():
            qt = QTranslator(app)
            if qt.load(f"qtbase_{qt_lang}", str(folder)):
                app.installTranslator(qt)
                app._govreport_qt_translator = qt  # keep a reference
                break
    if lang == "zh":
        return
    qm = resources.resources() / "i18n" / f"govreport_{lang}.qm"
    tr = QTranslator(app)
    if tr.load(str(qm)):
        app.installTranslator(tr)
        app._govreport_translator = tr  # keep a reference


def qt_translation_dirs() -> list[Path]:
    """Where Qt's own .qm files are: Qt's translations folder (PySide6/Qt/translations, also in
    the built app), then beside the program."""
    from PySide6.QtCore import QLibraryInfo

    dirs = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    if getattr(sys, "frozen", False):
        base = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
        dirs += [base / "PySide6" / "Qt" / "translations", base / "translations"]
    return dirs


def use_settings_file(legacy=None) -> Path:
    """Settings (language, recent files, folders last used) are an INI file in the app's data
    folder on every system, beside its logs and recovery files — on Windows too, not the
    registry: one folder to back up, move or reset, and one that GOVREPORT_DATA_DIR moves for
    a portable copy (and for tests, which must never touch a person's settings). Settings kept
    where earlier versions kept them (the registry, ~/.config) are copied over once.
    Call after the organization and application names are set; returns the file. ``legacy``:
    the settings to copy from instead of the system's own (tests)."""
    from PySide6.QtCore import QSettings

    from .ui.recovery import data_dir

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(data_dir()))
    current = QSettings()                    # <data folder>/govreport/govreport-gui.ini
    path = Path(current.fileName())
    if not path.exists():
        old = legacy if legacy is not None else QSettings(
            QSettings.Format.NativeFormat, QSettings.Scope.UserScope,
            current.organizationName(), current.applicationName())
        for k in old.allKeys():
            current.setValue(k, old.value(k))
        current.sync()
    return path


def build_app(argv: list[str]):
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName("govreport")
    QCoreApplication.setApplicationName("govreport-gui")
    use_settings_file()
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setProperty("cjkFont", choose_font(app))
    return app


def open_initial(window, file: str | None) -> None:
    """What the window shows first: a recovered report, FILE, or the start page."""
    if window.offer_recovery():
        return
    if file:
        window.open_path(file)


def smoke_test(window, outdir: str) -> int:
    """--smoke-test: export what is open to OUTDIR (.docx and .xlsx) and quit; for the built app."""

    from PySide6.QtCore import QCoreApplication

    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    if window.doc is None:                   # the start page: try the demo
        window.show_demo()
    report = window.doc.report
    from .core import worker

    worker.export_isolated(report, out / "smoke.docx", "docx", force=True)    # a child of the built program
    worker.export_isolated(report, out / "smoke.xlsx", "xlsx", force=True)
    window.doc.set_clean()
    window.close()
    theme = "QPlatformTheme"                                     # Qt's own context (not ours to translate)
    ok = QCoreApplication.translate(theme, "OK")                 # Qt's own buttons speak Chinese
    line = f"SMOKE OK {report.title} {ok}"
    (out / "smoke.txt").write_text(line + "\n", encoding="utf-8")    # a windowed .exe shows no output
    print(line, flush=True)
    return 0


# Qt's own command-line options (QGuiApplication, QApplication) and whether each takes a value
QT_OPTIONS = {"-platform": True, "-platformpluginpath": True, "-platformtheme": True, "-plugin": True,
              "-qwindowgeometry": True, "-qwindowicon": True, "-qwindowtitle": True, "-session": True,
              "-style": True, "-stylesheet": True, "-display": True, "-geometry": True, "-title": True,
              "-name": True, "-reverse": False, "-nograb": False, "-dograb": False, "-sync": False,
              "-widgetcount": False}


def split_qt_args(args: list[str]) -> tuple[list[str], list[str]]:
    """(ours, Qt's): ``-platform offscreen`` goes to Qt whole, its value is never taken for the
    file to open (argparse alone would take "offscreen" for FILE and leave Qt a bare -platform,
    on which Qt aborts)."""
    ours: list[str] = []
    qt: list[str] = []
    i = 0
    while i < len(args):
        name = args[i].split("=", 1)[0]
        if name in QT_OPTIONS:
            takes = QT_OPTIONS[name] and "=" not in args[i]
            qt += args[i:i + 2] if takes else args[i:i + 1]
            i += 2 if takes else 1
        else:
            ours.append(args[i])
            i += 1
    return ours, qt


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "--worker":          # a read or export in a limited child of the built app
        from .core.worker import child_main

        return child_main(argv[2:])
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
    ours, qt_args = split_qt_args(argv[1:])
    args, rest = parser.parse_known_args(ours)
    qt_args += rest                                    # other options are left to Qt, as before
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
