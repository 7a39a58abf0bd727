"""Running one job in a child process with a time limit, a memory limit and 取消.

Python cannot bound the time or the memory of a parser from inside: a hostile file inside every
documented size limit can still make openpyxl, python-docx, pdfminer or a template engine spin
for minutes or take gigabytes. So the work runs in a child of the program, and the child can be
stopped:

- **time**: the parent kills the child when ``seconds`` pass (:class:`TimedOut`);
- **memory**: the child limits its own address space first thing, before it reads the request
  or imports a document library — ``resource.setrlimit(RLIMIT_AS)`` on POSIX, a Job Object with
  ``JOB_OBJECT_LIMIT_PROCESS_MEMORY`` on Windows. An allocation over the limit fails, the child
  answers :class:`OutOfMemory`, or dies and the parent says the same;
- **取消**: a :class:`threading.Event` set by the window kills the child within
  ``POLL_SECONDS`` (:class:`Cancelled`).

The parent's memory is not touched by the work: only the JSON answer comes back.

Protocol (no pickle: nothing the child sends can run code in the parent). The parent starts
``python -m govreport_gui.core.worker MEMORY SECONDS`` (the built program:
``govreport-gui --worker MEMORY SECONDS``), writes ``{"job": name, "args": {...}}`` as JSON to its
stdin and closes it. The child answers one JSON object on its stdout:

- ``{"ok": result}``;
- ``{"error": message, "classes": [names of the exception's classes]}`` — a :class:`GovReportError`,
  raised again in the parent as the same class with the same Chinese message;
- ``{"memory": true}`` — a MemoryError, or any failure with a MemoryError in its chain or with
  the child's peak at the limit (libraries word a failed allocation their own way: lxml as an
  XML error, docx.render as “表达式出错：MemoryError”);
- ``{"internal": type name}`` — any other exception; the traceback goes to the child's stderr,
  which the parent logs.

A report travels as the text of its ``.govreport`` file (native.dumps / native.loads), so it
arrives as saving and opening it would give.

Jobs are registered with :func:`job`; the child runs only registered jobs. Test-only jobs exist
when the child's environment has ``GOVREPORT_TEST_JOBS=1`` (see :func:`_register_test_jobs`).

Windows: the child is started with ``CREATE_NO_WINDOW``; a windowed program's child may have no
``sys.stdout``, so the child reads fd 0 and writes fd 1 directly. Its Job Object also kills any
process it started when it dies (``KILL_ON_JOB_CLOSE``); on POSIX the child leads its own
process group, and the whole group is killed.

This module is core: no Qt, and nothing heavy is imported at module level.
"""

from __future__ import annotations

import json
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from .errors import Cancelled, GovReportError

MEMORY_BYTES = 768 << 20          # 768 MB: a real report is read in under 100 MB; with the window, under 1 GB
READ_SECONDS = 9.0                # any source but a PDF (a real one: under 2 s); stopped within 10 s
EXPORT_SECONDS = 30.0             # .docx/.xlsx export (a real one: about 1 s; the largest allowed: 4 s)
# A format may have its own (the import registry's ``seconds``: a PDF's pdf.PDF_SECONDS, 5 s), read at call time.
POLL_SECONDS = 0.02               # how often 取消 is looked at while waiting
MAX_REPLY_BYTES = 256 << 20       # an answer larger than this is refused (a real one: under 1 MB)
CPU_GRACE_SECONDS = 5             # the child's own CPU-time backstop: seconds + this (if the parent died)
WALL_GRACE_SECONDS = 10           # the child's own wall-clock backstop: seconds + this (blocked, parent gone)
STDERR_KEEP_BYTES = 64 << 10      # the tail of the child's stderr kept for the log
RESERVE_BYTES = 4 << 20           # freed on MemoryError, so the child can still answer
WORKER_FLAG = "--worker"          # the built program: ``govreport-gui --worker MEMORY SECONDS``
TEST_JOBS_ENV = "GOVREPORT_TEST_JOBS"

_MODULE = "govreport_gui.core.worker"
_in_child = False


# --------------------------------------------------------------------------
# errors


class WorkerError(GovReportError):
    """The child could not finish its job (stopped, crashed, answered nonsense)."""


class TimedOut(WorkerError):
    """The job ran past its time limit; the child was killed."""


class OutOfMemory(WorkerError):
    """The job needed more memory than its limit; the child stopped or was killed."""


_mixed: dict[tuple[type, type], type] = {}


def _stop(kind: type, base: type | None) -> type:
    """``kind`` (TimedOut…) that is also ``base`` (SourceError for a read, ExportError for an export),
    so that callers catching the base class keep working."""
    if base is None or issubclass(kind, base):
        return kind
    if (kind, base) not in _mixed:
        _mixed[(kind, base)] = type(f"{base.__name__}{kind.__name__}", (kind, base), {"__module__": __name__})
    return _mixed[(kind, base)]


