"""Fuzzing every reader of outside input: the seeds, mutators and one-case runner in
``fuzzing.seeds``, shared by tests/test_fuzz.py (500 cases a reader, in the suite) and
tools/fuzz.py (long runs on demand: ``python -m tools.fuzz`` from the repository's root).

Test code, not part of the app (the package ``govreport_gui`` never imports it). It is imported
from the repository's root: pytest puts the root on ``sys.path`` (``pythonpath`` in
pyproject.toml), and ``python -m tools.fuzz`` run there does too.
"""
