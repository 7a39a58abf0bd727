"""Short names of the sections for tabs, from the edition data (``short``, ``short_en``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..core.edition import SectionDef


def english_ui() -> bool:
    """Our English translation is installed (a string every window shows is translated)."""
    return QCoreApplication.translate("MainWindow", "文件(&F)") != "文件(&F)"


def short_name(section: SectionDef) -> str:
    """The section's short name in the interface's language."""
    if english_ui() and section.short_en:
        return section.short_en
    return section.short


def tab_title(section: SectionDef) -> str:
    """``三 依申请公开`` for 三、收到和处理政府信息公开申请情况."""
    short = short_name(section)
    num = section.number.rstrip("、")
    return f"{num} {short}" if short and num else (short or section.heading)