def in_child() -> bool:
    """True inside a worker child: work runs in-process there (no child of a child)."""
    return _in_child


# --------------------------------------------------------------------------
# jobs

Job = Callable[[dict], dict]
_JOBS: dict[str, Job] = {}


def job(name: str) -> Callable[[Job], Job]:
    """Register ``fn(args: dict) -> dict`` (JSON in, JSON out) as the job ``name``."""
    def register(fn: Job) -> Job:
        _JOBS[name] = fn
        return fn
    return register


def jobs() -> list[str]:
    """The names of the registered jobs."""
    return sorted(_JOBS)


def _json_default(o: Any) -> Any:
    if isinstance(o, Decimal):
        return format(o, "f")          # as the native file writes amounts
    if isinstance(o, (tuple, set, frozenset)):
        return list(o)
    raise TypeError(f"cannot send {type(o).__name__}")


def _dumps(obj: Any) -> bytes:
    # ASCII: a lone surrogate (a file name the system could not decode) travels as \udcxx
    return json.dumps(obj, ensure_ascii=True, allow_nan=False, default=_json_default).encode("ascii")


def _loads(data: bytes) -> Any:
    # fractions exactly (a finding's expected/actual amount travels as a string anyway)
    return json.loads(data.decode("ascii"), parse_float=Decimal)


# -- read ------------------------------------------------------------------


def report_to_text(report) -> str:
    """How a report travels: the text of its ``.govreport`` file (native.dumps), so it arrives
    exactly as saving and opening it would give (Decimal amounts, notes, last year, unknown keys
    with their numbers as written)."""
    from . import native

    return native.dumps(report)


def import_result_to_json(result) -> dict:
    """An ImportResult as JSON (the report as the text of its native file)."""
    return {"report": report_to_text(result.report), "kind": result.kind, "sources": dict(result.sources),
            "problems": list(result.problems), "notes": list(result.notes), "sections": list(result.sections)}


def import_result_from_json(obj: dict, name: str = ""):
    """The inverse of :func:`import_result_to_json`; the report is checked as a file's would be
    (what could not be saved is refused here, as SourceError)."""
    from .importers import ImportResult
    from .importers.limits import SourceError

    report = report_from_text(obj["report"], f"{name} 读出的内容无法作为报告保存，未导入", SourceError)
    return ImportResult(report, str(obj["kind"]), {str(k): str(v) for k, v in obj["sources"].items()},
                        [str(p) for p in obj["problems"]], [str(n) for n in obj["notes"]],
                        [str(s) for s in obj["sections"]])


def report_from_text(text: str, what: str = "报告内容有误", error: type | None = None):
    """A report from the text of its native file, read as opening the file would (native.loads).
    A refusal is ``error`` (default ReportFileError): “{what}（place: problem）”."""
    from . import native
    from .errors import ReportFileError

    error = error or ReportFileError
    try:
        return native.loads(str(text))
    except RecursionError:
        raise error(f"{what}（结构嵌套过深）") from None
    except Exception as e:  # native._Reject "place: problem", or a GovReportError
        raise error(f"{what}（{e}）") from None


@job("read")
def _job_read(args: dict) -> dict:
    """importers.read_path in the child: the reader the registry names, with read_path's own
    words for a failure nobody foresaw."""
    from .importers import read_path_here

    return import_result_to_json(read_path_here(Path(args["path"])))


@job("pdf")
def _job_pdf(args: dict) -> dict:
    """What pdf.read_pdf asks the child for: lines, ruled tables, where each table is, scanned pages."""
    from .importers import pdf

    lines, grids, where, scanned = pdf.read_here(Path(args["path"]))
    return {"lines": lines, "grids": grids, "where": where, "scanned": scanned}


# -- export ----------------------------------------------------------------


@job("export")
def _job_export(args: dict) -> dict:
    from .export import ExportError
    from .export import registry as formats

    report = report_from_text(args["report"], "报告内容有误，未导出", ExportError)
    path, kind = str(args["path"]), args["format"]
    blank, force = args.get("blank", "empty"), bool(args.get("force", False))
    fmt = formats.by_kind(kind)
    if fmt is None:
        raise ExportError(f"不知道导出成什么格式：{kind}（应为 {formats.either([f.kind for f in formats.FORMATS])}）")
    if args.get("template") and not fmt.template:
        raise ExportError(f"模板只用于导出 {formats.templated()}")
    notes = fmt.export(report, path, template=args.get("template"), blank=blank, force=force)
    out: dict[str, Any] = {"path": path}
    if notes:                                       # whatever an export may come to return
        out["notes"] = [str(n) for n in notes] if isinstance(notes, (list, tuple)) else [str(notes)]
    return out


