"""Exports for trackers, spreadsheets and BI tools: the whole validated model as JSON (a
contract of its own, with a JSON Schema: `cxmaps schema export`); its CSV tables are in
`cxmaps.exchange.tables`.

Pure functions from the validated model to bytes; every item carries the site-relative
URL of its place on the published site (`cxmaps.publish.urls`).
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

import msgspec
from msgspec import Meta, Struct

from cxmaps.model.maps import Evidence, Journey, Metric, Persona, Site, Stage, Touchpoint
from cxmaps.publish.urls import (
    action_url,
    journey_url,
    opportunity_url,
    pain_url,
    persona_url,
    stage_url,
    touchpoint_url,
)
from cxmaps.site.index import CrossIndex, OpportunityRef, PainRef, pain_key

EXPORT_VERSION = 1

SiteUrl = Annotated[str, Meta(description="site-relative URL of the item's place on the "
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
    url: SiteUrl
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
    url: SiteUrl
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
    url: SiteUrl
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
    opportunities: Annotated[list[str], Meta(description="their texts; the site's "
                                                        "`opportunities` has each in full")]
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
    url: SiteUrl
    name: str
    goal: str | None
    touchpoints: list[ExportTouchpoint]
    metrics: list[ExportMetric]
    actions: Annotated[list[str], Meta(description="ids of the stage's action items")]
    extra: dict[str, Any]


class ExportJourney(_Out):
    """A journey with its stages."""

    id: str
    url: SiteUrl
    title: str
    persona: str
    personas: Annotated[list[str], Meta(description="every persona, the primary first")]
    owner: str | None
    state: str
    future_of: str | None
    phase: Annotated[str | None, Meta(description="its phase: an id of `phases`")]
    parent: Annotated[str | None, Meta(description="the journey it zooms into: journey-id, "
                                                   "or journey-id/stage-id")]
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
    url: SiteUrl
    title: str
    owner: str
    status: str
    priority: str
    due: datetime.date | None
    overdue: Annotated[bool, Meta(description="open or in-progress after `due`, on the "
                                              "export's `as_of` day")]
    journey: str
    stage: Annotated[str | None, Meta(description="null for a journey-wide action item")]
    location_url: SiteUrl
    addresses: Annotated[list[str], Meta(description="pain point keys: journey/pain-id")]
    opportunities: Annotated[list[str], Meta(description="the opportunities it takes up: "
                                                         "journey/opportunity-id")]
    success_metric: str | None
    link: Annotated[str | None, Meta(description="the ticket in the team's tracker")]


class ExportOwner(_Out):
    """An owner from owners.yml."""

    id: str
    name: str
    contact: str | None
    github: str | None


class ExportPhase(_Out):
    """A phase of the customer lifecycle (lifecycle.yml), in order."""

    id: str
    name: str
    description: str | None


class ExportOpportunity(_Out):
    """An opportunity with its scores, the pain points it relieves and the action items
    that take it up."""

    id: Annotated[str | None, Meta(description="null for one written as plain text")]
    key: Annotated[str, Meta(description="journey/opportunity-id, or "
                                         "journey/stage/touchpoint#n for one without id")]
    url: SiteUrl
    journey: str
    stage: str
    touchpoint: str
    text: str
    impact: Annotated[str, Meta(description="low, medium or high (medium where not given)")]
    effort: Annotated[str, Meta(description="low, medium or high (medium where not given)")]
    scored: Annotated[bool, Meta(description="whether the map gives impact or effort")]
    addresses: Annotated[list[str], Meta(description="pain point keys: journey/pain-id")]
    taken_up_by: Annotated[list[str], Meta(description="ids of action items taking it up")]


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
    phases: Annotated[list[ExportPhase], Meta(description="the customer lifecycle in "
                                                          "order; empty without lifecycle.yml")]
    opportunities: Annotated[list[ExportOpportunity], Meta(
        description="every opportunity, sorted by key")]


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


def _opportunity(ref: OpportunityRef, index: CrossIndex) -> ExportOpportunity:
    idea, journey = ref.opportunity, ref.journey
    if idea.id:
        key, url = ref.key, opportunity_url(ref)
    else:
        key = f"{journey.id}/{ref.stage.id}/{ref.touchpoint.key}#{ref.pointer[-1]}"
        url = touchpoint_url(journey.id, ref.stage.id, ref.touchpoint.key)
    return ExportOpportunity(
        id=idea.id, key=key, url=url, journey=journey.id, stage=ref.stage.id,
        touchpoint=ref.touchpoint.key, text=idea.text, impact=idea.impact_level,
        effort=idea.effort_level, scored=idea.scored,
        addresses=[pain_key(a, journey.id) for a in idea.addresses],
        taken_up_by=sorted({a.action.id for a in index.taken_up_by.get(key, [])}))


def _touchpoint(journey: Journey, stage: Stage, touchpoint: Touchpoint,
                pains: list[ExportPainPoint]) -> ExportTouchpoint:
    return ExportTouchpoint(
        id=touchpoint.key, url=touchpoint_url(journey.id, stage.id, touchpoint.key),
        name=touchpoint.name, channel=touchpoint.channel, action=touchpoint.action,
        thought=touchpoint.thought, emotion=touchpoint.emotion, feeling=touchpoint.feeling,
        personas=touchpoint.personas or journey.all_personas, pain_points=pains,
        opportunities=[o.text for o in touchpoint.ideas], backstage=touchpoint.backstage,
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
        state=journey.state, future_of=journey.future_of, phase=journey.phase,
        parent=journey.parent, scope=journey.scope,
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
            addresses=[pain_key(a, ref.journey.id) for a in action.addresses],
            opportunities=[pain_key(o, ref.journey.id) for o in action.opportunities],
            success_metric=action.success_metric, link=action.link))
    owners = [ExportOwner(id=o.id, name=o.name, contact=o.contact, github=o.github)
              for _, o in sorted((site.owners or {}).items())]
    return Export(
        version=EXPORT_VERSION, site_name=site_name, as_of=today,
        personas=[_persona(p, index) for _, p in sorted(site.personas.items())],
        journeys=[_journey(j, index, today) for _, j in sorted(site.journeys.items())],
        actions=actions, owners=owners,
        phases=[ExportPhase(id=p.id, name=p.name, description=p.description)
                for p in (site.lifecycle or {}).values()],
        opportunities=sorted((_opportunity(ref, index) for ref in index.all_opportunities),
                             key=lambda o: o.key))


def export_json(export: Export) -> bytes:
    return msgspec.json.format(msgspec.json.encode(export), indent=2) + b"\n"
