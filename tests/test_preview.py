"""Under `mkdocs serve` an edit of the maps writes again only the pages it changed, and
the site it leaves is, byte for byte, the site a whole build of the same files gives."""

from __future__ import annotations

import filecmp
import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.commands import build as mkdocs_build
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError

from cxmaps.site import loader as loader_module
from cxmaps.site.loader import Loader, _restamped
from cxmaps.site.validate import validate

from helpers import MERMAID, REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import generate

URL = "http://127.0.0.1:8000/"
STATUSES = ("open", "in-progress", "done", "dropped")
CONFIG = f"""\
site_name: Acme customer journeys
theme: {{name: material, font: false}}
plugins:
  - search
  - cxmaps:
      mermaid_js: {MERMAID}
      nav_limit: LIMIT
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - toc: {{permalink: true}}
"""


class Session:
    """`mkdocs serve` in-process: the first build, then the server's builder after every
    edit (the watcher's polling left out)."""

    def __init__(self, root: Path, site_dir: Path, dirty: bool = False,
                 watched: bool = False) -> None:
        self.root, self.site_dir, self.dirty = root, site_dir, dirty
        self.whole_builds = 0
        config = self.config()
        config.plugins.on_startup(command="serve", dirty=dirty)
        self.server = SimpleNamespace(builder=self.whole_build, watch=lambda path: None)
        if watched:  # as MkDocs' server, which the plugin's file watcher asks for builds
            self.server._rebuild_cond = threading.Condition()
            self.server._want_rebuild = False
        self.whole_build(config)
        self.plugin = config.plugins["cxmaps"]
        config.plugins.on_serve(self.server, config=config, builder=self.whole_build)

    def config(self) -> MkDocsConfig:
        config = load_config(config_file=str(self.root / "mkdocs.yml"),
                             site_dir=str(self.site_dir))
        config.site_url = URL
        return config

    def whole_build(self, config: MkDocsConfig | None = None) -> None:
        self.whole_builds += 1
        build(config or self.config(), serve_url=URL, dirty=self.dirty)

    def rebuild(self) -> None:
        """What the server does after a change: its builder, whatever that is now (and
        the search index it writes once the pages are shown); where the file watcher
        runs, once it asked for a build and its events settled."""
        condition = getattr(self.server, "_rebuild_cond", None)
        if condition is not None:
            with condition:
                assert condition.wait_for(lambda: self.server._want_rebuild, timeout=10), \
                    "the watcher saw no change"
            time.sleep(0.3)  # the events that come with the change (the file closed…)
            with condition:
                self.server._want_rebuild = False
        self.server.builder()
        self.plugin.preview.settle()

    def stop(self) -> None:
        self.plugin.on_shutdown()


def whole_build(root: Path, site_dir: Path) -> bool:
    """A build from scratch, by plugins that never saw the session; False where the maps
    have errors."""
    cache = MkDocsConfig.plugins.plugin_cache
    saved = dict(cache)
    cache.clear()
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir))
        config.site_url = URL
        config.plugins.on_startup(command="serve", dirty=False)
        build(config, serve_url=URL)
        return True
    except (PluginError, Abort):
        return False
    finally:
        cache.clear()
        cache.update(saved)


def differences(left: Path, right: Path) -> list[str]:
    found = []
    compared = filecmp.dircmp(left, right)
    found += [f"only in the preview: {compared.left}/{n}" for n in compared.left_only]
    found += [f"only in the whole build: {compared.right}/{n}" for n in compared.right_only]
    found += [f"differs: {compared.left}/{n}" for n in
              filecmp.cmpfiles(left, right, compared.common_files, shallow=False)[1]]
    for sub in compared.common_dirs:
        found += differences(left / sub, right / sub)
    return found


def differences_from_whole_build(session: Session, root: Path, site_dir: Path) -> list[str]:
    """How the preview differs from a build from scratch of the same maps (which must
    have no errors)."""
    assert whole_build(root, site_dir)
    return differences(session.site_dir, site_dir)


