"""Edit-to-preview under `mkdocs serve`: after an edit of the maps alone, only the pages
whose Markdown changed are rendered and written again; the rest of the last build stays.

MkDocs answers every change with a whole build (`--dirty` too makes every generated page
again), which on a site of a thousand journeys takes minutes. The plugin puts itself in
front of the server's builder: when nothing but map files changed since the last build,
it re-renders the changed pages with that build's configuration, files, navigation and
theme, exactly as the build would (MkDocs' own page steps, every plugin event), and
writes the search index again from each page's entries. Whatever else changed
(`mkdocs.yml`, a hand-written page, the theme), and whatever an edit does to more than
pages' contents (a page added or removed, a title in the navigation, a persona picture's
name, errors in the maps), goes to MkDocs' whole build as before.

Other plugins may do anything on a page event; the pages are only updated this way when
the site's plugins are the ones whose work this module knows how to keep: cxmaps itself
and Material's search.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from mkdocs import utils as mkdocs_utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from cxmaps.publish.pipeline import Publication
from cxmaps.read.sitefiles import NotASiteFile, read_site_file

log = logging.getLogger("mkdocs.plugins.cxmaps")
SEARCH = "material.plugins.search.plugin.SearchPlugin"
"""The search plugin whose index the preview knows how to keep (Material's)."""
KNOWN = {"cxmaps.mkdocs.plugin.CxMapsPlugin", SEARCH}


def _class_name(plugin: object) -> str:
    return f"{type(plugin).__module__}.{type(plugin).__qualname__}"


def others(config: MkDocsConfig) -> list[str]:
    """The site's plugins (and hooks) whose page work the preview cannot keep."""
    return [name for name, plugin in config.plugins.items()
            if _class_name(plugin) not in KNOWN]


def inputs(config: MkDocsConfig, maps: Iterable[Path]) -> str:
    """A fingerprint of what a build reads besides the maps: `mkdocs.yml`, the hand-written
    pages and files, the theme's own folder and the extra watched paths. The map paths
    are left out wherever they lie, since the plugin follows them itself."""
    skip = [str(path) for path in maps]
    digest = hashlib.sha256()
    roots = [config.config_file_path, config.docs_dir, config.theme.custom_dir, *config.watch]
    for root in filter(None, roots):
        for path in _walk(str(root), skip):
            try:
                found = os.stat(path)
            except OSError:
                continue
            digest.update(f"{path}\0{found.st_size}\0{found.st_mtime_ns}\0".encode(
                errors="surrogateescape"))
    return digest.hexdigest()


def _walk(root: str, skip: list[str]) -> Iterable[str]:
    if any(root == s or root.startswith(s + os.sep) for s in skip):
        return
    if not os.path.isdir(root):
        yield root
        return
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs
                         if not any(os.path.join(folder, d) == s for s in skip))
        yield from (os.path.join(folder, name) for name in sorted(names))


@dataclass
class LastBuild:
    """What a whole build left to the pages the preview writes again."""

    config: MkDocsConfig
    inputs: str
    files: Files | None = None
    nav: Navigation | None = None
    env: jinja2.Environment | None = None
    search: list[str] = field(default_factory=list)
    """The pages in the order they were built, for the search index."""
    sections: dict[str, list[Any]] = field(default_factory=dict)
    """Each page's entries in the search index."""
    chunks: dict[str, bytes] = field(default_factory=dict)
    """Each page's entries as they stand in the search index's JSON (see `search_json`),
    so that an update serialises only the pages it wrote."""
    counted: int = 0
    finished: bool = False
    rendered: dict[str, tuple[bytes, frozenset[str]]] = field(default_factory=dict)
    """Each page with ready parts as the theme rendered it, before its parts went in
    (compressed: a thousand journey pages are 130 MB of HTML), and the anchor ids of its
    content (see `Preview.put_parts`)."""


