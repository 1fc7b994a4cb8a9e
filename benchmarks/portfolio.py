"""What the portfolio pages cost as the maps grow: `/opportunities/` and `/landscape/`.

For sites of the generated corpus (benchmarks/corpus.py: phases, sub-journeys, scored
opportunities taken up by action items) sized so that they hold about 1,500, 3,000 and
6,000 opportunities, this loads and validates each site once, then times the rendering
of the two pages from the checked model (the pure step the plugin and `cxmaps generate`
share), best of --repeat runs in CPU time (the garbage collector paused, as `timeit`
does), and prints each time, the time per item and the ratio to the previous size.

Target: linear. Doubling the opportunities (or the journeys) at most 2.2 × the time.

    python benchmarks/portfolio.py [--sizes 1500,3000,6000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime
import functools
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import TODAY, generate
from cxmaps.mkdocs.options import read_layout
from cxmaps.publish.context import SiteContext, context
from cxmaps.publish.landscape import landscape_page
from cxmaps.publish.opportunities import opportunities_page
from cxmaps.site.loader import Loader
from cxmaps.site.validate import validate

MAX_RATIO = 2.2
OPPORTUNITIES_PER_JOURNEY = 27
"""About what the corpus writes per journey (6 stages of 5 touchpoints)."""


def best(repeat: int, step: Callable[[], object]) -> float:
    """The best CPU time of `repeat` runs, the garbage collector paused as `timeit` does
    (a full collection walks the whole model loaded beside the page, and would charge
    the page for the size of the heap)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            step()
            times.append(time.process_time() - start)
        finally:
            gc.enable()
    return min(times)


def site(folder: Path, opportunities: int) -> SiteContext:
    journeys = max(1, round(opportunities / OPPORTUNITIES_PER_JOURNEY))
    generate(folder, journeys=journeys, personas=max(10, journeys // 3))
    report = validate(Loader(read_layout(folder), use_cache=False), TODAY)
    if report.errors:
        raise SystemExit(f"the corpus does not validate: {report.errors[0]}")
    return context(report.site, report.index, datetime.date(2026, 11, 23), {})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1500,3000,6000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    worst = 0.0
    previous: dict[str, tuple[int, float]] = {}
    print(f"{'page':<15} {'items':>7} {'journeys':>8} {'seconds':>8} {'µs/item':>8} "
          f"{'× prev':>7} {'size ×':>7}")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            ctx = site(Path(tmp), size)
        counts = {"opportunities": len(ctx.index.all_opportunities),
                  "landscape": len(ctx.site.journeys)}
        pages = {"opportunities": opportunities_page, "landscape": landscape_page}
        for name, page in pages.items():
            page(ctx)  # templates compiled once, as in a build
            seconds = best(args.repeat, functools.partial(page, ctx))
            n = counts[name]
            ratio = grown = ""
            if name in previous:
                last_n, last_s = previous[name]
                growth = seconds / last_s
                scale = n / last_n
                worst = max(worst, growth / scale * 2)  # as if the size had doubled
                ratio, grown = f"{growth:.2f}", f"{scale:.2f}"
            previous[name] = (n, seconds)
            print(f"{name:<15} {n:>7,} {len(ctx.site.journeys):>8,} {seconds:>8.3f} "
                  f"{seconds / n * 1e6:>8.1f} {ratio:>7} {grown:>7}")
    verdict = "ok" if worst <= MAX_RATIO else "TOO SLOW"
    print(f"worst growth, scaled to a doubling: {worst:.2f} × (target ≤ {MAX_RATIO}): "
          f"{verdict}")
    return 0 if worst <= MAX_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
