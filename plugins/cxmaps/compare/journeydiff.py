"""What changed inside one journey, thing by thing: stages, touchpoints, emotion,
pain points, metrics and action items (`cxmaps.compare.diff` compares the whole site)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from msgspec import Struct

from cxmaps.compare.changes import (
    Change,
    Emotion,
    Entity,
    Kind,
)
from cxmaps.compare.opportunitydiff import OpportunityChange, opportunity_changes, taken_up
from cxmaps.compare.values import (
    as_data,
    changed_fields,
    direction,
    direction_of,
    merged_order,
    reordered_ids,
)
from cxmaps.model.emotion import rounded_average, score_of
from cxmaps.model.maps import (
    ActionItem,
    Journey,
    Metric,
    PainPoint,
    Site,
    Stage,
    Touchpoint,
)


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


def actions_by_id(site: Site) -> dict[str, tuple[ActionItem, _Place]]:
    found: dict[str, tuple[ActionItem, _Place]] = {}
    for journey in site.journeys.values():
        for action in journey.actions:
            found.setdefault(action.id, (action, _Place(journey)))
        for stage in journey.stages:
            for action in stage.actions:
                found.setdefault(action.id, (action, _Place(journey, stage)))
    return found


def journey_emotion(journey: Journey | None) -> Emotion | None:
    if journey is None:
        return None
    cast = journey.all_personas
    return Emotion(average=rounded_average(journey),
                   personas={p: rounded_average(journey, p) for p in cast},
                   stages=[rounded_average(s, personas=cast) for s in journey.stages])


class JourneyDiffer:
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

    def _field_changes(self, entity: Entity, id: str, name: str, place: _Place, old: Struct,
                       new: Struct) -> None:
        for name_of_field, before, after in changed_fields(old, new):
            self._add("changed", entity, id, name, place, field=name_of_field, before=before,
                      after=after, direction=direction_of(before, after))

    def run(self) -> list[Change]:
        before, after = self.before, self.after
        if before is not None and after is not None:
            self._field_changes("journey", after.id, after.title, _Place(after), before, after)
            self._stages(before, after)
        self._actions_at(before, after, None)
        return self.changes

    def _stages(self, before: Journey, after: Journey) -> None:
        old = {s.id: s for s in before.stages}
        new = {s.id: s for s in after.stages}
        moved = reordered_ids(list(old), list(new))
        old_tps = {(s.id, t.key): t for s in before.stages for t in s.touchpoints}
        new_tps = {(s.id, t.key): t for s in after.stages for t in s.touchpoints}
        for stage_id in merged_order(list(old), list(new)):
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
            self._field_changes("stage", stage_id, n.name, place, o, n)
            self._touchpoints(o, n, old_tps, new_tps)
            self._metrics(o, n, place)
        self._actions_for_stages(before, after)

    def _touchpoints(self, old: Stage | None, new: Stage | None,
                     old_tps: dict[tuple[str, str], Touchpoint],
                     new_tps: dict[tuple[str, str], Touchpoint]) -> None:
        before, after = self.before, self.after
        old_ids = [t.key for t in old.touchpoints] if old else []
        new_ids = [t.key for t in new.touchpoints] if new else []
        reordered = reordered_ids(old_ids, new_ids)
        old_by = {t.key: t for t in old.touchpoints} if old else {}
        new_by = {t.key: t for t in new.touchpoints} if new else {}
        for tp_id in merged_order(old_ids, new_ids):
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
                        "emotion": as_data(n.emotion), "pain_points": len(n.pains)})
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
        self._field_changes("touchpoint", n.key, n.name, place, o, n)
        old_cast, new_cast = before.all_personas, after.all_personas
        for persona in dict.fromkeys([*new_cast, *old_cast]):
            was, now = score_of(o, persona, old_cast), score_of(n, persona, new_cast)
            if was != now:
                self._add("changed", "touchpoint", n.key, n.name, place, field="emotion",
                          persona=persona, before=was, after=now,
                          direction=direction(was, now))
        for idea in opportunity_changes(o.ideas, n.ideas):
            self._opportunity(idea, place)
        old_place = _Place(before, _stage_of(before, o), o)
        self._pains_at(old_place, place)

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
                self._field_changes("pain-point", key, name, new, was, pain)
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
        for name in merged_order(list(before), list(after)):
            o, n = before.get(name), after.get(name)
            metric = n or o
            assert metric is not None
            facts = _metric_facts(o, n)
            if o is None or n is None:
                self._add("added" if o is None else "removed", "metric", name, name, place,
                          before=o.value if o else None, after=n.value if n else None,
                          facts=facts)
                continue
            for field_name, was, now in changed_fields(o, n):
                self._add("changed", "metric", name, name, place, field=field_name,
                          before=was, after=now, direction=direction_of(was, now),
                          facts=facts)

    def _actions_for_stages(self, before: Journey, after: Journey) -> None:
        stages = merged_order([s.id for s in before.stages], [s.id for s in after.stages])
        old = {s.id: s for s in before.stages}
        new = {s.id: s for s in after.stages}
        for stage_id in stages:
            self._actions_at(old.get(stage_id), new.get(stage_id), stage_id)

    def _opportunity(self, change: OpportunityChange, place: _Place) -> None:
        self._add(change.kind, "opportunity", change.id, change.name, place,
                  field=change.field, before=change.before, after=change.after,
                  facts=change.facts)

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
            self._field_changes("action", action.id, action.title, place, was, action)
        for action in old_items:
            if action.id not in self.head_actions:
                _, place = self.base_actions[action.id]
                self._add("removed", "action", action.id, action.title, place,
                          facts={"owner": action.owner, "status": action.status})


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
