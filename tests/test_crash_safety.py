"""Crash safety: a killed save, a killed app, a full disk, a read-only folder.

1. SIGKILL at random moments while a large report is being saved: the file is
   always the complete old or the complete new version, and it opens.
2. SIGKILL of the real app while editing: the autosaved state is offered back.
3. A full disk or a folder without write permission: a clear Chinese message,
   the old file untouched, the report still open and unsaved.
4. Autosave failing (recovery folder not writable) neither crashes the app nor
   loses the open report.
"""

from __future__ import annotations

import random
import shutil
import statistics
import time
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

import crash_helpers as H
from govreport_gui.app import build_app
from govreport_gui.core import native
from govreport_gui.ui import recovery
from govreport_gui.ui.main_window import MainWindow

KILLS = 60


def forget_changes(w: MainWindow) -> None:
    """pytest-qt closes windows after each test: no unsaved-changes question then."""
    if w.doc is not None:
        w.doc.set_clean()


def new_window(qtbot) -> MainWindow:
    build_app(["test"])
    w = MainWindow()
    qtbot.addWidget(w, before_close_func=forget_changes)
    return w


@pytest.fixture
def demo_copy(tmp_path) -> Path:
    """The demo report as the user's own file, in a folder of its own."""
    folder = tmp_path / "reports"
    folder.mkdir()
    p = folder / "report.govreport"
    shutil.copyfile(H.DEMO, p)
    return p


@pytest.fixture
def window(qtbot, demo_copy, data_dir) -> MainWindow:
    w = new_window(qtbot)
    w.load_report(native.load(demo_copy), demo_copy)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def warnings_shown(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(str(a[2])))
    return shown


# --------------------------------------------------------------------------
# 1. SIGKILL during a save


def _kill_during_save(source: Path, target: Path, delay: float) -> float | None:
    """Start a child saving ``source``'s report to ``target``; SIGKILL it ``delay`` s after it starts.

    Returns how long the child's save took if it finished before the kill.
    """
    with H.reaped(H.start_child(H.SAVE_CHILD, source, target)) as proc:
        assert H.read_line(proc, 30) == "GO"
        time.sleep(delay)
        H.sigkill(proc)
        out = proc.stdout.read()
    for line in out.splitlines():
        if line.startswith("DONE "):
            return float(line.split()[1])
    return None