# --------------------------------------------------------------------------
# the parent


def command(memory_bytes: int, seconds: float) -> list[str]:
    """How the child is started: this interpreter, or the built program itself."""
    limits = [str(int(memory_bytes)), f"{seconds:g}"]
    if getattr(sys, "frozen", False):
        return [sys.executable, WORKER_FLAG, *limits]
    if not sys.executable:
        raise WorkerError("找不到 Python 解释器，无法启动后台进程")
    return [sys.executable, "-m", _MODULE, *limits]


def child_env() -> dict[str, str]:
    """The child's environment: ours, and in development the folder this package is in first on
    PYTHONPATH, so the child imports the same code even when it is not installed."""
    env = dict(os.environ)
    if not getattr(sys, "frozen", False):
        root = str(Path(__file__).resolve().parents[2])
        old = env.get("PYTHONPATH")
        env["PYTHONPATH"] = root + (os.pathsep + old if old else "")
    return env


def run(job: str, args: dict, *, seconds: float, memory_bytes: int, cancel=None,
        label: str | None = None, cause: str = "文件结构异常",
        on_start: Callable[[int], None] | None = None, base: type | None = None) -> dict:
    """Run the registered ``job`` with ``args`` in a child process; its JSON result.

    ``seconds``: wall-clock limit, child start included (TimedOut). ``memory_bytes``: the child's
    address-space limit (OutOfMemory). ``cancel``: a threading.Event; once set, the child is
    killed and Cancelled raised. ``label`` begins the messages (“读取 报告.docx”), ``cause``
    says why a stop is likely (“文件结构异常”). ``on_start(pid)`` is called once the child runs.
    ``base``: a GovReportError class every stop is also an instance of (SourceError for reads).
    A GovReportError raised by the job is raised here as the same class with the same message.
    """
    import logging
    import subprocess
    import threading
    import time

    if _in_child:
        raise WorkerError("内部错误：后台进程中不能再启动后台进程")
    label = label or "后台任务"
    if cancel is not None and cancel.is_set():
        raise Cancelled()
    request = _dumps({"job": job, "args": args})
    start = time.monotonic()
    popen_kw: dict[str, Any] = {}
    if os.name == "nt":
        popen_kw["creationflags"] = getattr(subprocess, "CREATE_NO_WINDOW", 0x08000000)
    else:
        popen_kw["start_new_session"] = True        # its own process group: killed as a whole
    try:
        proc = subprocess.Popen(command(memory_bytes, seconds), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=child_env(), close_fds=True, **popen_kw)
    except OSError as e:
        raise _stop(WorkerError, base)(f"{label} 失败：无法启动后台进程（{e.strerror or e}）") from None
    out: list[bytes] = []
    err = bytearray()
    too_big = threading.Event()
    out_done = threading.Event()

    def feed() -> None:
        try:
            proc.stdin.write(request)
        except OSError:           # the child died before reading it all: its exit says why
            pass
        finally:
            try:
                proc.stdin.close()
            except OSError:
                pass

    def drain_out() -> None:
        size = 0
        try:
            while True:
                chunk = proc.stdout.read1(1 << 16)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_REPLY_BYTES:
                    too_big.set()
                    break
                out.append(chunk)
        except (OSError, ValueError):
            pass
        finally:
            out_done.set()

    def drain_err() -> None:
        try:
            while True:
                chunk = proc.stderr.read1(1 << 16)
                if not chunk:
                    break
                err.extend(chunk)
                if len(err) > STDERR_KEEP_BYTES:
                    del err[:len(err) - STDERR_KEEP_BYTES]
        except (OSError, ValueError):
            pass

    threads = [threading.Thread(target=f, name=f"govreport-worker-{f.__name__}", daemon=True)
               for f in (feed, drain_out, drain_err)]
    for t in threads:
        t.start()
    stopped: GovReportError | None = None
    try:
        if on_start is not None:
            on_start(proc.pid)
        deadline = start + seconds
        while True:
            if cancel is not None and cancel.is_set():
                stopped = Cancelled()
                break
            if too_big.is_set():
                stopped = _stop(WorkerError, base)(f"{label} 的结果过大（超过 {MAX_REPLY_BYTES >> 20} MB），已停止")
                break
            now = time.monotonic()
            if now >= deadline:
                stopped = _stop(TimedOut, base)(f"{label} 超过 {seconds:g} 秒仍未完成（{cause}），已停止")
                break
            wait = min(POLL_SECONDS, deadline - now)
            if out_done.is_set():                     # the answer is in: the child is exiting
                try:
                    proc.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
            out_done.wait(wait)
    finally:
        if stopped is not None or proc.returncode is None:     # also on KeyboardInterrupt
            kill_and_reap(proc)
        for t in threads[1:]:
            t.join(timeout=2)
        if any(t.is_alive() for t in threads[1:]):            # a grandchild holds a pipe open
            kill_group(proc)
            for t in threads[1:]:
                t.join(timeout=2)
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            try:
                pipe.close()
            except (OSError, ValueError):
                pass
    if stopped is not None:
        raise stopped
    tail = bytes(err).decode("utf-8", "replace")
    log = logging.getLogger(__name__)
    data = b"".join(out)
    if not data:
        rc = proc.returncode
        log.warning("worker %s exited with %s without an answer; stderr:\n%s", job, rc, tail)
        mb = memory_bytes >> 20
        if _looks_like_memory(tail):
            raise _stop(OutOfMemory, base)(f"{label} 所需内存超过 {mb} MB（{cause}），已停止")
        raise _stop(WorkerError, base)(f"{label} 的后台进程异常退出（{_exit_words(rc)}；可能是所需内存超过 {mb} MB，{cause}），已停止")
    try:
        reply = _loads(data)
    except (ValueError, UnicodeDecodeError):
        log.warning("worker %s answered %r…; stderr:\n%s", job, data[:200], tail)
        raise _stop(WorkerError, base)(f"{label} 失败：后台进程的回答无法识别") from None
    if not isinstance(reply, dict):
        raise _stop(WorkerError, base)(f"{label} 失败：后台进程的回答无法识别")
    if "ok" in reply:
        result = reply["ok"]
        if not isinstance(result, dict):
            raise _stop(WorkerError, base)(f"{label} 失败：后台进程的回答无法识别")
        return result
    if reply.get("memory"):
        raise _stop(OutOfMemory, base)(f"{label} 所需内存超过 {memory_bytes >> 20} MB（{cause}），已停止")
    if "error" in reply:
        raise _rebuilt_error(reply)
    kind = str(reply.get("internal", "未知错误"))
    log.error("worker %s failed with %s; stderr:\n%s", job, kind, tail)
    raise _stop(WorkerError, base)(f"{label} 时发生内部错误（{kind}），已停止；详情已记入日志")


