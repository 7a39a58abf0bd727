"""编辑 → 地方审核规则…: which local rule packs the checks apply (issue 17, item 2).

The packs are the shipped ones (``resources/rulepacks``) and the office's own, in the app's data
folder (``rulepacks/``: 打开规则文件夹 opens it, made if missing). Each is listed with its notice
and its number of rules, ticked when it applies; a pack that cannot be read is listed in red with
why (its file and line), and the app works on without it. The choice is remembered
(``QSettings: rulePacks``) and applies to every report opened after; a pack meant for another
edition is listed but adds nothing to a report of this one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from ..core import rulepacks as RP

SETTING = "rulePacks"


def user_dir() -> Path:
    """The office's own packs: ``rulepacks`` in the app's data folder."""
    from .recovery import data_dir

    return data_dir() / "rulepacks"


def chosen_ids() -> list[str]:
    value = QSettings().value(SETTING, [])
    if isinstance(value, str):                 # one id is read back as a string from an INI file
        value = [value] if value else []
    return [str(v) for v in (value or [])]


def chosen_packs() -> tuple[list[RP.RulePack], list[str]]:
    """The packs chosen (that load), and the problems of those that do not."""
    packs, problems = RP.discover(user_dir())
    ids = chosen_ids()
    return [p for p in packs if p.id in ids], problems


class RulePacksDialog(QDialog):
    def __init__(self, parent: QWidget | None, edition_id: str = ""):
        super().__init__(parent)
        self.setObjectName("rulePacksDialog")
        self.setWindowTitle(self.tr("地方审核规则"))
        self.edition_id = edition_id
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("省、市对年度报告另有要求的（篇幅、必须写明的内容、数据间的关系），可以写成规则包，"
                               "与官方格式的校验一同检查。勾选要使用的规则包："), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.list = QListWidget(self)
        self.list.setObjectName("rulePackList")
        self.list.setWordWrap(True)
        lay.addWidget(self.list, 1)
        self.packs, problems = RP.discover(user_dir())
        ids = set(chosen_ids())
        for pack in self.packs:
            notice = pack.notice.get("title", "")
            number = pack.notice.get("number", "")
            where = self.tr("随程序提供") if pack.path.parent.name == "rulepacks" and \
                pack.path.parent.parent.name == "resources" else str(pack.path)
            lines = [self.tr("{name}（{n} 条规则）").format(name=pack.name, n=len(pack.rules))]
            if notice:
                lines.append(self.tr("依据：《{title}》{number}").format(title=notice, number=number))
            if edition_id and not pack.applies_to(edition_id):
                lines.append(self.tr("只适用于 {eds} 年版格式，对当前报告不起作用").format(eds="、".join(pack.editions)))
            lines.append(where)
            item = QListWidgetItem("\n".join(lines))
            item.setData(Qt.ItemDataRole.UserRole, pack.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if pack.id in ids else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        for problem in problems:
            item = QListWidgetItem(self.tr("无法使用：") + problem)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setForeground(QColor("#8b1414"))
            self.list.addItem(item)
        folder = QPushButton(self.tr("打开规则文件夹"), self)
        folder.setObjectName("openRulePackFolder")
        folder.setAutoDefault(False)
        folder.clicked.connect(lambda _checked=False: self.open_folder())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.addButton(folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(720, 420)

    def open_folder(self) -> None:
        d = user_dir()
        try:
            d.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(d)))

    def selected(self) -> list[RP.RulePack]:
        ids = {self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
               if self.list.item(i).checkState() == Qt.CheckState.Checked}
        return [p for p in self.packs if p.id in ids]

    def accept(self) -> None:
        QSettings().setValue(SETTING, [p.id for p in self.selected()])
        super().accept()
