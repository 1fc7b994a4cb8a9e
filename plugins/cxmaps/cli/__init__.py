"""The `cxmaps` command: a thin adapter from the terminal to the core (the only place
that imports click).

Exit codes: 0 fine, 1 the maps have errors (or warnings with --strict) or the machine
refused a read or write (a full disk), 2 a usage problem (unknown option, ROOT missing or
without mkdocs.yml), 3 a bug in cxmaps.
"""

from __future__ import annotations

import os
import sys

import click

from cxmaps.cli.app import cli
from cxmaps.model.text import printable

__all__ = ["cli", "main"]


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
