"""Exports for trackers, spreadsheets and BI tools: the whole validated model as JSON (a
contract of its own, with a JSON Schema: `cxmaps schema export`), and CSV tables of
action items, pain points and touchpoints that open safely in a spreadsheet.

Pure functions from the validated model to bytes; every item carries the site-relative
URL of its place on the published site (`cxmaps.publish.urls`).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from typing import Annotated, Any

import msgspec
from msgspec import Meta, Struct

from cxmaps.model.maps import Evidence, Journey, Metric, Persona, Site, Stage, Touchpoint
from cxmaps.model.text import breaks
from cxmaps.publish.urls import (
    action_url,
    journey_url,
    pain_url,
    persona_url,
    stage_url,
    touchpoint_url,
)
from cxmaps.site.index import CrossIndex, PainRef

EXPORT_VERSION = 1
TABLES = ("actions", "pain-points", "touchpoints")

Url = Annotated[str, Meta(description="site-relative URL of the item's place on the "
                                      "published site, e.g. journeys/<id>/#stage-<id>")]


class _Out(Struct, kw_only=True):
    """Every field is always present (null where the map leaves it out)."""


class ExportEvidence(_Out):
    """Research behind a persona or a pain point (plain-text evidence has only `source`)."""

    source: str
    kind: str | None = None
    link: str | None = None
    n: int | None = None
    date: datetime.date | None = None
    quote: str | None = None


class ExportPersona(_Out):
    """A persona with its profile and the journeys it is in."""

    id: str
    url: Url
    name: str
    role: str | None
    segment: str | None
    quote: str | None
    demographics: dict[str, str | int | float]
    goals: list[str]
    needs: list[str]
    pain_points: list[str]
    behaviors: list[str]
    motivations: list[str]
    channels: list[str]
    evidence: list[ExportEvidence]
    image: str | None
    tags: list[str]
    extra: dict[str, Any]
    journeys: Annotated[list[str], Meta(description="ids of the journeys naming it")]


class ExportPainPoint(_Out):
    """A touchpoint's pain point and the action items that address it."""

    id: str | None
    key: Annotated[str, Meta(description="journey/pain-id, or journey/stage/touchpoint#n "
                                         "for a pain point without id")]
    url: Url
    journey: str
    stage: str
    touchpoint: str
    text: str
    severity: str
    confidence: str | None
    evidence: list[ExportEvidence]
    addressed_by: Annotated[list[str], Meta(description="ids of action items addressing it")]


class ExportTouchpoint(_Out):
    """A moment where the customer meets the organisation."""

    id: str
    url: Url
    name: str
    channel: str | None
    action: str | None
    thought: str | None
    emotion: Annotated[int | dict[str, int], Meta(
        description="1–5, or persona id → 1–5 where each persona has its own score")]
    feeling: str | None
    personas: Annotated[list[str], Meta(description="who meets it (all the journey's "
                                                    "personas where the map names none)")]
    pain_points: list[ExportPainPoint]
    opportunities: list[str]
    backstage: list[str]
    confidence: str | None


class ExportMetric(_Out):
    """How a stage is measured."""

    name: str
    value: int | float | None
    target: int | float | None
    unit: str | None
    better: str
    source: str | None
    on_track: bool | None


class ExportStage(_Out):
    """A stage of a journey, in order."""

    id: str
    number: Annotated[int, Meta(description="the NN of its file name")]
    url: Url
    name: str
    goal: str | None
    touchpoints: list[ExportTouchpoint]
    metrics: list[ExportMetric]
    actions: Annotated[list[str], Meta(description="ids of the stage's action items")]
    extra: dict[str, Any]


class ExportJourney(_Out):
    """A journey with its stages."""

    id: str
    url: Url
    title: str
    persona: str
    personas: Annotated[list[str], Meta(description="every persona, the primary first")]
    owner: str | None
    state: str
    future_of: str | None
    scope: str | None
    goal: str | None
    reviewed: datetime.date | None
    review_every: int
    stale: Annotated[bool, Meta(description="due for review on the export's `as_of` day")]
    tags: list[str]
    extra: dict[str, Any]
    actions: Annotated[list[str], Meta(description="ids of journey-wide action items")]
    stages: list[ExportStage]


