"""How fast `cxmaps validate` is on a large site, against bare YAML parsers, in one run.

Generates the corpus of benchmarks/corpus.py (1,000 journeys x 6 stages x 5 touchpoints,
300 personas by default) and prints, all measured now on this machine:

* bare yaml-rs and bare PyYAML CSafeLoader parses of the same front matter (strings
  already in memory: the parsers' own cost, nothing else);
* `cxmaps validate` cold (no cache), warm (nothing changed) and after editing one file,
  each a whole command run, interpreter start-up included;
* the peak memory of the cold run (its process and any it started);
* the CPU of a cold run's two processes apart, and what they make on two free cores: the
  parent's start-up, then the middle phase (parsing, and checking each journey, where the
  code does that there), then the parent's checks across files and cache writing. Where
  the two processes share the middle phase's journeys as they go (they then finish
  together), each does half of its work on two free cores; where the code split the
  files before the fork, the longer of the two counts;
* the ratios against the targets of issues 2 and 13;
* with --baseline DIR (the `plugins` folder of another checkout, such as `git archive
  main plugins`), the same runs of that code too, in the same run, the two taking turns.

Figures are the best of --repeat runs, with the spread (the slowest run) beside them:
the machines are shared and noisy. The CPU seconds (the command's and its child's) move
less with the load than the wall-clock time does.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
import yaml_rs

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate

_RUN = """
import atexit, resource, sys, time
marks = [0.0, 0.0]
balanced = 0
def own_peak():
    # this process's own: ru_maxrss keeps the benchmark's size from before the exec
    try:
        with open("/proc/self/status") as status:
            return next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
def report():
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = kids.ru_utime + kids.ru_stime
    sys.stderr.write(f"\\nPEAK_KB {max(own_peak(), kids.ru_maxrss)} CHILD_CPU {cpu} "
                     f"FORK {marks[0]} PARSED {marks[1]} BALANCED {balanced}\\n")
atexit.register(report)
sys.argv = ["cxmaps", "validate", sys.argv[1]]
def timed(run):
    def wrapper(*args, **kwargs):
        marks[0] = time.process_time()
        try:
            return run(*args, **kwargs)
        finally:
            marks[1] = time.process_time()
    return wrapper
try:  # journeys parsed and checked in two processes
    from cxmaps.site import split
    split._in_two = timed(split._in_two)
    balanced = 1
except ImportError:  # files parsed in two processes, checked in one (older code)
    from cxmaps.site import loader
    loader.parse_files = timed(loader.parse_files)
