"""Each change of `cxmaps diff` phrased once, in a reviewer's words: parts that carry a
style but no markup, escaped and styled by each output in its own way."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from cxmaps.compare.changes import Change
from cxmaps.model.text import count
from cxmaps.publish.formats import quantity

Style = Literal["plain", "name", "old", "new", "up", "down", "warn", "id"]


@dataclass(frozen=True)
class Part:
    text: str
    style: Style = "plain"


@dataclass(frozen=True)
class Line:
    """One change as a sentence: where it is (stage › touchpoint), then what happened."""

    where: tuple[str, ...]
    parts: tuple[Part, ...]


def _value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value) or "none"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _short(str(value))


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _arrow(direction: str | None) -> list[Part]:
    if direction == "up":
        return [Part(" ▲", "up")]
    if direction == "down":
        return [Part(" ▼", "down")]
    return []


def from_to(before: Any, after: Any, direction: str | None = None) -> list[Part]:
    return [Part(_value(before), "old"), Part(" → "), Part(_value(after), "new"),
            *_arrow(direction)]


def _field_change(change: Change) -> list[Part]:
    label = (change.field or "").replace("_", " ")
    before, after = change.before, change.after
    if isinstance(before, list) and isinstance(after, list):
        added = [v for v in after if v not in before]
        removed = [v for v in before if v not in after]
        parts = [Part(f"{label}: ")]
        if added:
            parts += [Part("added "), Part(_value(added), "new")]
        if removed:
            parts += [Part("; " if added else ""), Part("removed "), Part(_value(removed), "old")]
        if not added and not removed:
            parts += [Part("reordered")]
        return parts
    return [Part(f"{label} "), *from_to(before, after, change.direction)]


_ENTITY = {"pain-point": "pain point", "action": "action item"}


def _thing(change: Change) -> list[Part]:
    return [Part(f"{_ENTITY.get(change.entity, change.entity)} "),
            Part(_short(change.name), "name")]


def _evidence_note(facts: dict[str, Any]) -> list[Part]:
    sources = facts.get("evidence", 0)
    if not sources:
        return [Part(" ("), Part("no evidence", "warn"), Part(")")]
    return [Part(f" ({count(sources, 'evidence source')})")]


def _metric(value: Any, facts: dict[str, Any]) -> str:
    """A metric's value with its unit, as the pages write it ("62%", "$31.5", "131 s")."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return quantity(value, facts.get("unit"))
    return _value(value)


def _track(on_track: bool | None) -> str:
    return {True: "on track", False: "off track"}.get(on_track, "") if on_track is not None else ""


def _describe_metric(change: Change) -> list[Part]:
    facts = change.facts
    target = facts.get("target")
    after_track, before_track = facts.get("on_track_after"), facts.get("on_track_before")
    note = ""
    if target is not None:
        note = f" (target {_metric(target, facts)}, {facts.get('better', 'higher')} is better"
        if after_track is not None:
            verdict = _track(after_track)
            if before_track is not None and before_track != after_track:
                verdict = f"now {verdict}"
            note += f"; {verdict}"
        note += ")"
    if change.kind == "added":
        return [Part("new metric "), Part(change.name, "name"), Part(": "),
                Part(_metric(change.after, facts), "new"), Part(note)]
    if change.kind == "removed":
        return [Part("metric "), Part(change.name, "name"), Part(" removed")]
    if change.field == "value":
        trend = change.direction
        better = facts.get("better", "higher")
        style: Style = "plain"
        if trend is not None:
            style = "up" if (trend == "up") == (better == "higher") else "down"
        return [Part("metric "), Part(change.name, "name"), Part(" "),
                Part(_metric(change.before, facts), "old"), Part(" → "),
                Part(_metric(change.after, facts), "new"),
                *([Part(" ▲" if trend == "up" else " ▼", style)] if trend else []),
                Part(note)]
    return [Part("metric "), Part(change.name, "name"), Part(": "), *_field_change(change)]


def _describe_pain(change: Change) -> list[Part]:
    severity = change.facts.get("severity", "medium")
    if change.kind == "added":
        return [Part("new "), Part(severity, "warn" if severity == "high" else "plain"),
                Part(" pain point "), Part(_short(change.name), "name"),
                *_evidence_note(change.facts)]
    if change.kind == "removed":
        return [Part(f"{severity} pain point "), Part(_short(change.name), "name"),
                Part(" removed")]
    if change.kind == "moved":
        return [*_thing(change), Part(" moved here from "), Part(_value(change.before), "old")]
    return [*_thing(change), Part(": "), *_field_change(change)]


def _describe_action(change: Change) -> list[Part]:
    if change.kind == "added":
        return [Part("new action item "), Part(_short(change.name), "name"),
                Part(f" ({change.facts.get('status')}, owner "),
                Part(str(change.facts.get("owner")), "id"), Part(")")]
    if change.kind == "removed":
        return [*_thing(change), Part(" removed")]
    if change.kind == "moved":
        return [*_thing(change), Part(" moved here from "), Part(_value(change.before), "old")]
    if change.field == "status":
        return [Part("action "), Part(change.id, "id"), Part(": "),
                *from_to(change.before, change.after)]
    return [*_thing(change), Part(": "), *_field_change(change)]


