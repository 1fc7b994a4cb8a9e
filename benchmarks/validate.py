"""How fast `cxmaps validate` is on a large site, against bare YAML parsers, in one run.

Generates the corpus of benchmarks/corpus.py (1,000 journeys x 6 stages x 5 touchpoints,
300 personas by default) and prints, all measured now on this machine:

* bare yaml-rs and bare PyYAML CSafeLoader parses of the same front matter (strings
  already in memory: the parsers' own cost, nothing else);
* `cxmaps validate` cold (no cache), warm (nothing changed) and after editing one file,
  each a whole command run, interpreter start-up included;
* the peak memory of the cold run (its process and any it started);
* the ratios against the targets of issue 2.

Figures are the best of --repeat runs: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml
import yaml_rs

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate

# Runs the real command in a process that reports its peak memory (and its children's).
_RUN = """
import atexit, resource, sys
def report():
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    sys.stderr.write(f"\\nPEAK_KB {max(own, kids)}\\n")
atexit.register(report)
sys.argv = ["cxmaps", "validate", sys.argv[1]]
from cxmaps.cli import main
main()
"""


def front_matter(root: Path) -> list[str]:
    texts = []
    for path in sorted(root.rglob("*.md")):
        if "docs" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        texts.append(text.split("\n---\n", 1)[0].removeprefix("---\n") + "\n")
    return texts


def best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def command(root: Path) -> tuple[float, int, str]:
    """Seconds, peak kB and the summary line of one `cxmaps validate` run."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _RUN, str(root)], capture_output=True,
                            text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"cxmaps validate failed:\n{result.stderr}")
    peak = int(result.stderr.rsplit("PEAK_KB", 1)[1].split()[0])
    return seconds, peak, result.stdout.strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=1000)
    parser.add_argument("--stages", type=int, default=6)
    parser.add_argument("--touchpoints", type=int, default=5)
    parser.add_argument("--personas", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
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

        bare_rs = best(args.repeat, lambda: [yaml_rs.loads(t, parse_datetime=False)
                                             for t in texts])
        bare_py = best(max(1, args.repeat - 1), lambda: [yaml.load(t, Loader=yaml.CSafeLoader)
                                                          for t in texts])
        cache = root / ".cxmaps-cache"
        colds, peaks = [], []
        summary = ""
        for _ in range(args.repeat):
            shutil.rmtree(cache, ignore_errors=True)
            seconds, peak, summary = command(root)
            colds.append(seconds)
            peaks.append(peak)
        cold, peak_mb = min(colds), max(peaks) / 1024
        warm = min(command(root)[0] for _ in range(args.repeat))
        edited = next((root / "journeys").iterdir()) / "index.md"
        one_changed = []
        for _ in range(args.repeat):
            os.utime(edited)
            one_changed.append(command(root)[0])
        changed = min(one_changed)

        print(f"result: {summary}")
        print(f"bare yaml-rs parse          {bare_rs:7.3f} s")
        print(f"bare PyYAML CSafeLoader     {bare_py:7.3f} s")
        print(f"cxmaps validate, cold       {cold:7.3f} s")
        print(f"cxmaps validate, warm       {warm:7.3f} s   (nothing changed)")
        print(f"cxmaps validate, 1 edited   {changed:7.3f} s   (one file touched)")
        print(f"peak memory, cold           {peak_mb:7.1f} MB")
        rows = [
            ("cold / bare yaml-rs", cold / bare_rs, "<= 2.0", cold / bare_rs <= 2.0),
            ("bare CSafeLoader / cold", bare_py / cold, ">= 5.0", bare_py / cold >= 5.0),
            ("warm / cold", warm / cold, "<= 0.3", warm / cold <= 0.3),
            ("peak memory MB", peak_mb, "<= 400", peak_mb <= 400),
        ]
        for name, value, target, ok in rows:
            print(f"{name:<27} {value:7.2f}   target {target:<7} {'met' if ok else 'MISSED'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
