"""What changed between two versions of the maps, in customer terms.

A pure function from two models to a list of changes a reviewer reads: personas,
journeys, stages, touchpoints, pain points, opportunities, metrics and action items
added, removed, moved or changed field by field; emotion per persona with its
direction; each journey's average emotion before and after. Things are matched by their
ids (FORMAT.md: ids never change silently), pain points without an id by their text.

The result is a msgspec Struct so that `--format json` is its encoding and its JSON
Schema comes from the same classes (`diff_schema`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from cxmaps.compare.changes import (
    Change,
    Entity,
    FileProblem,
    JourneyChanges,
    MapDiff,
    Revision,
    Summary,
    summarise,
)
from cxmaps.compare.journeydiff import JourneyDiffer, actions_by_id, journey_emotion
from cxmaps.compare.opportunitydiff import opportunity_texts
from cxmaps.compare.values import (
    changed_fields,
    direction_of,
)
from cxmaps.model.maps import (
    Journey,
    Owner,
    Persona,
    Site,
)

# --- comparing values ---------------------------------------------------------------------


# --- where things are ----------------------------------------------------------------------


# --- comparing journeys ---------------------------------------------------------------------


# --- the whole comparison ------------------------------------------------------------------


def _journey_summary(journey: Journey) -> dict[str, Any]:
    pains = [p for s in journey.stages for t in s.touchpoints for p in t.pains]
    return {"stages": len(journey.stages),
            "touchpoints": sum(len(s.touchpoints) for s in journey.stages),
            "pain_points": len(pains),
            "high_pain_points": sum(p.severity == "high" for p in pains),
            "actions": len(journey.actions) + sum(len(s.actions) for s in journey.stages)}


def _renames(old: dict[str, Any], new: dict[str, Any], title: str) -> dict[str, str]:
    """Ids that disappeared while a thing with the same title appeared: renamed ids
    (each pairs at most once)."""
    gone = {getattr(old[i], title): i for i in sorted(set(old) - set(new))}
    pairs = {}
    for new_id in sorted(set(new) - set(old)):
        old_id = gone.pop(getattr(new[new_id], title), None)
        if old_id is not None:
            pairs[old_id] = new_id
    return pairs


def compare_journeys(base: Site, head: Site) -> list[JourneyChanges]:
    base_actions, head_actions = actions_by_id(base), actions_by_id(head)
    ideas = opportunity_texts(base, head)
    renamed = _renames(base.journeys, head.journeys, "title")
    result = []
    ids = sorted(set(base.journeys) | set(head.journeys))
    for journey_id in ids:
        if journey_id in renamed:
            continue
        after = head.journeys.get(journey_id)
        old_id = next((o for o, n in renamed.items() if n == journey_id), journey_id)
        before = base.journeys.get(old_id)
        if before is not None and after is not None and before == after:
            continue
        journey = after or before
        assert journey is not None
        changes = JourneyDiffer(before, after, base_actions, head_actions, ideas).run()
        status: Literal["added", "removed", "changed", "renamed"] = "changed"
        if before is None or after is None:
            status = "added" if before is None else "removed"
            changes.insert(0, Change(kind=status, entity="journey", id=journey.id,
                                     name=journey.title, journey=journey.id,
                                     facts=_journey_summary(journey)))
        elif old_id != journey_id:
            status = "renamed"
            changes.insert(0, Change(kind="renamed", entity="journey", id=journey_id,
                                     name=journey.title, journey=journey_id, field="id",
                                     before=old_id, after=journey_id))
        if not changes:
            continue
        result.append(JourneyChanges(
            id=journey.id, title=journey.title, status=status, path=journey.path,
            owner=journey.owner, personas=journey.all_personas,
            before=journey_emotion(before), after=journey_emotion(after), changes=changes))
    return result


def _compare_things(entity: Entity, old: dict[str, Any], new: dict[str, Any],
                    title: str) -> list[Change]:
    changes = []
    for thing_id in sorted(set(old) | set(new)):
        o, n = old.get(thing_id), new.get(thing_id)
        if o is not None and n is not None:
            changes += [Change(kind="changed", entity=entity, id=thing_id,
                               name=getattr(n, title), field=name, before=was, after=now,
                               direction=direction_of(was, now))
                        for name, was, now in changed_fields(o, n)]
        else:
            thing = n or o
            changes.append(Change(kind="added" if o is None else "removed", entity=entity,
                                  id=thing_id, name=getattr(thing, title)))
    return changes


def compare_sites(base: Site, head: Site, base_revision: Revision, head_revision: Revision,
                  problems: Sequence[FileProblem] = ()) -> MapDiff:
    """Everything that changed from `base` to `head`."""
    personas: dict[str, Persona] = {**base.personas, **head.personas}
    journeys = compare_journeys(base, head)
    owners_before: dict[str, Owner] = base.owners or {}
    owners_after: dict[str, Owner] = head.owners or {}
    diff = MapDiff(
        base=base_revision, head=head_revision, summary=Summary(),
        personas=_compare_things("persona", base.personas, head.personas, "name"),
        owners=_compare_things("owner", owners_before, owners_after, "name"),
        journeys=journeys, problems=sorted(problems, key=lambda p: (p.file, p.side,
                                                                     p.line or 0)),
        names={})
    mentioned = {p for j in journeys for p in j.personas}
    mentioned |= {c.persona for j in journeys for c in j.changes if c.persona}
    diff.names = {p: personas[p].name if p in personas else p for p in sorted(mentioned)}
    diff.summary = summarise(diff)
    return diff


