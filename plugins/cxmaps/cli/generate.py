"""`cxmaps generate`: the site as a source any generator builds without the plugin."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from cxmaps.cli.app import ROOT_ARGUMENT, Refused, cli, colour, site_settings, writing
from cxmaps.compare.history import site_history
from cxmaps.publish.pipeline import Publication, publish
from cxmaps.publish.source import MERMAID_NPM, SiteFiles, SourceError, site_source
from cxmaps.read.sitefiles import NotASiteFile, read_site_file
from cxmaps.read.sitetree import site_tree
from cxmaps.site.layout import Layout
from cxmaps.site.loader import Loader
from cxmaps.site.options import SiteOptions
from cxmaps.site.report import as_text
from cxmaps.site.rules import today
from cxmaps.site.validate import validate as validate_site
from cxmaps.site.write import replace_tree, write_tree

MARK = ".cxmaps-source"
"""Written into every source folder: `--force` replaces only a folder that holds it."""
MARK_TEXT = (b"Written by `cxmaps generate`; `cxmaps generate --force` replaces this folder "
             b"as a whole.\n")


@cli.command()
@ROOT_ARGUMENT
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="A new or empty folder for the site source.")
@click.option("--force", is_flag=True,
              help="Replace OUT as a whole where `cxmaps generate` wrote it before.")
def generate(root: Path, out: Path, force: bool) -> None:
    """Write the site as a source any generator builds without the cxmaps plugin.

    OUT gets a mkdocs.yml derived from the site's own (no cxmaps plugin; the navigation,
    stylesheets, scripts and edit links the plugin would give), docs/ with the generated
    pages, the hand-written pages (the dashboard filled in), Mermaid, fonts and persona
    pictures, and the theme overrides. Build it with `zensical build`, `properdocs build`
    or `mkdocs build` in OUT. Nothing is written when the maps have errors (exit 1), or
    when OUT holds anything that an earlier `cxmaps generate` did not write (exit 2).
    """
    replacing = _may_write(out, force)
    from cxmaps.mkdocs.options import read_settings

    layout, options = site_settings(root)
    settings = read_settings(root)
    loader = Loader(layout, use_cache=options.cache)
    report = validate_site(loader)
    if report.errors:
        click.echo(as_text(report.errors, report.files, click.style), color=colour(), err=True)
        sys.exit(1)
    history = (site_history(layout, options.history_limit, use_cache=options.cache)
               if options.history else None)
    published = publish(report.site, report.index, options, bodies=loader.bodies(report.site),
                        history=history, today=today(), site_name=layout.site_name,
                        overrides=layout.overrides)
    try:
        files = _site_files(layout, options, settings, published)
        source = site_source(published, settings, files, os.environ)
    except (NotASiteFile, SourceError) as err:
        raise click.ClickException(str(err)) from None
    if files.mermaid is None:
        click.echo(f"cxmaps: {_mermaid(layout, options)} is missing (run `npm ci` beside "
                   "mkdocs.yml): the site would load Mermaid from another origin", err=True)
    source[MARK] = MARK_TEXT
    with writing():
        (replace_tree if replacing else write_tree)(out, source)
    pages = sum(path.endswith(".md") for path in source)
    click.echo(f"wrote {pages} pages and mkdocs.yml to {out}; build it there with "
               "`zensical build` or `properdocs build`")


def _may_write(out: Path, force: bool) -> bool:
    """Whether OUT is to be replaced (True) or written new (False); `Refused` where it
    holds anything `cxmaps generate` did not write, or anything at all without --force."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        found = "a symbolic link" if out.is_symlink() else "a file"
        raise Refused(f"{out}: expected a new or empty folder, found {found}")
    if not out.exists() or not any(out.iterdir()):
        return False
    found = ", ".join(sorted(p.name for p in out.iterdir())[:5])
    if not (out / MARK).is_file():
        raise Refused(f"{out}: expected a new or empty folder, found {found}"
                      + ("; --force replaces only a folder `cxmaps generate` wrote"
                         if force else ""))
    if not force:
        raise Refused(f"{out}: expected a new or empty folder, found {found} (written by "
                      "`cxmaps generate`: --force replaces it)")
    return True


def _mermaid(layout: Layout, options: SiteOptions) -> Path:
    return layout.root / (options.mermaid_js or MERMAID_NPM)


def _site_files(layout: Layout, options: SiteOptions, settings: dict[str, Any],
                published: Publication) -> SiteFiles:
    """What the site holds for its source, read only as the site's own regular files."""
    from cxmaps.mkdocs.fonts import self_hosted_fonts

    theme = settings.get("theme")
    fonts: dict[str, bytes] = {}
    if options.fonts and isinstance(theme, dict) and theme.get("font") is False:
        fonts = {path: font.read_bytes() if isinstance(font, Path) else font
                 for path, font in self_hosted_fonts(layout.root / "node_modules").items()}
    mermaid = _mermaid(layout, options)
    custom = layout.overrides.parent if layout.overrides else None
    return SiteFiles(
        docs_dir=layout.docs_dir,
        docs=site_tree(layout.root, layout.docs_dir),
        theme=site_tree(layout.root, os.path.relpath(custom, layout.root)) if custom else {},
        fonts=fonts,
        mermaid=mermaid.read_bytes() if mermaid.is_file() else None,
        pictures={path: read_site_file(layout.root, source)
                  for path, source in published.pictures.items()},
    )
