"""The site's navigation, when `mkdocs.yml` has none: tabs in the order a CX team reads
the site, each journey and persona once, by title; a navigation written by hand is left
as it is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import MERMAID, Build, SiteBuilder, front, mkdocs_build

TABS = ["Home", "Journeys", "Personas", "Actions", "Pain points", "Owners", "Health",
        "Changes"]


def build(root: Path) -> Path:
    result = mkdocs_build("-q", "-d", str(root / "_site"), cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "_site"


def tabs(page: str) -> list[str]:
    return [" ".join(t.split()) for t in re.findall(
        r'class="md-tabs__link">(.*?)</a>', page, re.S)]


def sidebar(page: str) -> list[str]:
    """The link texts of the primary navigation, in order."""
    nav = page.split('md-nav--primary', 1)[1].split("</nav>\n</div>", 1)[0]
    return [" ".join(re.sub(r"<[^>]+>", "", t).split())
            for t in re.findall(r'<a [^>]*class="md-nav__link[^"]*"[^>]*>(.*?)</a>', nav, re.S)]


@pytest.fixture(scope="module")
def example(example_build: tuple[Build, Path]) -> Path:
    result, site = example_build
    assert result.returncode == 0, result.stderr
    return site


def test_tabs_follow_the_order_a_cx_team_reads_the_site(example: Path) -> None:
    for page in ("index.html", "journeys/first-purchase/index.html", "health/index.html"):
        # then the example's page written by hand, docs/format.md
        assert tabs((example / page).read_text()) == [*TABS, "Map format"], page


def test_each_journey_is_in_the_sidebar_once_by_title(example: Path) -> None:
    links = sidebar((example / "journeys/first-purchase/index.html").read_text())
    journeys = ["First online purchase", "First online purchase (2027 target)",
                "Invoice, reconcile and pay", "Late, missing or damaged delivery",
                "Reorder regular supplies"]
    assert [link for link in links if link in journeys] == journeys
    for folder in ("First purchase", "Delivery problem", "Reorder supplies"):
        assert folder not in links


def site_with_pages(site: SiteBuilder, nav: str = "") -> SiteBuilder:
    site.write("mkdocs.yml", "site_name: Test\ntheme:\n  name: material\n  font: false\n"
               "  features: [navigation.tabs]\nplugins:\n  - cxmaps:\n"
               f"      mermaid_js: {MERMAID}\n{nav}")
    site.write("docs/index.md", "# Welcome to our maps\n")
    site.write("docs/guide.md", "# How we map\n")
    site.write("docs/about/team.md", "# The team\n")
    site.write("personas/ana.md", front("name: Ana, the first-time buyer"))
    site.write("journeys/buy/index.md", front(
        "title: Zebra journey\npersona: priya\npersonas: [ana]\nreviewed: 2026-11-01"))
    site.write("journeys/apply/index.md", front(
        "title: Apply for credit\npersona: priya\nreviewed: 2026-11-01"))
    site.write("journeys/apply/01-ask.md", front(
        "name: Ask\ntouchpoints:\n  - {name: Asks, emotion: 3}"))
    return site


def test_pages_written_by_hand_follow_the_generated_tabs_in_their_own_order(
        site: SiteBuilder) -> None:
    out = build(site_with_pages(site).root)
    home = (out / "index.html").read_text()
    assert tabs(home) == [*TABS, "How we map", "About"]  # as MkDocs orders them
    team = (out / "about/team/index.html").read_text()
    assert "<title>The team - Test</title>" in team and "The team" in sidebar(team)
    links = sidebar((out / "journeys/index.html").read_text())
    assert links.index("Apply for credit") < links.index("Zebra journey")
    personas = sidebar((out / "personas/index.html").read_text())
    assert personas.index("Ana, the first-time buyer") < personas.index(
        "Priya, the busy professional")


def test_a_navigation_written_in_mkdocs_yml_is_left_as_it_is(site: SiteBuilder) -> None:
    nav = "nav:\n  - Guide: guide.md\n  - Start: index.md\n  - Journeys: journeys/index.md\n"
    out = build(site_with_pages(site, nav).root)
    assert tabs((out / "index.html").read_text()) == ["Guide", "Start", "Journeys"]
