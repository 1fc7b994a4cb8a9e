"""The changes of `cxmaps.diff` as a reviewer reads them: a pull-request comment
(Markdown), a terminal report, or JSON.

Each change is phrased once (`describe`), as parts that carry a style but no markup; the
Markdown template and the terminal report each escape and style the parts their own way,
so a map string is never markup and never a terminal control sequence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import click
import msgspec

from ..diff import Change, Emotion, JourneyChanges, MapDiff, Revision, Summary
from .formats import count, quantity
from .templating import render

Style = Literal["plain", "name", "old", "new", "up", "down", "warn", "id"]
COMMENT_MARKER = "<!-- cxmaps-diff -->"
"""The first line of the pull-request comment, by which a workflow finds it to update."""
MAX_COMMENT_LINES = 600
"""GitHub refuses comments over 65,536 characters; beyond this many change lines the
comment points to the full report."""


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


def _from_to(before: Any, after: Any, direction: str | None = None) -> list[Part]:
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
    return [Part(f"{label} "), *_from_to(before, after, change.direction)]


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
                *_from_to(change.before, change.after)]
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
        return [Part("moved from position "), *_from_to(change.before, change.after)]
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
                *_from_to(change.before, change.after)]
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
        return [Part("id "), *_from_to(change.before, change.after),
                Part(" (its pages and links move)")]
    if change.field in _PLACEMENT:  # where the journey sits among the others
        return [Part(f"{_PLACEMENT[change.field]} "), *_from_to(change.before, change.after)]
    return _field_change(change)


def _describe_stage(change: Change) -> list[Part]:
    if change.kind == "added":
        touchpoints = change.facts.get("touchpoints", 0)
        return [Part("new stage "), Part(change.name, "name"),
                Part(f" ({count(touchpoints, 'touchpoint')})")]
    if change.kind == "removed":
        return [Part("stage "), Part(change.name, "name"), Part(" removed", "old")]
    if change.kind == "moved":
        return [Part("stage moved from position "), *_from_to(change.before, change.after)]
    if change.kind == "renamed":
        return [Part("stage file renamed "), *_from_to(change.before, change.after)]
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
            parts = [Part("emotion "), *_from_to(change.before, change.after,
                                                 change.direction), Part(f" ({who})")]
        result.append(Line(tuple(change.where), tuple(parts)))
    return result


_BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(scores: Iterable[float | None]) -> str:
    """A stage-by-stage emotion line in block characters (1 lowest, 5 highest); a stage
    nobody scores is a gap."""
    marks = []
    for score in scores:
        if score is None:
            marks.append(" ")
        else:
            marks.append(_BLOCKS[round((min(max(score, 1), 5) - 1) / 4 * (len(_BLOCKS) - 1))])
    return "".join(marks)


@dataclass(frozen=True)
class JourneyView:
    journey: JourneyChanges
    lines: list[Line]
    emotion: list[Part]
    """The average emotion before → after, with the curves."""


def _emotion_parts(before: Emotion | None, after: Emotion | None) -> list[Part]:
    if before is None and after is None:
        return []
    old = before.average if before else None
    new = after.average if after else None
    direction = None
    if old is not None and new is not None and old != new:
        direction = "up" if new > old else "down"
    parts = [Part("average emotion "), *_from_to(old, new, direction)]
    curves = [sparkline(e.stages) if e else "" for e in (before, after)]
    if any(curves):
        parts += [Part("   "), Part(curves[0] or "—", "old"), Part(" → "),
                  Part(curves[1] or "—", "new")]
    return parts


def journey_views(diff: MapDiff, limit: int | None = None) -> tuple[list[JourneyView], int]:
    """The journeys' changes as lines, at most `limit` lines in all; and how many lines
    did not fit."""
    views, shown, left = [], 0, 0
    for journey in diff.journeys:
        all_lines = lines(journey.changes, diff.names)
        room = len(all_lines) if limit is None else max(limit - shown, 0)
        views.append(JourneyView(journey, all_lines[:room],
                                 _emotion_parts(journey.before, journey.after)))
        shown += min(room, len(all_lines))
        left += len(all_lines) - min(room, len(all_lines))
    return views, left


def headline(summary: Summary) -> str:
    """The summary line: counts only, no map strings."""
    parts = []
    journeys = [f"{summary.journeys_changed} changed" if summary.journeys_changed else "",
                f"{summary.journeys_added} added" if summary.journeys_added else "",
                f"{summary.journeys_removed} removed" if summary.journeys_removed else ""]
    if any(journeys):
        total = summary.journeys_changed + summary.journeys_added + summary.journeys_removed
        parts.append(f"{'journey' if total == 1 else 'journeys'}: "
                     + ", ".join(j for j in journeys if j))
    for what, counts in (("persona", summary.personas), ("owner", summary.owners)):
        if any(counts.values()):
            total = sum(counts.values())
            parts.append(f"{what if total == 1 else what + 's'}: " + ", ".join(
                f"{n} {kind}" for kind, n in counts.items() if n))
    if summary.emotion_up or summary.emotion_down:
        parts.append(f"emotion ▲ {summary.emotion_up} ▼ {summary.emotion_down}")
    if summary.new_high_pain_points:
        parts.append(count(summary.new_high_pain_points, "new high pain point"))
    if summary.status_changes:
        parts.append(count(summary.status_changes, "action status change"))
    if summary.problems:
        parts.append(count(summary.problems, "file problem"))
    return "; ".join(parts) if parts else "no changes to the maps"


def revision_label(revision: Revision) -> str:
    if revision.commit is None:
        return revision.label
    short = revision.commit[:7]
    return short if revision.label in (revision.commit, short) else f"{revision.label} ({short})"


# --- formats ---------------------------------------------------------------------------------


def as_json(diff: MapDiff) -> str:
    return msgspec.json.format(msgspec.json.encode(diff), indent=2).decode()


def as_markdown(diff: MapDiff) -> str:
    """A pull-request comment: the summary, then each journey in a collapsible section."""
    views, left = journey_views(diff, MAX_COMMENT_LINES)
    return render("_review-comment.md.j2",
        diff=diff, headline=headline(diff.summary),
        base=revision_label(diff.base), head=revision_label(diff.head), views=views,
        left=left, personas=lines(diff.personas, diff.names),
        owners=lines(diff.owners, diff.names))


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    """A map string made safe for a terminal: control characters (escape sequences,
    carriage returns, bidirectional overrides) shown as `\\xNN`, never obeyed."""
    text = text.replace("\n", " ").replace("\t", " ")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                        else f"\\u{ord(m.group()):04x}", text)


_STYLES: dict[str, dict[str, Any]] = {
    "name": {"bold": True}, "old": {"fg": "red"}, "new": {"fg": "green"},
    "up": {"fg": "green", "bold": True}, "down": {"fg": "red", "bold": True},
    "warn": {"fg": "yellow", "bold": True}, "id": {"fg": "cyan"},
}


def _term_line(line: Line, style: Callable[..., str]) -> str:
    where = style(terminal_text(" › ".join(line.where)), bold=True) + ": " if line.where else ""
    return where + "".join(style(terminal_text(p.text), **_STYLES.get(p.style, {}))
                           for p in line.parts)


def as_text(diff: MapDiff, style: Callable[..., str] = click.style) -> str:
    """The terminal report (`style` colours it; `cxmaps.output.plain` does not)."""
    out = [style(f"Map changes from {terminal_text(revision_label(diff.base))} to "
                 f"{terminal_text(revision_label(diff.head))}: ", bold=True)
           + headline(diff.summary)]
    views, _ = journey_views(diff)
    for view in views:
        journey = view.journey
        out += ["", style(terminal_text(journey.title), bold=True)
                + f" ({terminal_text(journey.id)}, {journey.status}"
                + (f", owner {terminal_text(journey.owner)})" if journey.owner else ")")]
        if view.emotion:
            out.append("  " + _term_line(Line((), tuple(view.emotion)), style))
        out += ["  " + _term_line(line, style) for line in view.lines]
    for title, changes in (("Personas", diff.personas), ("Owners", diff.owners)):
        if changes:
            out += ["", style(title, bold=True)]
            out += ["  " + _term_line(line, style) for line in lines(changes, diff.names)]
    if diff.problems:
        out += ["", style("Files that do not load", bold=True)]
        for p in diff.problems:
            where = p.file + (f":{p.line}" if p.line else "") + (
                f":{p.column}" if p.line and p.column else "")
            out.append(f"  {p.side}: {terminal_text(where)}: "
                       + style("error", fg="red", bold=True)
                       + f": {p.code} {terminal_text(p.message)}")
    return "\n".join(out)


FORMATS = ("text", "markdown", "json")
