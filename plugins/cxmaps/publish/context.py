"""What every page of the published site is built from: the model, its prose (read by the
loader), the history, the channel icons and the site's own templates; and the files
published beside the pages (stylesheets, persona pictures)."""

from __future__ import annotations

import datetime
import posixpath
from collections.abc import Iterator, Mapping, Sized
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

from markupsafe import Markup

from cxmaps.compare.history import History
from cxmaps.model.ids import slugify
from cxmaps.model.maps import Journey, Persona, Site
from cxmaps.publish import urls
from cxmaps.publish.icons import IconSet, bundled_icons
from cxmaps.publish.lineage import Zoom, sub_journeys
from cxmaps.publish.templating import Ready, environment, with_parts
from cxmaps.site.index import CrossIndex
from cxmaps.site.options import NAV_LIMIT


@dataclass(frozen=True)
class GeneratedPage:
    """One page of the site, placed in the site's docs tree at `src_uri`."""

    src_uri: str
    title: str
    text: str
    """Its Markdown, each of `parts` as its placeholder (`part_marker`)."""
    source: str | None
    """The map file the page is built from (relative to the site root), for edit links."""
    in_nav: bool = True
    parts: tuple[Ready, ...] = ()
    """The page's ready HTML (`cxmaps.publish.templating.ready`): the MkDocs plugin puts
    it in after Markdown; any other generator takes `markdown`, the page whole."""

    @property
    def markdown(self) -> str:
        """The page's Markdown whole, its parts in place."""
        return with_parts(self.text, self.parts) if self.parts else self.text


NOTHING_KEPT: Mapping[str, GeneratedPage] = MappingProxyType({})
"""No page of an earlier publication is taken as it is: every page is made."""


@dataclass(frozen=True)
class SiteContext:
    """What every page may need besides the model."""

    site: Site
    index: CrossIndex
    today: datetime.date
    bodies: Prose
    """Markdown prose under each map file's front matter, by file."""
    nav_limit: int = NAV_LIMIT
    """Journeys and personas are each listed in the navigation while there are at most
    this many of them; beyond that their indexes list them. A theme renders the whole
    navigation into every page, so a navigation that grows with the maps would make the
    build time grow with their square."""
    icons: IconSet | None = None
    """Where the canvas finds its channel icons (an adapter passes Material's); without
    them channels show as text."""
    history: History | None = None
    """The recent commits that changed the maps; None where the history is off."""
    overrides: Path | None = None
    """The site's own templates (`<theme.custom_dir>/cxmaps/`), each replacing the
    package's template of the same name."""

    def in_nav(self, items: Sized) -> bool:
        return len(items) <= self.nav_limit

    def ready_page(self, src_uri: str, title: str, template: str, source: str | None,
                   **values: Any) -> GeneratedPage:
        """A page whose template marks blocks `ready`: they become its parts."""
        parts: list[Ready] = []
        text = self.render(template, src_uri, ready_parts=parts, **values)
        return GeneratedPage(src_uri, title, text, source, parts=tuple(parts))

    def render(self, template: str, page: str | None = None, **values: Any) -> str:
        """A page template, or a fragment of the page at `page` (its source path), with the
        site's templates; templates link from `base_url`, the page's way to the site root."""
        if page is not None:
            values["base_url"] = urls.base_url(page)
        return environment(self.overrides).get_template(template).render(**values)

    @cached_property
    def owner_keys(self) -> dict[str, str]:
        """The URL key of each owner as written in the maps."""
        return owner_keys(self.site, self.index)

    @cached_property
    def sub_journeys(self) -> dict[str, list[Zoom]]:
        """The journeys that zoom into each journey (FORMAT 1.1's `parent`), by its id."""
        return sub_journeys(self.site)

    @cached_property
    def owner_names(self) -> dict[str, str]:
        """The display name of each owner as written in the maps: its `owners.yml` name."""
        owners = self.site.owners or {}
        return {owner: owners[owner].name if owner in owners else owner
                for owner in self.index.owned}


def touchpoint_count(journeys: list[Journey]) -> int:
    return sum(len(stage.touchpoints) for journey in journeys for stage in journey.stages)


class Prose(Mapping[str, Markup]):
    """The prose of each map file as the pages publish it (Markup, see `context`), made
    as a page reads it: on a site of seven thousand map files, wrapping every one for
    every update would cost more than the pages an edit changes."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.texts = texts

    def __getitem__(self, path: str) -> Markup:
        return Markup(self.texts[path])

    def __iter__(self) -> Iterator[str]:
        return iter(self.texts)

    def __len__(self) -> int:
        return len(self.texts)


def context(site: Site, index: CrossIndex, today: datetime.date,
            bodies: dict[str, str], nav_limit: int = NAV_LIMIT,
            icons: IconSet | None = None, *, history: History | None = None,
            overrides: Path | None = None) -> SiteContext:
    """The prose under the front matter is the team's own Markdown, published as written
    (as any page of a docs site is): the one text that is not escaped. The canvas draws
    channels with Material's bundled icons wherever mkdocs-material is installed (it is a
    dependency of cxmaps), unless `icons` says otherwise."""
    return SiteContext(site, index, today, Prose(bodies),
                       nav_limit, icons or bundled_icons(), history, overrides)


ASSETS_DIR = "assets/cxmaps"


def site_assets() -> dict[str, bytes]:
    """The stylesheets the pages need, by their path in the site."""
    folder = resources.files("cxmaps") / "templates" / "assets"
    return {f"{ASSETS_DIR}/{item.name}": item.read_bytes()
            for item in sorted(folder.iterdir(), key=lambda i: i.name) if item.is_file()}


def picture_name(persona: Persona) -> str | None:
    """The file name a persona's picture is published under, beside its page."""
    return PurePosixPath(persona.image).name if persona.image else None


def page_files(site: Site) -> dict[str, str]:
    """Files published as they are (persona pictures): their path in the site → their
    source, relative to the site root."""
    files = {}
    for persona in sorted(site.personas.values(), key=lambda p: p.id):
        name = picture_name(persona)
        if name and persona.image:
            source = posixpath.normpath(str(PurePosixPath(persona.path).parent / persona.image))
            files[urls.page_url(urls.persona_page(persona.id)) + name] = source
    return files


def owner_keys(site: Site, index: CrossIndex) -> dict[str, str]:
    """The URL key of each owner as written: its id where owners.yml lists it, else a
    slug of the text (made unique)."""
    keys: dict[str, str] = {}
    taken: set[str] = set()
    for owner in sorted(index.owned):
        if site.owners is not None and owner in site.owners:
            key = owner
        else:
            key = slugify(owner) or "owner"
            base, n = key, 1
            while key in taken or (site.owners is not None and key in site.owners):
                n += 1
                key = f"{base}-{n}"
        taken.add(key)
        keys[owner] = key
    return keys
