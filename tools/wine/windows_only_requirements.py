"""Requirements of the installed packages that apply on Windows but are not installed.

    python3 tools/wine/windows_only_requirements.py SITE_PACKAGES

`pip install --target … --platform win_amd64` evaluates environment markers for the machine pip
runs on (Linux), so a requirement such as ``pywin32-ctypes; sys_platform == "win32"`` is dropped.
Prints the missing ones (one a line, as pip takes them), marker evaluated for 64-bit Windows.
"""

import sys
from pathlib import Path

from pip._vendor.packaging.markers import default_environment
from pip._vendor.packaging.requirements import InvalidRequirement, Requirement
from pip._vendor.packaging.utils import canonicalize_name

WINDOWS = dict(default_environment(), sys_platform="win32", platform_system="Windows", os_name="nt",
               platform_machine="AMD64", python_version="3.11", python_full_version="3.11.9",
               implementation_name="cpython", platform_python_implementation="CPython")


def main(site: str) -> None:
    installed, wanted = set(), {}
    for meta in Path(site).glob("*.dist-info/METADATA"):
        text = meta.read_text(encoding="utf-8", errors="replace")
        name = next((line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Name:")), None)
        if name:
            installed.add(canonicalize_name(name))
        for line in text.splitlines():
            if not line.startswith("Requires-Dist:"):
                continue
            try:
                req = Requirement(line.split(":", 1)[1].strip())
            except InvalidRequirement:
                continue
            if req.marker is None or not req.marker.evaluate(dict(WINDOWS, extra="")):
                continue
            wanted.setdefault(canonicalize_name(req.name), str(req).split(";")[0].strip())
    for name, spec in sorted(wanted.items()):
        if name not in installed:
            print(spec)


if __name__ == "__main__":
    main(sys.argv[1])
