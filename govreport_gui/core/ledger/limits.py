"""The error a register raises and the limits of reading one.

A register (台账) is not a report: it has a row per application, tens to tens of thousands of
them, so the report readers' limits (a few thousand rows, 100,000 strings: importers/limits.py,
importers/xlsx.py) do not fit it. Its own limits are here, each named, each read when it is used
(``limits.MAX_REGISTER_ROWS``), so a test or a caller may change one.

Every refusal is a :class:`LedgerError` whose text is a complete Chinese message naming the file
(and the rows, where rows are the reason).
"""

from __future__ import annotations

from ..errors import GovReportError


class LedgerError(GovReportError):
    """A register or a mapping file could not be read; nothing was counted."""


# A register holds one row per application. The busiest offices receive some tens of thousands a
# year; two years in one sheet stay well under this. Counting 100,000 rows takes about a second
# (benchmarks/bench_ledger.py).
MAX_REGISTER_ROWS = 200_000
MAX_REGISTER_COLS = 64              # columns read per row; a register has 6–20
MAX_REGISTER_BYTES = 100 * 1024 * 1024   # the file; 200,000 rows as .xlsx: ~10 MB, as .csv: ~60 MB
# All parts of an .xlsx unpacked. LibreOffice writes 100,000 rows as 115 MB of XML (a font run
# around each mixed Chinese/Latin string); Excel as about 35 MB.
MAX_UNZIPPED_BYTES = 400 * 1024 * 1024
MAX_ZIP_RATIO = 200                 # a zip bomb packs far better than any sheet (XML packs 10–30 times)
MAX_ZIP_ENTRIES = 5000
MAX_SHEETS = 255
MAX_SMALL_PART_BYTES = 16 * 1024 * 1024  # the workbook, its relationships, its styles: kB in practice
MAX_SHARED_STRINGS = 2_000_000      # 200,000 rows of a few distinct texts each
MAX_CELL_FORMATS = 65_000           # Excel's own limit on cell formats
MAX_MERGES = 100_000                # merged ranges of one sheet
MAX_CELL_CHARS = 2000               # text kept of one cell (申请内容 may be long; the rest is cut)

HEADER_SEARCH_ROWS = 8              # the rows (with something in them) where the header is looked for
# The header is one row or two; above it one or two title rows ("某某局政府信息公开申请登记台账").

LISTED_ROWS = 20                    # row numbers named in one note before "等 N 行"


def rows_text(rows, limit: int | None = None) -> str:
    """Row numbers as a clerk reads them: "第 3、5、8 行", the first ``limit`` of them and "等 N 行"."""
    rows = sorted(rows)
    limit = LISTED_ROWS if limit is None else limit
    shown = "、".join(str(r) for r in rows[:limit])
    more = f" 等 {len(rows)} 行" if len(rows) > limit else " 行"
    return f"第 {shown}{more}"
