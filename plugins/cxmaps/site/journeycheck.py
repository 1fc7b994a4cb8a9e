"""Every rule that looks beyond one file, in two steps: each journey against itself (its
stages, references within it, placeholders…), which leaves a `JourneySummary`; then the
summaries against each other (ids unique across the site, references between journeys,
cycles, pain points no action anywhere addresses).

The first step needs one journey's files only, so the process that parsed them can take
it while their text is at hand (`cxmaps.site.split`); the second is small."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from cxmaps.model.diagnostics import Diagnostic, Problem
from cxmaps.model.maps import Persona, Site
from cxmaps.site.cache import Stamp
from cxmaps.site.index import CrossIndex, JourneyRefs, pain_key
from cxmaps.site.lifecycle import KnownPhases
from cxmaps.site.portfoliorules import (
    OPPORTUNITY,
    parent_across,
    parent_cycles,
    parent_here,
    portfolio_problems,
)
from cxmaps.site.rules import (
    PAIN_POINT,
    Gaps,
    Known,
    action_problems,
    duplicate_actions,
    future_of_across,
    future_of_here,
    journey_problems,
    open_pains,
    persona_problems,
    placeholders,
    reference_problem,
    stage_problems,
    unaddressed,
    unique_in_journey,
    unused_personas,
)
from cxmaps.site.summary import ActionPlace, JourneySummary, PersonaSummary, Reach


def check_model(site: Site, index: CrossIndex, known: Known, day: datetime.date,
                assets: set[str], refused: Collection[str] = ()) -> list[Problem]:
    """Every problem found in the model. `assets` are the files beside the maps (persona
    pictures); `refused` the paths not read at all (a link outside the site…), which
    have their own problem."""
    problems: list[Problem] = []
    journeys = []
    for key in site.journeys:
        found, summary = check_journey(index.refs[key], known, day)
        problems += found
        journeys.append(summary)
    return problems + check_beyond_journeys(site, journeys, known, assets, refused)


def check_beyond_journeys(site: Site, journeys: list[JourneySummary], known: Known,
                          assets: set[str], refused: Collection[str] = ()) -> list[Problem]:
    """The personas' problems, then those between the journeys (from their summaries)."""
    problems: list[Problem] = []
    personas = []
    for persona in site.personas.values():
        found, summary = check_persona(persona, assets, refused)
        problems += found
        personas.append(summary)
    return problems + check_across(journeys, personas, known)


@dataclass(frozen=True)
class JourneyCheck:
    """One journey's problems, placed, and its summary, as an update may keep them: while
    the journey is the same object (`build_index` keeps an equal one), the files its
    problems were placed in have the same stamps, and `CheckedWith` is equal."""

    refs: JourneyRefs
    stamps: dict[str, Stamp | None]
    diagnostics: list[Diagnostic]
    summary: JourneySummary

    def holds(self, refs: JourneyRefs, stamps: Mapping[str, Stamp]) -> bool:
        return refs is self.refs and all(stamps.get(rel) == stamp
                                         for rel, stamp in self.stamps.items())


@dataclass(frozen=True)
class CheckedWith:
    """All a journey's own check reads besides the journey (copied: `Known`'s sets are
    the loader's)."""

    personas: frozenset[str]
    journeys: frozenset[str]
    owners: frozenset[str] | None
    gaps: Gaps
    phases: KnownPhases
    day: datetime.date

    @classmethod
    def of(cls, known: Known, day: datetime.date) -> CheckedWith:
        return cls(frozenset(known.personas), frozenset(known.journeys),
                   None if known.owners is None else frozenset(known.owners),
                   copy.deepcopy(known.gaps), known.phases, day)


@dataclass
class JourneyChecks:
    """The journeys' checks of the last validation of a site, by journey id."""

    checked_with: CheckedWith
    journeys: dict[str, JourneyCheck]


def check_journey(refs: JourneyRefs, known: Known, day: datetime.date
                  ) -> tuple[list[Problem], JourneySummary]:
    """The problems of one journey found in it alone, and its summary for the rest.
    Of `known.gaps` only what concerns this journey is read."""
    journey = refs.journey
    identified = [ref for ref in refs.pains if ref.pain.id]
    pains = dict.fromkeys(ref.key for ref in identified)
    ideas = dict.fromkeys(ref.key for ref in refs.opportunities if ref.opportunity.id)
    reaches: list[Reach] = []
    problems = list(journey_problems(journey, known, day))
    found, future = future_of_here(journey, known)
    problems += found
    personas = journey.all_personas
    for stage in journey.stages:
        problems.extend(stage_problems(stage, personas))
        problems.extend(placeholders(stage))
    if len(pains) < len(identified):  # (as many keys as ids, for nearly every journey)
        problems.extend(unique_in_journey(((ref.pain.id, ref) for ref in identified),
                                          "pain point"))
    problems.extend(action_problems(refs, known, day, pains, reaches))
    problems.extend(portfolio_problems(refs, known, pains, ideas, reaches))
    found, parent_stage = parent_here(journey, known)
    problems += found
    pending, addressing = open_pains(refs)
    return problems, JourneySummary(
        id=journey.id, path=journey.path, state=journey.state, personas=personas,
        stages=[(stage.id, stage.name) for stage in journey.stages], pains=list(pains),
        opportunities=list(ideas), actions=_action_places(refs), reaches=reaches,
        addressing=addressing, open_pains=pending,
        future_of=journey.future_of if future else None, parent=journey.parent,
        parent_stage=parent_stage)


def _action_places(refs: JourneyRefs) -> list[ActionPlace]:
    return [ActionPlace(ref.action.id, ref.file, (*ref.pointer,)) for ref in refs.actions]


def check_persona(persona: Persona, assets: set[str], refused: Collection[str]
                  ) -> tuple[list[Problem], PersonaSummary]:
    return list(persona_problems(persona, assets, refused)), PersonaSummary(persona.id,
                                                                            persona.path)


KINDS = {PAIN_POINT.field: PAIN_POINT, OPPORTUNITY.field: OPPORTUNITY}


def check_across(journeys: list[JourneySummary], personas: list[PersonaSummary],
                 known: Known) -> list[Problem]:
    """The problems between journeys, from their summaries (in the site's order)."""
    by_id = {journey.id: journey for journey in journeys}
    keys = {PAIN_POINT.field: dict.fromkeys(k for j in journeys for k in j.pains),
            OPPORTUNITY.field: dict.fromkeys(k for j in journeys for k in j.opportunities)}
    problems = list(duplicate_actions(journeys))
    for journey in journeys:
        for reach in journey.reaches:
            problem = reference_problem(
                KINDS[reach.field], reach.file, (*reach.at, reach.index),
                pain_key(reach.target, journey.id), reach.target, keys[reach.field], known)
            if problem is not None:
                problems.append(problem)
        if journey.future_of is not None:
            problems.extend(future_of_across(journey, by_id.get(journey.future_of), known))
        if journey.parent_stage:
            problems.extend(parent_across(journey, by_id, known))
    problems.extend(parent_cycles(by_id))
    problems.extend(unaddressed(journeys, known))
    problems.extend(unused_personas(personas, journeys, known.gaps))
    return problems
