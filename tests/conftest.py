"""Shared test set-up: Qt offscreen, settings and app data in a temporary folder."""

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="govreport-test-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_HOME, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_HOME, "data")
os.environ["GOVREPORT_DATA_DIR"] = os.path.join(_HOME, "appdata")

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "resources" / "demo" / "demo.govreport"


@pytest.fixture
def demo_path() -> Path:
    return DEMO


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """A fresh app-data folder (recovery files) for one test."""
    d = tmp_path / "appdata"
    monkeypatch.setenv("GOVREPORT_DATA_DIR", str(d))
    return d


@pytest.fixture
def bare(qtbot, data_dir):
    """The main window as it starts with no file (the start page), 1366×768, on screen."""
    from govreport_gui.app import build_app
    from govreport_gui.ui.main_window import MainWindow

    build_app(["test"])
    w = MainWindow()
    qtbot.addWidget(w, before_close_func=forget_work)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def forget_work(w) -> None:
    """pytest-qt closes the window after each test: no question about unsaved work then."""
    for view in getattr(w, "views", {}).values():
        view.cancel_editing()
    if w.doc is not None:
        w.doc.set_clean()


@pytest.fixture
def window(bare, demo_path):
    """The main window with the demo report open (from resources; tests that save use a copy)."""
    from govreport_gui.core import native

    bare.load_report(native.load(demo_path), demo_path)
    return bare
