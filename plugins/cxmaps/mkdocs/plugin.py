"""`mkdocs build` and `mkdocs serve` validate the maps with the core and publish them.

Errors stop the build with the same `file:line:col` lines as `cxmaps validate`; warnings
go through MkDocs logging, so `mkdocs build --strict` fails on them (unless the
`validation` option logs a warning as info). Under `mkdocs serve` errors do not stop the
server: they are logged, and every page shows them above the last good version of the
maps until the file is fixed. The pages and files are the core's publishing pipeline's
(`cxmaps.publish.pipeline`), added as generated files; hand-written pages in docs/ stay
as they are, and a generated page may not replace one.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from cxmaps.compare.git import Repo
from cxmaps.compare.history import History, site_history
from cxmaps.mkdocs.config import CxMapsConfig, site_options
from cxmaps.mkdocs.files import generated_assets
from cxmaps.mkdocs.fonts import FONTS_CSS, self_hosted_fonts
from cxmaps.mkdocs.nav import arrange
from cxmaps.mkdocs.preview import Preview, same_markdown, wrap_builder, write_changed_pictures
from cxmaps.mkdocs.watch import MapWatcher, map_paths, rebuild_request
from cxmaps.model.diagnostics import Diagnostic, warning_code
from cxmaps.publish.context import site_assets
from cxmaps.publish.pipeline import Publication, dashboard_for, publish, rewritten
from cxmaps.publish.siteconfig import version_selector_when_published
from cxmaps.publish.sitepages import DASHBOARD_MARKER, error_banner
from cxmaps.publish.source import MERMAID_NPM, MERMAID_SITE
from cxmaps.publish.templating import Ready, anchor_ids, forget_templates, with_parts
from cxmaps.publish.urls import NAV_ORDER
from cxmaps.site.layout import Layout
from cxmaps.site.loader import Loader
from cxmaps.site.options import SiteOptions
from cxmaps.site.report import Report, as_line, as_text, no_style, shown
from cxmaps.site.rules import today
from cxmaps.site.validate import collector_paused, validate

log = logging.getLogger("mkdocs.plugins.cxmaps")


class CxMapsPlugin(BasePlugin[CxMapsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.loader: Loader | None = None
        self.report: Report | None = None
        self.mermaid: Path | None = None
        self.fonts: dict[str, bytes | Path] = {}
        self.options = SiteOptions()
        self.publication: Publication | None = None
        """The last good version of the maps' pages and files."""
        self.parts: dict[str, tuple[Ready, ...]] = {}
        """The ready parts of the publication's pages, by source path."""
        self.published_with: str | None = None
        """What the site besides the maps was (`Preview.inputs`) when `publication` was
        made: its pages and rows are kept in the next whole build only if it is the same."""
        self.serving = False
        self.info_codes: frozenset[str] = frozenset()
        self.errors: list[Diagnostic] = []
        self.watcher: MapWatcher | None = None
        self.titles: dict[str, str] = {}
        """The title of each generated page, by its source path (to order the navigation)."""
        self.preview = Preview()
        """What the last build left, to update its pages after an edit of the maps."""
        self.home = False
        """Whether the last build added the dashboard as the home page."""
        self.dashboards: dict[str, tuple[str, tuple[Ready, ...]]] = {}
        """The dashboard each hand-written page showed at the last build, by page."""
        self.history: tuple[tuple[object, ...], History] | None = None
        """The maps' history from git, with the state of the repository it was read at."""
        self.content_ids: dict[str, frozenset[str]] = {}
        """The anchor ids of a page's own content, between its rendering's events."""
        self.anchors: dict[str, dict[str, frozenset[str]]] = {}
        """The ids in each piece of each page's ready parts at its last rendering, by page
        (see `anchor_ids`)."""
        self.cpu = 0.0
        """What validating and generating took this build, for the build log (and the
        build benchmark, which compares it with the whole build's)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.options = options = site_options(self.config)
        layout = Layout.of(Path(config.config_file_path).resolve().parent, options,
                           docs_dir=config.docs_dir, site_name=config.site_name,
                           custom_dir=config.theme.custom_dir)
        try:
            self.info_codes = frozenset(warning_code(key) for key, _ in options.validation)
        except ValueError as err:
            raise PluginError(f"cxmaps: `validation`: {err}") from None
        if self.loader is None or self.loader.layout != layout:
            self.loader = Loader(layout, use_cache=options.cache)
        if self.watcher is not None:
            self.watcher.layout = layout
        self.fonts = {}
        if options.fonts and config.theme.get("font") is False:
            self.fonts = self_hosted_fonts(layout.root / "node_modules")
        styles = [FONTS_CSS] if self.fonts else []
        styles += [path for path in site_assets() if path.endswith(".css")]
        config.extra_css.extend(path for path in styles if path not in config.extra_css)
        config.extra_javascript.extend(
            path for path in site_assets()
            if path.endswith(".js") and path not in config.extra_javascript)
        version_selector_when_published(config.extra, os.environ)
        self.mermaid = layout.root / (options.mermaid_js or MERMAID_NPM)
        if self.mermaid.is_file():
            if MERMAID_SITE not in config.extra_javascript:
                config.extra_javascript.append(MERMAID_SITE)
        else:
            log.warning(f"cxmaps: {self.mermaid} is missing (run `npm ci` beside mkdocs.yml): "
                        "Material would load Mermaid from unpkg.com instead of the site")
            self.mermaid = None
        if self.serving:
            self.preview.started(config, self._map_roots())
        return None

    def _map_roots(self) -> list[Path]:
        layout = self.loader.layout if self.loader else None
        return [] if layout is None else [layout.root / rel for rel in map_paths(layout)]

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if self.loader is None:
            return
        self.cpu = -time.process_time()
        last = self.report if self.serving else None
        report = validate(self.loader, previous=last.index if last else None,
                          checks=last.checks if last else None)
        self.cpu += time.process_time()
        self._log_warnings(report)
        self.dashboards = {}
        self.errors = report.errors
        if not report.errors:
            self.report = report
            return
        lines = as_text(report.errors, report.files, style=no_style)
        if not self.serving:
            raise PluginError(f"cxmaps: the maps have errors:\n{lines}")
        log.error(f"cxmaps: the maps have errors; the site shows the last good version:\n"
                  f"{lines}")

    def _log_warnings(self, report: Report, last: Report | None = None) -> None:
        """Every warning of the maps; after an edit under `mkdocs serve` (`last`: the
        report before it), only those the edit brought, and how many stand in all."""
        known = frozenset(last.warnings) if last is not None else frozenset()
        warnings = report.warnings
        new = [warning for warning in warnings if warning not in known]
        for warning in new:
            level = logging.INFO if warning.code in self.info_codes else logging.WARNING
            log.log(level, as_line(warning))
        if last is not None:
            log.info(f"cxmaps: {len(warnings)} warnings in the maps, {len(new)} new with "
                     "this edit")

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if self.loader is None:
            return None
        if self.report is None:  # serving, and no good version of the maps yet
            if files.get_file_from_path("index.md") is None:
                files.append(File.generated(config, "index.md", content=f"# {config.site_name}\n"))
            return files
        self.cpu -= time.process_time()
        before = len(files)
        if not self.errors or self.publication is None:
            self.publication = self._publish(self.report, self.loader, self._kept())
            self.published_with = self.preview.inputs
        self._add_pages(files, config, self.publication, self.loader.layout.root)
        for file in generated_assets(config, self.publication, self.loader.layout.root,
                                     self.fonts, self.mermaid):
            files.append(file)
        self.parts = self._ready_parts(self.publication)
        self.cpu += time.process_time()
        log.info(f"cxmaps: {self.report.files} map files checked, {len(files) - before} "
                 f"files generated, in {self.cpu:.2f} s of CPU")
        return files

    def _kept(self) -> Publication | None:
        """The publication a whole build may keep pages and rows of: none where anything
        the pages may read besides the maps changed since it was made (a template in
        `custom_dir`, `mkdocs.yml`); the page templates are then read again too."""
        if self.published_with == self.preview.inputs:
            return self.publication
        forget_templates()
        return None

    def _publish(self, report: Report, loader: Loader,
                 previous: Publication | None) -> Publication:
        """The pages of the maps; under `mkdocs serve` only those the last edit changed
        are made again (see `cxmaps.publish.incremental`)."""
        layout, options = loader.layout, self.options
        history = self._history(layout, options) if options.history else None
        return publish(report.site, report.index, options, bodies=loader.bodies(report.site),
                       history=history, today=today(), site_name=layout.site_name,
                       overrides=layout.overrides,
                       previous=previous if self.serving else None)

    def _history(self, layout: Layout, options: SiteOptions) -> History:
        """The maps' history from git; under `mkdocs serve` kept while HEAD names the same
        commit (reading it again takes several `git` calls and the history's store: 0.3 s
        on a site of 7,300 map files, one `git` call to tell)."""
        if not self.serving:
            return site_history(layout, options.history_limit, use_cache=options.cache)
        state = (Repo.state(layout.root), layout, options.history_limit, options.cache)
        if state[0] is not None and self.history is not None and self.history[0] == state:
            return self.history[1]
        history = site_history(layout, options.history_limit, use_cache=options.cache)
        self.history = (state, history) if state[0] is not None else None
        return history

    def _add_pages(self, files: Files, config: MkDocsConfig, publication: Publication,
                   root: Path) -> None:
        """The map pages (with their history), edited at their map files; never in place of
        a hand-written page."""
        self.titles = {}
        for page in publication.pages:
            self.titles[page.src_uri] = page.title
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None and existing.generated_by is None:
                raise PluginError(f"cxmaps: {config.docs_dir}/{page.src_uri} is written by hand, "
                                  f"but cxmaps generates that page from {page.source or 'the maps'}"
                                  "; move or rename the hand-written page")
            generated = File.generated(
                config, page.src_uri, content=page.text,
                inclusion=InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV)
            if page.source:
                generated.edit_uri = os.path.relpath(root / page.source, config.docs_dir)
            files.append(generated)
        self.home = files.get_file_from_path(publication.home.src_uri) is None
        if self.home:
            home = publication.home
            files.append(File.generated(config, home.src_uri, content=home.text))

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files
               ) -> Navigation | None:
        """A navigation MkDocs made from the folders is put in the order a CX team reads
        the site; one written in `mkdocs.yml` is left as it is."""
        if self.loader is not None and config.nav is None:
            arrange(nav, NAV_ORDER, self.titles)
        self.preview.built_files(files, nav)
        return nav

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str | None:
        """A hand-written page shows the dashboard where it says `<!-- cxmaps:dashboard -->`."""
        if self.publication is None or DASHBOARD_MARKER not in markdown:
            return None
        shown = self.dashboards[page.file.src_uri] = dashboard_for(self.publication,
                                                                   page.file.src_uri)
        if shown[1]:
            self.parts[page.file.src_uri] = shown[1]
        return markdown.replace(DASHBOARD_MARKER, shown[0])

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str | None:
        """While serving broken maps, every page starts with their errors."""
        if not self.errors or self.loader is None:
            return None
        return error_banner([shown(d) for d in self.errors], last_good=self.report is not None,
                            overrides=self.loader.layout.overrides) + html

    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> Any:
        """The ids in a page's ready parts (the rows of a page across the maps, see
        `cxmaps.publish.templating.ready`) are anchors of the page, as MkDocs would have
        found them in the Markdown."""
        parts = self.parts.get(page.file.src_uri)
        if parts and page.present_anchor_ids is not None:
            self.content_ids[page.file.src_uri] = frozenset(page.present_anchor_ids)
            page.present_anchor_ids |= self._part_ids(page.file.src_uri, parts)
        return context

    def _part_ids(self, src_uri: str, parts: tuple[Ready, ...]) -> set[str]:
        found: dict[str, frozenset[str]] = {}
        ids = anchor_ids(parts, self.anchors.get(src_uri), found)
        self.anchors[src_uri] = found
        return ids

    @event_priority(100)  # first: every other plugin sees the page whole
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Put a page's ready parts in, after Markdown and the search index (which lists
        the pages across the maps by their headings and text, not their rows: each row's
        pain point, opportunity or action item is found on its own page)."""
        self.preview.built_page(page)
        parts = self.parts.get(page.file.src_uri)
        if not parts:
            return None
        self.preview.keep_rendered(page, output,
                                   self.content_ids.pop(page.file.src_uri, frozenset()))
        return with_parts(output, parts, html=True)

    def _with_new_parts(self, page: Page, html: str, ids: frozenset[str]) -> str:
        """A page's last rendering with its parts as they are now (see
        `Preview.put_parts`), its anchors those of its content and its parts."""
        parts = self.parts.get(page.file.src_uri, ())
        if page.present_anchor_ids is not None:
            page.present_anchor_ids = set(ids) | self._part_ids(page.file.src_uri, parts)
        return with_parts(html, parts, html=True)

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        self.preview.built_env(env)
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.preview.finished()

    def _update(self) -> bool:
        """After an edit of the maps alone, write again only the pages it changed (see
        `cxmaps.mkdocs.preview`); False where MkDocs must build the whole site."""
        if (self.loader is None or self.report is None or self.publication is None
                or self.errors or not self.preview.ready(self._map_roots())):
            return False
        with collector_paused():  # the site is millions of objects, the garbage few
            return self._update_pages(self.loader, self.report, self.publication)

    def _update_pages(self, loader: Loader, last: Report, publication: Publication) -> bool:
        start = time.perf_counter()
        edited = self.watcher.changes() if self.watcher is not None else None
        report = validate(loader, scan=loader.scan(edited), previous=last.index,
                          checks=last.checks)
        if report.errors:
            return False
        validated = time.perf_counter()
        previous, publication = publication, self._publish(report, loader, publication)
        changed = rewritten(previous, publication, home=self.home)
        if changed is None:
            return False
        published = time.perf_counter()
        self._log_warnings(report, last)
        shown = {src: dashboard_for(publication, src) for src in self.dashboards}
        also = [src for src, text in shown.items() if text != self.dashboards[src]]
        same = same_markdown(previous, changed, self.home) | {
            src for src in also if shown[src][0] == self.dashboards[src][0]}
        self.report, self.publication, self.dashboards = report, publication, shown
        self.parts = self._ready_parts(publication)
        put = {src for src in same if self.preview.put_parts(src, self._with_new_parts)}
        parts_put = time.perf_counter()
        self.preview.rewrite({src: text for src, text in changed.items() if src not in put},
                             [src for src in also if src not in put])
        assert self.preview.last is not None
        write_changed_pictures(Path(self.preview.last.config.site_dir), loader.layout.root,
                               publication.pictures)
        end = time.perf_counter()
        log.info(f"cxmaps: {len(changed) + len(also)} pages written again after an edit of "
                 f"the maps, in {end - start:.2f} s (validating {validated - start:.2f} s, "
                 f"publishing {published - validated:.2f} s, rendering {end - published:.2f} s, "
                 f"of which {parts_put - published:.2f} s putting new rows into {len(put)} "
                 "pages rendered before)")
        return True

    def _ready_parts(self, publication: Publication) -> dict[str, tuple[Ready, ...]]:
        """The ready parts of each page by source path: the generated pages', the home
        page's where it is the dashboard, and those of the dashboard on hand-written pages."""
        parts = {page.src_uri: page.parts for page in publication.pages if page.parts}
        if self.home and publication.home.parts:
            parts[publication.home.src_uri] = publication.home.parts
        parts.update((src, shown[1]) for src, shown in self.dashboards.items() if shown[1])
        return parts

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """Watch the root for the maps (see `cxmaps.mkdocs.watch`)."""
        if self.loader is None:
            return server
        if self.serving and not wrap_builder(server, self._update):
            log.info("cxmaps: this MkDocs builds the whole site after every edit")
        layout = self.loader.layout
        request = rebuild_request(server)
        if request is None:  # another MkDocs: watch the map paths there are now
            log.warning("cxmaps: this MkDocs cannot be asked to rebuild; map folders "
                        "created after the start are not watched")
            for rel in map_paths(layout):
                if (layout.root / rel).exists():
                    server.watch(str(layout.root / rel))
            return server
        self.watcher = MapWatcher(layout, request)
        self.watcher.start()
        return server

    def on_shutdown(self) -> None:
        self.preview.settle()
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None
