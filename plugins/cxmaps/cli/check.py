"""`cxmaps validate`: the command CI runs on every push, so it imports only what checking
needs (no publishing, no import or export code, MkDocs only to read mkdocs.yml)."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import click

from cxmaps.cli.app import ROOT_ARGUMENT, cli, colour, site_settings
from cxmaps.site.loader import Loader
from cxmaps.site.report import FORMATS, as_github, as_text, diagnostics_json, summary
from cxmaps.site.validate import check


@cli.command()
@ROOT_ARGUMENT
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text for people, json for programs, github for GitHub Actions.")
@click.option("--no-cache", is_flag=True, help="Parse every file, ignoring .cxmaps-cache/.")
def validate(root: Path, strict: bool, fmt: str, no_cache: bool) -> None:
    """Check every persona, journey and stage under ROOT (the folder of mkdocs.yml).

    Exits 0 when there are no errors (warnings allowed unless --strict), 1 otherwise.
    """
    gc.disable()  # one check, then the process ends: the cycle collector has nothing to free
    layout, options = site_settings(root)
    diagnostics, files = check(Loader(layout, use_cache=options.cache and not no_cache))
    gc.freeze()  # nor at exit, where its last pass would walk the whole model (0.4 s cold)
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    if fmt == "json":
        click.echo(diagnostics_json(diagnostics))
    elif fmt == "github":
        output = as_github(diagnostics, _prefix(layout.root))
        if output:
            click.echo(output)
        click.echo(summary(errors, warnings, files))
    else:
        click.echo(as_text(diagnostics, files, click.style), color=colour())
    sys.exit(1 if errors or (strict and warnings) else 0)


def _prefix(root: Path) -> str:
    """The site root's path from the working folder, where GitHub expects paths from."""
    try:
        rel = root.relative_to(Path.cwd().resolve())
    except ValueError:
        return ""
    return "" if str(rel) == "." else rel.as_posix() + "/"
