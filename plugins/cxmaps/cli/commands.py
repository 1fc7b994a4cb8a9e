"""The commands that describe and review a site: schema, codeowners and diff (`validate`
is in `cxmaps.cli.check`, `generate` in `cxmaps.cli.generate`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from cxmaps.author import codeowners
from cxmaps.cli.app import (
    ROOT_ARGUMENT,
    Refused,
    cli,
    colour,
    site_layout,
    site_settings,
    writing,
)
from cxmaps.compare.changes import diff_schema
from cxmaps.compare.git import GitError, Repo
from cxmaps.compare.revisions import choose_sides, compare_readable
from cxmaps.exchange.schema import KINDS, MAP_KINDS, schema_for, schema_json
from cxmaps.publish import review
from cxmaps.site.loader import Loader
from cxmaps.site.report import as_text
from cxmaps.site.validate import validate as validate_site
from cxmaps.site.write import NotAFile, existing_file, write_file


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
            with writing():
                write_file(out / name, content, overwrite=True)
            click.echo(f"wrote {out / name}")
        return
    document = schema_for(kind) if kind != "all" else {k: schema_for(k) for k in kinds}
    click.echo(json.dumps(document, indent=2))


@cli.command("codeowners")
@ROOT_ARGUMENT
@click.option("--file", "target", type=click.Path(dir_okay=False, path_type=Path),
              help="The CODEOWNERS file [default: .github/CODEOWNERS at the top of the git "
              "repository, else beside mkdocs.yml].")
@click.option("--check", is_flag=True,
              help="Change nothing; exit 1 with a diff when the file is out of date.")
def codeowners_command(root: Path, target: Path | None, check: bool) -> None:
    """Write CODEOWNERS rules so that a journey's owner reviews changes to it.

    Each journey folder gets the `github` handle of its `owner` in owners.yml. Only the
    block between the `# BEGIN cxmaps` and `# END cxmaps` lines is rewritten; the rest of
    the file stays as written.
    """
    layout, options = site_settings(root)
    try:
        repo = Repo.of(layout.root)
        top, prefix = repo.top, repo.prefix
    except GitError:
        top, prefix = layout.root, ""
    target = target or top / ".github" / "CODEOWNERS"
    report = validate_site(Loader(layout, use_cache=options.cache))
    if report.errors:
        click.echo(as_text(report.errors, report.files, click.style), color=colour(), err=True)
        sys.exit(1)
    generated = codeowners.rules(report.site, layout.journeys_dir, prefix)
    for journey_id, why in generated.unowned.items():
        click.echo(f"cxmaps: no rule for journey `{journey_id}`: {why}", err=True)
    existing = _read_codeowners(target)
    try:
        wanted = codeowners.updated(existing, generated, str(target))
    except codeowners.BrokenBlock as err:
        raise Refused(str(err)) from None
    if check:
        drift = codeowners.drift(str(target), existing, wanted)
        if drift:
            click.echo(drift, nl=False)
            click.echo(f"{target} is out of date: run `cxmaps codeowners`", err=True)
            sys.exit(1)
        click.echo(f"{target} is up to date.")
        return
    if wanted != existing:
        with writing():
            write_file(target, wanted.encode("utf-8"), overwrite=True)
    click.echo(f"wrote {len(generated.lines)} rules to {target}")


def _read_codeowners(target: Path) -> str | None:
    """The file's text as it is (line endings included), None where there is none yet."""
    try:
        if existing_file(target) is None:
            return None
        return target.read_bytes().decode("utf-8")
    except NotAFile as err:
        raise Refused(str(err)) from None
    except (OSError, UnicodeDecodeError) as err:
        raise Refused(f"{target}: expected a readable UTF-8 file ({err})") from None


@cli.command()
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option("--root", default=".", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="The folder of the site's mkdocs.yml.")
@click.option("--format", "fmt", type=click.Choice(review.FORMATS), default="text",
              show_default=True,
              help="text for people, markdown for a pull-request comment, json for programs.")
@click.option("--json-schema", is_flag=True, help="Print the JSON Schema of --format json.")
def diff(base: str | None, head: str | None, root: Path, fmt: str, json_schema: bool) -> None:
    """Show what changed in the maps between two git revisions, in customer terms.

    HEAD defaults to the working tree (uncommitted edits included), BASE to the commit
    where the current branch left the default branch (origin/HEAD, else main or master);
    on the default branch without uncommitted map changes, the last commit is shown.
    Files are read from git, never checked out. Exits 0, or 2 when git or a revision
    fails.
    """
    if json_schema:
        click.echo(json.dumps(diff_schema(), indent=2))
        return
    layout = site_layout(root)
    try:
        repo = Repo.of(layout.root)
        sides = choose_sides(repo, layout, base, head)
        changes = compare_readable(repo, layout, sides.base, sides.head)
    except GitError as err:
        raise Refused(str(err)) from None
    if sides.note:
        click.echo(f"cxmaps diff: {sides.note}", err=True)
    if fmt == "json":
        click.echo(review.diff_json(changes))
    elif fmt == "markdown":
        click.echo(review.as_markdown(changes), nl=False)
    else:
        click.echo(review.as_text(changes), color=colour())
