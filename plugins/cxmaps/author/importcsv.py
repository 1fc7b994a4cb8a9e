"""Bring a journey map kept in a spreadsheet into cxmaps: one CSV row per touchpoint.

Read tolerantly (a byte-order mark, `;` or tab separators, quoted line breaks, the
header spellings people use, such as `Pain_Point`, `Customer action` or `Feels`),
checked strictly: every bad row is reported by its row number and column, and nothing is
written while any row is bad. The sheet becomes a new journey folder, or, with
`--update`, is merged into an existing journey (`cxmaps.author.importmerge`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cxmaps.author.frontedit import Word
from cxmaps.author.sheet import EMOTION_OF, CsvImportError, CsvProblem, Sheet, read_table
from cxmaps.model.ids import default_touchpoint_id, is_slug, slugify
from cxmaps.model.maps import SEVERITY_RANK
from cxmaps.model.suggest import did_you_mean

CONFIDENCES = ("observed", "reported", "inferred", "assumed")
_SCORE = re.compile(r"[1-5]")
_SCORES = re.compile(r"\s*([^:,]+?)\s*:\s*([^,]*?)\s*(?:,|$)")
"""An emotion cell scoring several personas, as `cxmaps export` writes it: `a: 2, b: 4`."""


@dataclass
class ImportedPain:
    text: str
    severity: str | None
    """None where the sheet leaves it empty: medium for a new pain point, unchanged for
    one that is there."""
    evidence: list[str] = field(default_factory=list)
    id: str = ""


@dataclass
class ImportedOpportunity:
    text: str
    impact: str | None = None
    """None where the sheet leaves it empty (medium, unless the map scores it already)."""
    effort: str | None = None
    id: str = ""

    @property
    def scored(self) -> bool:
        return self.impact is not None or self.effort is not None


@dataclass
class ImportedTouchpoint:
    row: int
    name: str
    emotion: int | dict[str, int]
    key: str = ""
    """The touchpoint's id: from the `id` column, else the slug of its name."""
    id_given: bool = False
    channel: str = ""
    action: str = ""
    thought: str = ""
    feeling: str = ""
    confidence: str = ""
    pain_points: list[ImportedPain] = field(default_factory=list)
    opportunities: list[ImportedOpportunity] = field(default_factory=list)
    backstage: list[str] = field(default_factory=list)


@dataclass
class ImportedStage:
    id: str
    name: str
    touchpoints: list[ImportedTouchpoint] = field(default_factory=list)


@dataclass
class ImportedJourney:
    stages: list[ImportedStage]
    warnings: list[CsvProblem]
    columns: set[str]
    """The sheet's columns: only their fields are written into an existing journey."""
    personas: list[str]
    """Personas the emotions score one by one, in the order the sheet names them."""
    owner: tuple[str, int] | None = None
    """The journey's owner from the `owner` column, with the row it is first on."""


def _items(cell: str) -> list[str]:
    """A list in one cell: one item a line."""
    return [line.strip() for line in cell.split("\n") if line.strip()]


def _one_line(cell: str) -> str:
    return " ".join(cell.split())


def parse_journey(data: bytes) -> ImportedJourney:
    """The stages and touchpoints of the spreadsheet; `CsvImportError` lists every bad
    row."""
    sheet = read_table(data)
    problems: list[CsvProblem] = []
    if not sheet.rows:
        problems.append(CsvProblem("expected at least one row of touchpoints, found only "
                                   "the header"))
    by_persona = [c.removeprefix(EMOTION_OF) for c in sheet.columns if c.startswith(EMOTION_OF)]
    stages: dict[str, ImportedStage] = {}
    for number, cells in sheet.rows:
        touchpoint = _touchpoint(number, cells, by_persona, problems)
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
    personas = list(dict.fromkeys(by_persona + [
        p for s in stages.values() for t in s.touchpoints if isinstance(t.emotion, dict)
        for p in t.emotion]))
    warnings = list(sheet.warnings)
    owner = _owner(sheet, warnings)
    journey = ImportedJourney(list(stages.values()), warnings, set(sheet.columns), personas,
                              owner)
    _assign_ids(journey)
    return journey


def _owner(sheet: Sheet, warnings: list[CsvProblem]) -> tuple[str, int] | None:
    """The one owner the `owner` column names; a journey has one, so a column naming
    several is ignored, with a warning."""
    owners: dict[str, int] = {}
    for number, cells in sheet.rows:
        owner = _one_line(cells.get("owner", ""))
        if owner:
            owners.setdefault(owner, number)
    if len(owners) > 1:
        warnings.append(CsvProblem(
            f"ignored the column 'owner': it names {len(owners)} owners "
            f"({', '.join(owners)}) and a journey has one; set `owner` in its index.md",
            None, "owner"))
        return None
    return next(iter(owners.items()), None)


