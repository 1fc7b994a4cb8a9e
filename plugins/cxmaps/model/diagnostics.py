"""Diagnostics: what is wrong with a map, where, and how sure we are that it matters.

Codes are stable: CI jobs and editors match on them. `CX1xx` are errors (the map is
wrong), `CX2xx` warnings (the map is weak). The README's table is checked against
`CODES` by the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import msgspec

from cxmaps.model.suggest import did_you_mean

SeverityName = Literal["error", "warning"]
FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    severity: SeverityName
    summary: str


_CATALOGUE = [
    Code("CX100", "unreadable-file", "error", "a map file that cannot be read"),
    Code("CX101", "yaml-syntax", "error",
         "front matter, owners.yml or lifecycle.yml is not valid YAML"),
    Code("CX102", "not-utf8", "error", "the file is not UTF-8 text"),
    Code("CX103", "no-front-matter", "error", "the file does not start with a `---` line"),
    Code("CX104", "unclosed-front-matter", "error", "no closing `---` line"),
    Code("CX105", "front-matter-too-large", "error", "front matter over 1,000,000 bytes"),
    Code("CX106", "not-a-mapping", "error", "front matter or owners.yml is not a mapping"),
    Code("CX107", "yaml-anchor", "error", "an anchor, alias or merge key (`&`, `*`, `<<`)"),
    Code("CX108", "yaml-tag", "error", "an explicit YAML tag (`!!str`, `!custom`)"),
    Code("CX109", "duplicate-key", "error", "a key appears twice in one mapping"),
    Code("CX110", "missing-field", "error", "a required field is absent or empty"),
    Code("CX111", "wrong-type", "error", "a value of the wrong type"),
    Code("CX112", "invalid-value", "error", "a value outside its range or list of choices"),
    Code("CX113", "unknown-field", "error", "a field the format does not define"),
    Code("CX114", "invalid-id", "error", "an id or a file or folder name that is not a slug"),
    Code("CX115", "duplicate-id", "error", "an id used twice where it must be unique"),
    Code("CX116", "unknown-persona", "error", "a reference to a persona that does not exist"),
    Code("CX117", "unknown-journey", "error", "a reference to a journey that does not exist"),
    Code("CX118", "unknown-owner", "error", "an owner that owners.yml does not list"),
    Code("CX119", "unknown-pain-point", "error", "`addresses` names a missing pain point"),
    Code("CX120", "stage-file-name", "error", "a stage file name without an `NN-` prefix"),
    Code("CX121", "missing-index", "error", "a journey folder without `index.md`"),
    Code("CX122", "stray-journey-file", "error", "a `.md` file directly in the journeys folder"),
    Code("CX123", "duplicate-stage-number", "error", "two stages of a journey share a number"),
    Code("CX124", "no-stages", "error", "a journey without any stage file"),
    Code("CX125", "empty-owners-file", "error", "owners.yml exists but is empty"),
    Code("CX126", "missing-image", "error", "a persona image that is absolute or not there"),
    Code("CX127", "future-of", "error", "`future_of` misused: not a future map, or bad target"),
    Code("CX128", "persona-not-in-journey", "error", "a touchpoint persona the journey lacks"),
    Code("CX129", "emotion-personas", "error", "an emotion mapping not scoring its personas"),
    Code("CX130", "link-outside-site", "error",
         "a link that leads outside the site's root or into a hidden folder"),
    Code("CX131", "broken-link", "error", "a link that leads nowhere or loops back on itself"),
    Code("CX132", "not-a-file", "error",
         "a FIFO, socket, device or folder where a regular file belongs"),
    Code("CX133", "unknown-opportunity", "error",
         "an action's `opportunities` names a missing opportunity"),
    Code("CX134", "unknown-phase", "error", "a journey `phase` that lifecycle.yml does not list"),
    Code("CX135", "no-lifecycle-file", "error", "a journey has a `phase` but there is no "
         "lifecycle.yml"),
    Code("CX136", "bad-lifecycle-file", "error",
         "lifecycle.yml is empty or not a mapping of phases"),
    Code("CX137", "unknown-parent", "error", "a journey `parent` that names no journey"),
    Code("CX138", "unknown-parent-stage", "error",
         "a `parent` stage that the parent journey does not have"),
    Code("CX139", "parent-is-self", "error", "a journey whose `parent` is the journey itself"),
    Code("CX140", "parent-cycle", "error", "journeys whose parents lead back to themselves"),
    Code("CX201", "stale-map", "warning", "a journey never reviewed or due for review"),
    Code("CX202", "overdue-action", "warning", "an open or in-progress action past its date"),
    Code("CX203", "unaddressed-pain-point", "warning", "a high pain point no action addresses"),
    Code("CX204", "no-evidence", "warning", "a touchpoint pain point without evidence"),
    Code("CX205", "unused-persona", "warning", "a persona that no journey names"),
    Code("CX206", "future-missing-stage", "warning", "a future map lacks a current stage"),
    Code("CX207", "placeholder-text", "warning", "a placeholder `cxmaps new` wrote, not replaced"),
]
CODES: dict[str, Code] = {c.code: c for c in _CATALOGUE}
BY_NAME: dict[str, Code] = {c.name: c for c in _CATALOGUE}


class Diagnostic(msgspec.Struct, frozen=True, kw_only=True, order=True):
    """One problem, placed in a file (relative to the site root, `/`-separated).

    Field order is the report's sort order: by file, then position.
    """

    file: str
    line: int | None
    column: int | None
    severity: SeverityName
    code: str
    message: str

    @property
    def name(self) -> str:
        return CODES[self.code].name


@dataclass(frozen=True)
class Problem:
    """A diagnostic before it has a line: rules name the value by its path in the front
    matter and the validator places it, parsing for positions only when it must."""

    file: str
    code: str
    message: str
    path: FieldPath | None = None
    at_key: bool = False

    @property
    def severity(self) -> SeverityName:
        return CODES[self.code].severity


def sort_key(d: Diagnostic) -> tuple[str, int, int, str, str]:
    return (d.file, d.line or 0, d.column or 0, d.code, d.message)


def warning_code(key: str) -> str:
    """The code of a warning named by code (`CX201`) or name (`stale-map`), for settings
    that tune how warnings are reported; errors cannot be tuned, so they are refused."""
    code = CODES.get(key.upper()) or BY_NAME.get(key.lower())
    if code is None:
        warnings = [c.code for c in _CATALOGUE if c.severity == "warning"]
        names = [c.name for c in _CATALOGUE if c.severity == "warning"]
        raise ValueError(f"expected a warning code ({', '.join(warnings)}) or name, "
                         f"found `{key}`{did_you_mean(key, names + warnings)}")
    if code.severity != "warning":
        raise ValueError(f"expected a warning, found the error {code.code} `{code.name}`: "
                         "errors always stop the build")
    return code.code


def file_problem(rel: str, code: str, message: str, line: int | None = None,
                 column: int | None = None) -> Diagnostic:
    """A diagnostic whose place is known already (a whole file, or a parser's position)."""
    return Diagnostic(file=rel, line=line, column=column, severity=CODES[code].severity,
                      code=code, message=message)


def unreadable_file(rel: str, err: OSError) -> Diagnostic:
    """CX100: the machine would not let us read a map file (a permission, an I/O error)."""
    return file_problem(rel, "CX100", f"expected a readable file, found {err.strerror}")


def diagnostic(problem: Problem, at: tuple[int, int] | None) -> Diagnostic:
    """A problem found in the model, placed at `at` (line 1 where its place is unknown)."""
    line, column = at if at else ((1, None) if problem.path is not None else (None, None))
    return Diagnostic(file=problem.file, line=line, column=column, severity=problem.severity,
                      code=problem.code, message=problem.message)
