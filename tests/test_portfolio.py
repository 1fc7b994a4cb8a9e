"""The portfolio pages (FORMAT 1.1), built by MkDocs and read as HTML: `/opportunities/`,
`/landscape/`, a journey's breadcrumb and sub-journeys, the pain point heatmap and the
home page's week."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cxmaps.mkdocs.options import read_layout
from cxmaps.site.loader import Loader
from cxmaps.site.validate import validate

from gitrepo import GitSite
from helpers import JOURNEY, MKDOCS_YML, REPO, TODAY, Build, SiteBuilder, front, mkdocs_build

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & [a](javascript:x)'


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    children: list[Element] = field(default_factory=list)

    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.walk()

    def find_all(self, tag: str | None = None, cls: str | None = None,
                 **attrs: str) -> list[Element]:
        return [e for e in self.walk() if (tag is None or e.tag == tag)
                and (cls is None or cls in e.classes())
                and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Element:
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag} class={cls} {attrs}>"
        return found[0]

    @property
    def all_text(self) -> str:
        return " ".join(" ".join([self.text, *(c.all_text for c in self.children)]).split())


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "source", "track", "wbr", "path", "use", "circle", "rect", "line", "polyline"}


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.root = Element("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(Element("#text", {}, data))


def parse(text: str) -> Element:
    tree = _Tree()
    tree.feed(text)
    return tree.root.find("article")  # Material's page content


@dataclass(frozen=True)
class Built:
    out: Path

    def raw(self, page: str) -> str:
        return (self.out / page / "index.html").read_text(encoding="utf-8")

    def page(self, page: str) -> Element:
        return parse(self.raw(page))


def build(root: Path, out: Path, env: dict[str, str] | None = None) -> Built:
    """`mkdocs build`; a test site gets Material and a docs folder first."""
    if root != REPO:
        (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
        (root / "docs").mkdir(exist_ok=True)
    result = mkdocs_build("-q", "-d", str(out), cwd=root,
                          env={"CXMAPS_TODAY": TODAY, **(env or {})})
    assert result.returncode == 0, result.stderr
    return Built(out)


@pytest.fixture(scope="module")
def example(example_build: tuple[Build, Path]) -> Built:
    """The example as the session's strict `mkdocs build` made it."""
    result, site = example_build
    assert result.returncode == 0, result.stderr
    return Built(site)


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    return validate(Loader(read_layout(REPO), use_cache=False))


# --- /opportunities/ -------------------------------------------------------------------

def test_the_matrix_puts_the_quick_wins_top_left(example: Built) -> None:
    matrix = example.page("opportunities").find("table", "cx-matrix")
    rows = [[c for c in r.children if c.tag in ("td", "th")] for r in matrix.find_all("tr")]
    assert [c.all_text for c in rows[0][1:]] == ["Low effort", "Medium effort", "High effort"]
    assert [r[0].all_text for r in rows[1:]] == ["High impact", "Medium impact", "Low impact"]
    assert "cx-matrix-cell--high-impact-low-effort" in rows[1][1].classes()
    assert rows[1][1].all_text.startswith("High impact · low effort Quick wins")
    where = [c.find("span", "cx-matrix-where") for r in rows[1:] for c in r[1:]]
    assert [w.all_text for w in where][:3] == ["High impact · low effort",
                                               "High impact · medium effort",
                                               "High impact · high effort"]
    assert all(w.attrs["aria-hidden"] == "true" for w in where)  # the headers say it there


def test_every_opportunity_is_listed_once_in_the_order_of_work(example: Built,
                                                               report) -> None:  # type: ignore[no-untyped-def]
    page = example.page("opportunities")
    cards = page.find_all("li", "cx-opp")
    assert len(cards) == len(report.index.all_opportunities)
    assert len({c.attrs["id"] for c in cards}) == len(cards)
    groups = [s.find("h2").attrs["id"] for s in page.find_all("section", "cx-opp-group")]
    assert groups[0] == "high-impact-low-effort"
    order = ["high-impact-low-effort", "high-impact-medium-effort",
             "medium-impact-low-effort", "high-impact-high-effort",
             "medium-impact-medium-effort", "low-impact-low-effort",
             "medium-impact-high-effort", "low-impact-medium-effort",
             "low-impact-high-effort"]
    assert groups == [g for g in order if g in groups]


def test_an_opportunity_shows_what_it_relieves_whom_it_touches_and_who_takes_it_up(
        example: Built) -> None:
    card = example.page("opportunities").find("li", id="opp-first-purchase--guest-checkout")
    text = card.all_text
    assert "high impact" in text and "medium effort" in text
    assert "Relieves" in text and "Taken up by" in text
    taken = card.find("div", "cx-opp-taken")
    assert "fp-guest-checkout-mobile" in " ".join(a.attrs["href"] for a in taken.find_all("a"))
    assert "in progress" in taken.all_text and "Web Shop Team" in taken.all_text
    assert card.attrs["data-impact"] == "high" and card.attrs["data-effort"] == "medium"
    assert "first-purchase" in card.attrs["data-journey"].split()
    assert card.attrs["data-phase"] == "buy"
    assert "in-progress" in card.attrs["data-status"].split()