def _emotion(number: int, cells: dict[str, str], by_persona: list[str],
             problems: list[CsvProblem]) -> int | dict[str, int]:
    """A whole number 1–5, or scores by persona (from the `emotion: <persona>` columns, an
    empty cell being a persona who does not meet the touchpoint, or from `a: 2, b: 4`);
    0 with a problem where the cell is bad."""
    expected = "a whole number from 1 (very negative) to 5 (very positive)"
    if by_persona:
        scores = {}
        for persona in by_persona:
            cell = cells[EMOTION_OF + persona]
            if cell and not _SCORE.fullmatch(cell):
                problems.append(CsvProblem(f"expected the emotion as {expected}, found "
                                           f"{cell!r}", number, EMOTION_OF + persona))
            elif cell:
                scores[persona] = int(cell)
        if not any(cells[EMOTION_OF + p] for p in by_persona):
            problems.append(CsvProblem("expected the emotion of at least one persona (1 to "
                                       "5), found only empty cells", number,
                                       EMOTION_OF + by_persona[0]))
        return scores
    cell = cells["emotion"]
    if _SCORE.fullmatch(cell):
        return int(cell)
    pairs = [(slugify(p) or p, s) for p, s in _SCORES.findall(cell)] if ":" in cell else []
    if pairs and all(_SCORE.fullmatch(s) for _, s in pairs):
        return {persona: int(score) for persona, score in pairs}
    problems.append(CsvProblem(
        f"expected the emotion as {expected} (or scores by persona: `priya: 2, sam: 4`), "
        f"found {cell!r}" if cell else "expected the emotion (1 to 5), found an empty cell",
        number, "emotion"))
    return 0


def _touchpoint(number: int, cells: dict[str, str], by_persona: list[str],
                problems: list[CsvProblem]) -> ImportedTouchpoint | None:
    def get(name: str) -> str:
        return cells.get(name, "")

    before = len(problems)
    name = _one_line(get("touchpoint"))
    if not name:
        problems.append(CsvProblem("expected the touchpoint's name, found an empty cell",
                                   number, "touchpoint"))
    emotion = _emotion(number, cells, by_persona, problems)
    given_id = _one_line(get("id"))
    if given_id and not is_slug(given_id):
        hint = f" (did you mean `{slugify(given_id)}`?)" if slugify(given_id) else ""
        problems.append(CsvProblem(f"expected an id (lower-case letters and digits joined "
                                   f"by single hyphens), found {given_id!r}{hint}",
                                   number, "id"))
    confidence = _one_line(get("confidence")).lower()
    if confidence and confidence not in CONFIDENCES:
        problems.append(CsvProblem(f"expected one of {', '.join(CONFIDENCES)}, found "
                                   f"{confidence!r}{did_you_mean(confidence, CONFIDENCES)}",
                                   number, "confidence"))
    pains = _pains(number, cells, problems)
    ideas = _opportunities(number, cells, problems)
    if len(problems) > before:
        return None
    return ImportedTouchpoint(
        row=number, name=name, emotion=emotion, key=given_id, id_given=bool(given_id),
        channel=_one_line(get("channel")), action=get("action"), thought=get("thought"),
        feeling=_one_line(get("feeling")), confidence=confidence, pain_points=pains,
        opportunities=ideas, backstage=_items(get("backstage")))


def _pains(number: int, cells: dict[str, str],
           problems: list[CsvProblem]) -> list[ImportedPain]:
    """The row's pain points: one a line, with one severity for all or one each, and the
    evidence lines for all of them."""
    pains = _items(cells.get("pain point", ""))
    evidence = _items(cells.get("evidence", ""))
    each = _levels(number, cells, "severity", "pain point", len(pains), problems)
    if evidence and not pains:
        problems.append(CsvProblem("expected a pain point for this evidence, found none",
                                   number, "evidence"))
    return [ImportedPain(text, severity, list(evidence))
            for text, severity in zip(pains, each, strict=False)]


def _opportunities(number: int, cells: dict[str, str],
                   problems: list[CsvProblem]) -> list[ImportedOpportunity]:
    """The row's opportunities: one a line, each scored by the `impact` and `effort`
    columns (one value for all, or one a line) where the sheet has them."""
    texts = _items(cells.get("opportunity", ""))
    impacts = _levels(number, cells, "impact", "opportunity", len(texts), problems)
    efforts = _levels(number, cells, "effort", "opportunity", len(texts), problems)
    return [ImportedOpportunity(text, impact, effort)
            for text, impact, effort in zip(texts, impacts, efforts, strict=False)]


def _levels(number: int, cells: dict[str, str], column: str, item: str, count: int,
            problems: list[CsvProblem]) -> list[str | None]:
    """A `low`/`medium`/`high` column scoring the `count` items of another (a severity per
    pain point, an impact per opportunity): one value for all, or one a line; None for
    each item where the cell is empty."""
    levels = [v.lower() for v in _items(cells.get(column, ""))]
    for level in levels:
        if level not in SEVERITY_RANK:
            problems.append(CsvProblem(f"expected low, medium or high, found {level!r}"
                                       f"{did_you_mean(level, SEVERITY_RANK)}", number,
                                       column))
    if levels and not count:
        problems.append(CsvProblem(f"expected {'an' if item[0] in 'aeiou' else 'a'} {item} "
                                   f"for this {column}, found none", number, column))
    elif len(levels) > 1 and len(levels) != count:
        items = item[:-1] + "ies" if item.endswith("y") else item + "s"
        problems.append(CsvProblem(
            f"expected one {column} for all {items} or one per {item} ({count}), found "
            f"{len(levels)}", number, column))
    return list(levels) if len(levels) > 1 else [levels[0] if levels else None] * count


