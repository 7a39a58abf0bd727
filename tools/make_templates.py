"""Build the default Word templates, ``templates/<edition>.docx``, from the edition data.

Run after changing an edition file or the print conventions:

    .venv/bin/python tools/make_templates.py

The template itself is made by ``govreport_gui.core.export.template`` (an edition without a
template file is exported with the same template, built in memory).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from govreport_gui.core import edition as editions  # noqa: E402
from govreport_gui.core.export import template  # noqa: E402


def main() -> None:
    for eid in editions.available():
        out = ROOT / "templates" / f"{eid}.docx"
        out.write_bytes(template.build(editions.get(eid)))
        print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
