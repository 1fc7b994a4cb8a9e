"""How fast `cxmaps diff` is between two revisions of a large site, against validating one.

Generates the corpus of benchmarks/corpus.py (1,000 journeys by default), commits it,
changes 50 journeys (an emotion, an action's status and a new pain point in each),
commits again, and measures, all in this run, the best of --repeat whole-command runs:

* `cxmaps validate --no-cache` of one revision (cold);
* `cxmaps diff BASE HEAD` between the two commits (read from git, nothing checked out);
* `cxmaps diff BASE` against the working tree (every map file read and hashed).

Target (issue 4): a diff takes at most twice a cold validation.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate

_EMOTION = re.compile(r"emotion: ([1-5])\b")
_STATUS = re.compile(r"status: (open|in-progress)\b")


def git(root: Path, *args: str) -> str:
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1",
               GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.com",
               GIT_AUTHOR_DATE="2026-11-23T10:00:00+00:00",
               GIT_COMMITTER_DATE="2026-11-23T10:00:00+00:00")
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True,
                          text=True).stdout


def change_journeys(root: Path, count: int) -> int:
    """Edit `count` journeys spread over the corpus; returns the stage files edited."""
    journeys = sorted(p for p in (root / "journeys").iterdir() if p.is_dir())
    step = max(1, len(journeys) // count)
    edited = 0
    for folder in journeys[::step][:count]:
        stage = sorted(folder.glob("[0-9]*-*.md"))[0]
        text = stage.read_text(encoding="utf-8")
        text = _EMOTION.sub(lambda m: f"emotion: {6 - int(m[1]) if m[1] != '3' else 4}",
                            text, count=1)
        text = _STATUS.sub("status: done", text, count=1)
        stage.write_text(text, encoding="utf-8")
        index = folder / "index.md"
        body = index.read_text(encoding="utf-8")
        index.write_text(body.replace("\ntitle: ", "\ntitle: Revised ", 1), encoding="utf-8")
        edited += 2
    return edited


def run(root: Path, *args: str) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "cxmaps", *args], cwd=root,
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"cxmaps {' '.join(args)} failed:\n{done.stderr}")
    return seconds, done.stdout


def best(repeat: int, root: Path, *args: str) -> tuple[float, str]:
    runs = [run(root, *args) for _ in range(repeat)]
    return min(r[0] for r in runs), runs[0][1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=1000)
    parser.add_argument("--changed", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cxmaps-bench-diff-"))
    try:
        root = work / "site"
        counts = generate(root, journeys=args.journeys)
        (root / ".gitignore").write_text(".cxmaps-cache/\n")
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "base")
        edited = change_journeys(root, args.changed)
        git(root, "commit", "-q", "-am", "fifty journeys revised")
        print(f"corpus: {counts['files']:,} files; {args.changed} journeys changed "
              f"({edited} files)")

        validate, _ = best(args.repeat, root, "validate", ".", "--no-cache")
        between, text = best(args.repeat, root, "diff", "HEAD~1", "HEAD")
        worktree, _ = best(args.repeat, root, "diff", "HEAD~1")
        print(text.splitlines()[0])
        print(f"cxmaps validate, cold              {validate:7.3f} s")
        print(f"cxmaps diff HEAD~1 HEAD            {between:7.3f} s")
        print(f"cxmaps diff HEAD~1 (working tree)  {worktree:7.3f} s")
        for name, value in (("diff revisions / validate", between / validate),
                            ("diff working tree / validate", worktree / validate)):
            print(f"{name:<34} {value:7.2f}   target <= 2.0 "
                  f"{'met' if value <= 2.0 else 'MISSED'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