def kill_and_reap(proc) -> None:
    """Kill the child (and, on POSIX, its process group) and reap it."""
    kill_group(proc)
    try:
        proc.kill()
    except OSError:
        pass
    try:
        proc.wait(timeout=10)
    except Exception:  # noqa: BLE001 — nothing more can be done
        pass


def kill_group(proc) -> None:
    """On POSIX, kill the process group the child leads (started with start_new_session)."""
    if os.name == "nt":       # the child's Job Object kills what it started (KILL_ON_JOB_CLOSE)
        return
    import signal

    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass


_MEMORY_WORDS = ("MemoryError", "bad_alloc", "Cannot allocate memory", "out of memory", "Out of memory",
                 "ENOMEM", "MemoryError", "not enough memory")


def _looks_like_memory(stderr: str) -> bool:
    return any(w in stderr for w in _MEMORY_WORDS)


def _exit_words(rc: int | None) -> str:
    if rc is None:
        return "未知状态"
    if rc < 0:
        import signal

        try:
            return f"被信号 {signal.Signals(-rc).name} 终止"
        except ValueError:
            return f"被信号 {-rc} 终止"
    if rc > 0xFFFF:                                # Windows NTSTATUS, e.g. 0xC0000017 (no memory)
        return f"退出码 0x{rc & 0xFFFFFFFF:08X}"
    return f"退出码 {rc}"


def _error_classes() -> dict[str, type]:
    """The GovReportError classes a job's error may be raised as again (no lookup by arbitrary name)."""
    from . import errors
    from .importers.limits import SourceError

    classes: list[type] = [errors.GovReportError, errors.ReportFileError, errors.EditionError,
                           errors.ValueInputError, SourceError, WorkerError, TimedOut, OutOfMemory, Cancelled]
    try:
        from .export import ExportError, ExportRefused

        classes += [ExportError, ExportRefused]
    except ImportError:
        pass
    return {c.__name__: c for c in classes}


def _rebuilt_error(reply: dict) -> GovReportError:
    """The job's GovReportError as the nearest class the parent knows, with the same message."""
    message = str(reply.get("error", ""))
    known = _error_classes()
    names = [str(n) for n in reply.get("classes", [])] or ["GovReportError"]
    cls = next((known[n] for n in names if n in known), GovReportError)
    if cls.__name__ == "ExportRefused":
        from .rules import Finding

        findings = []
        for f in reply.get("findings", []):
            findings.append(Finding(rule=str(f["rule"]), severity=str(f["severity"]), key=str(f["key"]),
                                    cells=tuple(str(c) for c in f["cells"]), message=str(f["message"]),
                                    expected=_value(f.get("expected")), actual=_value(f.get("actual"))))
        e = cls(findings)
    elif cls is Cancelled:
        e = Cancelled(message)
    else:
        e = cls(message)
    e.args = (message,)              # exactly the child's words
    return e