class Preview:
    """Follows each whole build (through the plugin's events) and writes pages again
    between builds."""

    def __init__(self) -> None:
        self.last: LastBuild | None = None
        self.inputs: str | None = None
        """The fingerprint of what the current whole build reads besides the maps."""
        self.writing: threading.Thread | None = None
        """The search index being written after an update (see `_write_search`)."""

    def settle(self) -> None:
        """Wait for the search index of the last update to be written."""
        if self.writing is not None:
            self.writing.join()
            self.writing = None

    # What the whole build leaves

    def started(self, config: MkDocsConfig, maps: Iterable[Path]) -> None:
        self.settle()  # before the whole build writes its own
        self.inputs = inputs(config, maps)
        self.last = LastBuild(config, self.inputs) if not others(config) else None

    def built_files(self, files: Files, nav: Navigation) -> None:
        if self.last is not None:
            self.last.files, self.last.nav = files, nav

    def built_env(self, env: jinja2.Environment) -> None:
        if self.last is not None:
            self.last.env = env

    def finished(self) -> None:
        if self.last is not None:
            self.last.finished = True

    def built_page(self, page: Page) -> None:
        """Called once each page of a whole build is written: the search entries it added
        are its own."""
        if self.last is None or self.last.finished:
            return
        entries = self._entries(self.last.config)
        if entries is not None:
            self.last.search.append(page.file.src_uri)
            self._keep_section(self.last, page.file.src_uri, entries[self.last.counted:])
            self.last.counted = len(entries)

    def keep_rendered(self, page: Page, html: str, ids: frozenset[str]) -> None:
        """A page with ready parts as the theme rendered it (whole build or update),
        before its parts go in, with the anchor ids of its content."""
        if self.last is not None:
            packed = zlib.compress(html.encode("utf-8", "surrogatepass"), 1)
            self.last.rendered[page.file.src_uri] = (packed, ids)

    def put_parts(self, src_uri: str, parts: Callable[[Page, str, frozenset[str]], str]
                  ) -> bool:
        """Write again a page whose Markdown is the same and whose ready parts changed:
        Markdown, the theme and the search index would make the same page around them, so
        its last rendering gets the new parts (`parts` of that HTML and its content's
        anchor ids), as the plugin's `on_post_page` puts them in. False where the page
        was not rendered since the last whole build."""
        last = self.last
        assert last is not None and last.files is not None
        kept = last.rendered.get(src_uri)
        file = last.files.get_file_from_path(src_uri)
        if kept is None or file is None or file.page is None:
            return False
        self.settle()
        html = zlib.decompress(kept[0]).decode("utf-8", "surrogatepass")
        output = parts(file.page, html, kept[1])
        mkdocs_utils.write_file(output.encode("utf-8", errors="xmlcharrefreplace"),
                                file.abs_dest_path)
        file.page.validate_anchor_links(files=last.files,
                                        log_level=last.config.validation.links.anchors)
        return True

    @staticmethod
    def _keep_section(last: LastBuild, src_uri: str, entries: list[Any]) -> None:
        last.sections[src_uri] = entries
        last.chunks[src_uri] = chunk(entries)

    @staticmethod
    def _search(config: MkDocsConfig) -> Any:
        for plugin in config.plugins.values():
            if _class_name(plugin) == SEARCH and plugin.config.enabled:
                return plugin
        return None

    def _entries(self, config: MkDocsConfig) -> list[Any] | None:
        search = self._search(config)
        return None if search is None else search.search_index.entries

    # Writing pages again

    def ready(self, maps: Iterable[Path]) -> bool:
        """Whether the last whole build can be updated page by page: it finished, and
        nothing but the maps changed since."""
        last = self.last
        return (last is not None and last.finished and last.files is not None
                and last.nav is not None and last.env is not None
                and inputs(last.config, maps) == last.inputs)

    def rewrite(self, markdown: dict[str, str], also: Iterable[str] = ()) -> None:
        """Give the generated pages in `markdown` (by source path) their new Markdown and
        build them, and the pages in `also` as they are, as a whole build would."""
        last = self.last
        assert last is not None and last.files is not None and last.nav is not None
        assert last.env is not None
        config, files = last.config, last.files
        self.settle()
        for src_uri, text in markdown.items():
            file = files.get_file_from_path(src_uri)
            assert file is not None
            file.content_string = text
        wanted = set(markdown) | set(also)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        entries = self._entries(config)
        for file in doc_files:
            if file.src_uri not in wanted:
                continue
            page = file.page
            assert page is not None
            began = time.perf_counter()
            mkdocs_build._populate_page(page, config, files)
            counted = len(entries) if entries is not None else 0
            mkdocs_build._build_page(page, config, doc_files, last.nav, last.env,
                                     excluded=file.inclusion.is_excluded())
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
            if entries is not None:
                self._keep_section(last, file.src_uri, entries[counted:])
                del entries[counted:]
            log.debug(f"cxmaps: {file.src_uri} rendered in {time.perf_counter() - began:.3f} s")
        if entries is not None and wanted:
            self._write_search(config, last)

    def _write_search(self, config: MkDocsConfig, last: LastBuild) -> None:
        """The search index again, in the order of the whole build, from each page's kept
        JSON; the plugin's own list of entries follows, for the next (`--dirty`) build.
        The file (75 MB at a thousand journeys) is put together and written while the
        server already shows the changed pages; the next update or build waits for it."""
        search = self._search(config)
        index = search.search_index
        index.entries = [entry for src in last.search for entry in last.sections.get(src, [])]
        settings = {key: index.config[key] for key in ("lang", "separator", "pipeline", "fields")}
        chunks = [last.chunks.get(src, b"") for src in last.search]
        path = os.path.join(config.site_dir, "search", "search_index.json")
        self.writing = threading.Thread(
            target=lambda: replace_file(path, search_json(settings, chunks)),
            name="cxmaps-search-index")
        self.writing.start()


