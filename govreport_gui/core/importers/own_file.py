"""Our own ``.govreport`` file (and the ``.json`` it once was), as an import: read whole by
``core.native``, which counts before it builds."""

from __future__ import annotations

from pathlib import Path

from .limits import refuse_special
from .result import ImportResult


def read(path: Path) -> ImportResult:
    """Our own file as it was saved (the registry's reader for .govreport)."""
    from .. import native

    refuse_special(path)                 # a FIFO would block the opening
    report = native.load(path)
    return ImportResult(report, "govreport", sections=[s.id for s in report.ed.sections])