def _value(v: Any) -> Any:
    if v is None or isinstance(v, int):
        return v
    return Decimal(str(v))


# -- the public entry points -----------------------------------------------


def read_isolated(path: str | os.PathLike, seconds: float | None = None, memory_bytes: int = MEMORY_BYTES,
                  cancel=None, on_start: Callable[[int], None] | None = None):
    """``importers.read_path`` in a child: an ImportResult, or a Chinese GovReportError.

    ``seconds`` defaults to the format's own limit in the import registry (a .pdf: pdf.PDF_SECONDS,
    read now, so changing it takes effect) and to READ_SECONDS otherwise.
    """
    answer = read_in_child("read", path, seconds=seconds, memory_bytes=memory_bytes, cancel=cancel,
                           on_start=on_start)
    return import_result_from_json(answer, Path(path).name)


def read_in_child(job: str, path: str | os.PathLike, *, kind: str | None = None, seconds: float | None = None,
                  memory_bytes: int = MEMORY_BYTES, cancel=None,
                  on_start: Callable[[int], None] | None = None) -> dict:
    """Run the read ``job`` (``read``: the whole import; ``pdf``: a PDF's lines and tables) for
    ``path`` in a child: where every read's child is started. Its time limit (unless ``seconds``)
    and the cause its messages give come from the import registry's line for ``kind``, or for
    the path's suffix; a stop is a SourceError too."""
    from .importers import registry
    from .importers.limits import SourceError

    p = Path(path)
    fmt = registry.by_kind(kind) if kind is not None else registry.for_path(p)
    if seconds is None:
        seconds = fmt.seconds() if fmt is not None and fmt.seconds is not None else READ_SECONDS
    cause = fmt.cause if fmt is not None else registry.CAUSE
    return run(job, {"path": os.fspath(path)}, seconds=seconds, memory_bytes=memory_bytes, cancel=cancel,
               label=f"读取 {p.name}", cause=cause, on_start=on_start, base=SourceError)


def export_isolated(report, path: str | os.PathLike, fmt: str, template: str | os.PathLike | None = None,
                    blank: str = "empty", force: bool = False, seconds: float = EXPORT_SECONDS,
                    memory_bytes: int = MEMORY_BYTES, cancel=None,
                    on_start: Callable[[int], None] | None = None) -> dict:
    """The export of ``fmt`` (a kind of the export registry: "docx", "xlsx") in a child: ``{"path": …}``
    plus ``"notes"`` if the export returned any. A stopped export leaves no temporary file behind."""
    import time

    from .export import ExportError

    p = Path(path)
    try:
        text = report_to_text(report)
    except GovReportError as e:               # what no file can hold cannot be exported either
        raise ExportError(str(e).replace("未保存", "未导出")) from None
    args = {"report": text, "path": os.fspath(path), "format": fmt,
            "template": None if template is None else os.fspath(template), "blank": blank, "force": bool(force)}
    began = time.time()
    try:
        return run("export", args, seconds=seconds, memory_bytes=memory_bytes, cancel=cancel,
                   label=f"导出 {p.name}", cause="报告内容或模板异常", on_start=on_start, base=ExportError)
    except (WorkerError, Cancelled):
        _remove_partial(p, began)
        raise


def _remove_partial(p: Path, since: float) -> None:
    """The temporary file of an atomic write the child was killed in (native.atomic_write)."""
    folder = p.parent if str(p.parent) else Path(".")
    try:
        for f in folder.glob(f".{p.name}.*.tmp"):
            try:
                if f.stat().st_mtime >= since - 1:
                    f.unlink()
            except OSError:
                pass
    except OSError:
        pass


# --------------------------------------------------------------------------
# the child


def child_main(argv: list[str] | None = None) -> int:
    """The child: ``MEMORY SECONDS`` on the command line, the request on stdin, the answer on stdout.

    ``python -m govreport_gui.core.worker MEMORY SECONDS``; the built program calls this for
    ``govreport-gui --worker MEMORY SECONDS`` with ``argv[2:]``. Never raises (a windowed built
    program would show a dialog for an exception): the exit status and stderr tell.
    """
    try:
        return _child(argv)
    except BaseException as e:  # noqa: BLE001
        _write_err(f"worker: {type(e).__name__}: {e}\n")
        return 3