def replace_file(path: str, data: bytes) -> None:
    """Write the file whole beside it, then put it in its place: a browser loading it
    meanwhile gets the last one or this one, never half of it."""
    partial = f"{path}.partial"
    with open(partial, "wb") as out:
        out.write(data)
    os.replace(partial, path)


def _dumps(value: object) -> str:
    """JSON as Material's search plugin writes its index (`generate_search_index`)."""
    return json.dumps(value, separators=(",", ":"), default=str)


def chunk(entries: list[Any]) -> bytes:
    """A page's search entries as they stand in the index's list of documents, encoded
    (the index of a thousand journeys is some 75 MB: encoding it all again would cost as
    much as serialising it)."""
    return _dumps(entries)[1:-1].encode("utf-8")


def search_json(settings: dict[str, Any], chunks: Iterable[bytes]) -> bytes:
    """The search index as Material writes it, `{"config": …, "docs": […]}`, put together
    from each page's chunk."""
    docs = b",".join(data for data in chunks if data)
    return b"".join([b'{"config":', _dumps(settings).encode("utf-8"), b',"docs":[', docs, b"]}"])


def wrap_builder(server: Any, update: Callable[[], bool]) -> bool:
    """Put `update` in front of the server's builder: the whole build runs only where
    `update` says it could not do the work. False where this server has no builder to
    put anything in front of."""
    whole = getattr(server, "builder", None)
    if not callable(whole):
        return False

    def builder(*args: Any, **kwargs: Any) -> None:
        if args or kwargs or not update():
            whole(*args, **kwargs)

    server.builder = builder
    return True


def same_markdown(previous: Publication, changed: dict[str, str], home: bool) -> set[str]:
    """The pages in `changed` whose Markdown is what it was: only their ready parts
    changed."""
    before = {page.src_uri: page.text for page in previous.pages}
    if home:
        before[previous.home.src_uri] = previous.home.text
    return {src for src, text in changed.items() if before.get(src) == text}


def write_changed_pictures(site_dir: Path, root: Path, pictures: dict[str, str]) -> None:
    """Persona pictures whose file changed since the last build."""
    for path, source in pictures.items():
        try:
            content = read_site_file(root, source)
        except (NotASiteFile, OSError):
            continue  # the whole build said why; the last good copy stays
        target = site_dir / path
        if not target.is_file() or target.read_bytes() != content:
            target.write_bytes(content)
