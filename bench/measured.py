"""Run `manage.py ARGS...` and, on exit, write this process's own peak resident memory (kB) to
the file named by BENCH_HWM_FILE.

Why not the parent's `wait4` rusage: on Linux a child's `ru_maxrss` starts from the bench
process's resident size at fork (the kernel carries the old address space's high-water mark
across exec), so every export read at least the bench's own ~90 MB. `VmHWM` in /proc/self/status
belongs to the address space made at exec: it is the command's own peak.
"""

import atexit
import os
import re
import runpy
import sys
from pathlib import Path


def peak_kb():
    status = Path("/proc/self/status").read_text()
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) if match else None


def _write_peak():
    target = os.environ.get("BENCH_HWM_FILE")
    peak = peak_kb() if Path("/proc/self/status").exists() else None
    if target and peak is not None:
        Path(target).write_text(str(peak))


if __name__ == "__main__":
    atexit.register(_write_peak)
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name="__main__")