def _child(argv: list[str] | None) -> int:
    global _in_child
    _in_child = True
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        memory, seconds = int(argv[0]), float(argv[1])
    except (IndexError, ValueError):
        _write_err("worker: usage: MEMORY_BYTES SECONDS\n")
        return 2
    limit_self(memory, seconds)                 # first: before anything is read or imported
    reply_fd = _private_stdout()
    reserve: bytearray | None = bytearray(RESERVE_BYTES)
    try:
        request = _loads(_read_all(0))
        if os.environ.get(TEST_JOBS_ENV) == "1":
            _register_test_jobs()
        fn = _JOBS.get(request.get("job")) if isinstance(request, dict) else None
        if fn is None:
            raise LookupError(f"no job {request.get('job') if isinstance(request, dict) else request!r}")
        result = fn(request.get("args") or {})
        data = _dumps({"ok": result})
    except MemoryError:
        reserve = None
        data = b'{"memory": true}'
    except GovReportError as e:
        reserve = None
        if memory_was_the_cause(e, memory):      # a library's own words for a failed allocation
            _write_err(f"worker: {type(e).__name__} at the memory limit: {e}\n")
            return _answer(reply_fd, b'{"memory": true}')
        answer: dict[str, Any] = {"error": str(e), "classes": [c.__name__ for c in type(e).__mro__]}
        errors = getattr(e, "errors", None)
        if type(e).__name__ == "ExportRefused" and errors:
            answer["findings"] = [{"rule": f.rule, "severity": f.severity, "key": f.key, "cells": list(f.cells),
                                   "message": f.message, "expected": f.expected, "actual": f.actual}
                                  for f in errors]
        try:
            data = _dumps(answer)
        except (TypeError, ValueError):
            data = _dumps({"error": str(e), "classes": answer["classes"]})
    except Exception as e:  # noqa: BLE001 — said in words; the traceback goes to stderr
        reserve = None
        import traceback

        _write_err("".join(traceback.format_exception(e)))
        data = b'{"memory": true}' if memory_was_the_cause(e, memory) else _dumps({"internal": type(e).__name__})
    del reserve
    return _answer(reply_fd, data)


def _answer(fd: int, data: bytes) -> int:
    try:
        _write_all(fd, data)
    except OSError:
        return 3
    return 0


NEAR_LIMIT = 0.9       # a failure with the peak this close to the limit is put down to the limit


def memory_was_the_cause(e: BaseException, limit: int) -> bool:
    """Libraries report a failed allocation in their own words (lxml: an XML error "Memory
    allocation failed"; pdfminer, the export's template: a wrapped MemoryError). Either a
    MemoryError in the exception's chain, or a peak at the limit, means the limit stopped it."""
    seen = 0
    stack: list[BaseException | None] = [e]
    while stack and seen < 50:
        x = stack.pop()
        if x is None:
            continue
        seen += 1
        if isinstance(x, MemoryError) or "Memory allocation failed" in str(x)[:500]:
            return True
        stack += [x.__cause__, x.__context__]
    peak = peak_memory()
    return peak is not None and peak >= NEAR_LIMIT * limit


