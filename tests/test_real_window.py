"""The app in a real X window, driven like a clerk's hands: Xvfb, the xcb platform, xdotool.

Each test starts the installed program on a copy of a report in tmp_path, moves the
mouse and presses keys through XTEST (tests/realx.py), then saves with Ctrl+S and
reads the file: what the clerk typed must be where the clerk meant it.

Where things are in the window (1366×768, no window manager, so the main window
sits at 0,0 without a frame; positions are from its top-left corner):

* ``ISSUER_FIELD``: the 发布机关 line edit, the first row of the form on the first
  tab 基本信息: under the menu bar (~24 px) and the tab bar (~30 px), the field
  runs from x≈76 to x≈325, y≈75 to y≈99. A click there puts the keyboard focus in
  it, as it would for a clerk. At start nothing inside the window has focus.
* ``FIRST_TAB``: a point on the first tab (基本信息) of the tab bar. Its left end
  is the window's left edge, whatever the tabs' widths. Turning the wheel over the
  tab bar switches tabs (Qt's QTabBar does that), one tab per notch, so tab N is
  N notches down from the first without knowing where tab N is drawn.

If the layout of the first tab or the tab bar moves, change these two constants;
a screenshot of any failed wait is kept in the test's tmp_path.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from realx import APP_NAME, launch, xserver  # noqa: F401  (pytest fixtures)

from conftest import DEMO
from govreport_gui.cli import main as govreport
from govreport_gui.core import edition


ISSUER_FIELD = (200, 87)
FIRST_TAB = (30, 40)
# milliseconds between keys where a test types many Enters in a row: a clerk's pace. Faster, on a busy
# machine, runs into the type-ahead problem of test_type_ahead_… (Enter commits through a queued call).
TYPING_DELAY = 100
TAB = {"info": 0, "s1": 1, "s2": 2, "s3": 3, "s4": 4, "s5": 5, "s6": 6}


def blank_2025(tmp_path: Path) -> Path:
    """A new, empty 2025 report: ``govreport new --year 2025 --issuer 某某区人民政府 -o …``."""
    out = tmp_path / "blank-2025.govreport"
    assert govreport(["new", "--year", "2025", "--issuer", "某某区人民政府", "-o", str(out)]) == 0
    return out


def demo_copy(tmp_path: Path) -> Path:
    out = tmp_path / "demo.govreport"
    shutil.copyfile(DEMO, out)
    return out


def wheel_to_tab(app, section: str) -> None:
    """From the first tab, the wheel over the tab bar: the tab of ``section``."""
    app.wheel(*FIRST_TAB, TAB[section])


def changes(before: dict, after: dict) -> str:
    """What a save changed, for failure messages: the report's fields and its input values."""
    lines = []
    for k in sorted(set(before) | set(after)):
        if k in ("values", "text"):
            continue
        if before.get(k) != after.get(k):
            lines.append(f"{k}: {before.get(k)!r} → {after.get(k)!r}")
    bt, at = before.get("text", {}), after.get("text", {})
    lines += [f"text.{t}: changed" for t in sorted(set(bt) | set(at)) if bt.get(t) != at.get(t)]
    bv, av = before.get("values", {}), after.get("values", {})
    comp = computed_cells(after)
    for c in sorted(set(bv) | set(av)):
        if bv.get(c) != av.get(c) and c not in comp:
            lines.append(f"{c}: {bv.get(c)!r} → {av.get(c)!r}")
    return "\n    ".join(["what the save changed (computed totals left out):"] + (lines or ["nothing"]))


def computed_cells(report: dict) -> set[str]:
    return set(edition.get(report["edition"]).compiled.computed)


def typed_cells(before: dict, after: dict) -> dict:
    """The input cells (not computed totals) whose value the keys changed."""
    comp = computed_cells(after)
    bv, av = before.get("values", {}), after.get("values", {})
    return {c: av.get(c) for c in set(bv) | set(av) if c not in comp and bv.get(c) != av.get(c)}