def test_sigkill_while_saving_leaves_the_old_or_the_new_file(tmp_path):
    old, new = H.big_report("old"), H.big_report("new")
    old_bytes, new_bytes = native.dumps(old).encode("utf-8"), native.dumps(new).encode("utf-8")
    assert old_bytes != new_bytes and len(new_bytes) > 3_000_000
    work = tmp_path / "work"
    work.mkdir()
    source = tmp_path / "new-source.govreport"           # what the child loads and then saves
    native.save(new, source)
    target = work / "年报.govreport"

    # how long one save takes: here, and in a child that is left to finish
    times = []
    for _ in range(3):
        t = time.perf_counter()
        native.save(new, work / "calibration.govreport")
        times.append(time.perf_counter() - t)
    (work / "calibration.govreport").unlink()
    native.save(old, target)
    child_time = _kill_during_save(source, target, 2.0)
    assert child_time is not None, "a save did not finish within 2 s"
    assert target.read_bytes() == new_bytes
    save_time = max(statistics.median(times), child_time)

    # kills spread evenly from 0 to 1.6 saves after the save starts, in random order, with jitter
    span = 1.6 * save_time
    rng = random.Random(20250120)
    delays = [span * (i + rng.random()) / KILLS for i in range(KILLS)]
    rng.shuffle(delays)
    seen = {"old": 0, "new": 0}
    stale_after_kill = 0
    phases = {"before the temp file": 0, "while writing it": 0, "after the rename": 0, "after the save": 0}
    started = time.monotonic()
    for delay in delays:
        native.save(old, target)                          # every run starts from the old version
        before = set(H.temp_leftovers(target))
        done = _kill_during_save(source, target, delay)
        assert target.exists(), f"killed {delay * 1000:.1f} ms into the save: the file is gone"
        data = target.read_bytes()
        loaded = native.load(target)                      # it opens, whatever moment the kill came
        if data == old_bytes:
            assert H.same_report(loaded, old)
            seen["old"] += 1
        elif data == new_bytes:
            assert H.same_report(loaded, new)
            seen["new"] += 1
        else:
            pytest.fail(f"killed {delay * 1000:.1f} ms into the save: the file is neither version "
                        f"({len(data)} bytes; old {len(old_bytes)}, new {len(new_bytes)})")
        left = len(set(H.temp_leftovers(target)) - before)
        stale_after_kill += left
        if data == old_bytes:
            phases["while writing it" if left else "before the temp file"] += 1
        else:
            phases["after the save" if done is not None else "after the rename"] += 1
    elapsed = time.monotonic() - started

    stale = H.temp_leftovers(target)
    print(f"\n[crash-safety] {KILLS} SIGKILLs over 0–{span * 1000:.0f} ms (one save ≈ {save_time * 1000:.0f} ms, "
          f"{len(new_bytes) / 1e6:.1f} MB) in {elapsed:.1f} s: old {seen['old']}, new {seen['new']}, "
          f"stale temp files left: {stale_after_kill} "
          f"({sum(p.stat().st_size for p in stale) / 1e6:.1f} MB); killed " + ", ".join(f"{k}: {v}" for k, v in phases.items()))
    assert seen["old"] > 0 and seen["new"] > 0, seen
    assert len(stale) == stale_after_kill

    # stale temp files break nothing: the folder holds one report, saving and opening go on working
    assert sorted(work.glob("*.govreport")) == [target]
    from govreport_gui.core.importers import KINDS
    assert all(p.suffix.lower() not in KINDS for p in stale)   # a folder scan (汇总) skips them
    native.save(new, target)
    assert target.read_bytes() == new_bytes and H.same_report(native.load(target), new)
    assert set(H.temp_leftovers(target)) == set(stale)


# --------------------------------------------------------------------------
# 2. SIGKILL of the app while editing


def _crash_the_app(tmp_path: Path, data_dir: Path, report: Path) -> Path:
    """Run the real app offscreen, edit (autosaved, then once more unsaved), SIGKILL it.

    Returns its recovery file.
    """
    env = H.child_env(QT_QPA_PLATFORM="offscreen", GOVREPORT_DATA_DIR=str(data_dir),
                      XDG_CONFIG_HOME=str(tmp_path / "child-config"), XDG_DATA_HOME=str(tmp_path / "child-data"))
    with H.reaped(H.start_child(H.GUI_DRIVER, report, env=env)) as proc:
        line = H.read_line(proc, 60)
        assert line.startswith("READY "), line
        H.sigkill(proc)
    rec = Path(line.split(" ", 1)[1])
    assert rec.parent == data_dir / "recovery"
    assert rec.exists(), "the killed app left no recovery file"
    assert Path(str(rec) + ".lock").exists()              # its lock stays behind, held by a dead process
    return rec


def test_app_killed_while_editing_offers_the_autosaved_report(qtbot, tmp_path, data_dir, demo_copy, monkeypatch):
    original = demo_copy.read_bytes()
    demo = native.load(demo_copy)
    rec = _crash_the_app(tmp_path, data_dir, demo_copy)

    w = new_window(qtbot)
    asked = []

    def answer_yes(box):
        asked.append(box.objectName())
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", answer_yes)
    assert w.offer_recovery()
    assert asked == ["recoveryBox"]
    doc = w.doc
    assert doc.value("s3.new.natural") == 313                                     # autosaved
    assert doc.value("s4.review.upheld") == demo.values["s4.review.upheld"] != 77  # after the autosave: lost
    assert doc.report.text == demo.text and doc.report.issuer == demo.issuer
    others = {c: v for c, v in doc.report.values.items() if c != "s3.new.natural" and not doc.is_computed(c)}
    assert others == {c: v for c, v in demo.values.items() if c in others}
    assert doc.path == demo_copy
    assert w.isWindowModified() and doc.modified                                  # restored = not yet saved
    assert demo_copy.read_bytes() == original                                     # the user's file untouched
    assert not rec.exists() and not Path(str(rec) + ".lock").exists()
    left = [p for p in (data_dir / "recovery").iterdir() if not str(p).startswith(str(w.autosaver.path))]
    assert left == []
    assert recovery.orphans(exclude=w.autosaver.path) == []


