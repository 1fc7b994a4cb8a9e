"""The rules of the portfolio (what FORMAT 1.1 added): opportunities and what takes them
up, a journey's place in the customer lifecycle (`phase`) and the journey it zooms into
(`parent`).

Pure functions from the model to `Problem`s, like `cxmaps.site.rules`; these add no
warnings.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from cxmaps.model.diagnostics import Problem
from cxmaps.model.maps import Journey
from cxmaps.model.suggest import did_you_mean
from cxmaps.model.text import excerpt
from cxmaps.site.index import JourneyRefs
from cxmaps.site.rules import PAIN_POINT, Known, Reference, references, unique_in_journey
from cxmaps.site.summary import JourneySummary, Reach

OPPORTUNITY = Reference("opportunities", "opportunity-id", "an opportunity id", "CX133")


def portfolio_problems(refs: JourneyRefs, known: Known, pains: Collection[str],
                       ideas: Collection[str], reaches: list[Reach]) -> Iterator[Problem]:
    """A journey's opportunities, the references of its opportunities and action items
    (`pains` and `ideas`: the journey's own keys; those of other journeys go to
    `reaches`) and its phase."""
    if len(ideas) < sum(1 for ref in refs.opportunities if ref.opportunity.id):
        yield from unique_in_journey(((ref.opportunity.id, ref) for ref in refs.opportunities),
                                     "opportunity")
    journey_id = refs.journey.id
    for ref in refs.opportunities:  # most refer to nothing: skip making a generator
        if ref.opportunity.addresses:
            yield from references(PAIN_POINT, ref.stage.path, (*ref.pointer, "addresses"),
                                  ref.opportunity.addresses, journey_id, pains, known, reaches)
    for action in refs.actions:
        if action.action.opportunities:
            yield from references(OPPORTUNITY, action.file, (*action.pointer, "opportunities"),
                                  action.action.opportunities, journey_id, ideas, known,
                                  reaches)
    yield from _phase(refs.journey, known)


def _phase(journey: Journey, known: Known) -> Iterator[Problem]:
    phase, phases = journey.phase, known.phases
    if phase is None or phases.broken:
        return
    if phases.ids is None:
        yield Problem(journey.path, "CX135", f"`phase`: expected a phase listed in "
                      f"{phases.file}, found `{phase}` and no {phases.file}: list the "
                      "customer lifecycle's phases there (or leave `phase` out)", ("phase",))
    elif phase not in phases.ids:
        listed = list(phases.ids)
        yield Problem(journey.path, "CX134", f"`phase`: expected a phase id of {phases.file} "
                      f"({_listing(listed)}), found `{phase}`{did_you_mean(phase, listed)}",
                      ("phase",))


def parent_here(journey: Journey, known: Known) -> tuple[list[Problem], bool]:
    """What is wrong with `parent` in the map itself; and whether the stage it names is
    then to be looked for in the parent (`parent_across`)."""
    if journey.parent is None:
        return [], False
    parent_id, _, stage_id = journey.parent.partition("/")
    where = ("parent",)
    if parent_id == journey.id:
        return [Problem(journey.path, "CX139", f"`parent`: expected another journey (or a "
                        f"stage of one), found `{excerpt(journey.parent)}`, the journey "
                        "itself", where)], False
    if parent_id not in known.journeys:
        return [Problem(journey.path, "CX137", f"`parent`: expected a journey id, found "
                        f"`{excerpt(parent_id)}`"
                        f"{did_you_mean(parent_id, sorted(known.journeys - {journey.id}))}",
                        where)], False
    return [], bool(stage_id)


def parent_across(journey: JourneySummary, journeys: dict[str, JourneySummary],
                  known: Known) -> Iterator[Problem]:
    """The stage a sub-journey's `parent` names, in the parent journey."""
    parent_id, _, stage_id = (journey.parent or "").partition("/")
    parent = journeys.get(parent_id)
    if not stage_id or parent is None or parent_id in known.gaps.journeys:
        return  # a stage that did not load may be the one named
    stages = [stage for stage, _ in parent.stages]
    if stage_id not in stages:
        yield Problem(journey.path, "CX138", f"`parent`: expected a stage id of journey "
                      f"`{parent_id}` ({_listing(stages)}) after `/`, found "
                      f"`{excerpt(stage_id)}`{did_you_mean(stage_id, stages)}", ("parent",))


def parent_cycles(journeys: dict[str, JourneySummary]) -> Iterator[Problem]:
    """Each journey whose chain of parents comes back to it (one problem per journey,
    naming the whole cycle from it)."""
    parent_of: dict[str, str] = {}
    for journey in journeys.values():
        if journey.parent is not None:
            target = journey.parent.partition("/")[0]
            if target != journey.id and target in journeys:
                parent_of[journey.id] = target
    for journey_id in sorted(parent_of):
        chain = [journey_id]
        seen = {journey_id}
        step = parent_of[journey_id]
        while step in parent_of and step not in seen:
            chain.append(step)
            seen.add(step)
            step = parent_of[step]
        if step != journey_id:
            continue  # no cycle, or one this journey leads into without being on it
        loop = " → ".join(f"`{j}`" for j in [*chain, journey_id])
        yield Problem(journeys[journey_id].path, "CX140", f"`parent`: expected a chain "
                      f"of parents that ends, found a cycle: {loop}", ("parent",))


def _listing(ids: list[str], limit: int = 8) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "") or "none"
