"""The portfolio pages in a real browser (Debian's Chromium through Playwright), in both
palettes: the landscape shows the whole lifecycle on a laptop and stacks on a phone, the
matrix reads from the quick wins, every heatmap cell's number reads at AA contrast, and
axe-core finds no serious violation. With CXMAPS_UPDATE_SCREENSHOTS (`make screenshots`)
the README's pictures of the landscape and the matrix are regenerated."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest

from browsing import PALETTES, UPDATE_SCREENSHOTS, Served, serious_violations
from helpers import REPO

pytestmark = pytest.mark.browser

PAGES = ["landscape/", "opportunities/", "pain-points/", "journeys/delivery-problem/",
         "journeys/reorder-supplies/", ""]

CONTRAST = """(cell) => {
    const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const lum = (c) => {
        const [r, g, b] = rgb(c).map((v) => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const style = getComputedStyle(cell);
    const weight = cell.querySelector('.cx-heat-weight');
    const [a, b] = [lum(getComputedStyle(weight).color), lum(style.backgroundColor)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


def _open(browser: Any, served: Served, path: str, scheme: str, width: int = 1440,
          height: int = 900) -> tuple[Any, Any]:
    context = browser.new_context(color_scheme=scheme,
                                  viewport={"width": width, "height": height})
    page = context.new_page()
    _goto(page, served, path, scheme)
    return context, page


def _goto(page: Any, served: Served, path: str, scheme: str) -> None:
    page.goto(served.base + path, wait_until="load")
    assert page.evaluate("document.body.dataset.mdColorScheme") == PALETTES[scheme]


@pytest.mark.parametrize("scheme", PALETTES)
def test_the_portfolio_pages_have_no_serious_accessibility_violation(
        browser: Any, example_site: Served, scheme: str) -> None:
    problems = []
    context, page = _open(browser, example_site, PAGES[0], scheme)
    for path in PAGES:  # one after another in one tab
        if path != PAGES[0]:
            _goto(page, example_site, path, scheme)
        problems += [f"/{path}: {p}" for p in serious_violations(page)]
    context.close()
    assert problems == []


@pytest.mark.parametrize("scheme", PALETTES)
def test_every_heatmap_number_reads_at_aa_contrast(browser: Any, example_site: Served,
                                                    scheme: str) -> None:
    context, page = _open(browser, example_site, "pain-points/", scheme)
    cells = page.query_selector_all("td.cx-heat")
    assert len(cells) > 15
    shades = {c.get_attribute("class") for c in cells}
    assert {"cx-heat cx-heat--0", "cx-heat cx-heat--4"} <= shades  # the lightest and darkest
    ratios = [round(c.evaluate(CONTRAST), 2) for c in cells]
    assert min(ratios) >= 4.5, ratios
    context.close()


@pytest.mark.parametrize("width", [1440, 1280])
def test_the_landscape_shows_the_whole_lifecycle_on_a_laptop(
        browser: Any, example_site: Served, width: int) -> None:
    context, page = _open(browser, example_site, "landscape/", "light", width)
    boxes = [c.bounding_box() for c in page.query_selector_all("section.cx-phase")]
    assert len(boxes) == 6
    assert all(b["x"] >= 0 and b["x"] + b["width"] <= width for b in boxes)
    assert [b["x"] for b in boxes] == sorted(b["x"] for b in boxes)  # left to right
    assert len({round(b["y"]) for b in boxes}) == 1  # one row
    pair = page.query_selector("section[aria-labelledby=phase-buy] .cx-jpair")
    current, future = [c.bounding_box() for c in pair.query_selector_all(".cx-jcard")]
    assert future["x"] >= current["x"] + current["width"] - 1  # side by side
    context.close()


def test_the_landscape_stacks_its_phases_on_a_phone(browser: Any,
                                                     example_site: Served) -> None:
    context, page = _open(browser, example_site, "landscape/", "light", 390, 844)
    boxes = [c.bounding_box() for c in page.query_selector_all("section.cx-phase")]
    assert [b["y"] for b in boxes] == sorted(b["y"] for b in boxes)
    assert all(b["x"] + b["width"] <= 390 for b in boxes)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_the_matrix_reads_from_the_quick_wins(browser: Any, example_site: Served) -> None:
    context, page = _open(browser, example_site, "opportunities/", "light")
    cells = page.query_selector_all("td.cx-matrix-cell")
    first = min(cells, key=lambda c: (round(c.bounding_box()["y"]), c.bounding_box()["x"]))
    assert "cx-matrix-cell--high-impact-low-effort" in (first.get_attribute("class") or "")
    link = first.query_selector("a")
    link.click()
    target = page.evaluate("location.hash")
    assert page.query_selector(f"li.cx-opp{target}").is_visible()
    context.close()


@pytest.mark.parametrize("scheme", PALETTES)
def test_the_matrix_stacks_on_a_phone_quick_wins_first_each_cell_named(
        browser: Any, example_site: Served, scheme: str) -> None:
    context, page = _open(browser, example_site, "opportunities/", scheme, 390, 844)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    cells = page.query_selector_all("td.cx-matrix-cell")
    boxes = [c.bounding_box() for c in cells]
    assert len(boxes) == 9
    assert all(b["x"] >= 0 and b["x"] + b["width"] <= 390 for b in boxes)
    assert len({round(b["x"]) for b in boxes}) == 1  # one column…
    assert all(a["y"] + a["height"] <= b["y"] for a, b in pairwise(boxes))  # …stacked
    assert "cx-matrix-cell--high-impact-low-effort" in (cells[0].get_attribute("class") or "")
    places = [c.query_selector(".cx-matrix-where") for c in cells]
    assert all(p.is_visible() for p in places)
    assert places[0].inner_text().lower() == "high impact · low effort"
    headers = [page.query_selector("table.cx-matrix thead"),
               *page.query_selector_all("table.cx-matrix tbody th")]
    assert all(h.bounding_box()["width"] <= 1 for h in headers)  # for screen readers only
    assert serious_violations(page) == []
    context.close()


def _matrix_roles(page: Any) -> list[str]:
    """The roles Chromium's accessibility tree gives the matrix's parts, in order."""
    client = page.context.new_cdp_session(page)
    nodes = client.send("Accessibility.getFullAXTree")["nodes"]
    roles = [n["role"]["value"] for n in nodes if "role" in n]
    start = roles.index("table")
    return [r for r in roles[start:] if r in ("table", "row", "rowheader", "columnheader",
                                              "cell", "gridcell")]


@pytest.mark.parametrize("width", [1440, 390])
def test_the_matrix_stays_a_table_for_screen_readers(browser: Any, example_site: Served,
                                                      width: int) -> None:
    context, page = _open(browser, example_site, "opportunities/", "light", width, 844)
    roles = _matrix_roles(page)
    context.close()
    assert roles[0] == "table"
    assert roles.count("row") == 4 and roles.count("columnheader") == 3
    assert roles.count("rowheader") == 3 and roles.count("cell") == 10  # the corner too


def test_the_matrix_prints_on_an_a4_portrait_hand_out(browser: Any,
                                                       example_site: Served) -> None:
    context, page = _open(browser, example_site, "opportunities/", "light", 703, 1032)
    page.emulate_media(media="print")
    table = page.evaluate("""() => {
        const t = document.querySelector('table.cx-matrix');
        const r = t.getBoundingClientRect();
        return {right: r.right, overflow: t.scrollWidth - t.clientWidth,
                font: parseFloat(getComputedStyle(t.querySelector('li a')).fontSize),
                rows: [...t.querySelectorAll('tbody tr')].map(tr => getComputedStyle(tr).display),
                breaks: getComputedStyle(t.querySelector('tbody tr')).breakInside};
    }""")
    pdf = page.pdf(format="A4", print_background=True)
    context.close()
    assert table["right"] <= 703 and table["overflow"] <= 1, table
    assert table["font"] >= 11, table  # 8 pt and up on paper
    assert table["rows"] == ["table-row"] * 3 and table["breaks"] == "avoid", table
    assert pdf.startswith(b"%PDF")


def test_the_opportunities_filter_by_impact_and_the_matrix_follows(
        browser: Any, example_site: Served) -> None:
    context, page = _open(browser, example_site, "opportunities/?impact=high", "light")
    page.wait_for_selector(".cx-filter-form")
    assert page.input_value("#cx-filter-impact") == "high"
    cards = page.query_selector_all("li.cx-opp")
    shown = [c for c in cards if c.is_visible()]
    assert shown and len(shown) < len(cards)
    assert {c.get_attribute("data-impact") for c in shown} == {"high"}
    chips = [c for c in page.query_selector_all(".cx-matrix-items li") if c.is_visible()]
    assert len(chips) == len(shown)
    status = page.inner_text(".cx-filter-status")
    assert status == f"Showing {len(shown)} of {len(cards)} opportunities"
    context.close()


@pytest.mark.skipif(not UPDATE_SCREENSHOTS,
                    reason="regenerates the README pictures (make screenshots)")
@pytest.mark.parametrize(("path", "name", "selector"), [
    ("landscape/", "landscape.png", ".cx-landscape"),
    ("opportunities/", "opportunities.png", ".cx-matrix-scroll")])
def test_the_readme_pictures_are_regenerated(browser: Any, example_site: Served, path: str,
                                             name: str, selector: str) -> None:
    context, page = _open(browser, example_site, path, "light")
    target = REPO / "readme" / name
    page.query_selector(selector).screenshot(path=str(target))
    context.close()
    assert target.stat().st_size > 10_000
