"""What the browser tests share: a built site served from a local server, what a reader
would meet on a page (requests to other origins, console and script errors, broken links
and anchors, Mermaid diagrams refused or not drawn), text contrast, and axe-core.

Imported by the browser tests as `browsing`; the example site they all open is built once
per session, by the `example_site` fixture in conftest.py."""

from __future__ import annotations

import functools
import html
import os
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlparse

from helpers import REPO, TODAY, mkdocs_build

DIAGRAM = re.compile(r'<pre class="mermaid"><code>(.*?)</code></pre>', re.S)
"""A Mermaid diagram in a page's HTML, as Material expects it."""
_ALERTS = "window.__alerts = []; window.alert = (m) => window.__alerts.push(String(m));"
UPDATE_SCREENSHOTS = bool(os.environ.get("CXMAPS_UPDATE_SCREENSHOTS"))
"""`make screenshots`: write the baselines and the README's pictures instead of comparing."""


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


def build_site(root: Path, out: Path, *args: str, site_url: str = "") -> None:
    """`mkdocs build` of the site at `root` into `out`, as the tests' day; `site_url` for
    Material's instant navigation, which needs the address the site is served at."""
    env = {"CXMAPS_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1",
           **({"CXMAPS_SITE_URL": site_url} if site_url else {})}
    result = mkdocs_build("-q", "-d", str(out), *args, cwd=root, env=env)
    assert result.returncode == 0, result.stderr


def free_server() -> ThreadingHTTPServer:
    """A server on a free port, to build a site for its address before serving it."""
    return ThreadingHTTPServer(("127.0.0.1", 0), _Quiet)


def serve_site(site: Path, server: ThreadingHTTPServer | None = None) -> Iterator[Served]:
    server = server or free_server()
    server.RequestHandlerClass = functools.partial(_Quiet, directory=str(site))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    try:
        yield Served(base, site, pages)
    finally:
        server.shutdown()


def watch(page: Any, served: Served, problems: list[str]) -> None:
    """Note every request to another origin, console error and script error of `page`."""
    page.on("request", lambda request: (
        None if request.url.startswith((served.base, "data:", "blob:", "about:"))
        else problems.append(f"request to another origin: {request.url}")))
    page.on("console", lambda msg: (
        problems.append(f"console error: {msg.text}") if msg.type == "error" else None))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))


def start_instant_navigation(browser: Any, served: Served, problems: list[str]) -> Any:
    """A page on the site's home, watched, with a marker that survives only Material's
    instant navigation: `is_same_document` tells afterwards that no page fully loaded."""
    page = browser.new_page()
    watch(page, served, problems)
    page.goto(served.base, wait_until="networkidle")
    page.evaluate("window.__sameDocument = true")
    return page


def is_same_document(page: Any) -> bool:
    return page.evaluate("window.__sameDocument") is True


def check_page(browser: Any, served: Served, page_path: str) -> list[str]:
    """Every problem a reader would meet on one page, opened in a tab of its own."""
    return check_pages(browser, served, [page_path])


def check_pages(browser: Any, served: Served, page_paths: list[str]) -> list[str]:
    """Every problem a reader would meet on each page, read one after another in one tab
    as a reader browses (a new tab costs Chromium a new renderer process, about four
    times a page's own work). Each page is loaded whole (`goto`, not instant navigation)."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(_ALERTS)
    seen: list[str] = []
    watch(page, served, seen)
    problems = []
    try:
        for page_path in page_paths:
            _read(page, served, page_path, seen)
            problems += [f"{page_path}: {p}" for p in seen]
            seen.clear()
    finally:
        context.close()
    return problems


def _read(page: Any, served: Served, page_path: str, problems: list[str]) -> None:
    """Load one page in `page` and add what is wrong with it to `problems`."""
    url = served.base + page_path.removesuffix("index.html")
    page.goto(url, wait_until="networkidle")
    source = served.fetch(url) or ""
    diagrams = [html.unescape(d) for d in DIAGRAM.findall(source)]
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


def contrast(page: Any, selector: str) -> float:
    """The contrast ratio (WCAG) of the first `selector` element's text or line colour
    against the background it sits on (its nearest opaque ancestor's)."""
    ratio: float = page.evaluate("""(selector) => {
        const el = document.querySelector(selector);
        const style = getComputedStyle(el);
        const rgb = (c) => {  // rgb()/rgba(), or color(srgb …) from color-mix() in 0–1
            const v = c.match(/[\\d.]+/g).map(Number);
            return c.startsWith('color(') ? [...v.slice(0, 3).map(x => x * 255), v[3] ?? 1] : v;
        };
        const colour = el instanceof SVGElement
            ? (style.fill !== 'none' ? style.fill : style.stroke) : style.color;
        const [r, g, b, a = 1] = rgb(colour);
        let under = el instanceof SVGElement ? el.ownerSVGElement.parentElement : el;
        while (under && rgb(getComputedStyle(under).backgroundColor)[3] === 0) {
            under = under.parentElement;
        }
        const bg = rgb(getComputedStyle(under || document.body).backgroundColor);
        const mix = [r, g, b].map((v, i) => v * a + bg[i] * (1 - a));
        const lum = (c) => {
            const [R, G, B] = c.map(v => v / 255).map(v =>
                v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
            return 0.2126 * R + 0.7152 * G + 0.0722 * B;
        };
        const [hi, lo] = [lum(mix), lum(bg)].sort((x, y) => y - x);
        return (hi + 0.05) / (lo + 0.05);
    }""", selector)
    return ratio


AXE = REPO / "node_modules/axe-core/axe.min.js"
PALETTES = {"light": "default", "dark": "slate"}
"""`prefers-color-scheme` as the browser reports it → Material's scheme for it."""


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations inside the page content (`.md-content`:
    what cxmaps and the maps put on the page; the header, navigation and footer are
    Material's)."""
    page.add_script_tag(path=str(AXE))
    found: list[str] = page.evaluate("""async () => {
        const result = await axe.run('.md-content', {resultTypes: ['violations']});
        return result.violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .flatMap(v => v.nodes.map(n =>
                `${v.id} (${v.impact}) at ${n.target.join(' ')}: ${n.failureSummary}`));
    }""")
    return found