# -- a. Ctrl+E from a line edit --------------------------------------------------------------------------

def test_ctrl_e_in_a_line_edit_starts_the_word_export(launch, tmp_path):
    """导出Word is Ctrl+E. On X11, Qt binds Ctrl+E in a QLineEdit to "end of line", and the shortcut
    must still win: with the cursor in 发布机关, Ctrl+E opens the export (its file dialog 导出, or a
    question box first)."""
    path = demo_copy(tmp_path)
    app = launch(path)
    app.click(*ISSUER_FIELD)
    # Ctrl+S right after Ctrl+E tells "Ctrl+E did nothing" (the file is saved) from "Ctrl+E opened a
    # modal dialog" (which takes the keys: nothing is saved) without waiting out a timeout.
    with app.watch_file() as rewritten:
        app.key("ctrl+e", "ctrl+s")
        app.wait_until(lambda: app.dialogs() or rewritten(),
                       what="an export dialog after Ctrl+E (or the save of the Ctrl+S sent after it)")
    dialogs = app.dialogs()
    if not dialogs:
        # where did Ctrl+E go? type into the focused widget and save: the issuer shows it
        app.key("End", "Z", "Return")
        saved = app.save()
        where = ("the keyboard focus was in the 发布机关 line edit (a Z typed next landed there, issuer "
                 f"{saved['issuer']!r}): the line edit took Ctrl+E as end-of-line")
        if not saved["issuer"].endswith("Z"):
            where = f"the keyboard focus was not in the 发布机关 field (issuer {saved['issuer']!r}): check ISSUER_FIELD"
        raise AssertionError(f"Ctrl+E in 发布机关 did not start the Word export; the Ctrl+S after it saved "
                             f"the file instead. {where}{app.describe()}")
    assert any("导出" in name or name.strip() == APP_NAME for _, name in dialogs), dialogs


# -- b. a row with Tab -------------------------------------------------------------------------------------

def test_ctrl_pgdn_to_section_2_and_tab_fills_the_first_two_rows(launch, tmp_path):
    """From 基本信息, Ctrl+PgDn twice is tab 二 with the keyboard in the grid on 规章·本年制发件数;
    Tab after the row's last cell goes on to the next row's first."""
    path = blank_2025(tmp_path)
    app = launch(path)
    before = app.read()
    app.click(*ISSUER_FIELD)
    app.key("ctrl+Next", "ctrl+Next")
    app.key("1", "Tab", "2", "Tab", "3", "Tab", "4", "Tab", "5", "Tab", "6", "Tab")
    saved = app.save()
    got = {c: saved["values"].get(c) for c in ("s2.regulations.issued", "s2.regulations.repealed",
                                               "s2.regulations.in_force", "s2.normative.issued",
                                               "s2.normative.repealed", "s2.normative.in_force")}
    want = dict(zip(got, (1, 2, 3, 4, 5, 6)))
    assert got == want, changes(before, saved)


# -- c. the harness's smoke test: what works in a real window today ---------------------------------------
# Enter commits a cell through a queued call (Qt's item delegate), so keys typed right after it can
# still reach the old editor when the app is busy (test_type_ahead_…). The smoke tests wait after
# each Enter until a save shows the value, so they pass on a loaded machine too.

def test_smoke_wheel_to_section_3_type_enter_tab_save(launch, tmp_path):
    """The demo; click into the first tab, wheel to tab 三 (the keyboard follows into its grid, on
    一、本年新收·自然人), type 400 Enter (moves down) 5 Tab (moves right), Ctrl+S."""
    path = demo_copy(tmp_path)
    app = launch(path)
    before = app.read()
    app.click(*ISSUER_FIELD)
    wheel_to_tab(app, "s3")
    app.key("4", "0", "0", "Return")
    app.save_until(lambda r: r["values"].get("s3.new.natural") == 400, "400 in 一、本年新收·自然人")
    app.key("5", "Tab")
    saved = app.save()
    assert typed_cells(before, saved) == {"s3.new.natural": 400, "s3.carried_in.natural": 5}, changes(before, saved)
    v = saved["values"]
    row = [v[f"s3.new.{c}"] for c in ("natural", "business", "research", "social", "legal", "other")]
    assert v["s3.new.total"] == sum(row), changes(before, saved)            # the total followed


