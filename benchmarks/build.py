"""What the cxmaps plugin costs a MkDocs build, and how build time grows with the maps.

For 100, 250 and 500 journeys of the generated corpus (benchmarks/corpus.py) this times,
side by side and in the same run:

* plugin: `mkdocs build` of the maps with the cxmaps plugin (cold: no .cxmaps-cache);
* plain:  `mkdocs build` of the site source `cxmaps generate` wrote beforehand: the same
  pages, theme, extensions, stylesheets and Mermaid, and no cxmaps plugin.

"own" is what the plugin reports spending in the build (validating the maps, generating the
pages), measured inside the same process and so far steadier than the difference of two
builds on a shared machine: plugin / plain should be about 1 / (1 - own share).

Targets: plugin ≤ 1.15 × plain; doubling the maps (250 → 500) at most 2.2 × the time.
Each figure is the CPU time (user + system) of the build, best of --repeat runs of the
two builds alternated: the machines are shared, and wall time would measure the
neighbours too.

    python benchmarks/build.py [--sizes 100,250,500] [--repeat 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import itertools
import math
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate

REPO = Path(__file__).resolve().parent.parent
MERMAID = REPO / "node_modules/mermaid/dist/mermaid.min.js"

COMMON = """\
site_name: Acme customer journeys
theme:
  name: material
  font: false
  features: [navigation.instant, navigation.sections]
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc: {{permalink: true}}
  - pymdownx.details
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""
WITH_PLUGIN = COMMON + """\
plugins:
  - search
  - cxmaps:
      mermaid_js: {mermaid}
"""
def _cpu_seconds(argv: list[str], cwd: Path, before: list[Path]) -> tuple[float, str]:
    """CPU seconds (user + system) of one build: on a shared machine wall time measures
    the neighbours as much as the build."""
    for path in before:
        shutil.rmtree(path, ignore_errors=True)
    start = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    end = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed in {cwd}:\n{result.stderr[-3000:]}")
    return (end.ru_utime - start.ru_utime) + (end.ru_stime - start.ru_stime), result.stderr


_OWN = re.compile(r"cxmaps: .* in ([0-9.]+) s of CPU")


def measure(work: Path, journeys: int, repeat: int) -> tuple[float, float, float, int]:
    """(plugin seconds, plain seconds, the plugin's own seconds within its build, pages)
    for a corpus of `journeys` journeys."""
    maps, plain = (work / f"{kind}-{journeys}" for kind in ("maps", "plain"))
    for folder in (maps, plain):
        shutil.rmtree(folder, ignore_errors=True)
    personas = max(10, journeys // 3)
    generate(maps, journeys=journeys, personas=personas, seed=1)
    (maps / "mkdocs.yml").write_text(WITH_PLUGIN.format(mermaid=MERMAID))
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-d"]
    subprocess.run([sys.executable, "-m", "cxmaps", "generate", str(maps), "--out", str(plain)],
                   check=True, capture_output=True)
    plugin_s = plain_s = own_s = float("inf")
    for _ in range(repeat):  # alternated, so that a busy spell weighs on both alike
        seconds, log = _cpu_seconds([*mkdocs, str(work / "site-plugin")], maps,
                                    [maps / ".cxmaps-cache", work / "site-plugin"])
        if seconds < plugin_s:
            plugin_s, own_s = seconds, float(_OWN.findall(log)[-1])
        plain_s = min(plain_s, _cpu_seconds([*mkdocs, str(work / "site-plain")], plain,
                                            [work / "site-plain"])[0])
    count = sum(1 for _ in (work / "site-plain").rglob("index.html"))
    return plugin_s, plain_s, own_s, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,250,500")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="keep the corpora and sites in this folder")
    args = parser.parse_args()
    if not MERMAID.is_file():
        sys.exit(f"{MERMAID} is missing: run `make setup` first")
    sizes = [int(n) for n in args.sizes.split(",")]
    work = args.keep or Path(tempfile.mkdtemp(prefix="cxmaps-build-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        print(f"{'journeys':>8} {'pages':>6} {'plugin cpu s':>13} {'plain cpu s':>12} "
              f"{'plugin/plain':>13} {'own cpu s':>10} {'own share':>10}")
        for n in sizes:
            plugin_s, plain_s, own_s, pages = measure(work, n, args.repeat)
            rows.append((n, plugin_s, plain_s))
            print(f"{n:>8} {pages:>6} {plugin_s:>13.2f} {plain_s:>12.2f} "
                  f"{plugin_s / plain_s:>13.2f} {own_s:>10.2f} {own_s / plugin_s:>10.1%}",
                  flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    worst = max(p / q for _, p, q in rows)
    print(f"plugin / plain, worst: {worst:.2f} (target ≤ 1.15: "
          f"{'met' if worst <= 1.15 else 'MISSED'})")
    for (n1, t1, _), (n2, t2, _) in itertools.pairwise(rows):
        growth = 2 ** (math.log2(t2 / t1) / math.log2(n2 / n1))  # time ratio per doubling
        print(f"{n1} → {n2} journeys: plugin time × {t2 / t1:.2f} for × {n2 / n1:.1f} maps, "
              f"{growth:.2f} per doubling (target ≤ 2.2: {'met' if growth <= 2.2 else 'MISSED'})")


if __name__ == "__main__":
    main()
