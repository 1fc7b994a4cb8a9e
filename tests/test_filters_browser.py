"""The in-page filters and the action items' board, in a real browser.

`/actions/` and `/pain-points/` are narrowed by their facets (owner, status, priority,
journey, persona, severity, evidence…), the counts follow, the state is in the query
string (a filtered URL loads filtered), the board shows the action items by status, and
all of it works after Material's instant navigation, by keyboard, on a phone, in both
palettes and without a serious axe-core violation. Without JavaScript the tables are
whole. The expected numbers are read from the served HTML, never from the script.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

from browsing import (
    PALETTES,
    Served,
    contrast,
    is_same_document,
    serious_violations,
    start_instant_navigation,
    watch,
)
from helpers import REPO

pytestmark = pytest.mark.browser

ASSETS = REPO / "plugins/cxmaps/templates/assets"
_ROW = re.compile(r"<(?:tr|li)\b[^>]*\bdata-cx-item=\"([^\"]*)\"[^>]*>")


def items(served: Served, path: str) -> dict[str, dict[str, str]]:
    """Every filterable item of a page as served: its key → its data attributes."""
    found = {}
    for tag in _ROW.finditer(served.fetch(served.base + path) or ""):
        found[tag.group(1)] = dict(re.findall(r'data-([\w-]+)="([^"]*)"', tag.group(0)))
    return found


def visible(page: Any, selector: str) -> list[str]:
    keys: list[str] = page.evaluate(
        "(s) => [...document.querySelectorAll(s)].filter(e => e.offsetParent !== null)"
        ".map(e => e.dataset.cxItem)", selector)
    return keys


def status(page: Any) -> str:
    text: str = page.inner_text(".cx-filter-status")
    return text


def test_a_filter_narrows_the_pain_points_and_every_count_follows(
        browser: Any, example_site: Served) -> None:
    pains = items(example_site, "pain-points/")
    high = {k for k, a in pains.items() if a["severity"] == "high"}
    per_journey = Counter(pains[k]["journey"] for k in high)
    page = browser.new_page()
    problems: list[str] = []
    watch(page, example_site, problems)
    page.goto(example_site.base + "pain-points/", wait_until="networkidle")
    assert status(page) == f"Showing all {len(pains)} pain points"
    labels = page.eval_on_selector_all(".cx-filter-field label", "ls => ls.map(l => l.textContent)")
    assert labels == ["Severity", "Journey", "Phase", "Persona", "Evidence", "Addressed"]
    page.select_option("#cx-filter-severity", "high")
    assert set(visible(page, "tr[data-cx-item]")) == high
    assert status(page) == f"Showing {len(high)} of {len(pains)} pain points"
    assert page.url.endswith("/pain-points/?severity=high")
    journeys = dict(page.eval_on_selector_all(
        "#cx-filter-journey option", "os => os.map(o => [o.value, o.textContent])"))
    for journey, n in per_journey.items():
        assert journeys[journey].endswith(f"({n})"), journeys
    assert journeys[""] == f"All ({len(high)})"
    journey, n = per_journey.most_common(1)[0]
    page.select_option("#cx-filter-journey", journey)
    assert len(visible(page, "tr[data-cx-item]")) == n
    assert page.url.endswith(f"?severity=high&journey={journey}")
    page.click("text=Clear filters")
    assert len(visible(page, "tr[data-cx-item]")) == len(pains)
    assert page.url.endswith("/pain-points/")
    page.close()
    assert problems == []


def test_a_filtered_url_loads_filtered_and_survives_a_reload(
        browser: Any, example_site: Served) -> None:
    actions = items(example_site, "actions/")
    wanted = {k for k, a in actions.items()
              if a["owner"] == "web-team" and a["priority"] == "high"}
    still_open = {k for k in wanted if actions[k]["status"] in ("open", "in-progress")}
    all_open = sum(a["status"] in ("open", "in-progress") for a in actions.values())
    assert wanted and still_open != wanted
    page = browser.new_page()
    page.goto(example_site.base + "actions/?owner=web-team&priority=high&view=table",
              wait_until="networkidle")
    for _ in range(2):
        assert page.input_value("#cx-filter-owner") == "web-team"
        assert page.input_value("#cx-filter-priority") == "high"
        assert set(visible(page, "tr[data-cx-item]")) == wanted
        assert visible(page, ".cx-card") == []  # the table view, as the URL says
        assert page.inner_text("h2#open") == f"Open ({len(still_open)} of {all_open})"
        assert status(page) == f"Showing {len(wanted)} of {len(actions)} action items"
        page.reload(wait_until="networkidle")
    page.close()


def test_a_value_the_page_does_not_have_is_ignored(browser: Any, example_site: Served) -> None:
    page = browser.new_page()
    page.goto(example_site.base + "pain-points/?severity=urgent&h=refund",
              wait_until="networkidle")
    assert page.input_value("#cx-filter-severity") == ""
    assert status(page).startswith("Showing all")
    assert page.url.endswith("?h=refund")  # another's parameter (search highlighting) kept
    page.close()


def test_the_board_shows_each_action_item_in_its_status_column(
        browser: Any, example_site: Served) -> None:
    actions = items(example_site, "actions/")
    page = browser.new_page()
    page.goto(example_site.base + "actions/", wait_until="networkidle")
    columns = page.evaluate("""() => [...document.querySelectorAll('.cx-board-column')].map(c => ({
        heading: c.querySelector('h2').textContent,
        cards: [...c.querySelectorAll('.cx-card')].map(card => ({
            key: card.dataset.cxItem, status: card.dataset.status,
            title: card.querySelector('.cx-card-title a').href,
            owner: card.querySelector('.cx-card-owner').textContent.trim(),
            priority: card.querySelector('.cx-card-meta .cx-badge').textContent,
            journey: card.querySelector('.cx-card-journey a').href,
            due: card.querySelector('.cx-card-due')?.textContent ?? ''}))}))""")
    by_status = Counter(a["status"] for a in actions.values())
    assert [c["heading"] for c in columns] == [
        f"Open ({by_status['open']})", f"In progress ({by_status['in-progress']})",
        f"Done ({by_status['done']})", f"Dropped ({by_status['dropped']})"]
    for column, wanted in zip(columns, ("open", "in-progress", "done", "dropped"),
                              strict=True):
        assert {c["status"] for c in column["cards"]} <= {wanted}
    cards = [c for column in columns for c in column["cards"]]
    assert sorted(c["key"] for c in cards) == sorted(actions)
    for card in cards:
        assert card["title"] == f"{example_site.base}actions/{card['key']}/"
        assert card["journey"] == (
            f"{example_site.base}journeys/{actions[card['key']]['journey']}/")
        assert card["owner"] and card["priority"].endswith(" priority")
    assert any(re.fullmatch(r"due \d{4}-\d\d-\d\d( overdue)?", c["due"]) for c in cards)
    assert visible(page, "tr[data-cx-item]") == []  # the board is the first view
    page.select_option("#cx-filter-priority", "high")
    high = Counter(a["status"] for a in actions.values() if a["priority"] == "high")
    headings = page.eval_on_selector_all(".cx-board-column h2", "hs => hs.map(h => h.textContent)")
    assert headings[0] == f"Open ({high['open']} of {by_status['open']})"
    assert len(visible(page, ".cx-card")) == sum(high.values())
    page.close()


def test_the_controls_work_by_keyboard(browser: Any, example_site: Served) -> None:
    page = browser.new_page()
    page.goto(example_site.base + "actions/", wait_until="networkidle")
    page.focus("#cx-filter-status")
    page.keyboard.press("ArrowDown")  # a closed select steps to its next option
    assert page.input_value("#cx-filter-status") == "open"
    assert "status=open" in page.url
    table = page.get_by_role("button", name="Table")
    table.focus()
    page.keyboard.press("Enter")
    assert table.get_attribute("aria-pressed") == "true" and "view=table" in page.url
    assert visible(page, ".cx-card") == [] and visible(page, "tr[data-cx-item]")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the board again
    assert visible(page, "tr[data-cx-item]") == [] and "view=" not in page.url
    region = page.get_by_role("status")
    assert region.inner_text().startswith("Showing ")
    page.close()


def test_a_link_to_a_section_of_the_tables_opens_the_tables(
        browser: Any, example_site: Served) -> None:
    page = browser.new_page()
    page.goto(example_site.base + "actions/#done", wait_until="networkidle")
    assert page.is_visible("h2#done") and visible(page, ".cx-card") == []
    page.close()


def test_the_filters_work_after_instant_navigation(browser: Any, example_site: Served) -> None:
    problems: list[str] = []
    page = start_instant_navigation(browser, example_site, problems)
    for tab, facet, value in (("actions/", "owner", "web-team"),
                              ("pain-points/", "severity", "high"),
                              ("actions/", "priority", "low")):
        page.locator(f'a.md-tabs__link[href$="{tab}"]').first.click()
        page.wait_for_url(f"**/{tab}")
        page.wait_for_selector(f"#cx-filter-{facet}")
        assert is_same_document(page), "a full page load, not instant"
        assert page.locator(".cx-filter-form").count() == 1  # set up once per page
        page.select_option(f"#cx-filter-{facet}", value)
        keys = visible(page, "[data-cx-item]")
        attrs = items(example_site, tab)
        assert keys and all(value in attrs[k][facet].split() for k in keys)
        assert page.url.endswith(f"/{tab}?{facet}={value}")
    page.go_back()  # Material restores the page it left, with its query
    page.wait_for_url("**/pain-points/?severity=high")
    page.wait_for_selector("#cx-filter-severity")
    assert page.input_value("#cx-filter-severity") == "high"
    page.close()
    assert problems == []


@pytest.mark.parametrize("scheme", PALETTES)
def test_the_filtered_pages_are_accessible_and_readable_in_both_palettes(
        browser: Any, example_site: Served, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    problems, ratios = [], {}
    for path in ("actions/?priority=high", "actions/?view=table&status=open",
                 "pain-points/?evidence=no"):
        page.goto(example_site.base + path, wait_until="networkidle")
        assert page.evaluate("document.body.dataset.mdColorScheme") == PALETTES[scheme]
        problems += [f"{path}: {p}" for p in serious_violations(page)]
        for selector in (".cx-filter-field label", ".cx-filter-form select",
                         ".cx-filter-status", ".cx-filter-views [aria-pressed=true]",
                         ".cx-filter-views [aria-pressed=false]", ".cx-card-journey a",
                         ".cx-card-title a", ".cx-list tbody th a"):
            if page.locator(selector).first.is_visible():
                ratios[f"{path} {selector}"] = contrast(page, selector)
    context.close()
    assert problems == []
    assert len(ratios) > 10 and all(r >= 4.5 for r in ratios.values()), ratios


@pytest.mark.parametrize("path", ["pain-points/", "actions/", "actions/?view=table"])
def test_nothing_scrolls_sideways_on_a_phone(browser: Any, example_site: Served,
                                             path: str) -> None:
    phone = browser.new_context(viewport={"width": 390, "height": 844},
                                device_scale_factor=3, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(example_site.base + path, wait_until="networkidle")
    layout = page.evaluate("""() => ({
        page: document.documentElement.scrollWidth, window: window.innerWidth,
        wider: [...document.querySelectorAll('.md-content [data-cx-item], .cx-filter-form')]
            .filter(e => e.offsetParent !== null)
            .filter(e => e.getBoundingClientRect().right > window.innerWidth).length,
        rows: [...document.querySelectorAll('tr[data-cx-item]')]
            .filter(e => e.offsetParent !== null)
            .map(e => getComputedStyle(e).display)})""")
    phone.close()
    assert layout["page"] <= layout["window"] and layout["wider"] == 0, layout
    assert set(layout["rows"]) <= {"flex"}  # each row a card


def test_without_javascript_every_table_is_whole(browser: Any, example_site: Served) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for path in ("actions/", "pain-points/"):
        page.goto(example_site.base + path)
        rows = page.eval_on_selector_all(
            "tr[data-cx-item]", "rs => rs.filter(r => r.offsetParent !== null).length")
        assert rows == len(items(example_site, path))  # every item, in a table
        assert page.locator(".cx-filter").is_hidden() and page.locator(".cx-board").is_hidden()
    context.close()


FIXTURE = """<!doctype html><html lang="en"><title>t</title><body><article>
<div class="cx-filter" data-cx-filter="journey phase" data-cx-nouns="things" hidden>
<ul data-cx-labels="phase"><li data-value="buy">Buy</li><li data-value="adopt">Adopt</li></ul></div>
<table><tbody>{rows}</tbody></table></article>
<script src="/cxmaps-start.js"></script><script src="/cxmaps-filters.js"></script>
</body></html>"""


@pytest.mark.parametrize("phased", [True, False])
def test_a_facet_appears_when_the_items_carry_it(browser: Any, phased: bool) -> None:
    """Another page (the opportunities) gets the filters by its data attributes alone:
    a phase filter appears once items carry `data-phase`, in the order its names say.
    The page has no Material (set up once the document is parsed) and loads the start-up
    script first (the site loads it last: both orders work)."""
    rows = "".join(
        f'<tr data-cx-item="{n}" data-journey="j{n % 2}"'
        f'{f" data-phase={phase!r}" if phased else ""}><td>{n}</td></tr>'
        for n, phase in enumerate(["adopt", "buy", "buy"]))
    page = browser.new_page()
    page.route("http://cx.test/**", lambda route: route.fulfill(  # no Material: no document$
        content_type="text/javascript", path=ASSETS / route.request.url.rpartition("/")[2])
        if route.request.url.endswith(".js")
        else route.fulfill(content_type="text/html", body=FIXTURE.format(rows=rows)))
    page.goto("http://cx.test/list/?phase=buy")
    labels = page.eval_on_selector_all(".cx-filter-field label", "ls => ls.map(l => l.textContent)")
    if not phased:
        assert labels == ["Journey"]
        page.close()
        return
    assert labels == ["Journey", "Phase"]
    options = page.eval_on_selector_all("#cx-filter-phase option",
                                        "os => os.map(o => o.textContent)")
    assert options == ["All (3)", "Buy (2)", "Adopt (1)"]  # what each choice would show
    assert visible(page, "tr") == ["1", "2"]
    assert page.inner_text(".cx-filter-status") == "Showing 2 of 3 things"
    page.close()
