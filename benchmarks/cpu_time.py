"""The CPU time of a command's whole process tree, Chromium's renderers included.

    python3 benchmarks/cpu_time.py make test

`/usr/bin/time` counts only the processes that their parents waited for: Chromium's
renderer processes outlive the zygote that started them, are handed to init, and their
CPU time is lost (most of the browser tests' work). Here the command runs under a child
subreaper (Linux `prctl(PR_SET_CHILD_SUBREAPER)`), so every descendant, orphaned or not,
is reaped by this process and counted."""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def main(command: list[str]) -> int:
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit("cpu_time.py: cannot become a child subreaper (Linux only)")
    started = time.monotonic()
    main_process = subprocess.Popen(command)
    code = os.waitstatus_to_exitcode(_reap_until(main_process.pid))
    deadline = time.monotonic() + 30  # orphans still running: give them a while
    while time.monotonic() < deadline and _reap_one():
        pass
    wall = time.monotonic() - started
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"cpu_time.py: CPU {used.ru_utime + used.ru_stime:.1f} s (user {used.ru_utime:.1f} s, "
          f"system {used.ru_stime:.1f} s), wall {wall:.1f} s, exit {code}", file=sys.stderr)
    return code


def _reap_until(pid: int) -> int:
    """Reap children (orphans included) until `pid` ends; its wait status."""
    while True:
        reaped, status = os.wait()
        if reaped == pid:
            return status


def _reap_one() -> bool:
    """Reap a child that has ended, or wait a little; False once none is left."""
    try:
        reaped, _ = os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return False
    if not reaped:
        time.sleep(0.1)
    return True


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]) if sys.argv[1:] else "usage: cpu_time.py COMMAND [ARG...]")
