"""What readers see, in a real browser: Debian's Chromium driven by Playwright.

Every generated page of the example site, and of a site whose names are hostile, is
opened from a local server and must: load nothing from another origin, log no console
error, run no injected script, have every Mermaid diagram accepted by `mermaid.parse` in
the page and drawn (Material draws into a closed shadow root, so the host element's size
is checked), and have every internal link and anchor resolve.

Without Chromium these tests skip, except under CI (`CI` set), where they fail.
"""

from __future__ import annotations

import contextlib
import html
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

import pytest

from browsing import (
    DIAGRAM,
    PALETTES,
    Served,
    build_site,
    check_pages,
    contrast,
    is_same_document,
    serious_violations,
    serve_site,
    start_instant_navigation,
)
from helpers import REPO, Build

pytestmark = pytest.mark.browser

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & [a](javascript:alert(1))'


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
def mermaid2_site(mermaid2_build: tuple[Build, Path]) -> Iterator[Served]:
    result, site = mermaid2_build
    assert result.returncode == 0, result.stderr
    yield from serve_site(site)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("hostile")
    _hostile_site(root)
    build_site(root, root / "site")
    yield from serve_site(root / "site")
    shutil.rmtree(root, ignore_errors=True)


def test_every_page_of_the_example_site_works(browser: Any, example_site: Served) -> None:
    assert len(example_site.pages) > 40
    assert check_pages(browser, example_site, example_site.pages) == []


def test_hostile_names_stay_text(browser: Any, hostile_site: Served) -> None:
    assert check_pages(browser, hostile_site, hostile_site.pages) == []
    page = browser.new_page()
    page.goto(hostile_site.base + "personas/p/")
    heading, title = page.inner_text("article h1"), page.title()
    page.close()
    assert heading == HOSTILE and title == f"{HOSTILE} - Hostile"


def test_every_page_of_the_mermaid2_variant_works(browser: Any, mermaid2_site: Served) -> None:
    assert check_pages(browser, mermaid2_site, mermaid2_site.pages) == []


JOURNEYS = ["delivery-problem", "first-purchase", "first-purchase-future",
            "invoice-and-payment", "reorder-supplies"]


def _search(page: Any, query: str, expected: str) -> list[str]:
    """The result links for `query`, once they include `expected` (or after 20 s): results
    arrive from a web worker and are redrawn as they come."""
    page.click("input.md-search__input")
    page.keyboard.type(query)  # Material searches on key presses, not on a filled value
    links = "[...document.querySelectorAll('.md-search-result__item a')].map(a => a.href)"
    with contextlib.suppress(Exception):  # the caller's assertion says what was found
        page.wait_for_function(
            f"(expected) => {links}.some(h => h.split(/[?#]/)[0] === expected)",
            arg=expected, timeout=20_000)
    found: list[str] = page.evaluate(links)
    return found


@pytest.mark.parametrize(("query", "found"), [
    ("substitute", "journeys/reorder-supplies/"),
    ("procurement", "personas/procurement-admin/"),
    ("fp-welcome-series", "actions/fp-welcome-series/"),
])
def test_search_finds_generated_pages(browser: Any, example_site: Served, query: str,
                                      found: str) -> None:
    page = browser.new_page()
    page.goto(example_site.base, wait_until="networkidle")
    links = _search(page, query, example_site.base + found)
    page.close()
    assert any(urldefrag(link)[0].split("?")[0] == example_site.base + found
               for link in links), links


def _diagrams_drawn(page: Any) -> list[tuple[int, int]]:
    page.wait_for_function("document.querySelectorAll('div.mermaid').length > 0",
                           timeout=20_000)
    sizes: list[tuple[int, int]] = page.evaluate(
        "[...document.querySelectorAll('div.mermaid')].map(e => [e.offsetWidth, e.offsetHeight])")
    return sizes


def test_instant_navigation_keeps_diagrams_working(browser: Any, example_site: Served) -> None:
    errors: list[str] = []
    page = start_instant_navigation(browser, example_site, errors)
    for journey in ("first-purchase", "reorder-supplies", "delivery-problem"):
        link = page.locator(f'a[href$="journeys/{journey}/"]:visible')
        if not link.count():  # a journey page hides the sidebar: go by the journeys index
            page.locator('a.md-tabs__link[href$="journeys/"]').first.click()
            page.wait_for_url("**/journeys/")
        link.first.click()
        page.wait_for_url(f"**/journeys/{journey}/")
        assert is_same_document(page), "a full page load, not instant"
        sizes = _diagrams_drawn(page)
        assert sizes and all(w > 100 and h > 100 for w, h in sizes), (journey, sizes)
        text = html.unescape(DIAGRAM.findall(example_site.fetch(page.url) or "")[0])
        assert page.evaluate("async (t) => (await mermaid.parse(t)) !== false", text)
    page.close()
    assert errors == []