def test_app_killed_while_editing_answer_no_discards_the_recovery_file(qtbot, tmp_path, data_dir, demo_copy,
                                                                       monkeypatch):
    original = demo_copy.read_bytes()
    rec = _crash_the_app(tmp_path, data_dir, demo_copy)

    w = new_window(qtbot)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.No)
    assert not w.offer_recovery()
    assert w.doc is None                                   # nothing loaded
    assert not rec.exists()
    assert not [p for p in (data_dir / "recovery").glob("*.govreport") if p != w.autosaver.path]
    assert demo_copy.read_bytes() == original
    # and it is not offered again
    w2 = new_window(qtbot)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail("asked again about a discarded file"))
    assert not w2.offer_recovery()


# --------------------------------------------------------------------------
# 3. full disk, read-only folder


@pytest.mark.parametrize("kind, words", [
    ("write-enospc", "磁盘空间不足"),
    ("fsync-enospc", "磁盘空间不足"),
    ("mkstemp-eacces", "没有写入权限"),
    ("mkstemp-erofs", "没有写入权限"),
])
def test_save_on_a_full_disk_or_read_only_folder_keeps_everything(qtbot, window, demo_copy, warnings_shown,
                                                                  monkeypatch, kind, words):
    original = demo_copy.read_bytes()
    doc = window.doc
    assert doc.set_cells({"s3.new.natural": 4321, "s2.fees.amount": Decimal("12.5")}, "x")
    doc.set_text("s1", doc.report.text["s1"] + "新增一段说明。")
    assert window.isWindowModified()

    with monkeypatch.context() as m:
        H.disk_failure(m, kind)
        assert window.save() is False
    assert len(warnings_shown) == 1
    msg = warnings_shown[0]
    assert words in msg and "原文件未改动" in msg and "report.govreport" in msg, msg
    assert demo_copy.read_bytes() == original                                   # byte-identical
    assert sorted(p.name for p in demo_copy.parent.iterdir()) == ["report.govreport"]   # no temp file
    assert H.temp_leftovers(demo_copy) == []
    assert window.doc is doc and doc.path == demo_copy                          # still open
    assert window.isWindowModified() and doc.modified                           # and unsaved
    assert doc.value("s3.new.natural") == 4321 and doc.report.text["s1"].endswith("新增一段说明。")

    # once there is room again, the same report saves
    assert window.save()
    assert not window.isWindowModified() and not doc.modified
    saved = native.load(demo_copy)
    assert saved.values["s3.new.natural"] == 4321 and saved.values["s2.fees.amount"] == Decimal("12.5")
    assert H.temp_leftovers(demo_copy) == []


def test_full_disk_in_the_middle_of_a_large_save_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "big.govreport"
    old = H.big_report("old")
    native.save(old, target)
    original = target.read_bytes()
    with monkeypatch.context() as m:
        H.disk_failure(m, "write-enospc", room=1_000_000)  # 1 MB fits, then the disk is full
        with pytest.raises(native.ReportFileError, match="磁盘空间不足"):
            native.save(H.big_report("new"), target)
    assert target.read_bytes() == original
    assert H.temp_leftovers(target) == []


# --------------------------------------------------------------------------
# 4. autosave failing


def _all_autosave_paths(qtbot, w: MainWindow) -> None:
    """The timer, the application losing focus, the window losing focus: none may raise."""
    assert w.autosaver.autosave() is False
    w.autosaver.timer.timeout.emit()
    w._app_state(Qt.ApplicationState.ApplicationInactive)
    qtbot.wait(20)


