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

import datetime
import functools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import msgspec
from msgspec import Struct

from .model import (
    ActionItem,
    Evidence,
    Journey,
    Metric,
    Owner,
    PainPoint,
    Persona,
    Site,
    Stage,
    Touchpoint,
    is_loader_field,
)
from .opportunitydiff import (
    OpportunityChange,
    opportunity_changes,
    opportunity_texts,
    taken_up,
)
from .render.canvas import meets, rounded_average

SCHEMA_VERSION = 1

Kind = Literal["added", "removed", "changed", "moved", "renamed"]
Entity = Literal["persona", "owner", "journey", "stage", "touchpoint", "pain-point",
                 "opportunity", "metric", "action"]


class Change(Struct, kw_only=True):
    """One thing that changed. `where` names its place for people (stage, touchpoint);
    `journey`, `stage` and `touchpoint` give the same place as ids."""

    kind: Kind
    entity: Entity
    id: str
    name: str
    where: list[str] = msgspec.field(default_factory=list)
    journey: str | None = None
    stage: str | None = None
    touchpoint: str | None = None
    field: str | None = None
    """The field that changed (`kind` changed), or `file`/`position`/`stage`/`touchpoint`
    for a move; None for a whole thing added or removed."""
    persona: str | None = None
    """For an emotion: whose score it is."""
    before: Any = None
    after: Any = None
    direction: Literal["up", "down"] | None = None
    """For numbers (emotion, a metric's value): which way it went."""
    facts: dict[str, Any] = msgspec.field(default_factory=dict)
    """Context a reader needs: a pain point's `severity` and `evidence` count, a
    metric's `target`, `unit`, `better`, `on_track_before`, `on_track_after`, an added
    journey's counts, an action's `owner`."""


class Emotion(Struct, kw_only=True):
    """A journey's average emotion (1–5, to one decimal) on one side: over all its
    personas, per persona, and per stage (its curve)."""

    average: float | None
    personas: dict[str, float | None]
    stages: list[float | None]


class JourneyChanges(Struct, kw_only=True):
    id: str
    title: str
    status: Literal["added", "removed", "changed", "renamed"]
    path: str
    owner: str | None
    personas: list[str]
    before: Emotion | None
    after: Emotion | None
    changes: list[Change]


class Revision(Struct, kw_only=True):
    label: str
    """What the user named (`main`, `HEAD~3`), or `working tree`."""
    commit: str | None
    """Its commit id; None for the working tree or before the first commit."""


class FileProblem(Struct, kw_only=True):
    """A map file that does not load on one side (its changes cannot be compared)."""

    side: Literal["base", "head"]
    file: str
    line: int | None
    column: int | None
    code: str
    message: str


class Summary(Struct, kw_only=True):
    journeys_added: int = 0
    journeys_removed: int = 0
    journeys_changed: int = 0
    personas: dict[str, int] = msgspec.field(default_factory=dict)
    """Personas added, removed and changed."""
    owners: dict[str, int] = msgspec.field(default_factory=dict)
    changes: int = 0
    emotion_up: int = 0
    emotion_down: int = 0
    new_high_pain_points: int = 0
    status_changes: int = 0
    opportunities_taken_up: int = 0
    """Opportunities an action item started taking up."""
    problems: int = 0


class MapDiff(Struct, kw_only=True):
    """The whole comparison: the JSON document `cxmaps diff --format json` prints."""

    version: int = SCHEMA_VERSION
    base: Revision
    head: Revision
    summary: Summary
    personas: list[Change]
    owners: list[Change]
    journeys: list[JourneyChanges]
    problems: list[FileProblem]
    names: dict[str, str]
    """Display names of the personas the changes mention, by id."""

    @property
    def empty(self) -> bool:
        return not (self.personas or self.owners or self.journeys or self.problems)


def diff_schema() -> dict[str, Any]:
    """The JSON Schema of `MapDiff`, for consumers of `--format json`."""
    return msgspec.json.schema(MapDiff)


# --- comparing values ---------------------------------------------------------------------