def test_an_opportunity_no_action_takes_up_says_so(example: Built, report) -> None:  # type: ignore[no-untyped-def]
    untaken = [r for r in report.index.all_opportunities
               if r.opportunity.id and not report.index.taken_up_by.get(r.key)]
    assert untaken, "the example keeps one opportunity that nothing takes up"
    page = example.page("opportunities")
    for ref in untaken:
        card = page.find("li", id=f"opp-{ref.journey.id}--{ref.opportunity.id}")
        assert "No action takes this up yet" in card.find("div", "cx-opp-taken").all_text


def test_an_opportunity_and_its_touchpoint_link_to_each_other(example: Built) -> None:
    card = example.page("opportunities").find("li", id="opp-first-purchase--guest-checkout")
    back = card.find("p", "cx-opp-title").find("a").attrs["href"]
    assert back == "../journeys/first-purchase/#opp-first-purchase-guest-checkout"
    journey = example.page("journeys/first-purchase")
    cell = journey.find("p", "cx-opportunity", id="opp-first-purchase-guest-checkout")
    chip = cell.find("a", "cx-opportunity-score")  # the score chip is the way back
    assert chip.attrs["href"] == "../../opportunities/#opp-first-purchase--guest-checkout"
    assert chip.attrs["aria-label"] == ("high impact, medium effort: "
                                        "see it on the opportunities matrix")
    assert len(cell.find_all("a")) == 1


# --- /landscape/ -----------------------------------------------------------------------

def test_the_landscape_has_the_phases_as_columns_in_lifecycle_order(example: Built) -> None:
    page = example.page("landscape")
    columns = [h.attrs["id"] for h in page.find_all("h2", "cx-phase-name")]
    assert columns == ["phase-discover", "phase-buy", "phase-use-and-reorder", "phase-pay",
                       "phase-get-help", "phase-leave"]
    buy = page.find("section", aria_labelledby="phase-buy")
    pair = buy.find("div", "cx-jpair")
    titles = [a.all_text for a in pair.find_all("h3", "cx-jcard-title")]
    assert titles == ["First online purchase", "First online purchase (2027 target)"]


def test_a_journey_card_says_how_it_feels_and_where_it_hurts(example: Built, report) -> None:  # type: ignore[no-untyped-def]
    card = example.page("landscape").find("article", aria_label="Invoice, reconcile and pay")
    text = card.all_text
    highs = sum(1 for r in report.index.all_pains
                if r.journey.id == "invoice-and-payment" and r.pain.severity == "high")
    assert re.search(rf"High pain points {highs}\b", text)
    dot = card.find("span", "cx-dot")
    assert re.search(r"cx-score--[1-5]", dot.attrs["class"])
    assert re.search(r"Average emotion \d\.\d\b", text)
    assert "current" in text and "Owner:" in text


def test_sub_journeys_sit_under_their_parent(tmp_path: Path) -> None:
    site = SiteBuilder(tmp_path)
    site.write("lifecycle.yml", "buy: {name: Buy}\nhelp: {name: Get help}\n")
    site.write("journeys/buy/index.md", JOURNEY.replace("reviewed:", "phase: buy\nreviewed:"))
    site.write("journeys/pay/index.md", front("""
        title: Pay by card
        persona: priya
        phase: buy
        parent: buy/checkout
    """))
    site.write("journeys/pay/01-pay.md", front("""
        name: Pay
        touchpoints: [{name: Types card number, emotion: 2}]
    """))
    site.write("journeys/lost/index.md", front("title: Lost parcel\npersona: priya\n"))
    site.write("journeys/lost/01-ask.md", front("""
        name: Ask
        touchpoints: [{name: Calls, emotion: 1}]
    """))
    built = build(tmp_path, tmp_path / "_site")
    page = built.page("landscape")
    buy = page.find("section", aria_labelledby="phase-buy")
    parent = buy.find("article", aria_label="First online purchase")
    nested = parent.find("ul", "cx-jcard-children")
    assert nested.find("h3").all_text == "Pay by card"
    assert "Zooms into First online purchase › Checkout" in nested.all_text
    not_placed = page.find("section", aria_labelledby="phase-not-placed")
    assert "Lost parcel" in not_placed.all_text
    journey = built.page("journeys/pay")
    crumbs = [li.all_text for li in journey.find("nav", "cx-breadcrumb").find_all("li")]
    assert crumbs == ["Buy", "First online purchase", "Checkout", "Pay by card"]
    canvas = built.page("journeys/buy").find("table", "cx-canvas")
    zoom = canvas.find("span", "cx-zoom-in")
    assert zoom.find("a").attrs["href"] == "../../journeys/pay/"


def test_without_a_lifecycle_the_landscape_groups_by_persona(site: SiteBuilder) -> None:
    built = build(site.root, site.root / "_site")
    page = built.page("landscape")
    assert [h.attrs["id"] for h in page.find_all("h2", "cx-phase-name")] == ["persona-priya"]
    assert "Add a lifecycle.yml" in page.all_text


# --- journeys inside journeys ----------------------------------------------------------

