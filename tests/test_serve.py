"""Under `mkdocs serve` a broken edit shows its errors on every page and in the log, the
server keeps running, and fixing the file brings the site back."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from watchdog.observers.polling import PollingObserver

from cxmaps.mkdocs.watch import MapWatcher, listed, map_paths, on_the_way, watched
from cxmaps.site.layout import Layout
from cxmaps.site.options import SiteOptions

from helpers import JOURNEY, MKDOCS_YML, PERSONA, STAGE, SiteBuilder, front

BANNER = 'class="admonition failure cxmaps-errors"'


class Server:
    def __init__(self, root: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.log = root / "serve.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve",
             "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=root, stdout=self.log.open("w"), stderr=subprocess.STDOUT)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}",
                                        timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()

    def wait_for(self, ready: Callable[[], bool], what: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the server stopped:\n{self.log.read_text()}"
            try:
                if ready():
                    return
            except OSError:
                pass
            time.sleep(0.2)
        pytest.fail(f"waited {timeout} s for {what}:\n{self.log.read_text()}")


@pytest.fixture
def serve(site: SiteBuilder) -> Iterator[Callable[[], Server]]:
    site.write("mkdocs.yml", MKDOCS_YML)
    site.write("docs/index.md", "# Home\n")
    servers: list[Server] = []

    def start() -> Server:
        servers.append(Server(site.root))
        servers[-1].wait_for(lambda: servers[-1].get("")[0] == 200, "the server to start")
        return servers[-1]

    yield start
    for server in servers:
        server.process.terminate()
        server.process.wait(timeout=10)


def _shows(server: Server, path: str, text: str) -> bool:
    return text in server.get(path)[1]


def test_a_broken_edit_shows_its_errors_and_the_last_good_pages(
        site: SiteBuilder, serve: Callable[[], Server]) -> None:
    server = serve()
    assert BANNER not in server.get("journeys/buy/")[1]
    site.write("personas/priya.md", PERSONA.replace("role:", "rloe:"))
    server.wait_for(lambda: _shows(server, "journeys/buy/", BANNER), "the error banner")
    status, page = server.get("journeys/buy/")
    assert status == 200 and "First online purchase" in page
    assert "personas/priya.md:3:1</code> CX113" in page
    assert BANNER in server.get("")[1]
    assert "personas/priya.md:3:1: error: CX113" in server.log.read_text()
    site.write("personas/priya.md", PERSONA)
    server.wait_for(lambda: not _shows(server, "journeys/buy/", BANNER), "the fix")


def test_a_site_broken_from_the_start_is_served_with_its_errors(
        site: SiteBuilder, serve: Callable[[], Server]) -> None:
    site.write("journeys/buy/index.md", front("title: <b>Buy</b>\npersona: nobody"))
    server = serve()
    page = server.get("")[1]
    assert BANNER in page and "no map pages until they are fixed" in page
    assert "CX116" in page and "<b>Buy</b>" not in page
    assert server.get("journeys/buy/")[0] == 404
    site.write("journeys/buy/index.md", front("title: Buy\npersona: priya"))
    server.wait_for(lambda: server.get("journeys/buy/")[0] == 200, "the journey page")
    assert BANNER not in server.get("journeys/buy/")[1]


ERRORS_OVERRIDE = ('<div class="our-errors">{{ errors | length }} to fix:{% for e in errors %}'
                   ' <code>{{ e.file }}:{{ e.line }}</code> {{ e.code }}{% endfor %}</div>\n')


def test_a_template_in_the_theme_overrides_folder_replaces_the_error_banner(
        site: SiteBuilder, tmp_path: Path) -> None:
    """The banner is a template like every page's: `<custom_dir>/cxmaps/_errors.html.j2`
    replaces it (a build as `mkdocs serve` makes it, in-process)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site.write("mkdocs.yml", MKDOCS_YML.replace("font: false}", "font: false, custom_dir: theme}"))
    site.write("docs/index.md", "# Home\n")
    site.write("theme/cxmaps/_errors.html.j2", ERRORS_OVERRIDE)
    site.write("personas/priya.md", PERSONA.replace("role:", "rloe:"))
    config = load_config(str(site.root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    page = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert '<div class="our-errors">1 to fix: <code>personas/priya.md:3</code> CX113</div>' in page
    assert BANNER not in page


def _builds(server: Server) -> int:
    return server.log.read_text().count("Building documentation")


def test_a_deleted_and_restored_journeys_folder_is_still_watched(
        site: SiteBuilder, serve: Callable[[], Server], tmp_path: Path) -> None:
    server = serve()
    assert server.get("journeys/buy/")[0] == 200
    journeys = site.root / "journeys"
    journeys.rename(tmp_path / "journeys-aside")
    server.wait_for(lambda: server.get("journeys/buy/")[0] == 404, "the journey to go")
    (tmp_path / "journeys-aside").rename(journeys)  # restored whole: no file event inside
    server.wait_for(lambda: server.get("journeys/buy/")[0] == 200, "the journey to return")
    stage = journeys / "buy/01-checkout.md"
    stage.write_text(stage.read_text().replace("Reviews cart", "Reviews the basket"))
    server.wait_for(lambda: _shows(server, "journeys/buy/", "Reviews the basket"),
                    "an edit after the restore")
    shutil.rmtree(journeys)
    site.write("journeys/buy/index.md", JOURNEY)  # re-created file by file
    site.write("journeys/buy/01-checkout.md", STAGE.replace("Reviews cart", "Checks totals"))
    server.wait_for(lambda: _shows(server, "journeys/buy/", "Checks totals"),
                    "the re-created journey")


def test_only_map_changes_rebuild(site: SiteBuilder, serve: Callable[[], Server]) -> None:
    """The root is watched, but the server's own log, the parse cache, notes and hidden
    folders beside the maps are not: they would rebuild the site for nothing."""
    server = serve()
    server.wait_for(lambda: "Serving on" in server.log.read_text(), "the server to serve")
    builds = _builds(server)
    for rel in ("notes.txt", ".git/index", "node_modules/x/y.js", "journeys.md",
                "journeys/buy/.01-checkout.md.swp", "journeys/.cxmaps-cache/x"):
        site.write(rel, "not a map")
    time.sleep(2.5)  # five polls
    assert _builds(server) == builds
    site.write("owners.yml", "web-team:\n  name: Web shop\n")
    server.wait_for(lambda: _builds(server) > builds, "owners.yml to rebuild the site")


def test_the_watch_walks_only_towards_the_maps(tmp_path: Path) -> None:
    paths = map_paths(Layout(root=tmp_path, personas_dir="content/personas/",
                             journeys_dir="./journeys", owners_file="teams/.owners.yml",
                             lifecycle_file="teams/lifecycle.yml"))
    assert paths == ("content/personas", "journeys", "teams/.owners.yml", "teams/lifecycle.yml")
    walked = ["content", "content/personas", "content/personas/a.md", "journeys",
              "journeys/buy/01-x.md", "teams", "teams/.owners.yml", "teams/lifecycle.yml"]
    skipped = ["content/blog", ".git", "journeys/.cxmaps-cache", "node_modules", "teams/x",
               "journeys.md", "site"]
    assert [rel for rel in walked + skipped if on_the_way(rel, paths)] == walked
    assert watched("journeys/buy", paths) and not watched("content", paths)
    assert listed("journeys/buy/01-x.md", paths) and listed("teams/.owners.yml", paths)
    assert not listed("journeys/buy/.01-x.md.swp", paths)
    assert not listed("journeys/.cache/x.md", paths) and not listed("content", paths)


def test_an_edit_of_a_stage_is_written_page_by_page(
        site: SiteBuilder, serve: Callable[[], Server]) -> None:
    server = serve()
    server.wait_for(lambda: "Serving on" in server.log.read_text(), "the server to serve")
    builds = _builds(server)
    stage = site.root / "journeys/buy/01-checkout.md"
    stage.write_text(stage.read_text().replace("Reviews cart", "Compares the basket")
                     .replace("appears only at the last step", "shows up at the very end"))
    server.wait_for(lambda: _shows(server, "journeys/buy/", "Compares the basket"),
                    "the edited stage on its journey page")
    assert "pages written again after an edit of the maps" in server.log.read_text()
    assert _builds(server) == builds, "no whole build"
    assert "shows up at the very end" in server.get("pain-points/")[1]


@pytest.mark.parametrize("events", [True, False], ids=["file events", "polling"])
def test_the_watcher_sees_map_edits_and_not_reads_or_swap_files(
        tmp_path: Path, events: bool) -> None:
    """With the system's file events and, where there are none, by polling the root."""
    (tmp_path / "journeys/buy").mkdir(parents=True)
    stage = tmp_path / "journeys/buy/01-checkout.md"
    stage.write_text("a")
    seen = threading.Event()
    watcher = MapWatcher(Layout.of(tmp_path, SiteOptions()), seen.set)
    if not events:
        watcher.observer = PollingObserver()  # as where the system has no file events
    watcher.start()
    try:
        assert watcher.polling is not events
        stage.read_text()
        (tmp_path / "journeys/buy/.01-checkout.md.swp").write_text("x")
        (tmp_path / "notes.txt").write_text("x")
        assert not seen.wait(1.5)
        stage.write_text("b")
        assert seen.wait(5), "the edit was not seen"
    finally:
        watcher.stop()