class ExportAction(_Out):
    """An action item where it stands."""

    id: str
    url: Url
    title: str
    owner: str
    status: str
    priority: str
    due: datetime.date | None
    overdue: Annotated[bool, Meta(description="open or in-progress after `due`, on the "
                                              "export's `as_of` day")]
    journey: str
    stage: Annotated[str | None, Meta(description="null for a journey-wide action item")]
    location_url: Url
    addresses: Annotated[list[str], Meta(description="pain point keys: journey/pain-id")]
    success_metric: str | None
    link: Annotated[str | None, Meta(description="the ticket in the team's tracker")]


class ExportOwner(_Out):
    """An owner from owners.yml."""

    id: str
    name: str
    contact: str | None
    github: str | None


class Export(_Out):
    """Everything on a validated cxmaps site. Lists are sorted by id (stages and
    touchpoints keep their map order)."""

    version: Annotated[int, Meta(description="the version of this export format; "
                                             "a new field does not change it")]
    site_name: str
    as_of: Annotated[datetime.date, Meta(description="the day `stale` and `overdue` are "
                                                     "judged on")]
    personas: list[ExportPersona]
    journeys: list[ExportJourney]
    actions: list[ExportAction]
    owners: Annotated[list[ExportOwner], Meta(description="empty without owners.yml")]


def _evidence(items: list[Evidence]) -> list[ExportEvidence]:
    return [ExportEvidence(**msgspec.structs.asdict(e)) for e in items]


def _persona(persona: Persona, index: CrossIndex) -> ExportPersona:
    return ExportPersona(
        id=persona.id, url=persona_url(persona.id), name=persona.name, role=persona.role,
        segment=persona.segment, quote=persona.quote, demographics=persona.demographics,
        goals=persona.goals, needs=persona.needs, pain_points=persona.pain_points,
        behaviors=persona.behaviors, motivations=persona.motivations,
        channels=persona.channels, evidence=_evidence(persona.sources), image=persona.image,
        tags=persona.tags, extra=persona.extra,
        journeys=sorted(j.id for j in index.journeys_of_persona.get(persona.id, [])))


def _pain(ref: PainRef, index: CrossIndex) -> ExportPainPoint:
    pain = ref.pain
    return ExportPainPoint(
        id=pain.id, key=ref.key, url=pain_url(ref), journey=ref.journey.id,
        stage=ref.stage.id, touchpoint=ref.touchpoint.key, text=pain.text,
        severity=pain.severity, confidence=pain.confidence, evidence=_evidence(pain.sources),
        addressed_by=sorted({a.action.id for a in index.addressed_by.get(ref.key, [])}))


def _touchpoint(journey: Journey, stage: Stage, touchpoint: Touchpoint,
                pains: list[ExportPainPoint]) -> ExportTouchpoint:
    return ExportTouchpoint(
        id=touchpoint.key, url=touchpoint_url(journey.id, stage.id, touchpoint.key),
        name=touchpoint.name, channel=touchpoint.channel, action=touchpoint.action,
        thought=touchpoint.thought, emotion=touchpoint.emotion, feeling=touchpoint.feeling,
        personas=touchpoint.personas or journey.all_personas, pain_points=pains,
        opportunities=touchpoint.opportunities, backstage=touchpoint.backstage,
        confidence=touchpoint.confidence)


def _metric(metric: Metric) -> ExportMetric:
    return ExportMetric(name=metric.name, value=metric.value, target=metric.target,
                        unit=metric.unit, better=metric.better, source=metric.source,
                        on_track=metric.on_track)