def plain(value: Any) -> Any:
    """A field's value as JSON data: dates as text, evidence as its sources."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Evidence):
        return value.source
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, Struct):
        return plain(msgspec.to_builtins(value))
    return value


_NESTED = frozenset({"touchpoints", "metrics", "actions", "pain_points", "opportunities",
                     "emotion"})


@functools.cache
def _compared(kind: type[Struct]) -> tuple[str, ...]:
    """A struct's fields that are compared value by value (not the loader's, not the
    nested things compared on their own)."""
    return tuple(info.name for info in msgspec.structs.fields(kind)
                 if not is_loader_field(info.encode_name) and info.name not in _NESTED)


def _fields(before: Struct, after: Struct) -> Iterator[tuple[str, Any, Any]]:
    """The fields whose values differ."""
    for name in _compared(type(after)):
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            yield name, plain(old), plain(new)


def _direction(before: float | None, after: float | None) -> Literal["up", "down"] | None:
    if before is None or after is None or before == after:
        return None
    return "up" if after > before else "down"


def _stable_order(before: Sequence[str], after: Sequence[str]) -> set[str]:
    """The ids present on both sides whose order changed: those outside the longest
    common subsequence of the two orders."""
    common = set(before) & set(after)
    a = [x for x in before if x in common]
    b = [x for x in after if x in common]
    lengths = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            lengths[i][j] = (lengths[i + 1][j + 1] + 1 if a[i] == b[j]
                             else max(lengths[i + 1][j], lengths[i][j + 1]))
    kept, i, j = set(), 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            kept.add(a[i])
            i, j = i + 1, j + 1
        elif lengths[i + 1][j] >= lengths[i][j + 1]:
            i += 1
        else:
            j += 1
    return common - kept


def _merged(before: Sequence[str], after: Sequence[str]) -> list[str]:
    """Every id of both sides in the new order, a removed one right after the one it
    followed, so a replaced thing sits next to its replacement."""
    order = list(after)
    anchor = -1
    for item in before:
        if item in order:
            anchor = order.index(item)
        else:
            anchor += 1
            order.insert(anchor, item)
    return order


# --- where things are ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    journey: Journey
    stage: Stage | None = None
    touchpoint: Touchpoint | None = None

    @property
    def names(self) -> list[str]:
        parts = [self.stage.name] if self.stage else []
        return parts + ([self.touchpoint.name] if self.touchpoint else [])

    @property
    def key(self) -> tuple[str, str | None, str | None]:
        return (self.journey.id, self.stage.id if self.stage else None,
                self.touchpoint.key if self.touchpoint else None)

    def label(self) -> str:
        return " › ".join([self.journey.title, *self.names])


def _pain_key(pain: PainPoint, place: _Place) -> str:
    if pain.id:
        return pain.id
    return f"{place.stage.id if place.stage else ''}/{place.touchpoint.key if place.touchpoint else ''}/{pain.text}"  # noqa: E501


def _pains(journey: Journey | None) -> dict[str, tuple[PainPoint, _Place]]:
    found: dict[str, tuple[PainPoint, _Place]] = {}
    for stage in journey.stages if journey else ():
        for touchpoint in stage.touchpoints:
            place = _Place(journey, stage, touchpoint)  # type: ignore[arg-type]
            for pain in touchpoint.pains:
                found.setdefault(_pain_key(pain, place), (pain, place))
    return found


def _actions(site: Site) -> dict[str, tuple[ActionItem, _Place]]:
    found: dict[str, tuple[ActionItem, _Place]] = {}
    for journey in site.journeys.values():
        for action in journey.actions:
            found.setdefault(action.id, (action, _Place(journey)))
        for stage in journey.stages:
            for action in stage.actions:
                found.setdefault(action.id, (action, _Place(journey, stage)))
    return found


def _emotion(journey: Journey | None) -> Emotion | None:
    if journey is None:
        return None
    cast = journey.all_personas
    return Emotion(average=rounded_average(journey),
                   personas={p: rounded_average(journey, p) for p in cast},
                   stages=[rounded_average(s, personas=cast) for s in journey.stages])


def _score(touchpoint: Touchpoint, persona: str, cast: Sequence[str]) -> int | None:
    return touchpoint.score_for(persona) if meets(touchpoint, persona, cast) else None


# --- comparing journeys ---------------------------------------------------------------------


class _JourneyDiffer:
    """Walks one journey's two versions in the new order, so its changes read top down."""

    def __init__(self, before: Journey | None, after: Journey | None,
                 base_actions: dict[str, tuple[ActionItem, _Place]],
                 head_actions: dict[str, tuple[ActionItem, _Place]],
                 ideas: Mapping[str, str] | None = None) -> None:
        self.before, self.after = before, after
        self.journey = after or before
        assert self.journey is not None
        self.base_pains, self.head_pains = _pains(before), _pains(after)
        self.base_actions, self.head_actions = base_actions, head_actions
        self.ideas = ideas or {}
        """The text of each identified opportunity, by `journey/id`."""
        self.changes: list[Change] = []

    def _add(self, kind: Kind, entity: Entity, id: str, name: str, place: _Place,
             **more: Any) -> None:
        stage, touchpoint = place.stage, place.touchpoint
        self.changes.append(Change(
            kind=kind, entity=entity, id=id, name=name, where=place.names,
            journey=self.journey.id,  # type: ignore[union-attr]
            stage=stage.id if stage else None,
            touchpoint=touchpoint.key if touchpoint else None, **more))

    def _fields(self, entity: Entity, id: str, name: str, place: _Place, old: Struct,
                new: Struct) -> None:
        for name_of_field, before, after in _fields(old, new):
            self._add("changed", entity, id, name, place, field=name_of_field, before=before,
                      after=after, direction=_direction_of(before, after))

    def run(self) -> list[Change]:
        before, after = self.before, self.after
        if before is not None and after is not None:
            self._fields("journey", after.id, after.title, _Place(after), before, after)
            self._stages(before, after)
        self._actions_at(before, after, None)
        return self.changes

    def _stages(self, before: Journey, after: Journey) -> None:
        old = {s.id: s for s in before.stages}
        new = {s.id: s for s in after.stages}
        moved = _stable_order(list(old), list(new))
        old_tps = {(s.id, t.key): t for s in before.stages for t in s.touchpoints}
        new_tps = {(s.id, t.key): t for s in after.stages for t in s.touchpoints}
        for stage_id in _merged(list(old), list(new)):
            o, n = old.get(stage_id), new.get(stage_id)
            if n is None:
                assert o is not None
                self._add("removed", "stage", stage_id, o.name, _Place(before, o))
                self._touchpoints(o, None, old_tps, new_tps)
                continue
            place = _Place(after, n)
            if o is None:
                self._add("added", "stage", stage_id, n.name, place,
                          facts={"touchpoints": len(n.touchpoints)})
                self._touchpoints(None, n, old_tps, new_tps)
                continue
            if stage_id in moved:
                self._add("moved", "stage", stage_id, n.name, place, field="position",
                          before=list(old).index(stage_id) + 1,
                          after=list(new).index(stage_id) + 1)
            elif o.path != n.path:
                self._add("renamed", "stage", stage_id, n.name, place, field="file",
                          before=o.path, after=n.path)
            self._fields("stage", stage_id, n.name, place, o, n)
            self._touchpoints(o, n, old_tps, new_tps)
            self._metrics(o, n, place)
        self._actions_for_stages(before, after)

    def _touchpoints(self, old: Stage | None, new: Stage | None,
                     old_tps: dict[tuple[str, str], Touchpoint],
                     new_tps: dict[tuple[str, str], Touchpoint]) -> None:
        before, after = self.before, self.after
        old_ids = [t.key for t in old.touchpoints] if old else []
        new_ids = [t.key for t in new.touchpoints] if new else []
        reordered = _stable_order(old_ids, new_ids)
        old_by = {t.key: t for t in old.touchpoints} if old else {}
        new_by = {t.key: t for t in new.touchpoints} if new else {}
        for tp_id in _merged(old_ids, new_ids):
            o, n = old_by.get(tp_id), new_by.get(tp_id)
            if n is None:
                assert o is not None and old is not None and before is not None
                elsewhere = _elsewhere(tp_id, old.id, new_tps, old_tps)
                if elsewhere is None:  # (a moved one is compared where it went)
                    self._add("removed", "touchpoint", tp_id, o.name, _Place(before, old, o))
                    self._pains_at(_Place(before, old, o), None)
                continue
            assert new is not None and after is not None
            place = _Place(after, new, n)
            if o is None:
                origin = _elsewhere(tp_id, new.id, old_tps, new_tps)
                if origin is None:
                    self._add("added", "touchpoint", tp_id, n.name, place, facts={
                        "emotion": plain(n.emotion), "pain_points": len(n.pains)})
                    self._pains_at(None, place)
                    continue
                from_stage, o = origin
                assert before is not None
                self._add("moved", "touchpoint", tp_id, n.name, place, field="stage",
                          before=_stage_name(before, from_stage), after=new.name)
            elif tp_id in reordered:
                self._add("moved", "touchpoint", tp_id, n.name, place, field="position",
                          before=old_ids.index(tp_id) + 1, after=new_ids.index(tp_id) + 1)
            self._touchpoint(o, n, place)

    def _touchpoint(self, o: Touchpoint, n: Touchpoint, place: _Place) -> None:
        before, after = self.before, self.after
        assert before is not None and after is not None
        self._fields("touchpoint", n.key, n.name, place, o, n)
        old_cast, new_cast = before.all_personas, after.all_personas
        for persona in dict.fromkeys([*new_cast, *old_cast]):
            was, now = _score(o, persona, old_cast), _score(n, persona, new_cast)
            if was != now:
                self._add("changed", "touchpoint", n.key, n.name, place, field="emotion",
                          persona=persona, before=was, after=now,
                          direction=_direction(was, now))
        for idea in opportunity_changes(o.ideas, n.ideas):
            self._opportunity(idea, place)
        old_place = _Place(before, _stage_of(before, o), o)
        self._pains_at(old_place, place)

    def _opportunity(self, change: OpportunityChange, place: _Place) -> None:
        self._add(change.kind, "opportunity", change.id, change.name, place,
                  field=change.field, before=change.before, after=change.after,
                  facts=change.facts)

    def _pains_at(self, old: _Place | None, new: _Place | None) -> None:
        """Pain points of one touchpoint: those new here or moved here, changed, and
        those gone from here (unless they moved elsewhere in the journey)."""
        if new is not None and new.touchpoint is not None:
            for pain in new.touchpoint.pains:
                key = _pain_key(pain, new)
                name = pain.text
                facts = {"severity": pain.severity, "evidence": len(pain.evidence)}
                if key not in self.base_pains:
                    self._add("added", "pain-point", key, name, new, facts=facts)
                    continue
                was, origin = self.base_pains[key]
                if origin.key[1:] != new.key[1:]:
                    self._add("moved", "pain-point", key, name, new, field="touchpoint",
                              before=" › ".join(origin.names), after=" › ".join(new.names),
                              facts=facts)
                self._fields("pain-point", key, name, new, was, pain)
        if old is not None and old.touchpoint is not None:
            for pain in old.touchpoint.pains:
                key = _pain_key(pain, old)
                if key not in self.head_pains:
                    self._add("removed", "pain-point", key, pain.text, old,
                              facts={"severity": pain.severity,
                                     "evidence": len(pain.evidence)})

    def _metrics(self, old: Stage, new: Stage, place: _Place) -> None:
        before = {m.name: m for m in old.metrics}
        after = {m.name: m for m in new.metrics}
        for name in _merged(list(before), list(after)):
            o, n = before.get(name), after.get(name)
            metric = n or o
            assert metric is not None
            facts = _metric_facts(o, n)
            if o is None or n is None:
                self._add("added" if o is None else "removed", "metric", name, name, place,
                          before=o.value if o else None, after=n.value if n else None,
                          facts=facts)
                continue
            for field_name, was, now in _fields(o, n):
                self._add("changed", "metric", name, name, place, field=field_name,
                          before=was, after=now, direction=_direction_of(was, now),
                          facts=facts)

    def _actions_for_stages(self, before: Journey, after: Journey) -> None:
        stages = _merged([s.id for s in before.stages], [s.id for s in after.stages])
        old = {s.id: s for s in before.stages}
        new = {s.id: s for s in after.stages}
        for stage_id in stages:
            self._actions_at(old.get(stage_id), new.get(stage_id), stage_id)

    def _actions_at(self, old: Journey | Stage | None, new: Journey | Stage | None,
                    stage_id: str | None) -> None:
        """Action items of the journey as a whole (stage_id None) or of one stage."""
        if isinstance(new, Journey) or isinstance(old, Journey):
            if self.before is not None and self.after is not None:
                old_items, new_items = self.before.actions, self.after.actions
            else:
                return  # an added or removed journey is summed up as a whole
        else:
            old_items = old.actions if isinstance(old, Stage) else []
            new_items = new.actions if isinstance(new, Stage) else []
        for action in new_items:
            _, place = self.head_actions[action.id]
            facts = {"owner": action.owner, "status": action.status}
            journey_id = self.journey.id  # type: ignore[union-attr]
            if action.id not in self.base_actions:
                self._add("added", "action", action.id, action.title, place, facts=facts)
                for idea in taken_up(None, action, journey_id, self.ideas):
                    self._opportunity(idea, place)
                continue
            was, origin = self.base_actions[action.id]
            for idea in taken_up(was, action, journey_id, self.ideas):
                self._opportunity(idea, place)
            if origin.key != place.key:
                self._add("moved", "action", action.id, action.title, place, field="place",
                          before=origin.label(), after=place.label(), facts=facts)
            self._fields("action", action.id, action.title, place, was, action)
        for action in old_items:
            if action.id not in self.head_actions:
                _, place = self.base_actions[action.id]
                self._add("removed", "action", action.id, action.title, place,
                          facts={"owner": action.owner, "status": action.status})