def unique(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`… where it is taken (cut to stay a valid id)."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = base[:64 - len(suffix)].rstrip("-") + suffix
    taken.add(candidate)
    return candidate


def _assign_ids(journey: ImportedJourney) -> None:
    """Stage and touchpoint ids from the names with the format's slug rule; where two
    would be equal, the later gets `-2`, `-3`… (an `id` column's ids are kept)."""
    stage_ids: set[str] = set()
    for s_position, stage in enumerate(journey.stages, 1):
        stage.id = unique(slugify(stage.name) or f"stage-{s_position}", stage_ids)
        taken = {t.key for t in stage.touchpoints if t.id_given}
        for t_position, touchpoint in enumerate(stage.touchpoints, 1):
            if not touchpoint.id_given:
                default = default_touchpoint_id(touchpoint.name, t_position)
                touchpoint.key = unique(default, taken)
                touchpoint.id_given = touchpoint.key != default


def new_pain_id(pain: ImportedPain, taken: set[str]) -> str:
    """An id for a pain point new to the journey: the slug of its text, unique there."""
    pain.id = unique(slugify(pain.text) or "pain", taken)
    return pain.id


def assign_pain_ids(touchpoints: Iterable[ImportedTouchpoint], taken: set[str]) -> None:
    for touchpoint in touchpoints:
        for pain in touchpoint.pain_points:
            if not pain.id:
                new_pain_id(pain, taken)


def new_opportunity_id(idea: ImportedOpportunity, taken: set[str]) -> str:
    """An id for a scored opportunity new to the journey, so that action items can take
    it up: the slug of its text, unique among the journey's opportunities."""
    idea.id = unique(slugify(idea.text) or "opportunity", taken)
    return idea.id


def assign_opportunity_ids(touchpoints: Iterable[ImportedTouchpoint],
                           taken: set[str]) -> None:
    for touchpoint in touchpoints:
        for idea in touchpoint.opportunities:
            if idea.scored and not idea.id:
                new_opportunity_id(idea, taken)


TOUCHPOINT_FIELDS = ("name", "id", "channel", "action", "thought", "emotion", "feeling",
                     "personas", "pain_points", "opportunities", "backstage", "confidence")
"""A touchpoint's fields in the order FORMAT.md lists them, as new ones are written."""
PAIN_FIELDS = ("id", "text", "severity", "confidence", "evidence")


def scored_personas(emotion: int | dict[str, int], journey_personas: list[str]
                    ) -> list[str] | None:
    """The `personas` a touchpoint scored by persona needs: those it scores, where they
    are not all the journey's."""
    if not isinstance(emotion, dict) or set(emotion) == set(journey_personas):
        return None
    return [Word(p) for p in emotion]


def written_emotion(emotion: int | dict[str, int],
                    journey_personas: list[str]) -> int | dict[str, int]:
    """The emotion as the file says it: one number where the journey has one persona."""
    if isinstance(emotion, dict) and len(journey_personas) == 1 == len(emotion) \
            and list(emotion) == journey_personas:
        return next(iter(emotion.values()))
    return emotion


def pain_data(pain: ImportedPain) -> dict[str, Any]:
    data: dict[str, Any] = {"id": Word(pain.id), "text": pain.text,
                            "severity": Word(pain.severity or "medium")}
    if pain.evidence:
        data["evidence"] = pain.evidence
    return data


def opportunity_data(idea: ImportedOpportunity) -> str | dict[str, Any]:
    """Plain text where the sheet does not score it; else a mapping with its id and the
    scores the sheet gives."""
    if not idea.scored and not idea.id:
        return idea.text
    data: dict[str, Any] = {"id": Word(idea.id), "text": idea.text}
    if idea.impact:
        data["impact"] = Word(idea.impact)
    if idea.effort:
        data["effort"] = Word(idea.effort)
    return data


def touchpoint_data(touchpoint: ImportedTouchpoint,
                    journey_personas: list[str]) -> dict[str, Any]:
    """A new touchpoint's front matter, in the format's order, without empty fields."""
    values: dict[str, Any] = {
        "name": touchpoint.name,
        "id": Word(touchpoint.key) if touchpoint.id_given else None,
        "channel": touchpoint.channel, "action": touchpoint.action,
        "thought": touchpoint.thought,
        "emotion": written_emotion(touchpoint.emotion, journey_personas),
        "feeling": touchpoint.feeling,
        "personas": scored_personas(touchpoint.emotion, journey_personas),
        "pain_points": [pain_data(p) for p in touchpoint.pain_points],
        "opportunities": [opportunity_data(o) for o in touchpoint.opportunities],
        "backstage": touchpoint.backstage,
        "confidence": Word(touchpoint.confidence) if touchpoint.confidence else None}
    return {name: values[name] for name in TOUCHPOINT_FIELDS
            if values[name] not in (None, "", [])}
