"""The site on every generator a team may move to: ProperDocs runs the plugin as MkDocs
does; Zensical (Material's successor, which runs no third-party MkDocs plugins) and
ProperDocs each build the source `cxmaps generate` writes, with nothing of cxmaps.

Each generator runs in its own process: ProperDocs redirects every `mkdocs` import of the
process it runs in to itself. A generator that cannot be installed or started here is
skipped with the reason, except under CI (`CI` set), where that fails.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from cxmaps.cli import cli
from cxmaps.mkdocs.options import read_layout
from cxmaps.publish.siteconfig import NavPage, edit_url, site_nav
from cxmaps.site.loader import Loader
from cxmaps.site.validate import validate

from browsing import Served, check_pages, free_server, serve_site
from helpers import REPO, TODAY, Build, SiteBuilder

GENERATORS = {
    "properdocs": ["-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"],
    "zensical": ["-m", "zensical", "build", "--strict"],
}
"""How each generator builds the source in its folder (into `site/`)."""
REPOSITORY = "https://github.com/papertrail-supply/cx-maps/edit/main/"


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "CXMAPS_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1",
                               **env}, timeout=600, check=False)


def _runnable(generator: str) -> None:
    """Skip (fail under CI) where the generator cannot be started here."""
    started = _run(["-m", generator, "--version"], REPO)
    if started.returncode != 0:
        message = (f"{generator} cannot run here (`pip install -e '.[test]'` installs it): "
                   f"{(started.stderr or started.stdout).strip().splitlines()[-1:]}")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@dataclass
class Built:
    generator: str
    source: Path
    served: Served


def _generate(out: Path, site_url: str) -> None:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CXMAPS_SITE_URL", site_url)  # the example's mkdocs.yml reads it
        env.setenv("CXMAPS_TODAY", TODAY)
        result = CliRunner().invoke(cli, ["generate", str(REPO), "--out", str(out)])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module", params=sorted(GENERATORS))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[Built]:
    """The example's source, generated for the address it is served at, built by one
    generator."""
    generator: str = request.param
    _runnable(generator)
    source = tmp_path_factory.mktemp(generator) / "source"
    server = free_server()
    _generate(source, f"http://127.0.0.1:{server.server_address[1]}/")
    result = _run(GENERATORS[generator], source)
    assert result.returncode == 0, result.stdout + result.stderr
    for served in serve_site(source / "site", server):
        yield Built(generator, source, served)


@pytest.fixture(scope="module")
def plugin_site(example_build: tuple[Build, Path]) -> Path:
    """The example built by MkDocs with the plugin (the session's strict build): what the
    generators must match."""
    result, site = example_build
    assert result.returncode == 0, result.stderr
    return site


def _page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


class _Nav(HTMLParser):
    """The titles of the primary navigation, in order, with the links they carry."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.items: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag == "nav" and ("md-nav--primary" in classes or self.depth):
            self.depth += 1
        elif self.depth and tag == "a" and "md-nav__link" in classes:
            self.links.append(dict(attrs).get("href") or "")
        self._ellipsis = self.depth > 0 and tag == "span" and "md-ellipsis" in classes

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if getattr(self, "_ellipsis", False) and data.strip():
            self.items.append(data.strip())
            self._ellipsis = False


def _nav(html: str) -> _Nav:
    nav = _Nav()
    nav.feed(html)
    return nav


def _model() -> Any:
    return validate(Loader(read_layout(REPO), use_cache=False))


def test_every_journey_persona_and_action_page_is_built(built: Built) -> None:
    site, report = built.served.root, _model()
    pages = ([f"journeys/{j}" for j in report.site.journeys]
             + [f"personas/{p}" for p in report.site.personas]
             + [f"actions/{ref.action.id}" for ref in report.index.all_actions]
             + ["", "journeys", "personas", "actions", "pain-points", "owners", "health"])
    missing = [page for page in pages if not (site / page / "index.html").is_file()]
    assert len(pages) > 40 and missing == []


def test_the_navigation_is_the_plugins_without_the_per_item_pages(built: Built,
                                                                  plugin_site: Path) -> None:
    for page in ("journeys", "actions/fp-welcome-series"):
        nav = _nav(_page(built.served.root, page))
        assert nav.items == _nav(_page(plugin_site, page)).items, page
        assert not [link for link in nav.links if re.search(r"(actions|owners)/[^/]+/$", link)]
    assert "Home" in nav.items and "Journeys" in nav.items


def test_the_home_page_has_the_dashboard(built: Built) -> None:
    home = _page(built.served.root, "")
    assert "This week at a glance" in home  # the hand-written page
    assert 'class="cx-stat' in home and 'href="journeys/first-purchase/"' in home
    assert "cxmaps:dashboard" not in home


def test_edit_links_lead_to_the_map_files(built: Built) -> None:
    def edit_link(url: str) -> str | None:
        found = re.search(r'<a href="([^"]+)" title="Edit this page"', _page(built.served.root,
                                                                             url))
        return found.group(1) if found else None

    assert edit_link("journeys/first-purchase") == REPOSITORY + "journeys/first-purchase/index.md"
    assert edit_link("personas/busy-professional") == REPOSITORY + "personas/busy-professional.md"
    assert (edit_link("actions/fp-welcome-series") or "").startswith(REPOSITORY + "journeys/")
    assert edit_link("") == REPOSITORY + "docs/index.md"  # written by hand
    assert edit_link("actions") is None  # a page of the whole site has no one file


_LOADS = re.compile(r'<(?:img|script|iframe|source|video|audio|embed)\b[^>]*\ssrc="([^"]+)"'
                    r'|<link\b(?=[^>]*\srel="(?:stylesheet|preload|modulepreload|icon|manifest)")'
                    r'[^>]*\shref="([^"]+)"|url\((?:&#34;|["\'])?(https?:[^)"\'&]+)')


def test_no_page_loads_anything_from_another_origin(built: Built) -> None:
    own = urlsplit(built.served.base).netloc
    loads = {url for page in built.served.pages
             for found in _LOADS.findall((built.served.root / page).read_text(encoding="utf-8"))
             for url in found if url}
    assert any(url.endswith("mermaid.min.js") for url in loads)
    assert [url for url in loads
            if urlsplit(url).scheme and urlsplit(url).netloc != own] == []


def test_pages_work_in_a_browser_and_mermaid_draws(browser: Any, built: Built) -> None:
    """No request to another origin, no script error, every diagram parsed and drawn, every
    link and anchor found (see test_browser)."""
    pages = [page for page in built.served.pages
             if page.startswith(("journeys/", "personas/busy", "actions/fp-welcome"))
             or page == "index.html"]
    journey = (built.served.root / "journeys/first-purchase/index.html").read_text()
    assert '<pre class="mermaid"><code>' in journey
    assert check_pages(browser, built.served, pages) == []


@pytest.mark.parametrize("command", ["mkdocs", "properdocs"])
def test_the_example_builds_strict_with_the_plugin(
        command: str, tmp_path: Path, example_build: tuple[Build, Path]) -> None:
    """MkDocs' strict build of the example is the session's (in-process); ProperDocs'
    runs its own command line."""
    if command == "properdocs":
        _runnable(command)
        ran = _run(["-m", command, "build", "--strict", "-f", "mkdocs.yml", "-d",
                    str(tmp_path / "site")], REPO)
        result, site = Build(ran.returncode, ran.stdout, ran.stderr), tmp_path / "site"
    else:
        result, site = example_build
    assert result.returncode == 0, result.stderr
    assert "cxmaps: 32 map files checked" in result.stderr
    assert (site / "journeys/first-purchase/index.html").is_file()


# --- The source folder ------------------------------------------------------------------

def test_generate_never_replaces_a_folder_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out/notes.md").write_text("mine")
    for args in ([], ["--force"]):
        result = CliRunner().invoke(cli, ["generate", str(REPO), "--out", str(tmp_path / "out"),
                                          *args])
        assert result.exit_code == 2 and "notes.md" in result.output
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["notes.md"]


def test_generate_force_replaces_its_own_folder_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["generate", str(REPO), "--out", str(out)]).exit_code == 0
    (out / "docs/journeys/gone").mkdir()
    (out / "docs/journeys/gone/index.md").write_text("# A journey since removed\n")
    again = CliRunner().invoke(cli, ["generate", str(REPO), "--out", str(out)])
    assert again.exit_code == 2 and "--force" in again.output
    forced = CliRunner().invoke(cli, ["generate", str(REPO), "--out", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert not (out / "docs/journeys/gone").exists()
    assert (out / "docs/journeys/first-purchase/index.md").is_file()


def test_the_source_has_no_cxmaps_plugin_and_serves_its_own_scripts(tmp_path: Path) -> None:
    import yaml

    assert CliRunner().invoke(cli, ["generate", str(REPO), "--out", str(tmp_path / "o")]
                              ).exit_code == 0
    config = yaml.load((tmp_path / "o/mkdocs.yml").read_text(), Loader=yaml.Loader)
    assert config["plugins"] == ["search"]
    assert "assets/cxmaps/mermaid.min.js" in config["extra_javascript"]
    scripts = sorted(p.name for p in (REPO / "plugins/cxmaps/templates/assets").glob("*.js"))
    assert "cxmaps-start.js" in scripts  # every page's set-up, which the others queue theirs to
    assert {f"assets/cxmaps/{name}" for name in scripts} <= set(config["extra_javascript"])
    assert "/actions/fp-welcome-series/index.md" in config["not_in_nav"].splitlines()
    assert config["theme"]["custom_dir"] == "overrides" and config["theme"]["font"] is False
    assert (tmp_path / "o/overrides/partials/source.html").is_file()  # the site's own
    assert (tmp_path / "o/docs/assets/cxmaps/mermaid.min.js").read_bytes() == \
        (REPO / "node_modules/mermaid/dist/mermaid.min.js").read_bytes()


def test_a_hand_written_page_where_a_generated_one_goes_stops_generate(
        site: SiteBuilder, tmp_path: Path) -> None:
    site.write("docs/journeys/buy/index.md", "# Mine\n")
    result = CliRunner().invoke(cli, ["generate", str(site.root), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and "docs/journeys/buy/index.md is written by hand" in \
        result.output
    assert not (tmp_path / "o").exists()


def test_pages_written_by_hand_follow_the_generated_sections() -> None:
    generated = [NavPage("journeys/index.md", "Journeys"),
                 NavPage("journeys/b/index.md", "Buying"),
                 NavPage("journeys/a/index.md", "Returning"),
                 NavPage("actions/index.md", "Action items"),
                 NavPage("actions/x/index.md", "X", in_nav=False),
                 NavPage("index.md", "Home page")]
    handwritten = [NavPage("guide/b.md", None), NavPage("guide/index.md", None),
                   NavPage("about.md", None)]
    assert site_nav(generated, handwritten) == [
        {"Home": "index.md"},
        {"Journeys": [{"Journeys": "journeys/index.md"}, {"Buying": "journeys/b/index.md"},
                      {"Returning": "journeys/a/index.md"}]},
        {"Actions": "actions/index.md"},
        "about.md",
        {"Guide": ["guide/index.md", "guide/b.md"]},
    ]


@pytest.mark.parametrize(("settings", "expected"), [
    ({"repo_url": "https://github.com/o/r"}, "https://github.com/o/r/edit/master/journeys/a.md"),
    ({"repo_url": "https://github.com/o/r/", "edit_uri": "blob/dev/site/docs"},
     "https://github.com/o/r/blob/dev/journeys/a.md"),
    ({"repo_url": "https://example.com/r", "edit_uri_template": "edit/{path_noext}.md"},
     "https://example.com/r/journeys/a.md"),
    ({"repo_url": "https://example.com/r"}, ""),
    ({"repo_url": "https://github.com/o/r", "edit_uri": ""}, ""),
])
def test_an_edit_link_leads_where_mkdocs_would_send_it(settings: dict[str, str],
                                                      expected: str) -> None:
    docs = "site/docs" if "site/docs" in settings.get("edit_uri", "") else "docs"
    assert edit_url(settings, docs, "journeys/a.md") == expected


def test_a_site_without_a_home_page_gets_the_dashboard_as_its_home(site: SiteBuilder,
                                                                   tmp_path: Path) -> None:
    from helpers import MKDOCS_YML

    site.write("mkdocs.yml", MKDOCS_YML)
    result = CliRunner().invoke(cli, ["generate", str(site.root), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    home = (tmp_path / "o/docs/index.md").read_text()
    assert 'class="cx-stat' in home and '<a href="journeys/buy/">' in home  # its table
    assert 'edit_url: ""' in home  # no file to edit