def test_autosave_into_a_read_only_recovery_folder_fails_quietly(qtbot, window, demo_copy, data_dir,
                                                                  warnings_shown, monkeypatch):
    rec_dir = data_dir / "recovery"
    doc = window.doc
    with monkeypatch.context() as m:
        H.read_only_folder(m, rec_dir)
        assert doc.set_cells({"s3.new.natural": 4321}, "x")
        _all_autosave_paths(qtbot, window)
        assert list(rec_dir.iterdir()) == [Path(str(window.autosaver.path) + ".lock")]
        assert window.doc is doc and doc.value("s3.new.natural") == 4321
        assert window.isWindowModified() and doc.modified
        assert warnings_shown == []
        # the user's own save is unaffected
        assert window.save()
        assert native.load(demo_copy).values["s3.new.natural"] == 4321
        assert not window.isWindowModified()
        assert window.close()


def test_recovery_folder_turning_read_only_after_an_autosave(qtbot, window, demo_copy, data_dir, monkeypatch):
    """A recovery file exists, then the folder stops being writable: saving and closing still work."""
    doc = window.doc
    assert doc.set_cells({"s3.new.natural": 4321}, "x")
    assert window.autosaver.autosave()
    assert window.autosaver.path.exists()
    with monkeypatch.context() as m:
        H.read_only_folder(m, data_dir / "recovery")
        assert doc.set_cells({"s4.review.upheld": 8}, "x")
        _all_autosave_paths(qtbot, window)
        assert window.doc is doc and doc.modified

        assert window.save() is True                      # the report is saved, no exception on the way
        saved = native.load(demo_copy)
        assert saved.values["s3.new.natural"] == 4321 and saved.values["s4.review.upheld"] == 8
        assert not window.isWindowModified()
        doc.undo_stack.undo()
        doc.undo_stack.redo()                             # clean again: autosave removes (tries to) its file
        window.autosaver.autosave()
        assert window.close()


def test_app_starts_and_works_when_the_recovery_folder_cannot_be_created(qtbot, demo_copy, data_dir, monkeypatch):
    data_dir.mkdir(parents=True)
    with monkeypatch.context() as m:
        H.read_only_folder(m, data_dir)                   # GOVREPORT_DATA_DIR exists but is read-only
        w = new_window(qtbot)                             # must not raise
        assert w.offer_recovery() is False
        w.load_report(native.load(demo_copy), demo_copy)
        w.show()
        assert w.doc.set_cells({"s3.new.natural": 4321}, "x")
        _all_autosave_paths(qtbot, w)
        assert w.doc.value("s3.new.natural") == 4321 and w.isWindowModified()
        assert w.save()
        assert native.load(demo_copy).values["s3.new.natural"] == 4321
        assert w.close()


# --------------------------------------------------------------------------
# what the app writes, it must be able to read back


def test_a_very_long_narrative_survives_save_and_recovery(qtbot, window, demo_copy, data_dir, warnings_shown,
                                                          monkeypatch):
    """A pasted narrative of a few MB (nothing in the text tab limits it).

    Either the app refuses to save it, saying why, or the file it wrote opens
    again; the same for the recovery file (offer_recovery deletes one it cannot read).
    """
    text = H.long_text("【很长的总体情况】", 1_000_000)        # ~3 MB of UTF-8
    window.doc.set_text("s1", text)
    problems = []

    before = demo_copy.read_bytes()
    if window.save():
        try:
            again = native.load(demo_copy)
            if again.text["s1"] != text:
                problems.append("saved file: s1 changed")
        except native.ReportFileError as e:
            problems.append(f"the app saved a file it cannot open: {e}")
    else:
        assert warnings_shown and demo_copy.read_bytes() == before

    window.doc.set_text("s1", text + "又改了一处。")
    if window.autosaver.autosave():
        rec = window.autosaver.path
        try:
            restored, _, _ = recovery.read(rec)
            if restored.text["s1"] != text + "又改了一处。":
                problems.append("recovery file: s1 changed")
        except native.ReportFileError as e:
            problems.append(f"the recovery file cannot be read back, offer_recovery would delete it unasked: {e}")
    assert problems == []
