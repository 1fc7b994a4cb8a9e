"""The `cxmaps` command: a thin adapter from the terminal to the core.

Exit codes: 0 fine, 1 the maps have errors (or warnings with --strict) or the machine
refused a read or write (a full disk), 2 a usage problem (unknown option, ROOT missing or
without mkdocs.yml), 3 a bug in cxmaps.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from . import __version__, codeowners
from .diff import diff_schema
from .git import GitError, Repo
from .history import settings as history_settings
from .history import site_history
from .load import Loader
from .output import FORMATS, as_github, as_json, as_text, summary
from .quoting import printable
from .render import review
from .render.changes import with_history
from .render.pages import (
    home_page,
    page_files,
    publication,
    site_assets,
    site_pages,
)
from .revisions import choose_sides, compare_readable
from .rules import today
from .schema import KINDS, MAP_KINDS, schema_for, schema_json
from .siteconfig import Layout, SiteConfigError, read_layout
from .sitefiles import NotASiteFile, read_site_file
from .validate import check
from .validate import validate as validate_site
from .write import NotAFile, WouldOverwrite, existing_file, write_file, write_tree

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
    """Colour on a terminal only, unless the environment says otherwise: `NO_COLOR` turns
    it off, `FORCE_COLOR` or `CLICOLOR_FORCE` on (for CI logs that show colour); NO_COLOR
    wins when both are set."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0", "false") or \
            os.environ.get("CLICOLOR_FORCE", "") not in ("", "0"):
        return True
    return None


class Refused(click.ClickException):
    """What was asked cannot be done (a revision git does not know, a destination that is
    not a regular file): a usage problem (exit 2), said in one line, with nothing changed."""

    exit_code = 2


class WriteFailed(click.ClickException):
    """The machine refused a write (a full disk, a missing permission): not the user's
    usage, so exit 1, like maps with errors; said in one line, with nothing changed."""

    exit_code = 1


@contextlib.contextmanager
def writing(hint: str = "") -> Iterator[None]:
    """Turn a refused or failed write into a one-line message: an existing file (`hint`
    says how to replace it), a special file, a full disk or a missing permission."""
    try:
        yield
    except WouldOverwrite as err:
        raise Refused(f"{err}{f' ({hint})' if hint else ''}") from None
    except NotAFile as err:
        raise Refused(str(err)) from None
    except OSError as err:
        where = f"{err.filename}: " if err.filename else ""
        raise WriteFailed(f"{where}could not write: {err.strerror or err}; nothing was "
                          "changed") from None


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
            with writing():
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
    try:
        enabled, limit = history_settings(dict(layout.options))
    except ValueError as err:
        raise click.UsageError(f"{layout.root / 'mkdocs.yml'}: {err}") from None
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        found = ", ".join(sorted(p.name for p in out.iterdir())[:5]) if out.is_dir() else "a file"
        raise click.UsageError(f"{out}: expected a new or empty folder, found {found}")
    report = validate_site(Loader(layout))
    if report.errors:
        click.echo(as_text(report.errors, report.files), color=_colour(), err=True)
        sys.exit(1)
    ctx = publication(report.site, report.index, layout.root, today())
    history = site_history(layout, limit) if enabled else None
    pages = [*with_history(site_pages(ctx), history), home_page(ctx, layout.site_name)]
    try:  # read now, and only as the site's own regular files (see cxmaps.sitefiles)
        pictures = {path: read_site_file(layout.root, source)
                    for path, source in page_files(report.site).items()}
    except NotASiteFile as refused:
        raise click.ClickException(f"a persona picture: {refused.message}") from None
    with writing():
        write_tree(out, {**{page.src_uri: page.markdown.encode() for page in pages},
                         **site_assets(), **pictures})
    click.echo(f"wrote {len(pages)} pages to {out}")


@cli.command("codeowners")
@_ROOT
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
    layout = _layout(root)
    try:
        repo = Repo.of(layout.root)
        top, prefix = repo.top, repo.prefix
    except GitError:
        top, prefix = layout.root, ""
    target = target or top / ".github" / "CODEOWNERS"
    report = validate_site(Loader(layout))
    if report.errors:
        click.echo(as_text(report.errors, report.files), color=_colour(), err=True)
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
    layout = _layout(root)
    try:
        repo = Repo.of(layout.root)
        sides = choose_sides(repo, layout, base, head)
        changes = compare_readable(repo, layout, sides.base, sides.head)
    except GitError as err:
        raise Refused(str(err)) from None
    if sides.note:
        click.echo(f"cxmaps diff: {sides.note}", err=True)
    if fmt == "json":
        click.echo(review.as_json(changes))
    elif fmt == "markdown":
        click.echo(review.as_markdown(changes), nl=False)
    else:
        click.echo(review.as_text(changes), color=_colour())


def main() -> None:
    """Run the CLI; a bug in cxmaps gets a short message, never a traceback."""
    try:
        cli(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as err:  # the machine said no (a full disk, a path that cannot be)
        if os.environ.get("CXMAPS_DEBUG"):
            raise
        where = f": {printable(os.fsdecode(err.filename))}" if err.filename else ""
        click.echo(f"cxmaps: error: could not read or write a file: {err.strerror or err}"
                   f"{where}", err=True)
        sys.exit(1)
    except Exception as err:  # a bug, not bad input: say so plainly
        if os.environ.get("CXMAPS_DEBUG"):
            raise
        click.echo(f"cxmaps: internal error: {type(err).__name__}: {err}\n"
                   "This is a bug in cxmaps; run again with CXMAPS_DEBUG=1 for details.",
                   err=True)
        sys.exit(3)


from . import cli_authoring  # noqa: E402, F401  (registers init, new, import and export)