def peak_memory() -> int | None:
    """This process's peak of what the limit counts: address space (Linux VmPeak), else peak
    resident size (other POSIX), or the Job Object's peak committed memory (Windows)."""
    try:
        if os.name == "nt":
            return _job_peak()
        try:
            with open("/proc/self/status", "rb") as f:
                for line in f:
                    if line.startswith(b"VmPeak:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024
    except Exception:  # noqa: BLE001 — unknown: not put down to memory
        return None


def _job_peak() -> int | None:
    import ctypes

    if _job_handle is None:
        return None
    k = _kernel32()
    _, _, Extended = _job_structures()
    info = Extended()
    if not k.QueryInformationJobObject(_job_handle, JobObjectExtendedLimitInformation, ctypes.byref(info),
                                       ctypes.sizeof(info), None):
        return None
    return int(info.PeakProcessMemoryUsed)


def _private_stdout() -> int:
    """A private copy of fd 1 for the answer; fd 1 itself (and sys.stdout) then go to stderr, so
    nothing a library prints can spoil the JSON."""
    try:
        fd = os.dup(1)
    except OSError:
        return 1
    if os.name == "nt":             # no \n → \r\n, no stop at ^Z (the JSON is ASCII without newlines anyway)
        try:
            import msvcrt

            for f in (0, fd):
                msvcrt.setmode(f, os.O_BINARY)
        except (ImportError, OSError):
            pass
    try:
        os.dup2(2, 1)
    except OSError:
        pass
    if sys.stdout is not None:
        sys.stdout = sys.stderr
    return fd


def _read_all(fd: int) -> bytes:
    chunks = []
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _write_err(text: str) -> None:
    try:
        _write_all(2, text.encode("utf-8", "replace"))
    except OSError:          # a windowed program may have no stderr at all
        pass


def limit_self(memory_bytes: int, seconds: float) -> None:
    """The child's own limits: address space ``memory_bytes``; CPU time and wall clock as a
    backstop if the parent that would kill it is gone."""
    cpu = int(seconds) + 1 + CPU_GRACE_SECONDS
    try:
        if os.name == "nt":
            limit_windows(memory_bytes, cpu)
        else:
            limit_posix(memory_bytes, cpu)
    except Exception as e:  # noqa: BLE001 — the time limit still holds; say so in the log
        _write_err(f"worker: memory limit not set: {type(e).__name__}: {e}\n")
    _watchdog(seconds + WALL_GRACE_SECONDS)


def limit_posix(memory_bytes: int, cpu_seconds: int) -> None:
    import resource

    def lower(which: int, soft: int, hard: int | None = None) -> None:
        _, old_hard = resource.getrlimit(which)
        hard = soft if hard is None else hard
        if old_hard != resource.RLIM_INFINITY:
            soft, hard = min(soft, old_hard), min(hard, old_hard)
        resource.setrlimit(which, (soft, hard))

    lower(resource.RLIMIT_AS, memory_bytes)
    lower(resource.RLIMIT_CORE, 0)                       # no 1 GB core file when a library aborts
    lower(resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + 1)   # SIGXCPU, then SIGKILL


def _watchdog(seconds: float) -> None:
    """Exit after ``seconds`` of wall clock even if blocked (a FIFO opened as a file) and orphaned."""
    import threading
    import time

    def guard() -> None:
        time.sleep(seconds)
        os._exit(124)

    old = threading.stack_size()
    try:
        threading.stack_size(256 << 10)                 # the limit counts a thread's stack too
    except (ValueError, RuntimeError):
        pass
    try:
        threading.Thread(target=guard, name="govreport-watchdog", daemon=True).start()
    finally:
        try:
            threading.stack_size(old)
        except (ValueError, RuntimeError):
            pass


# -- Windows: a Job Object with a per-process memory limit ---------------------------------------

JobObjectExtendedLimitInformation = 9
JOB_OBJECT_LIMIT_PROCESS_TIME = 0x00000002
JOB_OBJECT_LIMIT_PROCESS_MEMORY = 0x00000100
JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION = 0x00000400
JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x00002000
SEM_FAILCRITICALERRORS, SEM_NOGPFAULTERRORBOX, SEM_NOOPENFILEERRORBOX = 0x0001, 0x0002, 0x8000


def _job_structures():
    """JOBOBJECT_EXTENDED_LIMIT_INFORMATION and its parts, as in winnt.h (144 bytes on x64).

    Fixed-size ctypes types only (LARGE_INTEGER = int64, DWORD = uint32, SIZE_T/ULONG_PTR =
    size_t), so the layout can be checked on any 64-bit system with ctypes.sizeof."""
    import ctypes

    class IO_COUNTERS(ctypes.Structure):
        _fields_ = [("ReadOperationCount", ctypes.c_uint64), ("WriteOperationCount", ctypes.c_uint64),
                    ("OtherOperationCount", ctypes.c_uint64), ("ReadTransferCount", ctypes.c_uint64),
                    ("WriteTransferCount", ctypes.c_uint64), ("OtherTransferCount", ctypes.c_uint64)]

    class JOBOBJECT_BASIC_LIMIT_INFORMATION(ctypes.Structure):
        _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64),     # LARGE_INTEGER, 100 ns units
                    ("PerJobUserTimeLimit", ctypes.c_int64),
                    ("LimitFlags", ctypes.c_uint32),                 # DWORD
                    ("MinimumWorkingSetSize", ctypes.c_size_t),      # SIZE_T
                    ("MaximumWorkingSetSize", ctypes.c_size_t),
                    ("ActiveProcessLimit", ctypes.c_uint32),
                    ("Affinity", ctypes.c_size_t),                   # ULONG_PTR
                    ("PriorityClass", ctypes.c_uint32),
                    ("SchedulingClass", ctypes.c_uint32)]

    class JOBOBJECT_EXTENDED_LIMIT_INFORMATION(ctypes.Structure):
        _fields_ = [("BasicLimitInformation", JOBOBJECT_BASIC_LIMIT_INFORMATION),
                    ("IoInfo", IO_COUNTERS),
                    ("ProcessMemoryLimit", ctypes.c_size_t),
                    ("JobMemoryLimit", ctypes.c_size_t),
                    ("PeakProcessMemoryUsed", ctypes.c_size_t),
                    ("PeakJobMemoryUsed", ctypes.c_size_t)]

    return IO_COUNTERS, JOBOBJECT_BASIC_LIMIT_INFORMATION, JOBOBJECT_EXTENDED_LIMIT_INFORMATION


