"""Edit-to-preview under `mkdocs serve` on the generated corpus (benchmarks/corpus.py).

In one run: a whole `mkdocs build` of the corpus (the baseline), then `mkdocs serve`
(plain, as `make serve` runs it; `--dirty` with --dirty) on the same files, and, --repeat
times each, an edit of a stage, of a journey and of a persona. Each edit's figure is the
wall time from saving the file to the server answering with the changed page (the page
is fetched every 20 ms until its content changes), which includes the server noticing the
change. Printed: best and median per edit, and each as a share of the whole build.

Targets: the changed page within 1.5 s of saving, and within 0.05 × the whole build.

    python benchmarks/serve.py [--journeys 1000] [--repeat 5] [--dirty] [--keep DIR]

With --in-process the server's first build and its builder after each edit run in this
process (as tests/test_preview.py drives them: no HTTP, no polling), and the figure is
the builder's own time; --profile DIR writes a cProfile of each update there
(`python -m pstats DIR/stage-0.prof`).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import MERMAID, WITH_PLUGIN
from corpus import generate

CONFIG = WITH_PLUGIN.format(mermaid=MERMAID)
"""The build benchmark's site: Material, search, the same extensions."""
TARGET_SECONDS, TARGET_SHARE = 1.5, 0.05


def whole_build(maps: Path, site: Path) -> float:
    shutil.rmtree(site, ignore_errors=True)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
                            cwd=maps, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"mkdocs build failed:\n{result.stderr[-3000:]}")
    return seconds


