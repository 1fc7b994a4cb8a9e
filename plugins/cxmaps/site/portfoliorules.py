"""The rules of the portfolio (what FORMAT 1.1 added): opportunities and what takes them
up, a journey's place in the customer lifecycle (`phase`) and the journey it zooms into
(`parent`).

Pure functions from the model to `Problem`s, like `cxmaps.site.rules`; these add no
warnings.
"""

from __future__ import annotations

from collections.abc import Iterator

from cxmaps.model.diagnostics import Problem
from cxmaps.model.maps import Journey, Site
from cxmaps.model.suggest import did_you_mean
from cxmaps.model.text import excerpt
from cxmaps.site.index import CrossIndex
from cxmaps.site.rules import PAIN_POINT, Known, Reference, references

OPPORTUNITY = Reference("opportunities", "opportunity-id", "an opportunity id", "CX133")


def check_portfolio(site: Site, index: CrossIndex, known: Known) -> list[Problem]:
    """Every problem with the portfolio's references."""
    problems = list(_opportunity_ids(index))
    for ref in index.all_opportunities:  # most refer to nothing: skip making a generator
        if ref.opportunity.addresses:
            problems.extend(references(PAIN_POINT, ref.stage.path, (*ref.pointer, "addresses"),
                                       ref.opportunity.addresses, ref.journey.id,
                                       index.pains, known))
    for action in index.all_actions:
        if action.action.opportunities:
            problems.extend(references(OPPORTUNITY, action.file,
                                       (*action.pointer, "opportunities"),
                                       action.action.opportunities, action.journey.id,
                                       index.opportunities, known))
    for journey in site.journeys.values():
        problems.extend(_phase(journey, known))
        problems.extend(_parent(journey, site, known))
    problems.extend(_parent_cycles(site))
    return problems


def _opportunity_ids(index: CrossIndex) -> Iterator[Problem]:
    if len(index.opportunities) == sum(1 for r in index.all_opportunities if r.opportunity.id):
        return  # as many keys as ids: none twice
    for ref in index.all_opportunities:
        first = index.opportunities.get(ref.key) if ref.opportunity.id else None
        if first is not None and first is not ref:
            yield Problem(ref.stage.path, "CX115", f"expected opportunity ids unique in the "
                          f"journey, found `{ref.opportunity.id}` again (first in "
                          f"{first.stage.path})", (*ref.pointer, "id"))


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


def _parent(journey: Journey, site: Site, known: Known) -> Iterator[Problem]:
    if journey.parent is None:
        return
    parent_id, _, stage_id = journey.parent.partition("/")
    where = ("parent",)
    if parent_id == journey.id:
        yield Problem(journey.path, "CX139", f"`parent`: expected another journey (or a stage "
                      f"of one), found `{excerpt(journey.parent)}`, the journey itself", where)
        return
    if parent_id not in known.journeys:
        yield Problem(journey.path, "CX137", f"`parent`: expected a journey id, found "
                      f"`{excerpt(parent_id)}`"
                      f"{did_you_mean(parent_id, sorted(known.journeys - {journey.id}))}",
                      where)
        return
    parent = site.journeys.get(parent_id)
    if not stage_id or parent is None or parent_id in known.gaps.journeys:
        return  # a stage that did not load may be the one named
    stages = [stage.id for stage in parent.stages]
    if stage_id not in stages:
        yield Problem(journey.path, "CX138", f"`parent`: expected a stage id of journey "
                      f"`{parent_id}` ({_listing(stages)}) after `/`, found "
                      f"`{excerpt(stage_id)}`{did_you_mean(stage_id, stages)}", where)


def _parent_cycles(site: Site) -> Iterator[Problem]:
    """Each journey whose chain of parents comes back to it (one problem per journey,
    naming the whole cycle from it)."""
    parent_of: dict[str, str] = {}
    for journey in site.journeys.values():
        if journey.parent is not None:
            target = journey.parent.partition("/")[0]
            if target != journey.id and target in site.journeys:
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
        yield Problem(site.journeys[journey_id].path, "CX140", f"`parent`: expected a chain "
                      f"of parents that ends, found a cycle: {loop}", ("parent",))


def _listing(ids: list[str], limit: int = 8) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "") or "none"