def job_limit_information(memory_bytes: int, cpu_seconds: int):
    """The limits the child puts itself under: memory per process, user CPU time, kill what it
    started when it dies, no crash dialog."""
    _, _, Extended = _job_structures()
    info = Extended()
    basic = info.BasicLimitInformation
    basic.LimitFlags = (JOB_OBJECT_LIMIT_PROCESS_MEMORY | JOB_OBJECT_LIMIT_PROCESS_TIME
                        | JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION)
    basic.PerProcessUserTimeLimit = int(cpu_seconds) * 10_000_000
    info.ProcessMemoryLimit = int(memory_bytes)
    return info


def kernel32_signatures() -> dict[str, tuple]:
    """(restype, argtypes) of the kernel32 functions used; HANDLEs as c_void_p (64-bit safe)."""
    import ctypes

    return {
        "CreateJobObjectW": (ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_wchar_p]),
        "SetInformationJobObject": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_uint32]),
        "AssignProcessToJobObject": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
        "GetCurrentProcess": (ctypes.c_void_p, []),
        "SetErrorMode": (ctypes.c_uint, [ctypes.c_uint]),
        "QueryInformationJobObject": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_uint32,
                                                     ctypes.c_void_p]),
    }


def _kernel32():
    import ctypes

    dll = ctypes.WinDLL("kernel32", use_last_error=True)
    for name, (restype, argtypes) in kernel32_signatures().items():
        fn = getattr(dll, name)
        fn.restype, fn.argtypes = restype, argtypes
    return dll


_job_handle = None          # kept open for the child's life


def limit_windows(memory_bytes: int, cpu_seconds: int, kernel32=None) -> None:
    """Put this process into a new Job Object limited to ``memory_bytes`` of committed memory.
    ``kernel32``: the functions of kernel32_signatures() (tests pass stand-ins)."""
    import ctypes

    global _job_handle
    k = kernel32 if kernel32 is not None else _kernel32()

    def last_error() -> int:
        return ctypes.get_last_error() if hasattr(ctypes, "get_last_error") else 0

    k.SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX)
    handle = k.CreateJobObjectW(None, None)
    if not handle:
        raise OSError(last_error(), "CreateJobObjectW failed")
    info = job_limit_information(memory_bytes, cpu_seconds)
    if not k.SetInformationJobObject(handle, JobObjectExtendedLimitInformation, ctypes.byref(info),
                                     ctypes.sizeof(info)):
        raise OSError(last_error(), "SetInformationJobObject failed")
    if not k.AssignProcessToJobObject(handle, k.GetCurrentProcess()):
        raise OSError(last_error(), "AssignProcessToJobObject failed")
    _job_handle = handle


# -- test-only jobs (GOVREPORT_TEST_JOBS=1 in the child's environment) -----------------------------


def _register_test_jobs() -> None:
    import time

    @job("test.echo")
    def _echo(args: dict) -> dict:
        return {"args": args, "pid": os.getpid()}

    @job("test.raise")
    def _raise(args: dict) -> dict:
        from .importers.limits import SourceError

        cls = {"SourceError": SourceError}.get(args.get("class"), GovReportError)
        raise cls(str(args["message"]))

    @job("test.bug")
    def _bug(args: dict) -> dict:
        raise ValueError("a bug in a job")

    @job("test.sleep")
    def _sleep(args: dict) -> dict:
        time.sleep(float(args.get("seconds", 3600)))
        return {}

    @job("test.allocate")
    def _allocate(args: dict) -> dict:
        held = []
        chunk = int(args.get("chunk", 32 << 20))
        for _ in range(int(args["bytes"]) // chunk):
            held.append(b"\x01" * chunk)           # written, so it is really resident
        return {"held": len(held)}

    @job("test.wrapped")
    def _wrapped(args: dict) -> dict:
        try:
            bytearray(int(args["bytes"]))
        except Exception as e:  # as a library or docx.render words it
            raise GovReportError(f"模板中的表达式出错：{type(e).__name__}") from None
        return {}

    @job("test.abort")
    def _abort(args: dict) -> dict:
        os.abort()

    @job("test.print")
    def _print(args: dict) -> dict:
        print("noise on stdout")
        os.write(1, b"more noise on fd 1\n")
        return {"quiet": True}

    @job("test.spawn")
    def _spawn(args: dict) -> dict:
        import subprocess

        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
        Path(args["pidfile"]).write_text(str(child.pid), encoding="ascii")
        time.sleep(3600)
        return {}


if __name__ == "__main__":
    # run the module's own copy, so the registry and _in_child are those jobs import
    from govreport_gui.core.worker import child_main as _main

    sys.exit(_main())