def test_a_sub_journey_shows_its_breadcrumb_and_its_parent_links_down(example: Built) -> None:
    page = example.page("journeys/delivery-problem")
    nav = page.find("nav", "cx-breadcrumb")
    assert [li.all_text for li in nav.find_all("li")] == [
        "Get help", "Reorder regular supplies", "Receive and restock",
        "Late, missing or damaged delivery"]
    links = [a.attrs["href"] for a in nav.find_all("a")]
    assert links == ["../../landscape/#phase-get-help", "../../journeys/reorder-supplies/",
                     "../../journeys/reorder-supplies/#stage-receive-and-restock"]
    parent = example.page("journeys/reorder-supplies")
    header = parent.find("table", "cx-canvas").find("thead")
    zoom = header.find("span", "cx-zoom-in")
    assert "Late, missing or damaged delivery" in zoom.all_text
    assert parent.find("div", "cx-journey-head").all_text.count("Sub-journeys") == 1


# --- the heatmap -------------------------------------------------------------------------

def test_the_heatmap_weighs_each_stage_by_severity(example: Built, report) -> None:  # type: ignore[no-untyped-def]
    table = example.page("pain-points").find("table", "cx-heatmap")
    rows = table.find("tbody").find_all("tr")
    names = [r.find("th").find("a").all_text for r in rows]
    assert names[:2] == ["First online purchase", "First online purchase (2027 target)"]
    assert names[-1] == "Late, missing or damaged delivery"  # get-help comes last
    weight = {"high": 3, "medium": 2, "low": 1}
    invoice = rows[names.index("Invoice, reconcile and pay")]
    journey = report.site.journeys["invoice-and-payment"]
    for cell, stage in zip(invoice.find_all("td", "cx-heat"), journey.stages, strict=True):
        expected = sum(weight[r.pain.severity] for r in report.index.all_pains
                       if r.journey is journey and r.stage is stage)
        assert cell.find("span", "cx-heat-weight").all_text == str(expected)
        assert cell.find("a").attrs["href"] == \
            f"../journeys/invoice-and-payment/#stage-{stage.id}"
        assert stage.name in cell.attrs.get("title", "") or \
            stage.name in cell.find("a").attrs["title"]


# --- the week on the home page -----------------------------------------------------------

def test_the_home_page_tells_the_week_in_customer_terms(tmp_path: Path) -> None:
    repo = GitSite(tmp_path)
    repo.write("docs/index.md", "# Home\n\n<!-- cxmaps:dashboard -->\n")
    repo.commit("A home page")
    repo.edit("journeys/buy/01-checkout.md", "status: in-progress", "status: done")
    repo.edit("journeys/buy/01-checkout.md", "    emotion: 4", "    emotion: 5")
    repo.commit("Shipping shown early; paying feels better")
    built = build(tmp_path, tmp_path / "_site", env={"CXMAPS_TODAY": "2026-11-05"})
    week = built.page("").find("section", "cx-week")
    text = week.all_text
    assert "since 2026-10-30" in text
    assert "1 action item done, 1 moment that feels better." in text
    assert re.search(r"Pays with saved card — First online purchase ?: 4 → 5", text)
    done = week.find("details", "cx-week-kind--actions-done")
    assert "Show shipping cost on the product page" in done.all_text
    assert done.find("a").attrs["href"] == "journeys/buy/#stage-checkout"
    later = build(tmp_path, tmp_path / "_later", env={"CXMAPS_TODAY": "2026-12-01"})
    assert "no map changed in the last 7 days" in later.page("").find(
        "section", "cx-week").all_text


# --- text stays text, builds stay the same -------------------------------------------------

def test_hostile_names_stay_text_on_the_portfolio_pages(site: SiteBuilder) -> None:
    site.write("lifecycle.yml", f"buy: {{name: '{HOSTILE}', description: '{HOSTILE}'}}\n")
    site.write("journeys/buy/index.md", JOURNEY.replace(
        "title: First online purchase", f"title: '{HOSTILE}'\nphase: buy"))
    site.write("journeys/buy/02-pay.md", front(f"""
        name: '{HOSTILE}'
        touchpoints:
          - name: '{HOSTILE}'
            emotion: 2
            pain_points: [{{id: p, text: '{HOSTILE}', severity: high}}]
            opportunities:
              - {{id: o, text: '{HOSTILE}', impact: high, effort: low, addresses: [p]}}
        actions:
          - {{id: a, title: '{HOSTILE}', owner: '{HOSTILE}', status: open, opportunities: [o],
             addresses: [p]}}
    """))
    built = build(site.root, site.root / "_site")
    for page in ("landscape", "opportunities", "pain-points", "journeys/buy"):
        raw = built.raw(page)
        assert "<script>alert" not in raw and "<img src=x" not in raw, page
        assert "&lt;script&gt;alert" in raw, page


def test_the_portfolio_pages_are_byte_identical_from_build_to_build(example: Built,
                                                                    tmp_path: Path) -> None:
    again = build(REPO, tmp_path / "again")
    for page in ("landscape", "opportunities", "pain-points", ""):
        assert again.raw(page) == example.raw(page), page
