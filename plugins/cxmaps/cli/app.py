"""The `cxmaps` command group and what its commands share: the site's layout,
colour, and one-line messages for refused or failed writes."""

from __future__ import annotations

import contextlib
import importlib
import os
from collections.abc import Iterator
from pathlib import Path

import click

from cxmaps import __version__
from cxmaps.site.layout import Layout, SiteConfigError
from cxmaps.site.options import SiteOptions

ROOT_ARGUMENT = click.argument("root", default=".", type=click.Path(path_type=Path))


FAMILIES = {
    "validate": "check",
    "schema": "commands", "codeowners": "commands", "diff": "commands",
    "generate": "generate",
    "init": "authoring", "new": "authoring", "import": "authoring", "export": "authoring",
}
"""Each command, and the module of `cxmaps.cli` that defines it."""


class Commands(click.Group):
    """A group that imports a command's module only when the command runs (or a help
    page lists it): `cxmaps validate` starts without the code that publishes, imports or
    exports, which would cost more than a small site's whole check."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*FAMILIES, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in FAMILIES:
            importlib.import_module(f"cxmaps.cli.{FAMILIES[cmd_name]}")
        return super().get_command(ctx, cmd_name)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cxmaps")
def cli() -> None:
    """Customer journey maps as code: validate, publish, diff and export CX maps."""


def site_settings(root: Path) -> tuple[Layout, SiteOptions]:
    """The layout and plugin options of the site at `root`, from its mkdocs.yml as
    `mkdocs build` reads it (MkDocs is imported here only, when a command needs them)."""
    from cxmaps.mkdocs.options import read_site

    try:
        return read_site(root)
    except SiteConfigError as err:
        raise click.UsageError(str(err)) from None


def site_layout(root: Path) -> Layout:
    return site_settings(root)[0]


def colour() -> bool | None:
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
    from cxmaps.site.write import NotAFile, WouldOverwrite  # not on `cxmaps validate`'s path

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
