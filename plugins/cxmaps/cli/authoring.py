"""The authoring commands of `cxmaps`: init, new, import and export. Thin adapters over
`cxmaps.author.scaffold`, `cxmaps.author.importcsv` and `cxmaps.exchange.export`.

Exit codes as for the other commands: 1 when the maps or the spreadsheet have errors,
2 for a usage problem (a bad id, an unknown persona, a folder that is not empty…).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cxmaps.author.importmerge import ImportResult, import_journey, update_journey
from cxmaps.author.scaffold import (
    FORMAT_REFERENCE,
    ScaffoldError,
    init_repository,
    new_journey,
    new_persona,
    new_stage,
)
from cxmaps.author.sheet import CsvImportError
from cxmaps.cli.app import cli, colour, site_layout, site_settings, writing
from cxmaps.exchange.export import export_json, export_model
from cxmaps.exchange.tables import TABLE_BUILDERS, TABLES, as_csv
from cxmaps.model.text import printable
from cxmaps.publish import review
from cxmaps.site.layout import Layout
from cxmaps.site.loader import Loader
from cxmaps.site.report import as_text
from cxmaps.site.rules import today
from cxmaps.site.validate import validate as validate_site
from cxmaps.site.write import create_files, write_file

_SITE_ROOT = click.option("--root", default=".", show_default=True,
                          type=click.Path(file_okay=False, path_type=Path),
                          help="The site: the folder of mkdocs.yml.")


def _shown(layout: Layout, path: Path) -> str:
    try:
        return path.relative_to(layout.root).as_posix()
    except ValueError:
        return str(path)


def _usage(err: Exception) -> click.UsageError:
    return click.UsageError(str(err))


def _text(_: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A text option as UTF-8: bytes that are not (a shell's `$'\\xff'`) would be
    written into a map no YAML reader takes."""
    if value is not None:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as err:
            raise click.BadParameter(f"expected UTF-8 text, found the byte "
                                     f"0x{ord(value[err.start]) - 0xDC00:02x}") from None
    return value


@cli.command()
@click.argument("directory", default=".", type=click.Path(path_type=Path))
@click.option("--name", "site_name", default="Customer journeys", show_default=True,
              callback=_text,
              help="The site's name (site_name in mkdocs.yml).")
@click.option("--force", is_flag=True,
              help="Add the missing files to a folder that is not empty; existing files "
                   "are kept as they are.")
def init(directory: Path, site_name: str, force: bool) -> None:
    """Create a ready map repository in DIRECTORY (default: here).

    mkdocs.yml, an example persona and journey, owners.yml, docs/index.md, a README,
    package.json pinning Mermaid, .gitignore, a GitHub Actions workflow, pre-commit and
    VS Code settings. DIRECTORY must be empty unless --force.
    """
    try:
        with writing():
            result = init_repository(directory, site_name, today(), force=force)
    except ScaffoldError as err:
        raise _usage(err) from None
    for path in result.written:
        click.echo(f"wrote {path.relative_to(directory.absolute()).as_posix()}")
    for path in result.kept:
        click.echo(f"kept  {path.relative_to(directory).as_posix()} (already there)")
    click.echo("\nNext:")
    width = max(len(command) for command, _ in result.next_steps)
    for command, why in result.next_steps:
        click.echo(f"  {command:<{width}}   # {why}" if why else f"  {command}")
    click.echo("README.md has the rest (`pip install -r requirements.txt` installs the "
               "cxmaps that CI runs).")
    click.echo(f"Every field of every file, and every check: {FORMAT_REFERENCE}")


@cli.group()
def new() -> None:
    """Start a persona, a journey or a stage from a guided template."""


def _wrote(layout: Layout, paths: list[Path]) -> None:
    for path in paths:
        click.echo(f"wrote {_shown(layout, path)}")


