"""The cross-references between the things of a map: which action addresses which pain
point, which journeys a persona is in, what each owner owns.

Built once from a `Site`; the rules, the site pages, the diff and the exports all read it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from cxmaps.model.diagnostics import FieldPath
from cxmaps.model.maps import (
    ADDRESSING_STATUSES,
    ActionItem,
    Journey,
    PainPoint,
    Site,
    Stage,
    Touchpoint,
)
from cxmaps.model.portfolio import Opportunity


@dataclass(slots=True)
class ActionRef:
    """An action item where it stands: its journey, and its stage unless journey-wide."""

    action: ActionItem
    journey: Journey
    stage: Stage | None
    pointer: FieldPath

    @property
    def file(self) -> str:
        return self.stage.path if self.stage else self.journey.path


@dataclass(slots=True)
class PainRef:
    """A touchpoint's pain point where it stands."""

    pain: PainPoint
    journey: Journey
    stage: Stage
    touchpoint: Touchpoint
    pointer: FieldPath
    key: str = ""
    """`journey/pain-id`, or `journey/stage/touchpoint#n` for a pain point without id."""

    def __post_init__(self) -> None:
        if self.pain.id:
            self.key = f"{self.journey.id}/{self.pain.id}"
        else:
            self.key = (f"{self.journey.id}/{self.stage.id}/{self.touchpoint.key}"
                        f"#{self.pointer[-1]}")


@dataclass(slots=True)
class OpportunityRef:
    """A touchpoint's opportunity where it stands (FORMAT 1.1)."""

    opportunity: Opportunity
    journey: Journey
    stage: Stage
    touchpoint: Touchpoint
    pointer: FieldPath

    @property
    def key(self) -> str:
        """`journey/opportunity-id`, as an action item in another journey names it; only
        for an opportunity with an id."""
        return f"{self.journey.id}/{self.opportunity.id}"


@dataclass
class Owned:
    journeys: list[Journey] = field(default_factory=list)
    actions: list[ActionRef] = field(default_factory=list)


@dataclass(slots=True)
class JourneyRefs:
    """One journey's action items, pain points and opportunities where they stand."""

    journey: Journey
    actions: list[ActionRef] = field(default_factory=list)
    pains: list[PainRef] = field(default_factory=list)
    opportunities: list[OpportunityRef] = field(default_factory=list)


@dataclass
class CrossIndex:
    actions: dict[str, ActionRef] = field(default_factory=dict)
    """Action items by id (the first, where an id is duplicated)."""
    all_actions: list[ActionRef] = field(default_factory=list)
    pains: dict[str, PainRef] = field(default_factory=dict)
    """Identified pain points by `journey/pain-id` (the first, where duplicated)."""
    all_pains: list[PainRef] = field(default_factory=list)
    addressed_by: dict[str, list[ActionRef]] = field(default_factory=dict)
    """Action items addressing each pain point key, in any status."""
    journeys_of_persona: dict[str, list[Journey]] = field(default_factory=dict)
    opportunities: dict[str, OpportunityRef] = field(default_factory=dict)
    """Identified opportunities by `journey/opportunity-id` (the first, where duplicated)."""
    all_opportunities: list[OpportunityRef] = field(default_factory=list)
    taken_up_by: dict[str, list[ActionRef]] = field(default_factory=dict)
    """Action items taking up each opportunity key, in any status."""
    owned: dict[str, Owned] = field(default_factory=dict)
    refs: dict[str, JourneyRefs] = field(default_factory=dict)
    """Each journey's references, by journey id: a later index keeps those of the
    journeys that did not change (`build_index`)."""

    def is_addressed(self, pain: PainRef) -> bool:
        """Whether an open, in-progress or done action item addresses the pain point."""
        return any(
            ref.action.status in ADDRESSING_STATUSES
            for ref in self.addressed_by.get(pain.key, ())
        )


def pain_key(reference: str, journey_id: str) -> str:
    """`journey/pain-id` for an `addresses` entry written in `journey_id` (and
    `journey/opportunity-id` for an `opportunities` entry)."""
    return reference if "/" in reference else f"{journey_id}/{reference}"


def journey_refs(journey: Journey, last: JourneyRefs | None = None) -> JourneyRefs:
    """The references of a journey; `last` (those an earlier index made) where the journey
    is equal to the one they were made from (they then stand in that very journey
    object)."""
    if last is not None and (last.journey is journey or last.journey == journey):
        return last
    refs = JourneyRefs(journey)
    actions, pains, ideas = refs.actions, refs.pains, refs.opportunities
    for i, action in enumerate(journey.actions):
        actions.append(ActionRef(action, journey, None, ("actions", i)))
    for stage in journey.stages:  # plain loops: a cold check builds 80,000 of these
        for t, touchpoint in enumerate(stage.touchpoints):
            for p, pain in enumerate(touchpoint.pains):
                pains.append(PainRef(pain, journey, stage, touchpoint,
                                     ("touchpoints", t, "pain_points", p)))
            for o, idea in enumerate(touchpoint.ideas):
                ideas.append(OpportunityRef(idea, journey, stage, touchpoint,
                                            ("touchpoints", t, "opportunities", o)))
        for i, action in enumerate(stage.actions):
            actions.append(ActionRef(action, journey, stage, ("actions", i)))
    return refs


def build_index(site: Site, previous: CrossIndex | None = None) -> CrossIndex:
    """The index of `site`. With `previous` (the index of an earlier version of the same
    site, as `mkdocs serve` keeps it), a journey equal to one it was built from is
    replaced in `site` by that very object (with its references), so that what is kept
    between two builds of the same maps compares by identity."""
    index = CrossIndex()
    kept = previous.refs if previous is not None else {}
    journeys_of: defaultdict[str, list[Journey]] = defaultdict(list)
    owned: defaultdict[str, Owned] = defaultdict(Owned)
    for key, found in site.journeys.items():
        refs = index.refs[key] = journey_refs(found, kept.get(key))
        journey = site.journeys[key] = refs.journey
        for persona in journey.all_personas:
            journeys_of[persona].append(journey)
        if journey.owner:
            owned[journey.owner].journeys.append(journey)
        for ref in refs.actions:
            _add_action(index, owned, ref)
        index.all_pains += refs.pains
        for pain_ref in refs.pains:
            if pain_ref.pain.id:
                index.pains.setdefault(pain_ref.key, pain_ref)
        index.all_opportunities += refs.opportunities
        for idea_ref in refs.opportunities:
            if idea_ref.opportunity.id:
                index.opportunities.setdefault(idea_ref.key, idea_ref)
    for ref in index.all_actions:
        for target in dict.fromkeys(ref.action.addresses):
            index.addressed_by.setdefault(pain_key(target, ref.journey.id), []).append(ref)
        for target in dict.fromkeys(ref.action.opportunities):
            index.taken_up_by.setdefault(pain_key(target, ref.journey.id), []).append(ref)
    index.journeys_of_persona = dict(journeys_of)
    index.owned = dict(owned)
    return index


def _add_action(index: CrossIndex, owned: defaultdict[str, Owned], ref: ActionRef) -> None:
    index.all_actions.append(ref)
    index.actions.setdefault(ref.action.id, ref)
    owned[ref.action.owner].actions.append(ref)