def test_smoke_ctrl_tab_to_section_2_type_enter_tab_save(launch, tmp_path):
    """The demo; click into the first tab, Ctrl+Tab twice (Qt's own tab switching) is tab 二 with the
    keyboard in its grid; 9 Enter 8 Tab; Ctrl+S."""
    path = demo_copy(tmp_path)
    app = launch(path)
    before = app.read()
    app.click(*ISSUER_FIELD)
    app.key("ctrl+Tab", "ctrl+Tab")
    app.key("9", "Return")
    app.save_until(lambda r: r["values"].get("s2.regulations.issued") == 9, "9 in 规章·本年制发件数")
    app.key("8", "Tab")
    saved = app.save()
    assert typed_cells(before, saved) == {"s2.regulations.issued": 9, "s2.normative.issued": 8}, changes(before, saved)


# -- d. Enter down a column ---------------------------------------------------------------------------------

def test_enter_goes_down_the_column_skips_the_total_and_on_to_the_next_column(launch, tmp_path):
    """Tab 三 of a blank report, from 一、本年新收·自然人: ``1 Enter`` once per input row of the 自然人
    column, and once more. Enter skips the computed （七）总计, and below the last row (四、结转下年度)
    goes on to the next column's first input cell: 一、本年新收·商业企业."""
    path = blank_2025(tmp_path)
    ed = edition.for_year(2025)
    comp = set(ed.compiled.computed)
    table = ed.tables["s3"]
    natural = [g.cell for g in sorted(table.grid, key=lambda g: g.row)
               if g.kind == "value" and g.cell.endswith(".natural") and g.cell not in comp]
    assert natural[0] == "s3.new.natural" and natural[-1] == "s3.carried_out.natural" and len(natural) == 24
    app = launch(path)
    before = app.read()
    app.click(*ISSUER_FIELD)
    wheel_to_tab(app, "s3")
    app.key(*["1", "Return"] * (len(natural) + 1), delay=TYPING_DELAY)
    saved = app.save()
    want = {c: 1 for c in natural} | {"s3.new.business": 1}
    got = typed_cells(before, saved)
    hint = ("\n    (11 in a cell: the next 1 reached the editor before Enter's queued commit; see "
            "test_type_ahead_while_the_app_is_busy_lands_cell_by_cell)" if 11 in got.values() else "")
    assert got == want, changes(before, saved) + hint


# -- e. typing ahead while the app is busy ------------------------------------------------------------------

def test_type_ahead_while_the_app_is_busy_lands_cell_by_cell(launch, tmp_path):
    """A clerk types 9 Enter 8 Tab while the PC is busy for a moment (autosave, a virus scan): the
    keys wait in the X server and reach Qt together. 9 must land in 规章·本年制发件数 and 8 one row
    down, as when typed slowly. Qt's item delegate commits on Enter through a queued call, so the 8,
    handled before it, goes into the still-open editor: 98 in one cell."""
    path = demo_copy(tmp_path)
    app = launch(path)
    before = app.read()
    app.click(*ISSUER_FIELD)
    app.key("ctrl+Tab", "ctrl+Tab")                 # tab 二, keyboard in the grid (as in the smoke test)
    app.pause()                                     # busy: SIGSTOP; XTEST keys queue up meanwhile
    try:
        app.key("9", "Return", "8", "Tab")
    finally:
        app.resume()
    saved = app.save()
    assert typed_cells(before, saved) == {"s2.regulations.issued": 9, "s2.normative.issued": 8}, changes(before, saved)
