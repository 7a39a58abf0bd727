"""A job in a child process: its answer, its errors in Chinese, stopped at its time limit, at its
memory limit and by 取消 — and the child really gone each time."""

import ctypes
import json
import os
import subprocess
import sys
import threading
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import DEMO
from govreport_gui.core import native, worker
from govreport_gui.core.errors import GovReportError
from govreport_gui.core.importers import SourceError, read_path
from govreport_gui.core.report import Previous

ROOT = Path(__file__).resolve().parents[1]
POSIX = os.name != "nt"


def _under_wine() -> bool:
    if POSIX:
        return False
    try:
        return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")
    except OSError:
        return False


@pytest.fixture
def test_jobs(monkeypatch):
    """The child registers its test-only jobs (sleep, allocate…) only when told so."""
    monkeypatch.setenv(worker.TEST_JOBS_ENV, "1")


def gone(pid: int) -> bool:
    """No such process (a zombie left to a reaper that never comes counts as gone)."""
    if not POSIX:                   # os.kill(pid, 0) would terminate it on Windows
        k = ctypes.WinDLL("kernel32", use_last_error=True)
        k.OpenProcess.restype, k.OpenProcess.argtypes = ctypes.c_void_p, [ctypes.c_uint32, ctypes.c_int, ctypes.c_uint32]
        k.GetExitCodeProcess.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint32)]
        k.CloseHandle.argtypes = [ctypes.c_void_p]
        h = k.OpenProcess(0x1000, 0, pid)          # PROCESS_QUERY_LIMITED_INFORMATION
        if not h:
            return True
        code = ctypes.c_uint32()
        try:
            return bool(k.GetExitCodeProcess(h, ctypes.byref(code))) and code.value != 259   # STILL_ACTIVE
        finally:
            k.CloseHandle(h)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    try:                            # (a zombie: /proc/PID/stat says Z)
        with open(os.path.join("/proc", str(pid), "stat"), encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except (FileNotFoundError, ProcessLookupError):
        return True


def wait_gone(pid: int, seconds: float = 5) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if gone(pid):
            return True
        time.sleep(0.02)
    return gone(pid)


def run(job, args=None, **kw):
    kw.setdefault("seconds", 30)
    kw.setdefault("memory_bytes", worker.MEMORY_BYTES)
    return worker.run(job, args or {}, **kw)


# -- answers and errors --------------------------------------------------------------------------


def test_a_job_answers_with_json(test_jobs):
    args = {"text": "政府信息公开\u2028", "n": 12345678901234567890, "amount": "96171.60", "list": [1, None, True]}
    got = run("test.echo", args)
    assert got["args"] == args
    assert got["pid"] != os.getpid()


def test_a_refusal_in_the_child_is_raised_here_as_the_same_class_and_chinese_message(test_jobs):
    message = "报告.docx 有 99999 段文字，不像是一份年度报告，未读取"
    with pytest.raises(SourceError) as e:
        run("test.raise", {"class": "SourceError", "message": message})
    assert str(e.value) == message
    with pytest.raises(GovReportError) as e:
        run("test.raise", {"message": "某某错误"})
    assert str(e.value) == "某某错误" and type(e.value) is GovReportError


def test_a_bug_in_the_child_is_an_internal_error_in_chinese_with_the_traceback_logged(test_jobs, caplog):
    with pytest.raises(worker.WorkerError) as e:
        run("test.bug", label="读取 报告.docx")
    assert str(e.value) == "读取 报告.docx 时发生内部错误（ValueError），已停止；详情已记入日志"
    assert "Traceback" in caplog.text and "a bug in a job" in caplog.text


def test_what_a_library_prints_does_not_spoil_the_answer(test_jobs):
    assert run("test.print") == {"quiet": True}


def test_the_shipped_program_has_no_test_jobs(monkeypatch):
    monkeypatch.delenv(worker.TEST_JOBS_ENV, raising=False)
    assert not [j for j in worker.jobs() if j.startswith("test.")]
    with pytest.raises(worker.WorkerError, match="内部错误（LookupError）"):
        run("test.echo")
    assert {"read", "pdf", "export"} <= set(worker.jobs())


def test_no_child_is_started_from_a_child(monkeypatch):
    monkeypatch.setattr(worker, "_in_child", True)
    with pytest.raises(worker.WorkerError):
        run("read", {"path": str(DEMO)})


# -- stopped: time, 取消, memory ------------------------------------------------------------------


def test_a_job_past_its_time_is_stopped_and_the_child_is_gone(test_jobs):
    pids = []
    t = time.monotonic()
    with pytest.raises(worker.TimedOut) as e:
        run("test.sleep", {"seconds": 3600}, seconds=1.5, label="读取 慢.docx", on_start=pids.append)
    elapsed = time.monotonic() - t
    assert str(e.value) == "读取 慢.docx 超过 1.5 秒仍未完成（文件结构异常），已停止"
    assert 1.5 <= elapsed < 1.5 + 5
    assert len(pids) == 1 and wait_gone(pids[0])


def test_cancel_from_another_thread_kills_the_child_promptly(test_jobs):
    cancel = threading.Event()
    pids: list[int] = []
    started = threading.Event()

    def press_cancel() -> None:
        started.wait(30)
        time.sleep(0.5)                  # the job is running (it never ends by itself)
        cancel.set()

    threading.Thread(target=press_cancel, daemon=True).start()
    with pytest.raises(worker.Cancelled) as e:
        run("test.sleep", {"seconds": 3600}, seconds=60, cancel=cancel,
            on_start=lambda pid: (pids.append(pid), started.set()))
    assert isinstance(e.value, GovReportError) and str(e.value) == "已取消"
    assert wait_gone(pids[0])


def test_cancel_already_set_starts_nothing(test_jobs):
    cancel = threading.Event()
    cancel.set()
    pids: list[int] = []
    with pytest.raises(worker.Cancelled):
        run("test.sleep", {"seconds": 3600}, cancel=cancel, on_start=pids.append)
    assert pids == []


@pytest.mark.skipif(not POSIX, reason="process groups: POSIX (Windows: the Job Object's KILL_ON_JOB_CLOSE)")
def test_what_the_child_started_is_killed_with_it(test_jobs, tmp_path):
    pidfile = tmp_path / "grandchild.pid"
    cancel = threading.Event()

    def when_started() -> None:
        end = time.monotonic() + 30
        while not pidfile.exists() and time.monotonic() < end:
            time.sleep(0.02)
        cancel.set()

    threading.Thread(target=when_started, daemon=True).start()
    with pytest.raises(worker.Cancelled):
        run("test.spawn", {"pidfile": str(pidfile)}, seconds=60, cancel=cancel)
    assert wait_gone(int(pidfile.read_text()))


MEMORY_PROBE = """
import json, resource, sys
from govreport_gui.core import worker
try:
    worker.run("test.allocate", {"bytes": 2 << 30}, seconds=60, memory_bytes=512 << 20, label="读取 大.xlsx")
    message = None
except worker.OutOfMemory as e:
    message = str(e)
def own_peak_kb():
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over fork and exec, so a fresh python started
    # by a big pytest would report pytest's own peak
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"message": message,
                  "children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "self_kb": own_peak_kb()}))
"""


@pytest.mark.skipif(not POSIX, reason="ru_maxrss of children is POSIX; Windows runs the next test")
def test_a_job_over_its_memory_limit_is_stopped_and_nothing_else_grows(test_jobs):
    """Measured from a fresh parent, so RUSAGE_CHILDREN holds only this child."""
    done = subprocess.run([sys.executable, "-c", MEMORY_PROBE], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, env={**os.environ, worker.TEST_JOBS_ENV: "1"})
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["message"] == "读取 大.xlsx 所需内存超过 512 MB（文件结构异常），已停止"
    assert got["children_kb"] * 1024 < (512 + 64) << 20, got     # the child: at most the limit
    assert got["self_kb"] * 1024 < 200 << 20, got                 # the parent: untouched


@pytest.mark.skipif(_under_wine(), reason="Wine does not enforce a Job Object's memory limit")
def test_a_job_over_its_memory_limit_says_so_in_chinese(test_jobs):
    before = _own_peak()
    with pytest.raises(worker.OutOfMemory) as e:
        run("test.allocate", {"bytes": 2 << 30}, memory_bytes=400 << 20, label="导出 报告.docx", cause="报告内容或模板异常")
    assert str(e.value) == "导出 报告.docx 所需内存超过 400 MB（报告内容或模板异常），已停止"
    if before is not None:
        assert _own_peak() - before < 50 << 20


@pytest.mark.skipif(_under_wine(), reason="Wine does not enforce a Job Object's memory limit")
def test_a_failed_allocation_a_library_words_as_its_own_error_is_still_the_memory_limit(test_jobs):
    """docx.render turns MemoryError into “模板…中的表达式出错：MemoryError”, lxml into an XML error."""
    with pytest.raises(worker.OutOfMemory, match="所需内存超过 300 MB"):
        run("test.wrapped", {"bytes": 2 << 30}, memory_bytes=300 << 20)


def _own_peak() -> int | None:
    """This process's peak resident size (POSIX; None on Windows, where the test still runs)."""
    try:
        import resource as posix_resource
    except ImportError:
        return None
    return posix_resource.getrusage(posix_resource.RUSAGE_SELF).ru_maxrss * 1024


def test_a_child_that_dies_is_reported_in_chinese(test_jobs, caplog):
    with pytest.raises(worker.WorkerError) as e:
        run("test.abort", label="读取 坏.pdf", cause="PDF 结构异常")
    text = str(e.value)
    assert text.startswith("读取 坏.pdf 的后台进程异常退出（") and f"可能是所需内存超过 {worker.MEMORY_BYTES >> 20} MB，PDF 结构异常" in text
    if POSIX:
        assert "SIGABRT" in text


# -- the real jobs: read and export equal the in-process ones --------------------------------------


def _same_result(a, b) -> None:
    assert b.report == a.report                  # values (Decimal amounts too), text, meta, notes, previous, extra
    assert (b.kind, b.sources, b.problems, b.notes, b.sections) == (a.kind, a.sources, a.problems, a.notes, a.sections)


@pytest.fixture(scope="module")
def demo_docx(tmp_path_factory) -> Path:
    from govreport_gui.core.export import docx

    out = tmp_path_factory.mktemp("worker") / "云泽市2024年报告.docx"
    docx.export(native.load(DEMO), out)
    return out


def test_reading_a_docx_in_the_child_equals_reading_it_here(demo_docx, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)                  # the child finds the package wherever it is started
    here = read_path(demo_docx)
    there = worker.read_isolated(demo_docx)
    _same_result(here, there)
    amounts = [v for v in there.report.values.values() if isinstance(v, Decimal)]
    assert amounts and amounts == [v for v in here.report.values.values() if isinstance(v, Decimal)]
    assert there.sources and len(there.report.values) == len(here.report.values) > 100


def test_reading_our_xlsx_and_a_native_file_with_everything_in_it(tmp_path):
    from govreport_gui.core.export import xlsx

    r = native.load(DEMO)
    r.notes = {"s3.new.natural": "说明：含合并办理"}
    r.previous = Previous(year=2023, edition=r.edition, issuer="云泽市人民政府", values={"s2.fees.amount": Decimal("0.00005")},
                          text={"s1": "上年正文"}, extra={"kept": [1, 2.5]})
    r.extra = {"future_key": {"a": [1, 2.25, "三"]}}
    r.meta["custom"] = 7
    path = tmp_path / "全部.govreport"
    native.save(r, path)
    _same_result(read_path(path), worker.read_isolated(path))
    book = tmp_path / "报告.xlsx"
    xlsx.export(r, book)
    _same_result(read_path(book), worker.read_isolated(book))


def test_a_refused_source_says_the_same_through_the_child(tmp_path):
    missing = tmp_path / "没有.docx"
    broken = tmp_path / "坏的.docx"
    broken.write_bytes(b"not a zip at all")
    odd = tmp_path / "x.abc"
    odd.write_text("x")
    for p in (missing, broken, odd):
        with pytest.raises(SourceError) as here:
            read_path(p)
        with pytest.raises(SourceError) as there:
            worker.read_isolated(p)
        assert str(there.value) == str(here.value)


def test_a_pdf_is_read_with_its_own_time_limit(monkeypatch, tmp_path):
    from govreport_gui.core.importers import readers

    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    seen = {}

    def fake_run(job, args, **kw):
        seen.update(kw, job=job)
        raise worker.TimedOut("stop")

    monkeypatch.setattr(worker, "run", fake_run)
    monkeypatch.setattr(readers, "PDF_SECONDS", 3)
    with pytest.raises(worker.TimedOut):
        worker.read_isolated(pdf)
    assert seen["seconds"] == 3 and seen["job"] == "read" and seen["cause"] == "PDF 结构异常"
    with pytest.raises(worker.TimedOut):
        worker.read_isolated(tmp_path / "b.docx")
    assert seen["seconds"] == worker.READ_SECONDS


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    if "docProps/core.xml" in parts:             # openpyxl stamps the time of writing
        import re
        parts["docProps/core.xml"] = re.sub(rb"<dcterms:(created|modified)[^<]*</dcterms:\1>", b"",
                                            parts["docProps/core.xml"])
    return parts


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_exporting_in_the_child_writes_what_exporting_here_writes(fmt, tmp_path):
    from govreport_gui.core.export import docx, xlsx

    r = native.load(DEMO)
    here, there = tmp_path / f"here.{fmt}", tmp_path / f"导出 报告.{fmt}"
    (docx if fmt == "docx" else xlsx).export(r, here, blank="zero")
    got = worker.export_isolated(r, there, fmt, blank="zero")
    assert got["path"] == str(there)
    assert _parts(there) == _parts(here)


def test_a_custom_template_is_used_in_the_child(tmp_path):
    from govreport_gui.core.export import docx

    template = ROOT / "templates" / "2021.docx"
    if not template.exists():
        template = next((ROOT / "templates").glob("*.docx"))
    r = native.load(DEMO)
    here, there = tmp_path / "here.docx", tmp_path / "there.docx"
    docx.export(r, here, template=template)
    worker.export_isolated(r, there, "docx", template=template)
    assert _parts(there) == _parts(here)


def test_an_export_refused_for_errors_is_the_same_refusal(tmp_path):
    from govreport_gui.core.export import ExportRefused, xlsx

    r = native.load(DEMO)
    r.values["s3.carried_out.total"] = r.values.get("s3.carried_out.total", 0) + 7
    with pytest.raises(ExportRefused) as here:
        xlsx.export(r, tmp_path / "a.xlsx")
    with pytest.raises(ExportRefused) as there:
        worker.export_isolated(r, tmp_path / "b.xlsx", "xlsx")
    assert str(there.value) == str(here.value)
    assert [(f.rule, f.key, f.cells, f.expected, f.actual) for f in there.value.errors] == \
           [(f.rule, f.key, f.cells, f.expected, f.actual) for f in here.value.errors]
    assert not (tmp_path / "b.xlsx").exists()
    worker.export_isolated(r, tmp_path / "b.xlsx", "xlsx", force=True)
    assert (tmp_path / "b.xlsx").exists()


def test_a_stopped_export_leaves_nothing_behind(tmp_path):
    r = native.load(DEMO)
    out = tmp_path / "报告.docx"
    with pytest.raises(worker.TimedOut) as e:
        worker.export_isolated(r, out, "docx", seconds=0.05)
    assert "导出 报告.docx 超过 0.05 秒仍未完成（报告内容或模板异常），已停止" == str(e.value)
    assert list(tmp_path.iterdir()) == []


# -- the report travels as its native JSON -------------------------------------------------------


def test_a_report_survives_the_trip_as_native_json():
    r = native.load(DEMO)
    r.notes = {"s3.new.natural": "说明"}
    r.previous = Previous(year=2023, edition=r.edition, issuer="某", values={"s2.fees.amount": Decimal("12345678901.123456")},
                          text={"s1": "上年"}, extra={"x": 1})
    r.extra = {"units": [{"source": "a.govreport", "values": ["1.5", 3, None]}], "ratio": 0.25}
    back = worker.report_from_text(worker._loads(worker._dumps(worker.report_to_text(r))))
    assert back == r


def test_a_previous_without_year_or_edition_does_not_survive_the_trip():
    """Found while building the worker: native.to_json writes such a previous, from_json refuses it
    (nothing in the program makes one today: carry and the window always set both)."""
    r = native.load(DEMO)
    r.previous = Previous(values={"s2.fees.amount": Decimal("1")})
    with pytest.raises(GovReportError, match="缺少上年报告的年份或格式版本"):
        worker.report_from_text(worker._loads(worker._dumps(worker.report_to_text(r))))


# -- how the child is started, and its Windows limits ------------------------------------------


def test_the_built_program_starts_itself_with_the_worker_flag(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert worker.command(1 << 30, 10) == [sys.executable, "--worker", str(1 << 30), "10"]
    assert "PYTHONPATH" not in worker.child_env() or worker.child_env()["PYTHONPATH"] == os.environ.get("PYTHONPATH")
    monkeypatch.setattr(sys, "frozen", False)
    assert worker.command(1 << 30, 2.5)[1:] == ["-m", "govreport_gui.core.worker", str(1 << 30), "2.5"]
    assert worker.child_env()["PYTHONPATH"].split(os.pathsep)[0] == str(ROOT)


@pytest.mark.skipif(ctypes.sizeof(ctypes.c_void_p) != 8, reason="the x64 layout")
def test_the_job_object_structure_has_the_windows_x64_layout():
    io, basic, extended = worker._job_structures()
    assert (ctypes.sizeof(io), ctypes.sizeof(basic), ctypes.sizeof(extended)) == (48, 64, 144)
    assert basic.LimitFlags.offset == 16 and basic.Affinity.offset == 48 and basic.SchedulingClass.offset == 60
    assert extended.IoInfo.offset == 64 and extended.ProcessMemoryLimit.offset == 112
    assert extended.PeakJobMemoryUsed.offset == 136
    info = worker.job_limit_information(1 << 30, 15)
    assert info.ProcessMemoryLimit == 1 << 30
    assert info.BasicLimitInformation.PerProcessUserTimeLimit == 15 * 10_000_000
    flags = info.BasicLimitInformation.LimitFlags
    assert flags == 0x100 | 0x2 | 0x2000 | 0x400


def test_the_child_puts_itself_into_a_limited_job_object():
    """The calls limit_windows makes, through ctypes prototypes of the real signatures (so the
    argument conversions are those Windows will see), answered by stand-ins."""
    calls = []
    _, _, extended = worker._job_structures()

    def create(attrs, name):
        calls.append(("CreateJobObjectW", attrs, name))
        return 0x1234

    def set_info(handle, klass, info, size):
        limits = extended.from_address(info)
        calls.append(("SetInformationJobObject", handle, klass, size, limits.ProcessMemoryLimit,
                      limits.BasicLimitInformation.LimitFlags))
        return 1

    def assign(job, process):
        calls.append(("AssignProcessToJobObject", job, process))
        return 1

    fakes = {"CreateJobObjectW": create, "SetInformationJobObject": set_info, "AssignProcessToJobObject": assign,
             "GetCurrentProcess": lambda: 0xFFFFFFFFFFFFFFFF if ctypes.sizeof(ctypes.c_void_p) == 8 else 0xFFFFFFFF,
             "SetErrorMode": lambda mode: calls.append(("SetErrorMode", mode)) or 0,
             "QueryInformationJobObject": lambda *a: 0}

    class Kernel32:
        pass

    k = Kernel32()
    keep = []
    for name, (restype, argtypes) in worker.kernel32_signatures().items():
        fn = ctypes.CFUNCTYPE(restype, *argtypes)(fakes[name])
        keep.append(fn)
        setattr(k, name, fn)
    worker.limit_windows(512 << 20, 20, kernel32=k)
    names = [c[0] for c in calls]
    assert names == ["SetErrorMode", "CreateJobObjectW", "SetInformationJobObject", "AssignProcessToJobObject"]
    assert calls[0][1] == 0x8003
    assert calls[1][1:] == (None, None)
    _, handle, klass, size, memory, flags = calls[2]
    assert (handle, klass, size, memory) == (0x1234, 9, ctypes.sizeof(extended), 512 << 20)
    assert flags & 0x100
    assert calls[3][1] == 0x1234 and calls[3][2] in (0xFFFFFFFFFFFFFFFF, 0xFFFFFFFF)
    assert worker._job_handle == 0x1234


def test_a_failing_job_object_call_is_an_error_the_child_logs():
    class K:
        def SetErrorMode(self, mode):
            return 0

        def CreateJobObjectW(self, a, n):
            return None

    with pytest.raises(OSError):
        worker.limit_windows(1 << 30, 10, kernel32=K())
