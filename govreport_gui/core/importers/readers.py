"""The readers' old home, kept for the tests and tools that still import it: every name that
was here is found in the module it now lives in (limits, xmlcount, docx, xlsx, xlsx_formulas,
pdf, text), and setting one here sets it there — ``monkeypatch.setattr(readers, "PDF_SECONDS",
…)`` changes the limit the PDF reader uses, and undoing it restores it. New code imports those
modules themselves.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

from . import docx, limits, pdf, text, xlsx, xlsx_formulas, xmlcount

_HOMES = (limits, xmlcount, docx, xlsx, xlsx_formulas, pdf, text)


def check_zip(path: Path, kind: str) -> None:
    """The old ``check_zip(path, kind)``: with the parts checked as the reader of ``kind`` checks them."""
    parts = {"docx": docx.check_parts, "xlsx": xlsx.check_parts}.get(kind)
    limits.check_zip(path, kind, parts)


def _homes_of(name: str) -> list[types.ModuleType]:
    """The modules that hold ``name``: where it is defined, and those that imported it by name."""
    return [m for m in _HOMES if name in vars(m)]


# every name of the homes that means one thing in all of them (not their own ``read``), also here:
# monkeypatch reads the module's own __dict__ for what to restore
_MOVED = {n for m in _HOMES for n, v in vars(m).items()
          if not n.startswith("__") and not isinstance(v, types.ModuleType)
          and len({id(vars(h)[n]) for h in _homes_of(n)}) == 1} - set(globals())
globals().update({n: getattr(_homes_of(n)[0], n) for n in _MOVED})


class _Moved(types.ModuleType):
    """This module: a moved name is read from where it lives now, and set (or deleted) there and
    in every module that imported it by name, as well as here."""

    def __getattribute__(self, name: str):
        if name in _MOVED:
            homes = _homes_of(name)
            if homes:
                return getattr(homes[0], name)
        return super().__getattribute__(name)

    def __setattr__(self, name: str, value) -> None:
        if name in _MOVED:
            for m in _homes_of(name):
                setattr(m, name, value)
        super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        if name in _MOVED:
            for m in _homes_of(name):
                delattr(m, name)
        super().__delattr__(name)


sys.modules[__name__].__class__ = _Moved