@new.command("persona")
@click.argument("persona_id", metavar="ID")
@click.option("--name", callback=_text, help="Display name (default: from the id).")
@_SITE_ROOT
def new_persona_command(persona_id: str, name: str | None, root: Path) -> None:
    """Write personas/ID.md with every field present and commented."""
    layout = site_layout(root)
    try:
        with writing():
            _wrote(layout, new_persona(layout, persona_id, name))
    except ScaffoldError as err:
        raise _usage(err) from None


def _stage_list(_: click.Context, __: click.Parameter, value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [s.strip() for s in value.split(",") if s.strip()]


@new.command("journey")
@click.argument("journey_id", metavar="ID")
@click.option("--persona", required=True, help="The primary persona's id.")
@click.option("--stages", callback=_stage_list,
              help="Stages in order, comma-separated, by id or by name (\"choose products\" "
                   "becomes choose-products) "
                   "[default: awareness,consideration,purchase,retention,advocacy].")
@click.option("--title", callback=_text, help="The journey's title (default: from the id).")
@click.option("--phase", help="Its phase in the customer lifecycle: an id of lifecycle.yml.")
@click.option("--parent", help="The journey it zooms into: `journey-id`, or "
                               "`journey-id/stage-id` for one stage of it.")
@_SITE_ROOT
def new_journey_command(journey_id: str, persona: str, stages: list[str] | None,
                        title: str | None, phase: str | None, parent: str | None,
                        root: Path) -> None:
    """Write journeys/ID/ with index.md and one guided file per stage."""
    layout = site_layout(root)
    try:
        with writing():
            _wrote(layout, new_journey(layout, journey_id, persona, today(), stages=stages,
                                       title=title, phase=phase, parent=parent))
    except ScaffoldError as err:
        raise _usage(err) from None


@new.command("stage")
@click.argument("journey_id", metavar="JOURNEY")
@click.argument("stage_id", metavar="ID")
@click.option("--after", help="The stage it follows (default: after the last); the stages "
                              "after it are renumbered.")
@click.option("--name", callback=_text, help="The stage's name (default: from the id).")
@_SITE_ROOT
def new_stage_command(journey_id: str, stage_id: str, after: str | None, name: str | None,
                      root: Path) -> None:
    """Add stage ID to JOURNEY, renumbering the following stages' NN- prefixes (with
    `git mv` inside a git work tree)."""
    layout = site_layout(root)
    try:
        with writing():
            created, renamed = new_stage(layout, journey_id, stage_id, after=after,
                                         name=name)
    except ScaffoldError as err:
        raise _usage(err) from None
    for rename in renamed:
        click.echo(f"renamed {rename}")
    _wrote(layout, [created])


@cli.group("import")
def import_group() -> None:
    """Bring maps kept elsewhere into the site."""


@import_group.command("csv")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--journey", "journey_id", required=True,
              help="The new journey's id (with --update: the journey to update).")
@click.option("--persona", help="The journey's primary persona (required for a new "
                                "journey).")
@click.option("--title", callback=_text, help="The journey's title (default: from the id).")
@click.option("--update", is_flag=True,
              help="Merge the sheet into the existing journey: matching stages and "
                   "touchpoints take the sheet's values, new ones are added, nothing is "
                   "removed.")
@click.option("--prune", is_flag=True,
              help="With --update: also remove what the sheet does not list (stages, "
                   "touchpoints, list items, fields it leaves empty).")