def _journey(journey: Journey, index: CrossIndex, today: datetime.date) -> ExportJourney:
    pains: dict[tuple[str, str], list[ExportPainPoint]] = {}
    for ref in index.all_pains:
        if ref.journey is journey:
            pains.setdefault((ref.stage.id, ref.touchpoint.key), []).append(_pain(ref, index))
    stages = [ExportStage(
        id=stage.id, number=stage.number, url=stage_url(journey.id, stage.id),
        name=stage.name, goal=stage.goal,
        touchpoints=[_touchpoint(journey, stage, t, pains.get((stage.id, t.key), []))
                     for t in stage.touchpoints],
        metrics=[_metric(m) for m in stage.metrics],
        actions=[a.id for a in stage.actions], extra=stage.extra,
    ) for stage in journey.stages]
    return ExportJourney(
        id=journey.id, url=journey_url(journey.id), title=journey.title,
        persona=journey.persona, personas=journey.all_personas, owner=journey.owner,
        state=journey.state, future_of=journey.future_of, scope=journey.scope,
        goal=journey.goal, reviewed=journey.reviewed, review_every=journey.review_every,
        stale=journey.is_stale(today), tags=journey.tags, extra=journey.extra,
        actions=[a.id for a in journey.actions], stages=stages)


def export_model(site: Site, index: CrossIndex, today: datetime.date,
                 site_name: str = "") -> Export:
    """The whole site as the export's model."""
    actions = []
    for ref in sorted(index.all_actions, key=lambda r: (r.action.id, r.journey.id)):
        action = ref.action
        actions.append(ExportAction(
            id=action.id, url=action_url(action.id), title=action.title, owner=action.owner,
            status=action.status, priority=action.priority, due=action.due,
            overdue=action.is_overdue(today), journey=ref.journey.id,
            stage=ref.stage.id if ref.stage else None,
            location_url=(stage_url(ref.journey.id, ref.stage.id) if ref.stage
                          else journey_url(ref.journey.id)),
            addresses=[a if "/" in a else f"{ref.journey.id}/{a}" for a in action.addresses],
            success_metric=action.success_metric, link=action.link))
    owners = [ExportOwner(id=o.id, name=o.name, contact=o.contact, github=o.github)
              for _, o in sorted((site.owners or {}).items())]
    return Export(
        version=EXPORT_VERSION, site_name=site_name, as_of=today,
        personas=[_persona(p, index) for _, p in sorted(site.personas.items())],
        journeys=[_journey(j, index, today) for _, j in sorted(site.journeys.items())],
        actions=actions, owners=owners)


def export_json(export: Export) -> bytes:
    return msgspec.json.format(msgspec.json.encode(export), indent=2) + b"\n"


# -- CSV ---------------------------------------------------------------------------------

TOUCHPOINT_COLUMNS = ("journey", "stage", "touchpoint", "channel", "action", "thought",
                      "emotion", "feeling", "pain point", "severity", "opportunity",
                      "backstage", "url")
"""The columns `cxmaps import csv` reads, so that an export can be imported again; the
journey and the URL it reports as extra columns."""

ACTION_COLUMNS = ("id", "title", "owner", "status", "priority", "due", "overdue",
                  "journey", "stage", "addresses", "success metric", "tracker link", "url",
                  "location url")

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
    rows: list[list[Cell]] = []
    for journey in export.journeys:
        for stage in journey.stages:
            for t in stage.touchpoints:
                pains = t.pain_points
                rows.append([
                    journey.id, stage.name, t.name, t.channel, t.action, t.thought,
                    _emotion(t.emotion), t.feeling, _lines([p.text for p in pains]),
                    _same_or_each([p.severity for p in pains]) if pains else None,
                    _lines(t.opportunities), _lines(t.backstage), t.url])
    return TOUCHPOINT_COLUMNS, rows


def action_table(export: Export) -> Table:
    rows: list[list[Cell]] = [[
        a.id, a.title, a.owner, a.status, a.priority, a.due, a.overdue, a.journey, a.stage,
        _lines(a.addresses), a.success_metric, a.link, a.url, a.location_url,
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


TABLE_BUILDERS: dict[str, Callable[[Export], Table]] = {
    "actions": action_table, "pain-points": pain_table, "touchpoints": touchpoint_table,
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
