"""Diagnostics as a person, a program or GitHub Actions reads them.

Paths and messages carry text from the maps (a value, a file name), so every format
escapes what a terminal or a log would obey: `printable` in text and GitHub output, JSON's
own escapes in JSON."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import msgspec

from cxmaps.model.diagnostics import Diagnostic
from cxmaps.model.maps import Site
from cxmaps.model.text import count, encodable, printable
from cxmaps.site.index import CrossIndex
from cxmaps.site.journeycheck import JourneyChecks
from cxmaps.site.layout import Layout

FORMATS = ("text", "json", "github")
_COLOURS = {"error": "red", "warning": "yellow"}


def no_style(text: str, **_: object) -> str:
    """A `style` that adds no colour."""
    return text


def as_line(d: Diagnostic, style: Callable[..., str] = no_style) -> str:
    """`path:line:col: error: CODE message`, without line and column for a whole file:
    always one line, whatever the path and the message hold."""
    where = printable(d.file)
    if d.line is not None:
        where += f":{d.line}" + (f":{d.column}" if d.column is not None else "")
    severity = style(d.severity, fg=_COLOURS[d.severity], bold=True)
    return (f"{style(where, bold=True)}: {severity}: {style(d.code, dim=True)} "
            f"{printable(d.message)}")


def shown(d: Diagnostic) -> Diagnostic:
    """`d` with its path and message as `as_line` shows them (for HTML and logs)."""
    return msgspec.structs.replace(d, file=printable(d.file), message=printable(d.message))


def as_text(diagnostics: Iterable[Diagnostic], files: int,
            style: Callable[..., str] = no_style) -> str:
    """One `as_line` per diagnostic, then a one-line summary."""
    lines = []
    errors = warnings = 0
    for d in diagnostics:
        lines.append(as_line(d, style))
        if d.severity == "error":
            errors += 1
        else:
            warnings += 1
    lines.append(summary(errors, warnings, files))
    return "\n".join(lines)


def summary(errors: int, warnings: int, files: int) -> str:
    checked = f"{count(files, 'map file')} checked"
    if not errors and not warnings:
        return f"No problems: {checked}."
    return f"{count(errors, 'error')}, {count(warnings, 'warning')}: {checked}."


def diagnostics_json(diagnostics: Iterable[Diagnostic]) -> str:
    """An array of `{file, line, column, severity, code, message}`; JSON escapes control
    characters, and a file name's bytes that are not UTF-8 read `\\xNN`."""
    items = [msgspec.structs.replace(d, file=encodable(d.file), message=encodable(d.message))
             for d in diagnostics]
    return msgspec.json.format(msgspec.json.encode(items), indent=2).decode()


def as_github(diagnostics: Iterable[Diagnostic], prefix: str = "") -> str:
    """GitHub Actions workflow commands, so problems show inline on the pull request.

    `prefix` is the site root's path from the repository root, which GitHub expects."""
    lines = []
    for d in diagnostics:
        props = [f"file={_prop(prefix + d.file)}"]
        if d.line is not None:
            props.append(f"line={d.line}")
            if d.column is not None:
                props.append(f"col={d.column}")
        props.append(f"title={_prop(f'{d.code} {d.name}')}")
        lines.append(f"::{d.severity} {','.join(props)}::{_data(d.message)}")
    return "\n".join(lines)


def _data(text: str) -> str:
    """Workflow-command escapes for line breaks (as GitHub reads them), `printable`'s for
    every other control character."""
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(escaped)


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass
class Report:
    layout: Layout
    site: Site
    index: CrossIndex
    diagnostics: list[Diagnostic]
    files: int
    """Map files checked (personas, journeys, stages)."""
    checks: JourneyChecks | None = None
    """The journeys' own checks, which the next validation of the same site keeps where
    nothing they read changed (`mkdocs serve`)."""

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def ok(self, *, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)
