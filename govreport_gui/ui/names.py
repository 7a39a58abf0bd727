"""Short names of the sections for tabs (the headings themselves come from the edition data)."""

from __future__ import annotations

from PySide6.QtCore import QObject


class SectionNames(QObject):
    def short(self, section: str) -> str | None:
        return {"s1": self.tr("总体情况"), "s2": self.tr("主动公开"), "s3": self.tr("依申请公开"),
                "s4": self.tr("复议诉讼"), "s5": self.tr("问题改进"), "s6": self.tr("其他事项")}.get(section)


def tab_title(section: str, heading: str) -> str:
    """``三 依申请公开`` for 三、收到和处理政府信息公开申请情况."""
    num = heading.partition("、")[0]
    short = SectionNames().short(section)
    return f"{num} {short}" if short else heading