def rendered_pages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The source paths of the pages MkDocs renders (Markdown, theme, search) from now
    on, as it renders them."""
    rendered: list[str] = []
    populate = mkdocs_build._populate_page
    monkeypatch.setattr(mkdocs_build, "_populate_page", lambda page, *args: (
        rendered.append(page.file.src_uri), populate(page, *args))[1])
    return rendered


class Edits:
    """Seeded random edits of a generated site, each leaving a new time stamp (two
    writes within a clock tick would otherwise look alike to the parse cache)."""

    def __init__(self, root: Path, seed: int) -> None:
        self.root = root
        self.rng = random.Random(seed)
        self.tick = 2_000_000_000 * 10**9
        self.added = 0

    def _write(self, path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        self.tick += 10**9
        os.utime(path, ns=(self.tick, self.tick))

    def _pick(self, pattern: str) -> Path:
        return self.rng.choice(sorted(self.root.glob(pattern)))

    def _retouch(self, path: Path, field: str, word: str) -> None:
        lines = path.read_text().split("\n")
        spots = [i for i, line in enumerate(lines)
                 if re.match(rf"\s*(- )?{field}: [^\"'\[{{>|]+$", line)]
        if not spots:
            return self._prose(path, word)
        i = self.rng.choice(spots)
        lines[i] = f"{lines[i]} {word}"
        self._write(path, "\n".join(lines))
        return None

    def _prose(self, path: Path, word: str) -> None:
        self._write(path, path.read_text() + f"\nEdited: {word}.\n")

    def stage(self, word: str) -> None:
        """What the pages across the maps show of a stage (an emotion, an action item's
        status, a stage's or touchpoint's name, a pain point's or opportunity's text, an
        action item's title) or what only its journey's page shows (a goal)."""
        path = self._pick("journeys/*/0*.md")
        choice = self.rng.random()
        if choice < 0.5:
            field, values = ("emotion", "12345") if choice < 0.35 else ("status", STATUSES)
            text = path.read_text()
            spots = list(re.finditer(rf"\b{field}: ({'|'.join(values)})$", text, re.M))
            if spots:
                spot = self.rng.choice(spots)
                new = f"{field}: {self.rng.choice(values)}"
                self._write(path, text[:spot.start()] + new + text[spot.end():])
                return
        self._retouch(path, self.rng.choice(["name", "text", "title", "action", "goal"]), word)

    def journey(self, word: str) -> None:
        path = self._pick("journeys/*/index.md")
        choice = self.rng.random()
        if choice < 0.3:
            self._prose(path, word)
        else:
            self._retouch(path, self.rng.choice(["title", "goal", "scope", "title"]), word)

    def persona(self, word: str) -> None:
        path = self._pick("personas/*.md")
        self._retouch(path, self.rng.choice(["name", "role", "segment", "quote"]), word)

    def owners(self, word: str) -> None:
        self._retouch(self.root / "owners.yml", "name", word)

    def add_stage(self, word: str) -> None:
        folder = self._pick("journeys/*/index.md").parent
        self.added += 1
        self._write(folder / f"09-extra-{self.added}.md",
                    f"---\nname: Extra {word}\ntouchpoints:\n  - name: Looks for help\n"
                    f"    emotion: {self.rng.randint(1, 5)}\n---\n")

    def remove_stage(self, word: str) -> None:
        extra = sorted(self.root.glob("journeys/*/09-extra-*.md"))
        if extra:
            self.rng.choice(extra).unlink()
        else:
            self.add_stage(word)

    def add_journey(self, word: str) -> None:
        persona = self._pick("personas/*.md").stem
        self.added += 1
        folder = self.root / f"journeys/extra-{self.added}"
        self._write(folder / "index.md",
                    f"---\ntitle: Extra journey {word}\npersona: {persona}\nowner: web-team\n"
                    "reviewed: 2026-11-01\n---\n")
        self._write(folder / "01-start.md",
                    "---\nname: Start\ntouchpoints:\n  - name: Opens the app\n"
                    "    emotion: 3\n---\n")

    def remove_journey(self, word: str) -> None:
        extra = sorted(self.root.glob("journeys/extra-*"))
        if extra:
            shutil.rmtree(self.rng.choice(extra))
        else:
            self.add_journey(word)

    def add_persona(self, word: str) -> None:
        self.added += 1
        self._write(self.root / f"personas/extra-{self.added}.md",
                    f"---\nname: Extra {word}\nrole: Visitor\n---\n")

    def remove_persona(self, word: str) -> None:
        extra = sorted(self.root.glob("personas/extra-*.md"))
        used = " ".join(p.read_text() for p in self.root.glob("journeys/*/index.md"))
        unused = [p for p in extra if p.stem not in used]
        if unused:
            self.rng.choice(unused).unlink()
        else:
            self.add_persona(word)

    def any(self, n: int, contents_only: bool = False) -> str:
        kinds: list[Callable[[str], None]] = [
            self.stage, self.stage, self.stage, self.journey, self.journey, self.persona,
            self.owners]
        if not contents_only:
            kinds += [self.add_stage, self.remove_stage, self.add_journey,
                      self.remove_journey, self.add_persona, self.remove_persona]
        edit = self.rng.choice(kinds)
        edit(f"w{n}")
        return edit.__name__


@pytest.fixture
def corpus(tmp_path: Path) -> Iterator[Callable[..., Path]]:
    def make(limit: int = 3, home: str = "docs") -> Path:
        """`home`: the corpus's own home page ("docs"), one that shows the dashboard, or
        none (the plugin's dashboard is the home page: "generated")."""
        root = tmp_path / "maps"
        generate(root, journeys=5, personas=4, stages=3, touchpoints=2, seed=3)
        (root / "mkdocs.yml").write_text(CONFIG.replace("LIMIT", str(limit)))
        index = root / "docs/index.md"
        if home == "dashboard":
            index.write_text(index.read_text() + "\n<!-- cxmaps:dashboard -->\n\nMore below.\n")
        elif home == "generated":
            index.unlink()
        return root

    yield make


@pytest.mark.parametrize(("limit", "seed", "dirty", "edits", "home"), [
    (3, 1, False, 10, "docs"), (50, 2, False, 6, "dashboard"), (3, 3, True, 6, "generated")])
@pytest.mark.parametrize("watched", [False, True], ids=["", "watched"])
def test_the_preview_after_random_edits_is_the_whole_build(
        corpus: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        limit: int, seed: int, dirty: bool, edits: int, home: str, watched: bool) -> None:
    """Journeys in the navigation (`limit` 50) or not; with `--dirty` or not; the home
    page hand-written, hand-written with the dashboard, or the dashboard the plugin
    writes; with the file watcher (whose list of changed files each update stamps
    alone, and finds what stamping every file finds) or without. A dirty build that
    MkDocs makes itself (a page added or removed) is as inaccurate as MkDocs says it is
    (hand-written pages keep their old navigation): with `--dirty` the edits change the
    maps' contents only."""
    root = corpus(limit, home)
    restamped = []
    monkeypatch.setattr(loader_module, "_restamped", lambda *args: restamped.append(
        _restamped(*args)) or restamped[-1])
    session = Session(root, tmp_path / "served", dirty=dirty, watched=watched)
    edit = Edits(root, seed)
    updated = 0
    try:
        for n in range(edits):
            kind = edit.any(n, contents_only=dirty)
            before = session.whole_builds
            session.rebuild()
            updated += session.whole_builds == before
            loader = session.plugin.loader
            if not session.plugin.errors:  # checked again only where the edit reaches
                fresh = validate(Loader(loader.layout, use_cache=False))
                assert session.plugin.report.diagnostics == fresh.diagnostics, \
                    f"after edit {n} ({kind})"
            if watched and loader.scanned is not None:
                assert loader.scanned == Loader(loader.layout, use_cache=False).scan(), \
                    f"after edit {n} ({kind})"
            reference = tmp_path / f"whole-{n}"
            if whole_build(root, reference):
                assert differences(session.site_dir, reference) == [], \
                    f"after edit {n} ({kind})"
            shutil.rmtree(reference, ignore_errors=True)
    finally:
        session.stop()
    assert updated >= edits // 3, "most edits update pages without a whole build"
    if watched:
        assert any(scan is not None for scan in restamped), "some updates stamp the changes"


def test_an_edit_of_a_stage_writes_only_the_pages_it_changed(
        corpus: Callable[..., Path], tmp_path: Path) -> None:
    root = corpus()
    session = Session(root, tmp_path / "served")
    try:
        pages = {p: p.stat().st_mtime_ns for p in session.site_dir.rglob("*.html")}
        stage = sorted(root.glob("journeys/*/01-*.md"))[0]
        journey = stage.parent.name
        text = stage.read_text()
        stage.write_text(text.replace("goal: ", "goal: Quickly ", 1))
        session.rebuild()
        assert session.whole_builds == 1
        written = {p.relative_to(session.site_dir).parent.as_posix()
                   for p, stamp in pages.items() if p.stat().st_mtime_ns != stamp}
        assert f"journeys/{journey}" in written
        assert "Quickly" in (session.site_dir / f"journeys/{journey}/index.html").read_text()
        assert not any(w.startswith("personas/") for w in written)
        assert len(written) < len(pages) / 3
    finally:
        session.stop()


def test_an_edit_of_an_override_template_shows_on_the_pages_it_makes(
        corpus: Callable[..., Path], tmp_path: Path) -> None:
    """A template in `custom_dir` is not a map: after an edit of one, or a new one that
    replaces a package template, the whole build makes the pages and the rows kept
    journey by journey again, with the new template."""
    root = corpus()
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("font: false}", "font: false, custom_dir: theme}"))
    package = REPO / "plugins/cxmaps/templates/pages"
    rows = root / "theme/cxmaps/_rows.md.j2"
    rows.parent.mkdir(parents=True)

    def marked(mark: str) -> str:
        return (package / "_rows.md.j2").read_text().replace(
            '<td data-label="Evidence">', f'<td data-label="Evidence" class="{mark}">')

    rows.write_text(marked("cx-first"))
    session = Session(root, tmp_path / "served")
    try:
        pains = session.site_dir / "pain-points/index.html"
        assert "cx-first" in pains.read_text()
        rows.write_text(marked("cx-second"))
        session.rebuild()
        assert "cx-second" in pains.read_text() and "cx-first" not in pains.read_text()
        (root / "theme/cxmaps/persona.md.j2").write_text(
            (package / "persona.md.j2").read_text() + "\nDrawn from the spring interviews.\n")
        session.rebuild()
        assert all("Drawn from the spring interviews." in page.read_text()
                   for page in session.site_dir.glob("personas/*/index.html"))
        assert differences_from_whole_build(session, root, tmp_path / "whole") == []
    finally:
        session.stop()


def test_the_search_index_from_kept_chunks_is_the_one_material_writes() -> None:
    """Each page's entries are serialised once and the index put together from them: the
    same bytes as Material's own `generate_search_index` of the same entries."""
    from material.plugins.search.plugin import SearchIndex

    from cxmaps.mkdocs.preview import chunk, search_json

    settings = {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stemmer"],
                "fields": {"title": {"boost": 1e3}, "text": {"boost": 1.0}}}
    pages = [[{"location": "journeys/a/", "title": "Buy “online”", "text": "<b>é</b> ü"},
              {"location": "journeys/a/#stage", "title": "Stage", "text": "", "boost": 2}],
             [],
             [{"location": "personas/p/", "title": "Pat", "text": "x\u2028y", "tags": ["t"]}]]
    index = SearchIndex(**settings)
    index.entries = [entry for page in pages for entry in page]
    assert search_json(settings, [chunk(page) for page in pages]) == \
        index.generate_search_index(None).encode("utf-8")
    assert search_json(settings, []) == \
        SearchIndex(**settings).generate_search_index(None).encode("utf-8")


def test_the_rows_across_the_maps_go_in_after_markdown_and_the_search_index(
        corpus: Callable[..., Path], tmp_path: Path) -> None:
    """The rows of the pages across the maps are ready HTML: MkDocs renders a short page
    with a placeholder for them, and they go in after Markdown and the search index (each
    row's pain point is found on its journey's page, where it stands); every heading of
    the page stays in the index."""
    root = corpus()
    session = Session(root, tmp_path / "served")
    try:
        pain = next(ref.pain.text for ref in session.plugin.publication.context.index.all_pains
                    if re.fullmatch(r"[A-Za-z ]+", ref.pain.text))
        html = (session.site_dir / "pain-points/index.html").read_text()
        assert f">{pain}<" in html and "cxmaps:part" not in html
        source = session.plugin.preview.last.files.get_file_from_path("pain-points/index.md")
        assert len(source.content_string) * 3 < len(html)
        docs = json.loads((session.site_dir / "search/search_index.json").read_text())["docs"]
        rollup = [doc for doc in docs if doc["location"].startswith("pain-points/")]
        assert rollup and not any(pain in doc["text"] for doc in rollup)
        assert any(pain in doc["text"] for doc in docs if doc["location"].startswith("journeys/"))
        actions = {doc["location"] for doc in docs if doc["location"].startswith("actions/#")}
        assert {"actions/#open", "actions/#board-open"} <= actions
    finally:
        session.stop()


def test_a_persona_role_edit_puts_the_new_cards_into_its_journeys_pages(
        corpus: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A journey page's persona cards are a ready part: a persona's role changes the
    cards alone, so the journeys' pages get them without Markdown, theme and search; the
    persona's own page (whose Markdown shows the role) is rendered again."""
    root = corpus()
    session = Session(root, tmp_path / "served")
    rendered = rendered_pages(monkeypatch)
    try:
        journey = sorted(root.glob("journeys/*/index.md"))[0]
        persona = re.search(r"^persona: (\S+)", journey.read_text(), re.M)[1]  # type: ignore[index]
        path = root / f"personas/{persona}.md"
        path.write_text(re.sub(r"^role: ", "role: Newly promoted ", path.read_text(), flags=re.M))
        session.rebuild()
        assert session.whole_builds == 1
        shown = session.site_dir / f"journeys/{journey.parent.name}/index.html"
        assert "Newly promoted" in shown.read_text()
        assert f"personas/{persona}/index.md" in rendered
        assert not any(src.startswith("journeys/") for src in rendered), rendered
        assert differences_from_whole_build(session, root, tmp_path / "whole") == []
    finally:
        session.stop()


def test_a_pain_points_text_edit_puts_the_new_rows_into_the_persona_pages(
        corpus: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A persona page's table of the pain points met across its journeys is a ready part:
    a pain point's text edited, the persona pages get their new rows without Markdown,
    theme and search; its journey's page (whose Markdown shows the text) is rendered."""
    root = corpus()
    session = Session(root, tmp_path / "served")
    rendered = rendered_pages(monkeypatch)
    try:
        stage = next(p for p in sorted(root.glob("journeys/*/0*.md"))
                     if "pain_points:" in p.read_text())
        text = stage.read_text()
        at = text.index("pain_points:")
        stage.write_text(text[:at] + re.sub(r"(\btext: )", r"\1Newly painful ", text[at:],
                                            count=1))
        session.rebuild()
        assert session.whole_builds == 1
        persona = re.search(r"^persona: (\S+)", (stage.parent / "index.md").read_text(),
                            re.M)[1]  # type: ignore[index]
        shown = session.site_dir / f"personas/{persona}/index.html"
        assert "Newly painful" in shown.read_text()
        assert f"journeys/{stage.parent.name}/index.md" in rendered
        assert not any(src.startswith("personas/") for src in rendered), rendered
        assert differences_from_whole_build(session, root, tmp_path / "whole") == []
    finally:
        session.stop()


def test_the_history_is_read_from_git_again_only_after_a_commit(
        corpus: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under `mkdocs serve` the maps' history is kept while HEAD names the same commit; a
    commit reaches the pages at the next update, as a whole build shows it."""
    from cxmaps.mkdocs import plugin as plugin_module

    root = corpus()

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=Ann", "-c", "user.email=ann@example.com",
                        *args], cwd=root, check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "The maps")
    read = []
    history = plugin_module.site_history
    monkeypatch.setattr(plugin_module, "site_history", lambda *args, **kwargs: (
        read.append(1), history(*args, **kwargs))[1])
    session = Session(root, tmp_path / "served")
    edit = Edits(root, 5)
    stage = sorted(root.glob("journeys/*/01-*.md"))[0]
    try:
        edit._prose(stage, "w1")
        session.rebuild()
        assert len(read) == 1 and session.whole_builds == 1, "the first build's history"
        git("commit", "-qam", "An edit")
        edit._prose(stage, "w2")
        session.rebuild()
        assert len(read) == 2, "read again after the commit"
        assert "An edit" in (session.site_dir / "changes/index.html").read_text()
        assert differences_from_whole_build(session, root, tmp_path / "whole") == []
    finally:
        session.stop()
