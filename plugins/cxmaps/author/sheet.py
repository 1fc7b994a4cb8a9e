"""A spreadsheet's bytes to rows by column: the encoding, the separator a spreadsheet
chose, the header's spellings of our columns, and every problem with a row number."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

from cxmaps.exchange.tables import spreadsheet_cell
from cxmaps.model.ids import slugify

COLUMNS = ("stage", "touchpoint", "id", "channel", "action", "thought", "emotion",
           "feeling", "pain point", "severity", "evidence", "confidence", "opportunity",
           "impact", "effort", "backstage", "owner")


REQUIRED = ("stage", "touchpoint")


EMOTION_OF = "emotion: "
"""A column `emotion: <persona id>` scores one persona (one such column per persona)."""


_ALIASES = {
    "pain points": "pain point", "pain": "pain point", "pains": "pain point",
    "opportunities": "opportunity", "ideas": "opportunity",
    "opportunity impact": "impact", "opportunity effort": "effort",
    "touchpoint name": "touchpoint", "touch point": "touchpoint", "touchpoints": "touchpoint",
    "touchpoint id": "id", "stage name": "stage", "stages": "stage",
    "thoughts": "thought", "thinks": "thought", "customer thoughts": "thought",
    "actions": "action", "customer action": "action", "customer actions": "action",
    "does": "action", "feels": "feeling", "feelings": "feeling",
    "emotion score": "emotion", "score": "emotion", "channels": "channel",
    "source": "evidence", "sources": "evidence", "journey owner": "owner",
    "backstage process": "backstage", "backstage processes": "backstage",
}


_SEPARATORS = (",", ";", "\t")


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


def normalise_header(text: str) -> str:
    """`Pain_Point`, `pain-point`, ` PAIN  point ` → `pain point`; `Emotion (1-5)` →
    `emotion`; `Emotion: Busy parent` → `emotion: busy-parent`."""
    name = " ".join(re.sub(r"[_\-]+", " ", text).split()).lower()
    name = re.sub(r"\s*\([^)]*\)$", "", name)
    head, colon, persona = name.partition(":")
    if colon and _ALIASES.get(head.strip(), head.strip()) == "emotion" and persona.strip():
        return EMOTION_OF + (slugify(persona) or persona.strip())
    return _ALIASES.get(name, name)


def known_column(name: str) -> bool:
    return name in COLUMNS or name.startswith(EMOTION_OF)


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
        return sum(known_column(normalise_header(h)) for h in header)

    return max(_SEPARATORS, key=lambda s: (known(s), -_SEPARATORS.index(s)))


@dataclass
class Sheet:
    columns: list[str]
    """The known columns, in the sheet's order."""
    rows: list[tuple[int, dict[str, str]]]
    """Each row with cells by column, and its row number."""
    warnings: list[CsvProblem]


def read_table(data: bytes) -> Sheet:
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
        if known_column(name) and name in seen:
            problems.append(CsvProblem(f"expected each column once, found {name!r} again "
                                       f"(columns {seen[name] + 1} and {position + 1})", 1))
        seen.setdefault(name, position)
    found = ", ".join(repr(h) for h in records[0])
    for name in REQUIRED:
        if name not in seen:
            problems.append(CsvProblem(f"expected a column {name!r}, found the columns "
                                       f"{found}", 1))
    by_persona = [name for name in seen if name.startswith(EMOTION_OF)]
    if "emotion" not in seen and not by_persona:
        problems.append(CsvProblem(f"expected a column 'emotion' (or one 'emotion: <persona "
                                   f"id>' per persona), found the columns {found}", 1))
    if "emotion" in seen and by_persona:
        problems.append(CsvProblem("expected either one 'emotion' column or one 'emotion: "
                                   "<persona id>' column per persona, found both", 1))
    extra = [records[0][i] for i, name in enumerate(header) if not known_column(name)]
    if extra:
        warnings.append(CsvProblem(f"ignored the columns {', '.join(map(repr, extra))} "
                                   f"(known columns: {', '.join(COLUMNS)}, and 'emotion: "
                                   "<persona id>')", 1))
    if problems:
        raise CsvImportError(problems)
    rows = []
    for number, record in enumerate(records[1:], 2):
        if not any(cell.strip() for cell in record):
            continue
        cells = {name: _unneutralised(record[i].strip()) if i < len(record) else ""
                 for name, i in seen.items() if known_column(name)}
        rows.append((number, cells))
    return Sheet([name for name in seen if known_column(name)], rows, warnings)


def _unneutralised(cell: str) -> str:
    """Undo the `'` that `cxmaps export` (and many tools) put before a cell that a
    spreadsheet would run as a formula, so an export imports as it was."""
    if cell.startswith("'") and spreadsheet_cell(cell[1:]) == cell:
        return cell[1:]
    return cell
