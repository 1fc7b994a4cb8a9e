"""Bring a journey map kept in a spreadsheet into cxmaps: one CSV row per touchpoint
becomes a journey folder whose stage files validate.

Read tolerantly (a byte-order mark, `;` or tab separators, quoted line breaks, header
spellings such as `Pain_Point`), checked strictly: every bad row is reported by its row
number and column, and nothing is written while any row is bad.
"""

from __future__ import annotations

import csv
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from .export import spreadsheet_cell
from .model import SEVERITY_RANK
from .scaffold import ScaffoldError, journey_index, render, stage_file_name
from .siteconfig import Layout
from .slug import default_touchpoint_id, slugify
from .write import WouldOverwrite, create_files

COLUMNS = ("stage", "touchpoint", "channel", "action", "thought", "emotion", "feeling",
           "pain point", "severity", "opportunity", "backstage")
REQUIRED = ("stage", "touchpoint", "emotion")
_ALIASES = {"pain points": "pain point", "pain": "pain point", "opportunities": "opportunity",
            "touchpoint name": "touchpoint", "touch point": "touchpoint",
            "stage name": "stage", "thoughts": "thought", "actions": "action"}
_SEPARATORS = (",", ";", "\t")
_SCORE = re.compile(r"[1-5]")


@dataclass(frozen=True)
class CsvProblem:
    """What is wrong with the spreadsheet, where: `row` counts the header as row 1, as a
    spreadsheet numbers its rows."""

    message: str
    row: int | None = None
    column: str | None = None

    def where(self, source: str) -> str:
        place = source
        if self.row is not None:
            place += f": row {self.row}"
        if self.column is not None:
            place += f", column {self.column!r}"
        return place


