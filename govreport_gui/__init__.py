"""年报填报助手 — 政府信息公开工作年度报告的填报、校验、导出与汇总。

The package has a Qt-free core (:mod:`govreport_gui.core`) used by the
command line (:mod:`govreport_gui.cli`) and by the desktop UI
(:mod:`govreport_gui.ui`).
"""

__version__ = "0.1.0"
APP_NAME = "年报填报助手"
