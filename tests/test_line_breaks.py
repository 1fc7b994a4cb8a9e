"""Every kind of line break in map text (CR, LF, CRLF, NEL, LS, PS) is handled wherever the
text goes: Markdown pages and the HTML they make, the SVG curves, the Mermaid diagram and
the CSV exports. A map with line breaks in every text has the shape of the same map with
spaces in their place: the same lines of Markdown, the same HTML elements (plus `<br>` in
table cells), the same diagram statements, the same CSV rows."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest

from cxmaps.mkdocs.options import read_layout
from cxmaps.publish.canvas import sparkline_svg
from cxmaps.publish.context import GeneratedPage, context
from cxmaps.publish.curve import emotion_curve_svg
from cxmaps.publish.mermaid import journey_diagram
from cxmaps.publish.pages import journey_canvas
from cxmaps.site.loader import Loader
from cxmaps.site.validate import validate

from helpers import EXTENSIONS, TODAY_DATE, SiteBuilder, cxmaps, front, pages_of

BREAKS = {"CR": "\r", "LF": "\n", "CRLF": "\r\n", "NEL": "\x85", "LS": "\u2028",
          "PS": "\u2029"}
ODD_BREAKS = re.compile("[\r\x85\u2028\u2029]")


def text(br: str) -> str:
    """Map text as in the report that found the fault: two breaks, then table syntax."""
    return json.dumps(f"A{br}{br}| x | B")


def site_with_breaks(root: Path, br: str) -> SiteBuilder:
    """A site whose every text holds `br` (or a space), in every field a page shows."""
    site = SiteBuilder(root)
    t = text(br)
    site.write("personas/priya.md", front(f"""
        name: {t}
        role: {t}
        segment: {t}
        quote: {t}
        demographics: {{home_city: {t}}}
        goals: [{t}]
        channels: [{t}]
        evidence: [{{source: {t}, quote: {t}, n: 12}}]
        tags: [{t}]
        extra: {{crm_note: {t}}}
    """))
    site.write("journeys/buy/index.md", front(f"""
        title: {t}
        persona: priya
        owner: {t}
        scope: {t}
        goal: {t}
        reviewed: 2026-11-01
        tags: [{t}]
        extra: {{kpi_note: {t}}}
    """))
    site.write("journeys/buy/01-checkout.md", front(f"""
        name: {t}
        goal: {t}
        touchpoints:
          - name: {t}
            channel: {t}
            action: {t}
            thought: {t}
            feeling: {t}
            emotion: 2
            pain_points:
              - {{id: late, text: {t}, severity: high, evidence: [{t}]}}
              - {t}
            opportunities: [{t}, {t}]
            backstage: [{t}]
          - {{name: Pays, emotion: 4}}
        metrics:
          - {{name: {t}, value: 18400, target: 20000, unit: {t}, source: {t}}}
        actions:
          - {{id: fix, title: {t}, owner: {t}, status: open, due: 2026-01-01,
             addresses: [late], success_metric: {t}}}
        extra: {{note: {t}}}
    """))
    return site


@pytest.fixture(scope="module")
def spaced(tmp_path_factory: pytest.TempPathFactory) -> dict[str, GeneratedPage]:
    return pages_of(site_with_breaks(tmp_path_factory.mktemp("spaced"), " ").root)


def broken(tmp_path: Path, br: str) -> dict[str, GeneratedPage]:
    return pages_of(site_with_breaks(tmp_path, br).root)


def skeleton(html: str) -> list[str]:
    """The elements of an HTML page in order, without line breaks (`<br>`)."""
    return [tag for tag in re.findall(r"<(/?[a-zA-Z][a-zA-Z0-9]*)", html)
            if tag not in ("br", "/br")]


@pytest.mark.parametrize("br", BREAKS.values(), ids=BREAKS.keys())
def test_a_line_break_never_makes_a_line_of_markdown(
        tmp_path: Path, spaced: dict[str, GeneratedPage], br: str) -> None:
    pages = broken(tmp_path, br)
    assert pages.keys() == spaced.keys()
    for uri, page in pages.items():
        assert not ODD_BREAKS.search(page.markdown), uri
        assert page.markdown.count("\n") == spaced[uri].markdown.count("\n"), uri


@pytest.mark.parametrize("br", BREAKS.values(), ids=BREAKS.keys())
def test_a_line_break_changes_no_html_element_but_table_line_breaks(
        tmp_path: Path, spaced: dict[str, GeneratedPage], br: str) -> None:
    def html(page: GeneratedPage) -> str:
        return markdown.markdown(page.markdown.split("---\n", 2)[2], extensions=EXTENSIONS)

    for uri, page in broken(tmp_path, br).items():
        rendered = html(page)
        assert skeleton(rendered) == skeleton(html(spaced[uri])), uri
        assert "&lt;br" not in rendered, uri
    journey = html(broken(tmp_path, br)["journeys/buy/index.md"])
    assert "<td>A<br><br>| x | B</td>" in journey  # each break is kept, as <br>, in its cell


@pytest.mark.parametrize("br", BREAKS.values(), ids=BREAKS.keys())
def test_a_line_break_in_an_svg_is_white_space_in_a_label_and_a_line_in_a_tooltip(
        tmp_path: Path, br: str) -> None:
    """The curve's labels are the canvas's cells (stage, touchpoint, legend), its tooltips
    the SVG's `<title>`s: in both each break is one LF (HTML's white space in a cell, a
    line in a tooltip), and neither the one-line SVG nor the HTML block breaks."""
    report = site_with_breaks(tmp_path, br).report()
    site = report.site
    journey = site.journeys["buy"]
    curve, spark = (emotion_curve_svg(journey, site.personas), sparkline_svg(journey, "priya"))
    for svg in (curve, spark):
        assert "\n" not in svg and not ODD_BREAKS.search(svg)  # one line of Markdown
    root = ET.fromstring(curve)  # still well-formed XML
    tooltips = [e.text for e in root.iter("{http://www.w3.org/2000/svg}title")]
    assert "Pain point (high): A\n\n| x | B" in tooltips
    assert "Emotion in A\n\n| x | B" in (ET.fromstring(spark).get("aria-label") or "")

    canvas = str(journey_canvas(journey, context(report.site, report.index, TODAY_DATE, {}),
                                None))
    assert not ODD_BREAKS.search(canvas) and "\n\n" not in canvas  # one HTML block
    cells = ET.fromstring(canvas)  # still well-formed, so its text can be read back
    assert cells.find(".//table") is not None

    def text(css: str) -> list[str]:
        return ["".join(e.itertext()).strip() for e in cells.iter()
                if css in (e.get("class") or "").split()]

    stage = ["".join(e.itertext()) for e in cells.iterfind(".//th[@class='cx-stage']/a")]
    assert stage == ["1 A\n\n| x | B"]  # the stage's number, then its name
    labels = [*text("cx-goal"), *text("cx-tp-name"), *text("cx-channel")]
    assert labels == ["A\n\n| x | B", "A\n\n| x | B", "Pays", "A\n\n| x | B"]
    legend = [e.text for e in cells.iterfind(".//ul[@class='cx-legend']/li/span")]
    assert legend == ["A\n\n| x | B", "Pain point (high, medium, low)"]  # the persona's line


@pytest.mark.parametrize("br", BREAKS.values(), ids=BREAKS.keys())
def test_a_line_break_in_mermaid_is_a_space(tmp_path: Path, br: str) -> None:
    def diagram(br: str) -> str:
        site = site_with_breaks(tmp_path / repr(br), br).report().site
        return journey_diagram(site.journeys["buy"], site.personas)

    assert diagram(br) == diagram(" ")
    configuration, statements = diagram(br).split("---\n")[1:]
    assert configuration.splitlines()[:2] == ["config:", "  journey:"]
    assert [line.split()[0] for line in statements.splitlines()] == [
        "journey", "title", "accTitle:", "accDescr:", "section", "A", "Pays:"]  # two tasks


@pytest.mark.parametrize("table", ["touchpoints", "actions", "pain-points"])
@pytest.mark.parametrize("br", BREAKS.values(), ids=BREAKS.keys())
def test_a_line_break_in_csv_stays_inside_its_cell(tmp_path: Path, br: str,
                                                   table: str) -> None:
    site = site_with_breaks(tmp_path, br)
    code, output = cxmaps("export", site.root, "--format", "csv", "--what", table)
    assert code == 0
    assert not ODD_BREAKS.search(output.replace("\r\n", ""))  # CRLF ends rows, nothing else
    rows = list(csv.reader(io.StringIO(output, newline="")))
    # Read as the importer reads it, at every line break Python knows: the same rows.
    assert list(csv.reader(output.splitlines(keepends=True))) == rows
    header, *body = rows
    assert all(len(row) == len(header) for row in body)
    cells = [cell for row in body for cell in row]
    assert "A\n\n| x | B" in cells  # one text: its breaks kept, as the one CSV quotes
    if table == "touchpoints":
        opportunities = body[0][header.index("opportunity")]
        assert opportunities.split("\n") == ["A  | x | B", "A  | x | B"]  # one item a line


def test_the_spaced_site_is_valid(tmp_path: Path) -> None:
    """The fixture's maps are valid, so the tests above compare whole sites."""
    report = validate(Loader(read_layout(site_with_breaks(tmp_path, " ").root),
                             use_cache=False))
    assert [d.code for d in report.errors] == []