def _describe_touchpoint(change: Change) -> list[Part]:
    if change.kind == "added":
        pains = change.facts.get("pain_points", 0)
        return [Part("new touchpoint "), Part(_short(change.name), "name"),
                Part(f" (emotion {_value(change.facts.get('emotion'))}"
                     + (f", {count(pains, 'pain point')})" if pains else ")"))]
    if change.kind == "removed":
        return [*_thing(change), Part(" removed")]
    if change.kind == "moved" and change.field == "stage":
        return [Part("moved here from stage "), Part(_value(change.before), "old")]
    if change.kind == "moved":
        return [Part("moved from position "), *from_to(change.before, change.after)]
    return _field_change(change)


def _scores(facts: dict[str, Any]) -> list[Part]:
    if not facts.get("scored"):
        return []
    return [Part(f" ({facts.get('impact')} impact, {facts.get('effort')} effort)")]


def _describe_opportunity(change: Change) -> list[Part]:
    """Opportunities as a portfolio reads them: new, gone, re-scored, taken up."""
    if change.kind == "added":
        return [Part("new opportunity "), Part(_short(change.name), "name"),
                *_scores(change.facts)]
    if change.kind == "removed":
        return [Part("opportunity "), Part(_short(change.name), "name"), Part(" removed")]
    if change.field == "taken_up_by":
        facts = change.facts
        if change.after is None:
            return [*_thing(change), Part(" no longer taken up by action "),
                    Part(str(change.before), "old")]
        return [*_thing(change), Part(" taken up by action "), Part(str(change.after), "new"),
                Part(f" ({facts.get('status')}, owner "), Part(str(facts.get("owner")), "id"),
                Part(")")]
    if change.field == "id" and change.before is None:
        return [*_thing(change), Part(" given the id "), Part(str(change.after), "new"),
                Part(" (action items can take it up)")]
    if change.field in ("impact", "effort"):
        return [*_thing(change), Part(f" re-scored: {change.field} "),
                *from_to(change.before, change.after)]
    return [*_thing(change), Part(": "), *_field_change(change)]


_PLACEMENT = {"phase": "lifecycle phase", "parent": "zooms into"}


def _describe_journey(change: Change) -> list[Part]:
    facts = change.facts
    if change.kind == "added":
        high = facts.get("high_pain_points", 0)
        return [Part(f"new journey: {facts.get('stages', 0)} stages, "
                     f"{facts.get('touchpoints', 0)} touchpoints, "
                     f"{facts.get('pain_points', 0)} pain points"),
                *([Part(" ("), Part(f"{high} high", "warn"), Part(")")] if high else []),
                Part(f", {facts.get('actions', 0)} action items")]
    if change.kind == "removed":
        return [Part("journey removed", "old")]
    if change.kind == "renamed":
        return [Part("id "), *from_to(change.before, change.after),
                Part(" (its pages and links move)")]
    if change.field in _PLACEMENT:  # where the journey sits among the others
        return [Part(f"{_PLACEMENT[change.field]} "), *from_to(change.before, change.after)]
    return _field_change(change)


def _describe_stage(change: Change) -> list[Part]:
    if change.kind == "added":
        touchpoints = change.facts.get("touchpoints", 0)
        return [Part("new stage "), Part(change.name, "name"),
                Part(f" ({count(touchpoints, 'touchpoint')})")]
    if change.kind == "removed":
        return [Part("stage "), Part(change.name, "name"), Part(" removed", "old")]
    if change.kind == "moved":
        return [Part("stage moved from position "), *from_to(change.before, change.after)]
    if change.kind == "renamed":
        return [Part("stage file renamed "), *from_to(change.before, change.after)]
    return _field_change(change)


def describe(change: Change) -> list[Part]:
    """What happened, in a reviewer's words."""
    if change.entity == "metric":
        return _describe_metric(change)
    if change.entity == "pain-point":
        return _describe_pain(change)
    if change.entity == "action":
        return _describe_action(change)
    if change.entity == "touchpoint":
        return _describe_touchpoint(change)
    if change.entity == "journey":
        return _describe_journey(change)
    if change.entity == "stage":
        return _describe_stage(change)
    if change.entity == "opportunity":
        return _describe_opportunity(change)
    # personas and owners
    if change.kind in ("added", "removed"):
        return [Part(f"{change.entity} {change.kind}: " if change.kind == "removed"
                     else f"new {change.entity} "), Part(change.name, "name")]
    return [Part(change.name, "name"), Part(": "), *_field_change(change)]


def lines(changes: Sequence[Change], names: dict[str, str]) -> list[Line]:
    """Every change as a line; emotion changes of several personas at one touchpoint by the
    same amount read as one line naming them all."""
    result: list[Line] = []
    grouped: list[tuple[Change, list[str]]] = []
    for change in changes:
        last = grouped[-1][0] if grouped else None
        if (change.field == "emotion" and last is not None and last.field == "emotion"
                and (last.stage, last.touchpoint, last.before, last.after)
                == (change.stage, change.touchpoint, change.before, change.after)):
            grouped[-1][1].append(change.persona or "")
        else:
            grouped.append((change, [change.persona] if change.persona else []))
    for change, personas in grouped:
        parts = describe(change)
        if change.field == "emotion":
            who = ", ".join(names.get(p, p) for p in personas)
            parts = [Part("emotion "), *from_to(change.before, change.after,
                                                 change.direction), Part(f" ({who})")]
        result.append(Line(tuple(change.where), tuple(parts)))
    return result