def _direction_of(before: Any, after: Any) -> Literal["up", "down"] | None:
    numbers = (int, float)
    if (isinstance(before, numbers) and isinstance(after, numbers)
            and not isinstance(before, bool) and not isinstance(after, bool)):
        return _direction(before, after)
    return None


def _metric_facts(old: Metric | None, new: Metric | None) -> dict[str, Any]:
    metric = new or old
    assert metric is not None
    return {"target": metric.target, "unit": metric.unit, "better": metric.better,
            "on_track_before": old.on_track if old else None,
            "on_track_after": new.on_track if new else None}


def _elsewhere(tp_id: str, stage_id: str, there: dict[tuple[str, str], Touchpoint],
               here: dict[tuple[str, str], Touchpoint]) -> tuple[str, Touchpoint] | None:
    """The same touchpoint id in another stage of the other side (`there`), and gone from
    that stage on this side (`here`): a move between stages."""
    for (other_stage, other_id), touchpoint in there.items():
        if other_id == tp_id and other_stage != stage_id and (other_stage, tp_id) not in here:
            return other_stage, touchpoint
    return None


def _stage_of(journey: Journey, touchpoint: Touchpoint) -> Stage | None:
    for stage in journey.stages:
        if any(t is touchpoint for t in stage.touchpoints):
            return stage
    return None