from cxmaps.cli import main
main()
"""
"""Runs the real command in a process that reports its peak memory (and its child's),
the child's CPU, and the parent's CPU when it started and finished parsing (and, where
the code checks each journey in the process that parsed it, checking it)."""


@dataclass
class Runs:
    """The wall-clock and CPU seconds and peak memory of repeated runs of one command."""

    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    child_cpus: list[float] = field(default_factory=list)
    """The CPU seconds of the process the command forked (0 where it forked none)."""
    phases: list[tuple[float, float]] = field(default_factory=list)
    """The parent's CPU seconds when it started parsing and when it had every entry."""
    peaks: list[float] = field(default_factory=list)
    summary: str = ""
    balanced: bool = False
    """Whether the two processes share the work as they go (they then finish together on
    two free cores), rather than by a split made before they start."""

    def add(self, seconds: float, cpu: float, child_cpu: float, phases: tuple[float, float],
            peak_mb: float, summary: str, balanced: bool) -> None:
        self.walls.append(seconds)
        self.cpus.append(cpu)
        self.child_cpus.append(child_cpu)
        self.phases.append(phases)
        self.peaks.append(peak_mb)
        self.summary = summary
        self.balanced = balanced

    def split(self) -> str:
        """The CPU of the run that used least, as the command's own process and the one
        it forked; and what that makes on two free cores, where the parent starts alone,
        the two parse side by side (the parent also decoding the child's entries), and
        the parent alone checks across files and writes the cache once all have come."""
        least = self._least()
        child = self.child_cpus[least]
        parent = self.cpus[least] - child
        start, parsed = self.phases[least]
        free = self.free_cores()
        how = ("the two sharing the middle phase evenly, as they do when neither waits for "
               "a core; with the longer of the two as measured: "
               f"{self.free_cores(balanced=False):.3f} s" if self.balanced else
               "where neither process waits for the other")
        return (f"{'':<30} CPU split: parent {parent:6.3f} s (start {start:.3f}, parsing "
                f"{parsed - start:.3f}, after {parent - parsed:.3f}), forked child "
                f"{child:6.3f} s\n{'':<30} on two free cores: {free:6.3f} s ({how})")

    def _least(self) -> int:
        return min(range(len(self.cpus)), key=self.cpus.__getitem__)

    def free_cores(self, balanced: bool | None = None) -> float:
        """The wall-clock seconds of the least-CPU run had it had two free cores. Where
        the processes share the work as they go, each then does half of the middle
        phase's work (measured under load, the one that got more of a core did more)."""
        least = self._least()
        child = self.child_cpus[least]
        start, parsed = self.phases[least]
        both = (parsed - start + child) / 2 if (self.balanced if balanced is None
                                                else balanced) else max(parsed - start, child)
        return start + both + self.cpus[least] - child - parsed

    @property
    def best(self) -> float:
        return min(self.walls)

    def row(self, name: str, note: str = "") -> str:
        return (f"{name:<30} {self.best:7.3f} s  (slowest {max(self.walls):6.3f} s, "
                f"CPU {min(self.cpus):6.3f} s){note}")


def front_matter(root: Path) -> list[str]:
    texts = []
    for path in sorted(root.rglob("*.md")):
        if "docs" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        texts.append(text.split("\n---\n", 1)[0].removeprefix("---\n") + "\n")
    return texts


def best(repeat: int, run: Callable[[], object]) -> tuple[float, float, float]:
    """The fastest and the slowest of `repeat` runs, and the least CPU, in seconds."""
    times, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        run()
        times.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return min(times), max(times), min(cpus)


def command(root: Path, plugins: Path | None = None
            ) -> tuple[float, float, float, tuple[float, float], float, str, bool]:
    """Seconds, CPU seconds (with the child's), the child's CPU seconds, the parent's CPU
    seconds when it started and finished parsing, peak MB and the summary line of one
    `cxmaps validate` run; of the code in `plugins` where given."""
    env = dict(os.environ)
    if plugins is not None:
        env["PYTHONPATH"] = str(plugins)
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", _RUN, str(root)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate()
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - _cpu_before(usage)
    if process.returncode not in (0, 1):
        raise SystemExit(f"cxmaps validate failed:\n{err}")
    report = err.rsplit("PEAK_KB", 1)[1].split()
    peak, child = int(report[0]) / 1024, float(report[2])
    phases = float(report[4]), float(report[6])
    return (seconds, cpu, child, phases, peak, out.strip().splitlines()[-1],
            report[8] == "1")


_SPENT = [0.0]


def _cpu_before(usage: resource.struct_rusage) -> float:
    """The children's CPU seconds before the last run (RUSAGE_CHILDREN only adds up)."""
    before, _SPENT[0] = _SPENT[0], usage.ru_utime + usage.ru_stime
    return before


Side = tuple[Runs, Runs, Runs]
"""One code's cold (no cache), warm (nothing changed) and one-file-edited runs."""


def measure(root: Path, repeat: int, sides: dict[str, Path | None],
            bare: Callable[[], object]) -> tuple[dict[str, Side], tuple[float, float, float]]:
    """Each side's cold, warm and edited runs, and the `bare` parse's best, slowest and
    least CPU, all taking turns round after round: on a shared machine the load drifts,
    and it should drift under each alike."""
    runs = {name: (Runs(), Runs(), Runs()) for name in sides}
    cache = root / ".cxmaps-cache"
    touched = next((root / "journeys").iterdir()) / "index.md"
    parses = []
    for _ in range(repeat):
        parses.append(best(1, bare))
        for name, plugins in sides.items():
            cold, warm, edited = runs[name]
            shutil.rmtree(cache, ignore_errors=True)
            cold.add(*command(root, plugins))
            warm.add(*command(root, plugins))
            os.utime(touched)
            edited.add(*command(root, plugins))
    walls = [wall for wall, _, _ in parses]
    return runs, (min(walls), max(walls), min(cpu for _, _, cpu in parses))


def verdicts(cold: Runs, warm: Runs, bare_rs: float, bare_py: float,
             cpus: tuple[float, float]) -> list[str]:
    """The targets in wall-clock time as measured; and on two free cores, from the CPU
    seconds of this run (`cpus`: the bare parsers', one process each)."""
    peak = max(cold.peaks)
    free, (rs_cpu, py_cpu) = cold.free_cores(), cpus
    rows = [
        ("cold / bare yaml-rs", cold.best / bare_rs, "<= 2.0", cold.best / bare_rs <= 2.0),
        ("bare CSafeLoader / cold", bare_py / cold.best, ">= 5.0", bare_py / cold.best >= 5.0),
        ("  two free cores, from CPU:", None, "", True),
        ("  cold / bare yaml-rs", free / rs_cpu, "<= 2.0", free / rs_cpu <= 2.0),
        ("  bare CSafeLoader / cold", py_cpu / free, ">= 5.0", py_cpu / free >= 5.0),
        ("warm / cold", warm.best / cold.best, "<= 0.3", warm.best / cold.best <= 0.3),
        ("peak memory MB", peak, "<= 400", peak <= 400),
    ]
    return [name if value is None else
            f"{name:<30} {value:7.2f}   target {target:<7} {'met' if ok else 'MISSED'}"
            for name, value, target, ok in rows]
    return [f"{name:<30} {value:7.2f}   target {target:<7} {'met' if ok else 'MISSED'}"
            for name, value, target, ok in rows]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=1000)
    parser.add_argument("--stages", type=int, default=6)
    parser.add_argument("--touchpoints", type=int, default=5)
    parser.add_argument("--personas", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", type=Path, metavar="DIR",
                        help="the plugins folder of another checkout, measured alongside")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="cxmaps-bench-"))
    try:
        root = work / "site"
        counts = generate(root, journeys=args.journeys, stages=args.stages,
                          touchpoints=args.touchpoints, personas=args.personas)
        texts = front_matter(root)
        size = sum(len(t.encode()) for t in texts)
        print(f"corpus: {counts['files']:,} files, {counts['touchpoints']:,} touchpoints, "
              f"{counts['pain_points']:,} pain points, {counts['actions']:,} actions, "
              f"{size / 1e6:.1f} MB of front matter")
        print(f"load average at the start: {os.getloadavg()[0]:.1f} "
              f"({os.cpu_count()} cores)")

        bare_py, py_slowest, py_cpu = best(max(1, args.repeat - 1),
                                   lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts])
        code: dict[str, Path | None] = {"this code": None}
        if args.baseline is not None:
            code["baseline"] = args.baseline.resolve()
        sides, (bare_rs, rs_slowest, rs_cpu) = measure(
            root, args.repeat, code,
            lambda: [yaml_rs.loads(t, parse_datetime=False) for t in texts])
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")

        print(f"result: {sides['this code'][0].summary}")
        print(f"{'bare yaml-rs parse':<30} {bare_rs:7.3f} s  (slowest {rs_slowest:6.3f} s, "
              f"CPU {rs_cpu:6.3f} s)")
        print(f"{'bare PyYAML CSafeLoader':<30} {bare_py:7.3f} s  (slowest {py_slowest:6.3f} s, "
              f"CPU {py_cpu:6.3f} s)")
        for side, (cold, warm, edited) in sides.items():
            print(f"-- {side}")
            print(cold.row("cxmaps validate, cold", f", peak {max(cold.peaks):.1f} MB"))
            print(cold.split())
            print(warm.row("cxmaps validate, warm", "   (nothing changed)"))
            print(edited.row("cxmaps validate, 1 edited", "   (one file touched)"))
            for line in verdicts(cold, warm, bare_rs, bare_py, (rs_cpu, py_cpu)):
                print(line)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
