"""A site source any generator builds as it is: the publication of the maps merged with
the site's hand-written pages and theme, and a `mkdocs.yml` without the cxmaps plugin.

Material for MkDocs reaches its end of life on 2027-05-05, and Zensical, which succeeds
it, runs no third-party MkDocs plugins. `cxmaps generate` writes this source, which
MkDocs, ProperDocs and Zensical each build with nothing of cxmaps installed. Pure: what
the site holds (its `docs/` and theme files, Mermaid, the fonts, the persona pictures)
is read by the adapter and comes in as bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from cxmaps.model.text import yaml_text
from cxmaps.publish.context import ASSETS_DIR, GeneratedPage
from cxmaps.publish.pipeline import Publication
from cxmaps.publish.siteconfig import (
    NavPage,
    SourceError,
    config_yaml,
    derived_config,
    edit_url,
    not_in_nav,
    site_nav,
)
from cxmaps.publish.sitepages import DASHBOARD_MARKER, dashboard

DOCS = "docs"
THEME = "overrides"
"""The source's theme folder (`theme.custom_dir`): the site's own, and the partial that
gives each generated page its map file's edit link."""
THEME_PARTIALS = ("partials/actions.html",)
MERMAID_NPM = "node_modules/mermaid/dist/mermaid.min.js"
"""Where `npm ci` beside mkdocs.yml puts Mermaid (pinned in package.json)."""
MERMAID_SITE = f"{ASSETS_DIR}/mermaid.min.js"
"""Where the site serves it."""


@dataclass(frozen=True)
class SiteFiles:
    """What the adapter read of the site for its source."""

    docs_dir: str
    """The site's docs folder, relative to its root (edit links point into it)."""
    docs: dict[str, bytes] = field(default_factory=dict)
    """The hand-written pages and files, by their path in the docs folder."""
    theme: dict[str, bytes] = field(default_factory=dict)
    """The files of the theme's `custom_dir`, by their path in it."""
    fonts: dict[str, bytes] = field(default_factory=dict)
    """The self-hosted fonts and their one stylesheet, by path in the site."""
    mermaid: bytes | None = None
    pictures: dict[str, bytes] = field(default_factory=dict)
    """Persona pictures, by path in the site."""


def with_edit_url(page: GeneratedPage, url: str) -> str:
    """The page's Markdown with `edit_url` in its front matter (every generated page
    starts with one)."""
    if not page.markdown.startswith("---\n"):
        return f"---\nedit_url: {yaml_text(url)}\n---\n{page.markdown}"
    return f"---\nedit_url: {yaml_text(url)}\n{page.markdown[4:]}"


def _hand_written(publication: Publication, docs: Mapping[str, bytes]) -> dict[str, bytes]:
    """The site's own pages as they are, the dashboard filled in where a page asks for it
    (`<!-- cxmaps:dashboard -->`), as the plugin does."""
    pages = {}
    for path, content in docs.items():
        if path.endswith(".md") and DASHBOARD_MARKER.encode() in content:
            text = content.decode("utf-8", "surrogateescape")
            filled = text.replace(DASHBOARD_MARKER, dashboard(publication.context, path))
            content = filled.encode("utf-8", "surrogateescape")
        pages[path] = content
    return pages


def _theme_files(theme: Mapping[str, bytes]) -> dict[str, bytes]:
    """The site's theme files (less the cxmaps page templates, already used to write the
    pages) and the edit-link partial, unless the site has its own."""
    files = {path: content for path, content in theme.items()
             if not path.startswith("cxmaps/")}
    folder = resources.files("cxmaps") / "templates" / "source"
    for partial in THEME_PARTIALS:
        files.setdefault(partial, (folder / partial).read_bytes())
    return files


def site_source(publication: Publication, settings: Mapping[str, Any], files: SiteFiles,
                environ: Mapping[str, str]) -> dict[str, bytes]:
    """Every file of the source, by its path in the source folder. `settings` are the
    site's mkdocs.yml as MkDocs read it; `SourceError` where a hand-written page stands
    where a generated one goes."""
    docs: dict[str, bytes] = _hand_written(publication, files.docs)
    generated: list[NavPage] = []
    for page in publication.pages:
        if page.src_uri in files.docs:
            raise SourceError(f"{files.docs_dir}/{page.src_uri} is written by hand, but "
                              f"cxmaps generates that page from {page.source or 'the maps'}; "
                              "move or rename the hand-written page")
        url = edit_url(settings, files.docs_dir, page.source)
        docs[page.src_uri] = with_edit_url(page, url).encode("utf-8")
        generated.append(NavPage(page.src_uri, page.title, page.in_nav))
    home = publication.home
    if home.src_uri not in docs:
        docs[home.src_uri] = with_edit_url(home, "").encode("utf-8")
        generated.append(NavPage(home.src_uri, home.title))
    assets = {**publication.assets, **files.fonts, **files.pictures}
    if files.mermaid is not None:
        assets[MERMAID_SITE] = files.mermaid
    docs.update(assets)
    handwritten = [NavPage(path, None) for path in files.docs if path.endswith(".md")]
    css = [path for path in (*files.fonts, *publication.assets) if path.endswith(".css")]
    js = [path for path in (*publication.assets, MERMAID_SITE) if path.endswith(".js")
          and path in assets]
    config = derived_config(
        settings, nav=None if settings.get("nav") else site_nav(generated, handwritten),
        hidden=not_in_nav(settings.get("not_in_nav"), generated), css=css, js=js,
        theme_dir=THEME, docs_dir=files.docs_dir, environ=environ)
    out = {f"{DOCS}/{path}": content for path, content in docs.items()}
    if settings.get("theme"):
        out.update({f"{THEME}/{path}": content
                    for path, content in _theme_files(files.theme).items()})
    out["mkdocs.yml"] = config_yaml(config).encode("utf-8")
    return out


__all__ = ["SiteFiles", "SourceError", "site_source"]
