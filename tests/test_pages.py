"""The published pages: what each shows, that map text is always text, and the build."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import markdown
import pytest
import yaml
from click.testing import CliRunner

from cxmaps.cli.app import cli
from cxmaps.mkdocs.options import read_layout
from cxmaps.publish.context import GeneratedPage, context
from cxmaps.publish.pages import site_pages
from cxmaps.publish.templating import md_text, page_title, yaml_string
from cxmaps.site.loader import Loader, map_files
from cxmaps.site.validate import validate

from helpers import (
    EXTENSIONS,
    JOURNEY,
    NASTY,
    PERSONA,
    REPO,
    STAGE,
    TODAY_DATE,
    Build,
    SiteBuilder,
    front,
    html,
    mkdocs_build,
    pages_of,
)


@pytest.fixture(scope="module")
def example() -> dict[str, GeneratedPage]:
    return pages_of(REPO)


def test_every_map_thing_has_a_page(example: dict[str, GeneratedPage]) -> None:
    report = validate(Loader(read_layout(REPO), use_cache=False))
    expected = {f"journeys/{j}/index.md" for j in report.site.journeys} | {
        f"personas/{p}/index.md" for p in report.site.personas} | {
        f"actions/{a}/index.md" for a in report.index.actions} | {
        f"owners/{o}/index.md" for o in report.index.owned} | {
        "journeys/index.md", "personas/index.md", "actions/index.md", "owners/index.md",
        "pain-points/index.md", "health/index.md", "landscape/index.md",
        "opportunities/index.md"}
    assert set(example) == expected


def test_a_journey_page_shows_its_header(example: dict[str, GeneratedPage]) -> None:
    page = html(example["journeys/invoice-and-payment/index.md"])
    assert '<h1 id="' in page
    assert 'href="../../personas/procurement-admin/"' in page  # its persona card
    assert "cx-badge--stale" in page  # reviewed 2026-06-15, every 120 days


def test_a_fresh_journey_has_no_stale_badge(example: dict[str, GeneratedPage]) -> None:
    assert "cx-badge--stale" not in html(example["journeys/first-purchase/index.md"])


def test_stages_touchpoints_and_pain_points_have_anchors(
    example: dict[str, GeneratedPage],
) -> None:
    page = html(example["journeys/first-purchase/index.md"])
    report = validate(Loader(read_layout(REPO), use_cache=False))
    journey = report.site.journeys["first-purchase"]
    for stage in journey.stages:
        assert f'id="stage-{stage.id}"' in page
        for touchpoint in stage.touchpoints:
            assert f'id="{stage.id}--{touchpoint.key}"' in page
            for pain in touchpoint.pains:
                if pain.id:
                    assert f'id="pain-{pain.id}"' in page


def test_metrics_show_whether_they_are_on_track(example: dict[str, GeneratedPage]) -> None:
    pages = "".join(html(p) for p in example.values())
    assert "cx-badge--on-track" in pages and "cx-badge--off-track" in pages


def test_overdue_actions_are_flagged(example: dict[str, GeneratedPage]) -> None:
    page = html(example["journeys/first-purchase/index.md"])
    assert "cx-badge--overdue" in page


def test_current_and_future_maps_link_to_each_other(example: dict[str, GeneratedPage]) -> None:
    future = html(example["journeys/first-purchase-future/index.md"])
    current = html(example["journeys/first-purchase/index.md"])
    assert 'redesign of <a href="../../journeys/first-purchase/">' in future
    assert 'redesigned in <a href="../../journeys/first-purchase-future/">' in current


def test_a_persona_page_lists_journeys_and_research(example: dict[str, GeneratedPage]) -> None:
    page = html(example["personas/busy-professional/index.md"])
    assert 'href="../../journeys/delivery-problem/index.md"' in page
    assert "Research behind this persona" in page
    assert "Pain points met across journeys" in page


def test_a_persona_picture_is_published_with_its_page(example: dict[str, GeneratedPage],
                                                      tmp_path: Path) -> None:
    page = example["personas/busy-professional/index.md"]
    assert '<img class="cx-persona-picture" src="busy-professional.svg"' in page.markdown
    result = CliRunner().invoke(cli, ["generate", str(REPO), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert (tmp_path / "out/docs/personas/busy-professional/busy-professional.svg").read_bytes() \
        == (REPO / "personas/busy-professional.svg").read_bytes()


def test_an_unused_persona_says_so(example: dict[str, GeneratedPage]) -> None:
    page = html(example["personas/classroom-teacher/index.md"])
    assert "No journey names this persona yet" in page


def test_prose_is_published_as_markdown(example: dict[str, GeneratedPage]) -> None:
    page = example["journeys/delivery-problem/index.md"]
    prose = page.markdown.split("## About this map", 1)[1].split("\n## ", 1)[0]
    assert prose.strip() and "&#34;" not in prose


def test_pages_are_deterministic(example: dict[str, GeneratedPage]) -> None:
    assert pages_of(REPO) == example


def test_map_text_is_text_everywhere(site: SiteBuilder) -> None:
    site.write("personas/priya.md", front(f"name: '{NASTY}'\nrole: '{NASTY}'"))
    site.write("journeys/buy/index.md", front(f"""
        title: '{NASTY}'
        persona: priya
        owner: '{NASTY}'
        scope: '{NASTY}'
        reviewed: 2026-11-01
    """))
    site.write("journeys/buy/01-checkout.md", STAGE.replace("name: Reviews cart",
                                                            f"name: '{NASTY}'"))
    for page in pages_of(site.root).values():
        rendered = html(page)
        assert "<script" not in rendered
        assert 'href="javascript:' not in rendered
        assert "<em>em</em>" not in rendered and "<strong>bold</strong>" not in rendered
    persona = html(pages_of(site.root)["personas/priya/index.md"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; " in persona


def test_md_text_escapes_markdown_and_html() -> None:
    rendered = markdown.markdown(f"# {md_text(NASTY)}", extensions=EXTENSIONS)
    assert "<script" not in rendered and "<a " not in rendered and "<code>" not in rendered
    assert "*bold*" in rendered and "[link](javascript:alert(1))" in rendered
    assert "\\" not in rendered  # no escape is left showing


def test_page_titles_go_to_the_theme_escaped() -> None:
    assert page_title('<b>"A" & B</b>') == '"&lt;b&gt;&#34;A&#34; &amp; B&lt;/b&gt;"'


@pytest.mark.parametrize("title", ["del \x7f", "nel \x85", "bom \ufeff", "ls \u2028 ps \u2029",
                                   "yes", "9:30", 'quote " and \\ backslash'])
def test_a_page_title_reads_back_from_front_matter_as_written(title: str) -> None:
    """MkDocs reads a generated page's front matter with PyYAML: a character YAML does
    not take as written must arrive escaped, or the page loses its title."""
    assert yaml.safe_load(f"title: {yaml_string(title)}") == {"title": title}


def test_a_title_cannot_close_the_title_element() -> None:
    assert "&lt;/title" not in page_title("x</TITLE><script>alert(1)</script>").lower()


def test_non_latin_text_and_emoji_survive(site: SiteBuilder) -> None:
    site.write("personas/priya.md", front("name: 'Прия 🚀 — 注文する'"))
    page = html(pages_of(site.root)["personas/priya/index.md"])
    assert "Прия 🚀 — 注文する" in page


def test_generate_writes_the_pages(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["generate", str(REPO), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(tmp_path / "out/docs").as_posix()
                     for p in (tmp_path / "out/docs").rglob("*.md"))
    assert "journeys/first-purchase/index.md" in written and "personas/index.md" in written


def test_generate_never_writes_over_files(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.md").write_text("mine")
    result = CliRunner().invoke(cli, ["generate", str(REPO), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "notes.md" in result.output
    assert (tmp_path / "out" / "notes.md").read_text() == "mine"


def test_generate_writes_nothing_when_the_maps_have_errors(site: SiteBuilder,
                                                           tmp_path: Path) -> None:
    site.write("personas/priya.md", front("rloe: x"))
    result = CliRunner().invoke(cli, ["generate", str(site.root), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and not (tmp_path / "o").exists()


def test_the_built_site_has_every_page(example_build: tuple[Build, Path]) -> None:
    result, site = example_build
    assert result.returncode == 0, result.stderr
    for page in ("journeys/index.html", "journeys/first-purchase/index.html",
                 "personas/busy-professional/index.html", "personas/index.html"):
        assert (site / page).is_file(), page
    journey = (site / "journeys/first-purchase/index.html").read_text()
    assert 'href="../../personas/busy-professional/"' in journey
    assert "edit/main/journeys/first-purchase/index.md" in journey


REPOSITORY = "https://github.com/papertrail-supply/cx-maps/edit/main/"
_EDIT = re.compile(r'<a href="([^"]+)" title="Edit this page"')


def test_every_edit_pencil_opens_a_file_of_the_repository(
        example_build: tuple[Build, Path]) -> None:
    """Material's "Edit this page" leads to the one file a page is made from, and a page
    made from many (the pages across the maps) has none."""
    result, site = example_build
    assert result.returncode == 0, result.stderr
    pencils = {}
    for page in sorted(site.rglob("index.html")):
        found = _EDIT.findall(page.read_text())
        pencils[page.parent.relative_to(site).as_posix()] = found[0] if found else None
    for url, target in pencils.items():
        if target is not None:
            assert target.startswith(REPOSITORY), (url, target)
            assert (REPO / target.removeprefix(REPOSITORY)).is_file(), (url, target)
    assert pencils["journeys/first-purchase"] == REPOSITORY + "journeys/first-purchase/index.md"
    assert pencils["personas/busy-professional"] == REPOSITORY + "personas/busy-professional.md"
    assert pencils["actions/fp-welcome-series"] == REPOSITORY + "journeys/first-purchase/index.md"
    assert pencils["landscape"] == REPOSITORY + "lifecycle.yml"  # its phases, named there
    assert pencils["owners"] == REPOSITORY + "owners.yml"
    assert pencils["."] == REPOSITORY + "docs/index.md"  # written by hand
    rollups = ["actions", "pain-points", "opportunities", "health", "journeys", "personas",
               "changes"]
    assert {url: pencils[url] for url in rollups} == dict.fromkeys(rollups)


def test_a_hand_written_page_where_a_generated_one_goes_is_an_error(site: SiteBuilder) -> None:
    site.write("mkdocs.yml", "site_name: T\ntheme: {name: material, font: false}\n"
               "plugins:\n  - cxmaps:\n      mermaid_js: nowhere.js\n")
    site.write("docs/index.md", "# Home\n")
    site.write("docs/journeys/buy/index.md", "# My own page\n")
    result = mkdocs_build("-q", "-d", str(site.root / "_site"), cwd=site.root)
    assert result.returncode != 0
    assert "docs/journeys/buy/index.md is written by hand" in result.stderr


def test_open_action_items_are_those_not_started_or_in_progress(
        example: dict[str, GeneratedPage]) -> None:
    page, board = html(example["actions/index.md"]).split('data-cx-view="board"')
    headings = re.findall(r"<h2[^>]*>(\w+) \(", page)
    assert headings == ["Open", "Done", "Dropped"]
    assert re.findall(r"<h2[^>]*>([\w ]+) \(", board) == ["Open", "In progress", "Done",
                                                           "Dropped"]
    open_section = page.split('id="open"', 1)[1].split("<h2", 1)[0]
    assert "cx-badge--in-progress" in open_section and "cx-badge--open" in open_section
    assert "cx-badge--done" not in open_section and "cx-badge--overdue" in open_section


def test_an_action_page_links_its_pain_points_journey_owner_and_tracker(
    example: dict[str, GeneratedPage],
) -> None:
    report = validate(Loader(read_layout(REPO), use_cache=False))
    ref = next(r for r in report.index.all_actions
               if r.action.addresses and r.action.link and r.stage)
    page = example[f"actions/{ref.action.id}/index.md"]
    rendered = html(page)
    assert f'href="../../journeys/{ref.journey.id}/index.md#stage-{ref.stage.id}"' in rendered
    assert f'href="../../owners/{ref.action.owner}/index.md"' in rendered
    assert f'href="{ref.action.link}"' in rendered
    assert "Pain points it addresses" in rendered and "This action item names no" not in rendered
    assert page.source == ref.file and not page.in_nav


def test_an_owner_page_puts_overdue_items_first(example: dict[str, GeneratedPage]) -> None:
    page = html(example["owners/web-team/index.md"])
    rows = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]
    overdue = ["cx-badge--overdue" in row for row in rows]
    assert overdue == sorted(overdue, reverse=True) and overdue[0]


def test_owners_without_a_registry_get_unique_keys(site: SiteBuilder) -> None:
    site.write("journeys/buy/index.md", front("""
        title: Buy
        persona: priya
        owner: Web team
        reviewed: 2026-11-01
    """))
    site.write("journeys/buy/01-checkout.md", STAGE.replace("owner: web-team",
                                                            "owner: web-team!"))
    pages = pages_of(site.root)
    assert "owners/web-team/index.md" in pages and "owners/web-team-2/index.md" in pages


def test_the_pain_points_page_leads_with_unaddressed_high_ones(
    example: dict[str, GeneratedPage],
) -> None:
    page = html(example["pain-points/index.md"]).split("Every pain point", 1)[1]  # heatmap above
    first_row = page.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert "unaddressed" in first_row and "cx-badge--high" in first_row


def test_the_health_page_lists_what_needs_attention(example: dict[str, GeneratedPage]) -> None:
    page = html(example["health/index.md"])
    for section in ("Evidence coverage", "Stale maps (1)", "Overdue action items (9)",
                    "High pain points no action item addresses (2)",
                    "Pain points without evidence (9)", "Personas no journey uses (1)"):
        assert section in page, section
    assert "Never" not in page and "%" in page


def test_a_hand_written_home_shows_the_dashboard_at_its_marker(
        example_build: tuple[Build, Path]) -> None:
    result, site = example_build
    assert result.returncode == 0, result.stderr
    home = (site / "index.html").read_text()
    assert "cxmaps:dashboard" not in home
    assert '<a href="journeys/"><span class="cx-stat">5</span> journeys</a>' in home
    assert 'href="health/"' in home


def test_a_site_without_a_home_gets_the_dashboard_as_home(site: SiteBuilder) -> None:
    site.write("mkdocs.yml", "site_name: Our maps\ntheme: {name: material, font: false}\n"
               "plugins:\n  - cxmaps:\n      mermaid_js: nowhere.js\n")
    site.write("docs/guide.md", "# How we map\n")
    result = mkdocs_build("-q", "-d", str(site.root / "_site"), cwd=site.root)
    assert result.returncode == 0, result.stderr
    home = (site.root / "_site/index.html").read_text()
    assert "<h1" in home and "Our maps" in home and 'href="journeys/buy/"' in home


def test_generate_writes_a_dashboard_home(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["generate", str(REPO), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    home = (tmp_path / "out/docs/index.md").read_text()
    assert '[<span class="cx-stat">5</span> journeys](journeys/index.md)' in home


OVERRIDE = ('<div class="our-head">{{ journey.title }} for {{ personas | map(attribute="name")'
            ' | join(", ") }}, <a href="{{ base_url }}{{ page_url(index_page.health) }}">'
            'health</a></div>\n')


def test_a_template_in_the_theme_overrides_folder_replaces_the_package_one(
        site: SiteBuilder, tmp_path: Path) -> None:
    """As Material's `overrides/`: `<custom_dir>/cxmaps/<template>` wins, in the build and
    in `cxmaps generate`; map text stays escaped; the other templates stay the package's."""
    site.write("mkdocs.yml", "site_name: T\ntheme: {name: material, font: false, "
               "custom_dir: overrides}\nplugins:\n  - cxmaps:\n      mermaid_js: nowhere.js\n")
    site.write("docs/index.md", "# Home\n")
    site.write("overrides/cxmaps/_journey-head.j2", OVERRIDE)
    site.write("journeys/buy/index.md", JOURNEY.replace("First online purchase",
                                                        "First <b>online</b> purchase"))
    result = CliRunner().invoke(cli, ["generate", str(site.root), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "o/docs/journeys/buy/index.md").read_text()
    assert ('<div class="our-head">First &lt;b&gt;online&lt;/b&gt; purchase for Priya, the '
            'busy professional, <a href="../../health/">health</a></div>') in page
    assert 'class="cx-journey-head"' not in page and 'class="cx-canvas' in page
    built = mkdocs_build("-q", "-d", str(site.root / "_site"), cwd=site.root)
    assert built.returncode == 0, built.stderr
    html = (site.root / "_site/journeys/buy/index.html").read_text()
    assert '<div class="our-head">First &lt;b&gt;online&lt;/b&gt; purchase' in html
    assert 'href="../../health/">health</a>' in html


def test_journeys_and_personas_leave_the_navigation_beyond_the_nav_limit() -> None:
    within = pages_of(REPO, nav_limit=5)  # the example has 5 journeys and 4 personas
    assert within["journeys/first-purchase/index.md"].in_nav
    assert within["personas/busy-professional/index.md"].in_nav
    beyond = pages_of(REPO, nav_limit=4)
    assert not beyond["journeys/first-purchase/index.md"].in_nav
    assert beyond["personas/busy-professional/index.md"].in_nav
    assert beyond["journeys/index.md"].in_nav and beyond["personas/index.md"].in_nav


def test_per_item_action_and_owner_pages_are_never_in_the_navigation(
        example: dict[str, GeneratedPage]) -> None:
    per_item = [p for uri, p in example.items()
                if uri.startswith(("actions/", "owners/")) and uri.count("/") == 2]
    assert per_item and not any(p.in_nav for p in per_item)


# --- Stage details, numbers and labels ----------------------------------------------------

BLOCK_KINDS = (("heading", re.compile(r"#{1,6} ")), ("list", re.compile(r"\s*([-*+]|\d+\.) ")),
               ("table", re.compile(r"\|")), ("html", re.compile(r"<")))


def block_kind(line: str) -> str:
    return next((kind for kind, start in BLOCK_KINDS if start.match(line)), "paragraph")


def glued_blocks(page: GeneratedPage) -> list[tuple[str, str]]:
    """Pairs of adjacent lines that belong to different Markdown blocks (a list and the
    paragraph after it, a heading and anything): a blank line must part them. An HTML
    block runs to the next blank line, whatever its lines look like."""
    lines = page.markdown.split("---\n", 2)[2].split("\n")
    glued, block = [], ""
    for before, after in itertools.pairwise(lines):
        block = block or block_kind(before)
        if not before.strip() or not after.strip():
            block = ""
            continue
        if block == "html":
            continue
        kinds = {block_kind(before), block_kind(after)}
        if "heading" in kinds or len(kinds) > 1:
            glued.append((before, after))
    return glued


PROSE = "## Notes\n\n- a note that ends in a list"
"""Prose that starts with a heading and ends in a list item: glued to a generated block on
either side, it shows as a fault that `glued_blocks` finds."""


def test_every_generated_block_has_a_blank_line_around_it() -> None:
    report = validate(Loader(read_layout(REPO), use_cache=False))
    ctx = context(report.site, report.index, TODAY_DATE,
                  {path: PROSE for path in map_files(report.site)})
    for page in site_pages(ctx):
        assert glued_blocks(page) == [], page.src_uri


def test_every_line_break_in_a_table_cell_is_a_br_element(
        example: dict[str, GeneratedPage], site: SiteBuilder) -> None:
    for uri, page in example.items():
        assert "&lt;br" not in html(page), uri
    site.write("journeys/buy/index.md", JOURNEY.replace(
        "reviewed:", 'extra: {survey: "Checkout\\ncompletion"}\nreviewed:'))
    journey = html(pages_of(site.root)["journeys/buy/index.md"])
    assert "<td>Survey</td>\n<td>Checkout<br>completion</td>" in journey


def test_several_opportunities_or_backstage_items_are_a_list_in_their_cell(
        example: dict[str, GeneratedPage]) -> None:
    stage = html(example["journeys/first-purchase/index.md"])
    assert ('<td data-label="Backstage" class="cx-backstage"><ul><li>Paid social campaign '
            "run by our agency, budget $42,000 a month</li><li>Audience built from lookalikes "
            "of app customers</li></ul></td>") in stage


def metric_page(site: SiteBuilder, metric: str) -> str:
    site.write("journeys/buy/01-checkout.md", STAGE.replace(
        "actions:", f"metrics:\n  - {{name: M, {metric}}}\nactions:"))
    return html(pages_of(site.root)["journeys/buy/index.md"])


@pytest.mark.parametrize(("metric", "shown"), [
    ("value: 62, target: 75, unit: '%'", ("62%", "at least 75%")),
    ("value: 31.5, target: 25, unit: $, better: lower", ("$31.5", "at most $25")),
    ("value: -5, unit: €", ("-€5", "—")),
    ("value: 12, unit: £", ("£12", "—")),
    ("value: 800, unit: ¥", ("¥800", "—")),
    ("value: 4.2, unit: contacts", ("4.2\u00a0contacts", "—")),
    ("value: 34, unit: NPS", ("34\u00a0NPS", "—")),
    ("target: 5, unit: '%'", ("—", "at least 5%")),
    ("value: 18400", ("18,400", "—")),
    ("value: 1234567.25, unit: s", ("1,234,567.25\u00a0s", "—")),
    ("value: 62.0, unit: '%'", ("62%", "—")),
])
def test_metrics_are_written_as_people_write_them(site: SiteBuilder, metric: str,
                                                  shown: tuple[str, str]) -> None:
    value, target = shown
    assert (f'<td data-label="Value">{value}</td><td data-label="Target">{target}</td>'
            in metric_page(site, metric))


def test_evidence_sizes_have_thousands_separators(site: SiteBuilder) -> None:
    site.write("personas/priya.md", PERSONA.replace("n: 412", "n: 18230"))
    persona = html(pages_of(site.root)["personas/priya/index.md"])
    assert "n = 18,230" in persona and "18230" not in persona


def test_persona_demographics_and_extra_keys_show_as_labels(site: SiteBuilder) -> None:
    site.write("personas/priya.md", front("""
        name: Priya
        demographics:
          average_order_value_usd: 286
          company-size: 38
          Preferred Store: Chicago Loop
          nps: 41
        extra:
          crm_id: C-12
          loyalty: {tier_name: gold, since_year: 2019}
          kpis: [a, b]
          active: true
    """))
    persona = html(pages_of(site.root)["personas/priya/index.md"])
    for label, value in [("Average order value (USD)", "286"), ("Company size", "38"),
                         ("Preferred Store", "Chicago Loop"), ("NPS", "41")]:
        assert f"<dt>{label}</dt><dd>{value}</dd>" in persona
    for label, value in [("CRM ID", "C-12"), ("Loyalty › Tier name", "gold"),
                         ("Loyalty › Since year", "2019"), ("KPIs", "a, b"),
                         ("Active", "yes")]:
        assert f"<td>{label}</td>\n<td>{value}</td>" in persona
    assert "average_order_value_usd" not in persona and "crm_id" not in persona


def test_no_table_has_an_empty_header(example: dict[str, GeneratedPage]) -> None:
    for uri, page in example.items():
        assert not re.search(r"<th[^>]*>\s*</th>", html(page)), uri


# --- Counts -----------------------------------------------------------------------------

def shown_count(page: str, anchor: str) -> str:
    """The text that shows a count on a page: the heading after the anchor, or the page's
    first paragraph."""
    if anchor:
        return page.split(f'id="{anchor}"', 1)[1].split("</h2>", 1)[0]
    return page.split("<p>", 1)[1].split("</p>", 1)[0]


def test_every_count_on_the_home_page_equals_the_count_on_the_page_it_links_to(
        example: dict[str, GeneratedPage], tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["generate", str(REPO), "--out", str(tmp_path)])
    assert result.exit_code == 0
    home = markdown.markdown((tmp_path / "docs/index.md").read_text(), extensions=EXTENSIONS)
    counts = re.findall(r'<a href="([^"#]+)#?([^"]*)"><span class="cx-stat[^"]*">([\d,]+)<', home)
    assert len(counts) == 7  # journeys, personas, touchpoints, pain points, open, overdue, stale
    for target, anchor, count in counts:
        shown = shown_count(html(example[target]), anchor)
        assert re.search(rf"(^|\D){count}(\D|$)", shown), (target, anchor, count, shown)


def test_open_means_open_or_in_progress_on_every_page(example: dict[str, GeneratedPage],
                                                      tmp_path: Path) -> None:
    report = validate(Loader(read_layout(REPO), use_cache=False))
    open_items = [r for r in report.index.all_actions if r.action.status in ("open",
                                                                             "in-progress")]
    actions = html(example["actions/index.md"])
    assert f"Open ({len(open_items)})" in actions
    owners = html(example["owners/index.md"])
    per_owner = [int(n) for n in re.findall(
        r"</a></td>\n<td>\d+</td>\n<td>(\d+)</td>", owners)]
    assert sum(per_owner) == len(open_items)
