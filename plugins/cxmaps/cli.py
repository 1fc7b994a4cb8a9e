"""The `cxmaps` command: a thin adapter from the terminal to the core.

Exit codes: 0 fine, 1 the maps have errors (or warnings with --strict), 2 a usage
problem (unknown option, ROOT missing or without mkdocs.yml), 3 a bug in cxmaps.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from . import __version__
from .load import Loader
from .output import FORMATS, as_github, as_json, as_text, summary
from .render.pages import (
    home_page,
    page_files,
    publication,
    site_assets,
    site_pages,
)
from .rules import today
from .schema import KINDS, MAP_KINDS, schema_for, schema_json
from .siteconfig import Layout, SiteConfigError, read_layout
from .validate import check
from .validate import validate as validate_site
from .write import write_file, write_tree

_ROOT = click.argument("root", default=".", type=click.Path(path_type=Path))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cxmaps")
def cli() -> None:
    """Customer journey maps as code: validate, publish, diff and export CX maps."""


def _layout(root: Path) -> Layout:
    try:
        return read_layout(root)
    except SiteConfigError as err:
        raise click.UsageError(str(err)) from None


def _colour() -> bool | None:
    return False if os.environ.get("NO_COLOR") else None


@cli.command()
@_ROOT
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text for people, json for programs, github for GitHub Actions.")
@click.option("--no-cache", is_flag=True, help="Parse every file, ignoring .cxmaps-cache/.")
def validate(root: Path, strict: bool, fmt: str, no_cache: bool) -> None:
    """Check every persona, journey and stage under ROOT (the folder of mkdocs.yml).

    Exits 0 when there are no errors (warnings allowed unless --strict), 1 otherwise.
    """
    layout = _layout(root)
    diagnostics, files = check(Loader(layout, use_cache=not no_cache))
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    if fmt == "json":
        click.echo(as_json(diagnostics))
    elif fmt == "github":
        output = as_github(diagnostics, _prefix(layout.root))
        if output:
            click.echo(output)
        click.echo(summary(errors, warnings, files))
    else:
        click.echo(as_text(diagnostics, files), color=_colour())
    sys.exit(1 if errors or (strict and warnings) else 0)


def _prefix(root: Path) -> str:
    """The site root's path from the working folder, where GitHub expects paths from."""
    try:
        rel = root.relative_to(Path.cwd().resolve())
    except ValueError:
        return ""
    return "" if str(rel) == "." else rel.as_posix() + "/"


@cli.command()
@click.argument("kind", type=click.Choice([*KINDS, "all"]), default="all")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Write <kind>.schema.json files into this folder instead of printing.")
@click.option("--force", is_flag=True, help="Replace schema files already in --out.")
def schema(kind: str, out: Path | None, force: bool) -> None:
    """Print the JSON Schema of persona, journey, stage or owners.yml front matter (all:
    the four), or of the JSON that `cxmaps export` writes (export)."""
    kinds = list(MAP_KINDS) if kind == "all" else [kind]
    if out is not None:
        files = {f"{name}.schema.json": schema_json(name) for name in kinds}
        existing = [name for name in files if (out / name).exists()]
        if existing and not force:
            raise click.UsageError(f"{out}: already has {', '.join(existing)} "
                                   "(--force replaces them)")
        for name, content in files.items():
            write_file(out / name, content, overwrite=True)
            click.echo(f"wrote {out / name}")
        return
    document = schema_for(kind) if kind != "all" else {k: schema_for(k) for k in kinds}
    click.echo(json.dumps(document, indent=2))


@cli.command()
@_ROOT
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="A new or empty folder for the pages.")
def generate(root: Path, out: Path) -> None:
    """Write the site's generated pages as Markdown files into OUT.

    The same pages the MkDocs plugin publishes, for another site generator. Nothing is
    written when the maps have errors (exit 1) or OUT holds anything (exit 2).
    """
    layout = _layout(root)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        found = ", ".join(sorted(p.name for p in out.iterdir())[:5]) if out.is_dir() else "a file"
        raise click.UsageError(f"{out}: expected a new or empty folder, found {found}")
    report = validate_site(Loader(layout))
    if report.errors:
        click.echo(as_text(report.errors, report.files), color=_colour(), err=True)
        sys.exit(1)
    ctx = publication(report.site, report.index, layout.root, today())
    pages = [*site_pages(ctx), home_page(ctx, layout.site_name)]
    write_tree(out, {**{page.src_uri: page.markdown.encode() for page in pages},
                     **site_assets(),
                     **{path: (layout.root / source).read_bytes()
                        for path, source in page_files(report.site).items()}})
    click.echo(f"wrote {len(pages)} pages to {out}")


def main() -> None:
    """Run the CLI; a bug in cxmaps gets a short message, never a traceback."""
    try:
        cli(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as err:  # a bug, not bad input: say so plainly
        if os.environ.get("CXMAPS_DEBUG"):
            raise
        click.echo(f"cxmaps: internal error: {type(err).__name__}: {err}\n"
                   "This is a bug in cxmaps; run again with CXMAPS_DEBUG=1 for details.",
                   err=True)
        sys.exit(3)


from . import cli_authoring  # noqa: E402, F401  (registers init, new, import and export)
