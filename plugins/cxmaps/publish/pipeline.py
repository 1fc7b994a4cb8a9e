"""The one publishing pipeline: a checked site and its options to the pages and files to
publish. The MkDocs plugin adds them to a build, `cxmaps generate` writes them to a folder;
neither chains the steps itself.

Pure: the prose (read by the loader), the history (read from git by
`cxmaps.compare.history`) and the date come in; nothing is read or written here. Persona
pictures are listed, not read, since each adapter says in its own way that one cannot be.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from cxmaps.compare.history import History
from cxmaps.model.maps import Site
from cxmaps.publish.context import GeneratedPage, SiteContext, context, page_files, site_assets
from cxmaps.publish.fragments import Fragments
from cxmaps.publish.icons import IconSet
from cxmaps.publish.incremental import across_inputs, shared_inputs, unchanged_pages, wordless
from cxmaps.publish.pages import site_pages
from cxmaps.publish.sitepages import dashboard_part, home_page
from cxmaps.publish.templating import Ready
from cxmaps.site.index import CrossIndex
from cxmaps.site.options import SiteOptions


@dataclass(frozen=True)
class Publication:
    """Everything a site generator publishes of the maps."""

    context: SiteContext
    pages: list[GeneratedPage]
    """The generated pages, history included, in a stable order."""
    home: GeneratedPage
    """The dashboard as the home page, for a site that has no `index.md` of its own."""
    assets: dict[str, bytes]
    """Stylesheets and scripts, by their path in the site."""
    pictures: dict[str, str]
    """Files published as they are (persona pictures): path in the site → source,
    relative to the site root."""
    fragments: Fragments
    """The rows of the pages across the maps, for the next publication to keep."""


def publish(site: Site, index: CrossIndex, options: SiteOptions, *, bodies: dict[str, str],
            history: History | None, today: datetime.date, site_name: str = "",
            overrides: Path | None = None, icons: IconSet | None = None,
            previous: Publication | None = None) -> Publication:
    """The pages and files of a checked site. `history` is None where the option is off;
    `overrides` is the site's own template folder (`Layout.overrides`). With `previous`
    (the publication of an earlier version of the same site, as `mkdocs serve` keeps
    it), the pages an edit cannot have changed are taken from it, not made again, and
    the pages across the maps are made from its rows of the journeys the edit left."""
    ctx = context(site, index, today, bodies, options.nav_limit, icons,
                  history=history if options.history else None, overrides=overrides)
    keep = {}
    if previous is not None:
        same = unchanged_pages(previous.context, ctx)
        keep = {page.src_uri: page for page in previous.pages if page.src_uri in same}
    made = Fragments(shared_inputs(ctx), previous.fragments if previous else None)
    home = made.page("home", (site_name, *across_inputs(ctx, made, seen=wordless)), home_page,
                     ctx, site_name, made)
    return Publication(ctx, site_pages(ctx, keep, made), home, site_assets(), page_files(site),
                       made)


def dashboard_for(publication: Publication, page: str) -> tuple[str, tuple[Ready, ...]]:
    """The dashboard's Markdown for a hand-written page (its source path) and its ready
    parts, kept from the last publication while what it shows is the same."""
    ctx, made = publication.context, publication.fragments
    return made.page(f"dashboard {page}", across_inputs(ctx, made, seen=wordless),
                     dashboard_part, ctx, page, made)


def rewritten(old: Publication, new: Publication, *, home: bool) -> dict[str, str] | None:
    """The generated pages whose Markdown or parts an edit changed, their Markdown (`text`)
    by source path, the home page too where `home` (the site has none of its own). None
    where the edit changed more than the pages' contents: a page came or went, moved in or
    out of the navigation, got another map file or, in the navigation, another title; or
    a picture came, went or moved."""
    def shape(publication: Publication) -> list[tuple[object, ...]]:
        return [(p.src_uri, p.in_nav, p.source, p.title if p.in_nav else None)
                for p in publication.pages]

    if shape(old) != shape(new) or old.pictures != new.pictures or old.assets != new.assets:
        return None
    pairs = list(zip(new.pages, old.pages, strict=True))
    if home:
        pairs.append((new.home, old.home))
    return {p.src_uri: p.text for p, q in pairs if p.text != q.text or p.parts != q.parts}
