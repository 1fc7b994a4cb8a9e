"""What changed about opportunities (FORMAT 1.1), in the words a reviewer needs: added,
removed, re-scored (impact, effort), reworded, and taken up by an action item or no
longer. Pure functions; `cxmaps.diff` places what they find in its journeys.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import Any, Literal

from cxmaps.model.maps import ActionItem, Site
from cxmaps.model.portfolio import Opportunity
from cxmaps.site.index import pain_key


@dataclasses.dataclass(frozen=True)
class OpportunityChange:
    kind: Literal["added", "removed", "changed"]
    id: str
    """The opportunity's id, or its text where it has none."""
    name: str
    field: str | None = None
    before: Any = None
    after: Any = None
    facts: dict[str, Any] = dataclasses.field(default_factory=dict)


def facts_of(idea: Opportunity) -> dict[str, Any]:
    return {"impact": idea.impact_level, "effort": idea.effort_level, "scored": idea.scored}


def _paired(old: list[Opportunity], new: list[Opportunity]
            ) -> tuple[list[tuple[Opportunity | None, Opportunity | None]], set[int]]:
    """Each new opportunity with its old self (by id, else by text: plain text that gets
    an id is the same idea), in the new order; and the old ones left unmatched."""
    by_id = {o.id: i for i, o in enumerate(old) if o.id}
    left = set(range(len(old)))
    pairs: list[tuple[Opportunity | None, Opportunity | None]] = []
    for idea in new:
        at = by_id.get(idea.id) if idea.id else None
        if at is None or at not in left:
            at = next((i for i in sorted(left) if old[i].text == idea.text
                       and (not old[i].id or not idea.id)), None)
        if at is not None:
            left.discard(at)
        pairs.append((old[at] if at is not None else None, idea))
    return pairs, left


def opportunity_changes(old: list[Opportunity], new: list[Opportunity]
                        ) -> Iterator[OpportunityChange]:
    """The changes of one touchpoint's opportunities."""
    pairs, gone = _paired(old, new)
    for was, idea in pairs:
        assert idea is not None
        key = idea.id or idea.text
        if was is None:
            yield OpportunityChange("added", key, idea.text, facts=facts_of(idea))
            continue
        facts = facts_of(idea)
        for name, before, after in (
                ("text", was.text, idea.text), ("id", was.id, idea.id),
                ("impact", was.impact_level, idea.impact_level),
                ("effort", was.effort_level, idea.effort_level),
                ("addresses", was.addresses, idea.addresses)):
            if before != after:
                yield OpportunityChange("changed", key, idea.text, name, before, after, facts)
    for i in sorted(gone):
        was = old[i]
        yield OpportunityChange("removed", was.id or was.text, was.text, facts=facts_of(was))


def opportunity_texts(*sites: Site) -> dict[str, str]:
    """Each identified opportunity's text by its key (`journey/id`), the later site's
    where both have it: what a change naming an opportunity by reference shows."""
    texts: dict[str, str] = {}
    for site in sites:
        for journey in site.journeys.values():
            for stage in journey.stages:
                for touchpoint in stage.touchpoints:
                    for idea in touchpoint.ideas:
                        if idea.id:
                            texts[f"{journey.id}/{idea.id}"] = idea.text
    return texts


def taken_up(was: ActionItem | None, action: ActionItem, journey_id: str,
             texts: Mapping[str, str]) -> Iterator[OpportunityChange]:
    """An action item that starts or stops taking up opportunities (written in
    `journey_id`): one change per opportunity, named by its key."""
    before = {pain_key(r, journey_id) for r in was.opportunities} if was else set()
    after = [pain_key(r, journey_id) for r in dict.fromkeys(action.opportunities)]
    facts = {"action": action.title, "owner": action.owner, "status": action.status}
    for key in after:
        if key not in before:
            yield OpportunityChange("changed", key, texts.get(key, key), "taken_up_by",
                                    None, action.id, facts)
    for key in sorted(before - set(after)):
        yield OpportunityChange("changed", key, texts.get(key, key), "taken_up_by",
                                action.id, None, facts)
