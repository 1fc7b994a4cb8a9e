"""What a journey page costs its reader: the weight of its HTML and how soon its canvas shows.

Builds the example site (with the plugin, as `mkdocs build` does) and, for every journey
page, prints:

* the size of its HTML (Mermaid's script, the stylesheets and fonts are files of their own
  and are not counted): target, the largest at most 150 KB;
* the time from navigation start until the canvas is painted (Element Timing) in headless
  Chromium (Debian's, at 1440×900, served from this machine; the best and the median of
  --repeat loads, each in a fresh browser context so nothing is cached): target, at most
  1 s for every page;
* the same for the example's home page, the baseline of the same run: a Material page
  without a canvas, so the ratio says what the canvas adds.

    python benchmarks/journey_page.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CXMAPS_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
MAX_KB = 150
MAX_SECONDS = 1.0

SHOWN = """() => new Promise((done) => {
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
            if (entry.identifier === 'cx-canvas') done(entry.renderTime || entry.loadTime);
        }
    }).observe({type: 'element', buffered: true});
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
            if (entry.name === 'first-contentful-paint' && !document.querySelector(
                '[elementtiming=cx-canvas]')) done(entry.startTime);
        }
    }).observe({type: 'paint', buffered: true});
})"""
"""When the canvas was painted (Element Timing: its corner cell has `elementtiming`, and a
table is painted whole once laid out), or, on a page without one, its first contentful
paint."""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # a page closed before Mermaid arrived: nothing to report


def build(out: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)],
                   cwd=REPO, check=True, env=env)


def shown_after(browser: Any, url: str, repeat: int) -> list[float]:
    """Seconds from navigation start to the canvas painted, one per fresh load."""
    times = []
    for _ in range(repeat):
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        page.goto(url, wait_until="commit")
        times.append(page.evaluate(SHOWN) / 1000)
        context.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="cxmaps-page-bench-") as tmp:
        site = Path(tmp) / "site"
        build(site)
        server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        pages = sorted(p.parent.name for p in (site / "journeys").glob("*/index.html"))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                home = shown_after(browser, base, args.repeat)
                print(f"{'page':<34} {'HTML KB':>8} {'shown best s':>13} {'median s':>9} "
                      f"{'÷ home':>7}")
                print(f"{'home (baseline, no canvas)':<34} "
                      f"{(site / 'index.html').stat().st_size / 1000:>8.1f} "
                      f"{min(home):>13.3f} {statistics.median(home):>9.3f} {1:>7.2f}")
                weights, slowest = [], 0.0
                for journey in pages:
                    kb = (site / "journeys" / journey / "index.html").stat().st_size / 1000
                    times = shown_after(browser, f"{base}journeys/{journey}/", args.repeat)
                    weights.append(kb)
                    slowest = max(slowest, statistics.median(times))
                    print(f"{'journeys/' + journey + '/':<34} {kb:>8.1f} {min(times):>13.3f} "
                          f"{statistics.median(times):>9.3f} "
                          f"{statistics.median(times) / statistics.median(home):>7.2f}")
                browser.close()
        finally:
            server.shutdown()
    heaviest = max(weights)
    print(f"largest journey page: {heaviest:.1f} KB of HTML (target ≤ {MAX_KB} KB: "
          f"{'met' if heaviest <= MAX_KB else 'MISSED'})")
    print(f"slowest canvas, median: {slowest:.3f} s (target ≤ {MAX_SECONDS} s: "
          f"{'met' if slowest <= MAX_SECONDS else 'MISSED'})")


if __name__ == "__main__":
    main()