@_SITE_ROOT
def import_csv(file: Path, journey_id: str, persona: str | None, title: str | None,
               update: bool, prune: bool, root: Path) -> None:
    """Make a journey from a spreadsheet saved as CSV, one row per touchpoint, or with
    --update bring an existing journey up to date with one.

    Columns: stage, touchpoint, emotion (or one `emotion: <persona id>` per persona)
    required; id, channel, action, thought, feeling, pain point, severity, evidence,
    confidence, opportunity, backstage, owner. Nothing is written when a row is bad.
    """
    if prune and not update:
        raise click.UsageError("--prune removes what an existing journey holds: it needs "
                               "--update")
    if persona is None and not update:
        raise click.UsageError("a new journey needs its persona: give --persona (or "
                               "--update an existing journey)")
    layout = site_layout(root)
    data = file.read_bytes()
    try:
        with writing():
            if update:
                result = update_journey(layout, data, file.name, journey_id, persona,
                                        today(), title=title, prune=prune)
            else:
                assert persona is not None
                result = import_journey(layout, data, file.name, journey_id, persona,
                                        today(), title)
    except ScaffoldError as err:
        raise _usage(err) from None
    except CsvImportError as err:
        for problem in err.problems:
            click.echo(printable(f"{problem.where(str(file))}: error: {problem.message}"), err=True)
        click.echo(f"Nothing written: {len(err.problems)} problem(s).", err=True)
        sys.exit(1)
    for warning in result.warnings:
        click.echo(printable(f"{warning.where(str(file))}: warning: {warning.message}"), err=True)
    _report(result)


def _report(result: ImportResult) -> None:
    """What the import did to the files, then (for an update) to the map."""
    lines = [*(f"renamed {old} → {new}" for old, new in result.renamed),
             *(f"wrote {rel}" for rel in result.written),
             *(f"updated {rel}" for rel in result.updated),
             *(f"removed {rel}" for rel in result.removed)]
    for line in lines:
        click.echo(line)
    if result.changes is None:
        return
    if not lines:
        click.echo("Nothing to update: the journey already holds what the sheet says.")
        return
    click.echo("\n" + review.as_text(result.changes), color=colour())


@cli.command()
@click.argument("root", default=".", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), required=True,
              help="json: the whole model; csv: one table for a spreadsheet.")
@click.option("--what", type=click.Choice([*TABLES, "all"]), default=None,
              help="The CSV table [default: actions]; `all` writes one file per table "
                   "into --out DIR. JSON is always the whole model.")
@click.option("--out", type=click.Path(path_type=Path),
              help="A new file (a new or empty folder for --what all); default: stdout.")
@click.option("--bom", is_flag=True, help="Start the CSV with a UTF-8 byte-order mark "
                                          "(for Excel versions that need one).")
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
def export(root: Path, fmt: str, what: str | None, out: Path | None, bom: bool,
           force: bool) -> None:
    """Export the validated maps as JSON or CSV, with links to the site's pages.

    Exits 1, writing nothing, when the maps have errors.
    """
    if fmt == "json" and what not in (None, "all"):
        raise click.UsageError("--what chooses a CSV table; JSON is always the whole model")
    if fmt == "csv" and what == "all" and out is None:
        raise click.UsageError("--what all writes one CSV file per table: give --out DIR")
    layout, options = site_settings(root)
    report = validate_site(Loader(layout, use_cache=options.cache))
    if report.errors:
        click.echo(as_text(report.errors, report.files, click.style), color=colour(), err=True)
        click.echo("Nothing exported: fix the errors first.", err=True)
        sys.exit(1)
    model = export_model(report.site, report.index, today(), layout.site_name)
    if fmt == "json":
        _emit(export_json(model), out, force)
    elif what == "all":
        assert out is not None
        tables = {f"{name}.csv": as_csv(TABLE_BUILDERS[name](model), bom=bom)
                  for name in TABLES}
        with writing("--force replaces them"):
            written = create_files(out, tables) if not force else [
                _replace(out / name, content) for name, content in tables.items()]
        for path in written:
            click.echo(f"wrote {path}", err=True)
    else:
        _emit(as_csv(TABLE_BUILDERS[what or "actions"](model), bom=bom), out, force)


def _replace(path: Path, content: bytes) -> Path:
    write_file(path, content, overwrite=True)
    return path


def _emit(content: bytes, out: Path | None, force: bool) -> None:
    if out is None:
        click.echo(content, nl=False)
        return
    with writing("--force replaces it"):
        write_file(out, content, overwrite=force)
    click.echo(f"wrote {out}", err=True)
