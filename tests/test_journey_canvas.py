"""The journey page's top half as markup: full width, the header, the canvas (one column
per touchpoint under its stage), evidence in place, channel icons and figures."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from cxmaps.model.maps import Journey
from cxmaps.publish.context import GeneratedPage
from cxmaps.publish.formats import quantity
from cxmaps.publish.icons import IconSet, bundled_icons, channel_icon

from helpers import NASTY, REPO, html, journey_of, pages_of


@pytest.fixture(scope="module")
def example() -> dict[str, GeneratedPage]:
    return pages_of(REPO)


def canvas(page: GeneratedPage) -> ET.Element:
    """The canvas table, parsed as XML (the markup is well-formed)."""
    markup = re.search(r'<table class="cx-canvas">.*?</table>', page.markdown, re.S)
    assert markup is not None
    return ET.fromstring(markup.group(0))


def journey(journey_id: str) -> Journey:
    return journey_of(journey_id)


def test_a_journey_page_hides_the_sidebars_so_the_canvas_gets_the_window(
        example: dict[str, GeneratedPage]) -> None:
    page = example["journeys/first-purchase/index.md"]
    meta = yaml.safe_load(page.markdown.split("---\n", 2)[1])
    assert meta["hide"] == ["navigation", "toc"]


def test_the_header_has_a_card_per_persona_and_the_key_facts(
        example: dict[str, GeneratedPage]) -> None:
    page = html(example["journeys/reorder-supplies/index.md"])
    head = page.split('<div class="cx-journey-head">', 1)[1]
    head = head.split('<div class="cx-canvas-frame"')[0]
    assert head.count('<li class="cx-persona-card">') == 2
    assert 'href="../../personas/busy-professional/"' in head
    assert 'src="../../personas/busy-professional/' in head  # the persona's picture
    for fact in ("Owner", "State", "Scope", "Goal", "Reviewed"):
        assert f"<dt>{fact}</dt>" in head
    assert page.index("cx-journey-head") < page.index("cx-canvas-frame")


def test_the_canvas_has_one_column_per_touchpoint_under_stage_headers(
        example: dict[str, GeneratedPage]) -> None:
    first = journey("first-purchase")
    table = canvas(example["journeys/first-purchase/index.md"])
    stages = table.findall("thead/tr/th[@scope='colgroup']")
    assert [int(th.get("colspan", "")) for th in stages] == [
        len(s.touchpoints) for s in first.stages]
    lanes = [(th.text or "").strip() for th in table.iter("th") if th.get("scope") == "row"]
    assert lanes == ["Touchpoint", "Does", "Thinks", "Feels", "Pain points", "Opportunities",
                     "Line of visibility", "Backstage", "Metrics", "Action items"]
    names = [a.text for a in table.iter("a") if a.get("class") == "cx-tp-name"]
    assert names == [t.name for s in first.stages for t in s.touchpoints]
    for row in table.findall("tbody/tr"):
        cells = row.findall("td")
        width = sum(int(td.get("colspan", "1")) for td in cells)
        assert width == len(names), row.get("class")


def test_every_pain_point_opens_its_evidence_and_confidence_in_place(
        example: dict[str, GeneratedPage]) -> None:
    first = journey("first-purchase")
    table = canvas(example["journeys/first-purchase/index.md"])
    buttons = [b for b in table.iter("button") if "cx-pain" in (b.get("class") or "")]
    assert len(buttons) == sum(len(t.pains) for s in first.stages for t in s.touchpoints)
    popovers = {d.get("id"): d for d in table.iter("div") if d.get("popover") is not None}
    for button in buttons:
        pop = popovers[button.get("popovertarget")]
        text = " ".join(pop.itertext())
        assert "Confidence:" in text and "In the stage details" in text
    forced = next(p for p in popovers.values() if "forced-account" in p.get("id", "")
                  or "required before payment" in " ".join(p.itertext()))
    text = " ".join(forced.itertext())
    assert "Checkout funnel, mobile web, Q3 2026" in text and "analytics" in text
    assert "n = 41,200" in text and "27% leave on the sign-up step" in text
    assert "observed" in text
    bare = [p for p in popovers.values() if "No evidence yet" in " ".join(p.itertext())]
    assert bare  # a pain point without evidence says so


def test_action_items_on_the_canvas_read_as_in_the_stage_details(
        example: dict[str, GeneratedPage]) -> None:
    """Owners by their owners.yml name and statuses in words, as the stage details write
    them, not as the maps spell them."""
    table = canvas(example["journeys/first-purchase/index.md"])
    lane = next(tr for tr in table.iter("tr") if tr.get("class") == "cx-lane-actions")
    owners = [" ".join(s.itertext()) for s in lane.iter("span")
              if s.get("class") == "cx-action-meta"]
    assert owners and all(o.startswith(("Web Shop Team", "Logistics & Fulfilment"))
                          for o in owners), owners
    statuses = {"".join(s.itertext()) for s in lane.iter("span")
                if "cx-badge" in (s.get("class") or "")}
    assert "in progress" in statuses and "in-progress" not in statuses


def test_channels_are_drawn_with_materials_icons_inlined_as_path_data_only(
        example: dict[str, GeneratedPage]) -> None:
    markup = example["journeys/first-purchase/index.md"].markdown
    symbols = re.findall(r'<symbol id="cx-icon-([a-z-]+)" viewBox="[\d. ]+">(.*?)</symbol>',
                         markup)
    assert {name for name, _ in symbols} >= {"web", "cellphone", "email", "store"}
    for _, body in symbols:
        assert re.fullmatch(r'(<path d="[MmLlHhVvCcSsQqTtAaZz0-9eE.,\s+-]+"/>)+', body)
    assert markup.count('<use xlink:href="#cx-icon-web"/>') == sum(
        t.channel == "web" for s in journey("first-purchase").stages for t in s.touchpoints)


@pytest.mark.parametrize(("channel", "icon"), [
    ("web", "web"), ("Mobile web", "cellphone"), ("app", "cellphone"), ("E-mail", "email"),
    ("in person", "account"), ("company website", "web"), ("carrier pigeon", "circle-small"),
])
def test_a_channel_is_read_the_way_teams_write_it(channel: str, icon: str) -> None:
    assert channel_icon(channel) == icon


def test_an_icon_file_that_holds_anything_but_paths_is_not_inlined(tmp_path: Path) -> None:
    (tmp_path / "web.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" '
                                      'viewBox="0 0 24 24"><path d="M0 0L24 24"/></svg>')
    (tmp_path / "chat.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24'
                                       ' 24"><path d="M0 0" onload="x()"/><script>x()</script>'
                                       '<path d="javascript:alert(1)"/></svg>')
    icons = IconSet(tmp_path)
    assert [i.name for i in icons.symbols(["web", "chat", "../etc/passwd", "web"])] == ["web"]
    web = icons.icon("web")
    assert web is not None and web.paths == ("M0 0L24 24",)


def test_materials_bundled_icons_are_found_without_importing_material() -> None:
    icons = bundled_icons()
    assert icons is not None and icons.icon("web") is not None


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (31.5, "$", "$31.5"), (58, "%", "58%"), (4.2, "contacts", "4.2\u00a0contacts"),
    (34, "NPS", "34\u00a0NPS"), (None, "%", "—"), (18400, None, "18,400"), (-5, "€", "-€5"),
    (4.1, "/5", "4.1/5"),
])
def test_figures_are_written_as_people_write_them(value: float | None, unit: str | None,
                                                 shown: str) -> None:
    assert quantity(value, unit) == shown


def test_hostile_names_stay_text_in_the_header_and_canvas(tmp_path: Path) -> None:
    from helpers import SiteBuilder, front

    site = SiteBuilder(tmp_path)
    site.write("personas/priya.md", front(f"name: '{NASTY}'\nrole: '{NASTY}'\nquote: '{NASTY}'"))
    site.write("journeys/buy/01-checkout.md", front(f"""
        name: '{NASTY}'
        goal: "a\\n\\nb"
        touchpoints:
          - name: '{NASTY}'
            channel: '{NASTY}'
            action: "line one\\n\\nline two"
            emotion: 2
            pain_points:
              - text: '{NASTY}'
                evidence: [{{source: '{NASTY}', quote: '{NASTY}', link: 'https://x.example/?a=<b>'}}]
    """))
    page = pages_of(site.root)["journeys/buy/index.md"]
    rendered = html(page)
    assert "<script" not in rendered and 'href="javascript:' not in rendered
    assert "<em>em</em>" not in rendered
    frame = re.search(r'<div class="cx-canvas-frame".*?</table>\n</div>\n</div>',
                      page.markdown, re.S)
    assert frame is not None and "\n\n" not in frame.group(0)  # one HTML block for Markdown
    ET.fromstring(frame.group(0))  # well-formed: no map text became markup
    assert "line one" in rendered and "line two" in rendered