class Server:
    def __init__(self, maps: Path, dirty: bool, log: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.log = log
        argv = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}"]
        if dirty:
            argv.append("--dirty")
        self.process = subprocess.Popen(argv, cwd=maps, stdout=log.open("w"),
                                        stderr=subprocess.STDOUT)

    def get(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}",
                                        timeout=30) as response:
                return str(response.read().decode())
        except (urllib.error.URLError, OSError):
            return None

    def wait(self, ready: Callable[[], bool], what: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"mkdocs serve stopped:\n{self.log.read_text()[-3000:]}")
            if ready():
                return
            time.sleep(0.02)
        sys.exit(f"waited {timeout} s for {what}:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)

    def cpu(self) -> float:
        """CPU seconds (user and system) the server has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def edit_to_page(server: Server, path: Path, edit: Callable[[str], str], page: str,
                 seen: str, cpu: list[float]) -> float:
    """Save the edited file; seconds until the server answers with a changed page (and
    the server's CPU seconds in that time appended to `cpu`)."""
    pages = page.split()
    assert server.get(pages[0]) is not None, page
    used = server.cpu()
    path.write_text(edit(path.read_text()))
    start = time.perf_counter()
    for shown in pages:  # the first a small page polled every 20 ms, then the others
        server.wait(lambda shown=shown: seen in (server.get(shown) or ""),
                    f"{shown} to change", timeout=600)
    seconds = time.perf_counter() - start
    cpu.append(server.cpu() - used)
    return seconds


class InProcess:
    """`mkdocs serve` without the HTTP server: its first build, then its builder (which the
    cxmaps plugin wraps) after each edit."""

    URL = "http://127.0.0.1:8000/"

    def __init__(self, maps: Path, site: Path, dirty: bool, profile: Path | None) -> None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        os.chdir(maps)
        self.site, self.profile = site, profile
        self.rounds: dict[str, int] = {}
        self.cpu: dict[str, list[float]] = {}
        """Each update's CPU time (the machine is shared: wall time counts the neighbours)."""
        config = load_config(config_file=str(maps / "mkdocs.yml"), site_dir=str(site))
        config.site_url = self.URL
        config.plugins.on_startup(command="serve", dirty=dirty)

        def whole(config: object = None) -> None:
            fresh = load_config(config_file=str(maps / "mkdocs.yml"), site_dir=str(site))
            fresh.site_url = self.URL
            build(fresh, serve_url=self.URL, dirty=dirty)
            self.whole_builds += 1

        self.whole_builds = 0
        self.server = SimpleNamespace(builder=whole, watch=lambda path: None)
        start, cpu = time.perf_counter(), time.process_time()
        build(config, serve_url=self.URL, dirty=dirty)
        self.first, self.first_cpu = time.perf_counter() - start, time.process_time() - cpu
        self.plugin = config.plugins["cxmaps"]
        config.plugins.on_serve(self.server, config=config, builder=whole)

    def get(self, path: str) -> str | None:
        try:
            return (self.site / path / "index.html").read_text()
        except OSError:
            return None

    def edit(self, kind: str, path: Path, edit: Callable[[str], str], page: str,
             seen: str) -> float:
        path.write_text(edit(path.read_text()))
        builds = self.whole_builds
        profiler = cProfile.Profile(time.process_time) if self.profile else None
        start, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        self.server.builder()
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - start
        self.cpu.setdefault(kind, []).append(time.process_time() - cpu)
        if profiler and self.profile:
            self.profile.mkdir(parents=True, exist_ok=True)
            self.rounds[kind] = self.rounds.get(kind, -1) + 1
            profiler.dump_stats(self.profile / f"{kind}-{self.rounds[kind]}.prof")
        for shown in page.split():
            if seen not in (self.get(shown) or ""):
                sys.exit(f"{shown} does not show {seen!r} after the {kind} edit")
        if self.whole_builds != builds:
            print(f"  ({kind} edit: a whole build)", flush=True)
        return seconds

    def stop(self) -> None:
        self.plugin.on_shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--journeys", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dirty", action="store_true", help="serve with --dirty")
    parser.add_argument("--keep", type=Path, help="keep the corpus and sites in this folder")
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: edit the corpus a previous run left there")
    parser.add_argument("--in-process", action="store_true",
                        help="time the server's builder in this process (no HTTP)")
    parser.add_argument("--no-whole", action="store_true",
                        help="leave the whole `mkdocs build` out (the server's first build "
                             "is the baseline)")
    parser.add_argument("--profile", type=Path, help="with --in-process: cProfile each "
                        "update into this folder")
    args = parser.parse_args()
    if not MERMAID.is_file():
        sys.exit(f"{MERMAID} is missing: run `make setup` first")
    work = args.keep or Path(tempfile.mkdtemp(prefix="cxmaps-serve-bench-"))
    maps = work / f"maps-{args.journeys}"
    if not (args.reuse and (maps / "mkdocs.yml").is_file()):
        shutil.rmtree(maps, ignore_errors=True)
        generate(maps, journeys=args.journeys, personas=max(10, args.journeys // 3), seed=1)
        (maps / "mkdocs.yml").write_text(CONFIG)
    journeys = sorted((maps / "journeys").iterdir())
    journey = journeys[len(journeys) // 2]
    stage = next(path for path in sorted(journey.glob("0*.md"))  # one with a goal to edit
                 if re.search(r"^goal: ", path.read_text(), flags=re.M))
    persona = re.search(r"^persona: (\S+)", (journey / "index.md").read_text(), re.M)
    assert persona is not None
    persona_file = maps / "personas" / f"{persona[1]}.md"
    pained = next(path for path in sorted(journey.glob("0*.md"))
                  if "pain_points:" in path.read_text())
    page = f"journeys/{journey.name}/"
    def edits(n: int) -> list[tuple[str, Path, Callable[[str], str], str, str]]:
        """The round's edits: kind, file, how, the pages that show it (the page an author
        looks at first, then others it changes, separated by spaces), the word shown."""
        def put(field: str, word: str) -> Callable[[str], str]:
            label = word.rstrip("0123456789x")
            return lambda t: re.sub(rf"^{field}: (?:{label}\d+x )?", f"{field}: {word} ", t,
                                    count=1, flags=re.M)
        def pain(word: str) -> Callable[[str], str]:
            """The first pain point's text: the pain points, opportunities and health
            pages, which list every journey's, show it."""
            def edit(text: str) -> str:
                at = text.index("pain_points:")
                return text[:at] + re.sub(r"(\btext: )(?:Pain\d+x )?", rf"\g<1>{word} ",
                                          text[at:], count=1)
            return edit
        return [("stage", stage, put("goal", f"Stage{n}x"), page, f"Stage{n}x"),
                ("journey", journey / "index.md", put("scope", f"Journey{n}x"), page,
                 f"Journey{n}x"),
                ("persona", persona_file, put("role", f"Persona{n}x"),
                 f"personas/{persona[1]}/", f"Persona{n}x"),
                ("roll-up", pained, pain(f"Pain{n}x"), f"{page} pain-points/", f"Pain{n}x")]

    times: dict[str, list[float]] = {"stage": [], "journey": [], "persona": [], "roll-up": []}
    try:
        whole = 0.0
        if not args.no_whole:
            print(f"{args.journeys} journeys; whole `mkdocs build` ...", flush=True)
            whole = whole_build(maps, work / "site")
            print(f"whole build: {whole:.1f} s", flush=True)
        if args.in_process:
            inproc = InProcess(maps, work / "served", args.dirty, args.profile)
            print(f"the server's first build (in-process): {inproc.first:.1f} s, "
                  f"{inproc.first_cpu:.1f} s of CPU", flush=True)
            whole = whole or inproc.first
            try:
                for n in range(args.repeat):
                    for kind, path, edit, shown, word in edits(n):
                        times[kind].append(inproc.edit(kind, path, edit, shown, word))
                    print(f"round {n + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s"
                                                         for k, v in times.items()), flush=True)
            finally:
                inproc.stop()
            for kind, values in inproc.cpu.items():
                median = statistics.median(values)
                print(f"{kind} CPU s: best {min(values):.2f}, median {median:.2f} "
                      f"({median / inproc.first_cpu:.4f} of the first build's CPU)")
        else:
            server = Server(maps, args.dirty, work / "serve.log")
            cpu: dict[str, list[float]] = {kind: [] for kind in times}
            try:
                start = time.perf_counter()
                server.wait(lambda: server.get(page) is not None
                            and "Serving on" in server.log.read_text(),
                            "the first build", timeout=7200)
                first, first_cpu = time.perf_counter() - start, server.cpu()
                print(f"the server's first build: {first:.1f} s, {first_cpu:.1f} s of CPU",
                      flush=True)
                whole = whole or first
                for n in range(args.repeat):
                    for kind, path, edit, shown, word in edits(n):
                        times[kind].append(edit_to_page(server, path, edit, shown, word,
                                                        cpu[kind]))
                    print(f"round {n + 1}: " + ", ".join(
                        f"{k} {v[-1]:.2f} s ({cpu[k][-1]:.2f} s CPU)" for k, v in times.items()),
                        flush=True)
            finally:
                server.stop()
            for kind, values in cpu.items():
                median = statistics.median(values)
                print(f"{kind} CPU s of the server: best {min(values):.2f}, median "
                      f"{median:.2f} ({median / first_cpu:.4f} of its first build's CPU)")
        mode = "mkdocs serve --dirty" if args.dirty else "mkdocs serve"
        mode += " (in-process)" if args.in_process else ""
        print(f"\n{mode}, {args.journeys} journeys, whole build {whole:.1f} s "
              f"(best / median of {args.repeat})")
        print(f"{'edit':<8} {'best s':>7} {'median s':>9} {'best/whole':>11} "
              f"{'median/whole':>13}  target ≤ {TARGET_SECONDS} s and ≤ {TARGET_SHARE}")
        for kind, values in times.items():
            best, median = min(values), statistics.median(values)
            met = median <= TARGET_SECONDS and median / whole <= TARGET_SHARE
            print(f"{kind:<8} {best:>7.2f} {median:>9.2f} {best / whole:>11.3f} "
                  f"{median / whole:>13.3f}  {'met' if met else 'MISSED'}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
