"""Where the data files live, whether run from source, installed or frozen."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path


@cache
def root() -> Path:
    """The folder that holds ``resources/`` and ``templates/``.

    Order: ``$GOVREPORT_HOME``; a PyInstaller bundle (``sys._MEIPASS``);
    the source tree (the package's parent folder).
    """
    env = os.environ.get("GOVREPORT_HOME")
    candidates = [Path(env)] if env else []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.append(Path(frozen))
    candidates.append(Path(__file__).resolve().parents[2])
    for c in candidates:
        if (c / "resources" / "editions").is_dir():
            return c
    raise FileNotFoundError("找不到程序的数据文件夹 resources/（安装不完整）")


def resources() -> Path:
    return root() / "resources"


def templates() -> Path:
    return root() / "templates"


def demo_report() -> Path:
    return resources() / "demo" / "demo.govreport"