def _stage_name(journey: Journey, stage_id: str) -> str:
    return next((s.name for s in journey.stages if s.id == stage_id), stage_id)


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
    base_actions, head_actions = _actions(base), _actions(head)
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
        changes = _JourneyDiffer(before, after, base_actions, head_actions, ideas).run()
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
            before=_emotion(before), after=_emotion(after), changes=changes))
    return result


def _compare_things(entity: Entity, old: dict[str, Any], new: dict[str, Any],
                    title: str) -> list[Change]:
    changes = []
    for thing_id in sorted(set(old) | set(new)):
        o, n = old.get(thing_id), new.get(thing_id)
        if o is not None and n is not None:
            changes += [Change(kind="changed", entity=entity, id=thing_id,
                               name=getattr(n, title), field=name, before=was, after=now,
                               direction=_direction_of(was, now))
                        for name, was, now in _fields(o, n)]
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


def _kinds(changes: list[Change]) -> dict[str, int]:
    """How many things were added, removed and changed (a thing counts once)."""
    kinds = {c.id: c.kind for c in changes}
    return {kind: n for kind in ("added", "removed", "changed")
            if (n := sum(k == kind for k in kinds.values()))}


def summarise(diff: MapDiff) -> Summary:
    summary = Summary(personas=_kinds(diff.personas), owners=_kinds(diff.owners),
                      problems=len(diff.problems))
    for journey in diff.journeys:
        if journey.status == "added":
            summary.journeys_added += 1
        elif journey.status == "removed":
            summary.journeys_removed += 1
        else:
            summary.journeys_changed += 1
        for change in journey.changes:
            summary.changes += 1
            if change.entity == "journey" and change.kind == "added":
                summary.new_high_pain_points += change.facts.get("high_pain_points", 0)
            if change.field == "emotion":
                summary.emotion_up += change.direction == "up"
                summary.emotion_down += change.direction == "down"
            if change.field == "status":
                summary.status_changes += 1
            if change.field == "taken_up_by" and change.after is not None:
                summary.opportunities_taken_up += 1
            if (change.entity == "pain-point" and change.kind == "added"
                    and change.facts.get("severity") == "high"):
                summary.new_high_pain_points += 1
    summary.changes += len(diff.personas) + len(diff.owners)
    return summary