class CsvImportError(Exception):
    def __init__(self, problems: list[CsvProblem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the spreadsheet")


@dataclass
class ImportedPain:
    id: str
    text: str
    severity: str


@dataclass
class ImportedTouchpoint:
    name: str
    emotion: int
    channel: str = ""
    action: str = ""
    thought: str = ""
    feeling: str = ""
    pain_points: list[ImportedPain] = field(default_factory=list)
    opportunities: list[str] = field(default_factory=list)
    backstage: list[str] = field(default_factory=list)
    id: str = ""
    """Written only where the default id (the slug of the name) would be taken."""

    def __getitem__(self, name: str) -> object:  # for the template's loops over fields
        return getattr(self, name)


@dataclass
class ImportedStage:
    id: str
    name: str
    touchpoints: list[ImportedTouchpoint] = field(default_factory=list)


@dataclass
class ImportedJourney:
    stages: list[ImportedStage]
    warnings: list[CsvProblem]


def normalise_header(text: str) -> str:
    """`Pain_Point`, `pain-point`, ` PAIN  point ` → `pain point`."""
    name = " ".join(re.sub(r"[_\-]+", " ", text).split()).lower()
    return _ALIASES.get(name, name)


def decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise CsvImportError([CsvProblem(
            f"expected UTF-8 text, found the byte 0x{data[err.start]:02x} at byte "
            f"{err.start + 1} (save the sheet as \"CSV UTF-8\")")]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _records(text: str, separator: str) -> list[list[str]]:
    return list(csv.reader(text.splitlines(keepends=True), delimiter=separator, strict=True))


def sniff_separator(text: str) -> str:
    """The separator under which the header row names the most known columns (a
    spreadsheet set to a decimal comma writes `;`)."""
    first = next(iter(text.splitlines()), "")

    def known(separator: str) -> int:
        try:
            header = next(csv.reader([first], delimiter=separator), [])
        except csv.Error:
            return 0
        return sum(normalise_header(h) in COLUMNS for h in header)

    return max(_SEPARATORS, key=lambda s: (known(s), -_SEPARATORS.index(s)))


def read_table(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]],
                                      list[CsvProblem]]:
    """The known columns, the rows (by row number) as column → cell, and warnings."""
    text = decode(data)
    if not text.strip():
        raise CsvImportError([CsvProblem("expected a header row and one row per touchpoint, "
                                         "found an empty file")])
    separator = sniff_separator(text)
    try:
        records = _records(text, separator)
    except csv.Error as err:
        raise CsvImportError([CsvProblem(f"expected CSV, found {err}")]) from None
    header = [normalise_header(h) for h in records[0]]
    problems, warnings = [], []
    seen: dict[str, int] = {}
    for position, name in enumerate(header):
        if name in COLUMNS and name in seen:
            problems.append(CsvProblem(f"expected each column once, found {name!r} again "
                                       f"(columns {seen[name] + 1} and {position + 1})", 1))
        seen.setdefault(name, position)
    for name in REQUIRED:
        if name not in seen:
            problems.append(CsvProblem(
                f"expected a column {name!r}, found the columns "
                f"{', '.join(repr(h) for h in records[0])}", 1))
    extra = [records[0][i] for i, name in enumerate(header) if name not in COLUMNS]
    if extra:
        warnings.append(CsvProblem(f"ignored the columns {', '.join(map(repr, extra))} "
                                   f"(known columns: {', '.join(COLUMNS)})", 1))
    if problems:
        raise CsvImportError(problems)
    rows = []
    for number, record in enumerate(records[1:], 2):
        if not any(cell.strip() for cell in record):
            continue
        cells = {name: _unneutralised(record[i].strip()) if i < len(record) else ""
                 for name, i in seen.items() if name in COLUMNS}
        rows.append((number, cells))
    return [n for n in COLUMNS if n in seen], rows, warnings


def _unneutralised(cell: str) -> str:
    """Undo the `'` that `cxmaps export` (and many tools) put before a cell that a
    spreadsheet would run as a formula, so an export imports as it was."""
    if cell.startswith("'") and spreadsheet_cell(cell[1:]) == cell:
        return cell[1:]
    return cell


def _items(cell: str) -> list[str]:
    """A list in one cell: one item a line."""
    return [line.strip() for line in cell.split("\n") if line.strip()]


def _one_line(cell: str) -> str:
    return " ".join(cell.split())


def parse_journey(data: bytes) -> ImportedJourney:
    """The stages and touchpoints of the spreadsheet; `CsvImportError` lists every bad
    row."""
    _, rows, warnings = read_table(data)
    problems: list[CsvProblem] = []
    if not rows:
        problems.append(CsvProblem("expected at least one row of touchpoints, found only "
                                   "the header"))
    stages: dict[str, ImportedStage] = {}
    for number, cells in rows:
        touchpoint = _touchpoint(number, cells, problems)
        name = _one_line(cells["stage"])
        if not name:
            problems.append(CsvProblem("expected the stage's name, found an empty cell",
                                       number, "stage"))
            continue
        if touchpoint is not None:
            stage = stages.setdefault(name.casefold(), ImportedStage("", name))
            stage.touchpoints.append(touchpoint)
    if problems:
        raise CsvImportError(problems)
    journey = ImportedJourney(list(stages.values()), warnings)
    _assign_ids(journey)
    return journey


def _touchpoint(number: int, cells: dict[str, str],
                problems: list[CsvProblem]) -> ImportedTouchpoint | None:
    def get(name: str) -> str:
        return cells.get(name, "")

    before = len(problems)
    name = _one_line(get("touchpoint"))
    if not name:
        problems.append(CsvProblem("expected the touchpoint's name, found an empty cell",
                                   number, "touchpoint"))
    emotion = get("emotion")
    if not _SCORE.fullmatch(emotion):
        problems.append(CsvProblem(
            "expected the emotion as a whole number from 1 (very negative) to 5 (very "
            f"positive), found {emotion!r}" if emotion else
            "expected the emotion (1 to 5), found an empty cell", number, "emotion"))
    pains = _items(get("pain point"))
    severities = [s.lower() for s in _items(get("severity"))]
    for severity in severities:
        if severity not in SEVERITY_RANK:
            problems.append(CsvProblem(f"expected low, medium or high, found {severity!r}",
                                       number, "severity"))
    if severities and not pains:
        problems.append(CsvProblem("expected a pain point for this severity, found none",
                                   number, "severity"))
    elif len(severities) > 1 and len(severities) != len(pains):
        problems.append(CsvProblem(
            f"expected one severity for all pain points or one per pain point "
            f"({len(pains)}), found {len(severities)}", number, "severity"))
    if len(problems) > before:
        return None
    if len(severities) <= 1:
        severities = (severities or ["medium"]) * len(pains)
    return ImportedTouchpoint(
        name=name, emotion=int(emotion), channel=_one_line(get("channel")),
        action=get("action"), thought=get("thought"), feeling=_one_line(get("feeling")),
        pain_points=[ImportedPain("", text, severity)
                     for text, severity in zip(pains, severities, strict=True)],
        opportunities=_items(get("opportunity")), backstage=_items(get("backstage")))


def _unique(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`… where it is taken (cut to stay a valid id)."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = base[:64 - len(suffix)].rstrip("-") + suffix
    taken.add(candidate)
    return candidate


def _assign_ids(journey: ImportedJourney) -> None:
    """Ids from the names with the format's slug rule; where two would be equal, the
    later gets `-2`, `-3`…"""
    stage_ids: set[str] = set()
    pain_ids: set[str] = set()
    for s_position, stage in enumerate(journey.stages, 1):
        stage.id = _unique(slugify(stage.name) or f"stage-{s_position}", stage_ids)
        touchpoint_ids: set[str] = set()
        for t_position, touchpoint in enumerate(stage.touchpoints, 1):
            default = default_touchpoint_id(touchpoint.name, t_position)
            chosen = _unique(default, touchpoint_ids)
            touchpoint.id = "" if chosen == default else chosen
            for pain in touchpoint.pain_points:
                pain.id = _unique(slugify(pain.text) or f"pain-{len(pain_ids) + 1}", pain_ids)


def import_journey(layout: Layout, data: bytes, source: str, journey_id: str,
                   persona_id: str, day: datetime.date,
                   title: str | None = None) -> tuple[list[Path], list[CsvProblem]]:
    """Write the spreadsheet as a new journey folder. Returns the files written and the
    warnings; raises `CsvImportError` or `ScaffoldError` having written nothing."""
    files = journey_index(layout, journey_id, persona_id, title, day)
    journey = parse_journey(data)
    folder = next(iter(files)).rsplit("/", 1)[0]
    width = max(2, len(str(len(journey.stages))))
    label = " ".join(source.split())
    for number, stage in enumerate(journey.stages, 1):
        files[f"{folder}/{stage_file_name(number, stage.id, width)}"] = render(
            "import/stage.md.j2", stage=stage, source=label)
    try:
        written = create_files(layout.root, {k: v.encode() for k, v in files.items()})
    except WouldOverwrite as err:
        raise ScaffoldError(str(err)) from None
    return written, journey.warnings
