"""What readers see, in a real browser: Debian's Chromium driven by Playwright.

Every generated page of the example site, and of a site whose names are hostile, is
opened from a local server and must: load nothing from another origin, log no console
error, run no injected script, have every Mermaid diagram accepted by `mermaid.parse` in
the page and drawn (Material draws into a closed shadow root, so the host element's size
is checked), and have every internal link and anchor resolve.

Without Chromium these tests skip, except under CI (`CI` set), where they fail.
"""

from __future__ import annotations

import functools
import html
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlparse

import pytest

from conftest import REPO

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("CXMAPS_CHROMIUM", "/usr/bin/chromium"))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & [a](javascript:alert(1))'
_DIAGRAM = re.compile(r'<pre class="mermaid"><code>(.*?)</code></pre>', re.S)
_ALERTS = "window.__alerts = []; window.alert = (m) => window.__alerts.push(String(m));"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


@dataclass
class Served:
    base: str
    root: Path
    pages: list[str]
    cache: dict[str, str | None] = field(default_factory=dict)

    def fetch(self, url: str) -> str | None:
        """The HTML at a same-origin URL, or None where it does not exist."""
        if url not in self.cache:
            try:
                with urllib.request.urlopen(url) as response:
                    self.cache[url] = response.read().decode("utf-8", "replace")
            except urllib.error.HTTPError:
                self.cache[url] = None
        return self.cache[url]


def _build(root: Path, out: Path) -> None:
    env = {**os.environ, "CXMAPS_TODAY": "2026-11-23", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)],
                            cwd=root, capture_output=True, text=True, check=False, env=env)
    assert result.returncode == 0, result.stderr


def _hostile_site(root: Path) -> None:
    """A site whose every name tries to become HTML, a script or a link."""
    (root / "personas").mkdir(parents=True)
    (root / "journeys/buy").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Home\n")
    quoted = HOSTILE.replace("'", "''")
    (root / "mkdocs.yml").write_text(
        "site_name: Hostile\ntheme: {name: material, font: false}\nplugins:\n  - cxmaps:\n"
        f"      mermaid_js: {REPO / 'node_modules/mermaid/dist/mermaid.min.js'}\n")
    (root / "personas/p.md").write_text(f"---\nname: '{quoted}'\nrole: '{quoted}'\n---\n")
    (root / "journeys/buy/index.md").write_text(
        f"---\ntitle: '{quoted}'\npersona: p\nowner: '{quoted}'\nreviewed: 2026-11-01\n---\n")
    (root / "journeys/buy/01-pay.md").write_text(
        f"---\nname: '{quoted}'\ntouchpoints:\n  - name: '{quoted}'\n    emotion: 2\n"
        f"    thought: '{quoted}'\n    pain_points:\n      - text: '{quoted}'\n"
        f"        evidence: ['{quoted}']\nactions:\n  - id: fix\n    title: '{quoted}'\n"
        f"    owner: '{quoted}'\n    status: open\n---\n")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM} (apt-get install chromium) or no playwright"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


def _serve(site: Path) -> Iterator[Served]:
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    try:
        yield Served(base, site, pages)
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    out = tmp_path_factory.mktemp("example") / "site"
    _build(REPO, out)
    yield from _serve(out)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("hostile")
    _hostile_site(root)
    _build(root, root / "site")
    yield from _serve(root / "site")
    shutil.rmtree(root, ignore_errors=True)


# Material's version selector asks for mike's versions.json, which only a site published
# with mike has (one folder up from each version); a plain build answers 404.
_MIKE_VERSIONS = re.compile(r"/versions\.json$")


def _check_page(browser: Any, served: Served, page_path: str) -> list[str]:
    """Every problem a reader would meet on one page."""
    problems: list[str] = []
    url = served.base + page_path.removesuffix("index.html")
    page = browser.new_page()
    page.add_init_script(_ALERTS)
    page.on("request", lambda request: (
        None if request.url.startswith((served.base, "data:", "blob:", "about:"))
        else problems.append(f"request to another origin: {request.url}")))
    page.on("console", lambda msg: (
        problems.append(f"console error: {msg.text}")
        if msg.type == "error" and not _MIKE_VERSIONS.search(msg.location.get("url", ""))
        else None))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    try:
        page.goto(url, wait_until="networkidle")
        source = served.fetch(url) or ""
        diagrams = [html.unescape(d) for d in _DIAGRAM.findall(source)]
        if diagrams:
            page.wait_for_function(f"document.querySelectorAll('div.mermaid').length >= "
                                   f"{len(diagrams)}", timeout=20_000)
            for text in diagrams:
                ok = page.evaluate("async (t) => { try { await mermaid.parse(t); return true; }"
                                   " catch (e) { return String(e); } }", text)
                if ok is not True:
                    problems.append(f"mermaid.parse refused a diagram: {ok}")
            sizes = page.evaluate("[...document.querySelectorAll('div.mermaid')]"
                                  ".map(e => [e.offsetWidth, e.offsetHeight])")
            problems += [f"a diagram drawn at {w}x{h}" for w, h in sizes if not (w and h)]
        alerts = page.evaluate("window.__alerts")
        problems += [f"injected script ran: alert({a})" for a in alerts]
        problems += _links(page, served, url)
    finally:
        page.close()
    return [f"{page_path}: {p}" for p in problems]


def _links(page: Any, served: Served, url: str) -> list[str]:
    problems = []
    hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
    for href in sorted(set(hrefs)):
        if not href.startswith(served.base):
            if urlparse(href).scheme == "javascript":
                problems.append(f"a javascript: link {href}")
            continue
        target, fragment = urldefrag(href)
        text = served.fetch(target)
        if text is None:
            problems.append(f"broken link {href}")
        elif fragment and f'id="{fragment}"' not in text:
            problems.append(f"missing anchor {href}")
    return problems


def test_every_page_of_the_example_site_works(browser: Any, example_site: Served) -> None:
    assert len(example_site.pages) > 40
    problems = [p for page in example_site.pages
                for p in _check_page(browser, example_site, page)]
    assert problems == []


def test_hostile_names_stay_text(browser: Any, hostile_site: Served) -> None:
    problems = [p for page in hostile_site.pages
                for p in _check_page(browser, hostile_site, page)]
    assert problems == []
    page = browser.new_page()
    page.goto(hostile_site.base + "personas/p/")
    heading, title = page.inner_text("article h1"), page.title()
    page.close()
    assert heading == HOSTILE and title == f"{HOSTILE} - Hostile"