@pytest.mark.parametrize("journey", JOURNEYS)
def test_the_canvas_scrolls_sideways_on_a_phone(browser: Any, example_site: Served,
                                                journey: str) -> None:
    phone = browser.new_context(viewport={"width": 390, "height": 844},
                                device_scale_factor=3, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(f"{example_site.base}journeys/{journey}/", wait_until="networkidle")
    layout = page.evaluate("""() => {
        const scroll = document.querySelector('.cx-canvas-scroll');
        const before = scroll.scrollLeft;
        scroll.scrollLeft = 200;
        return {page: document.documentElement.scrollWidth, window: window.innerWidth,
                overflow: getComputedStyle(scroll).overflowX, inner: scroll.scrollWidth,
                outer: scroll.clientWidth, before: before, after: scroll.scrollLeft};
    }""")
    phone.close()
    assert layout["page"] <= layout["window"], "the page itself scrolls sideways"
    assert layout["overflow"] == "auto" and layout["inner"] > layout["outer"]
    assert layout["before"] == 0 and layout["after"] > 0


A4_LANDSCAPE = {"width": 1032, "height": 730}
"""The printable area of A4 landscape with 12 mm margins, in CSS pixels (96 per inch)."""


@pytest.mark.parametrize("journey", JOURNEYS)
def test_the_canvas_prints_whole_and_legible_on_a4_landscape(
        browser: Any, example_site: Served, journey: str) -> None:
    page = browser.new_page(viewport=A4_LANDSCAPE)
    page.emulate_media(media="print")
    page.goto(f"{example_site.base}journeys/{journey}/", wait_until="networkidle")
    paper = page.evaluate("""() => {
        const canvas = document.querySelector('.cx-canvas');
        const curve = document.querySelector('svg.cx-curve-chart');
        const text = [...curve.querySelectorAll('text')]
            .map(t => parseFloat(getComputedStyle(t).fontSize));  // drawn unscaled
        return {right: Math.max(canvas.getBoundingClientRect().right,
                                curve.getBoundingClientRect().right),
                overflow: canvas.scrollWidth - canvas.clientWidth,
                canvasFont: parseFloat(getComputedStyle(canvas).fontSize),
                smallestCurveText: Math.min(...text)};
    }""")
    pdf = page.pdf(format="A4", landscape=True, print_background=True)
    page.close()
    assert paper["right"] <= A4_LANDSCAPE["width"] and paper["overflow"] <= 1, paper
    assert paper["canvasFont"] >= 9, paper  # 7 pt
    assert paper["smallestCurveText"] >= 6, paper  # about 4.5 pt: legible in print
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_canvas_and_diagram_are_readable_in_both_palettes(
        browser: Any, example_site: Served, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{example_site.base}journeys/reorder-supplies/", wait_until="networkidle")
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.dataset.mdColorScheme") == expected
    texts = {s: contrast(page, s) for s in (
        ".cx-canvas .cx-stage a", ".cx-canvas .cx-tp-name", ".cx-curve-axis text",
        ".cx-canvas th.cx-lane", ".cx-curve-callout", ".cx-canvas .cx-feeling",
        ".cx-canvas .cx-sev", ".cx-canvas .cx-channel", ".cx-legend span")}
    lines = {s: contrast(page, s) for s in (
        ".cx-persona-1 .cx-curve-line", ".cx-persona-2 .cx-curve-line")}
    sizes = _diagrams_drawn(page)
    context.close()
    assert all(ratio >= 4.5 for ratio in texts.values()), str(texts)
    assert all(ratio >= 3 for ratio in lines.values()), str(lines)
    assert sizes and all(w > 100 and h > 100 for w, h in sizes)


# --- Accessibility: axe-core (npm, pinned in package.json) in both palettes -------------

def _axe_every_page(browser: Any, served: Served, scheme: str) -> list[str]:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    problems = []
    try:
        for path in served.pages:
            page.goto(served.base + path.removesuffix("index.html"), wait_until="load")
            shown = page.evaluate("document.body.dataset.mdColorScheme")
            assert shown == PALETTES[scheme], f"{path}: the {scheme} palette is {shown}"
            problems += [f"{path}: {p}" for p in serious_violations(page)]
    finally:
        context.close()
    return problems


@pytest.mark.parametrize("scheme", PALETTES)
def test_no_page_of_the_example_site_has_a_serious_accessibility_violation(
        browser: Any, example_site: Served, scheme: str) -> None:
    assert _axe_every_page(browser, example_site, scheme) == []


@pytest.fixture(scope="session")
def init_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The site `cxmaps init` makes, with its own palette, built as its README says."""
    from helpers import cxmaps

    root = tmp_path_factory.mktemp("init") / "site"
    code, output = cxmaps("init", root)
    assert code == 0, output
    (root / "node_modules").symlink_to(REPO / "node_modules")
    build_site(root, root / "_site")
    yield from serve_site(root / "_site")


@pytest.mark.parametrize("scheme", PALETTES)
def test_no_page_of_a_new_site_has_a_serious_accessibility_violation(
        browser: Any, init_site: Served, scheme: str) -> None:
    assert len(init_site.pages) > 5
    assert _axe_every_page(browser, init_site, scheme) == []


def test_the_emotion_curve_is_named_by_its_title_and_described_by_its_description(
        browser: Any, example_site: Served) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{example_site.base}journeys/reorder-supplies/", wait_until="load")
    title, desc = page.evaluate("""() => {
        const svg = document.querySelector('svg.cx-curve-chart');
        return [svg.querySelector('title').textContent, svg.querySelector('desc').textContent];
    }""")
    cdp = context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "svg.cx-curve-chart"})
    [curve] = cdp.send("Accessibility.getPartialAXTree",
                       {"nodeId": node["nodeId"], "fetchRelatives": False})["nodes"][:1]
    context.close()
    assert curve["name"]["value"] == title
    assert curve["description"]["value"] == desc
