"""CSV tables of the export for spreadsheets and trackers: action items, opportunities,
pain points and touchpoints, one row per item, every cell safe to open in a spreadsheet.
Built from the export's model (`cxmaps.exchange.export`), so a table says what the JSON
says.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable

from cxmaps.exchange.export import Export, ExportOpportunity
from cxmaps.model.text import breaks

TABLES = ("actions", "pain-points", "touchpoints", "opportunities")

TOUCHPOINT_COLUMNS = ("journey", "stage", "touchpoint", "channel", "action", "thought",
                      "emotion", "feeling", "pain point", "severity", "opportunity",
                      "impact", "effort", "backstage", "url")
"""The columns `cxmaps import csv` reads, so that an export can be imported again; the
journey and the URL it reports as extra columns."""

ACTION_COLUMNS = ("id", "title", "owner", "status", "priority", "due", "overdue",
                  "journey", "stage", "addresses", "success metric", "tracker link", "url",
                  "location url", "opportunities")

OPPORTUNITY_COLUMNS = ("key", "id", "text", "impact", "effort", "scored", "journey",
                       "phase", "stage", "touchpoint", "addresses", "taken up by", "url")

PAIN_COLUMNS = ("key", "id", "text", "severity", "confidence", "evidence", "journey",
                "stage", "touchpoint", "addressed by", "url")

Cell = str | int | bool | datetime.date | None
Table = tuple[tuple[str, ...], list[list[Cell]]]


def _lines(items: list[str]) -> str:
    """A list in one cell, one item a line (the importer splits it the same way): a line
    break inside an item is a space, so that it stays one item."""
    return "\n".join(breaks(item, " ") for item in items)


def _emotion(value: int | dict[str, int]) -> str:
    if isinstance(value, int):
        return str(value)
    return ", ".join(f"{persona}: {score}" for persona, score in value.items())


def _same_or_each(values: list[str]) -> str:
    return values[0] if len(set(values)) == 1 else _lines(values)


def touchpoint_table(export: Export) -> Table:
    ideas: dict[tuple[str, str, str], list[ExportOpportunity]] = {}
    for idea in export.opportunities:
        ideas.setdefault((idea.journey, idea.stage, idea.touchpoint), []).append(idea)
    rows: list[list[Cell]] = []
    for journey in export.journeys:
        for stage in journey.stages:
            for t in stage.touchpoints:
                pains = t.pain_points
                scores = _scores(t.opportunities, ideas.get((journey.id, stage.id, t.id), []))
                rows.append([
                    journey.id, stage.name, t.name, t.channel, t.action, t.thought,
                    _emotion(t.emotion), t.feeling, _lines([p.text for p in pains]),
                    _same_or_each([p.severity for p in pains]) if pains else None,
                    _lines(t.opportunities), *scores, _lines(t.backstage), t.url])
    return TOUCHPOINT_COLUMNS, rows


def _scores(texts: list[str], ideas: list[ExportOpportunity]) -> tuple[Cell, Cell]:
    """The impact and effort cells of a touchpoint's opportunities, in the order of its
    `opportunity` cell; empty where none is scored, so they import as plain text."""
    left = list(ideas)
    ordered = []
    for text in texts:
        found = next(i for i in left if i.text == text)
        left.remove(found)
        ordered.append(found)
    if not any(i.scored for i in ordered):
        return None, None
    return (_same_or_each([i.impact for i in ordered]),
            _same_or_each([i.effort for i in ordered]))


def action_table(export: Export) -> Table:
    rows: list[list[Cell]] = [[
        a.id, a.title, a.owner, a.status, a.priority, a.due, a.overdue, a.journey, a.stage,
        _lines(a.addresses), a.success_metric, a.link, a.url, a.location_url,
        _lines(a.opportunities),
    ] for a in export.actions]
    return ACTION_COLUMNS, rows


def pain_table(export: Export) -> Table:
    rows: list[list[Cell]] = []
    for journey in export.journeys:
        for stage in journey.stages:
            for t in stage.touchpoints:
                rows += [[p.key, p.id, p.text, p.severity, p.confidence, len(p.evidence),
                          p.journey, p.stage, p.touchpoint, _lines(p.addressed_by), p.url]
                         for p in t.pain_points]
    rows.sort(key=lambda row: str(row[0]))
    return PAIN_COLUMNS, rows


def opportunity_table(export: Export) -> Table:
    """Every opportunity with its scores and who takes it up: the table to prioritise
    from (sort it by impact and effort)."""
    phases = {j.id: j.phase for j in export.journeys}
    rows: list[list[Cell]] = [[
        o.key, o.id, o.text, o.impact, o.effort, o.scored, o.journey, phases.get(o.journey),
        o.stage, o.touchpoint, _lines(o.addresses), _lines(o.taken_up_by), o.url,
    ] for o in export.opportunities]
    return OPPORTUNITY_COLUMNS, rows


TABLE_BUILDERS: dict[str, Callable[[Export], Table]] = {
    "actions": action_table, "pain-points": pain_table, "touchpoints": touchpoint_table,
    "opportunities": opportunity_table,
}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\n")


def spreadsheet_cell(value: Cell) -> str:
    """A cell a spreadsheet shows as text and never runs: one starting with `=`, `+`, `-`,
    `@`, a tab or a line break gets a leading `'`. Every kind of line break is written
    `\n`, the one that CSV quotes and every reader keeps inside its cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = value.isoformat() if isinstance(value, datetime.date) else breaks(str(value), "\n")
    return "'" + text if text.startswith(_FORMULA_START) else text


def as_csv(table: Table, *, bom: bool = False) -> bytes:
    """UTF-8 CSV (with a byte-order mark where asked, for spreadsheets that need one to
    read UTF-8), CRLF line ends, every cell neutralised."""
    header, rows = table
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([spreadsheet_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()
